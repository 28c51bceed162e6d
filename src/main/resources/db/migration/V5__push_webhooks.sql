-- Outbound webhooks (M7): per-agency subscriptions, a durable outbox of deliveries fed from each
-- agency's event stream (cursor per agency, advanced in the same transaction that enqueues), and a
-- log of every attempt.

CREATE TABLE webhooks (
  id                    bigserial   PRIMARY KEY,
  agency_id             bigint      NOT NULL REFERENCES agencies(id),
  name                  text        NOT NULL,
  url                   text        NOT NULL,
  secret                text        NOT NULL,             -- needed to sign; shown once at creation
  format                text        NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'dingtalk')),
  topics                text[]      NOT NULL,             -- alerts, notices, tickets, leads
  kinds                 text[]      NOT NULL DEFAULT '{}', -- message types or alert/notice kinds; empty = all
  client_ids            bigint[]    NOT NULL DEFAULT '{}', -- empty = all clients
  min_level             int,                              -- leveled alerts (budget thresholds) below it are skipped
  enabled               boolean     NOT NULL DEFAULT true,
  consecutive_failures  int         NOT NULL DEFAULT 0,
  disabled_reason       text,
  created_by            bigint,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_agency_idx ON webhooks (agency_id, id);

-- How far each agency's event stream has been turned into deliveries.
CREATE TABLE webhook_cursors (
  agency_id   bigint      PRIMARY KEY REFERENCES agencies(id),
  last_seq    text        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE webhook_deliveries (
  id               bigserial   PRIMARY KEY,
  agency_id        bigint      NOT NULL REFERENCES agencies(id),
  webhook_id       bigint      NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  event_seq        text,                                  -- null for "send test"
  event_type       text        NOT NULL,
  body             text        NOT NULL,                  -- exactly the bytes signed and sent
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         int         NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  last_status_code int,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  UNIQUE (webhook_id, event_seq)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (agency_id, webhook_id, id DESC);

CREATE TABLE webhook_attempts (
  id           bigserial   PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  delivery_id  bigint      NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  attempt      int         NOT NULL,
  at           timestamptz NOT NULL DEFAULT now(),
  status_code  int,
  latency_ms   int         NOT NULL,
  error        text
);
CREATE INDEX webhook_attempts_delivery_idx ON webhook_attempts (delivery_id, attempt);
