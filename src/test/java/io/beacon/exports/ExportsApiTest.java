package io.beacon.exports;

import io.beacon.Poll;
import io.beacon.TestAgency;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.beacon.home.SpendSeed;
import io.beacon.platform.Messages;
import io.beacon.platform.TableColumns;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.beacon.home.SpendSeed.at;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

@DisplayName("Task center: exports run as tasks, stream their rows, and are scoped like the lists they export")
class ExportsApiTest {
  static TestAgency agency;
  static TestHttp http;
  static long c0, c1, c2, c3;   // the dedicated employee has c0 and c1
  static final String TRICKY = "=HYPERLINK(\"http://evil.test\",\"x\")";

  @BeforeAll
  static void seed() {
    agency = TestAgency.create(4);
    http = TestHttp.shared();
    c0 = agency.clients.get(0);
    c1 = agency.clients.get(1);
    c2 = agency.clients.get(2);
    c3 = agency.clients.get(3);
    TestAgency.one(io.beacon.TestBeacon.shared().platform().pg(), "UPDATE clients SET name = $2 WHERE id = $1 RETURNING id",
        Tuple.of(c2, TRICKY));
    LocalDate y = SpendSeed.today().minusDays(1);
    new SpendSeed(agency.id)
        .account(c1, "client_cash", 50_000)
        .perf(c0, at(y, 10), "search", 400, 40, 4_000, 4)
        .perf(c1, at(y, 14), "smart", 3_000, 150, 30_000, 5)
        .perf(c2, at(y, 9), "display", 900, 30, 9_000, 3)
        .perf(c3, at(y, 15), "external", 500, 50, 20_000, 0);
  }

  static JsonObject create(Role role, JsonObject body) {
    TestHttp.Response r = http.post("/api/v1/exports", agency.token(role), body);
    assertEquals(202, r.status(), r::toString);
    return r.json();
  }

  private static String yuan(long fen) { return java.math.BigDecimal.valueOf(fen, 2).toPlainString(); }

