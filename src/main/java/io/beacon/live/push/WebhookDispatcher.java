package io.beacon.live.push;

import io.beacon.auth.Caller;
import io.beacon.auth.TokenService;
import io.beacon.live.LiveBus;
import io.beacon.platform.BeaconConfig;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.Platform;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Signed outbound webhooks. Durable: every agency with subscriptions has a cursor into its event
 * stream; a pump turns new entries into rows of a PostgreSQL outbox and advances the cursor in the same
 * transaction, so nothing published while this instance was down or slow is missed (pub/sub is only the
 * wake-up). Senders on every instance claim due rows with SKIP LOCKED, POST them signed
 * ({@code X-Beacon-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}), log each
 * attempt, and retry with exponential back-off and jitter; a subscription that keeps failing is disabled.
 * Other features' direct deliveries ({@link #deliverTo}) share the outbox, so no retry lives only in memory.
 */
public final class WebhookDispatcher extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int STREAM_BATCH = 200;
  private static final int SEND_BATCH = 50;
  private static final long MAX_BACKOFF_MILLIS = 600_000;
  /** Topics whose messages are durable (in the stream) and so can be delivered by webhook. */
  static final Set<String> TOPICS = Set.of(Topic.ALERTS.wire(), Topic.NOTICES.wire(), Topic.TICKETS.wire(), Topic.LEADS.wire());

  private final Platform platform;
  private final WebhookStore store;
  private final BeaconConfig.Push cfg;
  private final WebClient client;
  private final Set<Long> agencies = new HashSet<>();
  private final Set<Long> pumping = new HashSet<>();
  private final Set<Long> pumpAgain = new HashSet<>();
  private boolean sending;
  private boolean sendAgain;
  private volatile Context home;

  public WebhookDispatcher(Platform platform) {
    this.platform = platform;
    this.store = new WebhookStore(platform.pg());
    this.cfg = platform.config().push();
    this.client = WebClient.create(platform.vertx(), new WebClientOptions()
        .setConnectTimeout(cfg.webhookTimeoutMillis()).setUserAgent("Beacon-Webhooks/1").setFollowRedirects(false));
  }

  @Override
  public Future<?> start() {
    home = context;
    vertx.setPeriodic(cfg.webhookPollMillis(), id -> sendDue());
    vertx.setPeriodic(5_000, id -> refresh());
    return refresh();
  }

  @Override
  public Future<?> stop() {
    client.close();
    return Future.succeededFuture();
  }

  /** Wake-up (any thread): a durable message was published for the agency. */
  public void poke(long agencyId) {
    Context c = home;
    if (c != null) c.runOnContext(v -> {
      if (agencies.contains(agencyId)) pump(agencyId);
    });
  }

  // ------------------------------------------------------------------ subscriptions (main, admin)

  public Future<List<Webhook>> list(Caller caller) { return store.list(caller.agencyId()); }

  public Future<Webhook> get(Caller caller, long id) { return found(store.find(caller.agencyId(), id)); }

  /** Creates a subscription; deliveries start with the next message of the agency's stream. */
  public Future<Webhook> create(Caller caller, Webhook.Spec spec) {
    long agencyId = caller.agencyId();
    return validate(agencyId, spec)
        .compose(v -> store.create(agencyId, spec, caller.staffId()))
        .compose(w -> platform.redis().xrevrange(List.of(LiveBus.stream(agencyId), "+", "-", "COUNT", "1"))
            .compose(last -> store.startCursor(agencyId, last != null && last.size() > 0 ? last.get(0).get(0).toString() : "0-0"))
            .map(w))
        .onSuccess(w -> changed(agencyId));
  }

  public Future<Webhook> update(Caller caller, long id, Webhook.Spec spec) {
    return validate(caller.agencyId(), spec).compose(v -> found(store.update(caller.agencyId(), id, spec)))
        .onSuccess(w -> changed(caller.agencyId()));
  }

  public Future<Void> delete(Caller caller, long id) {
    return store.delete(caller.agencyId(), id).compose(deleted -> deleted ? Future.<Void>succeededFuture()
        : Future.failedFuture(new NotFound("Webhook")));
  }

  /** "Send test": a delivery of a {@code webhook-test} message through the normal outbox (logged, retried). */
  public Future<Long> test(Caller caller, long id) {
    return get(caller, id).compose(w -> {
      JsonObject message = new JsonObject().put("type", "webhook-test").put("at", platform.clock().instant().toString())
          .put("webhookId", w.id()).put("title", "Beacon webhook test: " + w.name());
      String body = w.dingTalk() ? DingTalk.markdown(message).encode() : message.encode();
      return store.insertDelivery(caller.agencyId(), w.id(), "webhook-test", body);
    }).onSuccess(d -> onHome(this::sendDue));
  }

  public Future<List<JsonObject>> deliveries(Caller caller, long id, Long beforeId, int limit) {
    return get(caller, id).compose(w -> store.deliveries(caller.agencyId(), w.id(), beforeId, limit));
  }

  private Future<Void> validate(long agencyId, Webhook.Spec spec) {
    String problem = WebhookUrls.problem(spec.url(), platform.config().production());
    if (problem != null) return Future.failedFuture(new Invalid("url", problem));
    for (String t : spec.topics()) {
      if (!TOPICS.contains(t)) return Future.failedFuture(new Invalid("topics", "unknown or non-durable topic " + t
          + "; one of " + String.join(", ", new java.util.TreeSet<>(TOPICS))));
    }
    return store.clientsBelong(agencyId, spec.clientIds()).compose(ok -> ok ? Future.<Void>succeededFuture()
        : Future.failedFuture(new Invalid("clientIds", "every id must be a client of your agency")));
  }

  private static Future<Webhook> found(Future<Optional<Webhook>> f) {
    return f.map(o -> o.orElseThrow(() -> new NotFound("Webhook")));
  }

  private void changed(long agencyId) {
    onHome(() -> refresh().onComplete(ar -> pump(agencyId)));
  }

  private void onHome(Runnable r) {
    Context c = home;
    if (c != null) c.runOnContext(v -> r.run());
  }

  /** A new random signing secret. */
  public static String newSecret() { return TokenService.randomToken(24); }

  // ------------------------------------------------------------------ stream → outbox

  private Future<Void> refresh() {
    return store.agenciesWithWebhooks().onSuccess(ids -> {
      agencies.clear();
      agencies.addAll(ids);
      ids.forEach(this::pump);
    }).onFailure(e -> log.warn("webhook subscriptions not read: {}", e.toString())).mapEmpty();
  }

  private void pump(long agencyId) {
    if (!pumping.add(agencyId)) {
      pumpAgain.add(agencyId);
      return;
    }
    store.enqueue(agencyId, since -> read(agencyId, since), this::match, STREAM_BATCH).onComplete(ar -> {
      pumping.remove(agencyId);
      if (ar.failed()) log.warn("webhook pump of agency {} failed: {}", agencyId, ar.cause().toString());
      boolean more = ar.succeeded() && ar.result().more();
      if (pumpAgain.remove(agencyId) || more) pump(agencyId);
      if (ar.succeeded() && ar.result().deliveries() > 0) sendDue();
    });
  }

  private Future<List<WebhookStore.StreamEntry>> read(long agencyId, String since) {
    return platform.redis().xrange(List.of(LiveBus.stream(agencyId), "(" + since, "+", "COUNT", String.valueOf(STREAM_BATCH)))
        .map(entries -> {
          List<WebhookStore.StreamEntry> out = new ArrayList<>();
          if (entries == null) return out;
          for (Response e : entries) {
            String json = Resume.streamJson(e);
            JsonObject parsed = json == null ? null : Outbound.parse(json);
            if (parsed != null) out.add(new WebhookStore.StreamEntry(Outbound.from(parsed, json), parsed));
          }
          return out;
        });
  }

  private List<WebhookStore.NewDelivery> match(List<Webhook> webhooks, List<WebhookStore.StreamEntry> entries) {
    List<WebhookStore.NewDelivery> out = new ArrayList<>();
    for (WebhookStore.StreamEntry e : entries) {
      for (Webhook w : webhooks) {
        if (!w.matches(e.routing(), e.message())) continue;
        String body = w.dingTalk() ? DingTalk.markdown(e.message()).encode() : e.routing().json;
        out.add(new WebhookStore.NewDelivery(w.id(), e.routing().seq, e.routing().type, body));
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ outbox → HTTP

  private void sendDue() {
    if (sending) {
      sendAgain = true;
      return;
    }
    sending = true;
    store.claimDue(platform.clock().instant(), SEND_BATCH)
        .compose(due -> Future.join(due.stream().map(this::attempt).toList()).map(due.size()))
        .onComplete(ar -> {
          sending = false;
          if (ar.failed()) log.warn("webhook sending failed: {}", ar.cause().toString());
          if (sendAgain || ar.succeeded() && ar.result() == SEND_BATCH) {
            sendAgain = false;
            sendDue();
          }
        });
  }

  private Future<Void> attempt(WebhookStore.Due d) {
    long t0 = System.nanoTime();
    return post(d.url(), d.secret(), d.body(), d.type(), d.id()).transform(ar -> {
      int latency = (int) ((System.nanoTime() - t0) / 1_000_000);
      Integer status = ar.succeeded() ? ar.result() : null;
      boolean ok = status != null && status / 100 == 2;
      String error = ok ? null : status != null ? "HTTP " + status : String.valueOf(ar.cause().getMessage());
      Instant retryAt = ok || d.attempt() >= cfg.webhookMaxAttempts() ? null
          : platform.clock().instant().plusMillis(backoff(d.attempt()));
      Counter.builder("beacon.webhook.attempts").tag("outcome", ok ? "delivered" : retryAt == null ? "failed" : "retry")
          .register(platform.metrics()).increment();
      return store.recordAttempt(d, status, latency, error, ok, retryAt, cfg.webhookDisableAfter());
    });
  }

  /**
   * For other features (work notices): a delivery of {@code payload} to {@code url}, signed with
   * {@code secret}, through the same PostgreSQL outbox as subscriptions. This instance makes the first
   * attempt at once; retries (back-off with jitter, up to {@code push.webhookMaxAttempts}) are due rows
   * any instance sends, so they survive a restart; every attempt is logged. DingTalk robot payloads
   * ({@code msgtype}) are also signed the DingTalk way ({@code timestamp} and {@code sign} query
   * parameters). Without a secret (a robot secured by keyword or IP) it is sent unsigned. The future
   * completes once the delivery is queued durably.
   */
  public Future<Void> deliverTo(long agencyId, String url, String secret, JsonObject payload) {
    String problem = WebhookUrls.problem(url, platform.config().production());
    if (problem != null) return Future.failedFuture("webhook url " + problem);
    return store.insertDirect(agencyId, url, secret, "work-notice", payload.encode(), platform.clock().instant())
        .onSuccess(d -> attempt(d).onFailure(e -> log.warn("work-notice delivery {} not settled: {}", d.id(), e.toString())))
        .mapEmpty();
  }

  private Future<Integer> post(String url, String secret, String body, String eventType, Long deliveryId) {
    long now = platform.clock().millis();
    String timestamp = String.valueOf(now / 1000);
    boolean signed = secret != null && !secret.isEmpty();
    String target = signed && body.startsWith("{\"msgtype\"") ? dingTalkSigned(url, secret, now) : url;
    try {
      HttpRequest<Buffer> req = client.postAbs(target).timeout(cfg.webhookTimeoutMillis())
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("X-Beacon-Event", eventType)
          .putHeader("X-Beacon-Timestamp", timestamp);
      if (signed) req.putHeader("X-Beacon-Signature", "sha256=" + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body)));
      if (deliveryId != null) req.putHeader("X-Beacon-Delivery", String.valueOf(deliveryId));
      return req.sendBuffer(Buffer.buffer(body)).map(HttpResponse::statusCode);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** DingTalk custom robots check {@code sign = Base64(HmacSHA256(secret, timestamp + "\n" + secret))}. */
  private static String dingTalkSigned(String url, String secret, long millis) {
    String sign = Base64.getEncoder().encodeToString(hmac(secret, millis + "\n" + secret));
    return url + (url.contains("?") ? "&" : "?") + "timestamp=" + millis + "&sign=" + URLEncoder.encode(sign, StandardCharsets.UTF_8);
  }

  /** Exponential back-off with jitter: base · 2^(attempt-1), capped at 10 minutes, times 0.5–1.0. */
  private long backoff(int attempt) {
    long base = Math.min(MAX_BACKOFF_MILLIS, (long) cfg.webhookBackoffMillis() << Math.min(20, attempt - 1));
    return (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5));
  }

  static byte[] hmac(String secret, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
