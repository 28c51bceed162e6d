package io.beacon.live;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helpers of the live feature: an agency with an ingest key and funded clients, and event builders. */
final class LiveFixture {
  final TestAgency agency;
  final String key;
  final TestHttp http;

  /** The same agency and key, talking to another instance. */
  LiveFixture(LiveFixture same, TestHttp http) {
    this.agency = same.agency;
    this.key = same.key;
    this.http = http;
  }

  LiveFixture(int clients) {
    http = TestHttp.shared();
    agency = TestAgency.create(clients);
    TestHttp.Response r = http.post("/api/v1/ingest-keys", agency.token(Role.MAIN), new JsonObject().put("name", "test"));
    if (r.status() != 201) throw new AssertionError(r.toString());
    key = r.json().getString("key");
  }

  /** Ledger balances as finance would hold them (before the client is first loaded into Redis). */
  LiveFixture fund(long clientId, long cash, long coupon, long credit) {
    var pg = TestBeacon.shared().platform().pg();
    String[][] kinds = {{"client_cash", String.valueOf(cash)}, {"client_coupon_normal", String.valueOf(coupon)}, {"client_credit", String.valueOf(credit)}};
    for (String[] k : kinds) {
      pg.preparedQuery("INSERT INTO ledger_accounts (agency_id, client_id, kind, balance_fen, allow_negative) VALUES ($1, $2, $3, $4, false)")
          .execute(Tuple.of(agency.id, clientId, k[0], Long.parseLong(k[1]))).await();
    }
    return this;
  }

  static JsonObject event(long clientId, long costFen) {
    return eventAt(clientId, costFen, Instant.now());
  }

  static JsonObject eventAt(long clientId, long costFen, Instant billedAt) {
    return new JsonObject().put("eventId", UUID.randomUUID().toString()).put("clientId", clientId)
        .put("billedAt", billedAt.toString()).put("mode", "search").put("goal", "leads")
        .put("conversionEvent", "form").put("campaignId", "c1").put("unitId", "u1")
        .put("impressions", 100).put("clicks", 5).put("costFen", costFen).put("conversions", 1).put("brand", false);
  }

  TestHttp.Response ingest(JsonArray events) { return ingest(events, key); }

  /** Overlapping batches: four of a random 60 % of the events each, and one of all (so none is missing). */
  static List<JsonArray> overlappingBatches(List<JsonObject> events, long seed) {
    Random random = new Random(seed);
    List<JsonArray> batches = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      List<JsonObject> shuffled = new ArrayList<>(events);
      Collections.shuffle(shuffled, random);
      batches.add(new JsonArray(new ArrayList<>(shuffled.subList(0, events.size() * 3 / 5))));
    }
    batches.add(new JsonArray(new ArrayList<>(events)));
    return batches;
  }

  /** Sends every batch {@code rounds} times, all at once from separate threads; the summed {accepted, duplicates}. */
  int[] ingestConcurrently(List<JsonArray> batches, int rounds) throws Exception {
    AtomicInteger accepted = new AtomicInteger();
    AtomicInteger duplicates = new AtomicInteger();
    List<CompletableFuture<Void>> senders = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      for (JsonArray batch : batches) {
        senders.add(CompletableFuture.runAsync(() -> {
          TestHttp.Response r = ingest(batch);
          if (r.status() != 200) throw new AssertionError(r.toString());
          accepted.addAndGet(r.json().getInteger("accepted"));
          duplicates.addAndGet(r.json().getInteger("duplicates"));
        }));
      }
    }
    CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    return new int[]{accepted.get(), duplicates.get()};
  }

  TestHttp.Response ingest(Object body, String withKey) {
    MultiMap h = MultiMap.caseInsensitiveMultiMap().add("X-Beacon-Ingest-Key", withKey);
    if (body instanceof String) h.add("Content-Type", "application/x-ndjson");
    else h.add("Content-Type", "application/json");
    return http.send(HttpMethod.POST, "/api/v1/ingest/events", null, body instanceof JsonArray a ? a.encode() : body, h);
  }

  JsonObject live(long clientId) {
    TestHttp.Response r = http.get("/api/v1/clients/" + clientId + "/live", agency.token(Role.MAIN));
    if (r.status() != 200) throw new AssertionError(r.toString());
    return r.json();
  }
}
