package dev.ballista.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.types.DataType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a hash placement reads through an operator's output columns, and which groupings it serves. */
class PartitioningTest {
  private static final Partitioning BY_1_AND_3 = new Partitioning.Hash(
      List.of(new ColumnExpr(1, DataType.BIGINT), new ColumnExpr(3, DataType.VARCHAR)), 4);

  @Test
  void keysFollowTheColumnsThatCopyThem() {
    Partitioning moved = BY_1_AND_3.throughColumns(new int[] {3, -1, 1});
    assertEquals(new Partitioning.Hash(
        List.of(new ColumnExpr(2, DataType.BIGINT), new ColumnExpr(0, DataType.VARCHAR)), 4), moved);
  }

  @Test
  void aDroppedOrComputedKeyMakesThePlacementUnknown() {
    assertEquals(new Partitioning.Unknown(4), BY_1_AND_3.throughColumns(new int[] {1, -1}));
    assertEquals(new Partitioning.Single(), new Partitioning.Single().throughColumns(new int[] {}));
  }

  @Test
  void aGroupingHoldingEveryKeyFindsEachGroupInOnePartition() {
    assertTrue(BY_1_AND_3.groupsRowsBy(List.of(0, 1, 3)));
    assertFalse(BY_1_AND_3.groupsRowsBy(List.of(1)));
    assertFalse(new Partitioning.Unknown(4).groupsRowsBy(List.of(0, 1)));
    assertTrue(new Partitioning.Single().groupsRowsBy(List.of()));
  }
}
