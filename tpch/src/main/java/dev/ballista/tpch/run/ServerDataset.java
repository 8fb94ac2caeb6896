package dev.ballista.tpch.run;

import dev.ballista.tpch.TpchSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks that a server has the eight TPC-H tables and finds their scale factor from the orders count. */
public final class ServerDataset {
  private static final long ORDERS_PER_SF = 1_500_000L;

  private ServerDataset() {}

  /** The scale factor of the server's tables; a clear error when a table is missing or has another scale. */
  public static double check(Connection connection, Double expectedSf) {
    // The catalog call is cheap; a query per table would cost a job each.
    Set<String> present = new HashSet<>();
    try (ResultSet tables = connection.getMetaData().getTables(null, null, "%", null)) {
      while (tables.next()) {
        present.add(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot list the server's tables: " + QueryExecution.message(e), e);
    }
    List<String> missing = TpchSchema.TABLES.stream().filter(t -> !present.contains(t)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException("the server has no TPC-H table" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing) + "; start one with TPC-H data: ./ballista standalone --tpch "
          + format(expectedSf == null ? 1 : expectedSf));
    }
    long orders;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("select count(*) from orders")) {
      rs.next();
      orders = rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the orders table: " + QueryExecution.message(e), e);
    }
    double sf = (double) orders / ORDERS_PER_SF;
    if (expectedSf != null && Math.abs(sf - expectedSf) > 1e-9) {
      throw new IllegalStateException("the server's TPC-H data is scale factor " + format(sf) + " (" + orders
          + " orders), not " + format(expectedSf) + "; pass --sf " + format(sf) + " or serve the other data set");
    }
    return sf;
  }

  public static String format(double sf) {
    return sf == Math.rint(sf) ? String.valueOf((long) sf) : String.format(Locale.ROOT, "%s", sf);
  }
}
