package dev.ballista.engine.serde;

import static dev.ballista.engine.serde.SerdeAssertions.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.ConcatExpr;
import dev.ballista.engine.expr.DateArithmeticExpr;
import dev.ballista.engine.expr.DateTruncExpr;
import dev.ballista.engine.expr.DoubleFunctionExpr;
import dev.ballista.engine.expr.PositionExpr;
import dev.ballista.engine.expr.ReplaceExpr;
import dev.ballista.engine.expr.RoundExpr;
import dev.ballista.engine.expr.CaseExpr;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.ExtractExpr;
import dev.ballista.engine.expr.IsNullExpr;
import dev.ballista.engine.expr.InListExpr;
import dev.ballista.engine.expr.LikeExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.LogicalExpr;
import dev.ballista.engine.expr.NotExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.expr.StringFunctionExpr;
import dev.ballista.engine.expr.SubstringExpr;
import dev.ballista.engine.expr.ValueReader;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.ArithmeticExprNode;
import dev.ballista.proto.LikeExprNode;
import dev.ballista.proto.PhysicalExprNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every expression kind survives serialization: same structure, and the same values on a small batch. */
class ExprSerdeTest {
  static final ColumnExpr ID = new ColumnExpr(0, DataType.BIGINT);
  static final ColumnExpr PRICE = new ColumnExpr(1, DataType.DOUBLE);
  static final ColumnExpr NAME = new ColumnExpr(2, DataType.VARCHAR);
  static final ColumnExpr FLAG = new ColumnExpr(3, DataType.BOOLEAN);
  static final ColumnExpr AMOUNT = new ColumnExpr(4, DataType.decimal(10, 2));
  static final ColumnExpr DAY = new ColumnExpr(5, DataType.DATE);
  static final RowSchema SCHEMA = RowSchema.of(
      Column.of("id", DataType.BIGINT), Column.of("price", DataType.DOUBLE), Column.of("name", DataType.VARCHAR),
      Column.of("flag", DataType.BOOLEAN), Column.of("amount", DataType.decimal(10, 2)), Column.of("day", DataType.DATE));

