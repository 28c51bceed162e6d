package io.beacon.tickets;

import io.beacon.accounts.AccountsStore;
import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.notices.Notices;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;

/**
 * Demo tickets in every state, made through the real service with a clock set back in time so the
 * timelines, urge windows and the 14-day return window look lived-in: processing (new and urgeable),
 * urged, returned (recent and about to be auto-cancelled), resubmitted, completed (rated or not), cancelled.
 */
public final class TicketsDemo {
  private static final String[][] SAMPLES = {
      {"delivery_effect", "计划消耗突然下降", "智能诊断：出价低于行业均值 30%，已调高出价，未恢复", "昨日 14:00 起消耗下降 60%，转化成本上升。"},
      {"delivery_effect", "转化数据回传延迟", "智能诊断：转化回传正常，延迟约 3 小时", "后台转化数与自有系统差异较大，请核查回传链路。"},
      {"delivery_product", "搜索推广关键词无法添加", "智能诊断：无异常", "添加关键词时报错“系统繁忙”，换浏览器仍失败。"},
      {"delivery_product", "展示推广素材审核超时", "智能诊断：素材规格符合要求", "素材提交超过 48 小时仍在审核中。"},
      {"product_consultation", "全域智投预算分配规则咨询", "已阅读帮助文档", "多个计划共享预算时，分配优先级如何计算？"},
      {"product_consultation", "外投钱包充值到账时间", "已核对对公转账流水", "对公转账后多久可以在外投钱包看到余额？"},
  };

  private TicketsDemo() {}

  public static Future<Void> load(Platform platform, long agencyId, java.util.Map<String, Long> staffIds, List<Long> clientIds,
                                  int count, long seed) {
    Random random = new Random(seed);
    TicketStore.OperatorAudit operator = new TicketStore.OperatorAudit("operatorDemo", null, "demo");
    Instant now = platform.clock().instant();
    Future<Void> chain = Future.succeededFuture();
    List<Long> staff = staffIds.values().stream().sorted().toList();
    AccountsStore staffStore = new AccountsStore(platform.pg());
    for (int i = 0; i < count; i++) {
      int n = i;
      chain = chain.compose(v -> staffStore.staff(agencyId, staff.get(n % staff.size()))
          .compose(member -> member.filter(m -> "active".equals(m.status())).isEmpty() ? Future.succeededFuture()
              : one(platform, agencyId, staff.get(n % staff.size()), clientIds.isEmpty() ? null : clientIds.get(random.nextInt(clientIds.size())), n, now, operator)));
    }
    return chain;
  }

  private static Future<Void> one(Platform platform, long agencyId, long staffId, Long clientId, int i, Instant now,
                                  TicketStore.OperatorAudit operator) {
    String[] s = SAMPLES[i % SAMPLES.length];
    int state = i % 8;
    Instant submitted = state == 3 ? now.minus(Duration.ofDays(15)) : now.minus(Duration.ofHours(state == 0 ? 2 : 14 + 9L * i));
    Caller submitter = new Caller(0, 0, null, null, agencyId, staffId, null, null, Role.MAIN, false, "demo", "demo");
    JsonObject body = new JsonObject().put("category", s[0]).put("title", s[1]).put("selfCheckResult", s[2]).put("description", s[3])
        .put("unitId", "unit-" + (100_000 + i * 37)).put("spendImpactFen", 50_000L * (1 + i % 7))
        .put("occurredFrom", submitted.minus(Duration.ofHours(6)).toString()).put("occurredTo", submitted.minus(Duration.ofHours(1)).toString());
    if (clientId != null) body.put("clientId", clientId);
    Tickets at = at(platform, submitted);
    Instant later = submitted.plus(Duration.ofHours(13));
    Instant returnedAt = state == 3 ? now.minus(Duration.ofDays(13).plusHours(20)) : later;
    return at.create(submitter, body, List.of(), null).compose(c -> {
      long id = c.ticket().id();
      return switch (state) {
        case 2 -> at(platform, later).urge(submitter, id, false).mapEmpty();
        case 3, 4 -> at(platform, returnedAt).operatorReturn(id, "请补充问题单元的截图与诊断结果", null, operator).mapEmpty();
        case 5 -> at(platform, later).operatorReturn(id, "类目选择错误，请改为投放产品", null, operator)
            .compose(t -> at(platform, later.plus(Duration.ofHours(2))).resubmit(submitter, id, new JsonObject(), null)).mapEmpty();
        case 6 -> at(platform, later).operatorComplete(id, "已调整出价策略，消耗恢复", operator)
            .compose(t -> at(platform, later.plus(Duration.ofHours(3))).rate(submitter, id, i % 2 == 0 ? "solved" : "unsolved",
                i % 2 == 0 ? null : "仍有波动")).mapEmpty();
        case 7 -> at(platform, later).cancel(submitter, id).mapEmpty();
        default -> Future.succeededFuture();
      };
    });
  }

  /** The service as it was at {@code instant} (its notices carry that time too). */
  private static Tickets at(Platform p, Instant instant) {
    Platform then = new Platform(p.vertx(), p.config(), p.engines(), p.pg(), p.redisClient(), p.redis(), p.metrics(), p.contract(),
        Clock.fixed(instant, ZoneOffset.UTC));
    return new Tickets(then, new Notices(then, new LiveBus(p.redis()), WorkNoticeDelivery.NONE));
  }
}
