package dev.ballista.engine.serde;

import static dev.ballista.engine.serde.SerdeAssertions.roundTrip;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.BatchStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.ShuffleLocation;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.agg.AggregateCall;
import dev.ballista.engine.exec.agg.AggregateFunction;
import dev.ballista.engine.exec.agg.HashAggregateExec;
import dev.ballista.engine.exec.join.HashJoinExec;
import dev.ballista.engine.exec.join.JoinType;
import dev.ballista.engine.exec.op.ExchangeExec;
import dev.ballista.engine.exec.op.FilterExec;
import dev.ballista.engine.exec.op.LimitExec;
import dev.ballista.engine.exec.op.ProjectExec;
import dev.ballista.engine.exec.op.UnionExec;
import dev.ballista.engine.exec.op.ValuesExec;
import dev.ballista.engine.exec.scan.CsvOptions;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.exec.scan.FileScanExec;
import dev.ballista.engine.exec.shuffle.ShuffleReaderExec;
import dev.ballista.engine.exec.shuffle.ShuffleWriterExec;
import dev.ballista.engine.exec.sort.SortExec;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.exec.window.WindowCall;
import dev.ballista.engine.exec.window.WindowExec;
import dev.ballista.engine.exec.window.WindowFrame;
import dev.ballista.engine.exec.window.WindowFunction;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.CastExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.FilterExecNode;
import dev.ballista.proto.PhysicalPlanNode;
import dev.ballista.proto.ProjectExecNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every operator survives serialization with the same EXPLAIN line, schema, partitioning and children. */
class PlanSerdeTest {
  static final RowSchema TABLE = new RowSchema(List.of(
      new Column("id", DataType.BIGINT, false),
      Column.of("region", DataType.VARCHAR),
      Column.of("amount", DataType.decimal(15, 2)),
      Column.of("day", DataType.DATE)));
  static final ColumnExpr ID = new ColumnExpr(0, DataType.BIGINT);
  static final ColumnExpr REGION = new ColumnExpr(1, DataType.VARCHAR);
  static final ColumnExpr AMOUNT = new ColumnExpr(2, DataType.decimal(15, 2));

  static FileScanExec scan() {
    return new FileScanExec("sales", FileFormatKind.PARQUET,
        List.of(List.of("/data/sales/part-0/data-0.parquet", "/data/sales/part-0/data-1.parquet"),
            List.of("s3://bucket/sales/part-1/data-0.parquet"), List.of()),
        TABLE, new int[] {0, 1, 2, 3});
  }

  static ValuesExec values() {
    RowSchema schema = RowSchema.of(Column.of("n", DataType.BIGINT), Column.of("s", DataType.VARCHAR));
    return new ValuesExec(schema, List.of(Arrays.asList(1L, "one"), Arrays.asList(2L, null)));
  }

  static ShuffleLocation location(int map, int output) {
    return new ShuffleLocation("exec-" + map, "host-" + map, 50050 + map, "job1", 2, map, output,
        "/tmp/work/job1/2/" + output + "/data-" + map + ".arrow");
  }

