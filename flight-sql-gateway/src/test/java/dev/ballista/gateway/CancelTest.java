package dev.ballista.gateway;

import static dev.ballista.gateway.FakeScheduler.ENDLESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.junit.jupiter.api.Test;

/** A client that stops waiting for a query takes the query's job down with it. */
class CancelTest {
  @Test
  void aClientDeadlineWhileWaitingCancelsTheJob() throws Exception {
    try (GatewayHarness harness = GatewayHarness.start();
        FlightSqlClient client = harness.flightSqlClient()) {
      FlightRuntimeException error = assertThrows(FlightRuntimeException.class,
          () -> client.execute(ENDLESS, CallOptions.timeout(1, TimeUnit.SECONDS)));
      assertEquals(FlightStatusCode.TIMED_OUT, error.status().code());
      assertTrue(harness.scheduler.endlessJobStarted.await(5, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (harness.scheduler.cancelledJobs.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, harness.scheduler.cancelledJobs.size(),
          "the abandoned job was not cancelled");
    }
  }
}
