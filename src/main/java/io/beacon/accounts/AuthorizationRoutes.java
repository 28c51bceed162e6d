package io.beacon.accounts;

import io.beacon.auth.AuditLog;
import io.beacon.auth.Caller;
import io.beacon.auth.OperatorKey;
import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import static io.beacon.platform.Replies.created;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.intParam;
import static io.beacon.platform.RequestParams.longParam;
import static io.beacon.platform.RequestParams.page;
import static io.beacon.platform.RequestParams.param;
import static io.beacon.platform.RequestParams.pathId;

/**
 * Client authorisation, asset authorisation, the client's own answers to both under /api/v1/client-view,
 * the lead forms of clients that granted lead data (/api/v1/client-leads) and the operator's forwarding of them.
 */
public final class AuthorizationRoutes implements ApiRouter.Feature {
  private final ClientAuthorizations clients;
  private final AssetAuthorizations assets;
  private final OperatorKey operatorKey;

  public AuthorizationRoutes(ClientAuthorizations clients, AssetAuthorizations assets, OperatorKey operatorKey) {
    this.clients = clients;
    this.assets = assets;
    this.operatorKey = operatorKey;
  }

  @Override
  public void mount(Router api) {
    api.get("/client-authorizations").handler(ctx -> json(ctx, clients.list(Caller.of(ctx), param(ctx, "status"), param(ctx, "q"),
        page(ctx), intParam(ctx, "pageSize", 20))));
    api.post("/client-authorizations").handler(ctx -> recorded(ctx, clients.invite(Caller.of(ctx), body(ctx))));
    api.get("/asset-authorizations").handler(ctx -> json(ctx, assets.list(Caller.of(ctx), param(ctx, "status"), param(ctx, "asset"),
        longParam(ctx, "clientId"), page(ctx), intParam(ctx, "pageSize", 20))));
    api.post("/asset-authorizations").handler(ctx -> {
      JsonObject b = body(ctx);
      recorded(ctx, assets.request(Caller.of(ctx), b.getLong("clientId"), b.getString("asset"), b.getString("note")));
    });
    api.get("/client-leads").handler(ctx -> json(ctx, assets.leads(Caller.of(ctx),
        longParam(ctx, "clientId"), page(ctx), intParam(ctx, "pageSize", 20))));

    api.get("/client-view/authorizations").handler(ctx -> {
      Caller caller = Caller.of(ctx);
      json(ctx, clients.ownView(caller).compose(view -> assets.ownRequests(caller).map(r -> view.put("assetRequests", r.getJsonArray("items")))));
    });
    api.post("/client-view/invitation/accept").handler(ctx -> changed(ctx, clients.decide(Caller.of(ctx), true)));
    api.post("/client-view/invitation/refuse").handler(ctx -> changed(ctx, clients.decide(Caller.of(ctx), false)));
    api.post("/client-view/asset-authorizations/:assetAuthorizationId/accept").handler(ctx ->
        changed(ctx, assets.decide(Caller.of(ctx), assetId(ctx), true, null)));
    api.post("/client-view/asset-authorizations/:assetAuthorizationId/refuse").handler(ctx -> {
      JsonObject b = body(ctx);
      changed(ctx, assets.decide(Caller.of(ctx), assetId(ctx), false, b.getString("reason")));
    });

    api.route("/operator/client-leads").handler(operatorKey);
    api.post("/operator/client-leads").handler(ctx -> recorded(ctx, assets.recordLead(body(ctx))));
  }

  private static void recorded(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(r -> {
      AuditLog.after(ctx, r);
      created(ctx, r);
    }).onFailure(ctx::fail);
  }

  private static void changed(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(r -> {
      AuditLog.after(ctx, new JsonObject().put("status", r.getString("status")));
      ctx.json(r);
    }).onFailure(ctx::fail);
  }

  private static long assetId(RoutingContext ctx) { return pathId(ctx, "assetAuthorizationId"); }
}
