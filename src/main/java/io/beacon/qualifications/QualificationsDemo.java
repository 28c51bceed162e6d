package io.beacon.qualifications;

import io.beacon.live.LiveBus;
import io.beacon.notices.NoticeKind;
import io.beacon.notices.Notices;
import io.beacon.notices.WorkNoticeDelivery;
import io.beacon.platform.Platform;
import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Demo qualifications for the first clients of an agency: most approved, some pending review (new, or
 * an edit of an approved one), a few rejected with their reason and review notices, and some whose
 * documents expire within 30 days, which the first expiry check after start turns into system notices.
 */
public final class QualificationsDemo {
  private static final String[] DOCUMENTS = {"广告经营许可证", "增值电信业务经营许可证", "食品经营许可证", "医疗器械经营许可证",
      "教育培训办学许可证", "网络文化经营许可证"};
  private static final String[] CONTACTS = {"林晓", "王芳", "陈磊", "赵敏", "周杰", "吴婷"};
  private static final String[] REJECTIONS = {"营业执照照片模糊，请重新上传清晰扫描件", "行业资质已过期，请提供有效期内的许可证",
      "主体名称与营业执照不一致"};

  private QualificationsDemo() {}

  public static Future<Void> load(Platform platform, long agencyId, Map<String, Long> staffIds, List<Long> clientIds, int count,
                                  long seed) {
    QualificationStore store = new QualificationStore(platform.pg());
    Notices notices = new Notices(platform, new LiveBus(platform.redis()), WorkNoticeDelivery.NONE);
    Random rnd = new Random(seed * 31 + 7);
    Instant now = platform.clock().instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneId.of("Asia/Shanghai"));
    Long submitter = staffIds.getOrDefault("staff@demo", staffIds.get("main@demo"));
    List<Long> clients = clientIds.subList(0, Math.min(count, clientIds.size()));
    return store.clientNames(agencyId, clients).compose(names -> {
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < clients.size(); i++) {
        long clientId = clients.get(i);
        String name = names.get(clientId);
        if (name == null) continue;
        Instant submitted = now.minus(Duration.ofHours(24L * (20 + rnd.nextInt(300))));
        Instant reviewed = submitted.plus(Duration.ofHours(2 + rnd.nextInt(48)));
        int slot = i % 8;
        boolean expiring = slot == 3;
        QualificationContent first = content(rnd, name, today, expiring ? today.plusDays(5 + rnd.nextInt(24)) : null);
        switch (slot) {
          case 5 -> all.add(store.insertDemo(agencyId, clientId, 1, first, "pending", null, submitter, now.minus(Duration.ofHours(3 + i)), null));
          case 6 -> {
            String reason = REJECTIONS[rnd.nextInt(REJECTIONS.length)];
            all.add(store.insertDemo(agencyId, clientId, 1, first, "rejected", reason, submitter, submitted, reviewed)
                .compose(v -> notices.create(agencyId, clientId, NoticeKind.REVIEW,
                    Qualifications.reviewText(false, name, 1, first.companyName(), reason), Qualifications.link(clientId))));
          }
          case 1 -> {
            QualificationContent edit = content(rnd, name, today, null);
            all.add(store.insertDemo(agencyId, clientId, 1, first, "approved", null, submitter, submitted, reviewed)
                .compose(v -> store.insertDemo(agencyId, clientId, 2, edit, "pending", null, submitter, now.minus(Duration.ofHours(20)), null)));
          }
          default -> all.add(store.insertDemo(agencyId, clientId, 1, first, "approved", null, submitter, submitted, reviewed)
              .compose(v -> slot != 0 ? Future.succeededFuture() : notices.create(agencyId, clientId, NoticeKind.REVIEW,
                  Qualifications.reviewText(true, name, 1, first.companyName(), null), Qualifications.link(clientId))));
        }
      }
      return Future.all(all).mapEmpty();
    });
  }

  /** A plausible qualification; {@code expiresOn} set: its first document expires then. */
  private static QualificationContent content(Random rnd, String clientName, LocalDate today, LocalDate expiresOn) {
    StringBuilder code = new StringBuilder("91").append(String.format("%06d", 110000 + rnd.nextInt(540000)));
    for (int k = 0; k < 9; k++) code.append(CreditCode.ALPHABET.charAt(rnd.nextInt(CreditCode.ALPHABET.length())));
    String creditCode = code.append(CreditCode.checkChar(code.toString())).toString();
    LocalDate from = today.minusDays(365L + rnd.nextInt(3000));
    LocalDate until = rnd.nextInt(10) < 7 ? null : today.plusDays(400 + rnd.nextInt(3000));
    List<QualificationContent.Document> docs = new ArrayList<>();
    int n = expiresOn != null ? 1 + rnd.nextInt(2) : rnd.nextInt(3);
    for (int d = 0; d < n; d++) {
      LocalDate validUntil = d == 0 && expiresOn != null ? expiresOn : today.plusDays(120 + rnd.nextInt(900));
      docs.add(new QualificationContent.Document(DOCUMENTS[rnd.nextInt(DOCUMENTS.length)],
          String.format("%s-%04d-%05d", (char) ('A' + rnd.nextInt(26)), 2015 + rnd.nextInt(10), rnd.nextInt(100000)), validUntil));
    }
    String phone = "1" + (3 + rnd.nextInt(7)) + String.format("%09d", rnd.nextInt(1_000_000_000));
    return new QualificationContent(clientName + "有限公司", creditCode, creditCode, from, until, docs,
        CONTACTS[rnd.nextInt(CONTACTS.length)], phone, null);
  }
}
