package dev.ballista.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

class PreparedStatementCacheTest {
  private Instant now = Instant.parse("2025-01-01T00:00:00Z");
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  };

  private static PreparedStatement statement(String sql) {
    return new PreparedStatement(sql, ArrowSchemas.EMPTY, ArrowSchemas.EMPTY, List.of());
  }

  @Test
  void keepsStatementsAndTheirBoundRowsUntilClosed() {
    PreparedStatementCache cache = new PreparedStatementCache(10, Duration.ofMinutes(1), clock);
    ByteString first = cache.add(statement("SELECT 1"));
    ByteString second = cache.add(statement("SELECT 2"));
    assertNotEquals(first, second);
    cache.bind(first, List.of(ByteString.copyFromUtf8("row")));
    assertEquals("SELECT 1", cache.get(first).sql());
    assertEquals(List.of(ByteString.copyFromUtf8("row")), cache.get(first).parameterRows());
    cache.remove(first);
    assertNotFound(cache, first);
    assertEquals("SELECT 2", cache.get(second).sql());
  }

  @Test
  void forgetsStatementsLeftIdle() {
    PreparedStatementCache cache = new PreparedStatementCache(10, Duration.ofMinutes(1), clock);
    ByteString idle = cache.add(statement("SELECT 1"));
    ByteString used = cache.add(statement("SELECT 2"));
    now = now.plusSeconds(40);
    cache.get(used);
    now = now.plusSeconds(40);
    assertNotFound(cache, idle);
    assertEquals("SELECT 2", cache.get(used).sql());
  }

  @Test
  void dropsTheLeastRecentlyUsedBeyondItsBound() {
    PreparedStatementCache cache = new PreparedStatementCache(2, Duration.ofMinutes(1), clock);
    ByteString a = cache.add(statement("a"));
    ByteString b = cache.add(statement("b"));
    cache.get(a);
    cache.add(statement("c"));
    assertEquals(2, cache.size());
    assertEquals("a", cache.get(a).sql());
    assertNotFound(cache, b);
  }

  private static void assertNotFound(PreparedStatementCache cache, ByteString handle) {
    FlightRuntimeException error =
        assertThrows(FlightRuntimeException.class, () -> cache.get(handle));
    assertEquals(FlightStatusCode.NOT_FOUND, error.status().code());
  }
}
