package dev.ballista.jdbc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt4Vector;

/**
 * The server's answers to GetSqlInfo, read once per connection: product name and version,
 * identifier quoting, keywords and function lists. Missing keys fall back to defaults.
 */
final class ServerInfo {
  private final Map<Integer, Object> values;

  private ServerInfo(Map<Integer, Object> values) {
    this.values = values;
  }

  /** Asks for every key, as JDBC clients expect them all. */
  static ServerInfo fetch(FlightSqlSession session, CallOption[] options) {
    Map<Integer, Object> values = new HashMap<>();
    FlightResults.forEachBatch(
        session,
        session.sql().getSqlInfo(new int[0], options),
        options,
        batch -> {
          UInt4Vector names = (UInt4Vector) batch.getVector("info_name");
          FieldVector answers = batch.getVector("value");
          for (int row = 0; row < batch.getRowCount(); row++) {
            values.put((int) names.getValueAsLong(row), plain(answers.getObject(row)));
          }
        });
    return new ServerInfo(values);
  }

  /** Arrow's Text and lists of Text as Java strings; other values as they are. */
  private static Object plain(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value instanceof org.apache.arrow.vector.util.Text text) {
      return text.toString();
    }
    return value;
  }

  String string(SqlInfo key, String fallback) {
    Object value = values.get(key.getNumber());
    return value == null ? fallback : value.toString();
  }

  boolean bool(SqlInfo key, boolean fallback) {
    return values.get(key.getNumber()) instanceof Boolean b ? b : fallback;
  }

  long number(SqlInfo key, long fallback) {
    return values.get(key.getNumber()) instanceof Number n ? n.longValue() : fallback;
  }

  /** A string-list answer joined with commas, as DatabaseMetaData returns such lists. */
  String list(SqlInfo key) {
    Object value = values.get(key.getNumber());
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return value == null ? "" : value.toString();
  }
}
