package io.beacon.channel;

import io.beacon.auth.Caller;
import io.beacon.auth.Capability;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Idempotency;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.beacon.channel.LeadStore.Pipeline.LEADS;
import static io.beacon.channel.LeadStore.Pipeline.OPPORTUNITIES;

/**
 * Leads and opportunities. Visibility: the follower sees their own; the main account and
 * lead admins (LEADS_ALL) see, import and assign all. Only the follower follows up, calls and
 * converts. Every event becomes a lead notice (to the follower when there is one).
 */
public final class Leads {
  private static final Logger log = LoggerFactory.getLogger(Leads.class);

  private final Platform platform;
  private final LeadStore store;
  private final Notices notices;

  public Leads(Platform platform, Notices notices) {
    this.platform = platform;
    this.store = new LeadStore(platform.pg());
    this.notices = notices;
  }

  public record Imported(long batchId, int rows, boolean replayed) {}

  // ------------------------------------------------------------------ read

  public Future<LeadStore.Page<Lead>> leads(Caller caller, String scope, LeadStore.Query q) {
    return store.leads(scoped(caller, scope, q));
  }

  public Future<LeadStore.Page<Opportunity>> opportunities(Caller caller, String scope, LeadStore.Query q) {
    return store.opportunities(scoped(caller, scope, q));
  }

  public Future<JsonObject> lead(Caller caller, long id) {
    return visibleLead(caller, id).compose(l -> store.history(LEADS, caller.agencyId(), id)
        .map(h -> l.toJson().put("history", new JsonArray(h.stream().map(LeadStore.Activity::toJson).toList()))));
  }

  public Future<JsonObject> opportunity(Caller caller, long id) {
    return visibleOpportunity(caller, id).compose(o -> store.history(OPPORTUNITIES, caller.agencyId(), id)
        .map(h -> o.toJson().put("history", new JsonArray(h.stream().map(LeadStore.Activity::toJson).toList()))));
  }

  // ------------------------------------------------------------------ import, assign

  /** Imports a CSV file: every row valid or nothing imported (400 listing each bad row and field). */
  public Future<Imported> importCsv(Caller caller, String csv, String idempotencyKey) {
    LeadCsv.Parsed parsed = LeadCsv.parse(csv);
    List<String> accounts = parsed.rows().stream().map(LeadCsv.Row::follower).filter(a -> a != null).distinct().toList();
    return store.staffByAccount(caller.agencyId(), accounts).compose(staff -> {
      List<LeadCsv.RowError> errors = new ArrayList<>(parsed.errors());
      List<LeadStore.NewLead> rows = new ArrayList<>();
      for (LeadCsv.Row r : parsed.rows()) {
        Long follower = r.follower() == null ? null : staff.get(r.follower());
        if (r.follower() != null && follower == null) errors.add(new LeadCsv.RowError(r.row(), "follower", "no active staff account " + r.follower()));
        rows.add(new LeadStore.NewLead(r.name(), r.type(), r.priority(), r.contact(), r.phone(), r.industry(), r.company(), follower));
      }
      if (rows.isEmpty() && errors.isEmpty()) errors.add(new LeadCsv.RowError(2, "file", "no rows"));
      if (!errors.isEmpty()) {
        errors.sort(java.util.Comparator.comparingInt(LeadCsv.RowError::row));
        return Future.failedFuture(new Invalid(errors.size() + " problems in the file; nothing was imported",
            errors.stream().limit(200).map(e -> new FieldError("rows[" + e.row() + "]." + e.field(), e.message())).toList(),
            new JsonObject().put("rows", new JsonArray(errors.stream().limit(200).map(e -> new JsonObject().put("row", e.row())
                .put("field", e.field()).put("message", e.message())).toList()))));
      }
      Instant at = now();
      Instant expires = at.plus(Duration.ofDays(platform.config().tickets().leadExpiryDays()));
      return platform.pg().withTransaction(conn -> Idempotency.claim(conn, caller.agencyId(), idempotencyKey, "importLeads", csv)
          .compose(first -> first.isPresent()
              ? Future.succeededFuture(new Imported(first.get().body().getLong("batchId"), first.get().body().getInteger("rows"), true))
              : store.importLeads(conn, caller.agencyId(), caller.staffId(), rows, at, expires)
                  .compose(batch -> Idempotency.complete(conn, caller.agencyId(), idempotencyKey, 201,
                      new JsonObject().put("batchId", batch).put("rows", rows.size())).map(new Imported(batch, rows.size(), false)))))
          .onSuccess(i -> {
            if (!i.replayed()) {
              notify(caller.agencyId(), null, NoticeText.of("lead.imported", new JsonObject().put("n", i.rows())), "#/leads");
            }
          });
    });
  }