  @Test
  void fileScan() {
    for (FileFormatKind format : FileFormatKind.values()) {
      FileScanExec scan = new FileScanExec("t", format, List.of(List.of("/a.x")), TABLE, new int[] {3, 1});
      FileScanExec copy = (FileScanExec) roundTrip(scan);
      assertEquals(format, copy.format());
      assertArrayEquals(new int[] {3, 1}, copy.projection());
    }
    FileScanExec copy = (FileScanExec) roundTrip(scan());
    assertEquals(scan().fileGroups(), copy.fileGroups());
    assertEquals(TABLE, copy.tableSchema());
    assertEquals("sales", copy.tableName());
    roundTrip(new FileScanExec("empty", FileFormatKind.CSV, List.of(), TABLE, new int[0]));
    FileScanExec csv = (FileScanExec) roundTrip(new FileScanExec("t", FileFormatKind.CSV, List.of(List.of("/a.csv")),
        TABLE, new int[] {0}, new CsvOptions('|', false)));
    assertEquals(new CsvOptions('|', false), csv.csvOptions());
    assertEquals(CsvOptions.DEFAULT, ((FileScanExec) roundTrip(new FileScanExec("t", FileFormatKind.CSV,
        List.of(List.of("/a.csv")), TABLE, new int[] {0}))).csvOptions());
    List<dev.ballista.engine.exec.scan.ScanPredicate> predicates = List.of(
        new dev.ballista.engine.exec.scan.ScanPredicate(0, ComparisonExpr.Op.GE, -7),
        new dev.ballista.engine.exec.scan.ScanPredicate(3, ComparisonExpr.Op.EQ, Long.MAX_VALUE));
    assertEquals(predicates, ((FileScanExec) roundTrip(scan().withPredicates(predicates))).predicates());
    List<dev.ballista.engine.exec.scan.ScanInPredicate> text = List.of(
        new dev.ballista.engine.exec.scan.ScanInPredicate(1, List.of("a", "", "é'x")),
        new dev.ballista.engine.exec.scan.ScanInPredicate(1, List.of("b")),
        new dev.ballista.engine.exec.scan.ScanInPredicate(0, List.of(-7L, Long.MAX_VALUE)));
    FileScanExec both = (FileScanExec) roundTrip(scan().withPredicates(predicates, text));
    assertEquals(predicates, both.predicates());
    assertEquals(text, both.inPredicates());
  }

  @Test
  void union() {
    UnionExec union = new UnionExec(List.of(values(), new ProjectExec(values(),
        List.of(new ColumnExpr(0, DataType.BIGINT), new ColumnExpr(1, DataType.VARCHAR)), List.of("a", "b")), values()),
        values().schema());
    UnionExec copy = (UnionExec) roundTrip(union);
    assertEquals(3, copy.children().size());
    assertEquals(3, copy.outputPartitioning().partitionCount());
    assertEquals(union.schema(), copy.schema());
    assertThrows(IllegalArgumentException.class, () -> new UnionExec(List.of(values(), scan()), values().schema()));
  }

  @Test
  void filter() {
    FilterExec filter = new FilterExec(scan(),
        new ComparisonExpr(ComparisonExpr.Op.GT, AMOUNT, new LiteralExpr(DataType.decimal(15, 2), 10000L)));
    assertEquals(filter.predicate(), ((FilterExec) roundTrip(filter)).predicate());
    assertEquals(null, ((FilterExec) roundTrip(filter)).projection());
  }

  @Test
  void filterWithProjection() {
    FilterExec filter = new FilterExec(scan(),
        new ComparisonExpr(ComparisonExpr.Op.GT, AMOUNT, new LiteralExpr(DataType.decimal(15, 2), 10000L)),
        new int[] {1, 0});
    FilterExec back = (FilterExec) roundTrip(filter);
    assertEquals(filter.predicate(), back.predicate());
    assertArrayEquals(new int[] {1, 0}, back.projection());
    assertEquals(filter.schema(), back.schema());
  }

  @Test
  void project() {
    ProjectExec project = new ProjectExec(scan(),
        List.of(REGION, new ArithmeticExpr(ArithmeticExpr.Op.MULTIPLY, ID, ID, DataType.BIGINT)),
        List.of("region", "id_squared"));
    ProjectExec copy = (ProjectExec) roundTrip(project);
    assertEquals(project.expressions(), copy.expressions());
    assertEquals(List.of("region", "id_squared"), copy.names());
    roundTrip(new ProjectExec(values(), List.of(), List.of()));
  }

