package dev.ballista.engine.exec.scan;

import com.google.protobuf.CodedOutputStream;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.types.RowSchema;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Scan predicates as the Substrait ExtendedExpression that Arrow Dataset takes as a scan filter (and uses to prune
 * Parquet row groups by their statistics). Written field by field with protobuf's wire format, following Substrait
 * 0.44's extended_expression, algebra and type protos; the field numbers are named below. Only what predicates
 * need is encoded: the files' schema, column references, integer and date literals, comparisons and AND.
 */
final class SubstraitFilter {
  private static final String COMPARISON_URI =
      "https://github.com/substrait-io/substrait/blob/main/extensions/functions_comparison.yaml";
  private static final String BOOLEAN_URI =
      "https://github.com/substrait-io/substrait/blob/main/extensions/functions_boolean.yaml";
  private static final ComparisonExpr.Op[] OPS = {ComparisonExpr.Op.EQ, ComparisonExpr.Op.LT, ComparisonExpr.Op.LE,
      ComparisonExpr.Op.GT, ComparisonExpr.Op.GE};
  private static final String[] FUNCTIONS = {"equal", "lt", "lte", "gt", "gte"};
  /** Function anchors: 1..5 the comparisons above, 6 AND. */
  private static final int AND_ANCHOR = 6;
  private static final int NULLABLE = 1;

  private SubstraitFilter() {}

  /**
   * The filter as a direct buffer, or null when nothing can be sent: the file schema has a type this encoder does
   * not write, or no predicate's column is in the files with an integer or date type. Columns are found by name
   * in the files' schema, which a table may declare only part of.
   */
  static ByteBuffer encode(Schema files, RowSchema table, List<ScanPredicate> predicates) {
    for (Field f : files.getFields()) {
      if (typeField(f.getType()) == 0) {
        return null;
      }
    }
    List<Message> comparisons = new ArrayList<>();
    for (ScanPredicate p : predicates) {
      String name = table.column(p.column()).name();
      for (int i = 0; i < files.getFields().size(); i++) {
        Field f = files.getFields().get(i);
        Message literal = f.getName().equalsIgnoreCase(name) ? literal(f.getType(), p.value()) : null;
        if (literal != null) {
          comparisons.add(comparison(p.op(), i, literal));
          break;
        }
      }
    }
    if (comparisons.isEmpty()) {
      return null;
    }
    Message root = new Message();
    root.message(1, new Message().uint(1, 1).string(2, COMPARISON_URI)); // extension_uris
    root.message(1, new Message().uint(1, 2).string(2, BOOLEAN_URI));
    for (int f = 0; f < FUNCTIONS.length; f++) {
      // extensions: SimpleExtensionDeclaration.extension_function (3) {uri ref 1, anchor 2, name 3}
      root.message(2, new Message().message(3, new Message().uint(1, 1).uint(2, f + 1).string(3, FUNCTIONS[f])));
    }
    root.message(2, new Message().message(3, new Message().uint(1, 2).uint(2, AND_ANCHOR).string(3, "and")));
    Message condition = comparisons.size() == 1 ? comparisons.get(0) : and(comparisons);
    root.message(3, new Message().message(1, condition).string(3, "filter")); // referred_expr {expression, name}
    root.message(4, namedStruct(files)); // base_schema
    byte[] bytes = root.toBytes();
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
    buffer.put(bytes).flip();
    return buffer;
  }

  private static Message and(List<Message> comparisons) {
    Message call = new Message().uint(1, AND_ANCHOR);
    for (Message c : comparisons) {
      call.message(4, new Message().message(3, c)); // arguments: FunctionArgument.value
    }
    call.message(3, booleanType());
    return new Message().message(3, call); // Expression.scalar_function
  }

