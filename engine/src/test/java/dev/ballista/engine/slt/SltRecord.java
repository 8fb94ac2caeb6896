package dev.ballista.engine.slt;

import java.util.List;

/** One record of a sqllogictest file: a statement or a query, with the line it starts on. */
public sealed interface SltRecord {
  String file();

  int line();

  String sql();

  /** {@code statement ok} or {@code statement error <fragment>}; {@code expectedError} is null for ok. */
  record Statement(String file, int line, String sql, String expectedError) implements SltRecord {}

  /**
   * {@code query <types> [rowsort]} with expected rows (one line per row, values separated by whitespace), or
   * {@code query error <fragment>}. Types: I integer, R float or decimal, T text, B boolean, D date/time/timestamp,
   * ? any.
   */
  record Query(String file, int line, String sql, String types, boolean rowSort, List<String> expected,
      String expectedError) implements SltRecord {}

  /** Where the record is, as {@code file:line}, for failure messages. */
  default String location() {
    return file() + ":" + line();
  }
}
