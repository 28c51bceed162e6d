package io.beacon.notices;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.live.LiveBus;
import io.beacon.platform.DomainException.Forbidden;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Messages.Lang;
import io.beacon.platform.Messages;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The message center and work notices. Every feature creates notices through
 * {@link #create}: the notice is stored, pushed live as {@code {"type":"notice",...}} on the agency's
 * durable stream, and handed to the webhooks of the staff subscribed to its kind and client.
 */
public final class Notices {
  private static final Logger log = LoggerFactory.getLogger(Notices.class);

  private final Platform platform;
  private final NoticeStore store;
  private final LiveBus bus;
  private final WorkNoticeDelivery delivery;

  public Notices(Platform platform, LiveBus bus, WorkNoticeDelivery delivery) {
    this.platform = platform;
    this.store = new NoticeStore(platform.pg());
    this.bus = bus;
    this.delivery = delivery;
  }

  /** An agency-wide notice (or one about {@code clientId}, seen by whoever sees that client). */
  public Future<Notice> create(long agencyId, Long clientId, NoticeKind kind, NoticeText text, String link) {
    return createFor(agencyId, clientId, null, kind, text, link);
  }

  /**
   * A notice addressed to one staff member ({@code staffId}), or to everyone when it is null; stored
   * as its template and fields (rendered per reader) with the zh-CN rendering alongside.
   */
  public Future<Notice> createFor(long agencyId, Long clientId, Long staffId, NoticeKind kind, NoticeText text, String link) {
    return store.insert(agencyId, clientId, staffId, kind, text.title(Lang.ZH), text.body(Lang.ZH), text, link, platform.clock().instant())
        .compose(n -> bus.publishDurable(agencyId, message(n))
            .recover(e -> {
              log.warn("notice {} stored but not pushed", n.id(), e);
              return Future.succeededFuture();
            })
            .map(seq -> {
              deliverToSubscribers(n);
              return n;
            }));
  }

  /**
   * A live update for the tickets or leads topic ({@code ticket-updated}, {@code lead-updated}, …):
   * addressed to {@code staffId} (push also gives it to whoever sees everyone's), never dropped.
   */
  public Future<Void> publishUpdate(long agencyId, String type, Long staffId, JsonObject data) {
    JsonObject m = data.copy().put("type", type).put("at", platform.clock().instant().toString());
    if (staffId != null) m.put("staffId", staffId);
    return bus.publishDurable(agencyId, m).mapEmpty();
  }

  /** The live message of a notice; push delivers it to those who see {@code clientId} (and {@code staffId}). */
  static JsonObject message(Notice n) {
    JsonObject m = new JsonObject().put("type", "notice").put("at", n.createdAt().toString()).put("notice", n.toPushJson());
    if (n.clientId() != null) m.put("clientId", n.clientId());
    if (n.staffId() != null) m.put("staffId", n.staffId());
    return m;
  }

  /**
   * Live's alert hand-over ({@code live.alerts().deliverWith}): one alert to one staff member — an alert
   * notice addressed to them (message center and push) when {@code inApp}, their work-notice subscription
   * when {@code workNotice}.
   */
  public Future<Void> deliverAlert(long agencyId, long staffId, JsonObject alert, boolean escalated, boolean inApp, boolean workNotice) {
    long clientId = alert.getLong("clientId");
    NoticeText text = alertText(alert.getString("kind", "alert"), alert.getInteger("level"), alert.getString("clientName", ""),
        alert.getJsonObject("figures", new JsonObject()), escalated);
    String link = "#/alerts?id=" + alert.getLong("id");
    if (inApp) {
      return store.insert(agencyId, clientId, staffId, NoticeKind.ALERT, text.title(Lang.ZH), text.body(Lang.ZH), text, link,
              platform.clock().instant())
          .compose(n -> bus.publishDurable(agencyId, message(n)).map(seq -> {
            if (workNotice) deliverToSubscribers(n);
            return n;
          }))
          .mapEmpty();
    }
    if (workNotice) {
      deliverToSubscribers(new Notice(0, agencyId, clientId, staffId, NoticeKind.ALERT, text.title(Lang.ZH), text.body(Lang.ZH),
          link, platform.clock().instant(), false, text));
    }
    return Future.succeededFuture();
  }

  /** The delivery table filtered to one client (查看 of a notice about it). */
  public static String monitorLink(long clientId, String clientName) {
    return "#/monitor?clientId=" + clientId + (clientName == null || clientName.isEmpty() ? ""
        : "&q=" + java.net.URLEncoder.encode(clientName, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /**
   * An alert notice: its kind (with the budget level) and client as the title (marked when it was
   * escalated to the reader), the figures behind it that the catalogue names as the body (amounts in yuan).
   */
  static NoticeText alertText(String kind, Integer level, String clientName, JsonObject figures, boolean escalated) {
    String alertKey = Messages.find(Lang.ZH, "nt.alert." + kind).isPresent() ? "nt.alert." + kind : "nt.alert.other";
    JsonArray shown = new JsonArray();
    figures.forEach(f -> {
      if (Messages.find(Lang.ZH, "nt.fig." + f.getKey()).isEmpty() || !(f.getValue() instanceof Number n)) return;
      Object v = f.getKey().endsWith("Fen") || f.getKey().endsWith("FenPerHour") ? NoticeText.fen(n.longValue())
          : n instanceof Double || n instanceof Float ? String.format(java.util.Locale.ROOT, "%.1f", n.doubleValue()) : n;
      shown.add(NoticeText.text("nt.fig." + f.getKey(), new JsonObject().put("v", v)));
    });
    return NoticeText.of(escalated ? "alert-escalated" : "alert", new JsonObject()
        .put("alert", NoticeText.text(alertKey, new JsonObject().put("level", level == null ? "" : level)))
        .put("client", clientName).put("figures", shown));
  }

  private void deliverToSubscribers(Notice n) {
    store.subscribersOf(n).onSuccess(subs -> subs.forEach(s -> delivery.deliverTo(n.agencyId(), s.webhookUrl(), s.secret(), dingTalk(n))
            .onFailure(e -> log.info("work notice {} to staff {} not queued: {}", n.id(), s.staffId(), e.getMessage()))))
        .onFailure(e -> log.warn("subscribers of notice {} not read", n.id(), e));
  }

  /** DingTalk robot markdown payload (msgtype markdown) of a notice. */
  static JsonObject dingTalk(Notice n) {
    StringBuilder text = new StringBuilder("#### ").append(n.title()).append("\n\n");
    if (n.body() != null && !n.body().isEmpty()) text.append(n.body()).append("\n\n");
    text.append("> ").append(n.kind().dbValue()).append(" · ").append(n.createdAt());
    if (n.link() != null) text.append("\n\n[Beacon](").append(n.link()).append(")");
    return new JsonObject().put("msgtype", "markdown")
        .put("markdown", new JsonObject().put("title", n.title()).put("text", text.toString()));
  }

  public record Page(List<Notice> items, Map<NoticeKind, Long> unreadByKind, Long nextBeforeId) {
    public long unread() { return unreadByKind.values().stream().mapToLong(Long::longValue).sum(); }
  }

  public Future<Page> list(Caller caller, NoticeKind kind, Boolean unread, Long clientId, Long beforeId, int limit) {
    NoticeStore.Reader reader = reader(caller);
    return store.list(reader, kind, unread, clientId, beforeId, limit + 1).compose(items -> store.unreadByKind(reader).map(counts -> {
      boolean more = items.size() > limit;
      List<Notice> page = more ? items.subList(0, limit) : items;
      return new Page(page, counts, more ? page.get(page.size() - 1).id() : null);
    }));
  }

  public Future<Map<NoticeKind, Long>> unread(Caller caller) { return store.unreadByKind(reader(caller)); }

  public Future<Void> markRead(Caller caller, long noticeId) {
    return store.markRead(reader(caller), noticeId, platform.clock().instant())
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(new NotFound("Notice")));
  }

  public Future<Integer> markAllRead(Caller caller, NoticeKind kind) {
    return store.markAllRead(reader(caller), kind, platform.clock().instant());
  }

  public Future<Subscription> subscription(Caller caller) {
    return store.subscription(caller.agencyId(), staffOf(caller))
        .compose(s -> s == null ? Future.failedFuture(new NotFound("Subscription")) : Future.succeededFuture(s));
  }

  public Future<Subscription> subscribe(Caller caller, List<NoticeKind> kinds, List<Long> clientIds, String webhookUrl,
                                        String secret, boolean enabled) {
    long staffId = staffOf(caller);
    List<FieldError> errors = new ArrayList<>();
    if (kinds.isEmpty()) errors.add(new FieldError("kinds", "choose at least one kind"));
    if (!isHttpUrl(webhookUrl)) errors.add(new FieldError("webhookUrl", "must be an http(s) URL"));
    if (!errors.isEmpty()) return Future.failedFuture(new Invalid("The subscription has invalid fields", errors));
    return store.visibleClients(ClientScope.of(caller), clientIds).compose(visible -> {
      List<Long> unknown = clientIds.stream().filter(id -> !visible.contains(id)).toList();
      if (!unknown.isEmpty()) {
        return Future.failedFuture(new Invalid("clientIds", "unknown clients " + unknown));
      }
      return store.saveSubscription(new Subscription(staffId, caller.agencyId(), kinds, clientIds, webhookUrl, secret, enabled),
          platform.clock().instant());
    });
  }

  public Future<Void> unsubscribe(Caller caller) {
    return store.deleteSubscription(caller.agencyId(), staffOf(caller))
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(new NotFound("Subscription")));
  }

  private static long staffOf(Caller caller) {
    if (caller.staffId() == null) throw new Forbidden("Work notices are for agency staff");
    return caller.staffId();
  }

  private static boolean isHttpUrl(String url) {
    try {
      URI u = URI.create(url);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static NoticeStore.Reader reader(Caller caller) {
    return new NoticeStore.Reader(ClientScope.of(caller), caller.staffId(), caller.identityId());
  }
}
