package io.beacon;

import io.beacon.accounts.AccountsRoutes;
import io.beacon.accounts.AccountsStore;
import io.beacon.accounts.StaffService;
import io.beacon.auth.AuditLog;
import io.beacon.auth.AuthRoutes;
import io.beacon.auth.AuthService;
import io.beacon.auth.AuthStore;
import io.beacon.auth.Authenticate;
import io.beacon.auth.OperatorKey;
import io.beacon.auth.QrLogin;
import io.beacon.auth.QrRoutes;
import io.beacon.auth.TokenService;
import io.beacon.demo.DemoData;
import io.beacon.finance.Finance;
import io.beacon.finance.LiveLink;
import io.beacon.live.Live;
import io.beacon.live.LiveBus;
import io.beacon.live.push.PushHub;
import io.beacon.live.push.PushRoutes;
import io.beacon.live.push.WebhookDispatcher;
import io.beacon.live.push.WebhookRoutes;
import io.beacon.channel.LeadRoutes;
import io.beacon.channel.Leads;
import io.beacon.notices.NoticeRoutes;
import io.beacon.notices.Notices;
import io.beacon.tickets.OperatorRoutes;
import io.beacon.tickets.Sweeper;
import io.beacon.tickets.TicketRoutes;
import io.beacon.tickets.Tickets;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds every feature from the platform and says what each contributes: /api/v1 filters (run on
 * every API request after validation), /api/v1 routes, root routes (WebSocket, pages), background work.
 */
