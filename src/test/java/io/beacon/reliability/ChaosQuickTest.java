package io.beacon.reliability;

import io.beacon.chaos.ChaosRun;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code beacon chaos --quick}: every reliability scenario once, with real processes and engines, at CI
 * durations. The guarantees are asserted; latency figures are only reported (they are measured by the
 * full run on a quiet machine, see RELIABILITY.md).
 */
class ChaosQuickTest {
  private static JsonObject report;

  @BeforeAll
  static void run() throws Exception {
    report = ChaosRun.run(true, 20261207L, ChaosRun.select(null));
    System.out.println(report.encodePrettily());
  }

  private static JsonObject scenario(String name) { return report.getJsonObject("scenarios").getJsonObject(name); }

  @Test
  @DisplayName("kill -9 of server and engines mid-ingest: every event exactly once after restart, ledger balanced, no counter drift")
  void killNine() {
    JsonObject k = scenario("kill9");
    assertEquals(0, k.getLong("lost_or_doubled_fen"), k.encodePrettily());
    assertEquals(0, k.getLong("resend_accepted"), "re-sending everything is only duplicates: " + k.encodePrettily());
    assertEquals(k.getJsonObject("senders").getLong("events"), k.getLong("resend_duplicates"), k.encodePrettily());
    assertEquals(0, k.getLong("ledger_sum_fen"));
    assertEquals(0, k.getLong("counter_drift_fen"));
    assertTrue(k.getLong("accepted_before_kill") > 0, "the kill came mid-ingest");
  }

  @Test
  @DisplayName("PostgreSQL down during ingest: every answer is 200, nothing lost once it is back")
  void postgresDown() {
    JsonObject p = scenario("pg_down");
    assertEquals(0, p.getLong("failed_answers_while_down"), p.encodePrettily());
    assertTrue(p.getLong("events_accepted_while_down") > 0, p.encodePrettily());
    assertEquals(0, p.getLong("lost_or_doubled_fen"), p.encodePrettily());
    assertEquals(0, p.getLong("counter_drift_fen"), p.encodePrettily());
  }

  @Test
  @DisplayName("Redis restarted during ingest: counters back from the AOF, no drift, nothing lost or doubled")
  void redisRestart() {
    JsonObject x = scenario("redis_restart");
    assertEquals(0, x.getLong("lost_or_doubled_fen"), x.encodePrettily());
    assertEquals(0, x.getLong("counter_drift_fen"), x.encodePrettily());
  }

  @Test
  @DisplayName("dashboards resuming after dropped connections miss no alert or notice")
  void resumeWithoutGaps() {
    JsonObject w = scenario("resume");
    assertTrue(w.getLong("messages_published") > 0, w.encodePrettily());
    assertTrue(w.getLong("connections_dropped") > 0, w.encodePrettily());
    assertEquals(0, w.getLong("gaps"), w.encodePrettily());
  }

  @Test
  @DisplayName("with a consumer that stopped reading, the other dashboards keep receiving")
  void slowConsumerDelaysNobody() {
    JsonObject c = scenario("slow_consumer");
    assertTrue(c.getJsonObject("others_with_slow_consumer").getLong("counter_messages") > 0, c.encodePrettily());
    assertTrue(c.containsKey("p99_ratio"), c.encodePrettily());
  }
}
