package io.beacon.partner;

import io.beacon.auth.Caller;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tasks the platform pushes to agencies (任务管理): indicator tasks (linking to performance), new-product
 * releases with an invitation to test, account set-up. The operator publishes one with a targeting rule (every
 * agency, listed agencies, and optionally one role); each receiving agency gets a system notice, pushed live.
 * State per agency: unread until opened, then in progress, done when marked so, expired past the deadline.
 */
public final class PartnerTasks {
  private static final Logger log = LoggerFactory.getLogger(PartnerTasks.class);
  private static final Map<String, String> KIND_NAMES = Map.of("indicator", "考核指标 Indicator", "product_release",
      "新产品发布 New product", "account_setup", "账户基建 Account set-up");

  private final Platform platform;
  private final TaskStore store;
  private final Notices notices;

  public PartnerTasks(Platform platform, Notices notices) {
    this.platform = platform;
    this.store = new TaskStore(platform.pg());
    this.notices = notices;
  }

  public Future<JsonObject> list(Caller caller, String state) {
    Instant now = platform.clock().instant();
    return store.list(caller.agencyId(), caller.role().dbValue()).map(tasks -> {
      Map<String, Long> counts = new TreeMap<>(Map.of("unread", 0L, "in_progress", 0L, "done", 0L, "expired", 0L));
      JsonArray items = new JsonArray();
      for (TaskStore.Task t : tasks) {
        JsonObject json = json(t, now);
        counts.merge(json.getString("state"), 1L, Long::sum);
        if (state == null || state.equals(json.getString("state"))) items.add(json);
      }
      return new JsonObject().put("items", items).put("counts", new JsonObject(new java.util.LinkedHashMap<>(counts)));
    });
  }

  public Future<JsonObject> markRead(Caller caller, long taskId) {
    return store.markRead(caller.agencyId(), caller.role().dbValue(), taskId, platform.clock().instant())
        .compose(t -> t.isEmpty() ? Future.failedFuture(new NotFound("Task"))
            : Future.succeededFuture(json(t.get(), platform.clock().instant())));
  }

  /** Marks the task done; past its deadline it is expired and stays so (409). */
  public Future<JsonObject> complete(Caller caller, long taskId) {
    Instant now = platform.clock().instant();
    return store.complete(caller.agencyId(), caller.role().dbValue(), taskId, now).compose(t -> {
      if (t.isEmpty()) return Future.failedFuture(new NotFound("Task"));
      JsonObject json = json(t.get(), now);
      if ("expired".equals(json.getString("state"))) {
        return Future.failedFuture(new Conflict("task-expired", "The task's deadline has passed",
            new JsonObject().put("deadline", t.get().deadline().toString())));
      }
      return Future.succeededFuture(json);
    });
  }

  /**
   * Publishes {kind, title, body?, link?, deadline, target:{scope: all|agencies|role, agencyIds?, role?}}.
   * Listed agencies that do not exist are 400 naming them; the answer says how many agencies received it.
   */
  public Future<JsonObject> publish(JsonObject b) {
    JsonObject target = b.getJsonObject("target");
    String scope = target.getString("scope");
    String role = target.getString("role");
    List<Long> listed = target.getJsonArray("agencyIds") == null ? null
        : target.getJsonArray("agencyIds").stream().map(o -> ((Number) o).longValue()).distinct().toList();
    List<FieldError> errors = new ArrayList<>();
    if ("agencies".equals(scope) && (listed == null || listed.isEmpty())) errors.add(new FieldError("target.agencyIds", "list the agencies"));
    if ("role".equals(scope) && role == null) errors.add(new FieldError("target.role", "name the role (main or admin)"));
    if ("all".equals(scope) && (listed != null || role != null)) errors.add(new FieldError("target", "scope all takes no agencies or role"));
    Instant deadline = null;
    try {
      deadline = OffsetDateTime.parse(b.getString("deadline")).toInstant();
      if (!deadline.isAfter(platform.clock().instant())) errors.add(new FieldError("deadline", "must be in the future"));
    } catch (DateTimeParseException e) {
      errors.add(new FieldError("deadline", "must be a date-time with offset, e.g. 2026-12-31T18:00:00+08:00"));
    }
    if (!errors.isEmpty()) return Future.failedFuture(new Invalid("The task has invalid fields", errors));
    Instant due = deadline;
    Future<List<Long>> agencies = listed == null ? Future.succeededFuture(null) : store.existingAgencies(listed).compose(found -> {
      List<Long> unknown = listed.stream().filter(id -> !found.contains(id)).toList();
      return unknown.isEmpty() ? Future.succeededFuture(found)
          : Future.failedFuture(new Invalid("target.agencyIds", "unknown agencies " + unknown));
    });
    String title = b.getString("title").trim();
    String body = b.getString("body", "");
    String link = b.getString("link", "indicator".equals(b.getString("kind")) ? "#/partner?tab=performance" : "#/partner?tab=tasks");
    return agencies.compose(ids -> store.publish(b.getString("kind"), title, body, link, due, target, ids, role, platform.clock().instant()))
        .compose(published -> {
          List<Future<?>> sent = new ArrayList<>();
          published.recipients().forEach(r -> sent.addAll(notify(r, b.getString("kind"), title, due)));
          return Future.join(sent).otherwiseEmpty().map(published);
        })
        .map(published -> new JsonObject().put("id", published.taskId()).put("kind", b.getString("kind")).put("title", title).put("body", body)
              .put("link", link).put("deadline", due.toString()).put("target", target).put("recipients", published.recipients().size()));
  }

  /** The task's system notice to one agency: addressed to each staff member of the targeted role, or agency-wide. */
  private List<Future<?>> notify(TaskStore.Recipient r, String kind, String title, Instant deadline) {
    String noticeTitle = "新任务 New task · " + title;
    String body = KIND_NAMES.get(kind) + " · 截止 due " + deadline;
    List<Long> staff = r.staffIds().isEmpty() ? java.util.Collections.singletonList(null) : r.staffIds();
    List<Future<?>> sent = new ArrayList<>();
    for (Long staffId : staff) {
      sent.add(notices.createFor(r.agencyId(), null, staffId, NoticeKind.SYSTEM, NoticeText.plain(noticeTitle, body), "#/partner?tab=tasks")
          .onFailure(e -> log.warn("task notice to agency {} not created", r.agencyId(), e)));
    }
    return sent;
  }

  static JsonObject json(TaskStore.Task t, Instant now) {
    String state = !"done".equals(t.state()) && !t.deadline().isAfter(now) ? "expired" : t.state();
    return new JsonObject().put("id", t.id()).put("kind", t.kind()).put("title", t.title()).put("body", t.body()).put("link", t.link())
        .put("deadline", t.deadline().toString()).put("publishedAt", t.publishedAt().toString()).put("role", t.role()).put("state", state)
        .put("readAt", t.readAt() == null ? null : t.readAt().toString()).put("doneAt", t.doneAt() == null ? null : t.doneAt().toString());
  }
}
