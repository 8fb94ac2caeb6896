package dev.ballista.engine.types;

import java.util.ArrayList;
import java.util.List;

/** The columns an operator produces, in order. */
public record RowSchema(List<Column> columns) {
  public RowSchema {
    columns = List.copyOf(columns);
  }

  public static RowSchema of(Column... columns) {
    return new RowSchema(List.of(columns));
  }

  public int size() {
    return columns.size();
  }

  public Column column(int i) {
    return columns.get(i);
  }

  public DataType type(int i) {
    return columns.get(i).type();
  }

  public RowSchema concat(RowSchema other) {
    List<Column> all = new ArrayList<>(columns);
    all.addAll(other.columns);
    return new RowSchema(all);
  }
}