  public Future<Void> assignLead(Caller caller, long id, long staffId) { return assign(caller, LEADS, id, staffId); }

  public Future<Void> assignOpportunity(Caller caller, long id, long staffId) { return assign(caller, OPPORTUNITIES, id, staffId); }

  private Future<Void> assign(Caller caller, LeadStore.Pipeline p, long id, long staffId) {
    return state(caller, p, id).compose(current -> store.activeStaff(caller.agencyId(), staffId).compose(active -> {
      if (!active) return Future.failedFuture(new Invalid("staffId", "no active staff member " + staffId));
      LeadAction.ASSIGN.check(what(p), current.state());
      return guarded(caller, p, id, store.assign(p, caller.agencyId(), id, staffId, caller.staffId(), LeadAction.ASSIGN.from(), now()))
          .onSuccess(v -> notify(caller.agencyId(), staffId, NoticeText.of(p == LEADS ? "lead.assigned" : "opportunity.assigned",
              new JsonObject().put("name", current.name())), link(p, id)));
    }));
  }

  // ------------------------------------------------------------------ follower's work

  /** A lead follow-up: state (following / valid / invalid), private contact made, notes. */
  public Future<Void> followUpLead(Caller caller, long id, LeadState state, Boolean privateContact, String note) {
    if (!LeadAction.LEAD_FOLLOW_UP_STATES.contains(state)) {
      return Future.failedFuture(new Invalid("state", "one of following, valid, invalid"));
    }
    return visibleLead(caller, id).compose(l -> {
      requireFollower(caller, l.followerStaffId());
      LeadAction.FOLLOW_UP.check("lead", l.state());
      if (state == LeadState.INVALID && (l.privateContact() || Boolean.TRUE.equals(privateContact))) {
        throw new Conflict("conversion-required", "Private contact was made: convert the lead to an opportunity",
            new JsonObject().put("currentState", l.state().dbValue()));
      }
      return guarded(caller, LEADS, id, store.followUp(LEADS, caller.agencyId(), id, caller.staffId(), state, privateContact, note,
          null, LeadAction.FOLLOW_UP.from(), now()))
          .onSuccess(v -> notify(caller.agencyId(), caller.staffId(), NoticeText.of("lead.followUp", new JsonObject().put("name", l.name())
              .put("state", NoticeText.label("leadState", state.dbValue())).put("note", note == null ? "" : note)), link(LEADS, id)));
    });
  }

  /** An opportunity follow-up: state, intent level, concerns, expected account opening and budget, notes. */
  public Future<Void> followUpOpportunity(Caller caller, long id, LeadState state, JsonObject details, String note) {
    if (!LeadAction.OPPORTUNITY_FOLLOW_UP_STATES.contains(state)) {
      return Future.failedFuture(new Invalid("state", "one of following, valid, invalid, completed"));
    }
    return visibleOpportunity(caller, id).compose(o -> {
      requireFollower(caller, o.followerStaffId());
      LeadAction.FOLLOW_UP.check("opportunity", o.state());
      return guarded(caller, OPPORTUNITIES, id, store.followUp(OPPORTUNITIES, caller.agencyId(), id, caller.staffId(), state, null,
          note, details, LeadAction.FOLLOW_UP.from(), now()))
          .onSuccess(v -> notify(caller.agencyId(), caller.staffId(), NoticeText.of("opportunity.followUp", new JsonObject().put("name", o.name())
              .put("state", NoticeText.label("leadState", state.dbValue())).put("note", note == null ? "" : note)), link(OPPORTUNITIES, id)));
    });
  }

