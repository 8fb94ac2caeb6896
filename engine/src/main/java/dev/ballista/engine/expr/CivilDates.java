package dev.ballista.engine.expr;

/**
 * Day numbers (days since 1970-01-01) to and from proleptic Gregorian year, month and day with integer arithmetic
 * only (Howard Hinnant's civil-from-days and days-from-civil algorithms).
 */
final class CivilDates {
  private CivilDates() {}

  static final long MICROS_PER_DAY = 86_400_000_000L;

  /** {year, month (1-12), day (1-31)} of a day number, written into {@code out}. */
  static void civil(long days, long[] out) {
    long z = days + 719468;
    long era = Math.floorDiv(z, 146097);
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    out[0] = yoe + era * 400 + (month <= 2 ? 1 : 0);
    out[1] = month;
    out[2] = day;
  }

  static long days(long year, long month, long day) {
    long y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yoe = y - era * 400;
    long mp = month > 2 ? month - 3 : month + 9;
    long doy = (153 * mp + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
  }

  static boolean isLeap(long year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  }

  static long daysInMonth(long year, long month) {
    return switch ((int) month) {
      case 2 -> isLeap(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** The day {@code months} later, clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28 or 29). */
  static long addMonths(long days, long months, long[] scratch) {
    civil(days, scratch);
    long total = scratch[0] * 12 + (scratch[1] - 1) + months;
    long year = Math.floorDiv(total, 12);
    long month = Math.floorMod(total, 12) + 1;
    return days(year, month, Math.min(scratch[2], daysInMonth(year, month)));
  }

  /** 0 for Monday through 6 for Sunday (1970-01-01 was a Thursday). */
  static long isoDayOfWeek0(long days) {
    return Math.floorMod(days + 3, 7);
  }
}
