package io.beacon;

import io.beacon.accounts.Accounts;
import io.beacon.alertfix.AlertFixRoutes;
import io.beacon.alertfix.AlertFixService;
import io.beacon.auth.Auth;
import io.beacon.auth.AuthStore;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.TokenService;
import io.beacon.channel.LeadRoutes;
import io.beacon.channel.Leads;
import io.beacon.demo.DemoData;
import io.beacon.exports.ExportKind;
import io.beacon.exports.ExportKinds;
import io.beacon.exports.Exports;
import io.beacon.finance.Finance;
import io.beacon.finance.LiveLink;
import io.beacon.home.HomeRoutes;
import io.beacon.home.HomeService;
import io.beacon.home.HomeStore;
import io.beacon.home.WebAppRoutes;
import io.beacon.live.Live;
import io.beacon.live.LiveBus;
import io.beacon.live.push.PushHub;
import io.beacon.live.push.PushRoutes;
import io.beacon.live.push.WebhookDispatcher;
import io.beacon.live.push.WebhookRoutes;
import io.beacon.monitor.MonitorRoutes;
import io.beacon.monitor.MonitorService;
import io.beacon.monitor.MonitorStore;
import io.beacon.notices.AnnouncementRoutes;
import io.beacon.notices.Announcements;
import io.beacon.notices.NoticeRoutes;
import io.beacon.notices.Notices;
import io.beacon.partner.Partner;
import io.beacon.partner.PartnerOperatorRoutes;
import io.beacon.partner.PartnerRoutes;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.beacon.qualifications.QualificationRoutes;
import io.beacon.qualifications.Qualifications;
import io.beacon.readmodel.AgencyZoneStore;
import io.beacon.readmodel.LiveFigures;
import io.beacon.readmodel.Periods;
import io.beacon.readmodel.ReadCache;
import io.beacon.reports.Reports;
import io.beacon.tickets.OperatorRoutes;
import io.beacon.tickets.Sweeper;
import io.beacon.tickets.TicketRoutes;
import io.beacon.tickets.Tickets;
import io.beacon.wallboard.BoardLinks;
import io.beacon.wallboard.BoardRoutes;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds every feature from the platform, each after those it uses, as one list the server mounts,
 * starts once the HTTP server is up, and closes in order. The wiring between features (who tells whom
 * about alerts, balances, durable messages) is said here, once.
 */
final class Features {
  private final Platform platform;
  private final Live live;
  private final List<ApiRouter.Feature> all;

  /** What the features need before they are built, read from PostgreSQL: the token signing key and the operator API's key. */
  record Keys(AuthStore authStore, TokenService tokens, OperatorKey operator) {}

  private Features(Platform platform, Live live, List<ApiRouter.Feature> all) {
    this.platform = platform;
    this.live = live;
    this.all = List.copyOf(all);
  }

  static Future<Keys> keys(Platform platform) {
    AuthStore authStore = new AuthStore(platform.pg());
    String configured = platform.config().tickets().operatorKey();
    Future<String> operatorKey = configured != null && !configured.isBlank() ? Future.succeededFuture(configured)
        : authStore.secret("tickets-operator-key", UUID.randomUUID() + "-" + UUID.randomUUID());
    return Future.all(TokenService.create(platform, authStore), operatorKey)
        .map(ready -> new Keys(authStore, ready.resultAt(0), new OperatorKey(ready.resultAt(1))));
  }

