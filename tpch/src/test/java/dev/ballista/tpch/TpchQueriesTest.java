package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TpchQueriesTest {
  /** The engine's parser settings (SqlPlanner). */
  private static final SqlParser.Config PARSER = SqlParser.config()
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.TO_LOWER)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withConformance(SqlConformanceEnum.LENIENT);

  static IntStream numbers() {
    return IntStream.rangeClosed(1, TpchQueries.COUNT);
  }

  @Test
  void listsTheTwentyTwoQueriesInOrder() {
    assertEquals(22, TpchQueries.all().size());
    for (int i = 0; i < 22; i++) {
      TpchQuery query = TpchQueries.all().get(i);
      assertEquals(i + 1, query.number());
      assertTrue(query.sql().startsWith(String.format("-- TPC-H Q%d:", i + 1)), query.name());
      assertFalse(query.sql().endsWith(";"), query.name());
    }
    assertEquals("q07", TpchQueries.query(7).name());
    assertThrows(IllegalArgumentException.class, () -> TpchQueries.query(0));
    assertThrows(IllegalArgumentException.class, () -> TpchQueries.query(23));
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void validatesAgainstTheTpchSchemaAndHasTheAnswersColumns(int number) throws Exception {
    assertValid(number, TpchQueries.query(number).sql());
  }

  @ParameterizedTest
  @MethodSource("numbers")
  void queriesWithDrawnParametersValidateToo(int number) throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      assertValid(number, TpchQueries.query(number, TpchParameters.draw(number, seed, 10)).sql());
    }
  }

  @Test
  void templatesNeedExactlyTheirParameters() {
    assertFalse(TpchQueries.query(1).sql().contains("${"));
    assertTrue(TpchQueries.template(1).contains("interval '${DELTA}' day (3)"));
    assertTrue(TpchQueries.query(1, java.util.Map.of("DELTA", "117")).sql().contains("interval '117' day (3)"));
    assertThrows(IllegalArgumentException.class, () -> TpchQueries.query(1, java.util.Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> TpchQueries.query(1, java.util.Map.of("DELTA", "90", "OTHER", "1")));
  }

  private static void assertValid(int number, String sql) throws Exception {
    SchemaPlus root = Frameworks.createRootSchema(true);
    for (String table : TpchSchema.TABLES) {
      root.add(table, new ArrowSchemaTable(TpchSchema.schema(table)));
    }
    Planner planner = Frameworks.getPlanner(Frameworks.newConfigBuilder()
        .parserConfig(PARSER)
        .defaultSchema(root)
        .build());

    SqlNode parsed = planner.parse(sql);
    RelDataType rowType = planner.validateAndGetType(parsed).getValue();

    assertEquals(TpchAnswers.sf1(number).columns().size(), rowType.getFieldCount(), rowType.getFullTypeString());
  }

  @Test
  void limitsAreThoseOfTheSpecification() {
    for (TpchQuery query : TpchQueries.all()) {
      String limit = switch (query.number()) {
        case 2, 18, 21 -> "limit 100";
        case 3 -> "limit 10";
        case 10 -> "limit 20";
        default -> null;
      };
      if (limit == null) {
        assertFalse(query.sql().contains("limit"), query.name());
      } else {
        assertTrue(query.sql().endsWith(limit), query.name());
      }
    }
  }

  /** A table Calcite sees with the SQL types of an Arrow schema. */
  private static final class ArrowSchemaTable extends AbstractTable {
    private final Schema schema;

    ArrowSchemaTable(Schema schema) {
      this.schema = schema;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
      RelDataTypeFactory.Builder row = types.builder();
      for (Field field : schema.getFields()) {
        RelDataType type = switch (field.getType()) {
          case ArrowType.Int i when i.getBitWidth() == 64 -> types.createSqlType(SqlTypeName.BIGINT);
          case ArrowType.Int i -> types.createSqlType(SqlTypeName.INTEGER);
          case ArrowType.Decimal d -> types.createSqlType(SqlTypeName.DECIMAL, d.getPrecision(), d.getScale());
          case ArrowType.Date d -> types.createSqlType(SqlTypeName.DATE);
          case ArrowType.Utf8 s -> types.createSqlType(SqlTypeName.VARCHAR);
          default -> throw new IllegalArgumentException("no SQL type for " + field);
        };
        row.add(field.getName(), types.createTypeWithNullability(type, field.isNullable()));
      }
      return row.build();
    }
  }
}
