package dev.ballista.engine.types;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Maps engine types to the Arrow vectors that store them, and file schemas to engine types. */
public final class ArrowTypes {
  private ArrowTypes() {}

  /** The Arrow type a vector of this engine type is stored as inside the engine (and in shuffle files). */
  public static ArrowType storageType(DataType type) {
    return switch (type.storage()) {
      case BIT -> type.kind() == DataType.Kind.NULL ? ArrowType.Null.INSTANCE : ArrowType.Bool.INSTANCE;
      case INT8 -> new ArrowType.Int(8, true);
      case INT16 -> new ArrowType.Int(16, true);
      case INT32 -> type.kind() == DataType.Kind.DATE ? new ArrowType.Date(DateUnit.DAY) : new ArrowType.Int(32, true);
      case INT64 -> switch (type.kind()) {
        case TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
        case TIME -> new ArrowType.Time(TimeUnit.MICROSECOND, 64);
        default -> new ArrowType.Int(64, true);
      };
      case FLOAT32 -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case FLOAT64 -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL128 -> new ArrowType.Decimal(type.precision(), type.scale(), 128);
      case UTF8 -> ArrowType.Utf8.INSTANCE;
    };
  }

  public static Field storageField(String name, DataType type) {
    // NULL-typed columns are stored as nullable booleans: every value null, every operator can handle them.
    ArrowType arrow = type.kind() == DataType.Kind.NULL ? ArrowType.Bool.INSTANCE : storageType(type);
    return new Field(name, FieldType.nullable(arrow), null);
  }

  public static Schema storageSchema(RowSchema schema) {
    List<Field> fields = new ArrayList<>(schema.size());
    for (Column c : schema.columns()) {
      fields.add(storageField(c.name(), c.type()));
    }
    return new Schema(fields);
  }

  public static FieldVector newVector(String name, DataType type, BufferAllocator allocator) {
    return storageField(name, type).createVector(allocator);
  }

  /** The engine type of a column read from a file (Parquet, Arrow IPC). */
  public static DataType fromArrow(ArrowType arrow) {
    return switch (arrow.getTypeID()) {
      case Null -> DataType.NULL;
      case Bool -> DataType.BOOLEAN;
      case Int -> {
        ArrowType.Int i = (ArrowType.Int) arrow;
        yield switch (i.getBitWidth()) {
          case 8 -> i.getIsSigned() ? DataType.TINYINT : DataType.SMALLINT;
          case 16 -> i.getIsSigned() ? DataType.SMALLINT : DataType.INTEGER;
          case 32 -> i.getIsSigned() ? DataType.INTEGER : DataType.BIGINT;
          default -> DataType.BIGINT;
        };
      }
      case FloatingPoint -> ((ArrowType.FloatingPoint) arrow).getPrecision() == FloatingPointPrecision.DOUBLE
          ? DataType.DOUBLE : DataType.REAL;
      case Decimal -> {
        ArrowType.Decimal d = (ArrowType.Decimal) arrow;
        yield DataType.decimal(d.getPrecision(), d.getScale());
      }
      case Utf8, LargeUtf8, Utf8View -> DataType.VARCHAR;
      case Date -> DataType.DATE;
      case Time -> DataType.TIME;
      case Timestamp -> DataType.TIMESTAMP;
      case Interval -> ((ArrowType.Interval) arrow).getUnit() == IntervalUnit.YEAR_MONTH
          ? DataType.INTERVAL_YEAR_MONTH : DataType.INTERVAL_DAY_TIME;
      default -> throw new UnsupportedTypeException("Arrow type " + arrow + " is not supported");
    };
  }

  public static RowSchema fromArrow(Schema schema) {
    List<Column> columns = new ArrayList<>();
    for (Field f : schema.getFields()) {
      columns.add(new Column(f.getName(), fromArrow(f.getType()), f.isNullable()));
    }
    return new RowSchema(columns);
  }

  /** A file column whose type the engine cannot read. */
  public static final class UnsupportedTypeException extends RuntimeException {
    public UnsupportedTypeException(String message) {
      super(message);
    }
  }
}
