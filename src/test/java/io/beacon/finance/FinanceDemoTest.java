package io.beacon.finance;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.TestHttp;
import io.beacon.auth.Role;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FinanceDemoTest {
  private final TestHttp http = TestHttp.shared();

  @Test
  @DisplayName("the finance demo adopts ledger-opened coupons and credit and fills every finance list, keeping the ledger sound")
  void demoContent() {
    TestAgency a = TestAgency.create(4);
    Pool pg = TestBeacon.shared().platform().pg();
    long client = a.clients.get(2);
    // Openings as the demo loader writes them: straight into the ledger.
    pg.withTransaction(conn -> conn.preparedQuery("""
            WITH acc AS (
              INSERT INTO ledger_accounts (agency_id, client_id, kind, allow_negative, balance_fen)
              VALUES ($1, $2, 'client_coupon_normal', false, 5000), ($1, $2, 'client_credit', false, 7000),
                     ($1, NULL, 'world_payments', true, -12000) RETURNING id, kind),
            t AS (INSERT INTO ledger_transactions (agency_id, kind, reference, client_id) VALUES ($1, 'coupon_grant', 'demo-c', $2) RETURNING id),
            t2 AS (INSERT INTO ledger_transactions (agency_id, kind, reference, client_id) VALUES ($1, 'opening', 'demo-o', $2) RETURNING id)
            INSERT INTO ledger_entries (transaction_id, account_id, amount_fen)
            SELECT t.id, acc.id, 5000 FROM t, acc WHERE acc.kind = 'client_coupon_normal'
            UNION ALL SELECT t.id, acc.id, -5000 FROM t, acc WHERE acc.kind = 'world_payments'
            UNION ALL SELECT t2.id, acc.id, 7000 FROM t2, acc WHERE acc.kind = 'client_credit'
            UNION ALL SELECT t2.id, acc.id, -7000 FROM t2, acc WHERE acc.kind = 'world_payments'""")
        .execute(Tuple.of(a.id, client))).await();

    FinanceDemo.load(TestBeacon.shared().platform(), a.id, a.clients).await();

    String main = a.token(Role.MAIN);
    JsonObject funds = http.get("/api/v1/clients/" + client + "/funds", main).json();
    assertEquals(7_000, funds.getLong("creditLimitFen"), funds.encode());
    assertEquals(1, funds.getJsonArray("coupons").stream().filter(c -> ((JsonObject) c).getLong("amountFen") == 5_000).count(), funds.encode());
    JsonObject overview = http.get("/api/v1/finance/overview", main).json();
    assertTrue(overview.getLong("availableFen") > 0, overview.encode());
    assertTrue(overview.getLong("frozenFen") > 0, overview.encode());
    for (String list : new String[] {"allocations", "recharges", "refunds", "coupon-changes", "freezes", "client-funds"}) {
      JsonObject page = http.get("/api/v1/finance/" + list, main).json();
      assertTrue(page.getLong("total") > 0, list + " " + page.encode());
    }
    JsonObject deposit = http.get("/api/v1/finance/deposit", main).json();
    assertEquals(2, deposit.getJsonArray("items").size());
    assertEquals(60_000_00L, deposit.getLong("frozenTotalFen"));
    assertTrue(http.get("/api/v1/finance/ledger/check", main).json().getBoolean("ok"));
  }
}
