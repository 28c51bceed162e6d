package io.beacon.demo;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Everything the demo loader writes, decided in Java from one seed: the two agencies, their logins,
 * the clients with their budgets, balances, coupons and ad units, and the parameters the database
 * turns into demo.historyDays (180 by default) days of hourly history. Same seed and same first day, same plan.
 */
record DemoPlan(List<Agency> agencies, List<Account> accounts, List<Client> clients, LocalDate firstDay, int days) {

  static final int MAIN_CLIENTS = 300;
  static final int RIVAL_CLIENTS = 24;
  /** How many of the main agency's clients the dedicated employee is assigned. */
  static final int DEDICATED_CLIENTS = 12;

  /** An agency with its wallets in fen (general wallet, external-delivery wallet, deposit paid). */
  record Agency(String name, String pid, long generalFen, long externalFen, long depositFen) {}

  /**
   * A demo login (README "Demo logins"). {@code agency} indexes {@link #agencies}; {@code clientIdentity} marks a login
   * that also holds a client identity (of the main agency's first client).
   */
  record Account(String account, String displayName, int agency, String role, boolean clientIdentity) {}

  /** One ad unit of a client; {@code weight} is its share of the client's hours. */
  record Unit(String campaignId, String unitId, String mode, boolean brand, String goal, String conversionEvent,
              double weight, long cpmFen, double ctr, double cvr) {}

  /**
   * A client. Spend runs from day {@code startDay} to {@code endDay} (0 = first day of history) at about
   * {@code utilization} of the daily budget, drifting by {@code growth} over the period.
   */
  record Client(int ord, int agency, String name, String pid, String email, Industry industry, String status,
                String authorizationStatus, String contractState, long dailyBudgetFen, double utilization,
                double growth, int phase, int startDay, int endDay, long cashFen, long couponNormalFen,
                long couponTrafficFen, long creditFen, double couponShare, double creditShare, List<Unit> units) {
    boolean spends() { return startDay <= endDay; }
  }

  private static final String[][] BRANDS = {
      {"星辰", "xingchen"}, {"蓝海", "lanhai"}, {"启航", "qihang"}, {"云图", "yuntu"}, {"智汇", "zhihui"},
      {"金桥", "jinqiao"}, {"青禾", "qinghe"}, {"鼎盛", "dingsheng"}, {"华彩", "huacai"}, {"优品", "youpin"},
      {"乐享", "lexiang"}, {"锦程", "jincheng"}, {"恒信", "hengxin"}, {"瑞丰", "ruifeng"}, {"新元", "xinyuan"},
      {"博雅", "boya"}, {"天润", "tianrun"}, {"嘉禾", "jiahe"}, {"远景", "yuanjing"}, {"安途", "antu"},
      {"美鲜", "meixian"}, {"聚力", "juli"}, {"朗润", "langrun"}, {"海纳", "haina"}, {"知行", "zhixing"},
      {"万象", "wanxiang"}, {"悦动", "yuedong"}, {"森屿", "senyu"}, {"晨光", "chenguang"}, {"匠心", "jiangxin"},
      {"麦田", "maitian"}, {"橙果", "chengguo"}, {"极光", "jiguang"}, {"同创", "tongchuang"}, {"沐光", "muguang"}};
  private static final String[] CITIES = {"北京", "上海", "杭州", "深圳", "广州", "成都", "武汉", "南京", "西安", "苏州", "重庆", "长沙"};
  private static final String[] MODES = {"smart", "search", "display", "external"};
  private static final double[] MODE_WEIGHTS = {0.45, 0.25, 0.2, 0.1};

