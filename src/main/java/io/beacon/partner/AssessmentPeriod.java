package io.beacon.partner;

import io.beacon.platform.DomainException.Invalid;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An assessment period of channel cooperation: a quarter ("2026Q4") or a month ("2026-11"), both days inclusive. */
public record AssessmentPeriod(String label, LocalDate from, LocalDate to) {
  private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
  private static final Pattern MONTH = Pattern.compile("(\\d{4})-(0[1-9]|1[0-2])");

  /** {@code value} absent: the quarter holding {@code today}; malformed: 400 naming {@code field}. */
  public static AssessmentPeriod parse(String value, LocalDate today, String field) {
    if (value == null || value.isBlank()) return quarterOf(today);
    Matcher q = QUARTER.matcher(value);
    if (q.matches()) {
      LocalDate first = LocalDate.of(Integer.parseInt(q.group(1)), (Integer.parseInt(q.group(2)) - 1) * 3 + 1, 1);
      return new AssessmentPeriod(value, first, first.plusMonths(3).minusDays(1));
    }
    Matcher m = MONTH.matcher(value);
    if (m.matches()) {
      YearMonth ym = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      return new AssessmentPeriod(value, ym.atDay(1), ym.atEndOfMonth());
    }
    throw new Invalid(field, "must be a quarter like 2026Q4 or a month like 2026-11");
  }

  public static AssessmentPeriod quarterOf(LocalDate day) {
    int q = (day.getMonthValue() - 1) / 3 + 1;
    return parse(day.getYear() + "Q" + q, day, "period");
  }

  /** The quarter holding {@code today} and the {@code count - 1} before it, newest first. */
  public static List<AssessmentPeriod> lastQuarters(LocalDate today, int count) {
    List<AssessmentPeriod> out = new ArrayList<>();
    for (int i = 0; i < count; i++) out.add(quarterOf(today.minusMonths(3L * i)));
    return out;
  }

  /** Whether the period has ended before {@code today}. */
  public boolean over(LocalDate today) { return to.isBefore(today); }
}
