package io.beacon.tickets;

import io.beacon.auth.OperatorKey;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.ClientAddress;
import io.beacon.platform.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.pathId;

/**
 * The support side's API under /api/v1/operator: its own credential ({@link OperatorKey}), never an
 * agency login. Each action is written to the ticket's timeline and to the agency's operation log.
 */
public final class OperatorRoutes implements ApiRouter.Feature {
  public static final String HEADER = OperatorKey.HEADER;

  private final Tickets tickets;
  private final OperatorKey key;

  public OperatorRoutes(Tickets tickets, OperatorKey key) {
    this.tickets = tickets;
    this.key = key;
  }

  @Override
  public void mount(Router api) {
    api.route("/operator/tickets*").handler(key);
    api.get("/operator/tickets").handler(ctx -> {
      int page = page(ctx);
      int pageSize = intParam(ctx, "pageSize", 20);
      String status = param(ctx, "status");
      tickets.operatorList(status == null ? null : TicketStatus.of(status), page, pageSize)
          .onSuccess(r -> ctx.json(new JsonObject().put("items", new JsonArray(r.items().stream().map(t -> t.toJson()
              .put("agencyId", t.agencyId())).toList())).put("total", r.total()).put("page", page).put("pageSize", pageSize)))
          .onFailure(ctx::fail);
    });
    api.get("/operator/tickets/:ticketId").handler(ctx -> tickets.operatorDetail(pathId(ctx, "ticketId"))
        .onSuccess(d -> ctx.json(TicketRoutes.detail(d).put("agencyId", d.ticket().agencyId()))).onFailure(ctx::fail));
    api.post("/operator/tickets/:ticketId/return").handler(ctx -> {
      JsonObject b = body(ctx);
      done(ctx, tickets.operatorReturn(pathId(ctx, "ticketId"), b.getString("reason"), b.getString("note"), audit(ctx, "operatorReturnTicket")));
    });
    api.post("/operator/tickets/:ticketId/complete").handler(ctx ->
        done(ctx, tickets.operatorComplete(pathId(ctx, "ticketId"), body(ctx).getString("note"), audit(ctx, "operatorCompleteTicket"))));
    api.post("/operator/tickets/:ticketId/notes").handler(ctx ->
        done(ctx, tickets.operatorNote(pathId(ctx, "ticketId"), body(ctx).getString("note"), audit(ctx, "operatorNoteTicket"))));
  }

  private static void done(RoutingContext ctx, Future<Ticket> result) {
    result.onSuccess(t -> ctx.json(t.toJson().put("agencyId", t.agencyId()))).onFailure(ctx::fail);
  }

  private static TicketStore.OperatorAudit audit(RoutingContext ctx, String action) {
    return new TicketStore.OperatorAudit(action,
        ClientAddress.of(ctx), RequestIds.of(ctx));
  }
}
