package dev.ballista.gateway;

import dev.ballista.auth.TokenSecret;
import io.grpc.Channel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything a {@link FlightSqlGateway} needs, as one typed value.
 *
 * @param bindHost the address to listen on
 * @param port the port to listen on; 0 picks any free port
 * @param scheduler the channel to the scheduler's {@code SchedulerService}: in-process in standalone
 *     mode, Netty in a cluster. The caller owns it.
 * @param proxyResults when true, clients fetch results through the gateway instead of from the
 *     executors, for networks where executors are unreachable from clients. TLS and auth without a
 *     shared token secret imply it: see {@link #resultsProxied()}
 * @param defaultSchema the schema unqualified table names resolve in; empty for the scheduler's
 * @param users user name to password ({@code sha256:<hex>} for a hashed one); empty turns auth off
 * @param tokenSecret the secret bearer tokens are signed with, shared with the executors; null makes
 *     a random one, which executors cannot verify (so results are then proxied through the gateway)
 * @param tokenLifetime how long an issued bearer token stays valid
 * @param tlsCertChain PEM certificate chain; with {@code tlsPrivateKey}, serves TLS
 * @param tlsPrivateKey PEM PKCS#8 private key
 */
public record GatewayConfig(
    String bindHost,
    int port,
    Channel scheduler,
    boolean proxyResults,
    String defaultSchema,
    Map<String, String> users,
    TokenSecret tokenSecret,
    Duration tokenLifetime,
    Path tlsCertChain,
    Path tlsPrivateKey) {

  public static final String DEFAULT_BIND_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 32010;
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(12);

  public GatewayConfig {
    Objects.requireNonNull(bindHost, "bindHost");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(defaultSchema, "defaultSchema");
    Objects.requireNonNull(tokenLifetime, "tokenLifetime");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in 0..65535: " + port);
    }
    if ((tlsCertChain == null) != (tlsPrivateKey == null)) {
      throw new IllegalArgumentException("TLS needs both a certificate chain and a private key");
    }
    if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
      throw new IllegalArgumentException("tokenLifetime must be positive");
    }
    users = Map.copyOf(users);
  }

  /** Defaults: 127.0.0.1:32010, results fetched from executors, no auth, no TLS. */
  public static GatewayConfig forScheduler(Channel scheduler) {
    return new GatewayConfig(DEFAULT_BIND_HOST, DEFAULT_PORT, scheduler, false, "", Map.of(), null,
        DEFAULT_TOKEN_LIFETIME, null, null);
  }

  public GatewayConfig withBind(String host, int newPort) {
    return new GatewayConfig(host, newPort, scheduler, proxyResults, defaultSchema, users,
        tokenSecret, tokenLifetime, tlsCertChain, tlsPrivateKey);
  }

  public GatewayConfig withProxyResults(boolean proxy) {
    return new GatewayConfig(bindHost, port, scheduler, proxy, defaultSchema, users, tokenSecret,
        tokenLifetime, tlsCertChain, tlsPrivateKey);
  }

  public GatewayConfig withDefaultSchema(String schema) {
    return new GatewayConfig(bindHost, port, scheduler, proxyResults, schema, users, tokenSecret,
        tokenLifetime, tlsCertChain, tlsPrivateKey);
  }

  public GatewayConfig withUsers(Map<String, String> newUsers) {
    return new GatewayConfig(bindHost, port, scheduler, proxyResults, defaultSchema, newUsers,
        tokenSecret, tokenLifetime, tlsCertChain, tlsPrivateKey);
  }

  /** Users from a file of {@code user:password} lines; see {@link #readUsersFile}. */
  public GatewayConfig withUsersFile(Path file) throws IOException {
    return withUsers(readUsersFile(file));
  }

  /**
   * A users file: {@code user:password} lines, blank lines and {@code #} comments skipped; a password
   * written {@code sha256:<hex>} is the SHA-256 of the real one, so the file need not hold it.
   */
  public static Map<String, String> readUsersFile(Path file) throws IOException {
    Map<String, String> users = UserPasswords.readFile(file);
    if (users.isEmpty()) {
      throw new IOException("Users file " + file + " names no user; auth would be off");
    }
    return users;
  }

  public GatewayConfig withTokenSecret(TokenSecret secret) {
    return new GatewayConfig(bindHost, port, scheduler, proxyResults, defaultSchema, users, secret,
        tokenLifetime, tlsCertChain, tlsPrivateKey);
  }

  public GatewayConfig withTokenSecret(String secret) {
    return withTokenSecret(TokenSecret.of(secret));
  }

  public GatewayConfig withTokenLifetime(Duration lifetime) {
    return new GatewayConfig(bindHost, port, scheduler, proxyResults, defaultSchema, users,
        tokenSecret, lifetime, tlsCertChain, tlsPrivateKey);
  }

  public GatewayConfig withTls(Path certChain, Path privateKey) {
    return new GatewayConfig(bindHost, port, scheduler, proxyResults, defaultSchema, users,
        tokenSecret, tokenLifetime, certChain, privateKey);
  }

  public boolean authEnabled() {
    return !users.isEmpty();
  }

  public boolean tlsEnabled() {
    return tlsCertChain != null;
  }

  /**
   * Whether clients fetch results through the gateway. Besides when asked, that is the case with TLS
   * (executors serve plaintext Flight, so direct fetches would leave the encrypted connection) and
   * with auth but no shared token secret (executors could not verify the clients' tokens).
   */
  public boolean resultsProxied() {
    return proxyResults || tlsEnabled() || (authEnabled() && tokenSecret == null);
  }

  /** Printable at start: user names but never passwords or the secret. */
  @Override
  public String toString() {
    return "GatewayConfig[bind=" + bindHost + ":" + port
        + ", results=" + (resultsProxied() ? "proxied" : "from executors")
        + ", defaultSchema='" + defaultSchema + "'"
        + ", auth=" + (authEnabled() ? "users " + new TreeMap<>(users).keySet() : "off")
        + ", tokenSecret=" + (tokenSecret == null ? "random" : "set")
        + ", tokenLifetime=" + tokenLifetime
        + ", tls=" + (tlsEnabled() ? tlsCertChain : "off") + "]";
  }
}
