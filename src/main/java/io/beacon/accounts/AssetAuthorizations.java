package io.beacon.accounts;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Asset authorisation (资产授权): the agency asks an authorised client for access to its lead data (留资数据),
 * API audience upload (api上传人群数据) or conversion API callback (转化api回传); the client accepts or refuses
 * in its own view, and the agency is told with an authorization notice, pushed live. While lead-data access is
 * accepted, the client's lead forms appear in the agency's leads (线索).
 */
public final class AssetAuthorizations {
  static final Map<String, String> ASSET_NAMES = Map.of("lead_data", "留资数据 lead data", "audience_upload",
      "api上传人群数据 API audience upload", "conversion_callback", "转化api回传 conversion API callback");

  private final Platform platform;
  private final AssetStore store;
  private final AuthorizationStore clients;
  private final Notices notices;

  public AssetAuthorizations(Platform platform, Notices notices) {
    this.platform = platform;
    this.store = new AssetStore(platform.pg());
    this.clients = new AuthorizationStore(platform.pg());
    this.notices = notices;
  }

  public Future<JsonObject> list(Caller caller, String status, String asset, Long clientId, int page, int pageSize) {
    ClientScope scope = ClientScope.of(caller);
    return Future.all(store.list(scope, status, asset, clientId, pageSize, (page - 1) * pageSize), store.counts(scope)).map(all -> {
      AccountsStore.Page<AssetStore.AssetAuthorization> p = all.resultAt(0);
      return new JsonObject().put("items", new JsonArray(p.items().stream().map(AssetStore.AssetAuthorization::toJson).toList()))
          .put("total", p.total()).put("counts", new JsonObject(new java.util.LinkedHashMap<>(all.<Map<String, Long>>resultAt(1))))
          .put("page", page).put("pageSize", pageSize);
    });
  }

  /** Requests access to one asset of an authorised client in scope; 409 while one is pending or accepted. */
  public Future<JsonObject> request(Caller caller, long clientId, String asset, String note) {
    ClientScope scope = ClientScope.of(caller);
    return clients.client(scope, clientId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("Client"));
      if (!"authorized".equals(found.get().status())) {
        return Future.failedFuture(new Conflict("authorization-state", "Assets can be requested from authorised clients only",
            new JsonObject().put("authorizationStatus", found.get().status())));
      }
      return store.request(caller.agencyId(), clientId, asset, note, caller.staffId(), platform.clock().instant()).compose(id -> {
        if (id.isEmpty()) return Future.failedFuture(new Conflict("asset-request-open",
            "A request for this asset of the client is already pending or accepted"));
        return notices.create(caller.agencyId(), clientId, NoticeKind.AUTHORIZATION, NoticeText.plain("资产授权申请 Asset request · " + found.get().name(), ASSET_NAMES.get(asset) + " · " + caller.name()), "#/account?tab=assets")
            .compose(n -> store.get(scope, id.get())).map(a -> a.orElseThrow().toJson());
      });
    });
  }

  /** The requests addressed to the caller's own client (its view). */
  public Future<JsonObject> ownRequests(Caller caller) {
    long clientId = ClientAuthorizations.ownClient(caller);
    return store.list(ClientScope.of(caller), null, null, clientId, 100, 0)
        .map(p -> new JsonObject().put("items", new JsonArray(p.items().stream().map(AssetStore.AssetAuthorization::toJson).toList())));
  }

  /** The client accepts or refuses a pending request of its own (another client's is 404, a decided one 409). */
  public Future<JsonObject> decide(Caller caller, long id, boolean accept, String reason) {
    long clientId = ClientAuthorizations.ownClient(caller);
    ClientScope scope = ClientScope.of(caller);
    return store.get(scope, id).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("Asset authorisation"));
      return store.decide(caller.agencyId(), clientId, id, accept, reason, caller.loginId(), platform.clock().instant()).compose(done -> {
        if (!done) return Future.failedFuture(new Conflict("asset-request-state", "The request is already " + found.get().status(),
            new JsonObject().put("requestStatus", found.get().status())));
        AssetStore.AssetAuthorization a = found.get();
        String title = (accept ? "客户已同意资产授权 Asset request accepted · " : "客户已拒绝资产授权 Asset request refused · ") + a.clientName();
        String body = ASSET_NAMES.get(a.asset()) + (accept || reason == null ? "" : " — " + reason);
        return notices.create(caller.agencyId(), clientId, NoticeKind.AUTHORIZATION, NoticeText.plain(title, body), "#/account?tab=assets")
            .compose(n -> store.get(scope, id)).map(after -> after.orElseThrow().toJson());
      });
    });
  }

  /** Lead forms of clients whose lead data the agency may see, in the caller's scope. */
  public Future<JsonObject> leads(Caller caller, Long clientId, int page, int pageSize) {
    return store.leads(ClientScope.of(caller), clientId, pageSize, (page - 1) * pageSize).map(p -> new JsonObject()
        .put("items", new JsonArray(p.items().stream().map(AssetStore.ClientLead::toJson).toList()))
        .put("total", p.total()).put("page", page).put("pageSize", pageSize));
  }

  /** The platform forwards a lead form submitted to a client's ads (operator API); 404 for an unknown client. */
  public Future<JsonObject> recordLead(JsonObject b) {
    Instant at = platform.clock().instant();
    if (b.getString("submittedAt") != null) {
      try {
        at = OffsetDateTime.parse(b.getString("submittedAt")).toInstant();
      } catch (DateTimeParseException e) {
        return Future.failedFuture(new Invalid("submittedAt", "must be a date-time with offset"));
      }
    }
    return store.insertLead(b.getLong("clientId"), b.getString("contactName").trim(), b.getString("phone").trim(), b.getString("form").trim(),
            b.getString("message"), at)
        .compose(l -> l.isEmpty() ? Future.failedFuture(new NotFound("Client")) : Future.succeededFuture(l.get().toJson()));
  }
}
