package dev.ballista.gateway;

import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BIGINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_BIT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_DATE;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_DECIMAL;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_FLOAT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_INTEGER;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_REAL;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_SMALLINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_TIMESTAMP;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_TINYINT;
import static org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert.SQL_CONVERT_VARCHAR;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlTransactionIsolationLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Every GetSqlInfo key, each in the union arm clients read it from. The JDBC driver asks for all keys
 * at once and fails on a missing one, so none is left out, even the ones that only say "no".
 */
final class ServerSqlInfo {
  static final String SERVER_NAME = "Ballista";
  static final String FALLBACK_VERSION = "0.1.0";
  /** Our words that SQL:2003 does not reserve (JDBC's getSQLKeywords contract). */
  static final String[] KEYWORDS = {"DESCRIBE", "EXPLAIN", "EXTERNAL", "LIMIT", "LOCATION",
      "OFFSET", "PARQUET", "SHOW", "STORED", "TABLES"};
  /** Only functions the engine evaluates today; an empty list is a valid answer. */
  private static final String[] NUMERIC_FUNCTIONS = {};
  private static final String[] STRING_FUNCTIONS = {"SUBSTRING"};
  private static final String[] SYSTEM_FUNCTIONS = {};
  private static final String[] DATETIME_FUNCTIONS = {"EXTRACT"};
  private static final List<SqlSupportsConvert> CASTABLE = List.of(SQL_CONVERT_BIT,
      SQL_CONVERT_TINYINT, SQL_CONVERT_SMALLINT, SQL_CONVERT_INTEGER, SQL_CONVERT_BIGINT,
      SQL_CONVERT_REAL, SQL_CONVERT_FLOAT, SQL_CONVERT_DECIMAL, SQL_CONVERT_VARCHAR,
      SQL_CONVERT_DATE, SQL_CONVERT_TIMESTAMP);
  /** Our no-limit answer for every SQL_MAX_* key, as JDBC spells "unknown or unlimited". */
  private static final long NO_LIMIT = 0;

  private ServerSqlInfo() {}

  static String version() {
    String fromJar = ServerSqlInfo.class.getPackage().getImplementationVersion();
    return fromJar == null ? FALLBACK_VERSION : fromJar;
  }

