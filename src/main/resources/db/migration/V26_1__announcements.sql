-- Platform news (平台动态, H4): announcements the platform publishes to every agency. Not tenant data:
-- one row is shown to all agencies from published_at on.
CREATE TABLE announcements (
  id            bigserial   PRIMARY KEY,
  title         text        NOT NULL,
  body          text        NOT NULL DEFAULT '',
  link          text,
  published_at  timestamptz NOT NULL,
  created_at    timestamptz NOT NULL,
  withdrawn_at  timestamptz
);
CREATE INDEX announcements_published_idx ON announcements (published_at DESC, id DESC) WHERE withdrawn_at IS NULL;
