package io.beacon.auth;

import io.beacon.platform.ApiRouter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.beacon.platform.ClientAddress;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.Replies.json;
import static io.beacon.platform.Replies.noContent;

/** Login, identity selection, refresh, logout, switch account, act-as-client and own password. */
public final class AuthRoutes implements ApiRouter.Feature {
  private final AuthService auth;

  public AuthRoutes(AuthService auth) { this.auth = auth; }

  @Override
  public void mount(Router api) {
    api.post("/auth/login").handler(this::login);
    api.post("/auth/identity").handler(this::selectIdentity);
    api.post("/auth/refresh").handler(ctx -> json(ctx, auth.refresh(body(ctx).getString("refreshToken"))));
    api.post("/auth/logout").handler(ctx -> noContent(ctx, auth.logout(Caller.of(ctx))));
    api.post("/auth/switch-account").handler(ctx -> json(ctx, auth.switchAccount(Caller.of(ctx))));
    api.post("/auth/act-as").handler(ctx -> {
      long clientId = body(ctx).getLong("clientId");
      AuditLog.after(ctx, new JsonObject().put("actingClientId", clientId));
      json(ctx, auth.actAs(Caller.of(ctx), clientId));
    });
    api.post("/auth/act-as/exit").handler(ctx -> json(ctx, auth.exitActAs(Caller.of(ctx))));
    api.post("/me/password").handler(ctx -> {
      JsonObject b = body(ctx);
      noContent(ctx, auth.changePassword(Caller.of(ctx), b.getString("currentPassword"), b.getString("newPassword"), ClientAddress.of(ctx)));
    });
  }

  private void login(RoutingContext ctx) {
    JsonObject b = body(ctx);
    String ip = ClientAddress.of(ctx);
    json(ctx, auth.login(b.getString("account"), b.getString("password"), ip).compose(r -> recordActor(ctx, r)));
  }

  private void selectIdentity(RoutingContext ctx) {
    JsonObject b = body(ctx);
    json(ctx, auth.selectIdentity(b.getString("selectionToken"), b.getLong("identityId")).compose(r -> recordActor(ctx, r)));
  }

  /** Public operations have no caller yet; once tokens exist the operation log can name one. */
  private Future<JsonObject> recordActor(RoutingContext ctx, JsonObject result) {
    if (!result.containsKey("accessToken")) return Future.succeededFuture(result);
    return auth.tokens().verifyAccess(result.getString("accessToken"))
        .compose(claims -> auth.store().identity(claims.getLong("iid")))
        .map(identity -> {
          identity.ifPresent(i -> ctx.put(AuditLog.ACTOR, new Caller(i.loginId(), i.id(), null, null, i.agencyId(),
              i.staffId(), i.clientId(), null, i.role(), i.leadAdmin(), i.account(), i.displayName())));
          return result;
        });
  }

  /** The caller as GET /api/v1/me shows it (served with the profile's contact details by the accounts feature). */
  public static JsonObject me(Caller c) {
    return new JsonObject()
        .put("user", new JsonObject().put("id", c.loginId()).put("account", c.account()).put("name", c.name()))
        .put("identity", new JsonObject().put("id", c.identityId()).put("kind", c.clientId() == null ? "agency" : "client"))
        .put("agencyId", c.agencyId())
        .put("staffId", c.staffId())
        .put("clientId", c.clientId())
        .put("actingClientId", c.actingClientId())
        .put("role", c.role().dbValue())
        .put("leadAdmin", c.leadAdmin())
        .put("capabilities", new JsonArray(Authenticate.capabilityNames(c)));
  }
}
