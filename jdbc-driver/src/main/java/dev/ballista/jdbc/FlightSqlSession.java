package dev.ballista.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.CallOptions;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.LocationSchemes;
import org.apache.arrow.flight.SessionOptionValueFactory;
import org.apache.arrow.flight.SetSessionOptionsRequest;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;

/**
 * One connection's Flight SQL client: the channel to the server, the call options every call
 * carries (bearer token, forwarded headers) and the clients opened for endpoint locations.
 */
final class FlightSqlSession implements AutoCloseable {
  /** Flight's well-known URI for "fetch this endpoint over the connection you already have". */
  private static final String REUSE_CONNECTION_SCHEME = "arrow-flight-reuse-connection";

  private final BufferAllocator allocator;
  private final FlightClient client;
  private final FlightSqlClient sqlClient;
  private final List<CallOption> baseOptions;
  private final Map<URI, FlightClient> endpointClients = new ConcurrentHashMap<>();
  private final ConnectionSettings settings;

  private FlightSqlSession(
      BufferAllocator allocator, FlightClient client, List<CallOption> baseOptions,
      ConnectionSettings settings) {
    this.allocator = allocator;
    this.settings = settings;
    this.client = client;
    this.sqlClient = new FlightSqlClient(client);
    this.baseOptions = List.copyOf(baseOptions);
  }

  /** Connects, and with a user does the Basic to Bearer handshake. */
  static FlightSqlSession open(ConnectionSettings settings) throws SQLException {
    BufferAllocator allocator = new RootAllocator();
    FlightClient client = null;
    try {
      Location location =
          settings.useEncryption()
              ? Location.forGrpcTls(settings.host(), settings.port())
              : Location.forGrpcInsecure(settings.host(), settings.port());
      client = clientBuilder(allocator, location, settings).build();
      List<CallOption> options = new ArrayList<>();
      if (!settings.headers().isEmpty()) {
        FlightCallHeaders headers = new FlightCallHeaders();
        settings.headers().forEach(headers::insert);
        options.add(new HeaderCallOption(headers));
      }
      if (settings.user() != null) {
        client
            .authenticateBasicToken(settings.user(), settings.password())
            .ifPresent(options::add);
      }
      return new FlightSqlSession(allocator, client, options, settings);
    } catch (FlightRuntimeException e) {
      closeQuietly(client, allocator);
      throw SqlErrors.connectFailed(e, settings);
    } catch (RuntimeException e) {
      closeQuietly(client, allocator);
      throw new SQLException("Could not connect to " + settings.host() + ":" + settings.port()
          + ": " + e.getMessage(), "08001", e);
    }
  }

  BufferAllocator allocator() {
    return allocator;
  }

  FlightSqlClient sql() {
    return sqlClient;
  }

  /** The session's call options, with a deadline when {@code timeoutMillis} is positive. */
  CallOption[] options(long timeoutMillis) {
    List<CallOption> options = new ArrayList<>(baseOptions);
    if (timeoutMillis > 0) {
      options.add(CallOptions.timeout(timeoutMillis, TimeUnit.MILLISECONDS));
    }
    return options.toArray(CallOption[]::new);
  }

  /**
   * Starts reading one endpoint: over this connection when it names no location, otherwise from
   * the first location, with the same token and headers.
   */
  FlightStream stream(FlightEndpoint endpoint, CallOption... options) {
    List<Location> locations = endpoint.getLocations();
    if (locations.isEmpty()
        || REUSE_CONNECTION_SCHEME.equals(locations.get(0).getUri().getScheme())) {
      return client.getStream(endpoint.getTicket(), options);
    }
    Location location = locations.get(0);
    FlightClient endpointClient =
        endpointClients.computeIfAbsent(
            location.getUri(), uri -> clientBuilder(allocator, location, settings).build());
    return endpointClient.getStream(endpoint.getTicket(), options);
  }

  /** Whether the server answers ListActions, a call every Flight server serves cheaply. */
  boolean ping(long timeoutMillis) {
    try {
      client.listActions(options(timeoutMillis)).forEach(action -> { });
      return true;
    } catch (FlightRuntimeException e) {
      return false;
    }
  }

  /**
   * Sets a Flight SQL session option; servers that do not implement session options are left
   * alone, since the option only spares clients from qualifying names.
   */
  void setSessionOption(String name, String value) {
    try {
      client.setSessionOptions(
          new SetSessionOptionsRequest(
              Map.of(name, SessionOptionValueFactory.makeSessionOptionValue(value))),
          options(0));
    } catch (FlightRuntimeException e) {
      if (e.status().code() != FlightStatusCode.UNIMPLEMENTED) {
        throw e;
      }
    }
  }

  @Override
  public void close() throws Exception {
    List<AutoCloseable> closeables = new ArrayList<>(endpointClients.values());
    closeables.add(sqlClient);
    closeables.add(allocator);
    endpointClients.clear();
    AutoCloseables.close(closeables);
  }

  /** A client trusting what the settings say: the system's roots, a PEM file, or any certificate. */
  private static FlightClient.Builder clientBuilder(
      BufferAllocator allocator, Location location, ConnectionSettings settings) {
    FlightClient.Builder builder = FlightClient.builder(allocator, location);
    if (!LocationSchemes.GRPC_TLS.equals(location.getUri().getScheme())) {
      return builder;
    }
    if (settings.disableCertificateVerification()) {
      builder.verifyServer(false);
    } else if (settings.tlsRootCerts() != null) {
      try {
        builder.trustedCertificates(
            new ByteArrayInputStream(Files.readAllBytes(Path.of(settings.tlsRootCerts()))));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read tlsRootCerts " + settings.tlsRootCerts() + ": " + e.getMessage(), e);
      }
    }
    return builder;
  }

  private static void closeQuietly(FlightClient client, BufferAllocator allocator) {
    try {
      AutoCloseables.close(client, allocator);
    } catch (Exception ignored) {
      // The connect failure is what the caller needs to see.
    }
  }
}
