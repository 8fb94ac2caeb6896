package dev.ballista.engine.expr;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.types.DataType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/**
 * {@code input [NOT] LIKE pattern [ESCAPE e]} with a constant pattern. Patterns made of literal text and '%'
 * (the common case: prefix, suffix, contains) match on the UTF-8 bytes in place; patterns with '_' or an escape
 * fall back to a regular expression on the decoded string.
 */
public final class LikeExpr implements PhysicalExpr {
  private final PhysicalExpr input;
  private final String pattern;
  private final Character escape;
  private final boolean negated;
  private final byte[][] segments; // null when the regex path is used
  private final boolean anchoredStart;
  private final boolean anchoredEnd;
  private final Pattern regex;

  public LikeExpr(PhysicalExpr input, String pattern, Character escape, boolean negated) {
    this.input = input;
    this.pattern = pattern;
    this.escape = escape;
    this.negated = negated;
    if (escape == null && pattern.indexOf('_') < 0) {
      List<byte[]> parts = new ArrayList<>();
      for (String part : pattern.split("%", -1)) {
        parts.add(part.getBytes(StandardCharsets.UTF_8));
      }
      this.segments = parts.toArray(new byte[0][]);
      this.anchoredStart = !pattern.startsWith("%");
      this.anchoredEnd = !pattern.endsWith("%");
      this.regex = null;
    } else {
      this.segments = null;
      this.anchoredStart = true;
      this.anchoredEnd = true;
      this.regex = Pattern.compile(toRegex(pattern, escape), Pattern.DOTALL);
    }
  }

  public PhysicalExpr input() {
    return input;
  }

  public String pattern() {
    return pattern;
  }

  public Character escape() {
    return escape;
  }

  public boolean negated() {
    return negated;
  }

  static String toRegex(String pattern, Character escape) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (escape != null && c == escape) {
        if (i + 1 >= pattern.length()) {
          throw new QueryException(ErrorCode.VALIDATION_ERROR, "LIKE pattern ends with the escape character");
        }
        sb.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        sb.append(".*");
      } else if (c == '_') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return sb.toString();
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    BitVector out = Vectors.allocateBits(rows, context.allocator());
    try (FieldVector v = input.evaluate(batch, context)) {
      LongLane.copyValidity(v, out, rows);
      ArrowBuf offsets = v.getOffsetBuffer();
      ArrowBuf data = v.getDataBuffer();
      ArrowBuf bits = out.getDataBuffer();
      for (int i = 0; i < rows; i++) {
        if (v.isNull(i)) {
          continue;
        }
        int start = offsets.getInt((long) i << 2);
        int end = offsets.getInt((long) (i + 1) << 2);
        boolean match = segments != null ? matchBytes(data, start, end) : matchRegex(data, start, end);
        if (match != negated) {
          bits.setByte(i >> 3, bits.getByte(i >> 3) | (1 << (i & 7)));
        }
      }
    }
    out.setValueCount(rows);
    return out;
  }

  private boolean matchRegex(ArrowBuf data, int start, int end) {
    byte[] bytes = new byte[end - start];
    data.getBytes(start, bytes);
    return regex.matcher(new String(bytes, StandardCharsets.UTF_8)).matches();
  }

  private boolean matchBytes(ArrowBuf data, int start, int end) {
    int pos = start;
    int last = segments.length - 1;
    for (int s = 0; s <= last; s++) {
      byte[] seg = segments[s];
      if (s == 0 && anchoredStart) {
        if (!regionEquals(data, pos, end, seg)) {
          return false;
        }
        pos += seg.length;
        if (last == 0) {
          return pos == end; // no '%' at all: exact match
        }
      } else if (s == last && anchoredEnd) {
        return end - pos >= seg.length && regionEquals(data, end - seg.length, end, seg);
      } else if (seg.length > 0) {
        int found = indexOf(data, pos, end, seg);
        if (found < 0) {
          return false;
        }
        pos = found + seg.length;
      }
    }
    return true;
  }

  private static boolean regionEquals(ArrowBuf data, int from, int end, byte[] seg) {
    if (end - from < seg.length) {
      return false;
    }
    for (int k = 0; k < seg.length; k++) {
      if (data.getByte(from + k) != seg[k]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(ArrowBuf data, int from, int end, byte[] seg) {
    byte first = seg[0];
    for (int i = from; i <= end - seg.length; i++) {
      if (data.getByte(i) == first && regionEquals(data, i, end, seg)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public List<PhysicalExpr> children() {
    return List.of(input);
  }

  @Override
  public String toString() {
    return input + (negated ? " NOT LIKE '" : " LIKE '") + pattern + "'" + (escape == null ? "" : " ESCAPE '" + escape + "'");
  }
}
