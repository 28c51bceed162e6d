package io.beacon.auth;

import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.Expired;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.DomainException.RateLimited;
import io.beacon.platform.Platform;
import io.nayuki.qrcodegen.QrCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * QR login. The desktop creates a ticket and shows its link as a QR code; a phone signed in to
 * the mobile page confirms it with one of its identities; the desktop, waiting on the ticket's event
 * stream, receives a fresh token pair the moment the confirmation lands, on whichever instance.
 *
 * <p>Redis only: {@code auth:qr:<id>} (hash: desktop secret hash, status, expiry; kept 10 minutes past
 * expiry so an expired ticket is told apart from an unknown one), {@code auth:qr-result:<id>} (the
 * tokens, taken once with GETDEL) and the channel {@code auth:qr} carrying confirmed ticket ids to every
 * instance. The desktop proves it created the ticket with a secret that never appears in the QR code.
 */
public final class QrLogin {
  private static final Logger log = LoggerFactory.getLogger(QrLogin.class);
  public static final String CHANNEL = "auth:qr";
  private static final int TICKETS_PER_IP_PER_MINUTE = 30;
  private static final long KEEP_AFTER_EXPIRY_SECONDS = 600;
  /** Flips pending → confirmed atomically; answers why not otherwise. */
  private static final String CONFIRM = """
      local status = redis.call('HGET', KEYS[1], 'status')
      if not status then return 'missing' end
      if tonumber(redis.call('HGET', KEYS[1], 'expires')) <= tonumber(ARGV[1]) then return 'expired' end
      if status ~= 'pending' then return 'used' end
      redis.call('HSET', KEYS[1], 'status', 'confirmed')
      return 'ok'""";

  private final Platform platform;
  private final AuthService auth;
  private final RedisAPI redis;
  private final int ttlSeconds;
  /** Desktops waiting on this instance, by ticket id. */
  private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
  private volatile RedisConnection subscriber;
  private volatile boolean closed;

  public record Ticket(String id, String secret, Instant expiresAt) {}

  private record Waiter(Context context, Consumer<JsonObject> deliver) {}

  public QrLogin(Platform platform, AuthService auth) {
    this.platform = platform;
    this.auth = auth;
    this.redis = platform.redis();
    this.ttlSeconds = platform.config().auth().qrTicketTtlSeconds();
  }

  /** A new pending ticket; at most {@value #TICKETS_PER_IP_PER_MINUTE} a minute per IP. */
  public Future<Ticket> create(String ip) {
    String rateKey = "auth:qr-rate:" + ip;
    return redis.incr(rateKey).compose(n -> {
      if (n.toLong() == 1) redis.expire(List.of(rateKey, "60"));
      if (n.toLong() > TICKETS_PER_IP_PER_MINUTE) {
        return redis.ttl(rateKey).compose(ttl -> Future.failedFuture(new RateLimited(Math.max(1, ttl.toLong()))));
      }
      Ticket t = new Ticket(UUID.randomUUID().toString(), TokenService.randomToken(24),
          platform.clock().instant().plusSeconds(ttlSeconds));
      return redis.hset(List.of(key(t.id()), "secret", TokenService.sha256(t.secret()), "status", "pending",
              "expires", String.valueOf(t.expiresAt().toEpochMilli())))
          .compose(v -> redis.expire(List.of(key(t.id()), String.valueOf(ttlSeconds + KEEP_AFTER_EXPIRY_SECONDS))))
          .map(t);
    });
  }

  /** What the phone shows before confirming: pending, confirmed (used) or expired. */
  public Future<JsonObject> status(String id) {
    return redis.hmget(List.of(key(id), "status", "expires")).map(r -> {
      if (r.get(0) == null) throw new NotFound("QR login ticket");
      Instant expires = Instant.ofEpochMilli(r.get(1).toLong());
      String status = !expires.isAfter(platform.clock().instant()) ? "expired" : r.get(0).toString();
      return new JsonObject().put("id", id).put("status", status).put("expiresAt", expires.toString());
    });
  }

  /**
   * The signed-in phone confirms with one of its own identities (its current one by default). The
   * ticket is spent atomically; the tokens wait for the desktop and every instance is told.
   */
  public Future<JsonObject> confirm(Caller caller, String id, Long identityId) {
    long chosen = identityId == null ? caller.identityId() : identityId;
    return auth.store().identity(chosen).compose(found -> {
      AuthStore.Identity identity = found.filter(i -> i.loginId() == caller.loginId() && i.active())
          .orElseThrow(() -> new NotFound("Identity"));
      return redis.eval(List.of(CONFIRM, "1", key(id), String.valueOf(platform.clock().millis())))
          .compose(outcome -> switch (outcome.toString()) {
            case "ok" -> auth.issue(identity, UUID.randomUUID().toString(), null)
                .compose(tokens -> redis.set(List.of(resultKey(id), tokens.encode(), "EX", String.valueOf(ttlSeconds + 60)))
                    .compose(v -> redis.publish(CHANNEL, id))
                    .map(v -> new JsonObject().put("id", id).put("status", "confirmed").put("identity", tokens.getJsonObject("identity"))));
            case "expired" -> Future.failedFuture(expired());
            case "used" -> Future.failedFuture(used());
            default -> Future.failedFuture(new NotFound("QR login ticket"));
          });
    });
  }

