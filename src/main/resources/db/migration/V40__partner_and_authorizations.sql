-- Channel cooperation (performance indicators, health deductions and inspections, platform tasks),
-- the agency's account information, invitations of clients and asset authorisations.

-- What the platform says about the agency (A1). One row per agency, written by the operator API.
CREATE TABLE agency_accounts (
  agency_id             bigint      PRIMARY KEY REFERENCES agencies(id),
  alipay_account        text,
  approval_status       text        NOT NULL DEFAULT 'pending' CHECK (approval_status IN ('pending', 'approved', 'rejected')),
  certification_status  text        NOT NULL DEFAULT 'uncertified' CHECK (certification_status IN ('uncertified', 'certifying', 'certified', 'expired')),
  merchant_tag          text,
  certificate_name      text,
  certificate_type      text,
  certificate           bytea,
  certificate_valid_until date,
  updated_at            timestamptz NOT NULL
);

-- Assessment indicators per period ('2026Q4' or '2026-11'). Indicators Beacon can compute from spend
-- keep actual_value NULL: the figure is read from spend_daily when asked.
CREATE TABLE partner_indicators (
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  period        text        NOT NULL,
  code          text        NOT NULL,
  name          text        NOT NULL,
  unit          text        NOT NULL,
  target_value  bigint      NOT NULL CHECK (target_value >= 0),
  actual_value  bigint      CHECK (actual_value >= 0),
  published_at  timestamptz NOT NULL,
  PRIMARY KEY (agency_id, period, code)
);

CREATE TABLE partner_deductions (
  id           bigserial PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  behaviour    text        NOT NULL CHECK (behaviour IN ('business', 'promotion', 'credit')),
  occurred_on  date        NOT NULL,
  rule         text        NOT NULL,
  points       int         NOT NULL CHECK (points > 0 AND points <= 100),
  evidence     text,
  created_at   timestamptz NOT NULL
);
CREATE INDEX partner_deductions_agency_idx ON partner_deductions (agency_id, occurred_on DESC, id DESC);

CREATE TABLE partner_inspections (
  id           bigserial PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  name         text        NOT NULL,
  period_from  date        NOT NULL,
  period_to    date        NOT NULL,
  status       text        NOT NULL CHECK (status IN ('scheduled', 'running', 'passed', 'failed')),
  result       text,
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  CHECK (period_to >= period_from)
);
CREATE INDEX partner_inspections_agency_idx ON partner_inspections (agency_id, period_from DESC, id DESC);

-- A task the platform publishes once; each receiving agency (and role, when targeted) has a recipient row.
CREATE TABLE partner_tasks (
  id            bigserial PRIMARY KEY,
  kind          text        NOT NULL CHECK (kind IN ('indicator', 'product_release', 'account_setup')),
  title         text        NOT NULL,
  body          text        NOT NULL DEFAULT '',
  link          text,
  deadline      timestamptz NOT NULL,
  target        jsonb       NOT NULL,
  published_at  timestamptz NOT NULL
);

CREATE TABLE partner_task_recipients (
  task_id       bigint      NOT NULL REFERENCES partner_tasks(id),
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  role          text        CHECK (role IN ('main', 'admin')),
  state         text        NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'in_progress', 'done')),
  read_at       timestamptz,
  done_at       timestamptz,
  PRIMARY KEY (agency_id, task_id)
);

-- Invitations of clients (A4). The client's current state stays on clients; this is the history.
CREATE TABLE client_invitations (
  id                 bigserial PRIMARY KEY,
  agency_id          bigint      NOT NULL REFERENCES agencies(id),
  client_id          bigint      NOT NULL REFERENCES clients(id),
  invited_by         bigint      REFERENCES staff(id),
  invited_at         timestamptz NOT NULL,
  decision           text        NOT NULL DEFAULT 'pending' CHECK (decision IN ('pending', 'accepted', 'refused')),
  decided_at         timestamptz,
  decided_by_login   bigint      REFERENCES logins(id)
);
CREATE INDEX client_invitations_client_idx ON client_invitations (agency_id, client_id, id DESC);
CREATE UNIQUE INDEX client_invitations_one_pending_idx ON client_invitations (client_id) WHERE decision = 'pending';

-- Requests for access to a client's assets (A5).
CREATE TABLE asset_authorizations (
  id                 bigserial PRIMARY KEY,
  agency_id          bigint      NOT NULL REFERENCES agencies(id),
  client_id          bigint      NOT NULL REFERENCES clients(id),
  asset              text        NOT NULL CHECK (asset IN ('lead_data', 'audience_upload', 'conversion_callback')),
  status             text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'refused')),
  note               text,
  requested_by       bigint      REFERENCES staff(id),
  requested_at       timestamptz NOT NULL,
  decided_at         timestamptz,
  decided_by_login   bigint      REFERENCES logins(id),
  refuse_reason      text
);
CREATE INDEX asset_authorizations_agency_idx ON asset_authorizations (agency_id, requested_at DESC, id DESC);
CREATE UNIQUE INDEX asset_authorizations_one_open_idx ON asset_authorizations (client_id, asset) WHERE status IN ('pending', 'accepted');

-- Lead forms submitted to a client's ads (留资数据): the client's asset, shown to the agency only while
-- the client has accepted a lead_data authorisation.
CREATE TABLE client_lead_submissions (
  id            bigserial PRIMARY KEY,
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  client_id     bigint      NOT NULL REFERENCES clients(id),
  contact_name  text        NOT NULL,
  phone         text        NOT NULL,
  form          text        NOT NULL,
  message       text,
  submitted_at  timestamptz NOT NULL
);
CREATE INDEX client_lead_submissions_idx ON client_lead_submissions (agency_id, client_id, submitted_at DESC);
