package dev.ballista.scheduler;

import dev.ballista.engine.ErrorCode;
import dev.ballista.engine.QueryException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.util.Text;

/** Bound parameter values, sent by clients as an Arrow IPC stream holding one row. */
final class Parameters {
  private Parameters() {}

  static List<Object> decode(byte[] ipc) {
    if (ipc.length == 0) {
      return List.of();
    }
    try (BufferAllocator allocator = dev.ballista.engine.memory.Allocators.root();
         ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
      if (!reader.loadNextBatch()) {
        return List.of();
      }
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      if (root.getRowCount() < 1) {
        return List.of();
      }
      List<Object> values = new ArrayList<>();
      for (FieldVector v : root.getFieldVectors()) {
        Object value = v.getObject(0);
        if (value instanceof Text t) {
          value = t.toString();
        } else if (v instanceof DateDayVector && value instanceof Integer days) {
          value = LocalDate.ofEpochDay(days);
        }
        values.add(value);
      }
      return values;
    } catch (IOException | RuntimeException e) {
      throw new QueryException(ErrorCode.VALIDATION_ERROR, "cannot read the bound parameters: " + e.getMessage(), e);
    }
  }
}
