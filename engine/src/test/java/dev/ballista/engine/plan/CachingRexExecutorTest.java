package dev.ballista.engine.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** Constant folding compiles once per distinct expression, and never remembers a dynamic one such as CURRENT_DATE. */
class CachingRexExecutorTest {
  @Test
  void aFoldedExpressionIsRememberedAcrossPlannersAndADynamicOneIsNot() {
    CachingRexExecutor executor = CachingRexExecutor.INSTANCE;
    long before = executor.compiledReductions();
    // A sum nobody else folds, so the first call compiles whatever ran before.
    assertEquals(new BigDecimal("1234567.25"), fold(executor, new RexBuilder(new JavaTypeFactoryImpl())));
    assertEquals(before + 1, executor.compiledReductions());
    assertEquals(new BigDecimal("1234567.25"), fold(executor, new RexBuilder(new JavaTypeFactoryImpl())));
    assertEquals(before + 1, executor.compiledReductions(), "the second planner's fold came from the cache");

    RexBuilder rex = new RexBuilder(new JavaTypeFactoryImpl());
    RexNode today = rex.makeCall(SqlStdOperatorTable.CURRENT_DATE);
    for (int i = 0; i < 2; i++) {
      List<RexNode> out = new ArrayList<>();
      executor.reduce(rex, List.of(today), out);
      assertEquals(1, out.size());
    }
    assertEquals(before + 3, executor.compiledReductions(), "CURRENT_DATE is folded afresh each time");
  }

  private static BigDecimal fold(CachingRexExecutor executor, RexBuilder rex) {
    RexNode sum = rex.makeCall(SqlStdOperatorTable.PLUS,
        rex.makeExactLiteral(new BigDecimal("1234500.00"), rex.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, 9, 2)),
        rex.makeExactLiteral(new BigDecimal("67.25"), rex.getTypeFactory().createSqlType(SqlTypeName.DECIMAL, 4, 2)));
    List<RexNode> out = new ArrayList<>();
    executor.reduce(rex, List.of(sum), out);
    return ((RexLiteral) out.get(0)).getValueAs(BigDecimal.class);
  }
}
