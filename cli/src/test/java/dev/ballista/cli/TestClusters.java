package dev.ballista.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Real standalone clusters over TPC-H SF 0.01 for client tests; the data is generated once per directory. */
final class TestClusters {
  static final String USER = "alice";
  static final String PASSWORD = "wonder land:1";
  static final Map<String, String> USERS = Map.of(USER, PASSWORD, "bob", "builder");

  private TestClusters() {}

  /** TPC-H SF 0.01 under {@code dir}, two files per table so scans have several partitions. */
  static Path tpchData(Path dir) throws Exception {
    Path data = TpchData.directory(dir, 0.01);
    TpchData.generate(data, 0.01, 2, false);
    return data;
  }

  /** Two executors with one slot each (plaintext, no auth), the TPC-H tables registered. */
  static StandaloneCluster start(Path dir, Path data, String name) throws Exception {
    return start(options(dir, name), data);
  }

  /** The same with users: the gateway checks passwords and the executors check its tokens. */
  static StandaloneCluster startWithAuth(Path dir, Path data, String name) throws Exception {
    return start(options(dir, name).withUsers(USERS), data);
  }

  static StandaloneCluster.Options options(Path dir, String name) throws Exception {
    Path work = Files.createDirectories(dir.resolve(name));
    return new StandaloneCluster.Options("127.0.0.1", 0, 2, 1, 384L << 20, work);
  }

  static StandaloneCluster start(StandaloneCluster.Options options, Path data) throws Exception {
    StandaloneCluster cluster = StandaloneCluster.start(options);
    try {
      cluster.registerParquetTables(data);
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }
}
