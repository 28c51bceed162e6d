package io.beacon.demo;

import java.util.List;

/**
 * The demo's industries: how each spends over the week and the day, which goals and conversion
 * events its ads pursue, how strongly shopping festivals (618, 双11) lift it, and the words its
 * company names are made of.
 */
enum Industry {
  EDUCATION("education", 10, new double[] {0.95, 0.95, 0.95, 1.0, 1.0, 1.15, 1.15}, HourProfile.EVENING, 0.2,
      List.of("leads", "app_install"), List.of("form_submit", "consultation", "registration"),
      List.of("教育科技有限公司", "培训学校", "在线教育有限公司")),
  ECOMMERCE("ecommerce", 14, new double[] {0.95, 0.95, 0.95, 1.0, 1.05, 1.1, 1.1}, HourProfile.EVENING, 1.0,
      List.of("sales", "store_traffic"), List.of("purchase", "add_to_cart"),
      List.of("电子商务有限公司", "旗舰店", "商贸有限公司")),
  GAMING("gaming", 8, new double[] {0.9, 0.9, 0.9, 0.95, 1.05, 1.25, 1.2}, HourProfile.LATE, 0.3,
      List.of("app_install", "sales"), List.of("app_activate", "registration", "purchase"),
      List.of("网络科技有限公司", "互动娱乐有限公司", "游戏工作室")),
  FINANCE("finance", 7, new double[] {1.1, 1.1, 1.1, 1.1, 1.05, 0.75, 0.7}, HourProfile.OFFICE, 0.2,
      List.of("leads", "app_install"), List.of("registration", "form_submit"),
      List.of("金融信息服务有限公司", "保险代理有限公司", "财富管理有限公司")),
  LOCAL_SERVICES("local_services", 12, new double[] {0.9, 0.9, 0.9, 0.95, 1.1, 1.2, 1.15}, HourProfile.MEAL, 0.5,
      List.of("store_visit", "leads"), List.of("store_arrival", "phone_call"),
      List.of("生活服务有限公司", "家政服务有限公司", "健身俱乐部")),
  HEALTHCARE("healthcare", 7, new double[] {1.05, 1.05, 1.05, 1.05, 1.0, 0.9, 0.85}, HourProfile.OFFICE, 0.1,
      List.of("leads"), List.of("consultation", "form_submit", "phone_call"),
      List.of("医疗科技有限公司", "健康管理有限公司", "口腔门诊部")),
  TRAVEL("travel", 6, new double[] {0.95, 0.95, 0.95, 1.0, 1.15, 1.1, 0.95}, HourProfile.EVENING, 0.6,
      List.of("sales", "leads"), List.of("purchase", "form_submit"),
      List.of("国际旅行社有限公司", "酒店管理有限公司", "出行服务有限公司")),
  AUTOMOTIVE("automotive", 6, new double[] {0.95, 0.95, 0.95, 1.0, 1.0, 1.2, 1.2}, HourProfile.OFFICE, 0.3,
      List.of("leads"), List.of("form_submit", "phone_call"),
      List.of("汽车销售服务有限公司", "新能源汽车有限公司", "汽车租赁有限公司")),
  REAL_ESTATE("real_estate", 5, new double[] {0.9, 0.9, 0.9, 0.95, 1.0, 1.3, 1.3}, HourProfile.OFFICE, 0.3,
      List.of("leads"), List.of("form_submit", "phone_call", "store_arrival"),
      List.of("置业有限公司", "家居装饰有限公司", "房地产经纪有限公司")),
  FOOD_BEVERAGE("food_beverage", 9, new double[] {0.95, 0.95, 0.95, 1.0, 1.05, 1.1, 1.05}, HourProfile.MEAL, 0.8,
      List.of("sales", "followers"), List.of("purchase", "follow"),
      List.of("食品有限公司", "餐饮管理有限公司", "饮品有限公司"));

  /** Relative weight of each hour of the agency's day (0 = midnight). */
  enum HourProfile {
    OFFICE(0.3, 0.2, 0.15, 0.1, 0.1, 0.15, 0.4, 0.9, 1.5, 1.9, 2.1, 2.0, 1.6, 1.7, 1.9, 1.9, 1.8, 1.6, 1.3, 1.2, 1.1, 1.0, 0.8, 0.5),
    EVENING(0.6, 0.4, 0.25, 0.15, 0.12, 0.15, 0.3, 0.6, 0.9, 1.1, 1.2, 1.3, 1.3, 1.2, 1.2, 1.2, 1.3, 1.4, 1.6, 1.9, 2.2, 2.3, 1.9, 1.2),
    MEAL(0.4, 0.25, 0.15, 0.1, 0.1, 0.15, 0.4, 0.9, 1.2, 1.2, 1.5, 2.2, 2.3, 1.5, 1.1, 1.1, 1.3, 1.9, 2.3, 2.0, 1.6, 1.2, 0.9, 0.6),
    LATE(1.3, 1.0, 0.6, 0.35, 0.2, 0.2, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.2, 1.1, 1.0, 1.0, 1.1, 1.2, 1.4, 1.7, 2.0, 2.3, 2.3, 1.8);

    private final double[] share = new double[24];

    HourProfile(double... weights) {
      double sum = 0;
      for (double w : weights) sum += w;
      for (int h = 0; h < 24; h++) share[h] = weights[h] / sum;
    }

    /** Share of the day's spend falling in hour {@code hour}; the 24 shares sum to 1. */
    double share(int hour) { return share[hour]; }
  }

  final String slug;
  /** Relative number of clients of this industry. */
  final int weight;
  /** Spend factor Monday..Sunday. */
  final double[] weekday;
  final HourProfile hours;
  /** 0 = festivals don't matter, 1 = spend follows the festival lift fully. */
  final double festivalSensitivity;
  final List<String> goals;
  final List<String> conversionEvents;
  final List<String> nameSuffixes;

  Industry(String slug, int weight, double[] weekday, HourProfile hours, double festivalSensitivity,
           List<String> goals, List<String> conversionEvents, List<String> nameSuffixes) {
    this.slug = slug;
    this.weight = weight;
    this.weekday = weekday;
    this.hours = hours;
    this.festivalSensitivity = festivalSensitivity;
    this.goals = goals;
    this.conversionEvents = conversionEvents;
    this.nameSuffixes = nameSuffixes;
  }
}
