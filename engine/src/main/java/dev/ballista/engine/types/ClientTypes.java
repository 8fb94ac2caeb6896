package dev.ballista.engine.types;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntervalDayVector;
import org.apache.arrow.vector.IntervalYearVector;
import org.apache.arrow.vector.types.IntervalUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The Arrow types clients receive: the engine's storage, except that DECIMAL is always Arrow Decimal128 (clients
 * cannot know that a BIGINT column holds scaled decimals) and intervals are Arrow intervals (the engine keeps them
 * as plain integers: milliseconds for day-time, months for year-month).
 */
public final class ClientTypes {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private ClientTypes() {}

  public static ArrowType arrowType(DataType type) {
    if (type.kind() == DataType.Kind.DECIMAL) {
      return new ArrowType.Decimal(type.precision(), type.scale(), 128);
    }
    if (type.kind() == DataType.Kind.NULL) {
      return ArrowType.Null.INSTANCE;
    }
    if (type.kind() == DataType.Kind.INTERVAL_DAY_TIME) {
      return new ArrowType.Interval(IntervalUnit.DAY_TIME);
    }
    if (type.kind() == DataType.Kind.INTERVAL_YEAR_MONTH) {
      return new ArrowType.Interval(IntervalUnit.YEAR_MONTH);
    }
    return ArrowTypes.storageType(type);
  }

  public static Schema schema(RowSchema schema) {
    List<Field> fields = new ArrayList<>();
    for (Column c : schema.columns()) {
      fields.add(new Field(c.name(), new FieldType(c.nullable(), arrowType(c.type()), null), null));
    }
    return new Schema(fields);
  }

  /** Converts an engine vector to what clients receive (takes ownership of {@code v}). */
  public static FieldVector convert(FieldVector v, Column column, BufferAllocator allocator) {
    DataType type = column.type();
    Field field = new Field(column.name(), new FieldType(true, arrowType(type), null), null);
    if (type.isLongDecimal()) {
      int rows = v.getValueCount();
      DecimalVector out = (DecimalVector) field.createVector(allocator);
      out.allocateNew(Math.max(rows, 1));
      ArrowBuf src = v.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        long x = src.getLong((long) i << 3);
        dst.setLong((long) i << 4, x);
        dst.setLong(((long) i << 4) + 8, x >> 63);
      }
      out.getValidityBuffer().setBytes(0, v.getValidityBuffer(), 0, (rows + 7) / 8);
      out.setValueCount(rows);
      v.close();
      return out;
    }
    if (type.kind() == DataType.Kind.INTERVAL_DAY_TIME) {
      return dayTimeInterval(v, field, allocator);
    }
    if (type.kind() == DataType.Kind.INTERVAL_YEAR_MONTH) {
      // Same layout (validity, 32-bit months): copy the buffers under the interval type.
      int rows = v.getValueCount();
      IntervalYearVector out = (IntervalYearVector) field.createVector(allocator);
      out.allocateNew(Math.max(rows, 1));
      out.getDataBuffer().setBytes(0, v.getDataBuffer(), 0, (long) rows * IntervalYearVector.TYPE_WIDTH);
      out.getValidityBuffer().setBytes(0, v.getValidityBuffer(), 0, (rows + 7) / 8);
      out.setValueCount(rows);
      v.close();
      return out;
    }
    if (type.kind() == DataType.Kind.NULL) {
      FieldVector out = field.createVector(allocator);
      out.setValueCount(v.getValueCount());
      v.close();
      return out;
    }
    // Same storage: move the buffers under the client field (the name may differ).
    FieldVector out = field.createVector(allocator);
    TransferPair pair = v.makeTransferPair(out);
    pair.transfer();
    v.close();
    return out;
  }

  /** Milliseconds to Arrow's (days, milliseconds of the day) pairs, both with the sign of the interval. */
  private static FieldVector dayTimeInterval(FieldVector v, Field field, BufferAllocator allocator) {
    int rows = v.getValueCount();
    IntervalDayVector out = (IntervalDayVector) field.createVector(allocator);
    out.allocateNew(Math.max(rows, 1));
    ArrowBuf src = v.getDataBuffer();
    for (int i = 0; i < rows; i++) {
      if (!v.isNull(i)) {
        long millis = src.getLong((long) i << 3);
        out.set(i, Math.toIntExact(millis / MILLIS_PER_DAY), (int) (millis % MILLIS_PER_DAY));
      }
    }
    out.setValueCount(rows);
    v.close();
    return out;
  }
}
