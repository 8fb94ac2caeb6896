package dev.ballista.tpch;

import io.trino.tpch.Distributions;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Substitution parameters of the 22 queries: the validation values of the specification (those of the reference
 * answers) or values drawn as qgen draws them, uniformly within the ranges of the specification's section 2.4.
 * A draw is a function of (seed, query, scale factor) alone, so a seed reproduces a run.
 */
public final class TpchParameters {
  static final List<String> REGIONS = List.of("AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST");
  /** N_NAME in nation-key order, with the region key of each (the specification's table 4.2.3). */
  static final List<String> NATIONS = List.of("ALGERIA", "ARGENTINA", "BRAZIL", "CANADA", "EGYPT", "ETHIOPIA",
      "FRANCE", "GERMANY", "INDIA", "INDONESIA", "IRAN", "IRAQ", "JAPAN", "JORDAN", "KENYA", "MOROCCO",
      "MOZAMBIQUE", "PERU", "CHINA", "ROMANIA", "SAUDI ARABIA", "VIETNAM", "RUSSIA", "UNITED KINGDOM",
      "UNITED STATES");
  private static final int[] NATION_REGION = {0, 1, 1, 1, 4, 0, 3, 3, 2, 2, 4, 4, 2, 4, 0, 0, 0, 1, 2, 3, 4, 2, 3, 3,
      1};
  static final List<String> SEGMENTS = List.of("AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD");
  static final List<String> TYPE_SYLLABLE_1 = List.of("STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO");
  static final List<String> TYPE_SYLLABLE_2 = List.of("ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED");
  static final List<String> TYPE_SYLLABLE_3 = List.of("TIN", "NICKEL", "BRASS", "STEEL", "COPPER");
  static final List<String> CONTAINER_SYLLABLE_1 = List.of("SM", "LG", "MED", "JUMBO", "WRAP");
  static final List<String> CONTAINER_SYLLABLE_2 = List.of("CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM");
  static final List<String> SHIP_MODES = List.of("REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB");
  static final List<String> WORDS_1 = List.of("special", "pending", "unusual", "express");
  static final List<String> WORDS_2 = List.of("packages", "requests", "accounts", "deposits");
  /** P_NAME's 92 colours, the generator's own list. */
  static final List<String> COLORS = Distributions.getDefaultDistributions().getPartColors().getValues();

  private TpchParameters() {}

  /** The validation parameters of query {@code number}: those of the reference answers. */
  public static Map<String, String> defaults(int number) {
    return switch (number) {
      case 1 -> Map.of("DELTA", "90");
      case 2 -> Map.of("SIZE", "15", "TYPE", "BRASS", "REGION", "EUROPE");
      case 3 -> Map.of("SEGMENT", "BUILDING", "DATE", "1995-03-15");
      case 4 -> Map.of("DATE", "1993-07-01");
      case 5 -> Map.of("REGION", "ASIA", "DATE", "1994-01-01");
      case 6 -> Map.of("DATE", "1994-01-01", "DISCOUNT", "0.06", "QUANTITY", "24");
      case 7 -> Map.of("NATION1", "FRANCE", "NATION2", "GERMANY");
      case 8 -> Map.of("NATION", "BRAZIL", "REGION", "AMERICA", "TYPE", "ECONOMY ANODIZED STEEL");
      case 9 -> Map.of("COLOR", "green");
      case 10 -> Map.of("DATE", "1993-10-01");
      case 11 -> Map.of("NATION", "GERMANY", "FRACTION", "0.0001");
      case 12 -> Map.of("SHIPMODE1", "MAIL", "SHIPMODE2", "SHIP", "DATE", "1994-01-01");
      case 13 -> Map.of("WORD1", "special", "WORD2", "requests");
      case 14 -> Map.of("DATE", "1995-09-01");
      case 15 -> Map.of("DATE", "1996-01-01");
      case 16 -> sizes(Map.of("BRAND", "Brand#45", "TYPE", "MEDIUM POLISHED"), 49, 14, 23, 45, 19, 3, 36, 9);
      case 17 -> Map.of("BRAND", "Brand#23", "CONTAINER", "MED BOX");
      case 18 -> Map.of("QUANTITY", "300");
      case 19 -> Map.of("QUANTITY1", "1", "QUANTITY2", "10", "QUANTITY3", "20", "BRAND1", "Brand#12",
          "BRAND2", "Brand#23", "BRAND3", "Brand#34");
      case 20 -> Map.of("COLOR", "forest", "DATE", "1994-01-01", "NATION", "CANADA");
      case 21 -> Map.of("NATION", "SAUDI ARABIA");
      case 22 -> countryCodes(13, 31, 23, 29, 30, 18, 17);
      default -> throw new IllegalArgumentException("TPC-H queries are numbered 1 to " + TpchQueries.COUNT
          + ", got " + number);
    };
  }

