package io.beacon.tickets;

import io.beacon.auth.Caller;
import io.beacon.auth.Capability;
import io.beacon.auth.Role;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException.TooLarge;
import io.beacon.platform.FieldError;
import io.beacon.platform.Idempotency;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ticket center. Every time rule reads {@link Platform#clock()}. Who may do what:
 * submitter, admin or main urge, cancel and resubmit; the submitter alone rates; the support
 * operator returns and completes. Every event becomes a notice to the submitter.
 */
public final class Tickets {
  private static final Logger log = LoggerFactory.getLogger(Tickets.class);
  public static final Duration FIRST_URGE_AFTER = Duration.ofHours(12);
  public static final Duration URGE_INTERVAL = Duration.ofHours(24);
  public static final Duration RETURN_WINDOW = Duration.ofDays(14);

  private final Platform platform;
  private final TicketStore store;
  private final Notices notices;

  public Tickets(Platform platform, Notices notices) {
    this.platform = platform;
    this.store = new TicketStore(platform.pg());
    this.notices = notices;
  }

  public record Detail(Ticket ticket, List<TicketEvent> timeline, List<Long> images, Instant urgeAvailableAt) {}

  public record Created(Ticket ticket, boolean replayed) {}

  // ------------------------------------------------------------------ submit, read

  public Future<Created> create(Caller caller, JsonObject body, List<Long> images, String idempotencyKey) {
    long staffId = staffOf(caller);
    TicketContent content = TicketContent.empty().merge(body);
    return validate(caller, content).compose(v -> platform.pg().withTransaction(conn ->
            Idempotency.claim(conn, caller.agencyId(), idempotencyKey, "createTicket",
                    new JsonObject().put("body", body).put("images", new JsonArray(images)))
                .compose(first -> first.isPresent()
                    ? store.find(caller.agencyId(), first.get().body().getLong("ticketId")).map(t -> new Created(t.orElseThrow(), true))
                    : store.insert(conn, caller.agencyId(), staffId, content, images, now())
                        .compose(t -> Idempotency.complete(conn, caller.agencyId(), idempotencyKey, 201,
                            new JsonObject().put("ticketId", t.id())).map(new Created(t, false))))))
        .onSuccess(c -> {
          if (!c.replayed()) notify(c.ticket(), "submitted", null);
        });
  }

  public Future<Detail> detail(Caller caller, long id) {
    return visible(caller, id).compose(t -> Future.all(store.timeline(caller.agencyId(), id), store.imageIds(caller.agencyId(), id))
        .map(all -> new Detail(t, all.resultAt(0), all.resultAt(1), urgeAvailableAt(t))));
  }

  public Future<TicketStore.Page> list(Caller caller, String scope, TicketStore.Query filters) {
    boolean global = caller.can(Capability.TICKETS_ALL);
    Long submitterId = filters.submitterId();
    TicketStatus status = filters.status();
    switch (scope) {
      case "mine" -> submitterId = staffOf(caller);
      case "returned" -> {
        status = TicketStatus.RETURNED;
        if (!global) submitterId = staffOf(caller);
      }
      case "all" -> {
        if (!global) return Future.failedFuture(new Forbidden("Only the main account and admins see all tickets"));
      }
      default -> throw new Invalid("scope", "one of mine, returned, all");
    }
    return store.list(new TicketStore.Query(caller.agencyId(), submitterId, status, filters.id(), filters.category(),
        filters.clientId(), filters.from(), filters.to(), filters.submitter(), filters.page(), filters.pageSize()));
  }

  // ------------------------------------------------------------------ agency actions

  /** Urge (催办): first 12 h after submission, then 24 h after the previous urge; otherwise 409 with retryAt. */
  public Future<Ticket> urge(Caller caller, long id, boolean english) {
    return act(caller, id, TicketAction.URGE, false, t -> {
      Instant at = now();
      Instant allowedAt = urgeAvailableAt(t);
      if (at.isBefore(allowedAt)) {
        String title = t.lastUrgedAt() == null
            ? (english ? "A ticket can be urged 12 hours after it was submitted" : "工单提交满12小时后，可发起催办")
            : (english ? "You have already urged this ticket; no need to repeat. You can urge it again 24 hours later"
                : "你已催办，无需重复操作，24小时后，可再次发起催办");
        throw new Conflict("urge-too-early", title, new JsonObject().put("retryAt", allowedAt.toString()));
      }
      return new Transition(t.urged(at), null);
    });
  }

  public Future<Ticket> cancel(Caller caller, long id) {
    return act(caller, id, TicketAction.CANCEL, false, t -> {
      requireWithinReturnWindow(t);
      return new Transition(t.moved(TicketStatus.CANCELLED, now()), null);
    });
  }

  /**
   * Edit and resubmit a returned ticket within 14 days. Fields present in {@code body} replace the
   * old ones; a new category clears the old content first, so its required fields must come again.
   */
  public Future<Ticket> resubmit(Caller caller, long id, JsonObject body, List<Long> images) {
    return visible(caller, id).compose(current -> {
      TicketContent base = body.containsKey("category") && !body.getString("category").equals(current.content().category())
          ? current.content().cleared(body.getString("category")) : current.content();
      boolean categoryChanged = base != current.content();
      TicketContent content = base.merge(body);
      return validate(caller, content).compose(v -> act(caller, id, TicketAction.RESUBMIT, false, t -> {
        requireWithinReturnWindow(t);
        return new Transition(t.resubmitted(content, now()), categoryChanged ? "category changed; content cleared" : null,
            images != null ? images : categoryChanged ? List.of() : null);
      }));
    });
  }

  /** Satisfaction (满意度回执) on a completed ticket, by its submitter alone, once. */
  public Future<Ticket> rate(Caller caller, long id, String result, String reason) {
    if ("unsolved".equals(result) && (reason == null || reason.isBlank())) {
      return Future.failedFuture(new Invalid("reason", "say why the problem is not solved"));
    }
    return act(caller, id, TicketAction.RATE, true, t -> {
      if (t.satisfaction() != null) throw new Conflict("already-rated", "The ticket was already rated " + t.satisfaction());
      return new Transition(t.rated(result, reason, now()), reason);
    });
  }

  // ------------------------------------------------------------------ operator (support side)

  public Future<Ticket> operatorReturn(long id, String reason, String note, TicketStore.OperatorAudit audit) {
    return operate(id, TicketAction.RETURN, note == null ? reason : reason + " — " + note, audit,
        t -> t.returned(reason, now()));
  }

  public Future<Ticket> operatorComplete(long id, String note, TicketStore.OperatorAudit audit) {
    return operate(id, TicketAction.COMPLETE, note, audit, t -> t.moved(TicketStatus.COMPLETED, now()));
  }

  public Future<Ticket> operatorNote(long id, String note, TicketStore.OperatorAudit audit) {
    return operate(id, TicketAction.NOTE, note, audit, t -> t.moved(t.status(), now()));
  }

  public Future<Detail> operatorDetail(long id) {
    return store.findAny(id).compose(found -> found.isEmpty() ? Future.failedFuture(new NotFound("Ticket"))
        : Future.all(store.timeline(found.get().agencyId(), id), store.imageIds(found.get().agencyId(), id))
            .map(all -> new Detail(found.get(), all.resultAt(0), all.resultAt(1), urgeAvailableAt(found.get()))));
  }

  public Future<TicketStore.Page> operatorList(TicketStatus status, int page, int pageSize) {
    return store.list(new TicketStore.Query(null, null, status, null, null, null, null, null, null, page, pageSize));
  }

  // ------------------------------------------------------------------ timer

  /** Cancels returned tickets older than 14 days (auto-cancel); returns how many this call cancelled. */
  public Future<Integer> autoCancelDue() {
    Instant at = now();
    return store.autoCancel(at.minus(RETURN_WINDOW), at, "returned more than 14 days ago", 200).map(done -> {
      done.forEach(t -> notify(t, "auto_cancelled", "returned more than 14 days ago"));
      return done.size();
    });
  }

  // ------------------------------------------------------------------ images

  public Future<Long> uploadImage(Caller caller, String declaredType, Buffer data) {
    long staffId = staffOf(caller);
    int max = platform.config().tickets().imageMaxBytes();
    if (data == null || data.length() == 0) return Future.failedFuture(new Invalid("body", "the image is empty"));
    if (data.length() > max) {
      return Future.failedFuture(new TooLarge("An image may be at most " + max + " bytes",
          new JsonObject().put("maxBytes", max)));
    }
    Optional<String> sniffed = ImageTypes.sniff(data);
    if (sniffed.isEmpty()) {
      return Future.failedFuture(new Invalid("body", "not a PNG, JPEG, GIF or WebP image"));
    }
    if (!sniffed.get().equals(declaredType)) {
      return Future.failedFuture(new Invalid("body", "the content is " + sniffed.get() + ", not " + declaredType));
    }
    return store.insertImage(caller.agencyId(), staffId, sniffed.get(), data, now());
  }

  /** An image is readable by exactly those who may read its ticket; before it is attached, by its uploader alone. */
  public Future<TicketStore.Image> image(Caller caller, long imageId) {
    return store.image(caller.agencyId(), imageId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("Image"));
      TicketStore.Image i = found.get();
      if (i.ticketId() != null) {
        return visible(caller, i.ticketId()).map(t -> i).recover(e -> Future.failedFuture(
            e instanceof NotFound ? new NotFound("Image") : e));
      }
      boolean uploader = caller.staffId() != null && caller.staffId() == i.uploadedBy();
      return uploader ? Future.succeededFuture(i) : Future.failedFuture(new NotFound("Image"));
    });
  }

  // ------------------------------------------------------------------ internals

  private record Transition(Ticket next, String note, List<Long> images) {
    Transition(Ticket next, String note) { this(next, note, null); }
  }

  private interface Decision {
    Transition decide(Ticket current);
  }

  /** Runs an agency action through the state machine on the locked ticket. */
  private Future<Ticket> act(Caller caller, long id, TicketAction action, boolean submitterOnly, Decision decision) {
    return visible(caller, id).compose(seen -> {
      boolean submitter = caller.staffId() != null && caller.staffId() == seen.submitterStaffId();
      boolean privileged = caller.role() == Role.MAIN || caller.role() == Role.ADMIN;
      if (submitterOnly ? !submitter : !(submitter || privileged)) {
        return Future.failedFuture(new Forbidden(submitterOnly ? "Only the submitter may do this"
            : "Only the submitter, an admin or the main account may do this"));
      }
      return store.transition(caller.agencyId(), id, current -> {
        TicketStatus next = action.apply(current.status());
        Transition t = decision.decide(current);
        return new TicketStore.Transition(t.next().moved(next, t.next().updatedAt()),
            new TicketEvent(now(), action.eventKind(), "staff", caller.staffId(), null, current.status(), next, t.note()),
            t.images());
      }, null).map(Optional::orElseThrow);
    }).onSuccess(t -> notify(t, action.eventKind(), null));
  }

  private Future<Ticket> operate(long id, TicketAction action, String note, TicketStore.OperatorAudit audit,
                                 java.util.function.Function<Ticket, Ticket> change) {
    return store.transition(null, id, current -> {
          TicketStatus next = action.apply(current.status());
          return new TicketStore.Transition(change.apply(current).moved(next, now()),
              new TicketEvent(now(), action.eventKind(), "operator", null, null, current.status(), next, note), null);
        }, audit)
        .compose(t -> t.isPresent() ? Future.succeededFuture(t.get()) : Future.failedFuture(new NotFound("Ticket")))
        .onSuccess(t -> notify(t, action.eventKind(), note));
  }

  /** The ticket if the caller may see it: their own, or any of the agency with TICKETS_ALL; else 404. */
  private Future<Ticket> visible(Caller caller, long id) {
    return store.find(caller.agencyId(), id).compose(found -> {
      boolean ok = found.isPresent() && (caller.can(Capability.TICKETS_ALL)
          || (caller.staffId() != null && caller.staffId() == found.get().submitterStaffId()));
      return ok ? Future.succeededFuture(found.get()) : Future.failedFuture(new NotFound("Ticket"));
    });
  }

  static Instant urgeAvailableAt(Ticket t) {
    return t.lastUrgedAt() == null ? t.submittedAt().plus(FIRST_URGE_AFTER) : t.lastUrgedAt().plus(URGE_INTERVAL);
  }

  private void requireWithinReturnWindow(Ticket t) {
    if (t.status() == TicketStatus.RETURNED && !now().isBefore(t.returnedAt().plus(RETURN_WINDOW))) {
      throw new Conflict("return-window-closed", "The ticket was returned more than 14 days ago",
          new JsonObject().put("currentState", t.status().dbValue()));
    }
  }

  /** Content rules the schema cannot say: a time window in order, a client the caller sees, required texts. */
  private Future<Void> validate(Caller caller, TicketContent c) {
    List<FieldError> errors = new ArrayList<>();
    if (c.category() == null || !TicketContent.CATEGORIES.contains(c.category())) {
      errors.add(new FieldError("category", "one of " + TicketContent.CATEGORIES));
    }
    if (blank(c.title())) errors.add(new FieldError("title", "required"));
    if (blank(c.selfCheckResult())) errors.add(new FieldError("selfCheckResult", "run the diagnosis tool and give its result"));
    if (blank(c.description())) errors.add(new FieldError("description", "required"));
    if (c.occurredFrom() != null && c.occurredTo() != null && c.occurredTo().isBefore(c.occurredFrom())) {
      errors.add(new FieldError("occurredTo", "must not be before occurredFrom"));
    }
    if (!errors.isEmpty()) return Future.failedFuture(new Invalid("The ticket has invalid fields", errors));
    if (c.clientId() == null) return Future.succeededFuture();
    return platform.pg().preparedQuery("SELECT 1 FROM clients c WHERE "
            + io.beacon.auth.ClientScope.condition("c.agency_id", "c.id", 1) + " AND c.id = $4")
        .execute(io.beacon.auth.ClientScope.of(caller).addTo(Tuple.tuple()).addLong(c.clientId()))
        .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
            : Future.failedFuture(new Invalid("clientId", "unknown client")));
  }

  private void notify(Ticket t, String event, String note) {
    notices.publishUpdate(t.agencyId(), "ticket-updated", t.submitterStaffId(),
            new JsonObject().put("ticketId", t.id()).put("event", event).put("status", t.status().dbValue()))
        .onFailure(e -> log.warn("live update of ticket {} failed", t.id(), e));
    NoticeText text = NoticeText.of("ticket", new JsonObject().put("id", t.id()).put("event", NoticeText.label("nt.ticketEvent", event))
        .put("subject", t.content().title()).put("note", note == null ? "" : "\n" + note));
    notices.createFor(t.agencyId(), t.content().clientId(), t.submitterStaffId(), NoticeKind.TICKET, text, "#/tickets?id=" + t.id())
        .onFailure(e -> log.warn("notice for ticket {} failed", t.id(), e));
  }

  private Instant now() { return platform.clock().instant(); }

  private static boolean blank(String s) { return s == null || s.isBlank(); }

  private static long staffOf(Caller caller) {
    if (caller.staffId() == null) throw new Forbidden("Tickets are submitted by agency staff");
    return caller.staffId();
  }
}