  @Test
  void hashAggregate() {
    HashAggregateExec agg = new HashAggregateExec(scan(), List.of(REGION), List.of("region"), List.of(
        new AggregateCall(AggregateFunction.COUNT_STAR, null, DataType.BIGINT, "c"),
        new AggregateCall(AggregateFunction.COUNT, AMOUNT, DataType.BIGINT, "n"),
        new AggregateCall(AggregateFunction.SUM, AMOUNT, DataType.decimal(38, 2), "total"),
        new AggregateCall(AggregateFunction.SUM0, ID, DataType.BIGINT, "s0"),
        // normalized: the argument gets a CAST to the accumulator's lane, and stays as it is on the way back
        new AggregateCall(AggregateFunction.SUM, ID, DataType.decimal(38, 0), "wide"),
        new AggregateCall(AggregateFunction.MIN, REGION, DataType.VARCHAR, "lo"),
        new AggregateCall(AggregateFunction.MAX, ID, DataType.BIGINT, "hi")));
    HashAggregateExec copy = (HashAggregateExec) roundTrip(agg);
    assertEquals(agg.aggregates(), copy.aggregates());
    assertNull(copy.aggregates().get(0).argument());
    assertTrue(copy.aggregates().get(4).argument() instanceof CastExpr);
    assertEquals(agg.groupBy(), copy.groupBy());
    assertEquals(List.of("region"), copy.groupNames());

    roundTrip(new HashAggregateExec(scan(), List.of(), List.of(),
        List.of(new AggregateCall(AggregateFunction.COUNT_STAR, null, DataType.BIGINT, "count"))));
  }

  @Test
  void limit() {
    LimitExec copy = (LimitExec) roundTrip(new LimitExec(scan(), 5, 10));
    assertEquals(5, copy.offset());
    assertEquals(10, copy.fetch());
    assertEquals(-1, ((LimitExec) roundTrip(new LimitExec(scan(), 3, -1))).fetch());
  }

  @Test
  void valuesKeepEveryLaneAndNulls() {
    RowSchema schema = RowSchema.of(Column.of("l", DataType.BIGINT), Column.of("d", DataType.DOUBLE),
        Column.of("w", DataType.decimal(30, 3)), Column.of("s", DataType.VARCHAR), Column.of("b", DataType.BOOLEAN),
        Column.of("n", DataType.NULL));
    ValuesExec values = new ValuesExec(schema, List.of(
        Arrays.asList(1L, 2.5, new BigDecimal("12345678901234567890.125"), "x", true, null),
        Arrays.asList(null, null, null, null, null, null)));
    ValuesExec copy = (ValuesExec) roundTrip(values);
    assertEquals(values.rows(), copy.rows());
    assertEquals(List.of(), ((ValuesExec) roundTrip(new ValuesExec(schema, List.of()))).rows());
    // a value list of no columns (SELECT without FROM before projection)
    assertEquals(1, ((ValuesExec) roundTrip(new ValuesExec(RowSchema.of(), List.of(List.of())))).rows().size());
  }

  @Test
  void valuesExecuteTheSameAfterTheTrip() {
    try (var allocator = new org.apache.arrow.memory.RootAllocator()) {
      TaskContext context = new TaskContext(allocator, 0, null);
      ExecutionPlan copy = roundTrip(values());
      try (BatchStream a = values().execute(0, context); BatchStream b = copy.execute(0, context);
           var x = a.next(); var y = b.next()) {
        assertEquals(x.rowCount(), y.rowCount());
        for (int c = 0; c < x.columnCount(); c++) {
          for (int r = 0; r < x.rowCount(); r++) {
            assertEquals(x.column(c).getObject(r), y.column(c).getObject(r));
          }
        }
      }
    }
  }

  @Test
  void exchangeWithEveryPartitioning() {
    for (Partitioning p : List.of(new Partitioning.Unknown(3), new Partitioning.Single(),
        new Partitioning.Hash(List.of(REGION, ID), 8), new Partitioning.Broadcast(2))) {
      ExchangeExec copy = (ExchangeExec) roundTrip(new ExchangeExec(scan(), p));
      assertEquals(p, copy.partitioning());
    }
  }

  @Test
  void shuffleWriter() {
    Partitioning.Hash hash = new Partitioning.Hash(List.of(REGION), 4);
    ShuffleWriterExec hashed = (ShuffleWriterExec) roundTrip(new ShuffleWriterExec(scan(), "job-7", 3, hash, false));
    assertEquals("job-7", hashed.jobId());
    assertEquals(3, hashed.stageId());
    assertEquals(hash, hashed.hashPartitioning());
    assertEquals(4, hashed.outputPartitionCount());

    ShuffleWriterExec result = (ShuffleWriterExec) roundTrip(new ShuffleWriterExec(scan(), "job-7", 5, null, true));
    assertNull(result.hashPartitioning());
    assertTrue(result.clientResult());
  }

