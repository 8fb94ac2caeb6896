package dev.ballista.tpch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TpchParametersTest {
  private static final int SEEDS = 500;

  @Test
  void aSeedAlwaysDrawsTheSameParameters() {
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      assertEquals(TpchParameters.draw(q, 42, 1), TpchParameters.draw(q, 42, 1), "Q" + q);
    }
  }

  @Test
  void seedsDrawDifferentParameters() {
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      Set<Map<String, String>> drawn = new HashSet<>();
      for (long seed = 0; seed < 20; seed++) {
        drawn.add(TpchParameters.draw(q, seed, 1));
      }
      assertTrue(drawn.size() > 1, "Q" + q + " drew " + drawn);
    }
    assertNotEquals(TpchParameters.draw(9, 1, 1), TpchParameters.draw(9, 2, 1));
  }

  @Test
  void drawnParametersNameTheSamePlaceholdersAsTheDefaults() {
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      assertEquals(TpchParameters.defaults(q).keySet(), TpchParameters.draw(q, 7, 1).keySet(), "Q" + q);
    }
  }

  @Test
  void drawnParametersAreWithinTheSpecificationsRanges() {
    for (long seed = 0; seed < SEEDS; seed++) {
      assertBetween(60, 120, integer(1, seed, "DELTA"));
      Map<String, String> q2 = TpchParameters.draw(2, seed, 1);
      assertBetween(1, 50, Integer.parseInt(q2.get("SIZE")));
      assertTrue(TpchParameters.TYPE_SYLLABLE_3.contains(q2.get("TYPE")), q2.toString());
      assertTrue(TpchParameters.REGIONS.contains(q2.get("REGION")), q2.toString());
      Map<String, String> q3 = TpchParameters.draw(3, seed, 1);
      assertTrue(TpchParameters.SEGMENTS.contains(q3.get("SEGMENT")), q3.toString());
      assertDateBetween("1995-03-01", "1995-03-31", q3.get("DATE"));
      assertFirstOfMonthBetween("1993-01-01", "1997-10-01", date(4, seed));
      assertNewYearBetween(1993, 1997, date(5, seed));
      Map<String, String> q6 = TpchParameters.draw(6, seed, 1);
      assertNewYearBetween(1993, 1997, q6.get("DATE"));
      BigDecimal discount = new BigDecimal(q6.get("DISCOUNT"));
      assertTrue(discount.compareTo(new BigDecimal("0.02")) >= 0 && discount.compareTo(new BigDecimal("0.09")) <= 0
          && discount.scale() == 2, q6.toString());
      assertBetween(24, 25, Integer.parseInt(q6.get("QUANTITY")));
      Map<String, String> q7 = TpchParameters.draw(7, seed, 1);
      assertTrue(TpchParameters.NATIONS.contains(q7.get("NATION1")) && TpchParameters.NATIONS.contains(
          q7.get("NATION2")) && !q7.get("NATION1").equals(q7.get("NATION2")), q7.toString());
      Map<String, String> q8 = TpchParameters.draw(8, seed, 1);
      assertEquals(regionOf(q8.get("NATION")), q8.get("REGION"), q8.toString());
      String[] type = q8.get("TYPE").split(" ");
      assertTrue(TpchParameters.TYPE_SYLLABLE_1.contains(type[0]) && TpchParameters.TYPE_SYLLABLE_2.contains(type[1])
          && TpchParameters.TYPE_SYLLABLE_3.contains(type[2]), q8.toString());
      assertTrue(TpchParameters.COLORS.contains(TpchParameters.draw(9, seed, 1).get("COLOR")));
      assertFirstOfMonthBetween("1993-02-01", "1995-01-01", date(10, seed));
      Map<String, String> q12 = TpchParameters.draw(12, seed, 1);
      assertTrue(TpchParameters.SHIP_MODES.contains(q12.get("SHIPMODE1")) && !q12.get("SHIPMODE1").equals(
          q12.get("SHIPMODE2")) && TpchParameters.SHIP_MODES.contains(q12.get("SHIPMODE2")), q12.toString());
      Map<String, String> q13 = TpchParameters.draw(13, seed, 1);
      assertTrue(TpchParameters.WORDS_1.contains(q13.get("WORD1")) && TpchParameters.WORDS_2.contains(
          q13.get("WORD2")), q13.toString());
      assertFirstOfMonthBetween("1993-01-01", "1997-12-01", date(14, seed));
      assertFirstOfMonthBetween("1993-01-01", "1997-10-01", date(15, seed));
      Map<String, String> q16 = TpchParameters.draw(16, seed, 1);
      assertBrand(q16.get("BRAND"));
      Set<Integer> sizes = new HashSet<>();
      for (int i = 1; i <= 8; i++) {
        int size = Integer.parseInt(q16.get("SIZE" + i));
        assertBetween(1, 50, size);
        sizes.add(size);
      }
      assertEquals(8, sizes.size(), q16.toString());
      Map<String, String> q17 = TpchParameters.draw(17, seed, 1);
      assertBrand(q17.get("BRAND"));
      String[] container = q17.get("CONTAINER").split(" ");
      assertTrue(TpchParameters.CONTAINER_SYLLABLE_1.contains(container[0])
          && TpchParameters.CONTAINER_SYLLABLE_2.contains(container[1]), q17.toString());
      assertBetween(312, 315, integer(18, seed, "QUANTITY"));
      Map<String, String> q19 = TpchParameters.draw(19, seed, 1);
      assertBetween(1, 10, Integer.parseInt(q19.get("QUANTITY1")));
      assertBetween(10, 20, Integer.parseInt(q19.get("QUANTITY2")));
      assertBetween(20, 30, Integer.parseInt(q19.get("QUANTITY3")));
      assertBrand(q19.get("BRAND1"));
      assertBrand(q19.get("BRAND3"));
      Map<String, String> q20 = TpchParameters.draw(20, seed, 1);
      assertTrue(TpchParameters.COLORS.contains(q20.get("COLOR")) && TpchParameters.NATIONS.contains(
          q20.get("NATION")), q20.toString());
      assertNewYearBetween(1993, 1997, q20.get("DATE"));
      assertTrue(TpchParameters.NATIONS.contains(TpchParameters.draw(21, seed, 1).get("NATION")));
      Map<String, String> q22 = TpchParameters.draw(22, seed, 1);
      Set<Integer> codes = new HashSet<>();
      for (int i = 1; i <= 7; i++) {
        int code = Integer.parseInt(q22.get("I" + i));
        assertBetween(10, 34, code);
        codes.add(code);
      }
      assertEquals(7, codes.size(), q22.toString());
    }
  }

  @Test
  void everyValueOfASmallRangeIsDrawn() {
    Set<String> deltas = new HashSet<>();
    Set<String> quantities = new HashSet<>();
    for (long seed = 0; seed < SEEDS; seed++) {
      deltas.add(TpchParameters.draw(1, seed, 1).get("DELTA"));
      quantities.add(TpchParameters.draw(18, seed, 1).get("QUANTITY"));
    }
    assertEquals(61, deltas.size(), "DELTA covers 60..120");
    assertEquals(Set.of("312", "313", "314", "315"), quantities);
  }

  @Test
  void fractionOfQ11ScalesWithTheData() {
    assertEquals("0.0001", TpchParameters.draw(11, 3, 1).get("FRACTION"));
    assertEquals("0.00001", TpchParameters.draw(11, 3, 10).get("FRACTION"));
    assertEquals("0.01", TpchParameters.draw(11, 3, 0.01).get("FRACTION"));
    assertEquals("0.0001", TpchParameters.defaults(11).get("FRACTION"));
    // The validation parameters scale the same way, except at the scales with reference answers (computed with
    // the SF 1 value); the other queries' do not depend on the scale.
    assertEquals(Map.of("NATION", "GERMANY", "FRACTION", "0.00001"), TpchParameters.defaults(11, 10));
    assertEquals(TpchParameters.defaults(11), TpchParameters.defaults(11, 1));
    assertEquals(TpchParameters.defaults(11), TpchParameters.defaults(11, 0.01));
    assertEquals(TpchParameters.defaults(6), TpchParameters.defaults(6, 10));
  }

  @Test
  void theNinetyTwoColoursOfPartNames() {
    assertEquals(92, TpchParameters.COLORS.size());
    assertTrue(TpchParameters.COLORS.containsAll(List.of("green", "forest")));
  }

  private static String regionOf(String nation) {
    int key = TpchParameters.NATIONS.indexOf(nation);
    // The specification's nation table: region key of each nation key.
    int[] regions = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3, 1};
    return TpchParameters.REGIONS.get(regions[key]);
  }

  private static int integer(int query, long seed, String name) {
    return Integer.parseInt(TpchParameters.draw(query, seed, 1).get(name));
  }

  private static String date(int query, long seed) {
    return TpchParameters.draw(query, seed, 1).get("DATE");
  }

  private static void assertBetween(int low, int high, int value) {
    assertTrue(value >= low && value <= high, value + " not in [" + low + ", " + high + "]");
  }

  private static void assertBrand(String brand) {
    assertTrue(brand.matches("Brand#[1-5][1-5]"), brand);
  }

  private static void assertDateBetween(String from, String to, String value) {
    LocalDate d = LocalDate.parse(value);
    assertTrue(!d.isBefore(LocalDate.parse(from)) && !d.isAfter(LocalDate.parse(to)), value);
  }

  private static void assertFirstOfMonthBetween(String from, String to, String value) {
    assertDateBetween(from, to, value);
    assertEquals(1, LocalDate.parse(value).getDayOfMonth(), value);
  }

  private static void assertNewYearBetween(int from, int to, String value) {
    LocalDate d = LocalDate.parse(value);
    assertEquals(1, d.getDayOfYear(), value);
    assertBetween(from, to, d.getYear());
  }
}
