package dev.ballista.engine.plan;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;

/**
 * Functions beyond Calcite's standard operator table, with PostgreSQL's signatures: CONCAT(any, ...) (NULLs
 * skipped, never NULL) and DATE_TRUNC(unit, date or timestamp).
 */
public final class BallistaFunctions {
  private BallistaFunctions() {}

  public static final SqlFunction CONCAT = new SqlFunction("CONCAT", SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(SqlTypeName.VARCHAR), null, OperandTypes.ONE_OR_MORE, SqlFunctionCategory.STRING);

  /** Keeps its argument's type: a DATE truncates to a DATE. */
  public static final SqlFunction DATE_TRUNC = new SqlFunction("DATE_TRUNC", SqlKind.OTHER_FUNCTION,
      ReturnTypes.ARG1_NULLABLE, null, OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE);

  /** The standard operators and ours. */
  public static final SqlOperatorTable TABLE = SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
      SqlOperatorTables.of(CONCAT, DATE_TRUNC));
}
