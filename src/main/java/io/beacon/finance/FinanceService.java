package io.beacon.finance;

import io.beacon.auth.Caller;
import io.beacon.auth.ClientScope;
import io.beacon.platform.DomainException.Conflict;
import io.beacon.platform.DomainException.InsufficientFunds;
import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.RequestParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.beacon.finance.AccountKind.*;

/**
 * Finance operations: wallet recharge and refund, allocation agency ↔ client, coupons, post-pay
 * credit, order freezes, deposit, and the funds views. Every movement is one ledger transaction in one
 * database transaction with its idempotency key; live is told about client balance changes after commit.
 */
public final class FinanceService {
  private static final Logger log = LoggerFactory.getLogger(FinanceService.class);

  private final Pool pg;
  private final Ledger ledger;
  private final FinanceStore store;
  private final Idempotent idempotent;
  private final LiveLink live;
  private final Clock clock;

  public FinanceService(Pool pg, Ledger ledger, FinanceStore store, LiveLink live, Clock clock) {
    this.pg = pg;
    this.ledger = ledger;
    this.store = store;
    this.idempotent = new Idempotent(pg);
    this.live = live;
    this.clock = clock;
  }

  public record Outcome(int status, JsonObject body, boolean replayed) {}

  // ------------------------------------------------------------------ agency wallets (main account only)

  public Future<Outcome> recharge(Caller c, String key, JsonObject body) { return walletMovement(c, key, body, "recharge"); }

  public Future<Outcome> refund(Caller c, String key, JsonObject body) { return walletMovement(c, key, body, "refund"); }

  private Future<Outcome> walletMovement(Caller c, String key, JsonObject body, String kind) {
    String walletName = body.getString("wallet", "general");
    AccountKey wallet = AccountKey.agency(AccountKind.wallet(walletName));
    AccountKey world = AccountKey.agency(WORLD_PAYMENTS);
    long amount = body.getLong("amountFen");
    String reference = body.getString("paymentReference");
    Leg[] legs = kind.equals("recharge") ? Leg.move(world, wallet, amount) : Leg.move(wallet, world, amount);
    return run(c, key, kind, body, conn -> ledger.post(conn, c.agencyId(),
            new LedgerTx(kind, null, reference, body.getString("memo"), c.staffId(), List.of(legs)))
        .map(p -> new Idempotent.Result(201, new JsonObject()
            .put("transactionId", p.transactionId()).put("kind", kind).put("wallet", walletName).put("amountFen", amount)
            .put("paymentReference", reference).put("walletBalanceFen", p.balance(wallet))
            .put("createdAt", p.createdAt().toInstant().toString()))))
        .recover(e -> Future.failedFuture(duplicateReference(e, "paymentReference", "This payment reference was already " + kind + "ed")));
  }

  // ------------------------------------------------------------------ allocation agency ↔ client (main, admin)

