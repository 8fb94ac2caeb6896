package dev.ballista.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaPreparedStatement;
import org.apache.calcite.avatica.Meta;

/**
 * A Flight SQL prepared statement; parameters are sent as a one-row Arrow batch before each
 * execution.
 */
final class BallistaPreparedStatement extends AvaticaPreparedStatement {
  BallistaPreparedStatement(
      AvaticaConnection connection, Meta.StatementHandle handle, Meta.Signature signature,
      int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    super(connection, handle, signature, resultSetType, resultSetConcurrency,
        resultSetHoldability);
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    cancelFlag.set(false);
    try {
      return super.executeQuery();
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    cancelFlag.set(false);
    try {
      return super.execute();
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    cancelFlag.set(false);
    try {
      return super.executeLargeUpdate();
    } catch (SQLException e) {
      throw SqlErrors.unwrap(e);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    try {
      return super.executeLargeBatch();
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