  /** Outbound call (电话外呼): only by the follower, only while not completed or expired; logged. */
  public Future<Void> call(Caller caller, LeadStore.Pipeline p, long id, String outcome, int durationSeconds, String note) {
    return state(caller, p, id).compose(current -> {
      requireFollower(caller, current.follower());
      LeadAction.CALL.check(what(p), current.state());
      return guarded(caller, p, id, store.call(p, caller.agencyId(), id, caller.staffId(), outcome, durationSeconds, note,
          LeadAction.CALL.from(), now()))
          .onSuccess(v -> notify(caller.agencyId(), caller.staffId(), NoticeText.of("lead.call", new JsonObject().put("name", current.name())
              .put("outcome", NoticeText.label("callOutcome", outcome)).put("note", note == null ? "" : note)), link(p, id)));
    });
  }

  /** Names the company of an "unknown" (未知) consultation lead: the follower or a lead admin. */
  public Future<Void> linkCompany(Caller caller, long id, String company, String creditCode) {
    return visibleLead(caller, id).compose(l -> {
      if (!caller.can(Capability.LEADS_ALL)) requireFollower(caller, l.followerStaffId());
      LeadAction.LINK_COMPANY.check("lead", l.state());
      if (!l.unknown()) throw new Conflict("not-unknown", "Only a lead named 未知 can be linked to a company");
      return guarded(caller, LEADS, id, store.linkCompany(caller.agencyId(), id, company, creditCode, LeadAction.LINK_COMPANY.from(), now()))
          .onSuccess(v -> notify(caller.agencyId(), l.followerStaffId(), NoticeText.of("lead.linked", new JsonObject().put("company", company)), link(LEADS, id)));
    });
  }

  /** Converts a lead whose private contact was made into an opportunity (转商机); the lead completes. */
  public Future<Opportunity> convert(Caller caller, long id, JsonObject b) {
    return visibleLead(caller, id).compose(l -> {
      requireFollower(caller, l.followerStaffId());
      LeadAction.CONVERT.check("lead", l.state());
      if (!l.privateContact()) {
        throw new Conflict("private-contact-required",
            "Convert after private contact is made (a phone number or WeChat given); record it in a follow-up first",
            new JsonObject().put("currentState", l.state().dbValue()));
      }
      String company = b.getString("companyName", l.unknown() ? null : l.companyName() != null ? l.companyName() : l.name());
      String contact = b.getString("contactName", l.contactName());
      List<FieldError> errors = new ArrayList<>();
      if (company == null || company.isBlank() || Lead.UNKNOWN.equals(company)) {
        errors.add(new FieldError("companyName", "the opportunity needs the company"));
      }
      if (contact == null || contact.isBlank()) errors.add(new FieldError("contactName", "the opportunity needs a contact"));
      LocalDate open;
      try {
        open = b.getString("expectedOpenDate") == null ? null : LocalDate.parse(b.getString("expectedOpenDate"));
      } catch (RuntimeException e) {
        errors.add(new FieldError("expectedOpenDate", "a date like 2026-12-01"));
        open = null;
      }
      if (!errors.isEmpty()) throw new Invalid("The opportunity has invalid fields", errors);
      Opportunity draft = new Opportunity(0, l.agencyId(), l.id(), Lead.UNKNOWN.equals(l.name()) ? company : l.name(), l.type(),
          l.priority(), LeadState.FOLLOWING, l.followerStaffId(), null, b.getString("intentLevel"), b.getString("concerns"), open,
          b.getLong("expectedBudgetFen"), company, b.getString("companyCreditCode", l.companyCreditCode()), contact,
          b.getString("contactPhone", l.phone()), b.getString("contactWechat"), now());
      return store.convert(l, draft, LeadAction.CONVERT.from(), now())
          .compose(o -> o.isPresent() ? Future.succeededFuture(o.get())
              : state(caller, LEADS, id).compose(s -> {
                LeadAction.CONVERT.check("lead", s.state());
                return Future.failedFuture(new Conflict("private-contact-required", "Private contact is not recorded"));
              }))
          .onSuccess(o -> notify(caller.agencyId(), l.followerStaffId(), NoticeText.of("lead.converted", new JsonObject().put("name", o.name())),
              link(OPPORTUNITIES, o.id())));
    });
  }