  static SqlInfoBuilder create() {
    return new SqlInfoBuilder()
        .withFlightSqlServerName(SERVER_NAME)
        .withFlightSqlServerVersion(version())
        .withFlightSqlServerArrowVersion(arrowVersion())
        .withFlightSqlServerReadOnly(false)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerTransaction(SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerBulkIngestion(false)
        .withFlightSqlServerBulkIngestionTransaction(false)
        .withFlightSqlServerStatementTimeout(0)
        .withFlightSqlServerTransactionTimeout(0)
        .withSqlIdentifierQuoteChar("\"")
        .withSqlSearchStringEscape(String.valueOf(LikePattern.ESCAPE))
        .withSqlExtraNameCharacters("")
        .withSqlSchemaTerm("schema")
        .withSqlCatalogTerm("catalog")
        .withSqlProcedureTerm("procedure")
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(false)
        .withSqlDdlTable(true)
        .withSqlIdentifierCase(SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_UPPERCASE)
        .withSqlQuotedIdentifierCase(
            SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
        .withSqlAllTablesAreSelectable(true)
        .withSqlNullOrdering(SqlNullOrdering.SQL_NULLS_SORTED_HIGH)
        .withSqlKeywords(KEYWORDS)
        .withSqlNumericFunctions(NUMERIC_FUNCTIONS)
        .withSqlStringFunctions(STRING_FUNCTIONS)
        .withSqlSystemFunctions(SYSTEM_FUNCTIONS)
        .withSqlDatetimeFunctions(DATETIME_FUNCTIONS)
        .withSqlSupportsColumnAliasing(true)
        .withSqlNullPlusNullIsNull(true)
        .withSqlSupportsConvert(conversions())
        .withSqlSupportsTableCorrelationNames(true)
        .withSqlSupportsDifferentTableCorrelationNames(false)
        .withSqlSupportsExpressionsInOrderBy(true)
        .withSqlSupportsOrderByUnrelated(true)
        .withSqlSupportedGroupBy(SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED)
        .withSqlSupportsLikeEscapeClause(true)
        .withSqlSupportsNonNullableColumns(true)
        .withSqlSupportedGrammar(SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR,
            SupportedSqlGrammar.SQL_CORE_GRAMMAR)
        .withSqlAnsi92SupportedLevel(SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL)
        .withSqlSupportsIntegrityEnhancementFacility(false)
        .withSqlOuterJoinSupportLevel(SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS)
        .withSqlCatalogAtStart(true)
        .withSqlSchemasSupportedActions()
        .withSqlCatalogsSupportedActions()
        .withSqlSupportedPositionedCommands()
        .withSqlSelectForUpdateSupported(false)
        .withSqlStoredProceduresSupported(false)
        .withSqlSubQueriesSupported(SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS,
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS)
        .withSqlCorrelatedSubqueriesSupported(true)
        .withSqlSupportedUnions(SqlSupportedUnions.SQL_UNION, SqlSupportedUnions.SQL_UNION_ALL)
        .withSqlMaxBinaryLiteralLength(NO_LIMIT)
        .withSqlMaxCharLiteralLength(NO_LIMIT)
        .withSqlMaxColumnNameLength(NO_LIMIT)
        .withSqlMaxColumnsInGroupBy(NO_LIMIT)
        .withSqlMaxColumnsInIndex(NO_LIMIT)
        .withSqlMaxColumnsInOrderBy(NO_LIMIT)
        .withSqlMaxColumnsInSelect(NO_LIMIT)
        .withSqlMaxColumnsInTable(NO_LIMIT)
        .withSqlMaxConnections(NO_LIMIT)
        .withSqlMaxCursorNameLength(NO_LIMIT)
        .withSqlMaxIndexLength(NO_LIMIT)
        .withSqlDbSchemaNameLength(NO_LIMIT)
        .withSqlMaxProcedureNameLength(NO_LIMIT)
        .withSqlMaxCatalogNameLength(NO_LIMIT)
        .withSqlMaxRowSize(NO_LIMIT)
        .withSqlMaxRowSizeIncludesBlobs(false)
        .withSqlMaxStatementLength(NO_LIMIT)
        .withSqlMaxStatements(NO_LIMIT)
        .withSqlMaxTableNameLength(NO_LIMIT)
        .withSqlMaxTablesInSelect(NO_LIMIT)
        .withSqlMaxUsernameLength(NO_LIMIT)
        .withSqlDefaultTransactionIsolation(
            SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE.getNumber())
        .withSqlTransactionsSupported(false)
        .withSqlSupportedTransactionsIsolationLevels(
            SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE)
        .withSqlDataDefinitionCausesTransactionCommit(false)
        .withSqlDataDefinitionsInTransactionsIgnored(false)
        .withSqlSupportedResultSetTypes(SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY)
        .withSqlBatchUpdatesSupported(true)
        .withSqlSavepointsSupported(false)
        .withSqlNamedParametersSupported(false)
        .withSqlLocatorsUpdateCopy(false)
        .withSqlStoredFunctionsUsingCallSyntaxSupported(false);
  }

  /** CAST between our scalar types: every pair among them, each type to itself included. */
  private static Map<Integer, List<Integer>> conversions() {
    List<Integer> targets = CASTABLE.stream().map(SqlSupportsConvert::getNumber).toList();
    return CASTABLE.stream().collect(Collectors.toMap(SqlSupportsConvert::getNumber, t -> targets));
  }

  private static String arrowVersion() {
    String version = Schema.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }
}
