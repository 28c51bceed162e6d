-- Per-person alert preferences: all / critical only / none per channel (in-app notice and push, work notice),
-- and quiet hours in the agency's time zone during which only critical alerts reach the person.
CREATE TABLE alert_preferences (
  staff_id    bigint      PRIMARY KEY REFERENCES staff(id),
  agency_id   bigint      NOT NULL REFERENCES agencies(id),
  in_app      text        NOT NULL CHECK (in_app IN ('all', 'critical', 'none')),
  work_notice text        NOT NULL CHECK (work_notice IN ('all', 'critical', 'none')),
  quiet_from  time,                    -- local time; both null: no quiet hours
  quiet_to    time,
  updated_at  timestamptz NOT NULL,
  CHECK ((quiet_from IS NULL) = (quiet_to IS NULL))
);
CREATE INDEX alert_preferences_agency_idx ON alert_preferences (agency_id);
