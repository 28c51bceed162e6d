package io.beacon.finance;

import io.beacon.auth.Caller;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.Messages;
import io.beacon.platform.TableColumns;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.streams.WriteStream;
import io.vertx.sqlclient.Pool;
import org.apache.commons.csv.CSVFormat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The finance detail lists, client funds and the spend reconciliation: JSON pages with
 * an opaque cursor and a total, or the whole list streamed as CSV (UTF-8 with BOM) for download.
 */
public final class FinanceReports {
  private static final List<String> SPEND_MONEY = List.of("costFen", "cashFen", "couponNormalFen", "couponTrafficFen", "creditFen", "arrearsFen");
  private static final CSVFormat CSV = CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get();

  private final Pool pg;
  private final ReportStore reports;
  private final SpendStore spend;
  private final FinanceStore store;
  private final LiveLink live;
  private final SpendPoster poster;
  private final Clock clock;

  public FinanceReports(Pool pg, ReportStore reports, SpendStore spend, FinanceStore store, LiveLink live, SpendPoster poster,
                        Clock clock) {
    this.pg = pg;
    this.reports = reports;
    this.spend = spend;
    this.store = store;
    this.live = live;
    this.poster = poster;
    this.clock = clock;
  }

  public Future<JsonObject> page(Caller c, Report report, ListFilter f, String cursor, int limit) {
    long position = decode(cursor);
    Future<ReportStore.Page> page = reports.page(report, c.agencyId(), f, position, limit);
    Future<JsonObject> totals = report == Report.SPEND ? reports.totals(report, c.agencyId(), f, SPEND_MONEY) : Future.succeededFuture(null);
    return Future.all(page, totals).map(all -> {
      ReportStore.Page p = page.result();
      JsonObject out = new JsonObject()
          .put("items", new JsonArray(p.lines().stream().map(ReportStore.Line::fields).toList()))
          .put("total", p.total())
          .put("nextCursor", !p.more() ? null
              : encode(report.keyed() ? p.lines().get(p.lines().size() - 1).key() : position + p.lines().size()));
      if (totals.result() != null) out.put("totals", totals.result());
      return out;
    });
  }

  /** Writes the BOM, the header and every line of the filtered list to {@code out}, for a reader of {@code lang}. */
  public Future<Void> csv(Caller c, Report report, ListFilter f, Messages.Lang lang, WriteStream<Buffer> out) {
    out.write(Buffer.buffer("\uFEFF" + line(TableColumns.header(report.header(), lang))));
    return reports.stream(report, c.agencyId(), f, l -> Buffer.buffer(line(TableColumns.row(report.header(),
        report.header().stream().map(h -> l.fields().getValue(h)).toList(), lang))), out);
  }

  private static String line(List<?> cells) {
    return CSV.format(cells.stream().map(v -> v == null ? "" : v).toArray()) + "\r\n";
  }

  /**
   * One business day's spend per client: live's persisted aggregates, what finance posted to the
   * ledger, and (for today) the live counters; {@code ok} when every figure agrees. Pending spend is
   * posted first, so what remains is a real difference (or live's persistence lag of a few seconds).
   */
  public Future<JsonObject> reconciliation(Caller c, LocalDate day) {
    return poster.postAll(SpendPoster.LOOKBACK).otherwise(0).compose(posted -> store.timeZone(pg, c.agencyId())).compose(zone -> {
      LocalDate d = day != null ? day : LocalDate.now(clock.withZone(ZoneId.of(zone)));
      boolean today = d.equals(LocalDate.now(clock.withZone(ZoneId.of(zone))));
      return spend.day(pg, c.agencyId(), d).compose(rows -> (today
              ? live.counters(c.agencyId(), rows.stream().map(SpendStore.DaySpend::clientId).toList()).otherwise(Map.of())
              : Future.succeededFuture(Map.<Long, JsonObject>of()))
          .map(counters -> {
            JsonArray clients = new JsonArray();
            long source = 0, posted = 0, liveTotal = 0;
            boolean ok = true;
            for (SpendStore.DaySpend r : rows) {
              JsonObject cn = counters.get(r.clientId());
              Long liveFen = cn == null ? null : cn.getLong("spendFen");
              boolean agrees = r.sourceFen() == r.postedFen() && (liveFen == null || liveFen == r.postedFen());
              ok &= agrees;
              source += r.sourceFen();
              posted += r.postedFen();
              if (liveFen != null) liveTotal += liveFen;
              clients.add(new JsonObject().put("clientId", r.clientId()).put("clientName", r.name()).put("pid", r.pid())
                  .put("persistedFen", r.sourceFen()).put("ledgerFen", r.postedFen()).put("liveFen", liveFen)
                  .put("unpostedFen", r.sourceFen() - r.postedFen())
                  .put("liveDifferenceFen", liveFen == null ? null : liveFen - r.postedFen())
                  .put("agrees", agrees));
            }
            return new JsonObject().put("date", d.toString()).put("ok", ok).put("liveCompared", !counters.isEmpty())
                .put("totals", new JsonObject().put("persistedFen", source).put("ledgerFen", posted)
                    .put("liveFen", counters.isEmpty() ? null : liveTotal))
                .put("clients", clients);
          }));
    });
  }

  static String encode(long position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("p" + position).getBytes(StandardCharsets.UTF_8));
  }

  static long decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) return 0;
    try {
      String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      if (!s.startsWith("p")) throw new IllegalArgumentException();
      long v = Long.parseLong(s.substring(1));
      if (v < 0) throw new IllegalArgumentException();
      return v;
    } catch (IllegalArgumentException e) {
      throw new Invalid("cursor", "is not a cursor this list returned");
    }
  }
}
