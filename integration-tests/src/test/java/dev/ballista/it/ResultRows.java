package dev.ballista.it;

import dev.ballista.engine.dist.LocalQueryRunner;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Query results as sorted rows of exact text, so a result read through JDBC compares with one computed in-process:
 * decimals keep their scale ({@code 12.50} is not {@code 12.5}), doubles print all their digits, dates are ISO.
 */
final class ResultRows {
  private ResultRows() {}

  static List<List<String>> of(ResultSet rs) throws SQLException {
    int columns = rs.getMetaData().getColumnCount();
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(columns);
      for (int c = 1; c <= columns; c++) {
        row.add(text(rs.getObject(c)));
      }
      rows.add(row);
    }
    return sorted(rows);
  }

  static List<List<String>> of(LocalQueryRunner.QueryResult result) {
    List<Field> fields = result.schema().getFields();
    List<List<String>> rows = new ArrayList<>();
    for (List<Object> r : result.rows()) {
      List<String> row = new ArrayList<>(r.size());
      for (int c = 0; c < r.size(); c++) {
        Object v = r.get(c);
        // Arrow's DateDayVector answers days since the epoch; JDBC answers a java.sql.Date.
        if (v instanceof Integer days && fields.get(c).getType() instanceof ArrowType.Date d
            && d.getUnit() == DateUnit.DAY) {
          v = LocalDate.ofEpochDay(days);
        }
        row.add(text(v));
      }
      rows.add(row);
    }
    return sorted(rows);
  }

  private static String text(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    return v.toString();
  }

  private static List<List<String>> sorted(List<List<String>> rows) {
    Comparator<List<String>> byColumns = (a, b) -> {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        int c = a.get(i).compareTo(b.get(i));
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    };
    rows.sort(byColumns);
    return rows;
  }
}
