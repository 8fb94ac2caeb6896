package dev.ballista.engine.exec.agg;

import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.expr.ValueWriter;
import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;

/**
 * MIN, MAX or ANY_VALUE (the first value a group sees; the planner groups by a key and carries the columns it
 * determines this way). Integer-like and DECIMAL(p<=18) values keep a long per group, floating point a double; text, wide
 * decimals and booleans keep the value object (they are rare as MIN/MAX arguments).
 */
final class MinMaxAccumulator implements Accumulator {
  private final DataType type;
  private final boolean isMin;
  private final boolean any;
  private final Lane lane;
  private long[] longs = new long[0];
  private double[] doubles = new double[0];
  private Object[] objects = new Object[0];
  private boolean[] seen = new boolean[0];

  private enum Lane { LONG, DOUBLE, OBJECT }

  MinMaxAccumulator(DataType type, AggregateFunction function) {
    this.type = type;
    this.isMin = function == AggregateFunction.MIN;
    this.any = function == AggregateFunction.ANY_VALUE;
    this.lane = switch (type.storage()) {
      case INT8, INT16, INT32, INT64 -> Lane.LONG;
      case FLOAT32, FLOAT64 -> Lane.DOUBLE;
      default -> Lane.OBJECT;
    };
    ensureCapacity(16);
  }

  @Override
  public void ensureCapacity(int groups) {
    if (groups <= seen.length) {
      return;
    }
    int n = Math.max(groups, seen.length * 2);
    seen = Arrays.copyOf(seen, n);
    switch (lane) {
      case LONG -> longs = Arrays.copyOf(longs, n);
      case DOUBLE -> doubles = Arrays.copyOf(doubles, n);
      case OBJECT -> objects = Arrays.copyOf(objects, n);
    }
  }

  @Override
  public void update(int[] groupIds, int rows, FieldVector argument) {
    ArrowBuf validity = Vectors.validityOrNull(argument);
    ArrowBuf data = argument.getDataBuffer();
    switch (lane) {
      case LONG -> {
        DataType.Storage storage = type.storage();
        for (int i = 0; i < rows; i++) {
          if (validity != null && ((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
            continue;
          }
          long v = switch (storage) {
            case INT8 -> data.getByte(i);
            case INT16 -> data.getShort((long) i << 1);
            case INT32 -> data.getInt((long) i << 2);
            default -> data.getLong((long) i << 3);
          };
          int g = groupIds[i];
          if (!seen[g] || (!any && (isMin ? v < longs[g] : v > longs[g]))) {
            longs[g] = v;
            seen[g] = true;
          }
        }
      }
      case DOUBLE -> {
        boolean single = type.storage() == DataType.Storage.FLOAT32;
        for (int i = 0; i < rows; i++) {
          if (validity != null && ((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
            continue;
          }
          double v = single ? data.getFloat((long) i << 2) : data.getDouble((long) i << 3);
          int g = groupIds[i];
          if (!seen[g]
              || (!any && (isMin ? Double.compare(v, doubles[g]) < 0 : Double.compare(v, doubles[g]) > 0))) {
            doubles[g] = v;
            seen[g] = true;
          }
        }
      }
      case OBJECT -> {
        ValueReader reader = ValueReader.of(argument, type);
        for (int i = 0; i < rows; i++) {
          int g = groupIds[i];
          if (any && seen[g]) {
            continue; // no value object for rows that cannot change the result
          }
          Object v = reader.get(i);
          if (v == null) {
            continue;
          }
          if (!seen[g] || (!any && better(v, objects[g]))) {
            objects[g] = v;
            seen[g] = true;
          }
        }
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean better(Object v, Object current) {
    int cmp = ((Comparable) v).compareTo(current);
    return isMin ? cmp < 0 : cmp > 0;
  }

  @Override
  public FieldVector result(int from, int count, BufferAllocator allocator) {
    FieldVector out = Vectors.allocate(type, count, allocator);
    ValueWriter writer = ValueWriter.of(out, type);
    for (int i = 0; i < count; i++) {
      int g = from + i;
      if (!seen[g]) {
        writer.set(i, null);
        continue;
      }
      writer.set(i, switch (lane) {
        case LONG -> longs[g];
        case DOUBLE -> doubles[g];
        case OBJECT -> objects[g];
      });
    }
    out.setValueCount(count);
    return out;
  }
}
