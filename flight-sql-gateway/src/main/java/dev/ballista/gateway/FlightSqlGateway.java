package dev.ballista.gateway;

import dev.ballista.auth.SignedTokens;
import dev.ballista.auth.TokenSecret;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Arrow Flight SQL server clients connect to (JDBC, ADBC, DBeaver...). It keeps no query state of
 * its own beyond open prepared statements: the scheduler plans and runs, executors serve results.
 *
 * <p>Plaintext by default: the Flight SQL JDBC driver then needs {@code useEncryption=false} in its
 * URL, e.g. {@code jdbc:arrow-flight-sql://127.0.0.1:32010?useEncryption=false}.
 */
public final class FlightSqlGateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlightSqlGateway.class);
  private static final long SHUTDOWN_GRACE_SECONDS = 5;

  private final GatewayConfig config;
  private final BufferAllocator allocator = new RootAllocator();
  private final GatewayProducer producer;
  private final PreparedStatementCache preparedStatements = new PreparedStatementCache();
  private final FlightServer server;
  private boolean started;
  private int boundPort;

  public FlightSqlGateway(GatewayConfig config) {
    this.config = config;
    SchedulerClient scheduler = new SchedulerClient(config.scheduler(), config.defaultSchema());
    SignedTokens tokens = config.authEnabled() ? tokenSecret(config).tokens() : null;
    this.producer = new GatewayProducer(allocator, scheduler,
        new StatementRunner(scheduler, new ResultFlightInfos(config.resultsProxied())),
        preparedStatements, new ResultProxy(allocator, scheduler, tokens));
    this.server = buildServer(tokens);
  }

  /** Starts listening; returns this so {@code new FlightSqlGateway(c).start()} reads naturally. */
  public synchronized FlightSqlGateway start() throws IOException {
    if (!started) {
      server.start();
      started = true;
      boundPort = server.getPort();
      LOG.info("Flight SQL gateway listening on {}:{} with {}", config.bindHost(), port(), config);
    }
    return this;
  }

  /** The port listened on once started: the configured one, or the one picked when it was 0. */
  public synchronized int port() {
    if (boundPort == 0) {
      throw new IllegalStateException("The gateway has not been started");
    }
    return boundPort;
  }

  /** Prepared statements clients opened and have not closed (nor left idle until they expired). */
  public int openPreparedStatements() {
    return preparedStatements.size();
  }

  /** Bytes of Arrow memory the gateway holds: metadata answers and proxied batches in flight. */
  public long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Stops accepting calls, gives running ones a moment, then releases everything. */
  public synchronized void stop() throws InterruptedException {
    if (!started) {
      return;
    }
    started = false;
    server.shutdown();
    if (!server.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
      LOG.warn("Calls still running after {}s; closing anyway", SHUTDOWN_GRACE_SECONDS);
    }
    LOG.info("Flight SQL gateway on port {} stopped", boundPort);
  }

  @Override
  public void close() throws Exception {
    stop();
    AutoCloseables.close(server, producer, allocator);
  }

  private FlightServer buildServer(SignedTokens tokens) {
    Location location = config.tlsEnabled()
        ? Location.forGrpcTls(config.bindHost(), config.port())
        : Location.forGrpcInsecure(config.bindHost(), config.port());
    FlightServer.Builder builder = FlightServer.builder(allocator, location, producer);
    if (config.tlsEnabled()) {
      try {
        builder.useTls(config.tlsCertChain().toFile(), config.tlsPrivateKey().toFile());
      } catch (IOException e) {
        throw new IllegalArgumentException("Cannot read TLS certificate or key: " + e.getMessage(),
            e);
      }
    }
    if (tokens != null) {
      builder.headerAuthenticator(new BasicBearerAuthenticator(
          new UserPasswords(config.users()), tokens, config.tokenLifetime()));
    }
    return builder.build();
  }

  private static TokenSecret tokenSecret(GatewayConfig config) {
    if (config.tokenSecret() != null) {
      return config.tokenSecret();
    }
    LOG.warn("No token secret shared with the executors: signing tokens with a random one and"
        + " streaming results through the gateway; give gateway and executors the same"
        + " --token-secret-file (or {}) to let clients fetch results from executors",
        TokenSecret.ENV_VARIABLE);
    return TokenSecret.random();
  }
}
