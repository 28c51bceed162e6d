package io.beacon.accounts;

import io.beacon.auth.AuthService;
import io.beacon.auth.OperatorKey;
import io.beacon.live.LiveBus;
import io.beacon.notices.Notices;
import io.beacon.platform.ApiRouter;
import io.beacon.platform.Platform;
import io.vertx.ext.web.Router;

/**
 * The account feature: staff and the operation log, the agency's information, client and asset
 * authorisations. The task center exports the operation log through {@link #store()}.
 */
public final class Accounts implements ApiRouter.Feature {
  private final AccountsStore store;
  private final StaffService staff;
  private final AccountInfo info;
  private final ClientAuthorizations clients;
  private final AssetAuthorizations assets;
  private final OperatorKey operatorKey;

  public Accounts(Platform platform, AuthService auth, LiveBus bus, Notices notices, OperatorKey operatorKey) {
    this.store = new AccountsStore(platform.pg());
    this.staff = new StaffService(platform, store, auth, bus);
    this.info = new AccountInfo(platform);
    this.clients = new ClientAuthorizations(platform, notices);
    this.assets = new AssetAuthorizations(platform, notices);
    this.operatorKey = operatorKey;
  }

  public AccountsStore store() { return store; }

  @Override
  public void mount(Router api) {
    new AccountsRoutes(staff, store).mount(api);
    new AccountInfoRoutes(info, operatorKey).mount(api);
    new AuthorizationRoutes(clients, assets, operatorKey).mount(api);
  }
}