  static DemoPlan create(long seed, LocalDate today, int days) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Agency> agencies = List.of(
        new Agency("星河数字营销", "2088601000000001", 268_500_000L, 36_000_000L, 10_000_000L),
        new Agency("远山互动广告", "2088601000000002", 45_000_000L, 5_000_000L, 2_000_000L));
    List<Account> accounts = List.of(
        new Account("main@demo", "陈星河", 0, "main", false),
        new Account("admin@demo", "李敏", 0, "admin", false),
        new Account("staff@demo", "王磊", 0, "employee", false),
        new Account("dedicated@demo", "赵婷", 0, "dedicated", false),
        new Account("multi@demo", "周洋", 0, "employee", true),
        new Account("main@rival", "孙远山", 1, "main", false));
    List<Client> clients = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> pids = new HashSet<>();
    for (int i = 0; i < MAIN_CLIENTS + RIVAL_CLIENTS; i++) {
      clients.add(client(rnd, i, i < MAIN_CLIENTS ? 0 : 1, names, pids, days));
    }
    return new DemoPlan(agencies, accounts, List.copyOf(clients), today.minusDays(days), days);
  }

  private static Client client(SplittableRandom rnd, int ord, int agency, Set<String> names, Set<String> pids, int days) {
    Industry industry = pickIndustry(rnd);
    String name;
    String pinyin;
    do {
      String[] brand = BRANDS[rnd.nextInt(BRANDS.length)];
      String city = CITIES[rnd.nextInt(CITIES.length)];
      name = city + brand[0] + industry.nameSuffixes.get(rnd.nextInt(industry.nameSuffixes.size()));
      pinyin = brand[1];
    } while (!names.add(name));
    String pid;
    do {
      pid = "2088" + String.format("%012d", rnd.nextLong(1_000_000_000_000L));
    } while (!pids.add(pid));
    String email = "ads" + (ord + 1) + "@" + pinyin + "-" + industry.slug.replace('_', '-') + ".cn";

    // status: most clients run all period; some started later, some paused or left, a few are still pending
    double s = rnd.nextDouble();
    String status = "active";
    String authorization = "authorized";
    String contract = "signed";
    int startDay = rnd.nextDouble() < 0.8 ? 0 : 10 + rnd.nextInt(days - 25);
    int endDay = days - 1;
    if (s < 0.03) {                    // invited recently, not yet accepted: no history
      authorization = "pending";
      startDay = days;
    } else if (s < 0.06) {             // contract ended weeks ago
      status = "terminated";
      authorization = "terminated";
      contract = "terminated";
      endDay = Math.max(startDay, days - 20 - rnd.nextInt(60));
    } else if (s < 0.12) {             // paused a few days ago
      status = "paused";
      endDay = Math.max(startDay, days - 2 - rnd.nextInt(20));
    }

    long budgetYuan = Math.round(Math.exp(Math.log(2_000) + rnd.nextDouble() * Math.log(80_000.0 / 2_000)) / 100) * 100;
    long dailyBudgetFen = budgetYuan * 100;
    double utilization = 0.45 + rnd.nextDouble() * 0.5;
    double growth = -0.3 + rnd.nextDouble() * 0.9;

    // balance covers between a few hours and about six weeks of budget; a handful run low on purpose
    double coverDays = rnd.nextDouble() < 0.06 ? rnd.nextDouble() * 0.25 : Math.exp(rnd.nextDouble() * Math.log(40)) * 0.5;
    long cashFen = "terminated".equals(status) ? 0 : Math.round(dailyBudgetFen * coverDays) + rnd.nextInt(100);
    long couponNormal = rnd.nextDouble() < 0.4 ? (5 + rnd.nextInt(200)) * 10_000L : 0;
    long couponTraffic = rnd.nextDouble() < 0.15 ? (2 + rnd.nextInt(50)) * 10_000L : 0;
    long credit = rnd.nextDouble() < 0.1 ? (50 + rnd.nextInt(450)) * 100_000L : 0;
    double couponShare = couponNormal + couponTraffic > 0 ? 0.02 + rnd.nextDouble() * 0.1 : rnd.nextDouble() * 0.02;
    double creditShare = credit > 0 ? 0.1 + rnd.nextDouble() * 0.3 : 0;

    List<Unit> units = units(rnd, pid, industry);
    return new Client(ord, agency, name, pid, email, industry, status, authorization, contract, dailyBudgetFen,
        utilization, growth, rnd.nextInt(30), startDay, endDay, cashFen, couponNormal, couponTraffic, credit,
        couponShare, creditShare, units);
  }

  private static List<Unit> units(SplittableRandom rnd, String pid, Industry industry) {
    int campaigns = 1 + rnd.nextInt(2);
    List<Unit> units = new ArrayList<>();
    double[] weights = new double[campaigns * 2];
    double total = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = 0.2 + rnd.nextDouble();
      total += weights[i];
    }
    int w = 0;
    for (int c = 1; c <= campaigns; c++) {
      boolean brand = rnd.nextDouble() < 0.08;
      String mode = brand ? "display" : pickMode(rnd);
      String goal = brand ? "brand_awareness" : industry.goals.get(rnd.nextInt(industry.goals.size()));
      String event = brand ? "page_view" : industry.conversionEvents.get(rnd.nextInt(industry.conversionEvents.size()));
      for (int u = 1; u <= 2; u++) {
        double[] cpmRange = switch (mode) {
          case "search" -> new double[] {4000, 9000};
          case "smart" -> new double[] {2500, 6000};
          case "display" -> new double[] {1500, 4000};
          default -> new double[] {2000, 5000};
        };
        double[] ctrRange = switch (mode) {
          case "search" -> new double[] {0.03, 0.08};
          case "smart" -> new double[] {0.015, 0.04};
          case "display" -> new double[] {0.005, 0.015};
          default -> new double[] {0.008, 0.025};
        };
        double[] cvrRange = switch (goal) {
          case "leads" -> new double[] {0.03, 0.1};
          case "app_install" -> new double[] {0.05, 0.15};
          case "store_visit", "store_traffic" -> new double[] {0.02, 0.06};
          case "followers" -> new double[] {0.03, 0.08};
          case "brand_awareness" -> new double[] {0.002, 0.01};
          default -> new double[] {0.015, 0.05};
        };
        String campaignId = pid + "-c" + c;
        units.add(new Unit(campaignId, campaignId + "-u" + u, mode, brand, goal, event, weights[w++] / total,
            Math.round(between(rnd, cpmRange)), between(rnd, ctrRange), between(rnd, cvrRange)));
      }
    }
    return List.copyOf(units);
  }

  private static double between(SplittableRandom rnd, double[] range) {
    return range[0] + rnd.nextDouble() * (range[1] - range[0]);
  }

  private static Industry pickIndustry(SplittableRandom rnd) {
    int total = 0;
    for (Industry i : Industry.values()) total += i.weight;
    int r = rnd.nextInt(total);
    for (Industry i : Industry.values()) {
      r -= i.weight;
      if (r < 0) return i;
    }
    throw new IllegalStateException();
  }

  private static String pickMode(SplittableRandom rnd) {
    double r = rnd.nextDouble();
    for (int i = 0; i < MODES.length; i++) {
      r -= MODE_WEIGHTS[i];
      if (r < 0) return MODES[i];
    }
    return MODES[MODES.length - 1];
  }

  /** One leg of a balanced ledger transaction; {@code agency} indexes {@link #agencies}. */
  record Leg(int agency, String txKind, String reference, String memo, String txClientPid, String accountKind,
             String accountClientPid, long amountFen) {}

  /**
   * Opening balances, coupon grants and credit lines as balanced ledger transactions, with the
   * counter-accounts finance uses: cash and agency wallets come from {@code world_payments}, coupons
   * from {@code world_coupons}, credit limits from {@code world_credit}.
   */
  List<Leg> ledgerLegs() {
    List<Leg> legs = new ArrayList<>();
    for (int a = 0; a < agencies.size(); a++) {
      Agency agency = agencies.get(a);
      addTransaction(legs, a, "opening", "demo-opening-" + agency.pid(), "期初余额 opening balance", null, "world_payments",
          new String[] {"agency_general", "agency_external", "deposit"}, null, agency.generalFen(), agency.externalFen(),
          agency.depositFen());
    }
    for (Client c : clients) {
      addTransaction(legs, c.agency(), "opening", "demo-opening-" + c.pid(), "期初余额 opening balance", c.pid(), "world_payments",
          new String[] {"client_cash"}, c.pid(), c.cashFen());
      addTransaction(legs, c.agency(), "coupon_grant", "demo-coupon-normal-" + c.pid(), "普通红包 normal coupon", c.pid(),
          "world_coupons", new String[] {"client_coupon_normal"}, c.pid(), c.couponNormalFen());
      addTransaction(legs, c.agency(), "coupon_grant", "demo-coupon-traffic-" + c.pid(), "流量红包 traffic coupon", c.pid(),
          "world_coupons", new String[] {"client_coupon_traffic"}, c.pid(), c.couponTrafficFen());
      addTransaction(legs, c.agency(), "credit_limit", "demo-credit-" + c.pid(), "后付费额度 post-pay credit line", c.pid(),
          "world_credit", new String[] {"client_credit"}, c.pid(), c.creditFen());
    }
    return legs;
  }

  private static void addTransaction(List<Leg> legs, int agency, String kind, String reference, String memo, String txClient,
                                     String counterAccount, String[] accounts, String accountClient, long... amounts) {
    long total = 0;
    for (int i = 0; i < accounts.length; i++) {
      if (amounts[i] == 0) continue;
      legs.add(new Leg(agency, kind, reference, memo, txClient, accounts[i], accountClient, amounts[i]));
      total += amounts[i];
    }
    if (total != 0) legs.add(new Leg(agency, kind, reference, memo, txClient, counterAccount, null, -total));
  }

  /** Spend lift of shopping festivals: 618 and 双11 and the days leading to them. */
  static double festivalLift(LocalDate day) {
    double lift = 1;
    for (MonthDay peak : List.of(MonthDay.of(6, 18), MonthDay.of(11, 11))) {
      long distance = Math.abs(day.toEpochDay() - peak.atYear(day.getYear()).toEpochDay());
      if (distance <= 10) lift = Math.max(lift, 1 + 1.2 * (1 - distance / 11.0));
    }
    return lift;
  }
}
