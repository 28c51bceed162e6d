package io.beacon.finance;

import io.beacon.platform.RequestParams;

import java.time.LocalDate;
import java.util.function.Function;

/**
 * The filters of the finance detail lists, all optional: text search over client name, account
 * (e-mail) and pid; a client; a date range in the agency's time zone (inclusive); and the list's own
 * choices (wallet, coupon change type and coupon type, freeze status, product = promotion mode, spend
 * type = performance | brand, granularity day | month).
 */
public record ListFilter(String q, Long clientId, LocalDate from, LocalDate to, String wallet, String changeType,
                         String couponType, String status, String product, String spendType, String granularity) {

  /**
   * Reads the filters from named values (a list's query parameters, or an export's filters); empty
   * values count as absent; a bad date is a 400 naming its field.
   */
  public static ListFilter of(Function<String, String> values) {
    Function<String, String> v = name -> {
      String s = values.apply(name);
      return s == null || s.isEmpty() ? null : s;
    };
    String clientId = v.apply("clientId");
    return new ListFilter(v.apply("q"), clientId == null ? null : RequestParams.parse("clientId", clientId, 1, Long.MAX_VALUE), date(v, "from"), date(v, "to"),
        v.apply("wallet"), v.apply("changeType"), v.apply("couponType"), v.apply("status"), v.apply("product"),
        v.apply("spendType"), v.apply("granularity"));
  }

  private static LocalDate date(Function<String, String> values, String name) {
    String s = values.apply(name);
    return RequestParams.date(s, name);
  }
}
