package dev.ballista.engine.serde;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.expr.PhysicalExpr;

/** Round trips through bytes and structural comparison of plans and expressions. */
final class SerdeAssertions {
  private SerdeAssertions() {}

  /** Serializes to bytes and back, checks the copy has the same structure, and returns it. */
  static ExecutionPlan roundTrip(ExecutionPlan plan) {
    ExecutionPlan copy = PlanSerde.deserialize(PlanSerde.serialize(plan));
    assertSameStructure(plan, copy);
    // Nothing is lost or normalized differently on a second trip.
    assertEquals(PlanSerde.toProto(plan), PlanSerde.toProto(copy));
    return copy;
  }

  static void assertSameStructure(ExecutionPlan expected, ExecutionPlan actual) {
    assertEquals(expected.getClass(), actual.getClass());
    assertEquals(expected.describe(), actual.describe());
    assertEquals(expected.schema(), actual.schema(), () -> "schema of " + expected.describe());
    assertEquals(expected.outputPartitioning(), actual.outputPartitioning(), () -> "partitioning of " + expected.describe());
    assertEquals(expected.children().size(), actual.children().size(), () -> "children of " + expected.describe());
    for (int i = 0; i < expected.children().size(); i++) {
      assertSameStructure(expected.children().get(i), actual.children().get(i));
    }
  }

  /** Serializes an expression to bytes and back. */
  static PhysicalExpr roundTrip(PhysicalExpr expr) {
    try {
      PhysicalExpr copy = PlanSerde.fromProto(
          dev.ballista.proto.PhysicalExprNode.parseFrom(PlanSerde.toProto(expr).toByteArray()));
      assertEquals(expr.getClass(), copy.getClass());
      assertEquals(expr.toString(), copy.toString());
      assertEquals(expr.type(), copy.type());
      assertEquals(PlanSerde.toProto(expr), PlanSerde.toProto(copy));
      return copy;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
