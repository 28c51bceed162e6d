package io.beacon.auth;

import io.beacon.platform.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The platform operator's credential (support desk, qualification review, platform news): the key in
 * {@code X-Beacon-Operator-Key} (config {@code tickets.operatorKey} / BEACON_OPERATOR_KEY), compared in
 * constant time. Operator operations are {@code PUBLIC} in the contract and carry this handler instead.
 */
public final class OperatorKey implements Handler<RoutingContext> {
  public static final String HEADER = "X-Beacon-Operator-Key";

  private final byte[] key;

  public OperatorKey(String key) { this.key = key.getBytes(StandardCharsets.UTF_8); }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    if (given == null || !MessageDigest.isEqual(key, given.getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(ApiException.unauthorized("The operator API needs its key in " + HEADER));
      return;
    }
    ctx.next();
  }
}
