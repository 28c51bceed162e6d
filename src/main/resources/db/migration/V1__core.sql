-- Core tenancy, identity and client tables. Every tenant table leads with agency_id so that
-- each query's "agency_id = $1" is an index prefix.

CREATE TABLE agencies (
  id              bigserial PRIMARY KEY,
  name            text        NOT NULL,
  pid             text        NOT NULL UNIQUE,
  time_zone       text        NOT NULL DEFAULT 'Asia/Shanghai',
  settings        jsonb       NOT NULL DEFAULT '{}'::jsonb,   -- alert thresholds and other per-agency options
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE logins (
  id                  bigserial PRIMARY KEY,
  account             text        NOT NULL UNIQUE,
  password_hash       text        NOT NULL,
  display_name        text        NOT NULL,
  phone               text,
  email               text,
  status              text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE clients (
  id                   bigserial PRIMARY KEY,
  agency_id            bigint      NOT NULL REFERENCES agencies(id),
  name                 text        NOT NULL,
  pid                  text        NOT NULL UNIQUE,
  email                text        NOT NULL,
  industry             text        NOT NULL,
  status               text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'terminated')),
  authorization_status text        NOT NULL DEFAULT 'authorized' CHECK (authorization_status IN ('pending', 'authorized', 'refused', 'terminated')),
  contract_state       text        NOT NULL DEFAULT 'signed' CHECK (contract_state IN ('signed', 'terminating', 'terminated')),
  daily_budget_fen     bigint      NOT NULL DEFAULT 0 CHECK (daily_budget_fen >= 0),
  created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX clients_agency_idx ON clients (agency_id, id);
CREATE INDEX clients_agency_industry_idx ON clients (agency_id, industry);
CREATE INDEX clients_agency_name_idx ON clients (agency_id, lower(name));

CREATE TABLE staff (
  id          bigserial PRIMARY KEY,
  agency_id   bigint      NOT NULL REFERENCES agencies(id),
  login_id    bigint      NOT NULL REFERENCES logins(id),
  name        text        NOT NULL,
  role        text        NOT NULL CHECK (role IN ('main', 'admin', 'employee', 'dedicated')),
  lead_admin  boolean     NOT NULL DEFAULT false,
  status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (agency_id, login_id)
);
CREATE INDEX staff_agency_idx ON staff (agency_id, role, status);
-- One main account per agency.
CREATE UNIQUE INDEX staff_one_main_idx ON staff (agency_id) WHERE role = 'main';

-- A login holds identities: staff of an agency, or a user of one client (advertiser view).
CREATE TABLE identities (
  id          bigserial PRIMARY KEY,
  login_id    bigint NOT NULL REFERENCES logins(id),
  kind        text   NOT NULL CHECK (kind IN ('agency', 'client')),
  agency_id   bigint NOT NULL REFERENCES agencies(id),
  staff_id    bigint REFERENCES staff(id),
  client_id   bigint REFERENCES clients(id),
  CHECK ((kind = 'agency' AND staff_id IS NOT NULL AND client_id IS NULL)
      OR (kind = 'client' AND client_id IS NOT NULL AND staff_id IS NULL))
);
CREATE INDEX identities_login_idx ON identities (login_id);

-- Dedicated employees see only the clients assigned to them.
CREATE TABLE staff_clients (
  agency_id  bigint NOT NULL REFERENCES agencies(id),
  staff_id   bigint NOT NULL REFERENCES staff(id),
  client_id  bigint NOT NULL REFERENCES clients(id),
  assigned_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, client_id)
);
CREATE INDEX staff_clients_agency_client_idx ON staff_clients (agency_id, client_id);

CREATE TABLE operation_log (
  id                bigserial PRIMARY KEY,
  agency_id         bigint      NOT NULL REFERENCES agencies(id),
  at                timestamptz NOT NULL DEFAULT now(),
  login_id          bigint,
  staff_id          bigint,
  identity_id       bigint,
  acting_client_id  bigint,
  action            text        NOT NULL,
  target_type       text,
  target_id         text,
  before            jsonb,
  after             jsonb,
  ip                text,
  request_id        text
);
CREATE INDEX operation_log_agency_at_idx ON operation_log (agency_id, at DESC);
CREATE INDEX operation_log_agency_action_idx ON operation_log (agency_id, action, at DESC);

-- Stripe-style idempotency: the first response of a (agency, key) is replayed on retry.
CREATE TABLE idempotency_keys (
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  key           text        NOT NULL,
  operation     text        NOT NULL,
  request_hash  text        NOT NULL,
  status_code   int,
  response      jsonb,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (agency_id, key)
);

