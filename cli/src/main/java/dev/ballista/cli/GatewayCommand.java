package dev.ballista.cli;

import dev.ballista.gateway.FlightSqlGateway;
import dev.ballista.gateway.GatewayConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista gateway}: a Flight SQL endpoint in front of a cluster's scheduler. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run a Flight SQL gateway of a cluster.")
final class GatewayCommand implements Callable<Integer> {
  @Option(names = "--scheduler", defaultValue = "${env:BALLISTA_SCHEDULER:-127.0.0.1:50050}",
      description = "Scheduler host:port (default: ${DEFAULT-VALUE}).")
  String scheduler;

  @Option(names = "--bind", defaultValue = "${env:BALLISTA_GATEWAY_BIND:-127.0.0.1}",
      description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "${env:BALLISTA_GATEWAY_PORT:-32010}",
      description = "Flight SQL port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--proxy", description = "Stream results through the gateway (for clients that cannot reach executors).")
  boolean proxy;

  @Option(names = "--users-file", description = "user=password lines; turns on authentication (Basic, then Bearer).")
  Path usersFile;

  @Override
  public Integer call() throws Exception {
    Ports.requireFree(bind, port, "Flight SQL");
    String[] hostPort = scheduler.split(":");
    if (hostPort.length != 2) {
      throw new IllegalArgumentException("--scheduler must be host:port, got " + scheduler);
    }
    ManagedChannel channel = NettyChannelBuilder.forAddress(hostPort[0], Integer.parseInt(hostPort[1]))
        .usePlaintext().build();
    GatewayConfig config = GatewayConfig.forScheduler(channel).withBind(bind, port).withProxyResults(proxy);
    if (usersFile != null) {
      config = config.withUsersFile(usersFile);
    }
    System.err.println("ballista gateway: " + config);
    try (FlightSqlGateway gateway = new FlightSqlGateway(config).start()) {
      System.out.println("Flight SQL gateway on " + bind + ":" + gateway.port()
          + "  (JDBC: jdbc:ballista://" + bind + ":" + gateway.port() + ")");
      SchedulerCommand.awaitShutdown();
    } finally {
      channel.shutdownNow();
    }
    return 0;
  }
}
