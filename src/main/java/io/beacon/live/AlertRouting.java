package io.beacon.live;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who an alert reaches: the people of its escalation step, each by their preferences and quiet hours
 * (critical kinds pass quiet hours), and the record in the alert's timeline of whom it was handed to.
 */
final class AlertRouting {
  private static final Logger log = LoggerFactory.getLogger(AlertRouting.class);

  private final AlertStore store;
  private final AlertPreferenceStore preferences;
  private final LiveStore liveStore;
  private final Clock clock;
  private volatile AlertDelivery delivery = AlertDelivery.NONE;

  AlertRouting(AlertStore store, AlertPreferenceStore preferences, LiveStore liveStore, Clock clock) {
    this.store = store;
    this.preferences = preferences;
    this.liveStore = liveStore;
    this.clock = clock;
  }

  /** Who hands alerts to people (the notices feature, wired once every feature exists). */
  void deliverWith(AlertDelivery delivery) { this.delivery = delivery; }

  /** A person an alert is for, whether it is their quiet time, and the channels it reaches them on. */
  record Reach(AlertStore.Recipient who, boolean quiet, boolean inApp, boolean workNotice) {
    boolean reached() { return inApp || workNotice; }

    JsonObject toJson() {
      JsonArray channels = new JsonArray();
      if (inApp) channels.add("in-app");
      if (workNotice) channels.add("work-notice");
      return who.toJson().put("channels", channels).put("quietHours", quiet);
    }
  }

  /** Each person's preferences and quiet hours (in the agency's zone, now) for an alert of {@code kind}. */
  Future<List<Reach>> reach(long agencyId, String kind, List<AlertStore.Recipient> people) {
    if (people.isEmpty()) return Future.succeededFuture(List.of());
    boolean critical = AlertRules.CRITICAL.contains(kind);
    return Future.all(preferences.of(agencyId, people.stream().map(AlertStore.Recipient::staffId).toList()), liveStore.agencyZone(agencyId))
        .map(all -> {
          Map<Long, AlertPreferences> prefs = all.resultAt(0);
          LocalTime local = clock.instant().atZone(all.<ZoneId>resultAt(1)).toLocalTime();
          List<Reach> out = new ArrayList<>();
          for (AlertStore.Recipient r : people) {
            AlertPreferences p = prefs.getOrDefault(r.staffId(), AlertPreferences.DEFAULTS);
            boolean quiet = p.quietAt(local);
            out.add(new Reach(r, quiet, p.inAppFor(critical, quiet), p.workNoticeFor(critical, quiet)));
          }
          return out;
        });
  }

  /**
   * Hands the alert to the people of its escalation step as their preferences and quiet hours allow, and
   * records to whom in its timeline. A failed hand-over is logged: the alert itself stands (it is stored
   * and on the dashboards).
   */
  Future<Void> route(AlertStore.Alert a, boolean escalated) {
    return store.recipients(a.agencyId(), a.clientId(), a.escalationStep())
        .compose(people -> reach(a.agencyId(), a.kind(), people))
        .compose(people -> handOver(a, people, escalated))
        .recover(e -> {
          log.warn("alert {} not handed to its people", a.id(), e);
          return Future.succeededFuture();
        });
  }

  Future<Void> handOver(AlertStore.Alert a, List<Reach> people, boolean escalated) {
    JsonObject alert = a.toJson();
    JsonArray to = new JsonArray();
    List<Future<Void>> sent = new ArrayList<>();
    for (Reach r : people) {
      to.add(r.toJson());
      if (r.reached()) sent.add(delivery.deliver(a.agencyId(), r.who().staffId(), alert, escalated, r.inApp(), r.workNotice()));
    }
    return Future.join(sent).transform(x -> store.record(a.agencyId(), a.id(), "pushed", null,
        new JsonObject().put("step", a.escalationStep()).put("to", to), now()));
  }

  private OffsetDateTime now() { return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC); }
}
