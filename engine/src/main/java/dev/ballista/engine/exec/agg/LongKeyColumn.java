package dev.ballista.engine.exec.agg;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/** Keys of every fixed-width type up to 8 bytes, stored as their bits in a long (doubles by their bit pattern). */
final class LongKeyColumn implements KeyColumn {
  private final DataType type;
  private long[] values = new long[64];
  private boolean[] nulls = new boolean[64];
  private int size;

  LongKeyColumn(DataType type) {
    this.type = type;
  }

  private long read(FieldVector v, int row) {
    ArrowBuf data = v.getDataBuffer();
    return switch (type.storage()) {
      case BIT -> (data.getByte(row >> 3) >> (row & 7)) & 1;
      case INT8 -> data.getByte(row);
      case INT16 -> data.getShort((long) row << 1);
      case INT32, FLOAT32 -> data.getInt((long) row << 2);
      default -> data.getLong((long) row << 3);
    };
  }

  @Override
  public void append(FieldVector input, int row) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      nulls = Arrays.copyOf(nulls, size * 2);
    }
    boolean isNull = input.isNull(row);
    nulls[size] = isNull;
    values[size] = isNull ? 0 : read(input, row);
    size++;
  }

  @Override
  public boolean matches(int group, FieldVector input, int row) {
    boolean isNull = input.isNull(row);
    return isNull ? nulls[group] : !nulls[group] && values[group] == read(input, row);
  }

  @Override
  public void verify(int[] groups, FieldVector input, int rows, boolean[] ok) {
    if (input.getNullCount() > 0 || type.storage() == DataType.Storage.BIT) {
      KeyColumn.super.verify(groups, input, rows, ok);
      return;
    }
    ArrowBuf data = input.getDataBuffer();
    switch (type.storage()) {
      case INT32, FLOAT32 -> {
        for (int i = 0; i < rows; i++) {
          int g = groups[i];
          ok[i] &= !nulls[g] && values[g] == data.getInt((long) i << 2);
        }
      }
      case INT64, FLOAT64 -> {
        for (int i = 0; i < rows; i++) {
          int g = groups[i];
          ok[i] &= !nulls[g] && values[g] == data.getLong((long) i << 3);
        }
      }
      default -> KeyColumn.super.verify(groups, input, rows, ok);
    }
  }

  @Override
  public FieldVector build(int from, int count, BufferAllocator allocator) {
    FieldVector out = Vectors.allocate(type, count, allocator);
    ArrowBuf data = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (nulls[g]) {
        continue;
      }
      long v = values[g];
      switch (type.storage()) {
        case BIT -> {
          if (v != 0) {
            Vectors.setBit(data, i, true);
          }
        }
        case INT8 -> data.setByte(i, (byte) v);
        case INT16 -> data.setShort((long) i << 1, (short) v);
        case INT32, FLOAT32 -> data.setInt((long) i << 2, (int) v);
        default -> data.setLong((long) i << 3, v);
      }
      Vectors.setBit(validity, i, true);
    }
    out.setValueCount(count);
    return out;
  }

}