  public Future<Outcome> transfer(Caller c, long clientId, String key, JsonObject body) {
    boolean in = "in".equals(body.getString("direction"));
    long amount = body.getLong("amountFen");
    String walletName = body.getString("wallet", "general");
    AccountKey wallet = AccountKey.agency(AccountKind.wallet(walletName));
    AccountKey cash = AccountKey.client(CLIENT_CASH, clientId);
    AccountKey arrears = AccountKey.client(CLIENT_ARREARS, clientId);
    // Money live has already spent but finance has not posted yet must not leave the client.
    Future<Long> liveCash = in ? Future.succeededFuture(Long.MAX_VALUE)
        : live.counters(c.agencyId(), List.of(clientId)).map(m -> m.containsKey(clientId)
            ? m.get(clientId).getLong("cashFen", Long.MAX_VALUE) : Long.MAX_VALUE).otherwise(Long.MAX_VALUE);
    String cause = "allocation-" + (in ? "in" : "out");
    return liveCash.compose(liveCashFen -> run(c, key, "transfer", body.copy().put("clientId", clientId), conn ->
        client(conn, c, clientId).compose(client -> ledger.lock(conn, c.agencyId(), Set.of(cash, wallet, arrears)).compose(locked -> {
          if (!in && amount > liveCashFen && locked.get(cash).balanceFen() >= amount) {
            return Future.failedFuture(new InsufficientFunds(
                "The client's live cash balance (" + liveCashFen + " fen) is less than " + amount + " fen", "client_cash", liveCashFen, amount));
          }
          return ledger.post(conn, c.agencyId(), new LedgerTx("allocation", clientId, key, body.getString("memo"), c.staffId(),
              in ? cashIn(wallet, clientId, amount, locked) : List.of(Leg.move(cash, wallet, amount))));
        }).map(p -> new Idempotent.Result(201, new JsonObject()
            .put("transactionId", p.transactionId()).put("clientId", clientId).put("clientName", client.name())
            .put("direction", in ? "in" : "out").put("amountFen", amount).put("wallet", walletName)
            .put("walletBalanceFen", p.balance(wallet)).put("clientCashFen", p.balance(cash))
            .put("createdAt", p.createdAt().toInstant().toString()),
            () -> tellLive(c.agencyId(), clientId, in ? amount : -amount, 0, 0).compose(v -> live.fundAnomaly(c.agencyId(), clientId,
                cause, new JsonObject().put("transactionId", p.transactionId()).put("amountFen", amount)
                    .put("reason", "allocation succeeded"), false)))))))
        .recover(e -> {
          // an allocation refused for want of funds is a fund anomaly of the client (the ledger is unchanged)
          if (!(e instanceof InsufficientFunds refused)) return Future.failedFuture(e);
          JsonObject figures = new JsonObject().put("direction", in ? "in" : "out").put("amountFen", amount).put("wallet", walletName)
              .put("reason", "allocation failed: insufficient funds");
          figures.mergeIn(refused.details());
          return live.fundAnomaly(c.agencyId(), clientId, cause, figures, true).transform(x -> Future.failedFuture(e));
        });
  }

  // ------------------------------------------------------------------ coupons, credit

  public Future<Outcome> grantCoupon(Caller c, long clientId, String key, JsonObject body) {
    String type = body.getString("type");
    long amount = body.getLong("amountFen");
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime expiresAt = parseInstant(body.getString("expiresAt"), "expiresAt");
    AccountKey account = AccountKey.client(AccountKind.coupon(type), clientId);
    // Checked after the key is claimed: a retry of a granted coupon replays even once the expiry has passed.
    return run(c, key, "grantCoupon", body.copy().put("clientId", clientId), conn -> client(conn, c, clientId)
        .compose(client -> !expiresAt.isAfter(now) ? Future.failedFuture(new Invalid("expiresAt", "must be in the future"))
            : ledger.post(conn, c.agencyId(), new LedgerTx("coupon_grant", clientId, key, body.getString("memo"),
            c.staffId(), List.of(Leg.move(AccountKey.agency(WORLD_COUPONS), account, amount)))))
        .compose(p -> store.insertCoupon(conn, c.agencyId(), clientId, type, amount, now, expiresAt, p.transactionId()))
        .map(coupon -> new Idempotent.Result(201, coupon.toJson(), () -> tellLive(c.agencyId(), clientId, 0, amount, 0))));
  }

  public Future<Outcome> setCreditLimit(Caller c, long clientId, String key, JsonObject body) {
    long limit = body.getLong("limitFen");
    AccountKey credit = AccountKey.client(CLIENT_CREDIT, clientId);
    return run(c, key, "setCreditLimit", body.copy().put("clientId", clientId), conn -> client(conn, c, clientId)
        .compose(client -> ledger.lock(conn, c.agencyId(), Set.of(credit)))
        .compose(locked -> store.creditLimitForUpdate(conn, c.agencyId(), clientId).compose(old -> {
          long delta = limit - old;
          long available = locked.get(credit).balanceFen();
          if (available + delta < 0) {
            return Future.failedFuture(new Conflict("credit-in-use", "The client has used " + (old - available)
                + " fen of its credit; the limit cannot go below that", new JsonObject().put("usedFen", old - available)));
          }
          Future<Void> posted = delta == 0 ? Future.succeededFuture()
              : ledger.post(conn, c.agencyId(), new LedgerTx("credit_limit", clientId, null, body.getString("memo"), c.staffId(),
                  List.of(Leg.move(AccountKey.agency(WORLD_CREDIT), credit, delta)))).mapEmpty();
          return posted.compose(v -> store.setCreditLimit(conn, c.agencyId(), clientId, limit))
              .map(v -> new Idempotent.Result(200, new JsonObject().put("clientId", clientId).put("limitFen", limit)
                  .put("availableFen", available + delta).put("usedFen", limit - available - delta),
                  () -> tellLive(c.agencyId(), clientId, 0, 0, delta)));
        })));
  }

