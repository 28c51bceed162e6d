package io.beacon.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI smoke check of `beacon bench --quick`: it runs end to end and reports every figure. No
 * thresholds: CI machines are too noisy for them; BENCHMARKS.md holds the full run.
 */
class BenchQuickTest {
  private static Object at(JsonObject report, String path) {
    Object node = report;
    for (String key : path.split("\\.")) {
      assertTrue(node instanceof JsonObject, path + " is not an object at " + key + " in " + report.encodePrettily());
      node = ((JsonObject) node).getValue(key);
      assertNotNull(node, "missing " + path + " in " + report.encodePrettily());
    }
    return node;
  }

  private static double number(JsonObject report, String path) { return ((Number) at(report, path)).doubleValue(); }

  @Test
  @DisplayName("bench --quick runs every scenario against a Beacon in a child JVM and reports every field")
  void quickRun() throws Exception {
    JsonObject report = BenchRun.run(true, BenchRun.select(null), null, null, null);
    for (String path : List.of("redis_limit.ops_per_s", "pg_naive.events_per_s", "ingest.events_per_s",
        "ingest.senders_4.batch_latency.p99_ms", "ingest.senders_8.batch_latency.p50_ms",
        "push.latency_from_ingest_send.p99_ms", "push.latency_from_ingest_send.p999_ms", "push.messages_delivered_per_s",
        "fanout_bare.latency_from_ingest_send.p99_ms", "connections.heap_per_socket_bytes", "connections.open_seconds",
        "rest.home_overview.p99_ms", "rest.home_top10.p99_ms", "rest.monitor_30d.p99_ms", "rest.warmup.home_overview.max_ms",
        "push.latency_from_ingest_accept.p99_ms", "connections.live_at_measure",
        // Alerts apart from counters, the counters' coalescing window, delivery per core of server CPU.
        "push.alerts.latency_from_ingest_accept.p99_ms", "push.alerts.latency_from_ingest_send.p99_ms", "push.alerts.unmatched",
        "alerts_vs_bare_p99", "push.coalesce_window_ms", "push.delivery_per_core.messages_per_s_per_core",
        "push.delivery_per_core.vs_centrifugo_per_cpu", "ingest.ingest_vs_redis_limit")) {
      assertTrue(number(report, path) >= 0, path);
    }
    // CPU per 1,000 events of each process; a process that exits during the window drops out of its sum.
    for (String part : List.of("server_ms", "redis_ms", "postgres_ms", "load_generator_ms")) {
      number(report, "ingest.senders_8.cpu_per_1000_events." + part);
    }
    assertTrue(number(report, "ingest.senders_8.cpu_per_1000_events.server_ms") > 0, "the server used CPU");
    assertTrue(number(report, "ingest.events_per_s") > 0, "ingest accepted events");
    assertTrue(number(report, "ingest.ingest_vs_redis_limit") > 0);
    assertTrue(number(report, "ingest.ingest_vs_pg_naive") > 0);
    assertTrue(number(report, "push.latency_from_ingest_send.count") > 0, "dashboards received counters");
    assertTrue(number(report, "push_vs_bare_p99") > 0);
    assertEquals(0.0, number(report, "push.alerts.lost"), "alerts are never dropped");
    assertEquals(number(report, "connections.sockets"), number(report, "connections.sockets_that_got_the_alert"));
    for (String endpoint : List.of("home_overview", "home_top10", "monitor_30d")) {
      assertEquals(0.0, number(report, "rest." + endpoint + ".errors"), endpoint + " answered errors");
    }
  }

  @Test
  @DisplayName("--only picks scenarios in run order; an unknown name is an error naming it and the known ones")
  void onlySelectsScenarios() {
    assertEquals(List.of("redis_limit", "pg_naive", "ingest"), List.copyOf(BenchRun.select(" ingest,redis_limit ,pg_naive")));
    assertEquals(BenchRun.SCENARIOS, List.copyOf(BenchRun.select(null)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchRun.select("ingest,pushh"));
    assertTrue(e.getMessage().contains("pushh") && e.getMessage().contains("fanout_bare"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> BenchRun.select(","));
  }
}
