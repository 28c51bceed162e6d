package io.beacon.auth;

import io.beacon.platform.ClientAddress;
import io.beacon.platform.OpenApiValidation;
import io.beacon.platform.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The one mechanism that writes the operation log: every state-changing /api/v1 request that
 * succeeds is recorded with who, which identity (and acted-as client), the operation, its target,
 * the before/after summaries a feature left in the context, time, IP and request id. Handlers never
 * write the log themselves; they may only describe the change with {@link #before} / {@link #after}.
 */
public final class AuditLog implements Handler<RoutingContext> {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
  private static final String BEFORE = "beacon.audit.before";
  private static final String AFTER = "beacon.audit.after";
  /** A public operation (login) names its caller here once it knows it. */
  public static final String ACTOR = "beacon.audit.actor";

  private final Pool pg;
  private final Clock clock;

  public AuditLog(Pool pg, Clock clock) {
    this.pg = pg;
    this.clock = clock;
  }

  public static void before(RoutingContext ctx, JsonObject summary) { ctx.put(BEFORE, summary); }

  public static void after(RoutingContext ctx, JsonObject summary) { ctx.put(AFTER, summary); }

  @Override
  public void handle(RoutingContext ctx) {
    switch (ctx.request().method().name()) {
      case "GET", "HEAD", "OPTIONS" -> { }
      default -> ctx.addEndHandler(done -> {
        int status = ctx.response().getStatusCode();
        Caller caller = ctx.get(Caller.KEY) != null ? ctx.get(Caller.KEY) : ctx.get(ACTOR);
        if (status >= 400 || caller == null) return;
        OffsetDateTime at = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);   // when it happened, not when written
        String target = ctx.pathParams().isEmpty() ? null : String.join("/", ctx.pathParams().values());
        JsonObject before = ctx.get(BEFORE);
        JsonObject after = ctx.get(AFTER);
        pg.preparedQuery("""
                INSERT INTO operation_log (agency_id, login_id, staff_id, identity_id, acting_client_id, action,
                                           target_type, target_id, before, after, ip, request_id, at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""")
            .execute(Tuple.tuple()
                .addLong(caller.agencyId()).addLong(caller.loginId()).addLong(caller.staffId())
                .addLong(caller.identityId()).addLong(caller.actingClientId())
                .addString(ctx.get(OpenApiValidation.OPERATION_ID))
                .addString(targetType(ctx.normalizedPath()))
                .addString(target)
                .addValue(before).addValue(after)
                .addString(ClientAddress.of(ctx))
                .addString(RequestIds.of(ctx))
                .addOffsetDateTime(at))
            .onFailure(e -> log.error("operation log write failed for {}", RequestIds.of(ctx), e));
      });
    }
    ctx.next();
  }

  /** "/api/v1/clients/7/daily-budget" → "clients". */
  private static String targetType(String path) {
    String[] parts = path.replaceFirst("^/api/v1/", "").split("/");
    return parts.length == 0 ? null : parts[0];
  }
}
