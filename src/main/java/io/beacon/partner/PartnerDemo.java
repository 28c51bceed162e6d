package io.beacon.partner;

import io.beacon.live.LiveBus;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.NoticeText;
import io.beacon.notices.Notices;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Demo channel cooperation for one agency: indicators of the last four quarters (targets set around the spend
 * Beacon computes, so some are met, some missed, the current one being assessed; a quarter before the history
 * holds only platform-measured ones), deductions over the last
 * months, inspection tasks in every status, and eight platform tasks in every state.
 */
public final class PartnerDemo {
  /** Target as a share of the computed figure, per quarter (newest first) and per computed indicator. */
  private static final double[][] TARGET_SHARE = {{1.25, 1.10, 1.60}, {0.92, 1.05, 0.80}, {1.08, 0.95, 1.20}, {0.85, 0.90, 0.75}};
  private static final String[][] COMPUTED = {{"spend", "季度消耗 Quarterly spend", "fen"},
      {"active_clients", "有消耗客户数 Clients with spend", "clients"}, {"new_clients", "新增客户数 New clients", "clients"}};
  private static final Object[][] DEDUCTIONS = {
      {"business", 12, "未按时提交客户资质年检材料", "3 家客户资质过期未更新", 7},
      {"promotion", 8, "素材违规：夸大宣传用语", "审核驳回记录 #A-20931", 3},
      {"credit", 10, "保证金余额低于要求 3 日", "保证金账户余额截图", 5},
      {"promotion", 5, "落地页与投放行业不符", "巡检抽样 2 条", 1},
      {"business", 6, "客户投诉未在 48 小时内响应", "工单 #T-5581", 2},
      {"credit", 4, "对公打款延迟", "财务流水", 4},
      {"promotion", 3, "投放时段违规", "抽查记录", 0},
      {"business", 5, "渠道信息变更未报备", "渠道经理反馈", 0}};
  private static final Object[][] TASKS = {
      {"product_release", "全域智投「经营目标出价」邀测", "诚邀参与经营目标出价内测，完成 3 个客户的计划搭建即可获得流量扶持。", 20, "unread", null},
      {"indicator", "Q4 季度消耗冲刺", "本季度消耗目标完成度低于进度，请关注重点客户预算。", 30, "in_progress", null},
      {"account_setup", "完善代理商联系人信息", "请在账户信息中补充财务联系人与紧急联系人。", 10, "done", null},
      {"product_release", "搜索推广关键词规划工具升级", "新版关键词规划已上线，欢迎试用并反馈。", 14, "unread", "main"},
      {"indicator", "新客开拓激励计划", "本月新增有消耗客户 ≥ 5 家可获返点加成。", 25, "in_progress", "admin"},
      {"account_setup", "员工账号实名核验", "请完成所有员工账号的实名核验。", -3, "unread", null},
      {"product_release", "展示推广新版素材中心邀测", "素材中心支持批量生成与智能裁剪。", -10, "done", null},
      {"indicator", "客户资质年检", "请于截止日前完成名下客户资质年检。", 5, "unread", null}};

  private PartnerDemo() {}

