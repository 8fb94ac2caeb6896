package dev.ballista.tpch.run;

import java.util.List;

/** Minimum, median and maximum of some durations in milliseconds; all NaN when there are none. */
public record Stats(double min, double median, double max, int count) {
  public static Stats of(List<Double> millis) {
    if (millis.isEmpty()) {
      return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
    }
    double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = sorted.length;
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new Stats(sorted[0], median, sorted[n - 1], n);
  }
}
