package dev.ballista.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Runs every benchmark method once on small data, so none can rot unnoticed: setup, the invocation and teardown
 * (which closes the allocators, failing on a leak) must work, and each must return the row count its operator
 * should produce. JMH's generated harness is compiled by the build; running it here would need full-size data.
 */
class BenchmarksSmokeTest {
  private static final int ROWS = 50_000;

  @Test
  void everyBenchmarkRunsOnSmallDataAndProducesTheRightRowCount() throws Exception {
    Map<String, Long> expected = new LinkedHashMap<>();

    FilterBenchmark filter = new FilterBenchmark();
    filter.rows = ROWS;
    expected.put("FilterBenchmark.bigintCompareHalf",
        count(row -> BenchData.uniform(row, 1, FilterBenchmark.K_BOUND) < FilterBenchmark.K_BOUND / 2));
    long days = BenchData.LAST_SHIP_DAY - BenchData.FIRST_SHIP_DAY + 1;
    long from = java.time.LocalDate.of(1994, 1, 1).toEpochDay();
    long to = java.time.LocalDate.of(1995, 1, 1).toEpochDay();
    expected.put("FilterBenchmark.dateRange", count(row -> {
      long day = BenchData.FIRST_SHIP_DAY + BenchData.uniform(row, 2, days);
      return day >= from && day < to;
    }));
    expected.put("FilterBenchmark.textAndNumberConjuncts", count(row -> {
      String mode = FilterBenchmark.SHIP_MODES[(int) BenchData.uniform(row, 5, FilterBenchmark.SHIP_MODES.length)];
      String instruct =
          FilterBenchmark.SHIP_INSTRUCTS[(int) BenchData.uniform(row, 6, FilterBenchmark.SHIP_INSTRUCTS.length)];
      return (mode.equals("AIR") || mode.equals("REG AIR")) && instruct.equals("DELIVER IN PERSON")
          && 1 + BenchData.uniform(row, 4, 50) <= 11;
    }));
    expected.put("FilterBenchmark.q6Conjuncts", count(row -> {
      long day = BenchData.FIRST_SHIP_DAY + BenchData.uniform(row, 2, days);
      long discount = BenchData.uniform(row, 7, 11);
      return day >= from && day < to && discount >= 5 && discount <= 7 && 1 + BenchData.uniform(row, 4, 50) < 24;
    }));

    ProjectionBenchmark projection = new ProjectionBenchmark();
    projection.rows = ROWS;
    expected.put("ProjectionBenchmark.decimalDiscountedPrice", (long) ROWS);

    AggregationBenchmark aggregation = new AggregationBenchmark();
    aggregation.rows = ROWS;
    expected.put("AggregationBenchmark.fewGroupsTwoStrings", 6L);
    BitSet keys = new BitSet();
    for (long row = 0; row < ROWS; row++) {
      keys.set((int) BenchData.uniform(row, 5, AggregationBenchmark.MANY_GROUPS_KEYS));
    }
    expected.put("AggregationBenchmark.manyGroupsBigint", (long) keys.cardinality());
    expected.put("AggregationBenchmark.orderedGroupsBigint", (ROWS + 3L) / 4); // keys row / 4

    JoinBenchmark join = new JoinBenchmark();
    join.buildRows = 1_000;
    join.probeRows = ROWS;
    expected.put("JoinBenchmark.probeBigintKey", (long) ROWS);
    BitSet probedKeys = new BitSet();
    for (long row = 0; row < ROWS; row++) {
      probedKeys.set((int) BenchData.uniform(row, 2, join.buildRows));
    }
    expected.put("JoinBenchmark.buildSideSemiBigintKey", (long) probedKeys.cardinality());

    SortBenchmark sort = new SortBenchmark();
    sort.rows = ROWS;
    expected.put("SortBenchmark.sortBigint", (long) ROWS);
    expected.put("SortBenchmark.sortBigintThenString", (long) ROWS);
    expected.put("SortBenchmark.topN100", (long) SortBenchmark.TOP_N);

    ParquetScanBenchmark parquet = new ParquetScanBenchmark();
    parquet.rows = ROWS;
    expected.put("ParquetScanBenchmark.scanTwoOfFourColumns", (long) ROWS);
    expected.put("ParquetScanBenchmark.scanFourColumns", (long) ROWS);
    expected.put("ParquetScanBenchmark.scanDictionaryDate", (long) ROWS);
    long airModes = 0;
    for (long row = 0; row < ROWS; row++) {
      String mode = ParquetScanBenchmark.MODES[(int) BenchData.uniform(row, 4, ParquetScanBenchmark.MODES.length)];
      airModes += mode.equals("AIR") || mode.equals("AIR REG") ? 1 : 0;
    }
    expected.put("ParquetScanBenchmark.filterShipModeAboveScan", airModes);
    expected.put("ParquetScanBenchmark.filterShipModeInScan", airModes);

    List<Object> benchmarks = List.of(filter, projection, aggregation, join, sort, parquet);
    assertEquals(new TreeSet<>(expected.keySet()), benchmarkMethods(benchmarks),
        "every @Benchmark method needs an entry here");

    Map<String, Long> actual = new LinkedHashMap<>();
    for (Object benchmark : benchmarks) {
      Class<?> type = benchmark.getClass();
      type.getMethod("setup").invoke(benchmark);
      try {
        for (Method m : type.getDeclaredMethods()) {
          if (m.isAnnotationPresent(Benchmark.class)) {
            actual.put(type.getSimpleName() + "." + m.getName(), (Long) m.invoke(benchmark));
          }
        }
      } finally {
        type.getMethod("tearDown").invoke(benchmark);
      }
    }
    assertEquals(expected, actual);
  }

  private static long count(LongPredicate rowMatches) {
    long n = 0;
    for (long row = 0; row < ROWS; row++) {
      if (rowMatches.test(row)) {
        n++;
      }
    }
    return n;
  }

  private static TreeSet<String> benchmarkMethods(List<Object> benchmarks) {
    return benchmarks.stream()
        .flatMap(b -> Arrays.stream(b.getClass().getDeclaredMethods())
            .filter(m -> m.isAnnotationPresent(Benchmark.class))
            .map(m -> b.getClass().getSimpleName() + "." + m.getName()))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
