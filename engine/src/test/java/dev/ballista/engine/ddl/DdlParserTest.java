package dev.ballista.engine.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DdlParserTest {
  @Test
  void queriesAndExplainAreLeftToCalcite() {
    assertNull(DdlParser.parse("select 1"));
    assertNull(DdlParser.parse("  -- a comment\n /* another */ with t as (select 1) select * from t"));
    assertNull(DdlParser.parse("explain plan for select 1"));
    assertNull(DdlParser.parse("'unclosed"));
    assertNull(DdlParser.parse(""));
  }

  @Test
  void createExternalTableWithColumnsAndOptions() {
    DdlStatement.CreateExternalTable c = (DdlStatement.CreateExternalTable) DdlParser.parse("""
        -- lines of TPC-H
        CREATE EXTERNAL TABLE IF NOT EXISTS Staging."LineItem" (
          l_orderkey BIGINT NOT NULL, l_comment VARCHAR(44), l_price DECIMAL(15, 2), l_ratio DOUBLE PRECISION,
          l_day DATE NULL, l_note character varying)
        STORED AS csv LOCATION '/data/it''s' OPTIONS (header 'false', 'delimiter' = '|');""");
    assertEquals(new DdlStatement.Name("staging", "LineItem", 2, 37), c.name());
    assertTrue(c.ifNotExists());
    assertEquals(FileFormatKind.CSV, c.format());
    assertEquals("/data/it's", c.location());
    assertEquals(Map.of("header", "false", "delimiter", "|"), c.options());
    assertEquals(new RowSchema(java.util.List.of(new Column("l_orderkey", DataType.BIGINT, false),
        Column.of("l_comment", DataType.VARCHAR), Column.of("l_price", DataType.decimal(15, 2)),
        Column.of("l_ratio", DataType.DOUBLE), Column.of("l_day", DataType.DATE),
        Column.of("l_note", DataType.VARCHAR))), c.columns());
  }

  @Test
  void clausesInAnyOrderAndColumnsFromTheFiles() {
    DdlStatement.CreateExternalTable c = (DdlStatement.CreateExternalTable) DdlParser.parse(
        "create external table t location 'file:///x' stored as ARROW");
    assertEquals(new DdlStatement.Name(null, "t", 1, 23), c.name());
    assertNull(c.columns());
    assertEquals(FileFormatKind.ARROW, c.format());
    assertEquals("file:///x", c.location());
  }

  @Test
  void dropShowDescribe() {
    assertEquals(new DdlStatement.DropTable(new DdlStatement.Name("s", "t", 1, 22), true),
        DdlParser.parse("DROP TABLE IF EXISTS s.t"));
    assertEquals(new DdlStatement.DropView(new DdlStatement.Name(null, "v", 1, 11), false),
        DdlParser.parse("drop view v;"));
    assertEquals(new DdlStatement.ShowTables(null, 1, 6), DdlParser.parse("show tables"));
    assertEquals(new DdlStatement.ShowTables("s", 1, 18), DdlParser.parse("show tables from S"));
    assertEquals(new DdlStatement.ShowSchemas(), DdlParser.parse("SHOW SCHEMAS"));
    assertEquals(new DdlStatement.Describe(new DdlStatement.Name("s", "t", 1, 10)), DdlParser.parse("describe s.t"));
    assertEquals(new DdlStatement.Describe(new DdlStatement.Name(null, "t", 1, 12)), DdlParser.parse("desc table t"));
    assertEquals(new DdlStatement.Describe(new DdlStatement.Name("s", "t", 1, 19)),
        DdlParser.parse("show columns from ballista.s.t"));
    assertEquals(new DdlStatement.CreateSchema("s", true, 1, 29), DdlParser.parse("create schema if not exists s"));
  }

  @Test
  void createViewKeepsTheQueryAndItsPositions() {
    DdlStatement.CreateView v = (DdlStatement.CreateView) DdlParser.parse(
        "create or replace view s.v as\n  select a\n  from t;");
    assertEquals(new DdlStatement.Name("s", "v", 1, 24), v.name());
    assertTrue(v.orReplace());
    assertEquals("select a\n  from t", v.query());
    // The query starts at the same line and column in the positioned text as in the statement.
    String positioned = v.positionedQuery();
    assertEquals("create or replace view s.v as\n  select a".length(), positioned.indexOf("select a") + "select a".length());
    assertTrue(positioned.substring(0, positioned.indexOf("select")).isBlank());
  }

  @Test
  void syntaxErrorsPointAtTheToken() {
    assertError(ErrorCode.SYNTAX_ERROR, 1, 32, "syntax error at or near \"in\": expected AS",
        "create external table t stored in parquet location '/x'");
    assertError(ErrorCode.SYNTAX_ERROR, 2, 1, "syntax error at end of statement: expected STORED AS PARQUET|CSV|ARROW",
        "create external table t location '/x'\n");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 42, "syntax error at end of statement: expected LOCATION 'path'",
        "create external table t stored as parquet");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 52, "syntax error at or near \"/x\": expected a quoted string",
        "create external table t stored as parquet location \"/x\"");
    assertError(ErrorCode.NOT_SUPPORTED, 1, 35, "unknown file format orc: expected PARQUET, CSV or ARROW",
        "create external table t stored as orc location '/x'");
    assertError(ErrorCode.NOT_SUPPORTED, 1, 28, "unknown column type blob",
        "create external table t (a blob) stored as csv location '/x'");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 13, "syntax error at or near \"x\": expected end of statement",
        "show tables x");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 6, "syntax error at or near \"index\": expected TABLE or VIEW",
        "drop index i");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 53, "LOCATION is given twice",
        "create external table t stored as csv location '/a' location '/b'");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 48, "string is not closed",
        "create external table t stored as csv location '/a");
    assertError(ErrorCode.VALIDATION_ERROR, 1, 33, "column a is declared twice",
        "create external table t (a int, A int) stored as csv location '/a'");
    assertError(ErrorCode.SYNTAX_ERROR, 1, 17, "syntax error at end of statement: expected a query after AS",
        "create view v as");
  }

  private static void assertError(ErrorCode code, int line, int column, String message, String sql) {
    QueryException e = assertThrows(QueryException.class, () -> DdlParser.parse(sql), sql);
    assertEquals(code, e.code(), e.getMessage());
    assertEquals(message, e.getMessage());
    assertEquals(line, e.line(), e.getMessage());
    assertEquals(column, e.column(), e.getMessage());
  }
}
