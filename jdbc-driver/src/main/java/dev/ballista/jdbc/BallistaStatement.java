package dev.ballista.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.Meta;

/** A plain statement: each execution prepares, runs and reads the SQL through Flight SQL. */
final class BallistaStatement extends AvaticaStatement {
  BallistaStatement(
      AvaticaConnection connection, Meta.StatementHandle handle, int resultSetType,
      int resultSetConcurrency, int resultSetHoldability) {
    super(connection, handle, resultSetType, resultSetConcurrency, resultSetHoldability);
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    cancelFlag.set(false);
    try {
      return super.execute(sql);
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    cancelFlag.set(false);
    try {
      return super.executeQuery(sql);
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    cancelFlag.set(false);
    try {
      return super.executeLargeUpdate(sql);
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  /** Not synchronized, unlike Avatica's: it must reach a statement busy reading results. */
  @Override
  public void cancel() throws SQLException {
    checkOpen();
    cancelFlag.set(true);
    ((BallistaConnection) connection).ballistaMeta().cancel(handle);
  }
}
