-- Leads (C4) and opportunities (C5). States change only through io.beacon.channel.LeadState.
CREATE TABLE lead_imports (
  id          bigserial PRIMARY KEY,
  agency_id   bigint      NOT NULL REFERENCES agencies(id),
  staff_id    bigint      REFERENCES staff(id),
  rows        int         NOT NULL,
  created_at  timestamptz NOT NULL
);

CREATE TABLE leads (
  id                 bigserial PRIMARY KEY,
  agency_id          bigint      NOT NULL REFERENCES agencies(id),
  import_id          bigint      REFERENCES lead_imports(id),
  name               text        NOT NULL,              -- '未知' for consultation leads without a company
  type               text        NOT NULL CHECK (type IN ('consultation', 'event', 'platform', 'referral')),
  priority           text        NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
  contact_name       text,
  phone              text,
  industry           text,
  company_name       text,
  company_credit_code text,
  state              text        NOT NULL CHECK (state IN ('pending', 'following', 'valid', 'invalid', 'completed', 'expired')),
  follower_staff_id  bigint      REFERENCES staff(id),
  private_contact    boolean     NOT NULL DEFAULT false,
  imported_at        timestamptz NOT NULL,
  expires_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX leads_agency_idx ON leads (agency_id, imported_at DESC, id DESC);
CREATE INDEX leads_follower_idx ON leads (agency_id, follower_staff_id);
CREATE INDEX leads_expiry_idx ON leads (expires_at) WHERE state IN ('pending', 'following', 'valid', 'invalid');

CREATE TABLE opportunities (
  id                  bigserial PRIMARY KEY,
  agency_id           bigint      NOT NULL REFERENCES agencies(id),
  lead_id             bigint      NOT NULL UNIQUE REFERENCES leads(id),
  name                text        NOT NULL,
  type                text        NOT NULL,
  priority            text        NOT NULL,
  state               text        NOT NULL CHECK (state IN ('pending', 'following', 'valid', 'invalid', 'completed', 'expired')),
  follower_staff_id   bigint      REFERENCES staff(id),
  intent_level        text        NOT NULL CHECK (intent_level IN ('high', 'medium', 'low')),
  concerns            text,
  expected_open_date  date,
  expected_budget_fen bigint      CHECK (expected_budget_fen >= 0),
  company_name        text        NOT NULL,
  company_credit_code text,
  contact_name        text        NOT NULL,
  contact_phone       text,
  contact_wechat      text,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL
);
CREATE INDEX opportunities_agency_idx ON opportunities (agency_id, created_at DESC, id DESC);

-- Follow-ups and outbound calls of a lead or (after conversion) of its opportunity.
CREATE TABLE lead_follow_ups (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  lead_id         bigint      REFERENCES leads(id),
  opportunity_id  bigint      REFERENCES opportunities(id),
  staff_id        bigint      NOT NULL REFERENCES staff(id),
  state           text        NOT NULL,
  private_contact boolean,
  note            text,
  details         jsonb,
  at              timestamptz NOT NULL,
  CHECK ((lead_id IS NULL) <> (opportunity_id IS NULL))
);
CREATE INDEX lead_follow_ups_lead_idx ON lead_follow_ups (lead_id, id);
CREATE INDEX lead_follow_ups_opp_idx ON lead_follow_ups (opportunity_id, id);

CREATE TABLE lead_calls (
  id               bigserial PRIMARY KEY,
  agency_id        bigint      NOT NULL REFERENCES agencies(id),
  lead_id          bigint      REFERENCES leads(id),
  opportunity_id   bigint      REFERENCES opportunities(id),
  staff_id         bigint      NOT NULL REFERENCES staff(id),
  phone            text        NOT NULL,
  outcome          text        NOT NULL CHECK (outcome IN ('connected', 'no_answer', 'busy', 'rejected')),
  duration_seconds int         NOT NULL DEFAULT 0 CHECK (duration_seconds >= 0),
  note             text,
  at               timestamptz NOT NULL,
  CHECK ((lead_id IS NULL) <> (opportunity_id IS NULL))
);
CREATE INDEX lead_calls_lead_idx ON lead_calls (lead_id, id);
CREATE INDEX lead_calls_opp_idx ON lead_calls (opportunity_id, id);