  static Features create(Platform platform, Keys keys) {
    List<ApiRouter.Feature> all = new ArrayList<>();
    LiveBus bus = new LiveBus(platform.redis());
    OperatorKey operator = keys.operator();

    Auth auth = new Auth(platform, keys.authStore(), keys.tokens());
    all.add(auth);

    Live live = new Live(platform, bus);
    all.add(live);
    BoardLinks boardLinks = new BoardLinks(platform);
    PushHub push = new PushHub(platform, auth.authenticate(), live.counters()::clients, boardLinks::grant);
    WebhookDispatcher webhooks = new WebhookDispatcher(platform);
    push.onDurable(webhooks::poke);
    all.add(push(platform, push, webhooks));

    Finance finance = new Finance(platform, LiveLink.of(live.counters()::adjustBalance, live.counters()::clients, live.alerts()::fundAnomaly));
    all.add(finance);
    all.add(new AlertFixRoutes(new AlertFixService(live.fixes(), finance.service(), platform.clock())));

    Notices notices = new Notices(platform, bus, webhooks::deliverTo);
    live.alerts().deliverWith(notices::deliverAlert);
    all.add(new NoticeRoutes(notices));
    all.add(new AnnouncementRoutes(new Announcements(platform), operator));
    Accounts accounts = new Accounts(platform, auth.service(), bus, notices, operator);
    all.add(accounts);

    Tickets tickets = new Tickets(platform, notices);
    all.add(new TicketRoutes(tickets));
    all.add(new OperatorRoutes(tickets, operator));
    Leads leads = new Leads(platform, notices);
    all.add(new LeadRoutes(leads));
    all.add(new Sweeper(platform.vertx(), platform.config().tickets().sweepSeconds() * 1000L,
        Map.of("tickets auto-cancelled", tickets::autoCancelDue, "leads expired", leads::expireDue)));

    // The read models share one cache and one view of live figures (identical reads within moments answered once).
    ReadCache readCache = new ReadCache(platform.clock());
    LiveFigures liveFigures = LiveFigures.shared(readCache, live.counters()::clients);
    Periods periods = new Periods(new AgencyZoneStore(platform.pg()), platform.clock());
    all.add(atRoot(new WebAppRoutes(platform)));
    HomeService home = new HomeService(new HomeStore(platform.pg()), periods, liveFigures, finance.service()::overview, readCache);
    all.add(new HomeRoutes(home));
    MonitorService monitor = new MonitorService(new MonitorStore(platform.pg()), periods, liveFigures, readCache, notices);
    all.add(new MonitorRoutes(monitor));
    Reports reports = new Reports(platform, readCache);
    all.add(reports);
    // A wall-board link's page reads today's figures and alerts of the link's scope, without a login.
    all.add(new BoardRoutes(boardLinks, home, live.alerts()));
    all.add(atRoot(BoardRoutes.page(boardLinks, platform.vertx().fileSystem(), platform.config().http().staticDir())));

    Qualifications qualifications = new Qualifications(platform, notices);
    all.add(qualifications);
    all.add(new QualificationRoutes(qualifications, operator));
    Partner partner = Partner.create(platform, notices);
    all.add(new PartnerRoutes(partner));
    all.add(new PartnerOperatorRoutes(partner, operator));

    List<ExportKind> exportKinds = new ArrayList<>();
    exportKinds.add(ExportKinds.monitor(monitor));
    exportKinds.add(ExportKinds.dataDetail(reports.service()));
    exportKinds.addAll(ExportKinds.finance(finance.reports()));
    exportKinds.add(ExportKinds.operationLog(accounts.store()));
    exportKinds.add(ExportKinds.partnerClients(partner.performance()));
    all.add(new Exports(platform, notices, exportKinds));

    return new Features(platform, live, all);
  }

  /** Push as a feature: the WebSocket, the SSE stream and webhooks, their hub and dispatcher deployed as verticles. */
  private static ApiRouter.Feature push(Platform platform, PushHub hub, WebhookDispatcher webhooks) {
    return new ApiRouter.Feature() {
      @Override
      public void mount(Router api) {
        PushRoutes.stream(hub).mount(api);
        new WebhookRoutes(webhooks).mount(api);
      }

      @Override
      public void mountRoot(Router root) { PushRoutes.webSocket(hub).mount(root); }

      @Override
      public Future<?> start() { return Future.all(platform.vertx().deployVerticle(hub), platform.vertx().deployVerticle(webhooks)); }
    };
  }

  /** Routes served outside /api/v1 (the web app's shell). */
  private static ApiRouter.Feature atRoot(ApiRouter.Feature routes) {
    return new ApiRouter.Feature() {
      @Override
      public void mount(Router api) {}

      @Override
      public void mountRoot(Router root) { routes.mount(root); }
    };
  }

  List<ApiRouter.Feature> all() { return all; }

  /** Demo data, when configured: loaded once every feature exists and before the server answers. Blocks (start-up only). */
  void loadDemoIfRequested() { DemoData.loadIfRequested(platform, live); }

  Future<?> start() { return Future.all(all.stream().map(ApiRouter.Feature::start).toList()); }
}