  // ------------------------------------------------------------------ timer

  /** Expires open leads past their expiry (失效); returns how many this call expired. */
  public Future<Integer> expireDue() {
    return store.expire(now(), LeadAction.EXPIRE.from(), 500).map(expired -> {
      expired.forEach(e -> notify(e.agencyId(), e.followerStaffId(), NoticeText.of("lead.expired", new JsonObject().put("name", e.name())), link(LEADS, e.id())));
      return expired.size();
    });
  }

  // ------------------------------------------------------------------ internals

  /** What assignment and calls need of either pipeline. */
  private record Current(String name, LeadState state, Long follower) {}

  private Future<Current> state(Caller caller, LeadStore.Pipeline p, long id) {
    return p == LEADS ? visibleLead(caller, id).map(l -> new Current(l.name(), l.state(), l.followerStaffId()))
        : visibleOpportunity(caller, id).map(o -> new Current(o.name(), o.state(), o.followerStaffId()));
  }

  /** A guarded write that no longer matched: the state or the follower changed meanwhile; say which. */
  private Future<Void> guarded(Caller caller, LeadStore.Pipeline p, long id, Future<Boolean> write) {
    return write.compose(ok -> ok ? Future.succeededFuture() : state(caller, p, id).compose(now ->
        Future.failedFuture(new Conflict("illegal-transition", "The " + what(p) + " is " + now.state().dbValue()
            + " and followed by " + now.follower() + "; retry", new JsonObject().put("currentState", now.state().dbValue())))));
  }

  private Future<Lead> visibleLead(Caller caller, long id) {
    return store.lead(caller.agencyId(), id).compose(found -> visible(caller, found.map(Lead::followerStaffId), found));
  }

  private Future<Opportunity> visibleOpportunity(Caller caller, long id) {
    return store.opportunity(caller.agencyId(), id).compose(found -> visible(caller, found.map(Opportunity::followerStaffId), found));
  }

  private static <T> Future<T> visible(Caller caller, Optional<Long> follower, Optional<T> found) {
    boolean ok = found.isPresent() && (caller.can(Capability.LEADS_ALL)
        || (caller.staffId() != null && follower.isPresent() && follower.get().equals(caller.staffId())));
    return ok ? Future.succeededFuture(found.get()) : Future.failedFuture(new NotFound("Lead"));
  }

  private static LeadStore.Query scoped(Caller caller, String scope, LeadStore.Query q) {
    Long follower = q.followerId();
    switch (scope) {
      case "mine" -> {
        if (caller.staffId() == null) throw new Forbidden("Leads are for agency staff");
        follower = caller.staffId();
      }
      case "all" -> {
        if (!caller.can(Capability.LEADS_ALL)) throw new Forbidden("All leads are for the main account and lead admins");
      }
      default -> throw new Invalid("scope", "one of mine, all");
    }
    return new LeadStore.Query(caller.agencyId(), follower, q.state(), q.type(), q.priority(), q.intentLevel(), q.importedFrom(),
        q.importedTo(), q.search(), q.page(), q.pageSize());
  }

  private static void requireFollower(Caller caller, Long follower) {
    if (caller.staffId() == null || follower == null || !follower.equals(caller.staffId())) {
      throw new Forbidden("Only the follower (跟进人) may do this");
    }
  }

  private void notify(long agencyId, Long staffId, NoticeText text, String link) {
    notices.publishUpdate(agencyId, "lead-updated", staffId, new JsonObject().put("link", link))
        .onFailure(e -> log.warn("live lead update failed", e));
    notices.createFor(agencyId, null, staffId, NoticeKind.LEAD, text, link)
        .onFailure(e -> log.warn("lead notice failed", e));
  }

  private static String what(LeadStore.Pipeline p) { return p == LEADS ? "lead" : "opportunity"; }

  private static String link(LeadStore.Pipeline p, long id) { return "#/leads?" + (p == LEADS ? "lead=" : "opportunity=") + id; }

  private Instant now() { return platform.clock().instant(); }

}
