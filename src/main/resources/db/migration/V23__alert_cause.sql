-- Fund anomalies have several causes (spend beyond the balance, a frozen order, a failed allocation):
-- one open alert per client, kind and cause. Rule-driven alerts other than fund anomalies have cause ''.
ALTER TABLE alerts ADD COLUMN cause text NOT NULL DEFAULT '';
UPDATE alerts SET cause = 'arrears' WHERE kind = 'fund-anomaly';
DROP INDEX alerts_one_open_idx;
CREATE UNIQUE INDEX alerts_one_open_idx ON alerts (agency_id, client_id, kind, cause) WHERE status = 'open';
