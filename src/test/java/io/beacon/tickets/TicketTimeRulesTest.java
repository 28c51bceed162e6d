package io.beacon.tickets;

import io.beacon.TestAgency;
import io.beacon.TestBeacon;
import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.notices.Notices;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.platform.ApiException;
import io.beacon.platform.DomainException;
import io.beacon.platform.FailureHandler;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time rules on the real store with a clock the test moves (Platform.clock), no sleeping. */
class TicketTimeRulesTest {
  private final DeskFixtures.MovableClock clock = new DeskFixtures.MovableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  private final Platform platform = DeskFixtures.platformWith(clock);
  private final Tickets tickets = new Tickets(platform,
      new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE));
  private final TicketStore.OperatorAudit operator = new TicketStore.OperatorAudit("operatorTest", "127.0.0.1", "test");

  private Ticket submit(Caller c) {
    return tickets.create(c, DeskFixtures.ticket("time"), List.of(), null).await().ticket();
  }

  /** The answer the failure handler gives the refusal. */
  private static ApiException refused(Future<?> f) {
    Throwable t = assertThrows(Throwable.class, f::await);
    assertTrue(t instanceof DomainException, t.toString());
    return FailureHandler.problemOf(t);
  }

  @Test
  @DisplayName("urge: refused at 11h59m, allowed at 12h; again refused at +23h59m, allowed at +24h, retryAt says when")
  void urgeTiming() {
    TestAgency a = TestAgency.create(1);
    Caller submitter = DeskFixtures.caller(a, Role.EMPLOYEE);
    Caller admin = DeskFixtures.caller(a, Role.ADMIN);
    Instant t0 = clock.instant();
    long id = submit(submitter).id();

    clock.set(t0.plus(Duration.ofHours(11).plusMinutes(59)));
    ApiException early = refused(tickets.urge(submitter, id, false));
    assertEquals(409, early.status());
    assertEquals(t0.plus(Duration.ofHours(12)).toString(), early.extensions().getString("retryAt"));

    clock.set(t0.plus(Duration.ofHours(12)));
    Ticket urged = tickets.urge(submitter, id, false).await();
    assertEquals(1, urged.urgeCount());

    Instant first = clock.instant();
    clock.set(first.plus(Duration.ofHours(23).plusMinutes(59)));
    ApiException again = refused(tickets.urge(admin, id, false));
    assertEquals("你已催办，无需重复操作，24小时后，可再次发起催办", again.getMessage());
    assertEquals(first.plus(Duration.ofHours(24)).toString(), again.extensions().getString("retryAt"));
    assertTrue(refused(tickets.urge(admin, id, true)).getMessage().startsWith("You have already urged"));

    clock.set(first.plus(Duration.ofHours(24)));
    assertEquals(2, tickets.urge(DeskFixtures.caller(a, Role.MAIN), id, false).await().urgeCount());
    assertEquals(404, refused(tickets.urge(DeskFixtures.caller(a, Role.DEDICATED), id, false)).status());
    List<String> kinds = tickets.detail(submitter, id).await().timeline().stream().map(TicketEvent::kind).toList();
    assertEquals(List.of("submitted", "urged", "urged"), kinds);
  }

  @Test
  @DisplayName("returned tickets: resubmit or cancel within 14 days; after that 409, and the timer cancels them once, even run twice at the same time")
  void returnWindowAndAutoCancel() {
    TestAgency a = TestAgency.create(1);
    Caller submitter = DeskFixtures.caller(a, Role.EMPLOYEE);
    long kept = submit(submitter).id();
    long late = submit(submitter).id();
    long lateToo = submit(submitter).id();
    Instant t0 = clock.instant();
    for (long id : List.of(kept, late, lateToo)) tickets.operatorReturn(id, "need more detail", null, operator).await();

    clock.set(t0.plus(Duration.ofDays(13)));
    tickets.autoCancelDue().await();
    assertEquals(TicketStatus.RETURNED, tickets.detail(submitter, late).await().ticket().status());
    assertEquals(TicketStatus.PROCESSING, tickets.resubmit(submitter, kept, new io.vertx.core.json.JsonObject(), null).await().status());

    clock.set(t0.plus(Duration.ofDays(14)));
    ApiException closed = refused(tickets.cancel(submitter, late));
    assertEquals(409, closed.status());
    assertEquals("return-window-closed", closed.type());

    int swept = Future.all(tickets.autoCancelDue(), tickets.autoCancelDue()).await().<Integer>list().stream().mapToInt(i -> i).sum();
    assertTrue(swept >= 2, "both of this agency's late tickets are cancelled: " + swept);
    assertEquals(0, tickets.autoCancelDue().await());
    for (long id : List.of(late, lateToo)) {
      Tickets.Detail d = tickets.detail(submitter, id).await();
      assertEquals(TicketStatus.CANCELLED, d.ticket().status());
      assertEquals(1, d.timeline().stream().filter(e -> e.kind().equals("auto_cancelled")).count());
    }
    assertEquals(TicketStatus.PROCESSING, tickets.detail(submitter, kept).await().ticket().status());
    long autoNotices = TestAgency.one(TestBeacon.shared().platform().pg(),
        "SELECT count(*) FROM notices WHERE agency_id = $1 AND kind = 'ticket' AND title LIKE '%自动撤销%'", Tuple.of(a.id)).getLong(0);
    assertEquals(2, autoNotices);
  }
}