  // ------------------------------------------------------------------ order freezes

  public Future<Outcome> freeze(Caller c, String key, JsonObject body) {
    Long clientId = body.getLong("clientId");
    long amount = body.getLong("amountFen");
    String orderRef = body.getString("orderRef");
    String walletName = clientId == null ? body.getString("wallet", "general") : null;
    AccountKey from = clientId == null ? AccountKey.agency(AccountKind.wallet(walletName)) : AccountKey.client(CLIENT_CASH, clientId);
    AccountKey to = clientId == null ? AccountKey.agency(AGENCY_FROZEN) : AccountKey.client(CLIENT_FROZEN, clientId);
    return run(c, key, "freeze", body, conn -> (clientId == null ? Future.succeededFuture() : client(conn, c, clientId))
        .compose(x -> ledger.post(conn, c.agencyId(), new LedgerTx("freeze", clientId, orderRef, body.getString("memo"), c.staffId(),
            List.of(Leg.move(from, to, amount)))))
        .compose(p -> store.insertFreeze(conn, c.agencyId(), clientId, walletName, orderRef, amount, p.transactionId()))
        .map(f -> new Idempotent.Result(201, f.toJson(),
            clientId == null ? null : () -> tellLive(c.agencyId(), clientId, -amount, 0, 0)
                .compose(v -> live.fundAnomaly(c.agencyId(), clientId, freezeCause(f), freezeFigures(f, "order frozen"), true)))))
        .recover(e -> Future.failedFuture(duplicateReference(e, "orderRef", "This order is already frozen")));
  }

  public Future<Outcome> unfreeze(Caller c, long freezeId, String key) {
    return run(c, key, "unfreeze", new JsonObject().put("freezeId", freezeId), conn ->
        store.freezeForUpdate(conn, c.agencyId(), freezeId).compose(found -> {
          if (found.isEmpty()) return Future.failedFuture(new NotFound("Freeze"));
          FinanceStore.Freeze f = found.get();
          if (!"frozen".equals(f.status())) return Future.failedFuture(new Conflict("already-unfrozen", "This order was already unfrozen"));
          AccountKey frozen = f.clientId() == null ? AccountKey.agency(AGENCY_FROZEN) : AccountKey.client(CLIENT_FROZEN, f.clientId());
          AccountKey back = f.clientId() == null ? AccountKey.agency(AccountKind.wallet(f.wallet())) : AccountKey.client(CLIENT_CASH, f.clientId());
          Future<List<Leg>> legs = f.clientId() == null ? Future.succeededFuture(List.of(Leg.move(frozen, back, f.amountFen())))
              : ledger.lock(conn, c.agencyId(), Set.of(frozen, back, AccountKey.client(CLIENT_ARREARS, f.clientId())))
                  .map(locked -> cashIn(frozen, f.clientId(), f.amountFen(), locked));
          return legs.compose(l -> ledger.post(conn, c.agencyId(), new LedgerTx("unfreeze", f.clientId(), f.orderRef(), null, c.staffId(), l)))
              .compose(p -> store.markUnfrozen(conn, f.id(), p.transactionId()))
              .map(u -> new Idempotent.Result(200, u.toJson(),
                  u.clientId() == null ? null : () -> tellLive(c.agencyId(), u.clientId(), u.amountFen(), 0, 0)
                      .compose(v -> live.fundAnomaly(c.agencyId(), u.clientId(), freezeCause(u), freezeFigures(u, "order unfrozen"), false))));
        }));
  }

  /** A frozen order of a client's cash is a fund anomaly of that client until it is unfrozen: one alert per order. */
  private static String freezeCause(FinanceStore.Freeze f) { return "freeze:" + f.id(); }

  private static JsonObject freezeFigures(FinanceStore.Freeze f, String reason) {
    return new JsonObject().put("freezeId", f.id()).put("orderRef", f.orderRef()).put("amountFen", f.amountFen()).put("reason", reason);
  }

  // ------------------------------------------------------------------ deposit (main, admin)

