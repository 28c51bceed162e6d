package io.beacon.exports;

import io.beacon.accounts.AccountsStore;
import io.beacon.auth.Capability;
import io.beacon.finance.FinanceReports;
import io.beacon.finance.ListFilter;
import io.beacon.finance.Report;
import io.beacon.monitor.MonitorService;
import io.beacon.partner.Performance;
import io.beacon.reports.ReportsService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import io.beacon.platform.RequestParams;

/**
 * The kinds Beacon exports, each reading the owning feature's own read model through its public class,
 * with the same filters (and so the same figures) as that feature's list endpoint.
 */
public final class ExportKinds {
  /** Rows read per page from the paged and streamed lists. */
  static final int PAGE = 500;

  static final List<String> MONITOR_COLUMNS = List.of("clientId", "name", "email", "pid", "industry", "status", "impressions",
      "clicks", "spendFen", "conversions", "costPerConversionFen", "ctr", "cvr", "balanceFen", "dailyBudgetFen", "budgetUsedPct");

  private ExportKinds() {}

  /**
   * The monitoring table (MT3). Its read model computes every client's row together (one row per client,
   * sorted over all of them, today's figures live), so the export takes one answer of it, in the
   * caller's scope, and the runner writes it in slices: paging it would re-sort live figures between pages.
   */
  public static ExportKind monitor(MonitorService monitor) {
    return new ExportKind("monitor", Capability.CLIENTS_VIEW, "monitorClients", (caller, f) -> paged(MONITOR_COLUMNS, cursor ->
        monitor.clients(caller, new MonitorService.Filters(f.getOrDefault("range", "today"), f.get("from"), f.get("to"),
                f.get("mode"), f.getOrDefault("attribution", "billing"), f.get("industry"), f.get("q"), f.getOrDefault("sort", "-spend"),
                1, Integer.MAX_VALUE))
            .map(table -> {
              List<List<Object>> rows = table.getJsonArray("rows").stream().map(r -> cells((JsonObject) r, MONITOR_COLUMNS)).toList();
              return new Paged(rows, rows.size(), null);
            })));
  }

  /** A finance detail list or client funds, read a page at a time (keyset where the list has a key). */
  public static ExportKind finance(String name, String listOperationId, Report report, FinanceReports reports) {
    return new ExportKind(name, Capability.FUNDS_MANAGE, listOperationId, (caller, f) -> paged(report.header(), cursor ->
        reports.page(caller, report, ListFilter.of(f::get), cursor, PAGE).map(p -> new Paged(
            p.getJsonArray("items").stream().map(i -> cells((JsonObject) i, report.header())).toList(),
            p.getLong("total"), p.getString("nextCursor")))));
  }

  /** Every kind of the finance feature: its detail lists and client funds. */
  public static List<ExportKind> finance(FinanceReports reports) {
    return List.of(
        finance("finance-allocations", "financeListAllocations", Report.ALLOCATIONS, reports),
        finance("finance-recharges", "financeListRecharges", Report.RECHARGES, reports),
        finance("finance-refunds", "financeListRefunds", Report.REFUNDS, reports),
        finance("finance-coupon-changes", "financeListCouponChanges", Report.COUPON_CHANGES, reports),
        finance("finance-credit-changes", "financeListCreditChanges", Report.CREDIT_CHANGES, reports),
        finance("finance-spend", "financeListSpend", Report.SPEND, reports),
        finance("finance-freezes", "financeListFreezes", Report.FREEZES, reports),
        finance("client-funds", "financeListClientFunds", Report.CLIENT_FUNDS, reports));
  }

  static final List<String> PARTNER_CLIENT_COLUMNS = List.of("clientId", "name", "pid", "industry", "spendFen");

