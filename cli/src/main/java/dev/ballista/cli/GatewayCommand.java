package dev.ballista.cli;

import dev.ballista.auth.TokenSecret;
import dev.ballista.gateway.FlightSqlGateway;
import dev.ballista.gateway.GatewayConfig;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ballista gateway}: a Flight SQL endpoint in front of a cluster's scheduler. */
@Command(name = "gateway", mixinStandardHelpOptions = true, description = "Run a Flight SQL gateway of a cluster.")
final class GatewayCommand implements Callable<Integer> {
  @Option(names = "--scheduler", defaultValue = "${env:BALLISTA_SCHEDULER:-127.0.0.1:50050}",
      description = "Scheduler host:port; with standby schedulers, all of them comma-separated (the "
          + "leader is the one that answers) (env BALLISTA_SCHEDULER, default: ${DEFAULT-VALUE}).")
  String scheduler;

  @Option(names = "--bind", defaultValue = "${env:BALLISTA_GATEWAY_BIND:-127.0.0.1}",
      description = "Interface to listen on (env BALLISTA_GATEWAY_BIND, default: ${DEFAULT-VALUE}).")
  String bind;

  @Option(names = "--port", defaultValue = "${env:BALLISTA_GATEWAY_PORT:-32010}",
      description = "Flight SQL port, 0 for any free port (env BALLISTA_GATEWAY_PORT, default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--proxy", defaultValue = "${env:BALLISTA_GATEWAY_PROXY:-false}",
      description = "Stream results through the gateway (for clients that cannot reach executors; env "
          + "BALLISTA_GATEWAY_PROXY=true).")
  boolean proxy;

  @Option(names = "--users-file", defaultValue = "${env:BALLISTA_GATEWAY_USERS_FILE}",
      description = "Lines of user:password (or user:sha256:<hex>); turns on authentication (Basic, then Bearer "
          + "tokens; env BALLISTA_GATEWAY_USERS_FILE).")
  Path usersFile;

  @Option(names = "--token-secret-file", defaultValue = "${env:BALLISTA_TOKEN_SECRET_FILE}",
      description = "File holding the secret bearer tokens are signed with; give the executors the same one (env "
          + "BALLISTA_TOKEN_SECRET_FILE, or " + TokenSecret.ENV_VARIABLE + " holding the secret itself; without "
          + "either, results stream through the gateway).")
  Path tokenSecretFile;

  @Option(names = "--tls-cert", defaultValue = "${env:BALLISTA_GATEWAY_TLS_CERT}",
      description = "PEM certificate chain: serve Flight SQL over TLS, with --tls-key; results then stream "
          + "through the gateway (env BALLISTA_GATEWAY_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:BALLISTA_GATEWAY_TLS_KEY}",
      description = "PEM PKCS#8 private key of --tls-cert (env BALLISTA_GATEWAY_TLS_KEY).")
  Path tlsKey;

  @Override
  public Integer call() throws Exception {
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    Ports.requireFree(bind, port, "Flight SQL");
    ManagedChannel channel = SchedulerAddress.channel(scheduler);
    GatewayConfig config = GatewayConfig.forScheduler(channel).withBind(bind, port).withProxyResults(proxy);
    if (usersFile != null) {
      config = config.withUsersFile(usersFile);
      TokenSecret secret = TokenSecret.fromFileOrEnvironment(tokenSecretFile, System.getenv()).orElse(null);
      if (secret != null) {
        config = config.withTokenSecret(secret);
      }
    }
    if (tlsCert != null) {
      config = config.withTls(tlsCert, tlsKey);
    }
    Exposure.warnIfOpen(bind, !config.authEnabled(), "the Flight SQL gateway",
        "Pass --users-file, and --tls-cert/--tls-key on an untrusted network.");
    System.err.println("ballista gateway: " + config);
    ShutdownSignal signal = ShutdownSignal.install(Duration.ofSeconds(15));
    try (FlightSqlGateway gateway = new FlightSqlGateway(config).start()) {
      System.out.println("Flight SQL gateway on " + bind + ":" + gateway.port()
          + "  (JDBC: jdbc:ballista://" + bind + ":" + gateway.port()
          + (config.tlsEnabled() ? "?useEncryption=true" : "") + ")");
      signal.await();
    } finally {
      channel.shutdownNow();
      signal.closed();
    }
    return 0;
  }
}
