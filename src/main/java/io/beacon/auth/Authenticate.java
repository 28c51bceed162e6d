package io.beacon.auth;

import io.beacon.platform.ApiException;
import io.beacon.platform.OpenApiValidation;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Authenticates and authorises every /api/v1 request from the rule its operation declares in
 * /openapi.yaml: {@code x-beacon-capability: <Capability>} or {@code PUBLIC} (login, ingest with its
 * own key, operator API with its own credential). An operation without a rule stops the server at
 * start-up, so no route can be added without one. Object-level checks (another agency's id, an
 * unassigned client) happen in the stores, which scope every query and answer 404.
 */
public final class Authenticate implements Handler<RoutingContext> {
  public static final String PUBLIC = "PUBLIC";
  public static final String RULE = "x-beacon-capability";

  private final Map<String, String> rules = new HashMap<>();
  private final TokenService tokens;
  private final AuthStore store;

  public Authenticate(OpenAPIContract contract, TokenService tokens, AuthStore store) {
    this.tokens = tokens;
    this.store = store;
    for (Operation op : contract.operations()) {
      String rule = op.getOpenAPIModel().getString(RULE);
      if (rule == null) throw new IllegalStateException("operation " + op.getOperationId() + " has no " + RULE);
      if (!PUBLIC.equals(rule)) Capability.valueOf(rule);   // fails fast on a typo
      rules.put(op.getOperationId(), rule);
    }
  }

  /** operationId → rule, as declared in the contract. */
  public Map<String, String> rules() { return Map.copyOf(rules); }

  @Override
  public void handle(RoutingContext ctx) {
    String rule = rules.get((String) ctx.get(OpenApiValidation.OPERATION_ID));
    if (PUBLIC.equals(rule)) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.fail(ApiException.unauthorized("Authentication required"));
      return;
    }
    caller(header.substring(7).trim())
        .onSuccess(caller -> {
          if (!caller.can(Capability.valueOf(rule))) {
            ctx.fail(ApiException.forbidden("Your role may not do this"));
            return;
          }
          ctx.put(Caller.KEY, caller);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** The caller behind an access token (also used by WebSocket and SSE), or a 401. */
  public Future<Caller> caller(String accessToken) {
    return tokens.verifyAccess(accessToken).compose(claims -> store.identity(claims.getLong("iid")).compose(found -> {
      if (found.isEmpty() || !found.get().active() || found.get().loginId() != Long.parseLong(claims.getString("sub"))) {
        return Future.failedFuture(ApiException.unauthorized("The account is no longer active"));
      }
      AuthStore.Identity i = found.get();
      Caller caller = new Caller(i.loginId(), i.id(), claims.getString("sid"), claims.getString("jti"),
          i.agencyId(), i.staffId(), i.clientId(), claims.getLong("act"), i.role(), i.leadAdmin(), i.account(), i.displayName());
      if (caller.actingClientId() == null) return Future.succeededFuture(caller);
      // Acting as a client: the staff member must still see it (an unassignment ends the client view at once).
      return store.clientVisible(AuthService.scopeOf(i), caller.actingClientId()).compose(visible -> visible
          ? Future.succeededFuture(caller)
          : Future.failedFuture(ApiException.unauthorized("The client view has ended; refresh to return to the agency view")));
    }));
  }

  public static List<String> capabilityNames(Caller caller) {
    return caller.capabilities().stream().map(Enum::name).sorted().toList();
  }

  static JsonObject describe(Caller c) {
    return new JsonObject().put("loginId", c.loginId()).put("identityId", c.identityId()).put("role", c.role().dbValue());
  }
}