  @Test
  @DisplayName("an export asked for in Chinese has Chinese headings and labels, amounts in yuan with two decimals")
  void chineseHeadings() throws Exception {
    TestHttp.Response r = http.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/exports", agency.token(Role.MAIN),
        new JsonObject().put("kind", "operation-log").put("format", "csv").put("filters", new JsonObject().put("action", "createExport")),
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "zh-CN,zh;q=0.9"));
    assertEquals(202, r.status(), r::toString);
    JsonObject done = finish(r.json(), Role.MAIN);
    List<CSVRecord> rows = csv(file(done, Role.MAIN));
    assertEquals("时间", rows.get(0).get(0));
    assertEquals("操作类型", rows.get(0).get(1));
    assertTrue(rows.size() > 1 && rows.subList(1, rows.size()).stream().allMatch(rec -> rec.get(1).equals("创建下载任务")), rows.toString());
    int change = rows.get(0).toList().indexOf("变更");
    assertTrue(change > 0, rows.get(0).toString());
    assertTrue(rows.subList(1, rows.size()).stream().anyMatch(rec -> rec.get(change).contains("类型：投放数据")),
        "an export's kind by its label: " + rows);
    assertTrue(rows.subList(1, rows.size()).stream().noneMatch(rec -> rec.get(change).contains("{")), "changes are text, never JSON: " + rows);
    JsonObject monitor = finish(monitorExportIn(Role.MAIN, "zh-CN"), Role.MAIN);
    List<CSVRecord> table = csv(file(monitor, Role.MAIN));
    assertEquals("消耗（元）", table.get(0).get(ExportKinds.MONITOR_COLUMNS.indexOf("spendFen")));
    assertTrue(table.get(1).get(ExportKinds.MONITOR_COLUMNS.indexOf("spendFen")).matches("\\d+\\.\\d{2}"), table.get(1).toString());
  }

  static JsonObject monitorExportIn(Role role, String lang) {
    TestHttp.Response r = http.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/exports", agency.token(role),
        new JsonObject().put("kind", "monitor").put("format", "csv").put("filters", new JsonObject().put("range", "yesterday")),
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Accept-Language", lang));
    assertEquals(202, r.status(), r::toString);
    return r.json();
  }

  static JsonObject monitorExport(Role role, String format) {
    return create(role, new JsonObject().put("kind", "monitor").put("format", format)
        .put("filters", new JsonObject().put("range", "yesterday").put("sort", "-spend").put("mode", "")));
  }

  /** Polls the task until it is finished; returns every state seen. */
  static JsonObject finish(JsonObject task, Role role, List<String> seen) {
    JsonObject t = Poll.last(Duration.ofSeconds(30), () -> {
      TestHttp.Response r = http.get("/api/v1/exports/" + task.getLong("id"), agency.token(role));
      assertEquals(200, r.status(), r::toString);
      JsonObject now = r.json();
      if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now.getString("state"))) seen.add(now.getString("state"));
      return now;
    }, now -> "done".equals(now.getString("state")) || "failed".equals(now.getString("state")));
    if ("done".equals(t.getString("state")) || "failed".equals(t.getString("state"))) return t;
    return fail("export did not finish: " + t.encode());
  }

  static JsonObject finish(JsonObject task, Role role) { return finish(task, role, new ArrayList<>()); }

  static TestHttp.Response file(JsonObject task, Role role) {
    return http.get("/api/v1/exports/" + task.getLong("id") + "/file", agency.token(role));
  }

  static JsonArray tableRows(Role role) {
    TestHttp.Response r = http.get("/api/v1/monitor/clients?range=yesterday&sort=-spend&pageSize=200", agency.token(role));
    assertEquals(200, r.status(), r::toString);
    return r.json().getJsonArray("rows");
  }

  static List<CSVRecord> csv(TestHttp.Response r) throws Exception {
    byte[] bytes = r.body().getBytes();
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, java.util.Arrays.copyOf(bytes, 3), "UTF-8 BOM first");
    String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
    return CSVFormat.RFC4180.parse(new StringReader(text)).getRecords();
  }

  @Test
  @DisplayName("a CSV export of the monitoring table: created → running → done, BOM, header, the same figures as the table")
  void monitorCsv() throws Exception {
    JsonObject created = monitorExport(Role.MAIN, "csv");
    assertEquals("created", created.getString("state"));
    assertEquals("monitor", created.getString("kind"));
    assertEquals(new JsonObject().put("range", "yesterday").put("sort", "-spend"), created.getJsonObject("filters"),
        "the filters as applied (empty ones dropped)");
    List<String> seen = new ArrayList<>(List.of("created"));
    JsonObject done = finish(created, Role.MAIN, seen);
    assertEquals("done", done.getString("state"), done::encode);
    assertEquals(seen.get(0), "created");
    assertNotNull(done.getString("startedAt"), "it ran");
    assertTrue(done.getString("finishedAt").compareTo(done.getString("startedAt")) >= 0);
    assertEquals(100, done.getInteger("progress"));
    assertEquals(4, done.getLong("rows"));

    TestHttp.Response r = file(done, Role.MAIN);
    assertEquals(200, r.status(), r::toString);
    assertTrue(r.header("Content-Type").startsWith("text/csv"));
    assertTrue(r.header("Content-Disposition").matches("attachment; filename=\"monitor-\\d{8}-\\d{6}-\\d+\\.csv\""), r.header("Content-Disposition"));
    assertEquals(done.getLong("fileSize"), (long) r.body().length());
    List<CSVRecord> records = csv(r);
    assertEquals(TableColumns.header(ExportKinds.MONITOR_COLUMNS, Messages.Lang.EN), records.get(0).toList(), "headings for people");
    assertEquals("Spend (CNY)", records.get(0).get(ExportKinds.MONITOR_COLUMNS.indexOf("spendFen")));
    JsonArray table = tableRows(Role.MAIN);
    assertEquals(table.size() + 1, records.size());
    for (int i = 0; i < table.size(); i++) {
      JsonObject row = table.getJsonObject(i);
      CSVRecord rec = records.get(i + 1);
      assertEquals(String.valueOf(row.getLong("clientId")), rec.get(0), "same order as the table");
      for (String col : List.of("impressions", "clicks", "spendFen", "conversions", "balanceFen", "dailyBudgetFen")) {
        String expected = col.endsWith("Fen") ? yuan(row.getLong(col)) : String.valueOf(row.getLong(col));
        assertEquals(expected, rec.get(ExportKinds.MONITOR_COLUMNS.indexOf(col)), col + " of " + row.getLong("clientId") + " (amounts in yuan)");
      }
      String name = rec.get(1);
      assertEquals(row.getString("name").equals(TRICKY) ? "'" + TRICKY : row.getString("name"), name, "formulas are defused");
    }
    assertEquals(String.valueOf(c1), records.get(1).get(0), "highest spend first");

    JsonArray notices = http.get("/api/v1/notices?kind=system", agency.token(Role.MAIN)).json().getJsonArray("items");
    assertTrue(notices.stream().map(JsonObject.class::cast)
            .anyMatch(n -> ("#/tasks?id=" + done.getLong("id")).equals(n.getString("link"))),
        "the creator finds a notice pointing at the finished export: " + notices.encode());
  }

  @Test
  @DisplayName("a data detail export (D5) streams the detail table with the chosen dimensions: same rows as GET /data/detail")
  void dataDetail() throws Exception {
    JsonObject filters = new JsonObject().put("range", "yesterday").put("granularity", "hour").put("dimensions", "client,time")
        .put("columns", "spend,clicks,ctr");
    JsonObject done = finish(create(Role.MAIN, new JsonObject().put("kind", "data-detail").put("format", "csv").put("filters", filters)), Role.MAIN);
    assertEquals("done", done.getString("state"), done::encode);
    List<CSVRecord> records = csv(file(done, Role.MAIN));
    assertEquals(List.of("Time", "Client id", "Client", "Spend (CNY)", "Clicks", "CTR"), records.get(0).toList(), "time first, as in the table");
    TestHttp.Response r = http.get("/api/v1/data/detail?range=yesterday&granularity=hour&dimensions=client,time&columns=spend,clicks,ctr&pageSize=500",
        agency.token(Role.MAIN));
    assertEquals(200, r.status(), r::toString);
    JsonArray rows = r.json().getJsonArray("rows");
    assertEquals(4, rows.size());
    assertEquals(rows.size() + 1, records.size());
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      CSVRecord rec = records.get(i + 1);
      assertEquals(row.getString("time"), rec.get(0), "same order as the table");
      assertEquals(String.valueOf(row.getLong("clientId")), rec.get(1));
      assertEquals(yuan(row.getLong("spendFen")), rec.get(3), "in yuan");
      assertEquals(row.getDouble("ctr"), Double.parseDouble(rec.get(5)), 1e-9);
    }
    expect400(new JsonObject().put("kind", "data-detail").put("format", "csv").put("filters", new JsonObject().put("dimensions", "client,weather")),
        "filters.dimensions");
  }

  @Test
  @DisplayName("a large export is read page by page: 1,234 operation log entries arrive once each, newest first")
  void manyPages() throws Exception {
    TestAgency big = TestAgency.create(1);
    TestAgency.one(io.beacon.TestBeacon.shared().platform().pg(), """
        WITH ins AS (
          INSERT INTO operation_log (agency_id, at, staff_id, action, target_type, target_id, request_id)
          SELECT $1, now() - make_interval(secs => g), $2, 'bulkAction', 'things', g::text, 'bulk-' || g
            FROM generate_series(1, 1234) g RETURNING 1)
        SELECT count(*) FROM ins""", Tuple.of(big.id, big.staffIds.get(Role.MAIN)));
    TestHttp.Response r = http.post("/api/v1/exports", big.token(Role.MAIN), new JsonObject().put("kind", "operation-log")
        .put("format", "csv").put("filters", new JsonObject().put("action", "bulkAction")));
    assertEquals(202, r.status(), r::toString);
    long id = r.json().getLong("id");
    JsonObject t = Poll.last(Duration.ofSeconds(30), () -> http.get("/api/v1/exports/" + id, big.token(Role.MAIN)).json(),
        now -> "done".equals(now.getString("state")) || "failed".equals(now.getString("state")));
    assertEquals("done", t.getString("state"), t::encode);
    assertEquals(1234, t.getLong("rows"));
    List<CSVRecord> records = csv(http.get("/api/v1/exports/" + t.getLong("id") + "/file", big.token(Role.MAIN)));
    List<String> targets = records.subList(1, records.size()).stream().map(rec -> rec.get(3)).toList();
    assertEquals(1234, targets.size());
    for (int i = 0; i < targets.size(); i++) assertEquals(String.valueOf(i + 1), targets.get(i), "newest first, none lost or repeated");
  }

  @Test
  @DisplayName("an XLSX export opens with a spreadsheet reader and holds the header and every row, numbers as numbers")
  void monitorXlsx() throws Exception {
    JsonObject done = finish(monitorExport(Role.ADMIN, "xlsx"), Role.ADMIN);
    assertEquals("done", done.getString("state"), done::encode);
    TestHttp.Response r = file(done, Role.ADMIN);
    assertEquals(200, r.status());
    assertEquals("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", r.header("Content-Type"));
    List<Row> rows;
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(r.body().getBytes()))) {
      rows = wb.getFirstSheet().read();
    }
    JsonArray table = tableRows(Role.ADMIN);
    assertEquals(table.size() + 1, rows.size());
    assertEquals("Spend (CNY)", rows.get(0).getCellAsString(ExportKinds.MONITOR_COLUMNS.indexOf("spendFen")).orElseThrow());
    for (int i = 0; i < table.size(); i++) {
      JsonObject row = table.getJsonObject(i);
      assertEquals(row.getLong("clientId"), rows.get(i + 1).getCellAsNumber(0).orElseThrow().longValue());
      assertEquals(row.getString("name"), rows.get(i + 1).getCellAsString(1).orElseThrow(), "text stays text, never a formula");
      assertEquals(0, java.math.BigDecimal.valueOf(row.getLong("spendFen"), 2)
          .compareTo(rows.get(i + 1).getCellAsNumber(ExportKinds.MONITOR_COLUMNS.indexOf("spendFen")).orElseThrow()), "spend in yuan");
    }
  }

  @Test
  @DisplayName("a dedicated employee's export holds only their assigned clients, and they see only their own tasks")
  void dedicatedScope() throws Exception {
    JsonObject mine = finish(monitorExport(Role.DEDICATED, "csv"), Role.DEDICATED);
    assertEquals("done", mine.getString("state"), mine::encode);
    List<CSVRecord> records = csv(file(mine, Role.DEDICATED));
    assertEquals(List.of(String.valueOf(c1), String.valueOf(c0)), records.subList(1, records.size()).stream().map(rec -> rec.get(0)).toList());

    JsonObject mainTask = monitorExport(Role.MAIN, "csv");
    assertEquals(404, http.get("/api/v1/exports/" + mainTask.getLong("id"), agency.token(Role.DEDICATED)).status());
    assertEquals(404, file(mainTask, Role.DEDICATED).status());
    List<Long> listed = ids(http.get("/api/v1/exports?pageSize=100", agency.token(Role.DEDICATED)).json());
    assertTrue(listed.contains(mine.getLong("id")));
    assertTrue(!listed.contains(mainTask.getLong("id")), "another staff member's task is not listed for a dedicated employee");
    List<Long> all = ids(http.get("/api/v1/exports?pageSize=100", agency.token(Role.EMPLOYEE)).json());
    assertTrue(all.contains(mine.getLong("id")) && all.contains(mainTask.getLong("id")), "agency-global staff see every task");
    assertTrue(all.indexOf(mainTask.getLong("id")) < all.indexOf(mine.getLong("id")), "newest first");
    finish(mainTask, Role.MAIN);
  }

  static List<Long> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getLong("id")).toList();
  }

  @Test
  @DisplayName("bad kind, format or filters are a 400 naming the field, and create no task")
  void badRequests() {
    String token = agency.token(Role.MAIN);
    long before = http.get("/api/v1/exports", token).json().getLong("total");
    expect400(new JsonObject().put("kind", "everything").put("format", "csv"), "kind");
    expect400(new JsonObject().put("kind", "monitor").put("format", "pdf"), "format");
    expect400(new JsonObject().put("kind", "monitor").put("format", "csv").put("filters", new JsonObject().put("range", "fortnight")), "filters.range");
    expect400(new JsonObject().put("kind", "monitor").put("format", "csv").put("filters", new JsonObject().put("colour", "red")), "filters.colour");
    expect400(new JsonObject().put("kind", "monitor").put("format", "csv").put("filters", new JsonObject().put("sort", "-happiness")), "filters.sort");
    expect400(new JsonObject().put("kind", "finance-spend").put("format", "csv").put("filters", new JsonObject().put("from", "yesterday")), "filters.from");
    expect400(new JsonObject().put("kind", "operation-log").put("format", "csv").put("filters", new JsonObject().put("staffId", "me")), "filters.staffId");
    assertEquals(before, http.get("/api/v1/exports", token).json().getLong("total"), "nothing was created");
  }

  @Test
  @DisplayName("an agency with 10 exports queued or running gets 429 for the next one")
  void tooManyOpen() {
    TestAgency busy = TestAgency.create(1);
    TestAgency.one(io.beacon.TestBeacon.shared().platform().pg(), """
        WITH ins AS (
          INSERT INTO export_tasks (agency_id, created_by, kind, format, state, created_at, updated_at, expires_at)
          SELECT $1, $2, 'monitor', 'csv', 'running', now(), now(), now() + interval '1 day' FROM generate_series(1, 10) RETURNING 1)
        SELECT count(*) FROM ins""", Tuple.of(busy.id, busy.staffIds.get(Role.MAIN)));
    TestHttp.Response r = http.post("/api/v1/exports", busy.token(Role.MAIN), new JsonObject().put("kind", "monitor").put("format", "csv"));
    assertEquals(429, r.status(), r::toString);
    assertNotNull(r.header("Retry-After"));
    assertEquals(10, http.get("/api/v1/exports", busy.token(Role.MAIN)).json().getLong("total"), "nothing was added");
  }

  static void expect400(JsonObject body, String field) {
    TestHttp.Response r = http.post("/api/v1/exports", agency.token(Role.MAIN), body);
    assertEquals(400, r.status(), r::toString);
    assertTrue(r.header("Content-Type").startsWith("application/problem+json"), r.header("Content-Type"));
    JsonArray errors = r.json().getJsonArray("errors");
    assertTrue(errors.stream().anyMatch(e -> field.equals(((JsonObject) e).getString("field"))), field + " named in " + r);
  }

  @Test
  @DisplayName("another agency's task answers 404 for read, file and delete; a finished task can be deleted")
  void tenancyAndDelete() {
    JsonObject done = finish(monitorExport(Role.MAIN, "csv"), Role.MAIN);
    TestAgency rival = TestAgency.create(1);
    String rivalToken = rival.token(Role.MAIN);
    long id = done.getLong("id");
    assertEquals(404, http.get("/api/v1/exports/" + id, rivalToken).status());
    assertEquals(404, http.get("/api/v1/exports/" + id + "/file", rivalToken).status());
    assertEquals(404, http.delete("/api/v1/exports/" + id, rivalToken).status());
    assertTrue(!ids(http.get("/api/v1/exports?pageSize=100", rivalToken).json()).contains(id));
    assertEquals(200, http.get("/api/v1/exports/" + id, agency.token(Role.MAIN)).status(), "still there");
    assertEquals(204, http.delete("/api/v1/exports/" + id, agency.token(Role.MAIN)).status());
    assertEquals(404, http.get("/api/v1/exports/" + id, agency.token(Role.MAIN)).status());
    assertEquals(404, http.get("/api/v1/exports/" + id + "/file", agency.token(Role.MAIN)).status());
  }

  @Test
  @DisplayName("client funds, finance details and the operation log export for those who may read them")
  void otherKinds() throws Exception {
    JsonObject funds = finish(create(Role.ADMIN, new JsonObject().put("kind", "client-funds").put("format", "csv")), Role.ADMIN);
    assertEquals("done", funds.getString("state"), funds::encode);
    List<CSVRecord> fundRows = csv(file(funds, Role.ADMIN));
    assertEquals(TableColumns.header(io.beacon.finance.Report.CLIENT_FUNDS.header(), Messages.Lang.EN), fundRows.get(0).toList());
    assertEquals(5, fundRows.size(), "header and the agency's four clients");
    CSVRecord c1Funds = fundRows.stream().filter(rec -> rec.get(0).equals(String.valueOf(c1))).findFirst().orElseThrow();
    assertEquals("500.00", c1Funds.get(io.beacon.finance.Report.CLIENT_FUNDS.header().indexOf("cashFen")));

    JsonObject spend = finish(create(Role.MAIN, new JsonObject().put("kind", "finance-spend").put("format", "xlsx")
        .put("filters", new JsonObject().put("granularity", "month"))), Role.MAIN);
    assertEquals("done", spend.getString("state"), spend::encode);

    TestHttp.Response refused = http.post("/api/v1/exports", agency.token(Role.EMPLOYEE),
        new JsonObject().put("kind", "client-funds").put("format", "csv"));
    assertEquals(403, refused.status(), "an employee without funds rights cannot export them: " + refused);

    JsonObject log = finish(create(Role.MAIN, new JsonObject().put("kind", "operation-log").put("format", "csv")
        .put("filters", new JsonObject().put("action", "createExport"))), Role.MAIN);
    assertEquals("done", log.getString("state"), log::encode);
    List<CSVRecord> logRows = csv(file(log, Role.MAIN));
    assertEquals("Time", logRows.get(0).get(0));
    assertTrue(logRows.size() > 1 && logRows.subList(1, logRows.size()).stream().allMatch(rec -> rec.get(1).equals("Start export")),
        "the exports created above are in the log: " + logRows.size());
  }
}
