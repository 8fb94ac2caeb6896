package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TpchAnswersTest {
  @Test
  void everyAnswerParsesWithItsRowCount() {
    Map<Integer, Integer> rows = Map.ofEntries(Map.entry(1, 4), Map.entry(2, 100), Map.entry(3, 10),
        Map.entry(4, 5), Map.entry(5, 5), Map.entry(6, 1), Map.entry(7, 4), Map.entry(8, 2), Map.entry(9, 175),
        Map.entry(10, 20), Map.entry(11, 1048), Map.entry(12, 2), Map.entry(13, 42), Map.entry(14, 1),
        Map.entry(15, 1), Map.entry(16, 18314), Map.entry(17, 1), Map.entry(18, 57), Map.entry(19, 1),
        Map.entry(20, 186), Map.entry(21, 100), Map.entry(22, 7));
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      assertEquals(rows.get(q), TpchAnswers.sf1(q).rows().size(), "q" + q);
    }
    assertThrows(IllegalArgumentException.class, () -> TpchAnswers.sf1(23));
  }

  @Test
  void scaleFactorHundredthAnswersComeFromTheTpchJar() {
    Map<Integer, Integer> rows = Map.ofEntries(Map.entry(1, 4), Map.entry(2, 4), Map.entry(3, 10),
        Map.entry(9, 173), Map.entry(11, 359), Map.entry(16, 296), Map.entry(22, 7));
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      ExpectedResult answer = TpchAnswers.sf001(q);
      assertEquals(TpchAnswers.sf1(q).columns(), answer.columns(), "q" + q);
      if (rows.containsKey(q)) {
        assertEquals(rows.get(q), answer.rows().size(), "q" + q);
      }
    }
    assertEquals(List.of(new BigDecimal("1193053.2253")), TpchAnswers.sf001(6).rows().get(0));
    assertEquals(TpchAnswers.sf001(6), TpchAnswers.forScale(0.01, 6).orElseThrow());
    assertEquals(TpchAnswers.sf1(6), TpchAnswers.forScale(1, 6).orElseThrow());
    assertTrue(TpchAnswers.forScale(0.1, 6).isEmpty());
  }

  @Test
  void aModifiedResultIsCaught() {
    ExpectedResult q1 = TpchAnswers.sf001(1);
    List<List<Object>> wrong = new ArrayList<>();
    q1.rows().forEach(r -> wrong.add(new ArrayList<>(r)));
    wrong.get(2).set(9, ((Long) wrong.get(2).get(9)) + 1);
    assertEquals(List.of("row 3, count_order: expected 29181, got 29182"), q1.mismatches(wrong));
    assertEquals(List.of("expected 4 rows, got 3"), q1.mismatches(wrong.subList(0, 3)).subList(0, 1));
  }

  @Test
  void valuesAreTyped() {
    ExpectedResult q1 = TpchAnswers.sf1(1);
    assertEquals(List.of("l_returnflag", "l_linestatus", "sum_qty", "sum_base_price", "sum_disc_price",
        "sum_charge", "avg_qty", "avg_price", "avg_disc", "count_order"), q1.columns());
    assertEquals(List.of("A", "F", new BigDecimal("37734107.00"), new BigDecimal("56586554400.73"),
        new BigDecimal("53758257134.8700"), new BigDecimal("55909065222.827692"), 25.522005853257337,
        38273.129734621674, 0.049985295838397614, 1478493L), q1.rows().get(0));
    assertEquals(LocalDate.of(1995, 3, 5), TpchAnswers.sf1(3).rows().get(0).get(2));
    assertEquals("13", TpchAnswers.sf1(22).rows().get(0).get(0));
  }

  @Test
  void anAnswerMatchesItsOwnText() {
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      ExpectedResult answer = TpchAnswers.sf1(q);
      List<List<String>> asText = new ArrayList<>();
      for (List<Object> row : answer.rows()) {
        asText.add(row.stream().map(String::valueOf).toList());
      }
      assertEquals(List.of(), answer.mismatches(asText), "q" + q);
    }
  }

  @Test
  void decimalsMustAgreeToTheCent() {
    ExpectedResult q6 = TpchAnswers.sf1(6);
    assertEquals(List.of(), q6.mismatches(List.of(List.of(new BigDecimal("123141078.23")))));
    assertEquals(List.of(), q6.mismatches(List.of(List.of(123141078.2283))));
    assertEquals(List.of("row 1, revenue: expected 123141078.2283, got 123141078.24"),
        q6.mismatches(List.of(List.of(new BigDecimal("123141078.24")))));
  }

  @Test
  void doublesMayDifferByUpToOneHundredth() {
    ExpectedResult q17 = TpchAnswers.sf1(17);
    assertEquals(List.of(), q17.mismatches(List.of(List.of(new BigDecimal("348406.05")))));
    assertEquals(List.of(), q17.mismatches(List.of(List.of(348406.064))));
    assertEquals(1, q17.mismatches(List.of(List.of(348406.07))).size());
  }

  @Test
  void stringsAreTrimmedAndDatesAndIntegersAcceptTheirUsualForms() {
    ExpectedResult q3 = TpchAnswers.sf1(3);
    List<List<Object>> actual = new ArrayList<>();
    for (List<Object> row : q3.rows()) {
      LocalDate date = (LocalDate) row.get(2);
      actual.add(Arrays.asList(((Long) row.get(0)).intValue(), row.get(1), (int) date.toEpochDay(), row.get(3)));
    }
    actual.set(1, Arrays.asList(actual.get(1).get(0), actual.get(1).get(1), java.sql.Date.valueOf("1995-03-04"),
        BigDecimal.ZERO));
    assertEquals(List.of(), q3.mismatches(actual));

    ExpectedResult q4 = TpchAnswers.sf1(4);
    List<List<Object>> padded = new ArrayList<>();
    for (List<Object> row : q4.rows()) {
      padded.add(List.of(row.get(0) + "   ", row.get(1)));
    }
    assertEquals(List.of(), q4.mismatches(padded));
  }

  @Test
  void differencesAreListedReadably() {
    ExpectedResult q4 = TpchAnswers.sf1(4);
    assertEquals(List.of("expected 5 rows, got 1", "row 1, order_count: expected 10594, got 10595"),
        q4.mismatches(List.of(List.of("1-URGENT", 10595L))));
    assertEquals(List.of("expected 5 rows, got 1", "row 1: expected 2 columns, got 1"),
        q4.mismatches(List.of(List.of("1-URGENT"))));
    assertEquals(List.of("expected 5 rows, got 1", "row 1, order_count: expected 10594, got null"),
        q4.mismatches(List.of(Arrays.asList("1-URGENT", null))));
  }

  @Test
  void manyDifferencesAreCapped() {
    ExpectedResult q11 = TpchAnswers.sf1(11);
    List<List<Object>> wrong = new ArrayList<>();
    for (List<Object> row : q11.rows()) {
      wrong.add(List.of(row.get(0), BigDecimal.ZERO));
    }
    List<String> problems = q11.mismatches(wrong);
    assertEquals(11, problems.size());
    assertEquals("... and 1038 more differences", problems.get(10));
  }

  @Test
  void rowsTiedInTheOrderByColumnsMatchInEitherOrderButOtherSwapsDoNot() {
    // Q11 orders by value only: two parts with the same value may come either way round.
    ExpectedResult q11 = TpchAnswers.fromRows(11, List.of(
        List.of(3L, new BigDecimal("900.00")), List.of(1L, new BigDecimal("500.00")),
        List.of(2L, new BigDecimal("500.00")), List.of(4L, new BigDecimal("100.00"))));
    assertEquals(List.of(), q11.mismatches(List.of(
        List.of(3L, new BigDecimal("900.00")), List.of(2L, new BigDecimal("500.00")),
        List.of(1L, new BigDecimal("500.00")), List.of(4L, new BigDecimal("100.00")))));
    List<String> swapped = q11.mismatches(List.of(
        List.of(4L, new BigDecimal("100.00")), List.of(1L, new BigDecimal("500.00")),
        List.of(2L, new BigDecimal("500.00")), List.of(3L, new BigDecimal("900.00"))));
    assertEquals(4, swapped.size(), "rows out of value order still differ: " + swapped);
    List<String> wrongKey = q11.mismatches(List.of(
        List.of(3L, new BigDecimal("900.00")), List.of(2L, new BigDecimal("500.00")),
        List.of(5L, new BigDecimal("500.00")), List.of(4L, new BigDecimal("100.00"))));
    assertEquals(2, wrongKey.size(), "a tie run holding another row still differs: " + wrongKey);
  }
}
