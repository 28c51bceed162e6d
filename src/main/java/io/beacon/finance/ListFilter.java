package io.beacon.finance;

import java.time.LocalDate;

/**
 * The filters of the finance detail lists (F3), all optional: text search over client name, account
 * (e-mail) and pid; a client; a date range in the agency's time zone (inclusive); and the list's own
 * choices (wallet, coupon change type and coupon type, freeze status, product = promotion mode, spend
 * type = performance | brand, granularity day | month).
 */
public record ListFilter(String q, Long clientId, LocalDate from, LocalDate to, String wallet, String changeType,
                         String couponType, String status, String product, String spendType, String granularity) {}
