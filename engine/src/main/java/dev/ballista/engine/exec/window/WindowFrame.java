package dev.ballista.engine.exec.window;

/**
 * The rows a window aggregate sees around the current row: ROWS counts physical rows, RANGE (without offsets)
 * moves by peer groups, i.e. rows equal on the ORDER BY keys.
 */
public record WindowFrame(boolean rows, Bound start, Bound end) {
  public enum BoundKind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

  /** One end of the frame; {@code offset} counts rows for PRECEDING and FOLLOWING. */
  public record Bound(BoundKind kind, long offset) {
    public Bound {
      if (offset < 0) {
        throw new IllegalArgumentException("frame offsets must not be negative: " + offset);
      }
    }

    public static Bound of(BoundKind kind) {
      return new Bound(kind, 0);
    }

    @Override
    public String toString() {
      return switch (kind) {
        case UNBOUNDED_PRECEDING -> "UNBOUNDED PRECEDING";
        case PRECEDING -> offset + " PRECEDING";
        case CURRENT_ROW -> "CURRENT ROW";
        case FOLLOWING -> offset + " FOLLOWING";
        case UNBOUNDED_FOLLOWING -> "UNBOUNDED FOLLOWING";
      };
    }
  }

  public WindowFrame {
    if (!rows && (start.kind() == BoundKind.PRECEDING || start.kind() == BoundKind.FOLLOWING
        || end.kind() == BoundKind.PRECEDING || end.kind() == BoundKind.FOLLOWING)) {
      throw new IllegalArgumentException("RANGE frames with offsets are not supported");
    }
  }

  /** SQL's default with ORDER BY: the partition up to the current row and its peers. */
  public static final WindowFrame RUNNING = new WindowFrame(false, Bound.of(BoundKind.UNBOUNDED_PRECEDING),
      Bound.of(BoundKind.CURRENT_ROW));

  /** SQL's default without ORDER BY: the whole partition. */
  public static final WindowFrame WHOLE_PARTITION = new WindowFrame(true, Bound.of(BoundKind.UNBOUNDED_PRECEDING),
      Bound.of(BoundKind.UNBOUNDED_FOLLOWING));

  @Override
  public String toString() {
    return (rows ? "ROWS" : "RANGE") + " BETWEEN " + start + " AND " + end;
  }
}
