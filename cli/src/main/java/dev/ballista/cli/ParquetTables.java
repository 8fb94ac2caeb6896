package dev.ballista.cli;

import dev.ballista.engine.catalog.Catalog;
import dev.ballista.engine.catalog.TableDef;
import dev.ballista.engine.catalog.TableLoader;
import dev.ballista.engine.exec.scan.FileFormatKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Registers directories of Parquet files as tables, one table per subdirectory. */
public final class ParquetTables {
  private ParquetTables() {}

  /** TPC-H primary keys, declared so the join planner knows which joins cannot multiply rows. */
  private static final Map<String, String> TPCH_KEYS = Map.of(
      "lineitem", "l_orderkey,l_linenumber", "orders", "o_orderkey", "customer", "c_custkey", "part", "p_partkey",
      "partsupp", "ps_partkey,ps_suppkey", "supplier", "s_suppkey", "nation", "n_nationkey", "region", "r_regionkey");

  /** Registers every subdirectory of {@code dataDir} that holds Parquet files as a table of that name. */
  public static List<String> register(Catalog catalog, Path dataDir) throws IOException {
    return register(table -> catalog.register(table, true), dataDir);
  }

  /** Hands every subdirectory of {@code dataDir} that holds Parquet files, as a table, to {@code registry}. */
  static List<String> register(Consumer<TableDef> registry, Path dataDir) throws IOException {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(dataDir)) {
      return names;
    }
    try (Stream<Path> dirs = Files.list(dataDir)) {
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        boolean hasParquet;
        try (Stream<Path> files = Files.walk(dir)) {
          hasParquet = files.anyMatch(p -> p.toString().endsWith(".parquet"));
        }
        if (hasParquet) {
          String name = dir.getFileName().toString().toLowerCase();
          Map<String, String> options = TPCH_KEYS.containsKey(name)
              ? Map.of(TableDef.PRIMARY_KEY_OPTION, TPCH_KEYS.get(name)) : Map.of();
          registry.accept(TableLoader.load(Catalog.DEFAULT_SCHEMA, name, FileFormatKind.PARQUET, dir, options));
          names.add(name);
        }
      }
    }
    return names;
  }

}
