package dev.ballista.engine.plan;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import dev.ballista.engine.exec.ExecutionPlan;
import dev.ballista.engine.exec.Partitioning;
import dev.ballista.engine.exec.op.ExchangeExec;
import dev.ballista.engine.exec.sort.SortExec;
import dev.ballista.engine.exec.sort.SortKey;
import dev.ballista.engine.exec.window.WindowCall;
import dev.ballista.engine.exec.window.WindowExec;
import dev.ballista.engine.exec.window.WindowFrame;
import dev.ballista.engine.exec.window.WindowFunction;
import dev.ballista.engine.expr.ColumnExpr;
import dev.ballista.engine.expr.LiteralExpr;
import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;
import org.apache.calcite.rex.RexWindowExclusion;

/**
 * Calcite's Window (one group per PARTITION BY / ORDER BY / frame) as WindowExecs. Groups with the same keys
 * and order share one operator. Each operator's input is redistributed so that a window partition lies in one
 * partition (hash exchange on the partition keys, or one partition without PARTITION BY) unless it already is,
 * and sorted by the partition keys then the order keys. Constants the Window refers to (frame offsets, LAG's
 * offset and default, NTILE's bucket count) are input references past the input's columns; they are resolved here.
 */
final class WindowPlanner {
  private final Window window;
  private final int inputWidth;
  private final int targetPartitions;

  private WindowPlanner(Window window, int targetPartitions) {
    this.window = window;
    this.inputWidth = window.getInput().getRowType().getFieldCount();
    this.targetPartitions = targetPartitions;
  }

  static ExecutionPlan plan(Window window, ExecutionPlan input, int targetPartitions) {
    return new WindowPlanner(window, targetPartitions).plan(input);
  }

  /** One WindowExec to build: its keys, order and calls. */
  private record Spec(int[] partitionKeys, List<SortKey> orderKeys, List<WindowCall> calls) {
    boolean sameWindow(int[] keys, List<SortKey> order) {
      return Arrays.equals(partitionKeys, keys) && orderKeys.equals(order);
    }
  }