record Features(List<Handler<RoutingContext>> apiFilters, List<ApiRouter.Feature> apiRoutes,
                List<ApiRouter.Feature> rootRoutes, List<Background> background, List<AutoCloseable> closeables) {

  /** Timers and workers owned by a feature, started after the HTTP server is up. */
  interface Background {
    Future<?> start();
  }

  static Features create(Platform platform) {
    List<Handler<RoutingContext>> filters = new ArrayList<>();
    List<ApiRouter.Feature> api = new ArrayList<>();
    List<ApiRouter.Feature> root = new ArrayList<>();
    List<Background> background = new ArrayList<>();
    List<AutoCloseable> closeables = new ArrayList<>();

    AuthStore authStore = new AuthStore(platform.pg());
    TokenService tokens = TokenService.create(platform, authStore).await();
    AuthService auth = new AuthService(platform, authStore, tokens);
    Authenticate authenticate = new Authenticate(platform.contract(), tokens, authStore);
    filters.add(authenticate);
    filters.add(new AuditLog(platform.pg(), platform.clock()));
    api.add(new AuthRoutes(auth));
    LiveBus bus = new LiveBus(platform.redis());

    // --- accounts: staff, operation log, QR login
    QrLogin qrLogin = new QrLogin(platform, auth);
    api.add(new QrRoutes(qrLogin));
    background.add(qrLogin::start);
    closeables.add(qrLogin::close);
    AccountsStore accountsStore = new AccountsStore(platform.pg());
    api.add(new AccountsRoutes(new StaffService(platform, accountsStore, auth, bus), accountsStore));

    // --- live: ingest, counters, alerts, persistence, reconciler, simulator (issue 4)
    Live live = new Live(platform, bus);
    api.add(live.routes());
    background.add(live::start);
    closeables.add(live);

    // --- live: push hub, SSE, webhooks (issue 4)
    io.beacon.wallboard.BoardLinks boardLinks = new io.beacon.wallboard.BoardLinks(platform);
    PushHub push = new PushHub(platform, authenticate, live.counters()::clients, boardLinks::grant);
    WebhookDispatcher webhooks = new WebhookDispatcher(platform);
    push.onDurable(webhooks::poke);
    root.add(PushRoutes.webSocket(push));
    api.add(PushRoutes.stream(push));
    api.add(new WebhookRoutes(webhooks));
    background.add(() -> platform.vertx().deployVerticle(push));
    background.add(() -> platform.vertx().deployVerticle(webhooks));

    // --- finance (issue 7)
    Finance finance = new Finance(platform, LiveLink.of(live.counters()::adjustBalance, live.counters()::clients, live.alerts()::fundAnomaly));
    api.add(finance.routes());
    api.add(new io.beacon.alertfix.AlertFixRoutes(new io.beacon.alertfix.AlertFixService(live.fixes(), finance.service(), platform.clock())));
    background.add(finance::start);
    closeables.add(finance);

    // --- tickets, notices, leads (issue 8)
    Notices notices = new Notices(platform, bus, webhooks::deliverTo);
    live.alerts().deliverWith(notices::deliverAlert);
    Tickets tickets = new Tickets(platform, notices);
    String configuredOperatorKey = platform.config().tickets().operatorKey();
    String operatorKey = configuredOperatorKey != null && !configuredOperatorKey.isBlank() ? configuredOperatorKey
        : authStore.secret("tickets-operator-key", java.util.UUID.randomUUID() + "-" + java.util.UUID.randomUUID()).await();
    api.add(new NoticeRoutes(notices));
    api.add(new TicketRoutes(tickets));
    OperatorKey operator = new OperatorKey(operatorKey);
    api.add(new OperatorRoutes(tickets, operator));
    Leads leads = new Leads(platform, notices);
    api.add(new LeadRoutes(leads));
    Sweeper sweeper = new Sweeper(platform.vertx(), platform.config().tickets().sweepSeconds() * 1000L,
        java.util.Map.of("tickets auto-cancelled", tickets::autoCancelDue, "leads expired", leads::expireDue));
    background.add(sweeper::start);
    closeables.add(sweeper);

    // --- home, monitoring, web pages (issue 6)
    root.add(new io.beacon.home.WebAppRoutes(platform));
    io.beacon.readmodel.ReadCache readCache = new io.beacon.readmodel.ReadCache(platform.clock());
    io.beacon.readmodel.LiveFigures liveFigures = io.beacon.readmodel.LiveFigures.shared(readCache,
        (agencyId, clientIds) -> live.counters().clients(agencyId, clientIds));
    io.beacon.readmodel.Periods periods = new io.beacon.readmodel.Periods(new io.beacon.readmodel.AgencyZoneStore(platform.pg()), platform.clock());
    io.beacon.home.HomeService home = new io.beacon.home.HomeService(new io.beacon.home.HomeStore(platform.pg()),
        periods, liveFigures, finance.service()::overview, readCache);
    api.add(new io.beacon.home.HomeRoutes(home));
    io.beacon.monitor.MonitorService monitor = new io.beacon.monitor.MonitorService(
        new io.beacon.monitor.MonitorStore(platform.pg()), periods, liveFigures, readCache, notices);
    api.add(new io.beacon.monitor.MonitorRoutes(monitor));
    // --- read-only wall-board links: the board page reads today's figures and alerts of the link's scope
    api.add(new io.beacon.wallboard.BoardRoutes(boardLinks, home, live.alerts()));
    root.add(io.beacon.wallboard.BoardRoutes.page(boardLinks, platform.vertx().fileSystem(), platform.config().http().staticDir()));

    // --- data overview (SPEC §5)
    io.beacon.reports.Reports reports = new io.beacon.reports.Reports(platform, readCache);
    api.add(reports.routes());
    background.add(reports::start);
    closeables.add(reports);

    // --- task center: exports of the monitoring table, data detail, finance details, client funds, operation log (X1)
    List<io.beacon.exports.ExportKind> exportKinds = new ArrayList<>();
    exportKinds.add(io.beacon.exports.ExportKinds.monitor(monitor));
    exportKinds.add(io.beacon.exports.ExportKinds.dataDetail(reports.service()));
    exportKinds.addAll(io.beacon.exports.ExportKinds.finance(finance.reports()));
    exportKinds.add(io.beacon.exports.ExportKinds.operationLog(accountsStore));
    io.beacon.partner.Partner partner = io.beacon.partner.Partner.create(platform, notices);
    exportKinds.add(io.beacon.exports.ExportKinds.partnerClients(partner.performance()));
    io.beacon.exports.Exports exports = new io.beacon.exports.Exports(platform, notices, exportKinds);
    api.add(new io.beacon.exports.ExportRoutes(exports));
    background.add(exports::start);
    closeables.add(exports);

    // --- qualifications (资质, MT4) and platform news (H4): issue 6
    io.beacon.qualifications.Qualifications qualifications = new io.beacon.qualifications.Qualifications(platform, notices);
    api.add(new io.beacon.qualifications.QualificationRoutes(qualifications, operator));
    background.add(qualifications::start);
    closeables.add(qualifications);
    api.add(new io.beacon.notices.AnnouncementRoutes(new io.beacon.notices.Announcements(platform), operator));

    // --- channel cooperation (performance, health, platform tasks) and account: information, client and asset authorisation, profile
    api.add(new io.beacon.partner.PartnerRoutes(partner));
    api.add(new io.beacon.partner.PartnerOperatorRoutes(partner, operator));
    api.add(new io.beacon.accounts.AccountInfoRoutes(new io.beacon.accounts.AccountInfo(platform), operator));
    api.add(new io.beacon.accounts.AuthorizationRoutes(new io.beacon.accounts.ClientAuthorizations(platform, notices),
        new io.beacon.accounts.AssetAuthorizations(platform, notices), operator));

    // --- demo data (issue 2): last, once every feature above exists
    DemoData.loadIfRequested(platform, live);

    return new Features(filters, api, root, background, closeables);
  }

  Future<?> startBackground() {
    return Future.all(background.stream().map(Background::start).toList());
  }
}
