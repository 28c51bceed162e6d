-- The alert life cycle: acknowledged with a reason, snoozed until a time with a reason, escalated along the
-- client's assignment (dedicated employee -> admins -> main account), and every step in a timeline with who
-- did it. 'acknowledged' and 'snoozed' are not statuses: an alert stays 'open' (one open alert per client,
-- kind and cause) and its state is derived from acked_at / snoozed_until.
ALTER TABLE alerts ADD COLUMN ack_reason      text;
ALTER TABLE alerts ADD COLUMN snoozed_until   timestamptz;
ALTER TABLE alerts ADD COLUMN snoozed_by      bigint;
ALTER TABLE alerts ADD COLUMN snooze_reason   text;
ALTER TABLE alerts ADD COLUMN escalation_step text CHECK (escalation_step IN ('dedicated', 'admins', 'main'));
ALTER TABLE alerts ADD COLUMN escalate_at     timestamptz;   -- when it moves to the next step unless acknowledged or snoozed

CREATE INDEX alerts_escalate_due_idx ON alerts (escalate_at) WHERE status = 'open' AND escalate_at IS NOT NULL;
CREATE INDEX alerts_snooze_due_idx ON alerts (snoozed_until) WHERE status = 'open' AND snoozed_until IS NOT NULL;
-- Flap control counts a client's openings of one kind in the last hour.
CREATE INDEX alerts_client_kind_opened_idx ON alerts (agency_id, client_id, kind, opened_at DESC);

CREATE TABLE alert_events (
  id        bigserial   PRIMARY KEY,
  agency_id bigint      NOT NULL REFERENCES agencies(id),
  alert_id  bigint      NOT NULL REFERENCES alerts(id),
  at        timestamptz NOT NULL,
  step      text        NOT NULL,   -- opened, pushed, acked, snoozed, rearmed, level-raised, escalated, cleared
  staff_id  bigint,                 -- who did it; null when Beacon did
  detail    jsonb       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, id);
