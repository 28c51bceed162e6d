-- Refresh tokens: stored hashed, rotated on every use; a family is one sign-in session. Reusing a
-- spent token revokes the whole family.
CREATE TABLE refresh_tokens (
  id                bigserial PRIMARY KEY,
  token_hash        text        NOT NULL UNIQUE,
  family_id         text        NOT NULL,
  login_id          bigint      NOT NULL REFERENCES logins(id),
  identity_id       bigint      NOT NULL REFERENCES identities(id),
  acting_client_id  bigint      REFERENCES clients(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  expires_at        timestamptz NOT NULL,
  used_at           timestamptz,
  revoked_at        timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_login_idx ON refresh_tokens (login_id);