  @Test
  void shuffleReaderWithAndWithoutLocations() {
    List<List<ShuffleLocation>> locations = List.of(
        List.of(location(0, 0), location(1, 0)), List.of(), List.of(location(0, 2)));
    ShuffleReaderExec resolved = new ShuffleReaderExec(2, TABLE, new Partitioning.Hash(List.of(ID), 3), locations);
    ShuffleReaderExec copy = (ShuffleReaderExec) roundTrip(resolved);
    assertEquals(locations, copy.locations());
    assertEquals(2, copy.stageId());

    ShuffleReaderExec unresolved = new ShuffleReaderExec(2, TABLE, new Partitioning.Unknown(3), null);
    assertEquals(List.of(), ((ShuffleReaderExec) roundTrip(unresolved)).locations());
  }

  @Test
  void sort() {
    List<SortKey> keys = List.of(new SortKey(2, true, false), new SortKey(0, false, true));
    SortExec copy = (SortExec) roundTrip(new SortExec(scan(), keys, 10));
    assertEquals(keys, copy.keys());
    assertEquals(10, copy.fetch());
    assertEquals(-1, ((SortExec) roundTrip(new SortExec(scan(), keys, -1))).fetch());
  }

  @Test
  void windowWithEveryFunctionAndFrame() {
    WindowFrame sliding = new WindowFrame(true, new WindowFrame.Bound(WindowFrame.BoundKind.PRECEDING, 3),
        new WindowFrame.Bound(WindowFrame.BoundKind.FOLLOWING, 2));
    List<WindowFrame> frames = List.of(WindowFrame.RUNNING, WindowFrame.WHOLE_PARTITION, sliding,
        new WindowFrame(false, WindowFrame.Bound.of(WindowFrame.BoundKind.CURRENT_ROW),
            WindowFrame.Bound.of(WindowFrame.BoundKind.UNBOUNDED_FOLLOWING)));
    List<WindowCall> calls = new java.util.ArrayList<>();
    int i = 0;
    for (WindowFunction function : WindowFunction.values()) {
      int argument = function.hasArgument() ? (function == WindowFunction.LAG ? 1 : 2) : -1;
      DataType type = switch (function) {
        case PERCENT_RANK, CUME_DIST, AVG -> DataType.DOUBLE;
        case LAG -> DataType.VARCHAR;
        case SUM, SUM0 -> DataType.decimal(38, 2);
        case FIRST_VALUE, LAST_VALUE, NTH_VALUE, MIN, MAX, LEAD -> DataType.decimal(15, 2);
        default -> DataType.BIGINT;
      };
      long constant = function == WindowFunction.NTILE ? 4 : function == WindowFunction.LEAD ? 2 : 0;
      calls.add(new WindowCall(function, argument, constant,
          function == WindowFunction.LAG ? new LiteralExpr(DataType.VARCHAR, "none") : null,
          frames.get(i % frames.size()), type, "w" + i++));
    }
    WindowExec window = new WindowExec(new SortExec(scan(), List.of(new SortKey(1, false, false)), -1),
        new int[] {1}, List.of(new SortKey(3, true, true)), calls);
    WindowExec copy = (WindowExec) roundTrip(window);
    assertEquals(calls, copy.calls());
    assertArrayEquals(new int[] {1}, copy.partitionKeys());
    assertEquals(window.orderKeys(), copy.orderKeys());
    WindowExec unpartitioned = (WindowExec) roundTrip(new WindowExec(scan(), new int[0], List.of(), calls.subList(0, 1)));
    assertEquals(0, unpartitioned.partitionKeys().length);
  }

  @Test
  void hashJoinWithProjection() {
    HashJoinExec join = new HashJoinExec(scan(), values(), new int[] {0}, new int[] {0}, JoinType.INNER, null, true,
        new int[] {2, 0});
    HashJoinExec copy = (HashJoinExec) roundTrip(join);
    assertArrayEquals(new int[] {2, 0}, copy.projection());
    assertEquals(join.schema(), copy.schema());
    assertNull(((HashJoinExec) roundTrip(new HashJoinExec(scan(), values(), new int[] {0}, new int[] {0},
        JoinType.INNER, null, true))).projection());
  }