  /**
   * The validation parameters for scale factor {@code sf}: those of the reference answers where there are answers
   * (SF 1 and 0.01); elsewhere Q11's FRACTION is 0.0001 / SF, as the specification scales it (at SF 10 the SF 1
   * value selects no rows). The other queries' parameters do not depend on the scale.
   */
  public static Map<String, String> defaults(int number, double sf) {
    if (number != 11 || TpchAnswers.available(sf)) {
      return defaults(number);
    }
    return Map.of("NATION", "GERMANY", "FRACTION", fraction(sf));
  }

  private static String fraction(double sf) {
    return new java.math.BigDecimal(0.0001 / sf).round(new java.math.MathContext(6)).stripTrailingZeros()
        .toPlainString();
  }

  /**
   * Parameters of query {@code number} drawn from {@code seed}, within the specification's ranges for scale
   * factor {@code sf} (only Q11's FRACTION depends on it: 0.0001 / SF).
   */
  public static Map<String, String> draw(int number, long seed, double sf) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + number);
    Map<String, String> p = new LinkedHashMap<>();
    switch (number) {
      case 1 -> p.put("DELTA", String.valueOf(between(random, 60, 120)));
      case 2 -> {
        p.put("SIZE", String.valueOf(between(random, 1, 50)));
        p.put("TYPE", pick(random, TYPE_SYLLABLE_3));
        p.put("REGION", pick(random, REGIONS));
      }
      case 3 -> {
        p.put("SEGMENT", pick(random, SEGMENTS));
        p.put("DATE", LocalDate.of(1995, 3, between(random, 1, 31)).toString());
      }
      case 4, 15 -> p.put("DATE", firstOfMonth(random, 1993, 1, 1997, 10));
      case 5 -> {
        p.put("REGION", pick(random, REGIONS));
        p.put("DATE", newYear(random));
      }
      case 6 -> {
        p.put("DATE", newYear(random));
        p.put("DISCOUNT", String.format(Locale.ROOT, "0.%02d", between(random, 2, 9)));
        p.put("QUANTITY", String.valueOf(between(random, 24, 25)));
      }
      case 7 -> {
        List<String> two = distinct(random, NATIONS, 2);
        p.put("NATION1", two.get(0));
        p.put("NATION2", two.get(1));
      }
      case 8 -> {
        int nation = random.nextInt(NATIONS.size());
        p.put("NATION", NATIONS.get(nation));
        p.put("REGION", REGIONS.get(NATION_REGION[nation]));
        p.put("TYPE", pick(random, TYPE_SYLLABLE_1) + " " + pick(random, TYPE_SYLLABLE_2) + " "
            + pick(random, TYPE_SYLLABLE_3));
      }
      case 9 -> p.put("COLOR", pick(random, COLORS));
      case 10 -> p.put("DATE", firstOfMonth(random, 1993, 2, 1995, 1));
      case 11 -> {
        p.put("NATION", pick(random, NATIONS));
        p.put("FRACTION", fraction(sf));
      }
      case 12 -> {
        List<String> two = distinct(random, SHIP_MODES, 2);
        p.put("SHIPMODE1", two.get(0));
        p.put("SHIPMODE2", two.get(1));
        p.put("DATE", newYear(random));
      }
      case 13 -> {
        p.put("WORD1", pick(random, WORDS_1));
        p.put("WORD2", pick(random, WORDS_2));
      }
      case 14 -> p.put("DATE", firstOfMonth(random, 1993, 1, 1997, 12));
      case 16 -> {
        p.put("BRAND", brand(random));
        p.put("TYPE", pick(random, TYPE_SYLLABLE_1) + " " + pick(random, TYPE_SYLLABLE_2));
        List<Integer> sizes = distinct(random, range(1, 50), 8);
        for (int i = 0; i < 8; i++) {
          p.put("SIZE" + (i + 1), String.valueOf(sizes.get(i)));
        }
      }
      case 17 -> {
        p.put("BRAND", brand(random));
        p.put("CONTAINER", pick(random, CONTAINER_SYLLABLE_1) + " " + pick(random, CONTAINER_SYLLABLE_2));
      }
      case 18 -> p.put("QUANTITY", String.valueOf(between(random, 312, 315)));
      case 19 -> {
        p.put("QUANTITY1", String.valueOf(between(random, 1, 10)));
        p.put("QUANTITY2", String.valueOf(between(random, 10, 20)));
        p.put("QUANTITY3", String.valueOf(between(random, 20, 30)));
        p.put("BRAND1", brand(random));
        p.put("BRAND2", brand(random));
        p.put("BRAND3", brand(random));
      }
      case 20 -> {
        p.put("COLOR", pick(random, COLORS));
        p.put("DATE", newYear(random));
        p.put("NATION", pick(random, NATIONS));
      }
      case 21 -> p.put("NATION", pick(random, NATIONS));
      case 22 -> {
        // Country codes are nation keys + 10: 10 to 34.
        List<Integer> codes = distinct(random, range(10, 34), 7);
        for (int i = 0; i < 7; i++) {
          p.put("I" + (i + 1), String.valueOf(codes.get(i)));
        }
      }
      default -> throw new IllegalArgumentException("TPC-H queries are numbered 1 to " + TpchQueries.COUNT
          + ", got " + number);
    }
    return Collections.unmodifiableMap(p);
  }

  private static Map<String, String> sizes(Map<String, String> rest, int... sizes) {
    Map<String, String> p = new LinkedHashMap<>(rest);
    for (int i = 0; i < sizes.length; i++) {
      p.put("SIZE" + (i + 1), String.valueOf(sizes[i]));
    }
    return Collections.unmodifiableMap(p);
  }

  private static Map<String, String> countryCodes(int... codes) {
    Map<String, String> p = new LinkedHashMap<>();
    for (int i = 0; i < codes.length; i++) {
      p.put("I" + (i + 1), String.valueOf(codes[i]));
    }
    return Collections.unmodifiableMap(p);
  }

  private static int between(SplittableRandom random, int low, int high) {
    return random.nextInt(low, high + 1);
  }

  private static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private static <T> List<T> distinct(SplittableRandom random, List<T> values, int count) {
    List<T> shuffled = new ArrayList<>(values);
    for (int i = 0; i < count; i++) {
      Collections.swap(shuffled, i, random.nextInt(i, shuffled.size()));
    }
    return List.copyOf(shuffled.subList(0, count));
  }

  private static List<Integer> range(int low, int high) {
    List<Integer> values = new ArrayList<>();
    for (int i = low; i <= high; i++) {
      values.add(i);
    }
    return values;
  }

  private static String brand(SplittableRandom random) {
    return "Brand#" + between(random, 1, 5) + between(random, 1, 5);
  }

  private static String newYear(SplittableRandom random) {
    return LocalDate.of(between(random, 1993, 1997), 1, 1).toString();
  }

  private static String firstOfMonth(SplittableRandom random, int fromYear, int fromMonth, int toYear, int toMonth) {
    int first = fromYear * 12 + fromMonth - 1;
    int month = between(random, first, toYear * 12 + toMonth - 1);
    return LocalDate.of(month / 12, month % 12 + 1, 1).toString();
  }
}
