-- Task center (X1): asynchronous exports. The finished file is kept in PostgreSQL in chunks, so any
-- instance can serve it without a shared directory, and deleting a task deletes its file.
CREATE TABLE export_tasks (
  id           bigserial   PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  created_by   bigint      NOT NULL REFERENCES staff(id),
  kind         text        NOT NULL,
  format       text        NOT NULL CHECK (format IN ('csv', 'xlsx')),
  filters      jsonb       NOT NULL DEFAULT '{}',
  state        text        NOT NULL DEFAULT 'created' CHECK (state IN ('created', 'running', 'done', 'failed')),
  progress     int         NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  rows         bigint      NOT NULL DEFAULT 0,
  file_name    text,
  file_size    bigint,
  error        text,
  created_at   timestamptz NOT NULL,
  started_at   timestamptz,
  finished_at  timestamptz,
  updated_at   timestamptz NOT NULL,   -- a running task touches it with each slice; a stale one was interrupted
  expires_at   timestamptz NOT NULL
);
CREATE INDEX export_tasks_agency_idx ON export_tasks (agency_id, id DESC);
CREATE INDEX export_tasks_open_idx ON export_tasks (updated_at) WHERE state IN ('created', 'running');
CREATE INDEX export_tasks_expiry_idx ON export_tasks (expires_at);

CREATE TABLE export_chunks (
  task_id  bigint NOT NULL REFERENCES export_tasks(id) ON DELETE CASCADE,
  seq      int    NOT NULL,
  data     bytea  NOT NULL,
  PRIMARY KEY (task_id, seq)
);
