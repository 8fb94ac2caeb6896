package dev.ballista.cli;

import java.util.List;
import org.jline.utils.WCWidth;

/**
 * Lays result rows out as an aligned text table: a header of column names, a separator, and one
 * line per row, numbers right-aligned and text left-aligned.
 *
 * <p>Column widths come from the rows given up front, so that a long result can be printed as it
 * streams in; a later, wider value keeps its full text and shifts the rest of its own line only.
 * Text longer than the maximum width is cut and ends in "..."; numbers are never cut, nor is the
 * last column, which has nothing to its right to push out of line (an EXPLAIN plan stays whole).
 */
final class TableFormatter {
  static final int DEFAULT_MAX_TEXT_WIDTH = 60;
  private static final String ELLIPSIS = "...";

  /** A column's name and whether its values are numbers. */
  record Column(String name, boolean numeric) {}

  private final List<Column> columns;
  private final int maxTextWidth;
  private final int[] widths;

  TableFormatter(List<Column> columns, List<String[]> firstRows, int maxTextWidth) {
    this.columns = List.copyOf(columns);
    this.maxTextWidth = Math.max(maxTextWidth, ELLIPSIS.length() + 1);
    this.widths = new int[columns.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = width(visible(columns.get(i).name()));
    }
    for (String[] row : firstRows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], width(cell(row, i)));
      }
    }
  }

  /** The column names, centred, and the separator line under them. */
  List<String> header() {
    StringBuilder names = new StringBuilder();
    StringBuilder separator = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String name = visible(columns.get(i).name());
      int space = Math.max(0, widths[i] - width(name));
      names.append(i == 0 ? " " : " | ")
          .append(" ".repeat(space / 2)).append(name).append(" ".repeat(space - space / 2));
      separator.append(i == 0 ? "" : "+").append("-".repeat(widths[i] + 2));
    }
    return List.of(names.toString().stripTrailing(), separator.toString());
  }

  /** One row; each cell is already text, NULL included (see {@link CellText}). */
  String row(String[] cells) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      String text = cell(cells, i);
      String padding = " ".repeat(Math.max(0, widths[i] - width(text)));
      line.append(i == 0 ? " " : " | ");
      if (columns.get(i).numeric()) {
        line.append(padding).append(text);
      } else {
        line.append(text).append(padding);
      }
    }
    return line.toString().stripTrailing();
  }

  private String cell(String[] row, int column) {
    String text = visible(row[column]);
    boolean last = column == columns.size() - 1;
    return columns.get(column).numeric() || last ? text : cut(text);
  }

  private String cut(String text) {
    if (width(text) <= maxTextWidth) {
      return text;
    }
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      int w = Math.max(0, WCWidth.wcwidth(codePoint));
      if (used + w > maxTextWidth - ELLIPSIS.length()) {
        break;
      }
      kept.appendCodePoint(codePoint);
      used += w;
      i += Character.charCount(codePoint);
    }
    return kept.append(ELLIPSIS).toString();
  }

  /** Line breaks, tabs and other control characters as escapes, so a row stays on one line. */
  static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isISOControl(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length() + 8).append(text, 0, i);
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }

  /** Terminal columns the text takes: East Asian wide characters take two, combining marks none. */
  static int width(String text) {
    int total = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      total += Math.max(0, WCWidth.wcwidth(codePoint));
      i += Character.charCount(codePoint);
    }
    return total;
  }
}
