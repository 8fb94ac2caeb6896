package dev.ballista.jdbc;

import java.math.BigDecimal;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import org.apache.calcite.avatica.AvaticaResultSet;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.QueryState;

/**
 * A forward-only result set over frames of a Flight stream. It applies the statement's maxRows,
 * maps stream failures to SQLExceptions, and serves {@code getObject(i, Class)} for java.time.
 */
final class BallistaResultSet extends AvaticaResultSet {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  BallistaResultSet(
      AvaticaStatement statement, QueryState state, Meta.Signature signature,
      ResultSetMetaData metaData, TimeZone timeZone, Meta.Frame firstFrame) throws SQLException {
    super(statement, state, signature, metaData, timeZone, firstFrame);
  }

  private BallistaMeta meta() {
    return ((BallistaConnection) statement.connection).ballistaMeta();
  }

  @Override
  public boolean next() throws SQLException {
    long maxRows = statement.getLargeMaxRows();
    if (maxRows > 0 && getRow() >= maxRows) {
      // Enough rows: stop the stream so the server stops producing.
      meta().closeResults(statement.handle);
      return false;
    }
    try {
      return super.next();
    } catch (SQLException | RuntimeException e) {
      if (meta().wasCancelled(statement.handle) || isCancelledByAvatica(e)) {
        throw new SQLException("The query was cancelled", SqlErrors.CANCELLED, e);
      }
      throw SqlErrors.unwrap(e);
    }
  }

  private static boolean isCancelledByAvatica(Exception e) {
    return e instanceof SQLException && "Statement canceled".equals(e.getMessage());
  }

  @Override
  public void close() {
    meta().closeResults(statement.handle);
    super.close();
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    if (type == null) {
      throw new SQLException("type must not be null", "HY009");
    }
    Object value = convert(columnIndex, type);
    return wasNull() ? null : type.cast(value);
  }

  private Object convert(int column, Class<?> type) throws SQLException {
    int sqlType = getMetaData().getColumnType(column);
    if (type == LocalDate.class) {
      return switch (sqlType) {
        case Types.DATE -> LocalDate.ofEpochDay(getLong(column));
        case Types.TIMESTAMP -> localDateTime(getLong(column)).toLocalDate();
        default -> LocalDate.parse(getString(column));
      };
    }
    if (type == LocalTime.class) {
      return switch (sqlType) {
        case Types.TIME -> LocalTime.ofNanoOfDay(getLong(column) * 1_000_000);
        case Types.TIMESTAMP -> localDateTime(getLong(column)).toLocalTime();
        default -> LocalTime.parse(getString(column));
      };
    }
    if (type == LocalDateTime.class) {
      return switch (sqlType) {
        case Types.TIMESTAMP -> localDateTime(getLong(column));
        case Types.DATE -> localDateTime(getLong(column) * MILLIS_PER_DAY);
        default -> LocalDateTime.parse(getString(column).replace(' ', 'T'));
      };
    }
    if (type == String.class) {
      return getString(column);
    }
    if (type == BigDecimal.class) {
      return getBigDecimal(column);
    }
    if (type == Boolean.class) {
      return getBoolean(column);
    }
    if (type == Byte.class) {
      return getByte(column);
    }
    if (type == Short.class) {
      return getShort(column);
    }
    if (type == Integer.class) {
      return getInt(column);
    }
    if (type == Long.class) {
      return getLong(column);
    }
    if (type == Float.class) {
      return getFloat(column);
    }
    if (type == Double.class) {
      return getDouble(column);
    }
    if (type == byte[].class) {
      return getBytes(column);
    }
    if (type == java.sql.Date.class) {
      return getDate(column);
    }
    if (type == java.sql.Time.class) {
      return getTime(column);
    }
    if (type == java.sql.Timestamp.class) {
      return getTimestamp(column);
    }
    Object value = getObject(column);
    if (value == null || type.isInstance(value)) {
      return value;
    }
    throw new SQLException("Cannot convert column " + column + " ("
        + value.getClass().getName() + ") to " + type.getName(), "22018");
  }

  /** Rows hold timestamps as the epoch milliseconds of their wall-clock time. */
  private static LocalDateTime localDateTime(long wallClockMillis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(wallClockMillis, 1000),
        Math.floorMod(wallClockMillis, 1000) * 1_000_000, ZoneOffset.UTC);
  }
}
