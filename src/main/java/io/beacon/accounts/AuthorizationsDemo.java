package io.beacon.accounts;

import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Demo account content for one agency: its account information and certificate, clients in every authorisation
 * state with their invitations (the demo's invited clients pending, two of them refused; two contracts terminating), asset requests in
 * each state (two pending ones addressed to the client of multi@demo, so its client view has something to answer)
 * and lead forms of the clients that granted lead data.
 */
public final class AuthorizationsDemo {
  /** How many of the demo's pending clients refused their invitation. */
  private static final int REFUSED = 2;
  private static final String[] FORMS = {"免费试听预约", "到店体验登记", "获取报价", "在线咨询"};
  private static final String[] NAMES = {"刘先生", "陈女士", "张先生", "王女士", "李先生", "赵女士", "孙先生", "周女士"};

  private AuthorizationsDemo() {}

  public static Future<Void> load(Platform platform, long agencyId, Map<String, Long> staffIds) {
    AuthorizationStore store = new AuthorizationStore(platform.pg());
    AssetStore assets = new AssetStore(platform.pg());
    Instant now = platform.clock().instant();
    Long inviter = staffIds.getOrDefault("staff@demo", staffIds.get("main@demo"));
    return Future.all(account(platform, agencyId, now), store.demoClients(agencyId)).compose(done -> {
      List<JsonObject> clients = done.resultAt(1);
      List<Future<?>> all = new ArrayList<>();
      List<Long> authorized = new ArrayList<>();
      Long own = null;
      int pending = 0;
      for (JsonObject c : clients) {
        String status = c.getString("status");
        Instant invited = now.minus(Duration.ofDays(30L + c.getLong("id") % 150));
        if ("pending".equals(status)) {
          // the first two invitees refused; the others have not answered yet
          boolean refuses = pending++ < REFUSED;
          long clientId = c.getLong("id");
          all.add(store.insertDemoInvitation(agencyId, clientId, inviter, invited, "pending", null).compose(v -> !refuses
              ? Future.succeededFuture() : store.decide(agencyId, clientId, false, null, invited.plus(Duration.ofHours(20)))));
        }
        if ("authorized".equals(status)) {
          if (c.getBoolean("ownUsers") && own == null) own = c.getLong("id");
          else authorized.add(c.getLong("id"));
        }
      }
      // two contracts being ended, from the end of the list (away from the clients other demos use first)
      for (int k = 1; k <= 2 && authorized.size() > k; k++) {
        all.add(store.setDemoState(agencyId, authorized.get(authorized.size() - k), "authorized", "terminating"));
      }
      for (int k = 0; k < Math.min(20, authorized.size()); k++) {
        long clientId = authorized.get(k);
        all.add(store.insertDemoInvitation(agencyId, clientId, inviter, now.minus(Duration.ofDays(200 + k)), "accepted",
            now.minus(Duration.ofDays(199 + k))));
      }
      if (own != null) {
        all.add(assets.request(agencyId, own, "lead_data", "用于线索跟进与转化分析", inviter, now.minus(Duration.ofHours(5))));
        all.add(assets.request(agencyId, own, "conversion_callback", "对接转化回传以优化出价", inviter, now.minus(Duration.ofHours(3))));
      }
      String[][] requests = {{"lead_data", "accepted"}, {"lead_data", "accepted"}, {"lead_data", "accepted"}, {"audience_upload", "accepted"},
          {"conversion_callback", "refused"}, {"lead_data", "refused"}, {"audience_upload", "pending"}, {"conversion_callback", "pending"}};
      for (int k = 0; k < requests.length && 2 + k < authorized.size(); k++) {
        long clientId = authorized.get(2 + k);
        String[] r = requests[k];
        Instant at = now.minus(Duration.ofDays(10L - k));
        int ord = k;
        all.add(assets.request(agencyId, clientId, r[0], "代理商申请 " + AssetAuthorizations.ASSET_NAMES.get(r[0]), inviter, at).compose(id -> {
          if (id.isEmpty() || "pending".equals(r[1])) return Future.succeededFuture();
          boolean accept = "accepted".equals(r[1]);
          return assets.decide(agencyId, clientId, id.get(), accept, accept ? null : "暂不开放该数据", null, at.plus(Duration.ofHours(8)))
              .compose(v -> !accept || !"lead_data".equals(r[0]) ? Future.succeededFuture() : leads(assets, clientId, ord, at));
        }));
      }
      return Future.all(all).mapEmpty();
    });
  }

  /** Lead forms submitted to a client's ads since it granted access. */
  private static Future<?> leads(AssetStore assets, long clientId, int ord, Instant from) {
    List<Future<?>> all = new ArrayList<>();
    for (int i = 0; i < 6 + ord; i++) {
      String phone = String.format("138%04d%04d", 1000 + ord * 37 + i, 2000 + i * 131);
      all.add(assets.insertLead(clientId, NAMES[(ord + i) % NAMES.length], phone, FORMS[(ord + i) % FORMS.length],
          i % 3 == 0 ? "想了解价格和优惠" : null, from.plus(Duration.ofHours(10L + i * 17L))));
    }
    return Future.all(all);
  }

  private static Future<JsonObject> account(Platform platform, long agencyId, Instant now) {
    LocalDate until = LocalDate.ofInstant(now, ZoneId.of("Asia/Shanghai")).plusYears(1).withDayOfYear(1).minusDays(1);
    String svg = """
        <svg xmlns="http://www.w3.org/2000/svg" width="800" height="560" viewBox="0 0 800 560">
          <rect width="800" height="560" fill="#fffdf5" stroke="#b8860b" stroke-width="12"/>
          <text x="400" y="120" font-size="44" text-anchor="middle" fill="#8b0000">代理商授权证书</text>
          <text x="400" y="170" font-size="20" text-anchor="middle" fill="#555">Agency Authorisation Certificate</text>
          <text x="400" y="280" font-size="30" text-anchor="middle">星河数字营销</text>
          <text x="400" y="330" font-size="18" text-anchor="middle" fill="#333">授权其为灯火广告渠道代理商（金牌服务商）</text>
          <text x="400" y="430" font-size="16" text-anchor="middle" fill="#666">有效期至 %s · Beacon demo</text>
        </svg>""".formatted(until);
    return new AccountInfo(platform).update(agencyId, new JsonObject().put("alipayAccount", "xinghe-ads@alipay-demo.cn")
        .put("approvalStatus", "approved").put("certificationStatus", "certified").put("merchantTag", "金牌服务商 Gold partner")
        .put("certificate", new JsonObject().put("fileName", "agency-certificate.svg").put("contentType", "image/svg+xml")
            .put("contentBase64", Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8)))
            .put("validUntil", until.toString())));
  }
}
