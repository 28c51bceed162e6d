-- Client qualifications (资质, MT4). Every edit is a new version, pending until the platform's
-- operator approves or rejects it; the versions are the review history. Documents are small and only
-- ever read with their version, so they live in the row as JSON: [{name, number, validUntil}].
CREATE TABLE qualification_versions (
  id                  bigserial   PRIMARY KEY,
  agency_id           bigint      NOT NULL REFERENCES agencies(id),
  client_id           bigint      NOT NULL REFERENCES clients(id),
  version             int         NOT NULL,
  company_name        text        NOT NULL,
  credit_code         text        NOT NULL,                 -- 统一社会信用代码, checked (GB 32100) before it gets here
  licence_number      text        NOT NULL,
  licence_valid_from  date        NOT NULL,
  licence_valid_until date,                                 -- NULL: long-term (长期)
  documents           jsonb       NOT NULL DEFAULT '[]'::jsonb,
  contact_name        text        NOT NULL,
  contact_phone       text        NOT NULL,
  contact_email       text,
  state               text        NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'superseded')),
  reject_reason       text,
  review_note         text,
  submitted_by        bigint      REFERENCES staff(id),
  submitted_at        timestamptz NOT NULL,
  reviewed_at         timestamptz,
  UNIQUE (client_id, version)
);
CREATE INDEX qualification_versions_agency_client_idx ON qualification_versions (agency_id, client_id, version DESC);
CREATE INDEX qualification_versions_pending_idx ON qualification_versions (submitted_at) WHERE state = 'pending';

-- Expiry warnings sent (a system notice once per document and validity date; ON CONFLICT keeps it once
-- when several instances run the daily check).
CREATE TABLE qualification_expiry_warnings (
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  client_id     bigint      NOT NULL REFERENCES clients(id),
  document      text        NOT NULL,   -- document name and number
  valid_until   date        NOT NULL,
  warned_at     timestamptz NOT NULL,
  PRIMARY KEY (client_id, document, valid_until)
);
