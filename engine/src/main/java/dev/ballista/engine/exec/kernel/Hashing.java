package dev.ballista.engine.exec.kernel;

import dev.ballista.engine.expr.Vectors;
import dev.ballista.engine.types.DataType;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * Row hashes over key columns, combined column by column. The same function places rows in shuffle partitions
 * and in hash tables, so equal keys always meet; NULL hashes to a fixed value.
 */
public final class Hashing {
  private static final long SEED = 0x9E3779B97F4A7C15L;
  private static final long NULL_HASH = 0x1F2E3D4C5B6A7988L;

  private Hashing() {}

  /** hashes[i] = hash of row i over all {@code columns}. */
  public static void hashRows(FieldVector[] columns, DataType[] types, int rows, long[] hashes) {
    java.util.Arrays.fill(hashes, 0, rows, SEED);
    for (int c = 0; c < columns.length; c++) {
      combine(columns[c], types[c], rows, hashes);
    }
  }

  private static void combine(FieldVector v, DataType type, int rows, long[] hashes) {
    ArrowBuf data = v.getDataBuffer();
    ArrowBuf validity = Vectors.validityOrNull(v);
    switch (type.storage()) {
      case INT64, FLOAT64 -> {
        for (int i = 0; i < rows; i++) {
          hashes[i] = mix(hashes[i], data.getLong((long) i << 3));
        }
      }
      case INT32, FLOAT32 -> {
        for (int i = 0; i < rows; i++) {
          hashes[i] = mix(hashes[i], data.getInt((long) i << 2));
        }
      }
      case INT16 -> {
        for (int i = 0; i < rows; i++) {
          hashes[i] = mix(hashes[i], data.getShort((long) i << 1));
        }
      }
      case INT8 -> {
        for (int i = 0; i < rows; i++) {
          hashes[i] = mix(hashes[i], data.getByte(i));
        }
      }
      case BIT -> {
        for (int i = 0; i < rows; i++) {
          hashes[i] = mix(hashes[i], (data.getByte(i >> 3) >> (i & 7)) & 1);
        }
      }
      case DECIMAL128 -> {
        for (int i = 0; i < rows; i++) {
          hashes[i] = mix(mix(hashes[i], data.getLong((long) i << 4)), data.getLong(((long) i << 4) + 8));
        }
      }
      case UTF8 -> {
        ArrowBuf offsets = v.getOffsetBuffer();
        for (int i = 0; i < rows; i++) {
          int start = offsets.getInt((long) i << 2);
          int end = offsets.getInt((long) (i + 1) << 2);
          hashes[i] = mix(hashes[i], hashBytes(data, start, end));
        }
      }
    }
    if (validity != null) {
      for (int i = 0; i < rows; i++) {
        if (((validity.getByte(i >> 3) >> (i & 7)) & 1) == 0) {
          hashes[i] = mix(hashes[i] ^ NULL_HASH, NULL_HASH);
        }
      }
    }
  }

  public static long hashBytes(ArrowBuf data, int start, int end) {
    long h = 0xcbf29ce484222325L;
    int i = start;
    for (; i + 8 <= end; i += 8) {
      h = (h ^ data.getLong(i)) * 0x100000001b3L;
      h ^= h >>> 29;
    }
    for (; i < end; i++) {
      h = (h ^ (data.getByte(i) & 0xff)) * 0x100000001b3L;
    }
    return h;
  }

  /** One mixing step (a murmur3-style finalizer over the running hash and the value). */
  public static long mix(long h, long value) {
    long x = h * 31 + value;
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return x;
  }
}
