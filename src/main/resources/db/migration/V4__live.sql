-- Live monitoring (issue 4): ingest keys, alerts, and the exactly-once watermark of persisted stream entries.

CREATE TABLE ingest_keys (
  id            bigserial PRIMARY KEY,
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  name          text        NOT NULL,
  key_hash      text        NOT NULL UNIQUE,      -- SHA-256 of the key; the key itself is shown once at creation
  prefix        text        NOT NULL,             -- first characters, to recognise a key in lists
  created_by    bigint,
  created_at    timestamptz NOT NULL DEFAULT now(),
  revoked_at    timestamptz
);
CREATE INDEX ingest_keys_agency_idx ON ingest_keys (agency_id, id DESC);

CREATE TABLE alerts (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  client_id       bigint      NOT NULL REFERENCES clients(id),
  kind            text        NOT NULL,
  level           int,                            -- threshold percentage of a budget alert
  status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'cleared')),
  figures         jsonb       NOT NULL,           -- what fired it
  opened_at       timestamptz NOT NULL DEFAULT now(),
  cleared_at      timestamptz,
  cleared_figures jsonb,
  acked_at        timestamptz,
  acked_by        bigint
);
-- One open alert per client and kind.
CREATE UNIQUE INDEX alerts_one_open_idx ON alerts (agency_id, client_id, kind) WHERE status = 'open';
CREATE INDEX alerts_agency_idx ON alerts (agency_id, id DESC);
CREATE INDEX alerts_agency_client_idx ON alerts (agency_id, client_id, id DESC);

-- Stream entries of the live partitions already folded into spend_hourly / spend_daily: inserted in the
-- same transaction as the aggregates, so a replayed entry (crash before XACK) is skipped.
CREATE TABLE live_persisted (
  partition     int         NOT NULL,
  entry_id      text        NOT NULL,
  persisted_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partition, entry_id)
);
CREATE INDEX live_persisted_at_idx ON live_persisted (persisted_at);

-- The daily rollup carries the coupon / post-pay split like spend_hourly.
ALTER TABLE spend_daily ADD COLUMN coupon_fen bigint NOT NULL DEFAULT 0;
ALTER TABLE spend_daily ADD COLUMN credit_fen bigint NOT NULL DEFAULT 0;
