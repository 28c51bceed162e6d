package io.beacon.channel;

import io.beacon.auth.Caller;
import io.beacon.auth.Role;
import io.beacon.live.LiveBus;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.notices.Notices;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * About {@code count} demo leads imported through the real CSV import, spread over the agency's
 * staff, then worked: calls, follow-ups (valid, invalid, private contact made), unknown leads, and
 * some converted into opportunities.
 */
public final class LeadsDemo {
  private static final String[] CITIES = {"杭州", "上海", "北京", "深圳", "成都", "武汉", "南京", "苏州", "广州", "西安"};
  private static final String[] TRADES = {"教育科技", "零售连锁", "餐饮管理", "家居建材", "旅游服务", "医疗美容", "汽车服务", "电子商务"};
  private static final String[] TYPES = {"consultation", "event", "platform", "referral"};
  private static final String[] PRIORITIES = {"high", "medium", "low"};

  private LeadsDemo() {}

  public static Future<Void> load(Platform platform, long agencyId, Map<String, Long> staffIds, int count, long seed) {
    Random random = new Random(seed);
    Leads leads = new Leads(platform, new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE));
    LeadStore store = new LeadStore(platform.pg());
    Caller main = new Caller(0, 0, null, null, agencyId, null, null, null, Role.MAIN, false, "demo", "demo loader");
    StringBuilder csv = new StringBuilder("name,type,priority,phone,contact,industry,company\n");
    for (int i = 0; i < count; i++) {
      boolean unknown = i % 9 == 4;
      String company = CITIES[random.nextInt(CITIES.length)] + "某" + TRADES[random.nextInt(TRADES.length)] + "有限公司";
      csv.append(unknown ? Lead.UNKNOWN : company.replace("有限公司", "")).append(',')
          .append(unknown ? "consultation" : TYPES[random.nextInt(TYPES.length)]).append(',')
          .append(PRIORITIES[random.nextInt(PRIORITIES.length)]).append(',')
          .append("13").append(String.format("%09d", random.nextInt(1_000_000_000))).append(',')
          .append("联系人").append(i).append(",,").append(unknown ? "" : company).append('\n');
    }
    List<Long> staff = new ArrayList<>(staffIds.values());
    staff.sort(Long::compare);
    return Future.all(staff.stream().map(id -> store.activeStaff(agencyId, id).map(ok -> ok ? id : null)).toList())
        .compose(all -> {
          List<Long> ours = all.<Long>list().stream().filter(id -> id != null).toList();
          return leads.importCsv(main, csv.toString(), "demo-leads-" + seed)
              .compose(v -> leads.leads(main, "all", new LeadStore.Query(agencyId, null, null, null, null, null, null, null, null, 1, count)))
              .compose(page -> {
                Future<Void> chain = Future.succeededFuture();
                for (int i = 0; i < page.items().size() && !ours.isEmpty(); i++) {
                  Lead lead = page.items().get(i);
                  long follower = ours.get(i % ours.size());
                  int n = i;
                  if (i % 10 == 9) continue;   // unassigned
                  chain = chain.compose(v -> work(leads, main, lead, follower, agencyId, n));
                }
                return chain;
              });
        });
  }

  private static Future<Void> work(Leads leads, Caller main, Lead lead, long follower, long agencyId, int i) {
    Caller staff = new Caller(0, 0, null, null, agencyId, follower, null, null, Role.EMPLOYEE, false, "demo", "demo");
    Future<Void> f = leads.assignLead(main, lead.id(), follower);
    return switch (i % 6) {
      case 1 -> f.compose(v -> leads.call(staff, LeadStore.Pipeline.LEADS, lead.id(), "no_answer", 0, "未接通"));
      case 2 -> f.compose(v -> leads.call(staff, LeadStore.Pipeline.LEADS, lead.id(), "connected", 180, "介绍了产品"))
          .compose(v -> leads.followUpLead(staff, lead.id(), LeadState.VALID, false, "有投放需求，待报价"));
      case 3 -> f.compose(v -> leads.followUpLead(staff, lead.id(), LeadState.INVALID, false, "号码空号"));
      case 4 -> f.compose(v -> leads.call(staff, LeadStore.Pipeline.LEADS, lead.id(), "connected", 320, "已加微信"))
          .compose(v -> leads.followUpLead(staff, lead.id(), LeadState.VALID, true, "客户提供了微信"))
          .compose(v -> lead.unknown() ? Future.succeededFuture()
              : leads.convert(staff, lead.id(), new JsonObject().put("intentLevel", i % 4 == 0 ? "high" : "medium")
                  .put("concerns", "担心起量速度").put("expectedBudgetFen", 3_000_000L * (1 + i % 5))
                  .put("contactWechat", "wx_" + lead.id())).mapEmpty());
      default -> f;
    };
  }
}
