package dev.ballista.jdbc;

import java.time.ZoneId;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.calcite.avatica.Meta;

/**
 * The rows of one executed query, read endpoint after endpoint in the server's order and batch
 * after batch. Only the batch being read is held: each frame is copied out of it on demand.
 */
final class QueryResultStream implements AutoCloseable {
  private final FlightSqlSession session;
  private final FlightInfo info;
  private final CallOption[] options;
  private final Iterator<FlightEndpoint> endpoints;
  private final RowReader rowReader;
  private volatile FlightStream current;
  private int nextRow;
  private int batchRows;
  private volatile boolean cancelled;
  private boolean closed;

  QueryResultStream(
      FlightSqlSession session, FlightInfo info, Schema schema, ZoneId zone,
      CallOption[] options) {
    this.session = session;
    this.info = info;
    this.options = options;
    this.endpoints = info.getEndpoints().iterator();
    this.rowReader = new RowReader(schema, zone);
  }

  /**
   * The next rows, at most {@code maxRows} of them (all of the current batch when not positive),
   * starting at row {@code offset} of the result; a frame with {@code done} set ends the result.
   */
  synchronized Meta.Frame nextFrame(long offset, int maxRows) {
    while (!closed) {
      if (nextRow < batchRows) {
        int end = maxRows > 0 ? Math.min(batchRows, nextRow + maxRows) : batchRows;
        List<Object> rows = rowReader.read(current.getRoot(), nextRow, end);
        nextRow = end;
        return Meta.Frame.create(offset, false, rows);
      }
      if (current != null && current.next()) {
        VectorSchemaRoot batch = current.getRoot();
        batchRows = batch.getRowCount();
        nextRow = 0;
      } else if (endpoints.hasNext()) {
        closeCurrent();
        current = session.stream(endpoints.next(), options);
      } else {
        close();
      }
    }
    return Meta.Frame.create(offset, true, List.of());
  }

  boolean wasCancelled() {
    return cancelled;
  }

  /**
   * Stops the stream being read (from any thread) and asks the server to cancel the query.
   * Servers without CancelFlightInfo just see the stream cancelled.
   */
  void cancel() {
    cancelled = true;
    FlightStream stream = current;
    if (stream != null) {
      stream.cancel("Statement cancelled", null);
    }
    try {
      session.sql().cancelFlightInfo(new CancelFlightInfoRequest(info), options);
    } catch (FlightRuntimeException ignored) {
      // UNIMPLEMENTED, or the query already finished: the stream is cancelled either way.
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeCurrent();
    }
  }

  private void closeCurrent() {
    if (current != null) {
      FlightStream stream = current;
      current = null;
      batchRows = 0;
      nextRow = 0;
      try {
        // Closing an unfinished stream cancels it, so an early close stops the server's work.
        stream.close();
      } catch (Exception ignored) {
        // A stream that failed or was cancelled has nothing left to release.
      }
    }
  }
}