  @Test
  void hashJoinOfEveryType() {
    for (JoinType type : JoinType.values()) {
      HashJoinExec join = new HashJoinExec(scan(), values(), new int[] {0}, new int[] {0}, type, null, false);
      HashJoinExec copy = (HashJoinExec) roundTrip(join);
      assertEquals(type, copy.joinType());
      assertNull(copy.residual());
    }
    HashJoinExec withResidual = new HashJoinExec(scan(), values(), new int[] {0, 1}, new int[] {0, 1},
        JoinType.INNER, new ComparisonExpr(ComparisonExpr.Op.LT, ID, new ColumnExpr(4, DataType.BIGINT)), true);
    HashJoinExec copy = (HashJoinExec) roundTrip(withResidual);
    assertArrayEquals(new int[] {0, 1}, copy.leftKeys());
    assertArrayEquals(new int[] {0, 1}, copy.rightKeys());
    assertEquals(withResidual.residual(), copy.residual());
    assertTrue(copy.broadcastBuild());
  }

  @Test
  void aStageLikeTheDistributedPlannerMakes() {
    ExecutionPlan partial = new HashAggregateExec(
        new FilterExec(new ProjectExec(scan(), List.of(REGION, AMOUNT), List.of("region", "amount")),
            new ComparisonExpr(ComparisonExpr.Op.NE, new ColumnExpr(0, DataType.VARCHAR),
                new LiteralExpr(DataType.VARCHAR, "r0"))),
        List.of(new ColumnExpr(0, DataType.VARCHAR)), List.of("region"),
        List.of(new AggregateCall(AggregateFunction.SUM, new ColumnExpr(1, DataType.decimal(15, 2)),
            DataType.decimal(38, 2), "total")));
    ExecutionPlan stage = new ShuffleWriterExec(new LimitExec(new SortExec(partial, List.of(new SortKey(1, true, true)),
        5), 0, 5), "job", 1, new Partitioning.Hash(List.of(new ColumnExpr(0, DataType.VARCHAR)), 4), false);
    roundTrip(stage);
  }

  @Test
  void deepPlansAreNotLimitedByProtobufNesting() {
    ExecutionPlan plan = values();
    for (int i = 0; i < 300; i++) {
      plan = new FilterExec(plan, new ComparisonExpr(ComparisonExpr.Op.GT, new ColumnExpr(0, DataType.BIGINT),
          new LiteralExpr(DataType.BIGINT, (long) i)));
    }
    roundTrip(plan);
  }

  @Test
  void unknownOperatorNamesItsClass() {
    // A test-only operator the serde does not know.
    ExecutionPlan custom = new dev.ballista.engine.exec.RowsPlan(RowSchema.of(), List.of(), 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanSerde.serialize(custom));
    assertTrue(e.getMessage().contains(custom.getClass().getName()), e.getMessage());
    IllegalArgumentException nested = assertThrows(IllegalArgumentException.class,
        () -> PlanSerde.serialize(new LimitExec(custom, 0, 1)));
    assertTrue(nested.getMessage().contains(custom.getClass().getName()), nested.getMessage());
  }

  @Test
  void malformedBytesAreRejected() {
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> PlanSerde.deserialize(new byte[0]));
    assertTrue(empty.getMessage().contains("no operator"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.deserialize(new byte[] {(byte) 0xff, 0x01, 0x02}));
    byte[] truncated = PlanSerde.serialize(scan());
    assertThrows(IllegalArgumentException.class,
        () -> PlanSerde.deserialize(Arrays.copyOf(truncated, truncated.length - 3)));
    // a filter without its input
    byte[] noInput = PhysicalPlanNode.newBuilder().setFilter(FilterExecNode.newBuilder()
        .setPredicate(PlanSerde.toProto(ID))).build().toByteArray();
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.deserialize(noInput));
    // names that do not match the expressions
    PhysicalPlanNode mismatched = PhysicalPlanNode.newBuilder().setProject(ProjectExecNode.newBuilder()
        .setInput(PlanSerde.toProto(values())).addExprs(PlanSerde.toProto(ID))).build();
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(mismatched));
  }
}
