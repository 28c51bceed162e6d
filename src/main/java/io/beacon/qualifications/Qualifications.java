package io.beacon.qualifications;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Client qualifications (资质): agency staff who
 * may operate a client read and edit it, every edit becoming a version pending review; the platform's
 * operator approves or rejects it, which tells the agency with a review notice. A daily check warns
 * (system notice) of documents of approved qualifications that expire within {@link #EXPIRY_DAYS} days.
 */
public final class Qualifications implements ApiRouter.Feature {
  private static final Logger log = LoggerFactory.getLogger(Qualifications.class);
  public static final int EXPIRY_DAYS = 30;
  private static final long FIRST_CHECK_MILLIS = 30_000;
  private static final long DAY_MILLIS = 24 * 3600 * 1000L;

  private final Platform platform;
  private final QualificationStore store;
  private final Notices notices;
  private long timerId = -1;

  public Qualifications(Platform platform, Notices notices) {
    this.platform = platform;
    this.store = new QualificationStore(platform.pg());
    this.notices = notices;
  }

  /** The client's qualification: review state, latest version, latest approved version, every version (history). */
  public Future<JsonObject> get(Caller caller, long clientId) {
    ClientScope scope = ClientScope.of(caller);
    return store.visibleClient(scope, clientId).compose(name -> name.isEmpty() ? Future.failedFuture(new NotFound("Client"))
        : store.versions(scope, clientId).map(versions -> view(clientId, name.get(), versions)));
  }

  /** An edit: a new version pending review (the one still pending, if any, is superseded). */
  public Future<JsonObject> submit(Caller caller, long clientId, JsonObject body) {
    ClientScope scope = ClientScope.of(caller);
    // another agency's or an unassigned client is 404 whatever the body holds
    return store.visibleClient(scope, clientId).compose(name -> {
      if (name.isEmpty()) return Future.failedFuture(new NotFound("Client"));
      QualificationContent content;
      try {
        content = QualificationContent.parse(body);
      } catch (DomainException e) {
        return Future.failedFuture(e);
      }
      return store.submit(scope, clientId, content, caller.staffId(), platform.clock().instant())
          .compose(saved -> saved.isEmpty() ? Future.failedFuture(new NotFound("Client"))
              : store.versions(scope, clientId).map(versions -> view(clientId, name.get(), versions)));
    });
  }

  /** The operator's queue: versions pending review across agencies, oldest first. */
  public Future<JsonObject> pending(int page, int pageSize) {
    return store.pending(page, pageSize).compose(items -> store.pendingCount().map(total -> new JsonObject()
        .put("items", new JsonArray(items.stream().map(q -> q.toJson().put("agencyId", q.agencyId()).put("clientName", q.clientName())).toList()))
        .put("total", total).put("page", page).put("pageSize", pageSize)));
  }

  /**
   * The operator approves or rejects a pending version (a rejection needs its reason); the agency gets a
   * review notice about the client. A version no longer pending is 409 naming its state.
   */
  public Future<Qualification> review(long versionId, boolean approve, String reason, String note, QualificationStore.OperatorAudit audit) {
    if (!approve && (reason == null || reason.isBlank())) {
      return Future.failedFuture(new Invalid("reason", "a rejection needs its reason"));
    }
    return store.review(versionId, approve, reason == null ? null : reason.trim(), note, platform.clock().instant(), audit)
        .compose(found -> {
          if (found.isEmpty()) return Future.failedFuture(new NotFound("Qualification version"));
          Qualification q = found.get().version();
          if (!found.get().decided()) {
            return Future.failedFuture(new Conflict("qualification-state", "The version is already " + q.state(),
                new JsonObject().put("state", q.state())));
          }
          return notices.create(q.agencyId(), q.clientId(), NoticeKind.REVIEW, reviewText(approve, q.clientName(), q.version(),
                  q.content().companyName(), q.rejectReason()), link(q.clientId()))
              .map(n -> q)
              .recover(e -> {
                log.warn("review notice for qualification {} not created", versionId, e);
                return Future.succeededFuture(q);
              });
        });
  }

  /** The review notice: the client (the company name is shown apart, never appended to it), version and reason. */
  static NoticeText reviewText(boolean approved, String clientName, int version, String companyName, String reason) {
    JsonObject params = new JsonObject().put("client", clientName).put("version", version).put("company", companyName);
    if (!approved) params.put("reason", reason == null ? "" : reason);
    return NoticeText.of(approved ? "qualApproved" : "qualRejected", params);
  }

  /**
   * The daily check: a system notice about the client for each document of an approved qualification
   * that expires within {@link #EXPIRY_DAYS} days (or has expired), once per document and validity date.
   */
  public Future<Integer> warnExpiring() {
    return store.recordExpiring(platform.clock().instant(), EXPIRY_DAYS).compose(list -> Future.join(list.stream()
            .map(e -> notices.create(e.agencyId(), e.clientId(), NoticeKind.SYSTEM,
                NoticeText.of("qualExpiring", new JsonObject().put("client", e.clientName()).put("document", e.document())
                    .put("validUntil", String.valueOf(e.validUntil()))), link(e.clientId())))
            .toList())
        .map(all -> list.size()));
  }

  /** The daily expiry check, first shortly after start; every instance runs it, the warnings table keeps each once. */
  /** Its routes need the operator key: {@link QualificationRoutes}, mounted beside this. */
  @Override
  public void mount(Router api) {}

  @Override
  public Future<Void> start() {
    timerId = platform.vertx().setPeriodic(FIRST_CHECK_MILLIS, DAY_MILLIS, id -> warnExpiring()
        .onSuccess(n -> { if (n > 0) log.info("qualification expiry warnings: {}", n); })
        .onFailure(e -> log.warn("qualification expiry check failed", e)));
    return Future.succeededFuture();
  }

  @Override
  public void close() {
    if (timerId >= 0) platform.vertx().cancelTimer(timerId);
  }

  static String link(long clientId) { return "#/monitor?qualification=" + clientId; }

  private static JsonObject view(long clientId, String clientName, List<Qualification> versions) {
    Qualification current = versions.isEmpty() ? null : versions.get(0);
    Qualification approved = versions.stream().filter(q -> "approved".equals(q.state())).findFirst().orElse(null);
    return new JsonObject().put("clientId", clientId).put("clientName", clientName)
        .put("state", current == null ? "none" : current.state())
        .put("current", current == null ? null : current.toJson())
        .put("approved", approved == null ? null : approved.toJson())
        .put("history", new JsonArray(versions.stream().map(Qualification::toJson).toList()));
  }
}