  private static Message comparison(ComparisonExpr.Op op, int column, Message literal) {
    int anchor = java.util.Arrays.asList(OPS).indexOf(op) + 1;
    if (anchor == 0) {
      throw new IllegalArgumentException("no pushed-down form for " + op);
    }
    Message call = new Message().uint(1, anchor)
        .message(4, new Message().message(3, column(column)))
        .message(4, new Message().message(3, literal))
        .message(3, booleanType());
    return new Message().message(3, call);
  }

  /** Expression.selection: FieldReference {direct_reference: struct_field {field}, root_reference {}}. */
  private static Message column(int index) {
    Message field = new Message().message(2, new Message().int32(1, index));
    return new Message().message(2, new Message().message(1, field).message(4, new Message()));
  }

  /**
   * Expression.literal of the file column's type: i32 (5), i64 (7) or date (16); null when the column is of
   * another type or the value does not fit it.
   */
  private static Message literal(ArrowType type, long value) {
    Message literal = new Message();
    if (type instanceof ArrowType.Int i && i.getIsSigned() && i.getBitWidth() == 64) {
      literal.int64(7, value);
    } else if (type instanceof ArrowType.Int i && i.getIsSigned() && i.getBitWidth() == 32 && value == (int) value) {
      literal.int32(5, (int) value);
    } else if (type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY && value == (int) value) {
      literal.int32(16, (int) value);
    } else {
      return null;
    }
    return new Message().message(1, literal);
  }

  private static Message booleanType() {
    return new Message().message(1, new Message().uint(2, NULLABLE));
  }

  /** NamedStruct {names 1, struct 2: Type.Struct {types 1, nullability 3}}. */
  private static Message namedStruct(Schema files) {
    Message struct = new Message();
    Message named = new Message();
    for (Field f : files.getFields()) {
      named.string(1, f.getName());
      struct.message(1, type(f.getType()));
    }
    struct.uint(3, 2); // the struct itself is required
    return named.message(2, struct);
  }

  /** Type {kind}: each simple kind is a message {type_variation_reference 1, nullability 2}. */
  private static Message type(ArrowType type) {
    Message kind = new Message();
    if (type instanceof ArrowType.Decimal d) {
      kind.int32(1, d.getScale()).int32(2, d.getPrecision()).uint(4, NULLABLE);
    } else {
      kind.uint(2, NULLABLE);
    }
    return new Message().message(typeField(type), kind);
  }

  /** The Type.kind field of an Arrow type, 0 for types not written here. */
  private static int typeField(ArrowType type) {
    return switch (type) {
      case ArrowType.Bool b -> 1;
      case ArrowType.Int i when i.getIsSigned() -> switch (i.getBitWidth()) {
        case 8 -> 2;
        case 16 -> 3;
        case 32 -> 5;
        case 64 -> 7;
        default -> 0;
      };
      case ArrowType.FloatingPoint f -> f.getPrecision() == FloatingPointPrecision.SINGLE ? 10
          : f.getPrecision() == FloatingPointPrecision.DOUBLE ? 11 : 0;
      case ArrowType.Utf8 u -> 12;
      case ArrowType.Date d when d.getUnit() == DateUnit.DAY -> 16;
      case ArrowType.Decimal d when d.getBitWidth() == 128 -> 24;
      default -> 0;
    };
  }

  /** A protobuf message being written: fields in the order added. */
  private static final class Message {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

    Message uint(int field, int value) {
      return write(() -> out.writeUInt32(field, value));
    }

    Message int32(int field, int value) {
      return write(() -> out.writeInt32(field, value));
    }

    Message int64(int field, long value) {
      return write(() -> out.writeInt64(field, value));
    }

    Message string(int field, String value) {
      return write(() -> out.writeString(field, value));
    }

    Message message(int field, Message value) {
      byte[] nested = value.toBytes();
      return write(() -> out.writeByteArray(field, nested));
    }

    byte[] toBytes() {
      write(out::flush);
      return bytes.toByteArray();
    }

    private interface Write {
      void run() throws IOException;
    }

    private Message write(Write w) {
      try {
        w.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }
  }
}
