package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The Lua scripts of the live counters (src/main/resources/redis/*.lua, each prefixed with common.lua),
 * run with EVALSHA; a Redis that lost its script cache (restart, failover) gets them loaded again.
 */
final class LiveScripts {
  enum Script {
    APPLY_EVENTS("apply_events"), READ_CLIENTS("read_clients"), READ_AGENCY("read_agency"),
    INIT_CLIENT("init_client"), ADJUST_CLIENT("adjust_client"), REPAIR_CLIENT("repair_client");

    final String file;

    Script(String file) { this.file = file; }
  }

  private final Redis redis;
  private final String[] source = new String[Script.values().length];
  private final String[] sha = new String[Script.values().length];

  LiveScripts(Redis redis) {
    this.redis = redis;
    String common = read("common");
    for (Script s : Script.values()) {
      source[s.ordinal()] = common + "\n" + read(s.file);
      sha[s.ordinal()] = sha1(source[s.ordinal()]);
    }
  }

  /** A ready EVALSHA request; add the keys and arguments, then {@link #run} or batch it. */
  Request request(Script script, int numKeys) {
    return Request.cmd(Command.EVALSHA).arg(sha[script.ordinal()]).arg(numKeys);
  }

  Future<Response> run(Request request) {
    return redis.send(request).recover(e -> isNoScript(e) ? load().compose(v -> redis.send(request)) : Future.failedFuture(e));
  }

  /** Sends the requests pipelined on one connection. */
  Future<List<Response>> batch(List<Request> requests) {
    if (requests.isEmpty()) return Future.succeededFuture(List.of());
    return redis.batch(requests).recover(e -> isNoScript(e) ? load().compose(v -> redis.batch(requests)) : Future.failedFuture(e));
  }

  Future<Void> load() {
    List<Request> loads = new ArrayList<>();
    for (String s : source) loads.add(Request.cmd(Command.SCRIPT).arg("LOAD").arg(s));
    return redis.batch(loads).mapEmpty();
  }

  /** A single reply says "NOSCRIPT …"; a failed batch says "ERR [i] NOSCRIPT …" for each command it lost. */
  private static boolean isNoScript(Throwable e) {
    return e.getMessage() != null && e.getMessage().contains("NOSCRIPT");
  }

  private static String read(String name) {
    try (InputStream in = LiveScripts.class.getResourceAsStream("/redis/" + name + ".lua")) {
      if (in == null) throw new IllegalStateException("missing redis/" + name + ".lua");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read redis/" + name + ".lua", e);
    }
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
