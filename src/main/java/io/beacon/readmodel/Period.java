package io.beacon.readmodel;

import io.beacon.platform.DomainException.Invalid;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * A range of business days in the agency's zone, and the instant "now" it is read at. Ranges that
 * include today end now: their previous period (环比) is cut at the same elapsed time so that a half
 * day is compared with the same half of the day before.
 */
public record Period(LocalDate from, LocalDate to, LocalDate today, ZoneId zone, Instant now) {
  /** Longest custom range, in days. */
  public static final int MAX_DAYS = 366;

  /**
   * Parses a named range (today, yesterday, 7d, 30d — the last N days including today) or a custom
   * one; bad or missing dates are a 400 naming the field.
   */
  public static Period parse(String range, String from, String to, ZoneId zone, Instant now) {
    LocalDate today = now.atZone(zone).toLocalDate();
    String r = range == null ? "today" : range;
    return switch (r) {
      case "today" -> new Period(today, today, today, zone, now);
      case "yesterday" -> new Period(today.minusDays(1), today.minusDays(1), today, zone, now);
      case "7d" -> new Period(today.minusDays(6), today, today, zone, now);
      case "30d" -> new Period(today.minusDays(29), today, today, zone, now);
      case "custom" -> custom(from, to, today, zone, now);
      default -> throw new Invalid("range", "must be one of today, yesterday, 7d, 30d, custom");
    };
  }

  private static Period custom(String from, String to, LocalDate today, ZoneId zone, Instant now) {
    LocalDate f = date("from", from);
    LocalDate t = date("to", to);
    if (t.isBefore(f)) throw new Invalid("to", "must not be before from");
    if (t.isAfter(today)) throw new Invalid("to", "must not be after today (" + today + ")");
    if (ChronoUnit.DAYS.between(f, t) + 1 > MAX_DAYS) throw new Invalid("from", "the range may span at most " + MAX_DAYS + " days");
    return new Period(f, t, today, zone, now);
  }

  private static LocalDate date(String field, String value) {
    if (value == null || value.isBlank()) throw new Invalid(field, "is required for a custom range (YYYY-MM-DD)");
    try {
      return LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw new Invalid(field, "must be a date YYYY-MM-DD");
    }
  }

  public int days() { return (int) ChronoUnit.DAYS.between(from, to) + 1; }

  public boolean includesToday() { return !to.isBefore(today); }

  /** One day: the trend goes by hour. */
  public boolean hourly() { return from.equals(to); }

  /** The period of the same length just before this one, cut at the same elapsed time when this one runs to now. */
  public Period previous() {
    int n = days();
    return new Period(from.minusDays(n), to.minusDays(n), today, zone, includesToday() ? now.minus(n, ChronoUnit.DAYS) : null);
  }

  /** Where a period that ends at a cut instant stops; null when every day is whole. */
  public Instant cut() { return includesToday() ? now : null; }

  public Instant start(LocalDate day) { return day.atStartOfDay(zone).toInstant(); }

  public Instant end(LocalDate day) { return day.plusDays(1).atStartOfDay(zone).toInstant(); }

  /** Labels of the trend buckets: hours "HH:00" for one day, days "MM-dd" otherwise. */
  public String label(int bucket) {
    if (hourly()) return String.format("%02d:00", bucket);
    LocalDate d = from.plusDays(bucket);
    return String.format("%02d-%02d", d.getMonthValue(), d.getDayOfMonth());
  }

  public int buckets() { return hourly() ? 24 : days(); }

  /** The current bucket (hour of today, or today's index) for ranges that run to now; buckets() otherwise. */
  public int bucketsSoFar() {
    if (!includesToday()) return buckets();
    ZonedDateTime z = now.atZone(zone);
    return hourly() ? z.getHour() + 1 : days();
  }
}
