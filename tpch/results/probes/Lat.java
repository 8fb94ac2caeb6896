import java.sql.*;
import java.util.*;

/** JDBC latency probe: median, p90 and min of SELECT 1 and of a point lookup on orders (TPC-H), after 20 warm-up runs. */
public class Lat {
  public static void main(String[] a) throws Exception {
    String url = a[0];
    int n = Integer.parseInt(a.length > 1 ? a[1] : "200");
    try (Connection c = DriverManager.getConnection(url)) {
      report(c, "select 1", n);
      report(c, "select o_orderkey, o_custkey, o_totalprice, o_orderdate from orders where o_orderkey = 1200005", n / 4);
    }
  }

  static void report(Connection c, String sql, int n) throws Exception {
    for (int i = 0; i < 20; i++) run(c, sql);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      run(c, sql);
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(t);
    System.out.printf(Locale.ROOT, "%-100s n=%d median %.2f ms  p90 %.2f ms  min %.2f ms%n", sql, n, t[n / 2], t[n * 9 / 10], t[0]);
  }

  static void run(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {}
    }
  }
}
