package dev.ballista.engine.exec.window;

/**
 * The frame of every row as [start, end) row indices. Both arrays never decrease over the rows of a sorted
 * batch (frames move forward within a partition, and each partition follows the previous one), which is what
 * lets aggregates slide over them adding and removing rows instead of recomputing each frame.
 */
final class FrameBounds {
  final int[] start;
  final int[] end;

  private FrameBounds(int[] start, int[] end) {
    this.start = start;
    this.end = end;
  }

  static FrameBounds of(RowLayout layout, WindowFrame frame) {
    int rows = layout.rows;
    int[] start = new int[rows];
    int[] end = new int[rows];
    for (int i = 0; i < rows; i++) {
      int ps = layout.partitionStart[i];
      int pe = layout.partitionEnd[i];
      long s;
      long e;
      if (frame.rows()) {
        s = rowsBound(frame.start(), i, ps, pe);
        e = rowsBound(frame.end(), i, ps, pe) + 1;
      } else {
        s = rangeBound(frame.start(), layout.peerStart[i], ps, pe);
        e = rangeBound(frame.end(), layout.peerEnd[i], ps, pe);
      }
      s = Math.max(ps, Math.min(pe, s));
      e = Math.max(s, Math.min(pe, e));
      start[i] = (int) s;
      end[i] = (int) e;
    }
    return new FrameBounds(start, end);
  }

  /** The row a ROWS bound names, inclusive (may lie outside the partition; the caller clamps). */
  private static long rowsBound(WindowFrame.Bound bound, int row, int ps, int pe) {
    return switch (bound.kind()) {
      case UNBOUNDED_PRECEDING -> ps;
      case PRECEDING -> (long) row - bound.offset();
      case CURRENT_ROW -> row;
      case FOLLOWING -> (long) row + bound.offset();
      case UNBOUNDED_FOLLOWING -> pe - 1;
    };
  }

  /** A RANGE bound without offset: a partition end or an edge of the current row's peer group. */
  private static int rangeBound(WindowFrame.Bound bound, int peerEdge, int ps, int pe) {
    return switch (bound.kind()) {
      case UNBOUNDED_PRECEDING -> ps;
      case CURRENT_ROW -> peerEdge;
      case UNBOUNDED_FOLLOWING -> pe;
      default -> throw new IllegalStateException("RANGE frames with offsets are not supported");
    };
  }
}
