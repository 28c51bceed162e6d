package io.beacon.accounts;

import io.beacon.auth.AuthService;
import io.beacon.auth.Caller;
import io.beacon.auth.PasswordHasher;
import io.beacon.auth.Role;
import io.beacon.auth.TokenService;
import io.beacon.live.LiveBus;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Set;

/**
 * Staff management under the role matrix: nobody manages the main account, only the main
 * account adds or manages admins, employees and dedicated employees manage nobody (the contract's
 * STAFF_MANAGE gives 403 first). Another agency's staff member is not found. Disablement and password
 * resets revoke the staff member's tokens at once; assignment changes are announced on the LiveBus.
 */
public final class StaffService {
  private final Platform platform;
  private final AccountsStore store;
  private final AuthService auth;
  private final LiveBus bus;

  public StaffService(Platform platform, AccountsStore store, AuthService auth, LiveBus bus) {
    this.platform = platform;
    this.store = store;
    this.auth = auth;
    this.bus = bus;
  }

  /** A change as the operation log records it: the target before and after; {@code result} is the response. */
  public record Change(JsonObject before, JsonObject after, JsonObject result) {}

  public Future<AccountsStore.Page<AccountsStore.Staff>> list(Caller caller, AccountsStore.StaffFilter filter, int page, int pageSize) {
    return store.listStaff(caller.agencyId(), filter, page, pageSize);
  }

  /**
   * The people picker's directory: active staff of the caller's agency matching {@code q} (name or
   * account), for choosing a follower or an assignee. Staff only: an advertiser identity has no colleagues.
   */
  public Future<List<AccountsStore.Staff>> directory(Caller caller, String q, int limit) {
    if (caller.staffId() == null) return Future.failedFuture(new Forbidden("Only staff members choose colleagues"));
    return store.listStaff(caller.agencyId(), new AccountsStore.StaffFilter(null, "active", null, null, q), 1, limit)
        .map(AccountsStore.Page::items);
  }

  public Future<JsonObject> get(Caller caller, long staffId) {
    return find(caller, staffId).compose(s -> store.assignedClients(caller.agencyId(), staffId)
        .map(clients -> s.toJson().put("clients", clients)));
  }

  /** Adds a staff member; without a password a temporary one is generated and returned once. */
  public Future<Change> create(Caller caller, AccountsStore.NewStaff n, String password) {
    if (!caller.mayManage(n.role())) {
      return Future.failedFuture(new Forbidden("Your role may not add a staff member of role " + n.role().dbValue()));
    }
    String chosen = password != null ? password : TokenService.randomToken(9);
    return platform.vertx().executeBlocking(() -> PasswordHasher.hash(chosen), false)
        .compose(hash -> store.createStaff(caller.agencyId(), n, hash))
        .compose(id -> id < 0
            ? Future.failedFuture(new Conflict("account-taken", "This account already exists",
                List.of(new FieldError("account", "is already taken")), null))
            : find(caller, id))
        .map(s -> {
          JsonObject result = s.toJson();
          if (password == null) result.put("temporaryPassword", chosen);
          return new Change(null, s.summary(), result);
        });
  }

  public Future<Change> setEnabled(Caller caller, long staffId, boolean enabled) {
    // Nobody can disable themselves: the main account is never manageable and admins cannot manage admins.
    return manageable(caller, staffId).compose(s -> {
      Future<Void> done = store.setStatus(caller.agencyId(), staffId, enabled ? "active" : "disabled");
      if (!enabled) done = done.compose(v -> auth.revokeStaff(staffId, "staff-disabled"));
      return done.compose(v -> changed(caller, s));
    });
  }

  /** Sets a new password (or a generated temporary one, returned once) and signs the staff member out everywhere. */
  public Future<Change> resetPassword(Caller caller, long staffId, String password) {
    return manageable(caller, staffId).compose(s -> {
      String chosen = password != null ? password : TokenService.randomToken(9);
      return auth.replacePassword(s.loginId(), chosen, "password-reset").map(v -> {
        JsonObject result = new JsonObject().put("id", staffId).put("passwordReset", true);
        if (password == null) result.put("temporaryPassword", chosen);
        return new Change(null, new JsonObject().put("passwordReset", true), result);
      });
    });
  }

  public Future<Change> setLeadAdmin(Caller caller, long staffId, boolean leadAdmin) {
    return manageable(caller, staffId).compose(s -> store.setLeadAdmin(caller.agencyId(), staffId, leadAdmin)
        .compose(v -> changed(caller, s)));
  }

  /** Assigns clients of the agency to a dedicated employee; an unknown or foreign client id is a 404. */
  public Future<Change> assign(Caller caller, long staffId, List<Long> clientIds) {
    return dedicated(caller, staffId).compose(s -> store.clientsOfAgency(caller.agencyId(), clientIds).compose(found -> {
      if (!found.containsAll(Set.copyOf(clientIds))) return Future.failedFuture(new NotFound("Client"));
      return store.assign(caller.agencyId(), staffId, clientIds)
          .compose(n -> announce(caller, staffId))
          .compose(v -> assignmentChange(caller, s, new JsonObject().put("assigned", clientIds)));
    }));
  }

  public Future<Change> unassign(Caller caller, long staffId, long clientId) {
    return dedicated(caller, staffId).compose(s -> store.unassign(caller.agencyId(), staffId, clientId).compose(removed -> {
      if (!removed) return Future.failedFuture(new NotFound("Assignment"));
      return announce(caller, staffId)
          .compose(v -> assignmentChange(caller, s, new JsonObject().put("unassigned", clientId)));
    }));
  }

  private Future<Change> assignmentChange(Caller caller, AccountsStore.Staff s, JsonObject after) {
    return store.assignedClients(caller.agencyId(), s.id()).map(clients ->
        new Change(new JsonObject().put("assignedClients", s.assignedClients()), after,
            s.toJson().put("assignedClients", clients.size()).put("clients", clients)));
  }

  /** Push re-filters the dedicated employee's open sockets. */
  private Future<Void> announce(Caller caller, long staffId) {
    return bus.publish(caller.agencyId(), new JsonObject().put("type", "assignments-changed").put("staffId", staffId)
        .put("at", platform.clock().instant().toString()));
  }

  private Future<Change> changed(Caller caller, AccountsStore.Staff before) {
    return find(caller, before.id()).map(after -> new Change(before.summary(), after.summary(), after.toJson()));
  }

  private Future<AccountsStore.Staff> find(Caller caller, long staffId) {
    return store.staff(caller.agencyId(), staffId).map(found -> found.orElseThrow(() -> new NotFound("Staff member")));
  }

  private Future<AccountsStore.Staff> manageable(Caller caller, long staffId) {
    return find(caller, staffId).compose(s -> caller.mayManage(s.role()) ? Future.succeededFuture(s)
        : Future.failedFuture(new Forbidden("Your role may not manage a staff member of role " + s.role().dbValue())));
  }

  private Future<AccountsStore.Staff> dedicated(Caller caller, long staffId) {
    return manageable(caller, staffId).compose(s -> s.role() == Role.DEDICATED ? Future.succeededFuture(s)
        : Future.failedFuture(new Conflict("not-dedicated",
            "Clients are assigned to dedicated employees only; other roles see every client")));
  }
}