  public Future<Outcome> createDepositItem(Caller c, String key, JsonObject body) {
    LocalDate due = body.getString("dueDate") == null ? null : RequestParams.date(body.getString("dueDate"), "dueDate");
    return run(c, key, "createDepositItem", body, conn ->
        store.insertDepositItem(conn, c.agencyId(), body.getString("title"), body.getLong("amountDueFen"), due)
            .map(item -> new Idempotent.Result(201, item.toJson())));
  }

  public Future<Outcome> payDeposit(Caller c, String key, JsonObject body) {
    long itemId = body.getLong("itemId");
    long amount = body.getLong("amountFen");
    String walletName = body.getString("wallet", "general");
    AccountKey wallet = AccountKey.agency(AccountKind.wallet(walletName));
    AccountKey deposit = AccountKey.agency(DEPOSIT);
    return run(c, key, "payDeposit", body, conn -> store.depositItemForUpdate(conn, c.agencyId(), itemId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("Deposit item"));
      if (amount > found.get().outstandingFen()) {
        return Future.failedFuture(new Conflict("deposit-overpaid", "Only " + found.get().outstandingFen()
            + " fen of this deposit item are outstanding", new JsonObject().put("outstandingFen", found.get().outstandingFen())));
      }
      return ledger.post(conn, c.agencyId(), new LedgerTx("deposit", null, key, "deposit item " + itemId, c.staffId(),
              List.of(Leg.move(wallet, deposit, amount))))
          .compose(p -> store.addDepositPayment(conn, itemId, amount).map(item -> new Idempotent.Result(201, new JsonObject()
              .put("transactionId", p.transactionId()).put("item", item.toJson()).put("amountFen", amount)
              .put("wallet", walletName).put("walletBalanceFen", p.balance(wallet)).put("depositFen", p.balance(deposit)))));
    }));
  }

  public Future<JsonObject> deposit(Caller c) {
    return store.depositItems(pg, c.agencyId()).compose(items -> ledger.store().totals(pg, c.agencyId()).map(t -> new JsonObject()
        .put("amountDueFen", items.stream().mapToLong(FinanceStore.DepositItem::outstandingFen).sum())
        .put("frozenTotalFen", t.getOrDefault(DEPOSIT, 0L))
        .put("items", new JsonArray(items.stream().map(FinanceStore.DepositItem::toJson).toList()))));
  }

  // ------------------------------------------------------------------ views

  /** The home finance card and the finance page header: agency balance, available, frozen. */
  public Future<JsonObject> overview(Caller c) {
    return ledger.store().totals(pg, c.agencyId()).map(t -> {
      long general = t.getOrDefault(AGENCY_GENERAL, 0L);
      long external = t.getOrDefault(AGENCY_EXTERNAL, 0L);
      long frozen = t.getOrDefault(AGENCY_FROZEN, 0L) + t.getOrDefault(DEPOSIT, 0L);
      return new JsonObject()
          .put("balanceFen", general + external + frozen)
          .put("availableFen", general + external)
          .put("frozenFen", frozen)
          .put("wallets", new JsonObject().put("generalFen", general).put("externalFen", external))
          .put("orderFrozenFen", t.getOrDefault(AGENCY_FROZEN, 0L))
          .put("depositFen", t.getOrDefault(DEPOSIT, 0L))
          .put("clients", new JsonObject()
              .put("cashFen", t.getOrDefault(CLIENT_CASH, 0L))
              .put("couponNormalFen", t.getOrDefault(CLIENT_COUPON_NORMAL, 0L))
              .put("couponTrafficFen", t.getOrDefault(CLIENT_COUPON_TRAFFIC, 0L))
              .put("creditAvailableFen", t.getOrDefault(CLIENT_CREDIT, 0L))
              .put("frozenFen", t.getOrDefault(CLIENT_FROZEN, 0L))
              .put("arrearsFen", -t.getOrDefault(CLIENT_ARREARS, 0L)))
          .put("asOf", clock.instant().toString());
    });
  }

  /** One client's funds with its active coupons. */
  public Future<JsonObject> clientFunds(Caller c, long clientId) {
    return store.client(pg, ClientScope.of(c), clientId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NotFound("Client"));
      FinanceStore.ClientRef client = found.get();
      return Future.all(ledger.store().clientBalances(pg, c.agencyId(), clientId), store.creditLimit(pg, c.agencyId(), clientId),
          store.activeCoupons(pg, c.agencyId(), clientId)).map(all -> {
        Map<AccountKind, Long> b = all.resultAt(0);
        long limit = all.resultAt(1);
        List<FinanceStore.Coupon> coupons = all.resultAt(2);
        long cash = b.getOrDefault(CLIENT_CASH, 0L);
        long normal = b.getOrDefault(CLIENT_COUPON_NORMAL, 0L);
        long traffic = b.getOrDefault(CLIENT_COUPON_TRAFFIC, 0L);
        long credit = b.getOrDefault(CLIENT_CREDIT, 0L);
        return new JsonObject().put("clientId", clientId).put("name", client.name()).put("pid", client.pid())
            .put("account", client.email())
            .put("cashFen", cash).put("couponNormalFen", normal).put("couponTrafficFen", traffic).put("couponFen", normal + traffic)
            .put("creditLimitFen", limit).put("creditAvailableFen", credit).put("creditUsedFen", Math.max(0, limit - credit))
            .put("frozenFen", b.getOrDefault(CLIENT_FROZEN, 0L)).put("arrearsFen", -b.getOrDefault(CLIENT_ARREARS, 0L))
            .put("balanceFen", cash + normal + traffic + credit)
            .put("coupons", new JsonArray(coupons.stream().map(FinanceStore.Coupon::toJson).toList()));
      });
    });
  }

  /** The ledger check of the caller's agency: empty {@code problems} when every invariant holds. */
  public Future<JsonObject> check(Caller c) {
    return ledger.store().check(pg, c.agencyId()).map(list -> new JsonObject().put("ok", list.isEmpty())
        .put("problems", new JsonArray(list.stream().map(m -> new JsonObject().put("what", m.what()).put("id", m.id())
            .put("expectedFen", m.expectedFen()).put("actualFen", m.actualFen())).toList())));
  }

  // ------------------------------------------------------------------ helpers

  /**
   * Legs paying {@code amountFen} from {@code from} into the client's cash: arrears are settled first,
   * as live does with cash paid in, so ledger and live counters keep the same cash.
   */
  private static List<Leg> cashIn(AccountKey from, long clientId, long amountFen, Map<AccountKey, Account> locked) {
    AccountKey cash = AccountKey.client(CLIENT_CASH, clientId);
    AccountKey arrears = AccountKey.client(CLIENT_ARREARS, clientId);
    long settle = Math.min(amountFen, Math.max(0, -locked.get(arrears).balanceFen()));
    List<Leg> legs = new ArrayList<>(List.of(Leg.move(from, cash, amountFen)));
    if (settle > 0) legs.addAll(List.of(Leg.move(cash, arrears, settle)));
    return legs;
  }

  private Future<Outcome> run(Caller c, String key, String operation, JsonObject request,
                              java.util.function.Function<SqlConnection, Future<Idempotent.Result>> work) {
    return idempotent.run(c.agencyId(), key, operation, request, work)
        .map(o -> new Outcome(o.status(), o.body(), o.replayed()));
  }

  private Future<FinanceStore.ClientRef> client(SqlConnection conn, Caller c, long clientId) {
    return store.client(conn, ClientScope.of(c), clientId)
        .compose(found -> found.<Future<FinanceStore.ClientRef>>map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(new NotFound("Client"))));
  }

  /** Tells live about a committed change of the client's balances; a failure is logged, never the caller's. */
  private Future<Void> tellLive(long agencyId, long clientId, long cash, long coupon, long credit) {
    return live.adjustBalance(agencyId, clientId, cash, coupon, credit).recover(e -> {
      log.warn("live balance adjustment of client {} failed; the reconciler will repair it", clientId, e);
      return Future.succeededFuture();
    });
  }

  private static Throwable duplicateReference(Throwable e, String field, String title) {
    if (e instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return new Conflict("duplicate-reference", title, List.of(new FieldError(field, title)), null);
    }
    return e;
  }

  static OffsetDateTime parseInstant(String value, String field) {
    try {
      return OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
    } catch (RuntimeException e) {
      throw new Invalid(field, "must be an ISO-8601 date-time with offset");
    }
  }
}