  BufferAllocator allocator;
  TaskContext context;
  Batch batch;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    context = new TaskContext(allocator, 0, null);
    List<List<Object>> rows = List.of(
        Arrays.asList(1L, 1.5, "apple", true, 1234L, 18262L),
        Arrays.asList(2L, -2.25, "banana", false, -5L, 18300L),
        Arrays.asList(null, null, null, null, null, null),
        Arrays.asList(40L, 0.0, "a_b%c", true, 99999L, 19000L));
    try (BatchStream stream = new ValuesExec(SCHEMA, rows).execute(0, context)) {
      batch = stream.next();
    }
  }

  @AfterEach
  void tearDown() {
    batch.close();
    allocator.close(); // fails on leaked buffers
  }

  /** Round-trips and evaluates both copies on the batch. */
  private void assertRoundTrip(PhysicalExpr expr) {
    PhysicalExpr copy = roundTrip(expr);
    assertEquals(evaluate(expr), evaluate(copy), () -> "values of " + expr);
  }

  private List<Object> evaluate(PhysicalExpr expr) {
    try (FieldVector v = expr.evaluate(batch, context)) {
      ValueReader reader = ValueReader.of(v, expr.type());
      List<Object> values = new ArrayList<>();
      for (int i = 0; i < batch.rowCount(); i++) {
        values.add(reader.get(i));
      }
      return values;
    }
  }

  @Test
  void column() {
    for (ColumnExpr c : List.of(ID, PRICE, NAME, FLAG, AMOUNT, DAY)) {
      assertRoundTrip(c);
      assertEquals(c, roundTrip(c));
    }
  }

  @Test
  void literalOfEveryLane() {
    List<LiteralExpr> literals = List.of(
        new LiteralExpr(DataType.BIGINT, 42L),
        new LiteralExpr(DataType.INTEGER, -7L),
        new LiteralExpr(DataType.SMALLINT, 300L),
        new LiteralExpr(DataType.TINYINT, -3L),
        new LiteralExpr(DataType.BIGINT, Long.MIN_VALUE),
        new LiteralExpr(DataType.DOUBLE, 1.5),
        new LiteralExpr(DataType.REAL, 0.25),
        new LiteralExpr(DataType.DOUBLE, Double.NaN),
        new LiteralExpr(DataType.decimal(10, 2), 1234L),
        new LiteralExpr(DataType.decimal(30, 4), new BigDecimal("-12345678901234567890.1200")),
        new LiteralExpr(DataType.VARCHAR, "h\u00e9llo 'w\u00f6rld' \ud83d\ude00"),
        new LiteralExpr(DataType.VARCHAR, ""),
        new LiteralExpr(DataType.BOOLEAN, true),
        new LiteralExpr(DataType.BOOLEAN, false),
        new LiteralExpr(DataType.DATE, 18262L),
        new LiteralExpr(DataType.TIMESTAMP, 1_577_836_800_000_000L),
        new LiteralExpr(DataType.TIME, 3_600_000_000L),
        new LiteralExpr(DataType.INTERVAL_DAY_TIME, 86_400_000L),
        new LiteralExpr(DataType.INTERVAL_YEAR_MONTH, 14L),
        new LiteralExpr(DataType.INTEGER, null),
        new LiteralExpr(DataType.VARCHAR, null),
        new LiteralExpr(DataType.NULL, null));
    for (LiteralExpr literal : literals) {
      assertRoundTrip(literal);
      PhysicalExpr copy = roundTrip(literal);
      assertEquals(literal, copy); // same lane class and value, BigDecimal scale included
    }
  }

  @Test
  void narrowBoxesWidenToTheirLane() {
    assertEquals(new LiteralExpr(DataType.INTEGER, 5L), roundTrip(new LiteralExpr(DataType.INTEGER, 5)));
    assertEquals(new LiteralExpr(DataType.REAL, 0.5), roundTrip(new LiteralExpr(DataType.REAL, 0.5f)));
  }

  @Test
  void arithmeticWithEveryOp() {
    for (ArithmeticExpr.Op op : ArithmeticExpr.Op.values()) {
      assertRoundTrip(new ArithmeticExpr(op, PRICE, new LiteralExpr(DataType.DOUBLE, 2.0), DataType.DOUBLE));
      assertRoundTrip(new ArithmeticExpr(op, ID, new LiteralExpr(DataType.BIGINT, 3L), DataType.BIGINT));
    }
    assertRoundTrip(new ArithmeticExpr(ArithmeticExpr.Op.ADD, AMOUNT, AMOUNT, DataType.decimal(11, 2)));
  }

  @Test
  void comparisonWithEveryOp() {
    for (ComparisonExpr.Op op : ComparisonExpr.Op.values()) {
      assertRoundTrip(new ComparisonExpr(op, ID, new LiteralExpr(DataType.BIGINT, 2L)));
      assertRoundTrip(new ComparisonExpr(op, NAME, new LiteralExpr(DataType.VARCHAR, "b")));
    }
  }

  @Test
  void logicalAndOr() {
    PhysicalExpr small = new ComparisonExpr(ComparisonExpr.Op.LT, ID, new LiteralExpr(DataType.BIGINT, 10L));
    assertRoundTrip(new LogicalExpr(true, List.of(small, FLAG)));
    assertRoundTrip(new LogicalExpr(false, List.of(small, FLAG, new IsNullExpr(NAME, false))));
  }

  @Test
  void not() {
    assertRoundTrip(new NotExpr(FLAG));
  }

  @Test
  void isNullAndIsNotNull() {
    assertRoundTrip(new IsNullExpr(NAME, false));
    assertRoundTrip(new IsNullExpr(ID, true));
  }

  @Test
  void cast() {
    assertRoundTrip(new CastExpr(ID, DataType.DOUBLE));
    assertRoundTrip(new CastExpr(ID, DataType.VARCHAR));
    assertRoundTrip(new CastExpr(AMOUNT, DataType.decimal(12, 3)));
    assertRoundTrip(new CastExpr(AMOUNT, DataType.decimal(38, 2)));
  }

  @Test
  void caseWithAndWithoutElse() {
    PhysicalExpr small = new ComparisonExpr(ComparisonExpr.Op.LT, ID, new LiteralExpr(DataType.BIGINT, 2L));
    assertRoundTrip(new CaseExpr(List.of(small, FLAG),
        List.of(new LiteralExpr(DataType.VARCHAR, "small"), new LiteralExpr(DataType.VARCHAR, "flagged")),
        NAME, DataType.VARCHAR));
    assertRoundTrip(new CaseExpr(List.of(small), List.of(ID), null, DataType.BIGINT));
  }

  @Test
  void likeWithAndWithoutEscape() {
    assertRoundTrip(new LikeExpr(NAME, "a%", null, false));
    assertRoundTrip(new LikeExpr(NAME, "%an%", null, true));
    assertRoundTrip(new LikeExpr(NAME, "a!_b%", '!', false));
    LikeExpr copy = (LikeExpr) roundTrip(new LikeExpr(NAME, "a!_b%", '!', true));
    assertEquals('!', copy.escape());
    assertTrue(copy.negated());
    assertEquals(null, ((LikeExpr) roundTrip(new LikeExpr(NAME, "a%", null, false))).escape());
  }

  @Test
  void inListsOfTextDatesAndDecimals() {
    assertRoundTrip(new InListExpr(NAME, List.of("a", "", "O'Brien"), false));
    assertRoundTrip(new InListExpr(DAY, List.of(19_000L, -1L), true));
    assertRoundTrip(new InListExpr(AMOUNT, List.of(1025L, Long.MIN_VALUE), false));
    InListExpr copy = (InListExpr) roundTrip(new InListExpr(ID, List.of(1L, 2L), true));
    assertEquals(List.of(1L, 2L), copy.values());
    assertTrue(copy.negated());
  }

  @Test
  void extractEveryField() {
    for (ExtractExpr.Field field : ExtractExpr.Field.values()) {
      assertRoundTrip(new ExtractExpr(field, DAY));
    }
  }

  @Test
  void everyStringFunction() {
    for (StringFunctionExpr.Function function : StringFunctionExpr.Function.values()) {
      assertRoundTrip(new StringFunctionExpr(function, NAME));
    }
  }

  @Test
  void concatBothNullRules() {
    for (boolean skipNulls : new boolean[] {true, false}) {
      ConcatExpr e = new ConcatExpr(List.of(NAME, new LiteralExpr(DataType.VARCHAR, "-"), new CastExpr(ID, DataType.VARCHAR)),
          skipNulls);
      assertRoundTrip(e);
      assertEquals(e, roundTrip(e));
    }
  }

  @Test
  void positionAndReplace() {
    assertRoundTrip(new PositionExpr(new LiteralExpr(DataType.VARCHAR, "an"), NAME));
    assertRoundTrip(new ReplaceExpr(NAME, new LiteralExpr(DataType.VARCHAR, "a"), new LiteralExpr(DataType.VARCHAR, "ä")));
    assertEquals(new PositionExpr(NAME, NAME), roundTrip(new PositionExpr(NAME, NAME)));
  }

  @Test
  void everyDoubleFunction() {
    for (DoubleFunctionExpr.Function function : DoubleFunctionExpr.Function.values()) {
      PhysicalExpr absolute = new DoubleFunctionExpr(DoubleFunctionExpr.Function.ABS, List.of(PRICE));
      List<PhysicalExpr> args = function == DoubleFunctionExpr.Function.POWER
          ? List.of(PRICE, new LiteralExpr(DataType.DOUBLE, 2.0))
          : List.of(function == DoubleFunctionExpr.Function.LN
              ? new DoubleFunctionExpr(DoubleFunctionExpr.Function.EXP, List.of(PRICE)) : absolute);
      DoubleFunctionExpr e = new DoubleFunctionExpr(function, args);
      assertRoundTrip(e);
      assertEquals(e, roundTrip(e));
    }
  }

  @Test
  void everyRoundModeOnEveryLane() {
    for (RoundExpr.Mode mode : RoundExpr.Mode.values()) {
      for (PhysicalExpr input : List.of(ID, PRICE, AMOUNT, new CastExpr(AMOUNT, DataType.decimal(30, 2)))) {
        RoundExpr e = new RoundExpr(mode, input, mode == RoundExpr.Mode.ROUND ? 1 : 0);
        assertRoundTrip(e);
        assertEquals(e, roundTrip(e));
      }
    }
    assertRoundTrip(new RoundExpr(RoundExpr.Mode.ROUND, ID, -1));
  }

  @Test
  void dateArithmetic() {
    for (boolean negate : new boolean[] {true, false}) {
      assertRoundTrip(new DateArithmeticExpr(DateArithmeticExpr.Op.ADD_INTERVAL, DAY,
          new LiteralExpr(DataType.INTERVAL_YEAR_MONTH, 13L), negate));
      assertRoundTrip(new DateArithmeticExpr(DateArithmeticExpr.Op.ADD_INTERVAL, new CastExpr(DAY, DataType.TIMESTAMP),
          new LiteralExpr(DataType.INTERVAL_DAY_TIME, 90_000_000L), negate));
    }
    DateArithmeticExpr between = new DateArithmeticExpr(DateArithmeticExpr.Op.DAYS_BETWEEN, DAY,
        new LiteralExpr(DataType.DATE, 18000L), false);
    assertRoundTrip(between);
    assertEquals(between, roundTrip(between));
  }

  @Test
  void dateTruncEveryUnit() {
    for (DateTruncExpr.Unit unit : DateTruncExpr.Unit.values()) {
      assertRoundTrip(new DateTruncExpr(unit, new CastExpr(DAY, DataType.TIMESTAMP)));
      if (unit.compareTo(DateTruncExpr.Unit.DAY) <= 0) {
        assertRoundTrip(new DateTruncExpr(unit, DAY));
      }
    }
  }

  @Test
  void substringWithAndWithoutLength() {
    assertRoundTrip(new SubstringExpr(NAME, new LiteralExpr(DataType.BIGINT, 2L), new LiteralExpr(DataType.BIGINT, 3L)));
    assertRoundTrip(new SubstringExpr(NAME, new LiteralExpr(DataType.BIGINT, 2L), null));
  }

  @Test
  void nestedExpressionsKeepTheirShape() {
    PhysicalExpr e = new CaseExpr(
        List.of(new LogicalExpr(true, List.of(new NotExpr(new IsNullExpr(ID, false)),
            new ComparisonExpr(ComparisonExpr.Op.GE,
                new ArithmeticExpr(ArithmeticExpr.Op.MULTIPLY, new CastExpr(ID, DataType.DOUBLE), PRICE, DataType.DOUBLE),
                new LiteralExpr(DataType.DOUBLE, 0.0))))),
        List.of(new SubstringExpr(NAME, new LiteralExpr(DataType.BIGINT, 1L), new LiteralExpr(DataType.BIGINT, 2L))),
        new LiteralExpr(DataType.VARCHAR, null), DataType.VARCHAR);
    assertRoundTrip(e);
    assertEquals(e, roundTrip(e));
  }

  @Test
  void unknownExpressionNamesItsClass() {
    PhysicalExpr custom = new PhysicalExpr() {
      @Override
      public DataType type() {
        return DataType.BIGINT;
      }

      @Override
      public FieldVector evaluate(Batch batch, TaskContext context) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<PhysicalExpr> children() {
        return List.of();
      }
    };
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanSerde.toProto(custom));
    assertTrue(e.getMessage().contains(custom.getClass().getName()), e.getMessage());
    // ... also when nested inside a known one
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.toProto(new NotExpr(custom)));
  }

  @Test
  void malformedNodesAreRejected() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> PlanSerde.fromProto(PhysicalExprNode.getDefaultInstance()));
    assertTrue(empty.getMessage().contains("no expression"), empty.getMessage());

    PhysicalExprNode noOp = PhysicalExprNode.newBuilder().setArithmetic(ArithmeticExprNode.newBuilder()
        .setLeft(PlanSerde.toProto(ID)).setRight(PlanSerde.toProto(ID))
        .setType(PlanSerde.toProto(DataType.BIGINT))).build();
    IllegalArgumentException unspecified = assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(noOp));
    assertTrue(unspecified.getMessage().contains("OP_UNSPECIFIED"), unspecified.getMessage());

    PhysicalExprNode futureOp = PhysicalExprNode.newBuilder().setArithmetic(noOp.getArithmetic().toBuilder()
        .setOpValue(99)).build();
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(futureOp));

    PhysicalExprNode longEscape = PhysicalExprNode.newBuilder().setLike(LikeExprNode.newBuilder()
        .setInput(PlanSerde.toProto(NAME)).setPattern("a%").setEscape("!!")).build();
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(longEscape));

    PhysicalExprNode missingChild = PhysicalExprNode.newBuilder().setNot(
        dev.ballista.proto.NotExprNode.getDefaultInstance()).build();
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(missingChild));
  }
}
