package dev.ballista.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaDatabaseMetaData;

/**
 * DatabaseMetaData whose server facts (product, quoting, keywords, functions) come from the
 * server's GetSqlInfo answers, read once per connection.
 */
final class BallistaDatabaseMetaData extends AvaticaDatabaseMetaData {
  private final AvaticaConnection connection;

  BallistaDatabaseMetaData(AvaticaConnection connection) {
    super(connection);
    this.connection = connection;
  }

  private ServerInfo server() throws SQLException {
    try {
      return ((BallistaConnection) connection).ballistaMeta().serverInfo();
    } catch (RuntimeException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  @Override
  public String getUserName() {
    return ((BallistaConnection) connection).settings().user();
  }

  @Override
  public String getDatabaseProductName() throws SQLException {
    return server().string(SqlInfo.FLIGHT_SQL_SERVER_NAME, "Ballista");
  }

  @Override
  public String getDatabaseProductVersion() throws SQLException {
    return server().string(SqlInfo.FLIGHT_SQL_SERVER_VERSION, "");
  }

  @Override
  public int getDatabaseMajorVersion() throws SQLException {
    return versionPart(0);
  }

  @Override
  public int getDatabaseMinorVersion() throws SQLException {
    return versionPart(1);
  }

  /** A number of a dotted version such as {@code 0.1.0-SNAPSHOT}; 0 where there is none. */
  private int versionPart(int index) throws SQLException {
    String[] parts = getDatabaseProductVersion().split("[^0-9]+");
    int found = 0;
    for (String part : parts) {
      if (!part.isEmpty()) {
        if (found == index) {
          return Integer.parseInt(part);
        }
        found++;
      }
    }
    return 0;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return server().bool(SqlInfo.FLIGHT_SQL_SERVER_READ_ONLY, false);
  }

  @Override
  public String getIdentifierQuoteString() throws SQLException {
    return server().string(SqlInfo.SQL_IDENTIFIER_QUOTE_CHAR, "\"");
  }

  @Override
  public String getSearchStringEscape() throws SQLException {
    return server().string(SqlInfo.SQL_SEARCH_STRING_ESCAPE, "\\");
  }

  @Override
  public String getExtraNameCharacters() throws SQLException {
    return server().string(SqlInfo.SQL_EXTRA_NAME_CHARACTERS, "");
  }

  @Override
  public String getSQLKeywords() throws SQLException {
    return server().list(SqlInfo.SQL_KEYWORDS);
  }

  @Override
  public String getNumericFunctions() throws SQLException {
    return server().list(SqlInfo.SQL_NUMERIC_FUNCTIONS);
  }

  @Override
  public String getStringFunctions() throws SQLException {
    return server().list(SqlInfo.SQL_STRING_FUNCTIONS);
  }

  @Override
  public String getSystemFunctions() throws SQLException {
    return server().list(SqlInfo.SQL_SYSTEM_FUNCTIONS);
  }

  @Override
  public String getTimeDateFunctions() throws SQLException {
    return server().list(SqlInfo.SQL_DATETIME_FUNCTIONS);
  }

  @Override
  public String getSchemaTerm() throws SQLException {
    return server().string(SqlInfo.SQL_SCHEMA_TERM, "schema");
  }

  @Override
  public String getCatalogTerm() throws SQLException {
    return server().string(SqlInfo.SQL_CATALOG_TERM, "catalog");
  }

  @Override
  public String getProcedureTerm() throws SQLException {
    return server().string(SqlInfo.SQL_PROCEDURE_TERM, "procedure");
  }

  @Override
  public boolean supportsTransactions() {
    return false;
  }

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_NONE;
  }
}
