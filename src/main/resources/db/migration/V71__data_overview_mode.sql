-- The data overview filters by promotion mode (smart, search, display, external). The daily rollup keeps
-- the mode as part of its key so that long ranges of one mode stay on the rollup instead of reading every
-- hourly row. A unit runs in one mode, so the rollup does not grow. Emptying it makes every day fall back
-- to spend_hourly (same figures, slower) until the rollup has rolled the days again with their mode.
TRUNCATE spend_daily_detail, spend_daily_detail_days;
ALTER TABLE spend_daily_detail ADD COLUMN mode text NOT NULL;
ALTER TABLE spend_daily_detail DROP CONSTRAINT spend_daily_detail_pkey;
ALTER TABLE spend_daily_detail ADD PRIMARY KEY (agency_id, basis, day, client_id, mode, goal, conversion_event, campaign_id, unit_id)
  INCLUDE (impressions, clicks, cost_fen, conversions);
