-- Message center (N1) and per-staff work-notice subscriptions (N2).
CREATE TABLE notices (
  id          bigserial PRIMARY KEY,
  agency_id   bigint      NOT NULL REFERENCES agencies(id),
  client_id   bigint      REFERENCES clients(id),       -- NULL: agency-wide
  staff_id    bigint      REFERENCES staff(id),         -- NULL: everyone who sees the client; else only this staff member
  kind        text        NOT NULL CHECK (kind IN ('hosting_rule', 'authorization', 'system', 'review', 'alert', 'ticket', 'lead')),
  title       text        NOT NULL,
  body        text        NOT NULL DEFAULT '',
  link        text,
  created_at  timestamptz NOT NULL
);
CREATE INDEX notices_agency_idx ON notices (agency_id, id DESC);
CREATE INDEX notices_agency_client_idx ON notices (agency_id, client_id, id DESC);

-- Read state per identity (staff identities and advertiser identities each have their own).
CREATE TABLE notice_reads (
  notice_id    bigint      NOT NULL REFERENCES notices(id),
  identity_id  bigint      NOT NULL REFERENCES identities(id),
  read_at      timestamptz NOT NULL,
  PRIMARY KEY (identity_id, notice_id)
);

CREATE TABLE notice_subscriptions (
  staff_id     bigint      PRIMARY KEY REFERENCES staff(id),
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  kinds        text[]      NOT NULL,
  client_ids   bigint[]    NOT NULL DEFAULT '{}',     -- empty: every client the staff member sees
  webhook_url  text        NOT NULL,
  secret       text,
  enabled      boolean     NOT NULL DEFAULT true,
  updated_at   timestamptz NOT NULL
);
CREATE INDEX notice_subscriptions_agency_idx ON notice_subscriptions (agency_id) WHERE enabled;
