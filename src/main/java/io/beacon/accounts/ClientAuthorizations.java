package io.beacon.accounts;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Client authorisation (客户管理 授权&签约): the agency lists its clients by authorisation status and invites
 * a client (a new one, or one that refused or was terminated); the invitation stays pending until the client
 * accepts or refuses it in its own view. Each step is an authorization notice about the client, pushed live to
 * whoever sees it (the agency's staff, and the client's own users). Termination stays with the monitoring table.
 */
public final class ClientAuthorizations {
  private final Platform platform;
  private final AuthorizationStore store;
  private final Notices notices;

  public ClientAuthorizations(Platform platform, Notices notices) {
    this.platform = platform;
    this.store = new AuthorizationStore(platform.pg());
    this.notices = notices;
  }

  public Future<JsonObject> list(Caller caller, String status, String q, int page, int pageSize) {
    ClientScope scope = ClientScope.of(caller);
    return Future.all(store.clients(scope, status, q, pageSize, (page - 1) * pageSize), store.counts(scope)).map(all -> {
      AccountsStore.Page<AuthorizationStore.AuthorizedClient> p = all.resultAt(0);
      return new JsonObject().put("items", new JsonArray(p.items().stream().map(AuthorizationStore.AuthorizedClient::toJson).toList()))
          .put("total", p.total()).put("counts", new JsonObject(new java.util.LinkedHashMap<>(all.<java.util.Map<String, Long>>resultAt(1))))
          .put("page", page).put("pageSize", pageSize);
    });
  }

  /** {clientId} re-invites a client in scope; {name, pid, email, industry} invites a new one. */
  public Future<JsonObject> invite(Caller caller, JsonObject b) {
    ClientScope scope = ClientScope.of(caller);
    Instant now = platform.clock().instant();
    Long clientId = b.getLong("clientId");
    Future<Long> invited;
    if (clientId != null) {
      invited = store.client(scope, clientId).compose(found -> {
        if (found.isEmpty()) return Future.failedFuture(new NotFound("Client"));
        return store.reinvite(scope, clientId, caller.staffId(), now).compose(done -> done ? Future.succeededFuture(clientId)
            : Future.failedFuture(new Conflict("authorization-state", "Only a client that refused or was terminated can be invited again",
                new JsonObject().put("authorizationStatus", found.get().status()))));
      });
    } else {
      java.util.List<FieldError> errors = new java.util.ArrayList<>();
      for (String f : java.util.List.of("name", "pid", "email", "industry")) {
        if (b.getString(f) == null || b.getString(f).isBlank()) errors.add(new FieldError(f, "is required to invite a new client"));
      }
      if (!errors.isEmpty()) return Future.failedFuture(new Invalid("Name the client to invite, or give clientId", errors));
      invited = store.invite(caller.agencyId(), b.getString("name").trim(), b.getString("pid").trim(), b.getString("email").trim(),
              b.getString("industry").trim(), caller.staffId(), now)
          .compose(id -> id.isPresent() ? Future.succeededFuture(id.get())
              : Future.failedFuture(new Conflict("pid-taken", "A client with this pid already exists")));
    }
    return invited.compose(id -> store.client(scope, id)).compose(c -> {
      AuthorizationStore.AuthorizedClient client = c.orElseThrow();
      return notices.create(caller.agencyId(), client.id(), NoticeKind.AUTHORIZATION, NoticeText.plain("授权邀请已发送 Invitation sent · " + client.name(), "待客户在其账户中确认 Waiting for the client to accept · " + caller.name()), link(client.name())).map(n -> client.toJson());
    });
  }

  /** The client's own view: its agency, status and pending invitation. */
  public Future<JsonObject> ownView(Caller caller) {
    return store.ownView(caller.agencyId(), ownClient(caller));
  }

  /** The client accepts or refuses its pending invitation (409 when none is pending); the agency is told live. */
  public Future<JsonObject> decide(Caller caller, boolean accept) {
    long clientId = ownClient(caller);
    return store.decide(caller.agencyId(), clientId, accept, caller.loginId(), platform.clock().instant()).compose(name -> {
      if (name.isEmpty()) return Future.failedFuture(new Conflict("no-pending-invitation", "There is no pending invitation to answer"));
      String title = (accept ? "客户已接受授权 Client accepted the invitation · " : "客户已拒绝授权 Client refused the invitation · ") + name.get();
      return notices.create(caller.agencyId(), clientId, NoticeKind.AUTHORIZATION, NoticeText.plain(title, caller.name()), link(name.get()))
          .compose(n -> store.ownView(caller.agencyId(), clientId));
    });
  }

  static long ownClient(Caller caller) {
    if (caller.clientId() == null) throw new Forbidden("Only the client's own users answer its authorisations");
    return caller.clientId();
  }

  private static String link(String clientName) {
    return "#/account?tab=clients&q=" + java.net.URLEncoder.encode(clientName, java.nio.charset.StandardCharsets.UTF_8);
  }
}