  private ExecutionPlan plan(ExecutionPlan input) {
    List<String> names = window.getRowType().getFieldNames();
    List<Spec> specs = new ArrayList<>();
    int output = inputWidth;
    for (Window.Group group : window.groups) {
      if (group.exclude != RexWindowExclusion.EXCLUDE_NO_OTHER) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, "window frame EXCLUDE is not supported yet");
      }
      int[] keys = group.keys.toArray();
      List<SortKey> order = orderKeys(group);
      WindowFrame frame = frame(group);
      Spec spec = specs.isEmpty() ? null : specs.get(specs.size() - 1);
      if (spec == null || !spec.sameWindow(keys, order)) {
        spec = new Spec(keys, order, new ArrayList<>());
        specs.add(spec);
      }
      for (Window.RexWinAggCall call : group.aggCalls) {
        spec.calls().add(call(call, frame, input, names.get(output++)));
      }
    }
    ExecutionPlan plan = input;
    for (Spec spec : specs) {
      plan = distribute(plan, spec.partitionKeys());
      List<SortKey> sortKeys = new ArrayList<>();
      for (int k : spec.partitionKeys()) {
        sortKeys.add(new SortKey(k, false, false));
      }
      sortKeys.addAll(spec.orderKeys());
      if (!sortKeys.isEmpty()) {
        plan = new SortExec(plan, sortKeys, -1);
      }
      plan = new WindowExec(plan, spec.partitionKeys(), spec.orderKeys(), spec.calls());
    }
    return plan;
  }

  private ExecutionPlan distribute(ExecutionPlan plan, int[] keys) {
    Partitioning current = plan.outputPartitioning();
    if (current.partitionCount() == 1) {
      return plan;
    }
    if (keys.length == 0) {
      return new ExchangeExec(plan, new Partitioning.Single());
    }
    List<PhysicalExpr> hashKeys = new ArrayList<>();
    for (int k : keys) {
      hashKeys.add(new ColumnExpr(k, plan.schema().type(k)));
    }
    if (current instanceof Partitioning.Hash hash && hash.keys().equals(hashKeys)) {
      return plan;
    }
    return new ExchangeExec(plan, new Partitioning.Hash(hashKeys, targetPartitions));
  }

  private static List<SortKey> orderKeys(Window.Group group) {
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : group.orderKeys.getFieldCollations()) {
      boolean descending = c.getDirection().isDescending();
      boolean nullsFirst = switch (c.nullDirection) {
        case FIRST -> true;
        case LAST -> false;
        default -> descending;
      };
      keys.add(new SortKey(c.getFieldIndex(), descending, nullsFirst));
    }
    return keys;
  }

  private WindowFrame frame(Window.Group group) {
    WindowFrame.Bound start = bound(group.lowerBound);
    WindowFrame.Bound end = bound(group.upperBound);
    boolean offsets = start.kind() == WindowFrame.BoundKind.PRECEDING || start.kind() == WindowFrame.BoundKind.FOLLOWING
        || end.kind() == WindowFrame.BoundKind.PRECEDING || end.kind() == WindowFrame.BoundKind.FOLLOWING;
    if (!group.isRows && offsets) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED,
          "RANGE frames with offsets are not supported yet; use ROWS or RANGE with UNBOUNDED / CURRENT ROW");
    }
    return new WindowFrame(group.isRows, start, end);
  }

  private WindowFrame.Bound bound(RexWindowBound bound) {
    if (bound.isCurrentRow()) {
      return WindowFrame.Bound.of(WindowFrame.BoundKind.CURRENT_ROW);
    }
    if (bound.isUnbounded()) {
      return WindowFrame.Bound.of(bound.isPreceding() ? WindowFrame.BoundKind.UNBOUNDED_PRECEDING
          : WindowFrame.BoundKind.UNBOUNDED_FOLLOWING);
    }
    long offset = constantLong(bound.getOffset(), "window frame offset");
    if (offset < 0) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "window frame offsets must not be negative");
    }
    return new WindowFrame.Bound(bound.isPreceding() ? WindowFrame.BoundKind.PRECEDING
        : WindowFrame.BoundKind.FOLLOWING, offset);
  }

  private WindowCall call(Window.RexWinAggCall call, WindowFrame frame, ExecutionPlan input, String name) {
    if (call.distinct) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "DISTINCT in window aggregates is not supported yet");
    }
    if (call.ignoreNulls) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "IGNORE NULLS is not supported yet");
    }
    List<RexNode> operands = call.getOperands();
    WindowFunction function = switch (call.getKind()) {
      case ROW_NUMBER -> WindowFunction.ROW_NUMBER;
      case RANK -> WindowFunction.RANK;
      case DENSE_RANK -> WindowFunction.DENSE_RANK;
      case PERCENT_RANK -> WindowFunction.PERCENT_RANK;
      case CUME_DIST -> WindowFunction.CUME_DIST;
      case NTILE -> WindowFunction.NTILE;
      case LAG -> WindowFunction.LAG;
      case LEAD -> WindowFunction.LEAD;
      case FIRST_VALUE -> WindowFunction.FIRST_VALUE;
      case LAST_VALUE -> WindowFunction.LAST_VALUE;
      case NTH_VALUE -> WindowFunction.NTH_VALUE;
      case COUNT -> operands.isEmpty() ? WindowFunction.COUNT_STAR : WindowFunction.COUNT;
      case SUM -> WindowFunction.SUM;
      case SUM0 -> WindowFunction.SUM0;
      case AVG -> WindowFunction.AVG;
      case MIN -> WindowFunction.MIN;
      case MAX -> WindowFunction.MAX;
      default -> throw new QueryException(ErrorCode.NOT_SUPPORTED,
          "window function " + call.getOperator().getName() + " is not supported yet");
    };
    if (function == WindowFunction.COUNT && operands.size() > 1) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, "COUNT of several columns over a window is not supported yet");
    }
    DataType type = TypeMapping.toDataType(call.getType());
    int argument = -1;
    long constant = 0;
    PhysicalExpr defaultValue = null;
    if (function == WindowFunction.NTILE) {
      constant = constantLong(operands.get(0), "NTILE's argument");
      if (constant <= 0) {
        throw new QueryException(ErrorCode.VALIDATION_ERROR, "NTILE's argument must be positive, got " + constant);
      }
    } else if (function.hasArgument()) {
      argument = column(operands.get(0), call);
      DataType argumentType = input.schema().type(argument);
      boolean valueFunction = switch (function) {
        case MIN, MAX -> true;
        default -> false;
      };
      if (valueFunction && !argumentType.equals(type)) {
        throw new QueryException(ErrorCode.NOT_SUPPORTED, call.getOperator().getName() + " of " + argumentType
            + " returning " + type + " is not supported yet");
      }
      if (function == WindowFunction.LAG || function == WindowFunction.LEAD) {
        constant = operands.size() > 1 ? constantLong(operands.get(1), call.getOperator().getName() + "'s offset") : 1;
        if (operands.size() > 2) {
          defaultValue = RexTranslator.cast(expression(operands.get(2), input), type);
          if (defaultValue instanceof LiteralExpr lit && lit.isNull()) {
            defaultValue = null;
          }
        }
      } else if (function == WindowFunction.NTH_VALUE) {
        constant = constantLong(operands.get(1), "NTH_VALUE's position");
        if (constant <= 0) {
          throw new QueryException(ErrorCode.VALIDATION_ERROR, "NTH_VALUE's position must be positive");
        }
      }
    }
    return new WindowCall(function, argument, constant, defaultValue, frame, type, name);
  }

  /** An input column the call reads. */
  private int column(RexNode node, Window.RexWinAggCall call) {
    if (node instanceof RexInputRef ref && ref.getIndex() < inputWidth) {
      return ref.getIndex();
    }
    throw new QueryException(ErrorCode.NOT_SUPPORTED, "window function " + call.getOperator().getName()
        + " over a constant is not supported yet");
  }

  /** A column or a constant of the Window as an expression over the input. */
  private PhysicalExpr expression(RexNode node, ExecutionPlan input) {
    RexLiteral literal = constant(node);
    if (literal != null) {
      return RexTranslator.literal(literal);
    }
    if (node instanceof RexInputRef ref) {
      return new ColumnExpr(ref.getIndex(), input.schema().type(ref.getIndex()));
    }
    throw new QueryException(ErrorCode.NOT_SUPPORTED, "window function argument " + node + " is not supported");
  }

  private RexLiteral constant(RexNode node) {
    if (node instanceof RexLiteral literal) {
      return literal;
    }
    if (node instanceof RexInputRef ref && ref.getIndex() >= inputWidth) {
      return window.constants.get(ref.getIndex() - inputWidth);
    }
    return null;
  }

  private long constantLong(RexNode node, String what) {
    RexLiteral literal = constant(node);
    if (literal == null || literal.getValue() == null) {
      throw new QueryException(ErrorCode.NOT_SUPPORTED, what + " must be a constant");
    }
    Number value = literal.getValueAs(Number.class);
    if (value == null) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, what + " must be a number");
    }
    if (value instanceof java.math.BigDecimal d && d.stripTrailingZeros().scale() > 0) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, what + " must be an integer, got " + d);
    }
    return value.longValue();
  }
}
