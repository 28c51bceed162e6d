package io.beacon.notices;

import io.beacon.platform.DomainException.Invalid;
import io.beacon.platform.DomainException.NotFound;
import io.beacon.platform.FieldError;
import io.beacon.platform.Platform;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Platform news (平台动态): the platform's operator publishes announcements (title, body, optional
 * link, publication time, possibly ahead); every signed-in user of every agency reads those published,
 * newest first, on the home page's news card. Distinct from the per-agency message center.
 */
public final class Announcements {
  private final Platform platform;
  private final AnnouncementStore store;

  public Announcements(Platform platform) {
    this.platform = platform;
    this.store = new AnnouncementStore(platform.pg());
  }

  public Future<JsonObject> list(int page, int pageSize) {
    Instant now = platform.clock().instant();
    return store.published(now, pageSize, (page - 1) * pageSize).compose(items -> store.publishedCount(now)
        .map(total -> new JsonObject().put("items", new JsonArray(items.stream().map(Announcement::toJson).toList()))
            .put("total", total).put("page", page).put("pageSize", pageSize)));
  }

  /** Publishes {title, body?, link?, publishedAt?} (publishedAt absent: now); invalid fields are 400 naming them. */
  public Future<Announcement> publish(JsonObject b) {
    List<FieldError> errors = new ArrayList<>();
    String title = b.getString("title") == null ? "" : b.getString("title").trim();
    if (title.isEmpty()) errors.add(new FieldError("title", "is required"));
    String link = b.getString("link");
    if (link != null && !link.isBlank() && !isLink(link.trim())) errors.add(new FieldError("link", "must be an http(s) URL or an in-app #/ link"));
    Instant publishedAt = platform.clock().instant();
    if (b.getString("publishedAt") != null) {
      try {
        publishedAt = OffsetDateTime.parse(b.getString("publishedAt")).toInstant();
      } catch (DateTimeParseException e) {
        errors.add(new FieldError("publishedAt", "must be a date-time with offset, e.g. 2026-11-26T09:00:00+08:00"));
      }
    }
    if (!errors.isEmpty()) return Future.failedFuture(new Invalid("The announcement has invalid fields", errors));
    return store.insert(title, b.getString("body", ""), link == null || link.isBlank() ? null : link.trim(), publishedAt,
        platform.clock().instant());
  }

  public Future<Void> withdraw(long id) {
    return store.withdraw(id, platform.clock().instant())
        .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(new NotFound("Announcement")));
  }

  /** Demo platform news, published over the last weeks. */
  public static Future<Void> loadDemo(Platform platform) {
    AnnouncementStore store = new AnnouncementStore(platform.pg());
    Instant now = platform.clock().instant();
    String[][] news = {
        {"全域智投新增「经营目标」出价能力", "全域智投计划可按成交、线索或到店等经营目标出价，系统自动分配搜索、展示与外投流量。", "2"},
        {"双十二大促投放指南发布", "大促期间流量竞争加剧，建议提前 3 天提高日预算并完成素材审核；预算耗尽告警阈值可在设置中调整。", "5"},
        {"代理商资质年检通知", "请于 12 月 31 日前核对名下委托人的营业执照与行业资质有效期，即将到期的资质会在消息中心提醒。", "9"},
        {"搜索推广关键词规划工具升级", "关键词规划支持按行业查看近 30 天搜索趋势与建议出价。", "16"},
        {"外投钱包充值到账时间调整", "对公转账充值到账时间由 T+1 调整为 2 小时内，节假日顺延。", "27"},
    };
    List<Future<?>> all = new ArrayList<>();
    for (String[] n : news) {
      Instant at = now.minus(Duration.ofDays(Long.parseLong(n[2]))).minus(Duration.ofHours(3));
      all.add(store.insert(n[0], n[1], null, at, at));
    }
    return Future.all(all).mapEmpty();
  }

  private static boolean isLink(String link) {
    if (link.startsWith("#/")) return true;
    try {
      URI u = URI.create(link);
      return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