  /**
   * Checks that the desktop holds the ticket's secret and the ticket can still deliver; answers its
   * expiry. Unknown ticket or wrong secret: 404; expired: 410; already delivered: 409.
   */
  public Future<Instant> openWait(String id, String secret) {
    return redis.hmget(List.of(key(id), "secret", "status", "expires")).compose(r -> {
      if (r.get(0) == null || secret == null || !r.get(0).toString().equals(TokenService.sha256(secret))) {
        return Future.failedFuture(new NotFound("QR login ticket"));
      }
      Instant expires = Instant.ofEpochMilli(r.get(2).toLong());
      boolean pending = "pending".equals(r.get(1).toString());
      if (pending && !expires.isAfter(platform.clock().instant())) return Future.failedFuture(expired());
      if (pending) return Future.succeededFuture(expires);
      // Confirmed: deliverable once, while the tokens are still waiting.
      return redis.exists(List.of(resultKey(id))).compose(n -> n.toInteger() > 0
          ? Future.succeededFuture(expires) : Future.failedFuture(used()));
    });
  }

  /**
   * Registers the desktop waiting on {@code id} (on the caller's context) and delivers tokens already
   * there. Returns what cancels the wait (call it when the desktop goes away).
   */
  public Runnable await(String id, Consumer<JsonObject> deliver) {
    Waiter waiter = new Waiter(platform.vertx().getOrCreateContext(), deliver);
    waiting.put(id, waiter);
    take(id);
    return () -> waiting.remove(id, waiter);
  }

  /** Takes the tokens of a confirmed ticket (once, across all instances) and hands them to the local waiter. */
  private void take(String id) {
    if (!waiting.containsKey(id)) return;
    redis.getdel(resultKey(id)).onSuccess(r -> {
      if (r == null) return;
      Waiter w = waiting.remove(id);
      JsonObject tokens = new JsonObject(r.toString());
      if (w != null) {
        w.context().runOnContext(v -> w.deliver().accept(tokens));
      } else {   // the desktop left in between: put the tokens back for its reconnect
        redis.set(List.of(resultKey(id), tokens.encode(), "EX", "60"));
      }
    }).onFailure(e -> log.warn("reading QR ticket result {} failed", id, e));
  }

  /** Subscribes this instance to confirmations; reconnects when the subscription connection drops. */
  public Future<Void> start() {
    if (closed) return Future.succeededFuture();
    return platform.redisClient().connect().compose(conn -> {
      subscriber = conn;
      conn.handler(this::onMessage);
      conn.exceptionHandler(e -> log.warn("QR subscription failed", e));
      conn.endHandler(v -> reconnect());
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)).<Void>mapEmpty();
    }).onFailure(e -> reconnect());
  }

  private void reconnect() {
    if (!closed) platform.vertx().setTimer(1000, t -> start());
  }

  private void onMessage(Response message) {
    if (message != null && message.size() == 3 && "message".equals(message.get(0).toString())) take(message.get(2).toString());
  }

  public void close() {
    closed = true;
    if (subscriber != null) subscriber.close();
  }

  /** The ticket link as an SVG QR code (medium error correction, 4-module quiet zone). */
  public static String svg(String text) {
    QrCode qr = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    int border = 4;
    int size = qr.size + border * 2;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < qr.size; y++) {
      for (int x = 0; x < qr.size; x++) {
        if (qr.getModule(x, y)) path.append('M').append(x + border).append(',').append(y + border).append("h1v1h-1z");
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + size + " " + size
        + "\" stroke=\"none\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#FFFFFF\"/>"
        + "<path d=\"" + path + "\" fill=\"#000000\"/></svg>";
  }

  static Expired expired() {
    return new Expired("qr-ticket-expired", "This QR login ticket has expired; show a new QR code");
  }

  private static Conflict used() {
    return new Conflict("qr-ticket-used", "This QR login ticket has already been used");
  }

  private static String key(String id) { return "auth:qr:" + id; }

  private static String resultKey(String id) { return "auth:qr-result:" + id; }
}
