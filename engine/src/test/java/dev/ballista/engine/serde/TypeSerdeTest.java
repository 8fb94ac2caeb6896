package dev.ballista.engine.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.agg.AggregateFunction;
import dev.ballista.engine.exec.join.JoinType;
import dev.ballista.engine.exec.scan.FileFormatKind;
import dev.ballista.engine.expr.ArithmeticExpr;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.ComparisonExpr;
import dev.ballista.engine.expr.ExtractExpr;
import dev.ballista.engine.types.Column;
import dev.ballista.engine.types.DataType;
import dev.ballista.engine.types.RowSchema;
import dev.ballista.proto.AggregateCallNode;
import dev.ballista.proto.ArithmeticExprNode;
import dev.ballista.proto.ComparisonExprNode;
import dev.ballista.proto.DataTypeNode;
import dev.ballista.proto.ExtractExprNode;
import dev.ballista.proto.FileScanExecNode;
import dev.ballista.proto.HashJoinExecNode;
import dev.ballista.proto.LaneValue;
import dev.ballista.proto.PartitioningNode;
import dev.ballista.proto.RowSchemaNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Types, schemas, partitionings, lane values and every engine enum survive serialization. */
class TypeSerdeTest {
  @Test
  void everyDataType() throws Exception {
    List<DataType> types = new ArrayList<>();
    for (DataType.Kind kind : DataType.Kind.values()) {
      if (kind != DataType.Kind.DECIMAL) {
        types.add(DataType.of(kind));
      }
    }
    types.addAll(List.of(DataType.decimal(1, 0), DataType.decimal(15, 2), DataType.decimal(18, 18),
        DataType.decimal(19, 4), DataType.decimal(38, 10)));
    for (DataType type : types) {
      DataType copy = PlanSerde.fromProto(DataTypeNode.parseFrom(PlanSerde.toProto(type).toByteArray()));
      assertEquals(type, copy);
      assertEquals(type.toString(), copy.toString());
    }
  }

  @Test
  void invalidDataTypesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(DataTypeNode.getDefaultInstance()));
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(
        DataTypeNode.newBuilder().setKind(DataTypeNode.Kind.DECIMAL).setPrecision(0).build()));
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(
        DataTypeNode.newBuilder().setKindValue(1000).build()));
  }

  @Test
  void rowSchemaKeepsNamesTypesAndNullability() throws Exception {
    RowSchema schema = new RowSchema(List.of(
        new Column("id", DataType.BIGINT, false),
        new Column("amount", DataType.decimal(15, 2), true),
        new Column("", DataType.VARCHAR, true),
        new Column("d\u00e4y", DataType.DATE, false)));
    assertEquals(schema, PlanSerde.fromProto(RowSchemaNode.parseFrom(PlanSerde.toProto(schema).toByteArray())));
    assertEquals(RowSchema.of(), PlanSerde.fromProto(PlanSerde.toProto(RowSchema.of())));
  }

  @Test
  void everyPartitioning() throws Exception {
    List<Partitioning> all = List.of(
        new Partitioning.Unknown(7),
        new Partitioning.Single(),
        new Partitioning.Hash(List.of(new ColumnExpr(0, DataType.BIGINT), new ColumnExpr(2, DataType.VARCHAR)), 16),
        new Partitioning.Hash(List.of(), 1),
        new Partitioning.Broadcast(4));
    for (Partitioning p : all) {
      Partitioning copy = PlanSerde.fromProto(PartitioningNode.parseFrom(PlanSerde.toProto(p).toByteArray()));
      assertEquals(p, copy);
      assertEquals(p.partitionCount(), copy.partitionCount());
    }
    assertThrows(IllegalArgumentException.class, () -> PlanSerde.fromProto(PartitioningNode.getDefaultInstance()));
  }

  @Test
  void laneValues() throws Exception {
    List<Object> values = Arrays.asList(null, 0L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, 0.0, -0.0, 1e300,
        Double.NEGATIVE_INFINITY, new BigDecimal("0.00"), new BigDecimal("-98765432109876543210.123456789"),
        new BigDecimal("1E+5"), "", "text", true, false);
    for (Object v : values) {
      assertEquals(v, PlanSerde.laneFromProto(LaneValue.parseFrom(PlanSerde.laneToProto(v).toByteArray())));
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PlanSerde.laneToProto(java.time.LocalDate.of(2020, 1, 1)));
    assertTrue(e.getMessage().contains("java.time.LocalDate"), e.getMessage());
  }

  /** Each engine enum's constants are spelled the same in plan.proto, so adding one without the other fails here. */
  @Test
  void everyEngineEnumHasAProtoConstant() {
    assertMirrored(DataType.Kind.class, DataTypeNode.Kind.class);
    assertMirrored(ArithmeticExpr.Op.class, ArithmeticExprNode.Op.class);
    assertMirrored(ComparisonExpr.Op.class, ComparisonExprNode.Op.class);
    assertMirrored(ExtractExpr.Field.class, ExtractExprNode.Field.class);
    assertMirrored(AggregateFunction.class, AggregateCallNode.Function.class);
    assertMirrored(JoinType.class, HashJoinExecNode.JoinType.class);
    assertMirrored(FileFormatKind.class, FileScanExecNode.Format.class);
  }

  private static <J extends Enum<J>, P extends Enum<P>> void assertMirrored(Class<J> engine, Class<P> proto) {
    for (J value : engine.getEnumConstants()) {
      P p = TypeSerde.enumToProto(value, proto);
      assertEquals(value, TypeSerde.enumFromProto(p, engine));
    }
    // proto constants beyond the engine's: only UNSPECIFIED and protobuf's UNRECOGNIZED
    assertEquals(engine.getEnumConstants().length + 2, proto.getEnumConstants().length, proto.getName());
  }
}
