package dev.ballista.scheduler.state;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real etcd server for tests: Debian's {@code etcd-server} binary on free loopback ports with a temporary
 * data directory. Fails (never skips) when etcd is not installed, saying how to install it.
 */
public final class EtcdProcess implements AutoCloseable {
  private final Process process;
  private final Path dataDir;
  private final Path log;
  private final int clientPort;

  private EtcdProcess(Process process, Path dataDir, Path log, int clientPort) {
    this.process = process;
    this.dataDir = dataDir;
    this.log = log;
    this.clientPort = clientPort;
  }

  public static EtcdProcess start() throws IOException, InterruptedException {
    Path binary = binary();
    Path dataDir = Files.createTempDirectory("ballista-etcd-");
    Path log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
    int clientPort = freePort();
    int peerPort = freePort();
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    Process process = new ProcessBuilder(List.of(binary.toString(), "--name", "test",
        "--data-dir", dataDir.resolve("data").toString(),
        "--listen-client-urls", client, "--advertise-client-urls", client,
        "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
        "--initial-cluster", "test=" + peer, "--initial-cluster-state", "new"))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    EtcdProcess etcd = new EtcdProcess(process, dataDir, log, clientPort);
    etcd.awaitListening();
    return etcd;
  }

  private static Path binary() {
    String configured = System.getenv("BALLISTA_ETCD");
    Path path = Path.of(configured == null || configured.isEmpty() ? "/usr/bin/etcd" : configured);
    if (!Files.isExecutable(path)) {
      throw new IllegalStateException("etcd is not installed (no executable " + path + "): these tests run a real "
          + "etcd server; install it with 'apt-get install -y etcd-server' (as .ci/run does) or point BALLISTA_ETCD "
          + "at an etcd 3.4+ binary");
    }
    return path;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void awaitListening() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", clientPort), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    close();
    throw new IllegalStateException("etcd did not listen on port " + clientPort + " within 20 s");
  }

  public String endpoint() {
    return "http://127.0.0.1:" + clientPort;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    Files.deleteIfExists(log);
  }
}
