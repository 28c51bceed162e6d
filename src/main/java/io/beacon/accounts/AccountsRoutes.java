package io.beacon.accounts;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Messages;
import io.beacon.platform.TableColumns;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

import static io.beacon.platform.Replies.created;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.pathId;


/** Staff and the operation log. Permissions come from the contract and {@link StaffService}. */
public final class AccountsRoutes implements ApiRouter.Feature {
  static final int EXPORT_MAX_ROWS = 10_000;

  private final StaffService staff;
  private final AccountsStore store;

  public AccountsRoutes(StaffService staff, AccountsStore store) {
    this.staff = staff;
    this.store = store;
  }

  @Override
  public void mount(Router api) {
    api.get("/staff").handler(this::list);
    api.get("/staff-directory").handler(ctx -> staff.directory(Caller.of(ctx), param(ctx, "q"), intParam(ctx, "limit", 10))
        .onSuccess(list -> ctx.json(new JsonObject().put("items", new JsonArray(list.stream()
            .map(s -> new JsonObject().put("id", s.id()).put("name", s.name()).put("account", s.account()).put("role", s.role().dbValue()))
            .toList()))))
        .onFailure(ctx::fail));
    api.post("/staff").handler(this::create);
    api.get("/staff/:staffId").handler(ctx -> json(ctx, staff.get(Caller.of(ctx), pathId(ctx, "staffId"))));
    api.post("/staff/:staffId/disable").handler(ctx -> respond(ctx, staff.setEnabled(Caller.of(ctx), pathId(ctx, "staffId"), false)));
    api.post("/staff/:staffId/enable").handler(ctx -> respond(ctx, staff.setEnabled(Caller.of(ctx), pathId(ctx, "staffId"), true)));
    api.post("/staff/:staffId/reset-password").handler(ctx -> respond(ctx,
        staff.resetPassword(Caller.of(ctx), pathId(ctx, "staffId"), body(ctx).getString("password"))));
    api.put("/staff/:staffId/lead-admin").handler(ctx -> respond(ctx,
        staff.setLeadAdmin(Caller.of(ctx), pathId(ctx, "staffId"), body(ctx).getBoolean("leadAdmin"))));
    api.post("/staff/:staffId/clients").handler(ctx -> {
      List<Long> ids = body(ctx).getJsonArray("clientIds").stream().map(o -> ((Number) o).longValue()).distinct().toList();
      respond(ctx, staff.assign(Caller.of(ctx), pathId(ctx, "staffId"), ids));
    });
    api.delete("/staff/:staffId/clients/:clientId").handler(ctx -> respond(ctx,
        staff.unassign(Caller.of(ctx), pathId(ctx, "staffId"), pathId(ctx, "clientId"))));
    api.get("/operation-log").handler(this::operationLog);
    api.get("/operation-log/export").handler(this::exportOperationLog);
  }

  private void list(RoutingContext ctx) {
    int page = page(ctx);
    int pageSize = intParam(ctx, "pageSize", 20);
    var filter = new AccountsStore.StaffFilter(param(ctx, "role"), param(ctx, "status"), param(ctx, "account"),
        param(ctx, "name"), param(ctx, "q"));
    staff.list(Caller.of(ctx), filter, page, pageSize).onSuccess(p -> ctx.json(new JsonObject()
            .put("items", new JsonArray(p.items().stream().map(AccountsStore.Staff::toJson).toList()))
            .put("total", p.total()).put("page", page).put("pageSize", pageSize)))
        .onFailure(ctx::fail);
  }

  private void create(RoutingContext ctx) {
    JsonObject b = body(ctx);
    var n = new AccountsStore.NewStaff(b.getString("account").trim(), b.getString("name").trim(), Role.of(b.getString("role")),
        b.getString("phone"), b.getString("email"));
    staff.create(Caller.of(ctx), n, b.getString("password")).onSuccess(change -> {
      AuditLog.after(ctx, change.after());
      created(ctx, change.result());
    }).onFailure(ctx::fail);
  }

  private void operationLog(RoutingContext ctx) {
    int page = page(ctx);
    int pageSize = intParam(ctx, "pageSize", 50);
    store.operationLog(Caller.of(ctx).agencyId(), logFilter(ctx), pageSize, (page - 1) * pageSize)
        .onSuccess(p -> ctx.json(new JsonObject().put("items", new JsonArray(p.items())).put("total", p.total())
            .put("page", page).put("pageSize", pageSize)))
        .onFailure(ctx::fail);
  }

  /**
   * The same filters as the list, as CSV (at most {@value #EXPORT_MAX_ROWS} rows, newest first), for people:
   * headings, operation names and changes in the language the request names.
   */
  private void exportOperationLog(RoutingContext ctx) {
    Messages.Lang lang = Messages.fromAcceptLanguage(ctx.request().getHeader("Accept-Language"));
    store.operationLog(Caller.of(ctx).agencyId(), logFilter(ctx), EXPORT_MAX_ROWS, 0).onSuccess(p -> {
      StringWriter out = new StringWriter();
      try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
          .setHeader(TableColumns.header(AccountsStore.LOG_COLUMNS, lang).toArray(String[]::new)).get())) {
        for (JsonObject e : p.items()) csv.printRecord(TableColumns.row(AccountsStore.LOG_COLUMNS, AccountsStore.logCells(e), lang));
      } catch (IOException e) {
        ctx.fail(e);
        return;
      }
      ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"operation-log.csv\"")
          .end(out.toString());
    }).onFailure(ctx::fail);
  }

  private static AccountsStore.LogFilter logFilter(RoutingContext ctx) {
    return AccountsStore.LogFilter.of(ctx.request()::getParam);
  }

  private static void respond(RoutingContext ctx, Future<StaffService.Change> change) {
    change.onSuccess(c -> {
      AuditLog.before(ctx, c.before());
      AuditLog.after(ctx, c.after());
      ctx.json(c.result());
    }).onFailure(ctx::fail);
  }
}
