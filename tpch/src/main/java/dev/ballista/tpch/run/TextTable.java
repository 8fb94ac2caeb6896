package dev.ballista.tpch.run;

import java.util.ArrayList;
import java.util.List;

/** A table of text cells printed with aligned columns (numbers right-aligned), or as a Markdown table. */
public final class TextTable {
  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();
  private final boolean[] numeric;

  /** Columns whose name starts with '>' are right-aligned (the '>' is not shown). */
  public TextTable(String... columns) {
    header = new ArrayList<>();
    numeric = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      numeric[i] = columns[i].startsWith(">");
      header.add(numeric[i] ? columns[i].substring(1) : columns[i]);
    }
  }

  public TextTable row(Object... cells) {
    if (cells.length != header.size()) {
      throw new IllegalArgumentException("expected " + header.size() + " cells, got " + cells.length);
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(cell == null ? "" : cell.toString());
    }
    rows.add(row);
    return this;
  }

  public String aligned() {
    int[] widths = new int[header.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = header.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    for (int c = 0; c < widths.length; c++) {
      out.append(c == 0 ? "" : "  ").append("-".repeat(widths[c]));
    }
    out.append('\n');
    rows.forEach(row -> line(out, row, widths));
    return out.toString();
  }

  public String markdown() {
    StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
    for (boolean n : numeric) {
      out.append(n ? " ---: |" : " --- |");
    }
    out.append('\n');
    for (List<String> row : rows) {
      out.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
          .append(" |\n");
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      line.append(c == 0 ? "" : "  ").append(numeric[c] ? pad + cell : cell + pad);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
