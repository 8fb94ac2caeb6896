package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Splits the parameter batches a client sends with DoPut into rows, each an Arrow IPC stream of one
 * row: the form ExecuteQuery takes. Several rows mean the statement runs once per row.
 */
final class ParameterRows {
  private ParameterRows() {}

  static List<ByteString> read(FlightStream stream) {
    List<ByteString> rows = new ArrayList<>();
    while (stream.next()) {
      VectorSchemaRoot batch = stream.getRoot();
      for (int row = 0; row < batch.getRowCount(); row++) {
        try (VectorSchemaRoot oneRow = batch.slice(row, 1)) {
          rows.add(toIpcStream(oneRow));
        }
      }
    }
    return rows;
  }

  private static ByteString toIpcStream(VectorSchemaRoot row) {
    ByteString.Output out = ByteString.newOutput();
    try (ArrowStreamWriter writer = new ArrowStreamWriter(row, null, out)) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteString();
  }
}
