package dev.ballista.engine.serde;

import static dev.ballista.engine.serde.TypeSerde.enumFromProto;
import static dev.ballista.engine.serde.TypeSerde.enumToProto;

import com.google.protobuf.CodedInputStream;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.ShuffleLocation;
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
import dev.ballista.engine.exec.window.WindowExec;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.AggregateCallNode;
import dev.ballista.proto.BroadcastPartitioning;
import dev.ballista.proto.DataTypeNode;
import dev.ballista.proto.ExchangeExecNode;
import dev.ballista.proto.FileGroup;
import dev.ballista.proto.FileScanExecNode;
import dev.ballista.proto.FilterExecNode;
import dev.ballista.proto.HashAggregateExecNode;
import dev.ballista.proto.HashJoinExecNode;
import dev.ballista.proto.HashPartitioning;
import dev.ballista.proto.LaneValue;
import dev.ballista.proto.LimitExecNode;
import dev.ballista.proto.PartitioningNode;
import dev.ballista.proto.PhysicalExprNode;
import dev.ballista.proto.PhysicalPlanNode;
import dev.ballista.proto.UnionExecNode;
import dev.ballista.proto.ProjectExecNode;
import dev.ballista.proto.RowSchemaNode;
import dev.ballista.proto.ShuffleLocationNode;
import dev.ballista.proto.ShuffleLocations;
import dev.ballista.proto.ShuffleReaderExecNode;
import dev.ballista.proto.ShuffleWriterExecNode;
import dev.ballista.proto.SinglePartitioning;
import dev.ballista.proto.SortExecNode;
import dev.ballista.proto.SortKeyNode;
import dev.ballista.proto.UnknownPartitioning;
import dev.ballista.proto.ValuesExecNode;
import dev.ballista.proto.ValuesRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Physical plans to and from protobuf ({@code ballista/plan.proto}), the form in which tasks travel from the
 * scheduler to executors. Unknown operators and expressions fail with an {@link IllegalArgumentException} naming
 * the class. To add an operator: a message and a {@code PhysicalPlanNode} oneof field in plan.proto, one arm in
 * each of {@link #toProto(ExecutionPlan)} and {@link #fromProto(PhysicalPlanNode)}, and one pair of private
 * methods here (expressions likewise in {@link ExprSerde}).
 */
public final class PlanSerde {
  /** Protobuf's default of 100 nested messages is about 25 operators with expressions; plans may be deeper. */
  private static final int RECURSION_LIMIT = 2000;

  private PlanSerde() {}

  public static byte[] serialize(ExecutionPlan plan) {
    return toProto(plan).toByteArray();
  }

  public static ExecutionPlan deserialize(byte[] bytes) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    in.setRecursionLimit(RECURSION_LIMIT);
    try {
      return fromProto(PhysicalPlanNode.parseFrom(in));
    } catch (IOException e) { // InvalidProtocolBufferException: reading a byte array does no I/O
      throw new IllegalArgumentException("not a serialized PhysicalPlanNode: " + e.getMessage(), e);
    }
  }

  // ---------------------------------------------------------------- operators

  public static PhysicalPlanNode toProto(ExecutionPlan plan) {
    PhysicalPlanNode.Builder b = PhysicalPlanNode.newBuilder();
    switch (plan) {
      case FileScanExec p -> b.setFileScan(fileScan(p));
      case FilterExec p -> b.setFilter(filter(p));
      case ProjectExec p -> b.setProject(project(p));
      case HashAggregateExec p -> b.setHashAggregate(hashAggregate(p));
      case LimitExec p -> b.setLimit(limit(p));
      case ValuesExec p -> b.setValues(values(p));
      case ExchangeExec p -> b.setExchange(exchange(p));
      case ShuffleWriterExec p -> b.setShuffleWriter(shuffleWriter(p));
      case ShuffleReaderExec p -> b.setShuffleReader(shuffleReader(p));
      case SortExec p -> b.setSort(sort(p));
      case HashJoinExec p -> b.setHashJoin(hashJoin(p));
      case UnionExec p -> b.setUnion(union(p));
      case WindowExec p -> b.setWindow(WindowSerde.toProto(p));
      case null -> throw new IllegalArgumentException("cannot serialize a null operator");
      default -> throw new IllegalArgumentException("cannot serialize operator " + plan.getClass().getName());
    }
    return b.build();
  }

  public static ExecutionPlan fromProto(PhysicalPlanNode node) {
    return switch (node.getNodeCase()) {
      case FILE_SCAN -> fileScan(node.getFileScan());
      case FILTER -> filter(node.getFilter());
      case PROJECT -> project(node.getProject());
      case HASH_AGGREGATE -> hashAggregate(node.getHashAggregate());
      case LIMIT -> limit(node.getLimit());
      case VALUES -> values(node.getValues());
      case EXCHANGE -> exchange(node.getExchange());
      case SHUFFLE_WRITER -> shuffleWriter(node.getShuffleWriter());
      case SHUFFLE_READER -> shuffleReader(node.getShuffleReader());
      case SORT -> sort(node.getSort());
      case HASH_JOIN -> hashJoin(node.getHashJoin());
      case UNION -> union(node.getUnion());
      case WINDOW -> WindowSerde.fromProto(node.getWindow());
      case NODE_NOT_SET -> throw new IllegalArgumentException(
          "PhysicalPlanNode has no operator set (written by a newer version?)");
    };
  }

  private static UnionExecNode union(UnionExec p) {
    UnionExecNode.Builder b = UnionExecNode.newBuilder().setSchema(TypeSerde.toProto(p.schema()));
    for (ExecutionPlan input : p.children()) {
      b.addInputs(toProto(input));
    }
    return b.build();
  }

  private static ExecutionPlan union(UnionExecNode n) {
    List<ExecutionPlan> inputs = new java.util.ArrayList<>();
    for (PhysicalPlanNode input : n.getInputsList()) {
      inputs.add(fromProto(input));
    }
    return new UnionExec(inputs, TypeSerde.fromProto(n.getSchema()));
  }

  private static FileScanExecNode fileScan(FileScanExec p) {
    FileScanExecNode.Builder b = FileScanExecNode.newBuilder()
        .setTableName(p.tableName())
        .setFormat(enumToProto(p.format(), FileScanExecNode.Format.class))
        .setTableSchema(TypeSerde.toProto(p.tableSchema()));
    for (List<String> group : p.fileGroups()) {
      b.addFileGroups(FileGroup.newBuilder().addAllPaths(group));
    }
    for (int i : p.projection()) {
      b.addProjection(i);
    }
    if (p.format() == FileFormatKind.CSV) {
      b.setCsv(dev.ballista.proto.CsvScanOptions.newBuilder()
          .setDelimiter(String.valueOf(p.csvOptions().delimiter())).setHeader(p.csvOptions().header()));
    }
    for (dev.ballista.engine.exec.scan.ScanPredicate sp : p.predicates()) {
      b.addPredicates(dev.ballista.proto.ScanPredicateNode.newBuilder().setColumn(sp.column())
          .setOp(enumToProto(sp.op(), dev.ballista.proto.ComparisonExprNode.Op.class)).setValue(sp.value()));
    }
    for (dev.ballista.engine.exec.scan.ScanInPredicate tp : p.inPredicates()) {
      dev.ballista.proto.ScanInPredicateNode.Builder in = dev.ballista.proto.ScanInPredicateNode.newBuilder()
          .setColumn(tp.column());
      for (Object v : tp.values()) {
        if (v instanceof String text) {
          in.addTexts(text);
        } else {
          in.addNumbers((Long) v);
        }
      }
      b.addInPredicates(in);
    }
    return b.build();
  }

  private static ExecutionPlan fileScan(FileScanExecNode n) {
    List<List<String>> groups = new ArrayList<>(n.getFileGroupsCount());
    for (FileGroup g : n.getFileGroupsList()) {
      groups.add(List.copyOf(g.getPathsList()));
    }
    int[] projection = n.getProjectionList().stream().mapToInt(Integer::intValue).toArray();
    CsvOptions csv = n.hasCsv() && !n.getCsv().getDelimiter().isEmpty()
        ? new CsvOptions(n.getCsv().getDelimiter().charAt(0), n.getCsv().getHeader()) : CsvOptions.DEFAULT;
    List<dev.ballista.engine.exec.scan.ScanPredicate> predicates = new ArrayList<>();
    for (dev.ballista.proto.ScanPredicateNode sp : n.getPredicatesList()) {
      predicates.add(new dev.ballista.engine.exec.scan.ScanPredicate(sp.getColumn(),
          enumFromProto(sp.getOp(), dev.ballista.engine.expr.ComparisonExpr.Op.class), sp.getValue()));
    }
    List<dev.ballista.engine.exec.scan.ScanInPredicate> inPredicates = new ArrayList<>();
    for (dev.ballista.proto.ScanInPredicateNode tp : n.getInPredicatesList()) {
      inPredicates.add(new dev.ballista.engine.exec.scan.ScanInPredicate(tp.getColumn(),
          tp.getTextsCount() > 0 ? tp.getTextsList() : tp.getNumbersList()));
    }
    return new FileScanExec(n.getTableName(), enumFromProto(n.getFormat(), FileFormatKind.class), groups,
        TypeSerde.fromProto(n.getTableSchema()), projection, csv, predicates, inPredicates);
  }

  private static FilterExecNode filter(FilterExec p) {
    FilterExecNode.Builder b = FilterExecNode.newBuilder()
        .setInput(toProto(p.children().get(0)))
        .setPredicate(ExprSerde.toProto(p.predicate()));
    if (p.projection() != null) {
      for (int c : p.projection()) {
        b.addProjection(c);
      }
    }
    return b.build();
  }

  private static ExecutionPlan filter(FilterExecNode n) {
    int[] projection = n.getProjectionCount() == 0 ? null
        : n.getProjectionList().stream().mapToInt(Integer::intValue).toArray();
    return new FilterExec(fromProto(n.getInput()), ExprSerde.fromProto(n.getPredicate()), projection);
  }

  private static ProjectExecNode project(ProjectExec p) {
    return ProjectExecNode.newBuilder()
        .setInput(toProto(p.children().get(0)))
        .addAllExprs(ExprSerde.toProto(p.expressions()))
        .addAllNames(p.names())
        .build();
  }

  private static ExecutionPlan project(ProjectExecNode n) {
    if (n.getExprsCount() != n.getNamesCount()) {
      throw new IllegalArgumentException(
          "ProjectExecNode has " + n.getExprsCount() + " expressions but " + n.getNamesCount() + " names");
    }
    return new ProjectExec(fromProto(n.getInput()), ExprSerde.fromProto(n.getExprsList()), n.getNamesList());
  }

  private static HashAggregateExecNode hashAggregate(HashAggregateExec p) {
    HashAggregateExecNode.Builder b = HashAggregateExecNode.newBuilder()
        .setInput(toProto(p.input()))
        .addAllGroupExprs(ExprSerde.toProto(p.groupBy()))
        .addAllGroupNames(p.groupNames());
    for (AggregateCall call : p.aggregates()) {
      AggregateCallNode.Builder c = AggregateCallNode.newBuilder()
          .setFunction(enumToProto(call.function(), AggregateCallNode.Function.class))
          .setType(TypeSerde.toProto(call.type()))
          .setName(call.name());
      if (call.argument() != null) {
        c.setArgument(ExprSerde.toProto(call.argument()));
      }
      b.addAggregates(c);
    }
    return b.build();
  }

  private static ExecutionPlan hashAggregate(HashAggregateExecNode n) {
    if (n.getGroupExprsCount() != n.getGroupNamesCount()) {
      throw new IllegalArgumentException("HashAggregateExecNode has " + n.getGroupExprsCount()
          + " group expressions but " + n.getGroupNamesCount() + " names");
    }
    List<AggregateCall> calls = new ArrayList<>(n.getAggregatesCount());
    for (AggregateCallNode c : n.getAggregatesList()) {
      calls.add(new AggregateCall(enumFromProto(c.getFunction(), AggregateFunction.class),
          c.hasArgument() ? ExprSerde.fromProto(c.getArgument()) : null, TypeSerde.fromProto(c.getType()),
          c.getName()));
    }
    return new HashAggregateExec(fromProto(n.getInput()), ExprSerde.fromProto(n.getGroupExprsList()),
        n.getGroupNamesList(), calls);
  }

  private static LimitExecNode limit(LimitExec p) {
    return LimitExecNode.newBuilder()
        .setInput(toProto(p.children().get(0)))
        .setOffset(p.offset())
        .setFetch(p.fetch())
        .build();
  }

  private static ExecutionPlan limit(LimitExecNode n) {
    return new LimitExec(fromProto(n.getInput()), n.getOffset(), n.getFetch());
  }

  private static ValuesExecNode values(ValuesExec p) {
    ValuesExecNode.Builder b = ValuesExecNode.newBuilder().setSchema(TypeSerde.toProto(p.schema()));
    for (List<Object> row : p.rows()) {
      ValuesRow.Builder r = ValuesRow.newBuilder();
      for (Object v : row) {
        r.addValues(TypeSerde.laneToProto(v));
      }
      b.addRows(r);
    }
    return b.build();
  }

  private static ExecutionPlan values(ValuesExecNode n) {
    RowSchema schema = TypeSerde.fromProto(n.getSchema());
    List<List<Object>> rows = new ArrayList<>(n.getRowsCount());
    for (ValuesRow r : n.getRowsList()) {
      if (r.getValuesCount() != schema.size()) {
        throw new IllegalArgumentException(
            "ValuesExecNode row has " + r.getValuesCount() + " values for " + schema.size() + " columns");
      }
      Object[] row = new Object[r.getValuesCount()];
      for (int c = 0; c < row.length; c++) {
        row[c] = TypeSerde.laneFromProto(r.getValues(c));
      }
      rows.add(Collections.unmodifiableList(Arrays.asList(row))); // may hold nulls, so not List.of
    }
    return new ValuesExec(schema, Collections.unmodifiableList(rows));
  }

  private static ExchangeExecNode exchange(ExchangeExec p) {
    return ExchangeExecNode.newBuilder()
        .setInput(toProto(p.children().get(0)))
        .setPartitioning(toProto(p.partitioning()))
        .build();
  }

  private static ExecutionPlan exchange(ExchangeExecNode n) {
    return new ExchangeExec(fromProto(n.getInput()), fromProto(n.getPartitioning()));
  }

  private static ShuffleWriterExecNode shuffleWriter(ShuffleWriterExec p) {
    ShuffleWriterExecNode.Builder b = ShuffleWriterExecNode.newBuilder()
        .setInput(toProto(p.input()))
        .setJobId(p.jobId())
        .setStageId(p.stageId())
        .setClientResult(p.clientResult());
    if (p.hashPartitioning() != null) {
      b.setHashPartitioning(hash(p.hashPartitioning()));
    }
    return b.build();
  }

  private static ExecutionPlan shuffleWriter(ShuffleWriterExecNode n) {
    return new ShuffleWriterExec(fromProto(n.getInput()), n.getJobId(), n.getStageId(),
        n.hasHashPartitioning() ? hash(n.getHashPartitioning()) : null, n.getClientResult());
  }

  private static ShuffleReaderExecNode shuffleReader(ShuffleReaderExec p) {
    ShuffleReaderExecNode.Builder b = ShuffleReaderExecNode.newBuilder()
        .setStageId(p.stageId())
        .setSchema(TypeSerde.toProto(p.schema()))
        .setPartitioning(toProto(p.outputPartitioning()));
    for (List<ShuffleLocation> partition : p.locations()) {
      ShuffleLocations.Builder locations = ShuffleLocations.newBuilder();
      for (ShuffleLocation l : partition) {
        locations.addLocations(ShuffleLocationNode.newBuilder()
            .setExecutorId(l.executorId())
            .setHost(l.host())
            .setPort(l.port())
            .setJobId(l.jobId())
            .setStageId(l.stageId())
            .setMapPartition(l.mapPartition())
            .setOutputPartition(l.outputPartition())
            .setPath(l.path()));
      }
      b.addPartitions(locations);
    }
    return b.build();
  }

  private static ExecutionPlan shuffleReader(ShuffleReaderExecNode n) {
    List<List<ShuffleLocation>> partitions = new ArrayList<>(n.getPartitionsCount());
    for (ShuffleLocations locations : n.getPartitionsList()) {
      List<ShuffleLocation> partition = new ArrayList<>(locations.getLocationsCount());
      for (ShuffleLocationNode l : locations.getLocationsList()) {
        partition.add(new ShuffleLocation(l.getExecutorId(), l.getHost(), l.getPort(), l.getJobId(),
            l.getStageId(), l.getMapPartition(), l.getOutputPartition(), l.getPath()));
      }
      partitions.add(List.copyOf(partition));
    }
    return new ShuffleReaderExec(n.getStageId(), TypeSerde.fromProto(n.getSchema()),
        fromProto(n.getPartitioning()), partitions);
  }

  private static SortExecNode sort(SortExec p) {
    SortExecNode.Builder b = SortExecNode.newBuilder().setInput(toProto(p.children().get(0))).setFetch(p.fetch());
    for (SortKey k : p.keys()) {
      b.addKeys(SortKeyNode.newBuilder()
          .setColumn(k.column())
          .setDescending(k.descending())
          .setNullsFirst(k.nullsFirst()));
    }
    return b.build();
  }

  private static ExecutionPlan sort(SortExecNode n) {
    List<SortKey> keys = new ArrayList<>(n.getKeysCount());
    for (SortKeyNode k : n.getKeysList()) {
      keys.add(new SortKey(k.getColumn(), k.getDescending(), k.getNullsFirst()));
    }
    return new SortExec(fromProto(n.getInput()), keys, n.getFetch());
  }

  private static HashJoinExecNode hashJoin(HashJoinExec p) {
    HashJoinExecNode.Builder b = HashJoinExecNode.newBuilder()
        .setLeft(toProto(p.children().get(0)))
        .setRight(toProto(p.children().get(1)))
        .setJoinType(enumToProto(p.joinType(), HashJoinExecNode.JoinType.class))
        .setBroadcastBuild(p.broadcastBuild());
    for (int k : p.leftKeys()) {
      b.addLeftKeys(k);
    }
    for (int k : p.rightKeys()) {
      b.addRightKeys(k);
    }
    if (p.residual() != null) {
      b.setResidual(ExprSerde.toProto(p.residual()));
    }
    if (p.projection() != null) {
      for (int c : p.projection()) {
        b.addProjection(c);
      }
    }
    return b.build();
  }

  private static ExecutionPlan hashJoin(HashJoinExecNode n) {
    if (n.getLeftKeysCount() != n.getRightKeysCount()) {
      throw new IllegalArgumentException(
          "HashJoinExecNode has " + n.getLeftKeysCount() + " left keys but " + n.getRightKeysCount() + " right keys");
    }
    int[] leftKeys = n.getLeftKeysList().stream().mapToInt(Integer::intValue).toArray();
    int[] rightKeys = n.getRightKeysList().stream().mapToInt(Integer::intValue).toArray();
    return new HashJoinExec(fromProto(n.getLeft()), fromProto(n.getRight()), leftKeys, rightKeys,
        enumFromProto(n.getJoinType(), JoinType.class), n.hasResidual() ? ExprSerde.fromProto(n.getResidual()) : null,
        n.getBroadcastBuild(),
        n.getProjectionCount() == 0 ? null : n.getProjectionList().stream().mapToInt(Integer::intValue).toArray());
  }

  // ---------------------------------------------------------------- expressions, types, partitioning

  public static PhysicalExprNode toProto(PhysicalExpr expr) {
    return ExprSerde.toProto(expr);
  }

  public static PhysicalExpr fromProto(PhysicalExprNode node) {
    return ExprSerde.fromProto(node);
  }

  public static DataTypeNode toProto(DataType type) {
    return TypeSerde.toProto(type);
  }

  public static DataType fromProto(DataTypeNode node) {
    return TypeSerde.fromProto(node);
  }

  public static RowSchemaNode toProto(RowSchema schema) {
    return TypeSerde.toProto(schema);
  }

  public static RowSchema fromProto(RowSchemaNode node) {
    return TypeSerde.fromProto(node);
  }

  /** A value in its engine lane (Long, Double, BigDecimal, String, Boolean or null), as literals and VALUES hold. */
  public static LaneValue laneToProto(Object value) {
    return TypeSerde.laneToProto(value);
  }

  public static Object laneFromProto(LaneValue value) {
    return TypeSerde.laneFromProto(value);
  }

  public static PartitioningNode toProto(Partitioning partitioning) {
    PartitioningNode.Builder b = PartitioningNode.newBuilder();
    switch (partitioning) {
      case Partitioning.Unknown u -> b.setUnknown(UnknownPartitioning.newBuilder().setPartitionCount(u.partitionCount()));
      case Partitioning.Single s -> b.setSingle(SinglePartitioning.getDefaultInstance());
      case Partitioning.Hash h -> b.setHash(hash(h));
      case Partitioning.Broadcast x ->
          b.setBroadcast(BroadcastPartitioning.newBuilder().setPartitionCount(x.partitionCount()));
    }
    return b.build();
  }

  public static Partitioning fromProto(PartitioningNode node) {
    return switch (node.getPartitioningCase()) {
      case UNKNOWN -> new Partitioning.Unknown(node.getUnknown().getPartitionCount());
      case SINGLE -> new Partitioning.Single();
      case HASH -> hash(node.getHash());
      case BROADCAST -> new Partitioning.Broadcast(node.getBroadcast().getPartitionCount());
      case PARTITIONING_NOT_SET -> throw new IllegalArgumentException(
          "PartitioningNode has no partitioning set (written by a newer version?)");
    };
  }

  private static HashPartitioning hash(Partitioning.Hash h) {
    return HashPartitioning.newBuilder()
        .addAllKeys(ExprSerde.toProto(h.keys()))
        .setPartitionCount(h.partitionCount())
        .build();
  }

  private static Partitioning.Hash hash(HashPartitioning n) {
    return new Partitioning.Hash(List.copyOf(ExprSerde.fromProto(n.getKeysList())), n.getPartitionCount());
  }
}
