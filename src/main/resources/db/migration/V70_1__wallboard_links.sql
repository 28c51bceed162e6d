-- Read-only wall-board links: a TV opens /board/<token> without signing in. Only the SHA-256 of the token is
-- kept (the token is 256 random bits, shown once). The scope is the whole agency, one dedicated employee's
-- assigned clients (scope_staff_id) or one client (scope_client_id).
CREATE TABLE wallboard_links (
  id              bigserial   PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  name            text        NOT NULL,
  token_hash      text        NOT NULL UNIQUE,
  scope_staff_id  bigint      REFERENCES staff(id),
  scope_client_id bigint      REFERENCES clients(id),
  created_by      bigint      NOT NULL REFERENCES staff(id),
  created_at      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_by      bigint      REFERENCES staff(id),
  last_opened_at  timestamptz,
  CHECK (scope_staff_id IS NULL OR scope_client_id IS NULL)
);
CREATE INDEX wallboard_links_agency_idx ON wallboard_links (agency_id, id DESC);
