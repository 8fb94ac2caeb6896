package dev.ballista.engine.expr;

import dev.ballista.engine.exec.Batch;
import dev.ballista.engine.exec.TaskContext;
import dev.ballista.engine.exec.kernel.Gather;
import dev.ballista.engine.types.ArrowTypes;
import dev.ballista.engine.types.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;

/**
 * CASE WHEN c1 THEN v1 ... ELSE e END. Conditions pick a branch per row; each branch's value is evaluated only
 * on the rows that chose it when it could fail (a division, a cast), so {@code CASE WHEN x <> 0 THEN y / x END}
 * never divides by zero; cheap values are evaluated on the whole batch and copied.
 */
public record CaseExpr(List<PhysicalExpr> conditions, List<PhysicalExpr> values, PhysicalExpr otherwise, DataType type)
    implements PhysicalExpr {

  @Override
  public FieldVector evaluate(Batch batch, TaskContext context) {
    int rows = batch.rowCount();
    int branches = values.size();
    int[] choice = new int[rows];
    Arrays.fill(choice, branches); // the ELSE branch
    for (int k = branches - 1; k >= 0; k--) {
      try (FieldVector cond = conditions.get(k).evaluate(batch, context)) {
        ArrowBuf v = cond.getDataBuffer();
        ArrowBuf n = Vectors.validityOrNull(cond);
        for (int i = 0; i < rows; i++) {
          if (((v.getByte(i >> 3) >> (i & 7)) & 1) != 0 && Vectors.isValid(n, i)) {
            choice[i] = k; // earlier branches win, so walk them last
          }
        }
      }
    }
    // Evaluate each branch (on the rows that chose it, when it could fail), remembering where each row's value
    // is; then write the result in row order, which variable-width vectors require.
    FieldVector[] branchValues = new FieldVector[branches + 1];
    int[] sourceIndex = new int[rows];
    FieldVector out = Vectors.allocate(type, rows, context.allocator());
    try {
      for (int k = 0; k <= branches; k++) {
        PhysicalExpr value = k < branches ? values.get(k) : otherwise;
        int[] selected = rowsChoosing(choice, k);
        if (selected.length == 0 || value == null) {
          continue;
        }
        if (selected.length == rows || !canFail(value)) {
          branchValues[k] = value.evaluate(batch, context);
          for (int row : selected) {
            sourceIndex[row] = row;
          }
        } else {
          try (Batch sub = subset(batch, selected, context)) {
            branchValues[k] = value.evaluate(sub, context);
          }
          for (int i = 0; i < selected.length; i++) {
            sourceIndex[selected[i]] = i;
          }
        }
      }
      write(choice, branchValues, sourceIndex, out, rows);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    } finally {
      for (FieldVector v : branchValues) {
        if (v != null) {
          v.close();
        }
      }
    }
    out.setValueCount(rows);
    return out;
  }

  private static int[] rowsChoosing(int[] choice, int k) {
    int n = 0;
    for (int c : choice) {
      if (c == k) {
        n++;
      }
    }
    int[] rows = new int[n];
    int j = 0;
    for (int i = 0; i < choice.length; i++) {
      if (choice[i] == k) {
        rows[j++] = i;
      }
    }
    return rows;
  }

  /** Whether evaluating the expression on rows that did not choose it could raise an error. */
  static boolean canFail(PhysicalExpr e) {
    if (e instanceof CastExpr || (e instanceof ArithmeticExpr a && (a.op() == ArithmeticExpr.Op.DIVIDE
        || a.op() == ArithmeticExpr.Op.MODULO || a.type().kind() == DataType.Kind.DECIMAL
        || a.type().isIntegral()))) {
      return true;
    }
    for (PhysicalExpr c : e.children()) {
      if (canFail(c)) {
        return true;
      }
    }
    return false;
  }

  private static Batch subset(Batch batch, int[] rows, TaskContext context) {
    FieldVector[] columns = new FieldVector[batch.columnCount()];
    for (int c = 0; c < columns.length; c++) {
      FieldVector in = batch.column(c);
      if (in == null) {
        continue; // a column no expression here reads (see Batch)
      }
      // Inside the engine a vector's Arrow type names its storage, which is all gathering needs.
      columns[c] = Gather.take(in, ArrowTypes.fromArrow(in.getField().getType()), rows, rows.length,
          context.allocator());
    }
    return new Batch(columns, rows.length);
  }

  /** out[row] = the chosen branch's value for the row (NULL when the branch is absent or its value is). */
  private void write(int[] choice, FieldVector[] branchValues, int[] sourceIndex, FieldVector out, int rows) {
    if (type.storage() == DataType.Storage.UTF8 || type.storage() == DataType.Storage.DECIMAL128
        || type.storage() == DataType.Storage.BIT) {
      ValueReader[] readers = new ValueReader[branchValues.length];
      for (int k = 0; k < readers.length; k++) {
        readers[k] = branchValues[k] == null ? null : ValueReader.of(branchValues[k], type);
      }
      ValueWriter writer = ValueWriter.of(out, type);
      for (int row = 0; row < rows; row++) {
        ValueReader reader = readers[choice[row]];
        writer.set(row, reader == null ? null : reader.get(sourceIndex[row]));
      }
      return;
    }
    ArrowBuf dst = out.getDataBuffer();
    ArrowBuf validity = out.getValidityBuffer();
    int width = switch (type.storage()) {
      case INT8 -> 1;
      case INT16 -> 2;
      case INT32, FLOAT32 -> 4;
      default -> 8;
    };
    for (int row = 0; row < rows; row++) {
      FieldVector v = branchValues[choice[row]];
      int f = sourceIndex[row];
      if (v == null || v.isNull(f)) {
        continue;
      }
      ArrowBuf src = v.getDataBuffer();
      switch (width) {
        case 1 -> dst.setByte(row, src.getByte(f));
        case 2 -> dst.setShort((long) row << 1, src.getShort((long) f << 1));
        case 4 -> dst.setInt((long) row << 2, src.getInt((long) f << 2));
        default -> dst.setLong((long) row << 3, src.getLong((long) f << 3));
      }
      Vectors.setBit(validity, row, true);
    }
  }

  @Override
  public List<PhysicalExpr> children() {
    List<PhysicalExpr> all = new ArrayList<>();
    for (int k = 0; k < values.size(); k++) {
      all.add(conditions.get(k));
      all.add(values.get(k));
    }
    if (otherwise != null) {
      all.add(otherwise);
    }
    return all;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CASE");
    for (int k = 0; k < values.size(); k++) {
      sb.append(" WHEN ").append(conditions.get(k)).append(" THEN ").append(values.get(k));
    }
    if (otherwise != null) {
      sb.append(" ELSE ").append(otherwise);
    }
    return sb.append(" END").toString();
  }
}
