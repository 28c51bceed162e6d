-- Notices are stored as a message template of the shared catalogue and its fields, and rendered in the
-- reader's language; title and body keep the zh-CN rendering (work notices, search, older rows).
ALTER TABLE notices ADD COLUMN template text, ADD COLUMN params jsonb NOT NULL DEFAULT '{}';
