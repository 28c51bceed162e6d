package io.beacon.auth;

import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * Identity and access as one feature: authentication and the operation log on every API request,
 * login, tokens and QR login. Other features use {@link #service()} (sessions, revocation) and
 * {@link #authenticate()} (the WebSocket checks its token the same way).
 */
public final class Auth implements ApiRouter.Feature {
  private final AuthService service;
  private final Authenticate authenticate;
  private final AuditLog auditLog;
  private final QrLogin qrLogin;

  public Auth(Platform platform, AuthStore store, TokenService tokens) {
    this.service = new AuthService(platform, store, tokens);
    this.authenticate = new Authenticate(platform.contract(), tokens, store);
    this.auditLog = new AuditLog(platform.pg(), platform.clock());
    this.qrLogin = new QrLogin(platform, service);
  }

  public AuthService service() { return service; }

  public Authenticate authenticate() { return authenticate; }

  @Override
  public List<Handler<RoutingContext>> apiFilters() { return List.of(authenticate, auditLog); }

  @Override
  public void mount(Router api) {
    new AuthRoutes(service).mount(api);
    new QrRoutes(qrLogin).mount(api);
  }

  @Override
  public Future<?> start() { return qrLogin.start(); }

  @Override
  public void close() { qrLogin.close(); }
}
