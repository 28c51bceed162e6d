package io.beacon.accounts;

import io.beacon.auth.AuditLog;
import io.beacon.auth.AuthRoutes;
import io.beacon.auth.Caller;
import io.beacon.auth.OperatorKey;
import io.beacon.platform.ApiRouter;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

import static io.beacon.platform.Replies.json;
import static io.beacon.platform.RequestParams.body;
import static io.beacon.platform.RequestParams.pathId;

/**
 * GET /api/v1/account and its certificate, GET/PUT /api/v1/me (the caller with its own contact details),
 * and the operator's PUT /api/v1/operator/agencies/{agencyId}/account.
 */
public final class AccountInfoRoutes implements ApiRouter.Feature {
  private final AccountInfo info;
  private final OperatorKey operatorKey;

  public AccountInfoRoutes(AccountInfo info, OperatorKey operatorKey) {
    this.info = info;
    this.operatorKey = operatorKey;
  }

  @Override
  public void mount(Router api) {
    api.get("/account").handler(ctx -> json(ctx, info.account(Caller.of(ctx))));
    api.get("/account/certificate").handler(ctx -> info.certificate(Caller.of(ctx)).onSuccess(c -> ctx.response()
            .putHeader("Content-Type", c.type() == null ? "application/octet-stream" : c.type())
            .putHeader("Content-Disposition", "attachment; filename=\"" + c.name().replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
            .end(c.content()))
        .onFailure(ctx::fail));
    api.get("/me").handler(ctx -> {
      Caller caller = Caller.of(ctx);
      info.contact(caller).onSuccess(contact -> ctx.json(me(caller, contact))).onFailure(ctx::fail);
    });
    api.put("/me").handler(ctx -> {
      Caller caller = Caller.of(ctx);
      json(ctx, info.contact(caller).compose(before -> info.updateContact(caller, body(ctx)).map(after -> {
        AuditLog.before(ctx, new JsonObject().put("phone", before.getString("phone")).put("email", before.getString("email")));
        AuditLog.after(ctx, new JsonObject().put("phone", after.getString("phone")).put("email", after.getString("email")));
        return me(caller, after);
      })));
    });
    api.route("/operator/agencies/*").handler(operatorKey);
    api.put("/operator/agencies/:agencyId/account").handler(ctx -> json(ctx, info.update(pathId(ctx, "agencyId"), body(ctx))));
  }

  private static JsonObject me(Caller caller, JsonObject contact) {
    JsonObject me = AuthRoutes.me(caller);
    me.getJsonObject("user").put("phone", contact.getString("phone")).put("email", contact.getString("email"));
    return me;
  }
}
