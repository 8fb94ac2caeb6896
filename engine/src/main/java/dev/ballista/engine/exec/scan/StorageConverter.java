package dev.ballista.engine.exec.scan;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Turns a vector read from a file into the engine's storage for its type: DECIMAL(p<=18) from Decimal128 to
 * scaled longs (one pass over the low words), timestamps to microseconds; everything else moves over unchanged.
 */
final class StorageConverter {
  private StorageConverter() {}

  static FieldVector toStorage(FieldVector in, DataType type, BufferAllocator allocator) {
    ArrowType arrow = in.getField().getType();
    int rows = in.getValueCount();
    if (type.isLongDecimal() && arrow instanceof ArrowType.Decimal) {
      BigIntVector out = Vectors.allocateLongs(type, rows, allocator);
      ArrowBuf src = in.getDataBuffer();
      ArrowBuf dst = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        dst.setLong((long) i << 3, src.getLong((long) i << 4));
      }
      copyValidity(in, out, rows);
      out.setValueCount(rows);
      in.close();
      return out;
    }
    if (type.kind() == DataType.Kind.TIMESTAMP && arrow instanceof ArrowType.Timestamp ts
        && ts.getUnit() != TimeUnit.MICROSECOND) {
      BigIntVector out = Vectors.allocateLongs(type, rows, allocator);
      TimeStampVector t = (TimeStampVector) in;
      for (int i = 0; i < rows; i++) {
        long v = t.getDataBuffer().getLong((long) i << 3);
        out.getDataBuffer().setLong((long) i << 3, switch (ts.getUnit()) {
          case SECOND -> v * 1_000_000L;
          case MILLISECOND -> v * 1_000L;
          case NANOSECOND -> Math.floorDiv(v, 1_000L);
          case MICROSECOND -> v;
        });
      }
      copyValidity(in, out, rows);
      out.setValueCount(rows);
      in.close();
      return out;
    }
    TransferPair pair = in.getTransferPair(allocator);
    pair.transfer();
    return (FieldVector) pair.getTo();
  }

  private static void copyValidity(FieldVector from, FieldVector to, int rows) {
    ArrowBuf validity = Vectors.validityOrNull(from);
    if (validity == null) {
      Vectors.setAllValid(to, rows);
    } else {
      Vectors.andValidity(to.getValidityBuffer(), validity, null, rows);
    }
  }
}
