-- An export is written in the language of the person who asked for it (headers, labels).
ALTER TABLE export_tasks ADD COLUMN lang text NOT NULL DEFAULT 'zh-CN';
