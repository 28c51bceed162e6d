-- Assignments and conversions of leads and opportunities, so a record's detail shows its whole history
-- (with the follow-ups and calls already kept).
CREATE TABLE lead_events (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  lead_id         bigint      REFERENCES leads(id),
  opportunity_id  bigint      REFERENCES opportunities(id),
  kind            text        NOT NULL CHECK (kind IN ('assigned', 'converted')),
  staff_id        bigint      REFERENCES staff(id),   -- the new follower (assigned) or the follower who converted
  by_staff_id     bigint      REFERENCES staff(id),   -- who assigned
  data            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  at              timestamptz NOT NULL,
  CHECK ((lead_id IS NULL) <> (opportunity_id IS NULL))
);
CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, id);
CREATE INDEX lead_events_opp_idx ON lead_events (opportunity_id, id);
