package dev.ballista.gateway;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.flight.CallStatus;

/**
 * Open prepared statements by handle. Handles are random so one client cannot guess another's; the
 * cache is bounded and forgets statements left idle, because clients do not always close them.
 */
final class PreparedStatementCache {
  static final int DEFAULT_MAX_STATEMENTS = 10_000;
  static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  private static final int HANDLE_BYTES = 16;

  private final SecureRandom random = new SecureRandom();
  private final int maxStatements;
  private final Duration idleTimeout;
  private final Clock clock;
  /** In access order, so the first entries are the ones idle longest. */
  private final LinkedHashMap<ByteString, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);

  PreparedStatementCache() {
    this(DEFAULT_MAX_STATEMENTS, DEFAULT_IDLE_TIMEOUT, Clock.systemUTC());
  }

  PreparedStatementCache(int maxStatements, Duration idleTimeout, Clock clock) {
    this.maxStatements = maxStatements;
    this.idleTimeout = idleTimeout;
    this.clock = clock;
  }

  synchronized ByteString add(PreparedStatement statement) {
    evictIdle();
    byte[] bytes = new byte[HANDLE_BYTES];
    random.nextBytes(bytes);
    ByteString handle = ByteString.copyFrom(bytes);
    entries.put(handle, new Entry(statement, clock.instant()));
    if (entries.size() > maxStatements) {
      Iterator<ByteString> eldest = entries.keySet().iterator();
      eldest.next();
      eldest.remove();
    }
    return handle;
  }

  synchronized PreparedStatement get(ByteString handle) {
    evictIdle();
    Entry entry = entries.get(handle);
    if (entry == null) {
      throw CallStatus.NOT_FOUND
          .withDescription("Unknown prepared statement: it was closed or expired after "
              + idleTimeout.toMinutes() + " idle minutes")
          .toRuntimeException();
    }
    entry.lastUsed = clock.instant();
    return entry.statement;
  }

  synchronized void bind(ByteString handle, List<ByteString> parameterRows) {
    PreparedStatement statement = get(handle);
    entries.get(handle).statement = statement.withParameterRows(parameterRows);
  }

  synchronized void remove(ByteString handle) {
    entries.remove(handle);
  }

  synchronized int size() {
    return entries.size();
  }

  private void evictIdle() {
    Instant oldestAllowed = clock.instant().minus(idleTimeout);
    Iterator<Map.Entry<ByteString, Entry>> it = entries.entrySet().iterator();
    while (it.hasNext() && it.next().getValue().lastUsed.isBefore(oldestAllowed)) {
      it.remove();
    }
  }

  private static final class Entry {
    PreparedStatement statement;
    Instant lastUsed;

    Entry(PreparedStatement statement, Instant lastUsed) {
      this.statement = statement;
      this.lastUsed = lastUsed;
    }
  }
}
