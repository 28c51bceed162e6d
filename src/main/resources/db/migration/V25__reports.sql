-- Data overview (SPEC §5). Long ranges by marketing goal, conversion event, campaign or unit would read
-- every hourly row (2 M rows for 300 clients x 180 days); this daily rollup of spend_hourly by those
-- dimensions (agency day) is 24x smaller. The reports feature fills it for days before today from
-- spend_hourly and reads a day from it only while the day's sums still equal spend_daily's (see
-- spend_daily_detail_days): a late event or a backfill makes the day fall back to spend_hourly until
-- the next roll.
CREATE TABLE spend_daily_detail (
  agency_id         bigint NOT NULL,
  basis             text   NOT NULL,
  day               date   NOT NULL,
  client_id         bigint NOT NULL,
  goal              text   NOT NULL,
  conversion_event  text   NOT NULL,
  campaign_id       text   NOT NULL,
  unit_id           text   NOT NULL,
  impressions       bigint NOT NULL,
  clicks            bigint NOT NULL,
  cost_fen          bigint NOT NULL,
  conversions       bigint NOT NULL,
  -- a range of days of one agency is an index-only scan
  PRIMARY KEY (agency_id, basis, day, client_id, goal, conversion_event, campaign_id, unit_id)
    INCLUDE (impressions, clicks, cost_fen, conversions)
);

-- The sums each rolled day had when it was rolled; compared with spend_daily at read time.
CREATE TABLE spend_daily_detail_days (
  agency_id    bigint      NOT NULL,
  basis        text        NOT NULL,
  day          date        NOT NULL,
  impressions  bigint      NOT NULL,
  clicks       bigint      NOT NULL,
  cost_fen     bigint      NOT NULL,
  conversions  bigint      NOT NULL,
  rolled_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, basis, day)
);

-- Named column sets of the detail table (D4), per staff member (identity).
CREATE TABLE report_templates (
  id           bigserial   PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  identity_id  bigint      NOT NULL REFERENCES identities(id),
  name         text        NOT NULL,
  dimensions   text[]      NOT NULL,
  columns      text[]      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, identity_id, name)
);