-- Server-generated secrets (the JWT signing key when none is configured). Never in the repo.
CREATE TABLE app_secrets (
  name        text PRIMARY KEY,
  value       text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Double-entry ledger core: append-only, every transaction sums to zero.
CREATE TABLE ledger_accounts (
  id              bigserial PRIMARY KEY,
  agency_id       bigint  NOT NULL REFERENCES agencies(id),
  client_id       bigint  REFERENCES clients(id),
  kind            text    NOT NULL,   -- agency_general, agency_external, client_cash, client_coupon_normal, client_coupon_traffic, client_credit, client_frozen, deposit, world_payments, world_spend
  allow_negative  boolean NOT NULL DEFAULT false,
  balance_fen     bigint  NOT NULL DEFAULT 0,  -- running balance, checked against the entries
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (allow_negative OR balance_fen >= 0)
);
CREATE UNIQUE INDEX ledger_accounts_unique_idx ON ledger_accounts (agency_id, kind, coalesce(client_id, 0));

CREATE TABLE ledger_transactions (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  kind            text        NOT NULL,   -- opening, recharge, refund, allocation, spend, coupon_grant, coupon_expiry, freeze, unfreeze, deposit, correction
  reference       text,                   -- payment reference, idempotency key or source id; unique per agency and kind
  client_id       bigint      REFERENCES clients(id),
  memo            text,
  created_by      bigint,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX ledger_transactions_reference_idx ON ledger_transactions (agency_id, kind, reference) WHERE reference IS NOT NULL;
CREATE INDEX ledger_transactions_agency_idx ON ledger_transactions (agency_id, kind, created_at DESC);

CREATE TABLE ledger_entries (
  id              bigserial PRIMARY KEY,
  transaction_id  bigint NOT NULL REFERENCES ledger_transactions(id),
  account_id      bigint NOT NULL REFERENCES ledger_accounts(id),
  amount_fen      bigint NOT NULL CHECK (amount_fen <> 0)
);
CREATE INDEX ledger_entries_account_idx ON ledger_entries (account_id);
CREATE INDEX ledger_entries_transaction_idx ON ledger_entries (transaction_id);

-- Hourly spend aggregates, both attribution bases, partitioned by month (partitions created ahead
-- by the application at start-up and by the demo loader).
CREATE TABLE spend_hourly (
  agency_id         bigint      NOT NULL,
  client_id         bigint      NOT NULL,
  hour              timestamptz NOT NULL,
  basis             text        NOT NULL CHECK (basis IN ('billing', 'conversion')),
  mode              text        NOT NULL CHECK (mode IN ('smart', 'search', 'display', 'external')),
  brand             boolean     NOT NULL,
  goal              text        NOT NULL,
  conversion_event  text        NOT NULL,
  campaign_id       text        NOT NULL,
  unit_id           text        NOT NULL,
  impressions       bigint      NOT NULL DEFAULT 0,
  clicks            bigint      NOT NULL DEFAULT 0,
  cost_fen          bigint      NOT NULL DEFAULT 0,
  conversions       bigint      NOT NULL DEFAULT 0,
  coupon_fen        bigint      NOT NULL DEFAULT 0,   -- part of cost drawn from coupons
  credit_fen        bigint      NOT NULL DEFAULT 0,   -- part of cost drawn from post-pay credit
  PRIMARY KEY (client_id, basis, hour, mode, brand, goal, conversion_event, campaign_id, unit_id)
) PARTITION BY RANGE (hour);
CREATE INDEX spend_hourly_agency_hour_idx ON spend_hourly (agency_id, basis, hour);

-- Daily rollup (agency time zone day) for the read models; maintained with spend_hourly.
CREATE TABLE spend_daily (
  agency_id    bigint NOT NULL,
  client_id    bigint NOT NULL,
  day          date   NOT NULL,
  basis        text   NOT NULL,
  mode         text   NOT NULL,
  brand        boolean NOT NULL,
  impressions  bigint NOT NULL DEFAULT 0,
  clicks       bigint NOT NULL DEFAULT 0,
  cost_fen     bigint NOT NULL DEFAULT 0,
  conversions  bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (client_id, basis, day, mode, brand)
);
CREATE INDEX spend_daily_agency_day_idx ON spend_daily (agency_id, basis, day);

-- Creates the monthly partition of spend_hourly holding the given instant (idempotent).
CREATE FUNCTION ensure_spend_partition(at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  start_month timestamptz := date_trunc('month', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
  name text := 'spend_hourly_' || to_char(start_month AT TIME ZONE 'UTC', 'YYYYMM');
BEGIN
  EXECUTE format('CREATE TABLE IF NOT EXISTS %I PARTITION OF spend_hourly FOR VALUES FROM (%L) TO (%L)',
                 name, start_month, start_month + interval '1 month');
END $$;