  /** The clients with spend > 0 of an assessment period, most spend first, a page at a time. */
  public static ExportKind partnerClients(Performance performance) {
    return new ExportKind("partner-clients", Capability.CHANNEL_VIEW, "channelPerformanceClients", (caller, f) ->
        paged(PARTNER_CLIENT_COLUMNS, cursor -> {
          int page = cursor == null ? 1 : Integer.parseInt(cursor);
          return performance.clients(caller, f.get("period"), page, PAGE).map(p -> {
            long total = p.getLong("total");
            return new Paged(p.getJsonArray("items").stream().map(i -> cells((JsonObject) i, PARTNER_CLIENT_COLUMNS)).toList(), total,
                (long) page * PAGE < total ? String.valueOf(page + 1) : null);
          });
        }));
  }

  /** The operation log, newest first, a page at a time. */
  public static ExportKind operationLog(AccountsStore accounts) {
    return new ExportKind("operation-log", Capability.OPERATION_LOG_VIEW, "listOperationLog", (caller, f) ->
        paged(AccountsStore.LOG_COLUMNS, cursor -> {
          int offset = cursor == null ? 0 : Integer.parseInt(cursor);
          return accounts.operationLog(caller.agencyId(), AccountsStore.LogFilter.of(f::get), PAGE, offset).map(p -> {
            int next = offset + p.items().size();
            return new Paged(p.items().stream().map(AccountsStore::logCells).toList(), p.total(),
                p.items().size() == PAGE && next < p.total() ? String.valueOf(next) : null);
          });
        }));
  }

  /**
   * The data overview's detail table with the chosen dimensions and columns, streamed from the reports
   * feature's database cursor in pages: it reads the next page only once the previous one was written.
   */
  public static ExportKind dataDetail(ReportsService reports) {
    return new ExportKind("data-detail", Capability.CLIENTS_VIEW, "dataDetail", (caller, f) -> {
      ReportsService.Filters filters = new ReportsService.Filters(f.getOrDefault("range", "today"), f.get("from"), f.get("to"),
          "hour".equals(f.get("granularity")), f.getOrDefault("attribution", "billing"),
          f.get("clientId") == null ? null : RequestParams.parse("clientId", f.get("clientId"), 1, Long.MAX_VALUE), f.get("goal"), f.get("mode"));
      return new StreamReader((sink, header) -> reports.scoped(caller, filters).compose(s -> {
        ReportsService.DetailQuery d = ReportsService.detailQuery(s, f.get("dimensions"), f.get("columns"), f.get("sort"));
        List<String> columns = detailHeader(d);
        header.accept(columns);
        return reports.streamDetail(d, PAGE, rows -> sink.apply(rows.stream().map(r -> cells(r, columns)).toList()));
      }));
    });
  }

  /** The detail rows' field names in table order: the dimensions' fields, then the metrics' fields. */
  static List<String> detailHeader(ReportsService.DetailQuery d) {
    List<String> out = new ArrayList<>();
    for (String id : d.header()) {
      switch (id) {
        case "client" -> out.addAll(List.of("clientId", "clientName"));
        case "campaign" -> out.add("campaignId");
        case "unit" -> out.add("unitId");
        default -> out.add(ReportsService.METRICS.getOrDefault(id, id));
      }
    }
    return out;
  }

  static List<Object> cells(JsonObject row, List<String> columns) {
    return columns.stream().map(row::getValue).toList();
  }

  /** One page of a paged list and the cursor of the next (null: the last). */
  record Paged(List<List<Object>> rows, long total, String next) {}

  /** A reader over a list read by cursor: first page with a null cursor, then each page's {@code next}. */
  static ExportKind.Reader paged(List<String> header, Function<String, Future<Paged>> page) {
    return new ExportKind.Reader() {
      private String cursor;

      @Override
      public List<String> header() { return header; }

      @Override
      public Future<ExportKind.Page> next() {
        return page.apply(cursor).map(p -> {
          cursor = p.next();
          return new ExportKind.Page(p.rows(), p.total(), p.next() == null);
        });
      }
    };
  }
}
