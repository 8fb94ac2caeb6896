package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Sends a small metadata result (catalogs, tables, type info...) given as rows of plain Java values
 * in the column order of a Flight SQL metadata schema. null is SQL NULL.
 */
final class MetadataRows {
  private MetadataRows() {}

  static void send(Schema schema, List<List<Object>> rows, BufferAllocator allocator,
      ServerStreamListener listener) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      for (int row = 0; row < rows.size(); row++) {
        List<Object> values = rows.get(row);
        for (int column = 0; column < values.size(); column++) {
          set(root.getVector(column), row, values.get(column));
        }
      }
      root.getFieldVectors().forEach(vector -> vector.setValueCount(rows.size()));
      root.setRowCount(rows.size());
      listener.start(root);
      listener.putNext();
      listener.completed();
    }
  }

  private static void set(FieldVector vector, int row, Object value) {
    if (value == null) {
      vector.setNull(row);
      return;
    }
    switch (vector) {
      case VarCharVector v -> v.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
      case VarBinaryVector v -> v.setSafe(row, ((ByteString) value).toByteArray());
      case IntVector v -> v.setSafe(row, (Integer) value);
      case BitVector v -> v.setSafe(row, (Boolean) value ? 1 : 0);
      case UInt1Vector v -> v.setSafe(row, (Integer) value);
      case ListVector v -> setStrings(v, row, (List<?>) value);
      default -> throw new IllegalArgumentException(
          "No metadata writer for " + vector.getField());
    }
  }

  private static void setStrings(ListVector vector, int row, List<?> strings) {
    int offset = vector.startNewValue(row);
    VarCharVector items = (VarCharVector) vector.getDataVector();
    for (int i = 0; i < strings.size(); i++) {
      items.setSafe(offset + i, ((String) strings.get(i)).getBytes(StandardCharsets.UTF_8));
    }
    vector.endValue(row, strings.size());
  }
}
