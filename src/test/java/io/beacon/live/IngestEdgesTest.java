package io.beacon.live;

import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingest bodies that are not what a sender means, and clients that may no longer be billed. */
class IngestEdgesTest {

  private static void assertBodyProblem(TestHttp.Response r) {
    assertEquals(400, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"));
    assertEquals("body", r.json().getJsonArray("errors").getJsonObject(0).getString("field"), r.toString());
  }

  @Test
  @DisplayName("JSON nested 1,001 levels deep is a 400 naming the body, and nothing is applied")
  void deepNesting() {
    LiveFixture f = new LiveFixture(1);
    String deep = "[".repeat(1001) + "]".repeat(1001);
    assertBodyProblem(f.ingest(Buffer.buffer(deep), f.key));
    String deepInEvent = "[{\"eventId\":\"d1\",\"x\":" + "[".repeat(1001) + "]".repeat(1001) + "}]";
    assertBodyProblem(f.ingest(Buffer.buffer(deepInEvent), f.key));
    assertEquals(0, f.live(f.agency.clients.get(0)).getLong("spendFen"));
  }

  @Test
  @DisplayName("a valid array followed by junk is a 400 and none of its events is applied")
  void trailingJunk() {
    LiveFixture f = new LiveFixture(1);
    String events = new JsonArray().add(LiveFixture.event(f.agency.clients.get(0), 10)).encode();
    assertBodyProblem(f.ingest(Buffer.buffer(events + " trailing-junk {"), f.key));
    assertBodyProblem(f.ingest(Buffer.buffer(events + " [1]"), f.key));
    assertEquals(0, f.live(f.agency.clients.get(0)).getLong("spendFen"));
    assertEquals(1, f.ingest(Buffer.buffer(events + " \n"), f.key).json().getInteger("accepted"), "trailing white space is fine");
  }

  @Test
  @DisplayName("an event id with a NUL byte is rejected on its own, naming eventId")
  void nulInEventId() {
    LiveFixture f = new LiveFixture(1);
    JsonObject bad = LiveFixture.event(f.agency.clients.get(0), 10).put("eventId", "nul\u0000id");
    JsonObject r = f.ingest(new JsonArray().add(bad).add(LiveFixture.event(f.agency.clients.get(0), 7))).json();
    assertEquals(1, r.getInteger("accepted"));
    assertEquals("eventId", r.getJsonArray("rejected").getJsonObject(0).getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("events for a terminated client are rejected one by one with reason client-terminated; a paused client still takes late billing")
  void terminatedClient() {
    LiveFixture f = new LiveFixture(3);
    long terminated = f.agency.clients.get(0);
    long paused = f.agency.clients.get(1);
    long active = f.agency.clients.get(2);
    var pg = TestBeacon.shared().platform().pg();
    pg.preparedQuery("UPDATE clients SET status = 'terminated', contract_state = 'terminated' WHERE id = $1").execute(Tuple.of(terminated)).await();
    pg.preparedQuery("UPDATE clients SET status = 'paused' WHERE id = $1").execute(Tuple.of(paused)).await();

    JsonArray batch = new JsonArray().add(LiveFixture.event(active, 10)).add(LiveFixture.event(terminated, 20))
        .add(LiveFixture.event(paused, 30)).add(LiveFixture.event(terminated, 40));
    JsonObject r = f.ingest(batch).json();
    assertEquals(2, r.getInteger("accepted"), r.encode());
    JsonArray rejected = r.getJsonArray("rejected");
    assertEquals(2, rejected.size(), r.encode());
    assertEquals(1, rejected.getJsonObject(0).getInteger("index"));
    assertEquals(3, rejected.getJsonObject(1).getInteger("index"));
    for (Object o : rejected) {
      JsonObject e = (JsonObject) o;
      assertEquals("client-terminated", e.getString("reason"), e.encode());
      assertEquals("clientId", e.getJsonArray("errors").getJsonObject(0).getString("field"));
    }
    assertEquals(30, f.live(paused).getLong("spendFen"));
    assertEquals(10, f.live(active).getLong("spendFen"));

    // Re-sending the same batch changes nothing: the accepted ones are duplicates, the terminated ones still refused.
    JsonObject again = f.ingest(batch).json();
    assertEquals(0, again.getInteger("accepted"));
    assertEquals(2, again.getInteger("duplicates"));
    assertEquals(2, again.getJsonArray("rejected").size());
    assertTrue(f.live(terminated).getLong("spendFen") == 0, "nothing was applied to the terminated client");
  }
}
