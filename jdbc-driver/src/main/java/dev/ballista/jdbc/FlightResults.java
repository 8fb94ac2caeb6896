package dev.ballista.jdbc;

import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Reads small, complete results (metadata, server info) batch by batch. */
final class FlightResults {
  private FlightResults() {}

  /** Receives each batch while it is valid; it must copy what it keeps. */
  @FunctionalInterface
  interface BatchConsumer {
    void accept(VectorSchemaRoot batch);
  }

  static void forEachBatch(
      FlightSqlSession session, FlightInfo info, CallOption[] options, BatchConsumer consumer) {
    for (FlightEndpoint endpoint : info.getEndpoints()) {
      try (FlightStream stream = session.stream(endpoint, options)) {
        while (stream.next()) {
          consumer.accept(stream.getRoot());
        }
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("Could not close a Flight stream", e);
      }
    }
  }

  /** The text in a string column, or null. */
  static String text(VectorSchemaRoot batch, String column, int row) {
    Object value = batch.getVector(column).getObject(row);
    return value == null ? null : value.toString();
  }
}
