package dev.ballista.engine.expr;

import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.util.TransferPair;

/** Small vector helpers shared by expressions and operators. */
public final class Vectors {
  private Vectors() {}

  /** A zero-copy share of {@code v}: same buffers, reference counted, owned by the caller. */
  public static FieldVector share(FieldVector v, BufferAllocator allocator) {
    TransferPair pair = v.getTransferPair(allocator);
    pair.splitAndTransfer(0, v.getValueCount());
    return (FieldVector) pair.getTo();
  }

  /** A fixed-width vector with room for {@code rows} values, validity all unset (null) until written. */
  public static FieldVector allocate(DataType type, int rows, BufferAllocator allocator) {
    FieldVector v = ArrowTypes.newVector("", type, allocator);
    if (v instanceof BaseFixedWidthVector f) {
      f.allocateNew(Math.max(rows, 1));
    } else {
      v.setInitialCapacity(Math.max(rows, 1));
      v.allocateNew();
    }
    return v;
  }

  public static BigIntVector allocateLongs(DataType type, int rows, BufferAllocator allocator) {
    return (BigIntVector) allocate(type.storage() == DataType.Storage.INT64 ? type : DataType.BIGINT, rows, allocator);
  }

  public static Float8Vector allocateDoubles(int rows, BufferAllocator allocator) {
    return (Float8Vector) allocate(DataType.DOUBLE, rows, allocator);
  }

  public static BitVector allocateBits(int rows, BufferAllocator allocator) {
    return (BitVector) allocate(DataType.BOOLEAN, rows, allocator);
  }

  /** Marks every value valid. */
  public static void setAllValid(FieldVector v, int rows) {
    ArrowBuf validity = v.getValidityBuffer();
    int bytes = BitVectorHelper.getValidityBufferSize(rows);
    validity.setOne(0, bytes);
  }

  /** out.validity = a.validity AND b.validity (either may be null: all valid). */
  public static void andValidity(ArrowBuf out, ArrowBuf a, ArrowBuf b, int rows) {
    int bytes = BitVectorHelper.getValidityBufferSize(rows);
    int i = 0;
    for (; i + 8 <= bytes; i += 8) {
      long va = a == null ? -1L : a.getLong(i);
      long vb = b == null ? -1L : b.getLong(i);
      out.setLong(i, va & vb);
    }
    for (; i < bytes; i++) {
      byte va = a == null ? (byte) -1 : a.getByte(i);
      byte vb = b == null ? (byte) -1 : b.getByte(i);
      out.setByte(i, (byte) (va & vb));
    }
  }

  /** The validity buffer of v, or null when v has no nulls (callers then skip null handling). */
  public static ArrowBuf validityOrNull(FieldVector v) {
    return v.getNullCount() == 0 ? null : v.getValidityBuffer();
  }

  public static boolean isValid(ArrowBuf validity, int index) {
    return validity == null || ((validity.getByte(index >> 3) >> (index & 7)) & 1) != 0;
  }

  public static void setBit(ArrowBuf buf, int index, boolean value) {
    long byteIndex = index >> 3;
    byte b = buf.getByte(byteIndex);
    int mask = 1 << (index & 7);
    buf.setByte(byteIndex, value ? (b | mask) : (b & ~mask));
  }

  /** Sets bit {@code index} of a bitmap (one byte read and written; for loops that only ever set bits). */
  public static void setTrue(ArrowBuf bits, int index) {
    long byteIndex = index >> 3;
    bits.setByte(byteIndex, bits.getByte(byteIndex) | (1 << (index & 7)));
  }
}
