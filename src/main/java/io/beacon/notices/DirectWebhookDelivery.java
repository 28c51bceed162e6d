package io.beacon.notices;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * One POST of the payload, signed {@code X-Beacon-Signature: sha256=<hex HMAC of the body>} when the
 * subscription has a secret. No retries: used only where the push feature's dispatcher is not wired.
 */
public final class DirectWebhookDelivery implements WorkNoticeDelivery {
  private final WebClient client;

  public DirectWebhookDelivery(Vertx vertx) {
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(5_000).setIdleTimeout(10));
  }

  @Override
  public Future<Void> deliverTo(String url, String secret, JsonObject payload) {
    String body = payload.encode();
    var request = client.postAbs(url).timeout(10_000).putHeader("Content-Type", "application/json");
    if (secret != null && !secret.isEmpty()) request.putHeader("X-Beacon-Signature", "sha256=" + hmac(secret, body));
    return request.sendBuffer(io.vertx.core.buffer.Buffer.buffer(body)).compose(r -> r.statusCode() / 100 == 2
        ? Future.succeededFuture() : Future.failedFuture("webhook answered " + r.statusCode()));
  }

  static String hmac(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
