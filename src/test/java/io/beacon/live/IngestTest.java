package io.beacon.live;

import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestTest {

  @Test
  @DisplayName("bad events are rejected one by one with their fields named, the rest are applied")
  void validation() {
    LiveFixture f = new LiveFixture(2);
    long c = f.agency.clients.get(0);
    JsonArray events = new JsonArray()
        .add(LiveFixture.event(c, 100))
        .add(LiveFixture.event(c, -5))
        .add(LiveFixture.event(c, 100).put("mode", "tv"))
        .add(LiveFixture.event(c, 100).put("billedAt", "yesterday"))
        .add(LiveFixture.event(c, 100).put("billedAt", Instant.now().minus(3, ChronoUnit.DAYS).toString()))
        .add(LiveFixture.event(c, 100).put("clicks", "many").put("goal", "a|b"))
        .add(new JsonObject().put("clientId", c))
        .add("not an event")
        .add(LiveFixture.event(c, 200));
    TestHttp.Response r = f.ingest(events);
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getInteger("accepted"));
    JsonArray rejected = r.json().getJsonArray("rejected");
    assertEquals(7, rejected.size(), rejected.encodePrettily());
    assertEquals("costFen", field(rejected, 0, 0));
    assertEquals(1, rejected.getJsonObject(0).getInteger("index"));
    assertEquals("mode", field(rejected, 1, 0));
    assertEquals("billedAt", field(rejected, 2, 0));
    assertTrue(rejected.getJsonObject(3).getJsonArray("errors").getJsonObject(0).getString("message").contains("48 hour"));
    assertEquals("goal", field(rejected, 4, 0));
    assertEquals("clicks", field(rejected, 4, 1));
    assertEquals(5, rejected.getJsonObject(4).getInteger("index"));
    JsonArray missing = rejected.getJsonObject(5).getJsonArray("errors");
    assertEquals(4, missing.size(), missing.encode());
    assertEquals("event", field(rejected, 6, 0));
    assertEquals(300, f.live(c).getLong("spendFen"));
  }

  @Test
  @DisplayName("NDJSON bodies work and a malformed line is rejected alone")
  void ndjson() {
    LiveFixture f = new LiveFixture(1);
    long c = f.agency.clients.get(0);
    String body = LiveFixture.event(c, 10).encode() + "\n{oops\n" + LiveFixture.event(c, 20).encode() + "\n";
    TestHttp.Response r = f.ingest(body, f.key);
    assertEquals(200, r.status(), r.toString());
    assertEquals(2, r.json().getInteger("accepted"));
    assertEquals(1, r.json().getJsonArray("rejected").getJsonObject(0).getInteger("index"));
    assertEquals(30, f.live(c).getLong("spendFen"));
  }

  @Test
  @DisplayName("a retried batch is counted once: every event comes back as a duplicate")
  void dedupe() {
    LiveFixture f = new LiveFixture(2);
    JsonArray events = new JsonArray();
    for (int i = 0; i < 50; i++) events.add(LiveFixture.event(f.agency.clients.get(i % 2), 10));
    assertEquals(50, f.ingest(events).json().getInteger("accepted"));
    JsonObject again = f.ingest(events).json();
    assertEquals(0, again.getInteger("accepted"));
    assertEquals(50, again.getInteger("duplicates"));
    assertEquals(250, f.live(f.agency.clients.get(0)).getLong("spendFen"));
  }

  @Test
  @DisplayName("a batch mixing seen and new ids, with one id twice in it, applies each new event once and counts the rest as duplicates")
  void partialDuplicates() {
    LiveFixture f = new LiveFixture(2);
    long a = f.agency.clients.get(0), b = f.agency.clients.get(1);
    JsonArray first = new JsonArray().add(LiveFixture.event(a, 10)).add(LiveFixture.event(b, 20));
    assertEquals(2, f.ingest(first).json().getInteger("accepted"));
    JsonObject fresh = LiveFixture.event(a, 100);
    JsonArray mixed = new JsonArray().add(first.getJsonObject(0)).add(fresh).add(fresh.copy().put("costFen", 999))
        .add(LiveFixture.event(b, 7)).add(first.getJsonObject(1));
    JsonObject r = f.ingest(mixed).json();
    assertEquals(2, r.getInteger("accepted"), r.encode());
    assertEquals(3, r.getInteger("duplicates"), r.encode());
    assertEquals(110, f.live(a).getLong("spendFen"));
    assertEquals(27, f.live(b).getLong("spendFen"));
  }

  @Test
  @DisplayName("events for another agency's client are rejected like unknown clients; a bad key is 401")
  void crossAgency() {
    LiveFixture mine = new LiveFixture(1);
    LiveFixture other = new LiveFixture(1);
    long theirs = other.agency.clients.get(0);
    TestHttp.Response r = mine.ingest(new JsonArray().add(LiveFixture.event(theirs, 100)).add(LiveFixture.event(999_999_999L, 1)));
    assertEquals(0, r.json().getInteger("accepted"));
    assertEquals("clientId", field(r.json().getJsonArray("rejected"), 0, 0));
    assertEquals("clientId", field(r.json().getJsonArray("rejected"), 1, 0));
    assertEquals(0, other.live(theirs).getLong("spendFen"));
    assertEquals(401, mine.ingest(new JsonArray().add(LiveFixture.event(theirs, 1)), "nope").status());
    TestHttp.Response malformed = mine.ingest(io.vertx.core.buffer.Buffer.buffer("[{"), mine.key);
    assertEquals(400, malformed.status());
    assertEquals("body", malformed.json().getJsonArray("errors").getJsonObject(0).getString("field"));
  }

  @Test
  @DisplayName("a revoked ingest key stops working; keys are listed without their secret")
  void revoke() {
    LiveFixture f = new LiveFixture(1);
    String main = f.agency.token(Role.MAIN);
    JsonObject list = f.http.get("/api/v1/ingest-keys", main).json();
    long id = list.getJsonArray("items").getJsonObject(0).getLong("id");
    assertTrue(!list.encode().contains(f.key));
    assertEquals(403, f.http.get("/api/v1/ingest-keys", f.agency.token(Role.EMPLOYEE)).status());
    LiveFixture other = new LiveFixture(1);
    assertEquals(404, f.http.delete("/api/v1/ingest-keys/" + id, other.agency.token(Role.MAIN)).status());
    assertEquals(200, f.http.delete("/api/v1/ingest-keys/" + id, main).status());
    assertEquals(401, f.ingest(new JsonArray().add(LiveFixture.event(f.agency.clients.get(0), 1))).status());
  }

  static String field(JsonArray rejected, int i, int e) {
    return rejected.getJsonObject(i).getJsonArray("errors").getJsonObject(e).getString("field");
  }
}