  public static Future<Void> load(Platform platform, long agencyId) {
    Instant now = platform.clock().instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Shanghai"));
    PerformanceStore performance = new PerformanceStore(platform.pg());
    HealthStore health = new HealthStore(platform.pg());
    TaskStore tasks = new TaskStore(platform.pg());
    Notices notices = new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE);
    List<Future<?>> all = new ArrayList<>();
    List<AssessmentPeriod> quarters = AssessmentPeriod.lastQuarters(today, 4);
    for (int q = 0; q < quarters.size(); q++) {
      AssessmentPeriod period = quarters.get(q);
      double[] share = TARGET_SHARE[q];
      Instant published = period.from().atStartOfDay(ZoneId.of("Asia/Shanghai")).toInstant().plus(Duration.ofDays(2));
      all.add(performance.figures(agencyId, period.from(), period.to()).compose(f -> {
        long[] actual = {f.spendFen(), f.activeClients(), f.newClients()};
        List<Future<?>> one = new ArrayList<>();
        // a quarter before the demo's history: only what the platform itself measured
        if (f.spendFen() == 0) {
          one.add(performance.upsert(agencyId, new PerformanceStore.Indicator(period.label(), "certified_staff",
              "认证优化师人数 Certified optimisers", "count", 5, 6L, published)));
        }
        for (int i = 0; i < COMPUTED.length && f.spendFen() > 0; i++) {
          long target = Math.max(1, Math.round(actual[i] * share[i] / (i == 0 ? 1_000_000.0 : 1)) * (i == 0 ? 1_000_000L : 1));
          one.add(performance.upsert(agencyId, new PerformanceStore.Indicator(period.label(), COMPUTED[i][0], COMPUTED[i][1],
              COMPUTED[i][2], target, null, published)));
        }
        one.add(performance.upsert(agencyId, new PerformanceStore.Indicator(period.label(), "smart_share",
            "全域智投消耗占比 Smart-delivery share", "percent", 40, share[0] > 1 ? 36L : 44L, published)));
        return Future.all(one);
      }));
    }
    for (int i = 0; i < DEDUCTIONS.length; i++) {
      Object[] d = DEDUCTIONS[i];
      LocalDate day = today.minusMonths((Integer) d[4]).withDayOfMonth(Math.min(28, 3 + i * 3));
      if (day.isAfter(today)) day = today;
      all.add(health.insertDeduction(agencyId, (String) d[0], day, (String) d[2], (Integer) d[1], (String) d[3], now));
    }
    String[][] inspections = {{"2026 年度资质巡检", "passed", "抽查 30 家客户资质，全部合规"}, {"素材合规专项巡检", "failed", "2 条素材存在夸大宣传，已扣分"},
        {"落地页一致性巡检", "running", null}, {"年末资信巡检", "scheduled", null}, {"Q3 客户服务质量巡检", "passed", "客户满意度 96%"}};
    for (int i = 0; i < inspections.length; i++) {
      LocalDate from = today.minusDays(120L - i * 28L);
      all.add(health.insertInspection(agencyId, inspections[i][0], from, from.plusDays(20), inspections[i][1], inspections[i][2], now));
    }
    for (int i = 0; i < TASKS.length; i++) {
      Object[] t = TASKS[i];
      int days = (Integer) t[3];
      Instant deadline = now.plus(Duration.ofDays(days)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      Instant recent = now.minus(Duration.ofDays(15L - i)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      Instant published = recent.isBefore(deadline) ? recent : deadline.minus(Duration.ofDays(7));
      String role = (String) t[5];
      JsonObject target = role == null ? new JsonObject().put("scope", "agencies").put("agencyIds", new JsonArray().add(agencyId))
          : new JsonObject().put("scope", "role").put("agencyIds", new JsonArray().add(agencyId)).put("role", role);
      String state = (String) t[4];
      String link = "indicator".equals(t[0]) ? "#/partner?tab=performance" : "#/partner?tab=tasks";
      all.add(tasks.publish((String) t[0], (String) t[1], (String) t[2], link, deadline, target, List.of(agencyId), role, published)
          .compose(p -> switch (state) {
            case "in_progress" -> tasks.markRead(agencyId, role, p.taskId(), published.plus(Duration.ofHours(5))).mapEmpty();
            case "done" -> tasks.complete(agencyId, role, p.taskId(), deadline.isAfter(now) ? now : deadline.minus(Duration.ofDays(2)))
                .mapEmpty();
            default -> role != null ? Future.succeededFuture() : notices.create(agencyId, null, NoticeKind.SYSTEM, NoticeText.plain("新任务 New task · " + t[1], (String) t[2]), "#/partner?tab=tasks")
                .mapEmpty();
          }));
    }
    return Future.all(all).mapEmpty();
  }
}
