package dev.ballista.gateway;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.util.AutoCloseables;

/**
 * A gateway on a free port in front of {@link FakeScheduler} (served in-process, as in standalone
 * mode) whose results live on a {@link FakeExecutor}.
 */
final class GatewayHarness implements AutoCloseable {
  static final String TOKEN_SECRET = "shared-secret-for-tests-0123456789";

  final FakeExecutor executor;
  final FakeScheduler scheduler;
  final FlightSqlGateway gateway;
  final BufferAllocator clientAllocator = new RootAllocator();
  private final Server schedulerServer;
  private final ManagedChannel schedulerChannel;

  private GatewayHarness(UnaryOperator<GatewayConfig> configure, boolean executorChecksTokens)
      throws Exception {
    executor = new FakeExecutor(
        executorChecksTokens ? TOKEN_SECRET.getBytes(StandardCharsets.UTF_8) : null);
    scheduler = new FakeScheduler(executor);
    String name = InProcessServerBuilder.generateName();
    schedulerServer = InProcessServerBuilder.forName(name).addService(scheduler).build().start();
    schedulerChannel = InProcessChannelBuilder.forName(name).build();
    GatewayConfig config = configure.apply(
        GatewayConfig.forScheduler(schedulerChannel).withBind("127.0.0.1", 0));
    gateway = new FlightSqlGateway(config).start();
  }

  static GatewayHarness start() throws Exception {
    return new GatewayHarness(UnaryOperator.identity(), false);
  }

  static GatewayHarness start(UnaryOperator<GatewayConfig> configure, boolean executorChecksTokens)
      throws Exception {
    return new GatewayHarness(configure, executorChecksTokens);
  }

  int port() {
    return gateway.port();
  }

  String jdbcUrl() {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + port() + "?useEncryption=false";
  }

  FlightSqlClient flightSqlClient() {
    return new FlightSqlClient(FlightClient.builder(clientAllocator,
        Location.forGrpcInsecure("127.0.0.1", port())).build());
  }

  @Override
  public void close() throws Exception {
    gateway.close();
    schedulerChannel.shutdownNow();
    schedulerServer.shutdownNow();
    schedulerServer.awaitTermination(5, TimeUnit.SECONDS);
    AutoCloseables.close(executor, scheduler, clientAllocator);
  }
}
