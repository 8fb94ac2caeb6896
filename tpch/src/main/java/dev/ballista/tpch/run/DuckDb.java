package dev.ballista.tpch.run;

import dev.ballista.tpch.TpchSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * DuckDB as the reference engine: an in-memory database whose eight TPC-H tables are views over the same Parquet
 * files ({@code read_parquet('DIR/TABLE/*.parquet')}), using all cores.
 */
public final class DuckDb {
  private DuckDb() {}

  /** A connection to a fresh in-memory DuckDB with views over the data set in {@code dataDir}. */
  public static Connection open(Path dataDir, int threads) throws SQLException {
    requireDataset(dataDir);
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement s = connection.createStatement()) {
      s.execute("set threads = " + threads);
      for (String table : TpchSchema.TABLES) {
        String glob = dataDir.toAbsolutePath().resolve(table).resolve("*.parquet").toString().replace("'", "''");
        s.execute("create view " + table + " as select * from read_parquet('" + glob + "')");
      }
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  public static String version(Connection duckdb) throws SQLException {
    try (Statement s = duckdb.createStatement(); ResultSet rs = s.executeQuery("select version()")) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * The query as DuckDB accepts it: our text is written for Calcite, whose interval literals carry a precision
   * ({@code interval '90' day (3)}) that DuckDB does not parse.
   */
  public static String dialect(String sql) {
    return sql.replaceAll("(interval\\s+'[^']*'\\s+day)\\s*\\(\\d+\\)", "$1");
  }

  /** A clear error, with the command that makes the data, when a table directory has no Parquet files. */
  static void requireDataset(Path dataDir) {
    for (String table : TpchSchema.TABLES) {
      Path dir = dataDir.resolve(table);
      boolean hasParquet;
      try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
        hasParquet = files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"));
      } catch (IOException e) {
        hasParquet = false;
      }
      if (!hasParquet) {
        throw new IllegalStateException("no TPC-H data set in " + dataDir.toAbsolutePath() + " (no Parquet files for "
            + table + "); generate it with: ./ballista tpch gen --sf SF --out " + dataDir);
      }
    }
  }
}
