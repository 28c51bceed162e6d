-- Read models of the barometer and the monitoring table (issue 6). A range of past days of one agency
-- (spend_daily, settled rows) is read by an index-only scan; the hours of a day use the V1 index
-- spend_hourly (agency_id, basis, hour), whose rows are still hot, so a covering index would only slow
-- the persistence worker's upserts (no HOT updates) without saving heap reads.
CREATE INDEX spend_daily_read_idx ON spend_daily (agency_id, basis, day)
  INCLUDE (client_id, mode, brand, impressions, clicks, cost_fen, conversions);
-- Ledger balances of a set of clients (the available-balance column) in one index range per agency.
CREATE INDEX ledger_accounts_client_idx ON ledger_accounts (agency_id, client_id) INCLUDE (kind, balance_fen);
