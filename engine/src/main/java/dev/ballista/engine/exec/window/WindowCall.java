package dev.ballista.engine.exec.window;

import dev.ballista.engine.expr.PhysicalExpr;
import dev.ballista.engine.types.DataType;

/**
 * One window function of a {@link WindowExec}: the function, the input column it reads ({@code -1} for none),
 * its constant parameter (LAG/LEAD offset, NTILE bucket count, NTH_VALUE position; 0 otherwise), LAG/LEAD's
 * default (null for NULL, else an expression over the input of the result type), its frame, and its result type
 * (value functions cast their argument to it: LAG(decimal, 1, 0) widens to hold both).
 */
public record WindowCall(WindowFunction function, int argument, long constant, PhysicalExpr defaultValue,
    WindowFrame frame, DataType type, String name) {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(function.name()).append('(');
    if (argument >= 0) {
      sb.append('#').append(argument);
    }
    if (function == WindowFunction.NTILE || function == WindowFunction.LAG || function == WindowFunction.LEAD
        || function == WindowFunction.NTH_VALUE) {
      sb.append(argument >= 0 ? ", " : "").append(constant);
    }
    if (defaultValue != null) {
      sb.append(", ").append(defaultValue);
    }
    sb.append(')');
    if (function.usesFrame()) {
      sb.append(' ').append(frame);
    }
    return sb.toString();
  }
}
