package io.beacon.tickets;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.Locale;

import static io.beacon.platform.Replies.created;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.date;
import static io.beacon.platform.RequestParams.idempotencyKey;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.longParam;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.pathId;

/** /api/v1/tickets for agency staff. The support side is {@link OperatorRoutes}. */
public final class TicketRoutes implements ApiRouter.Feature {
  private final Tickets tickets;

  public TicketRoutes(Tickets tickets) { this.tickets = tickets; }

  @Override
  public void mount(Router api) {
    api.post("/tickets/images").handler(this::upload);
    api.get("/tickets/images/:imageId").handler(this::image);
    api.post("/tickets").handler(this::create);
    api.get("/tickets").handler(this::list);
    api.get("/tickets/:ticketId").handler(ctx -> tickets.detail(Caller.of(ctx), pathId(ctx, "ticketId"))
        .onSuccess(d -> ctx.json(detail(d))).onFailure(ctx::fail));
    api.post("/tickets/:ticketId/urge").handler(ctx -> changed(ctx, tickets.urge(Caller.of(ctx), pathId(ctx, "ticketId"), english(ctx))));
    api.post("/tickets/:ticketId/cancel").handler(ctx -> changed(ctx, tickets.cancel(Caller.of(ctx), pathId(ctx, "ticketId"))));
    api.post("/tickets/:ticketId/resubmit").handler(ctx -> {
      JsonObject b = body(ctx);
      changed(ctx, tickets.resubmit(Caller.of(ctx), pathId(ctx, "ticketId"), b, images(b, null)));
    });
    api.post("/tickets/:ticketId/satisfaction").handler(ctx -> {
      JsonObject b = body(ctx);
      changed(ctx, tickets.rate(Caller.of(ctx), pathId(ctx, "ticketId"), b.getString("result"), b.getString("reason")));
    });
  }

  private void create(RoutingContext ctx) {
    JsonObject b = body(ctx);
    tickets.create(Caller.of(ctx), b, images(b, List.of()), idempotencyKey(ctx))
        .onSuccess(c -> {
          AuditLog.after(ctx, new JsonObject().put("ticketId", c.ticket().id()).put("status", c.ticket().status().dbValue()));
          ctx.response().putHeader("Location", "/api/v1/tickets/" + c.ticket().id());
          created(ctx, c.ticket().toJson());
        })
        .onFailure(ctx::fail);
  }

  private void list(RoutingContext ctx) {
    int page = page(ctx);
    int pageSize = intParam(ctx, "pageSize", 20);
    String status = param(ctx, "status");
    TicketStore.Query filters = new TicketStore.Query(null, longParam(ctx, "submitterId"),
        status == null ? null : TicketStatus.of(status), longParam(ctx, "id"), param(ctx, "category"),
        longParam(ctx, "clientId"), date(ctx, "from"), date(ctx, "to"), param(ctx, "submitter"), page, pageSize);
    tickets.list(Caller.of(ctx), param(ctx, "scope", "mine"), filters)
        .onSuccess(r -> ctx.json(new JsonObject().put("items", new JsonArray(r.items().stream().map(t -> t.toJson()
                .put("urgeAvailableAt", Tickets.urgeAvailableAt(t).toString())).toList()))
            .put("total", r.total()).put("page", page).put("pageSize", pageSize)))
        .onFailure(ctx::fail);
  }

  private void upload(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String base = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    tickets.uploadImage(Caller.of(ctx), base, ctx.body().buffer())
        .onSuccess(id -> {
          AuditLog.after(ctx, new JsonObject().put("imageId", id).put("bytes", ctx.body().length()));
          created(ctx, new JsonObject().put("id", id).put("url", "/api/v1/tickets/images/" + id));
        })
        .onFailure(ctx::fail);
  }

  private void image(RoutingContext ctx) {
    tickets.image(Caller.of(ctx), pathId(ctx, "imageId"))
        .onSuccess(i -> ctx.response().putHeader("Content-Type", i.contentType()).putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Cache-Control", "private, max-age=3600").putHeader("Content-Disposition", "inline").end(i.data()))
        .onFailure(ctx::fail);
  }

  static JsonObject detail(Tickets.Detail d) {
    return d.ticket().toJson()
        .put("urgeAvailableAt", d.urgeAvailableAt().toString())
        .put("images", new JsonArray(d.images().stream().map(id -> new JsonObject().put("id", id)
            .put("url", "/api/v1/tickets/images/" + id)).toList()))
        .put("timeline", new JsonArray(d.timeline().stream().map(TicketEvent::toJson).toList()));
  }

  private static void changed(RoutingContext ctx, Future<Ticket> result) {
    result.onSuccess(t -> {
      AuditLog.after(ctx, new JsonObject().put("status", t.status().dbValue()));
      ctx.json(t.toJson().put("urgeAvailableAt", Tickets.urgeAvailableAt(t).toString()));
    }).onFailure(ctx::fail);
  }

  /** English when the caller's most preferred Accept-Language is English; zh-CN otherwise. */
  static boolean english(RoutingContext ctx) {
    String header = ctx.request().getHeader("Accept-Language");
    if (header == null) return false;
    String best = null;
    double bestQ = -1;
    for (String part : header.split(",")) {
      String[] bits = part.trim().split(";");
      double q = 1;
      for (int i = 1; i < bits.length; i++) {
        if (bits[i].trim().startsWith("q=")) {
          try { q = Double.parseDouble(bits[i].trim().substring(2)); } catch (NumberFormatException e) { q = 0; }
        }
      }
      if (q > bestQ) {
        bestQ = q;
        best = bits[0].trim().toLowerCase(Locale.ROOT);
      }
    }
    return best != null && best.startsWith("en");
  }

  static List<Long> images(JsonObject b, List<Long> absent) {
    JsonArray ids = b.getJsonArray("imageIds");
    return ids == null ? absent : ids.stream().map(v -> ((Number) v).longValue()).distinct().toList();
  }

}
