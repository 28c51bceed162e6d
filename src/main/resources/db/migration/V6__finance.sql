-- Finance (issue 7): ledger guards, coupons, credit lines, freezes, deposits, spend posting watermark.
-- The ledger core tables are in V1. Sign convention: an entry's amount_fen is added to its account's
-- balance; a transaction's entries sum to zero; "world_*" accounts (outside money) allow negative.

-- Every ledger transaction balances: checked at commit (deferred) for each transaction that got entries.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
BEGIN
  SELECT coalesce(sum(amount_fen), 0) INTO total FROM ledger_entries WHERE transaction_id = NEW.transaction_id;
  IF total <> 0 THEN
    RAISE EXCEPTION 'ledger transaction % does not balance (sum %)', NEW.transaction_id, total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_entries_balanced
  AFTER INSERT ON ledger_entries
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

-- Entries and transactions are append-only: corrections are new transactions.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger rows are append-only (% on %)', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

CREATE INDEX ledger_transactions_client_idx ON ledger_transactions (agency_id, client_id, created_at DESC);

-- Coupons (红包): each grant with its validity; the client's coupon accounts hold the sum of what is left.
CREATE TABLE finance_coupons (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  client_id       bigint      NOT NULL REFERENCES clients(id),
  coupon_type     text        NOT NULL CHECK (coupon_type IN ('normal', 'traffic')),
  amount_fen      bigint      NOT NULL CHECK (amount_fen > 0),
  remaining_fen   bigint      NOT NULL CHECK (remaining_fen >= 0),
  valid_from      timestamptz NOT NULL,
  expires_at      timestamptz NOT NULL,
  status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'used', 'expired')),
  grant_tx        bigint      NOT NULL REFERENCES ledger_transactions(id),
  expiry_tx       bigint      REFERENCES ledger_transactions(id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (remaining_fen <= amount_fen)
);
CREATE INDEX finance_coupons_client_idx ON finance_coupons (agency_id, client_id, status, expires_at);
CREATE INDEX finance_coupons_expiry_idx ON finance_coupons (expires_at) WHERE status = 'active';
CREATE INDEX finance_coupons_grant_idx ON finance_coupons (grant_tx);

-- Post-pay credit line (先消费后结算): the client_credit account holds the available part of the limit.
CREATE TABLE finance_credit_lines (
  agency_id   bigint      NOT NULL REFERENCES agencies(id),
  client_id   bigint      PRIMARY KEY REFERENCES clients(id),
  limit_fen   bigint      NOT NULL CHECK (limit_fen >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Order freezes: funds moved from a client's cash (or an agency wallet) to its frozen account and back.
CREATE TABLE finance_freezes (
  id            bigserial PRIMARY KEY,
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  client_id     bigint      REFERENCES clients(id),
  wallet        text        CHECK (wallet IN ('general', 'external')),
  order_ref     text        NOT NULL,
  amount_fen    bigint      NOT NULL CHECK (amount_fen > 0),
  status        text        NOT NULL DEFAULT 'frozen' CHECK (status IN ('frozen', 'unfrozen')),
  freeze_tx     bigint      NOT NULL REFERENCES ledger_transactions(id),
  unfreeze_tx   bigint      REFERENCES ledger_transactions(id),
  frozen_at     timestamptz NOT NULL DEFAULT now(),
  unfrozen_at   timestamptz,
  CHECK ((client_id IS NULL) <> (wallet IS NULL)),
  UNIQUE (agency_id, order_ref)
);
CREATE INDEX finance_freezes_agency_idx ON finance_freezes (agency_id, frozen_at DESC);

-- Deposit (保证金) items the platform asks the agency to pay; payments move wallet money to the deposit account.
CREATE TABLE finance_deposit_items (
  id              bigserial PRIMARY KEY,
  agency_id       bigint      NOT NULL REFERENCES agencies(id),
  title           text        NOT NULL,
  amount_due_fen  bigint      NOT NULL CHECK (amount_due_fen > 0),
  paid_fen        bigint      NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
  due_date        date,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (paid_fen <= amount_due_fen)
);
CREATE INDEX finance_deposit_items_agency_idx ON finance_deposit_items (agency_id, id DESC);

-- Spend posting watermark: what has been posted to the ledger per client, hour, product and brand flag
-- (cumulative). The poster posts the difference to spend_hourly and moves this row in the same transaction.
CREATE TABLE finance_spend_postings (
  agency_id          bigint      NOT NULL REFERENCES agencies(id),
  client_id          bigint      NOT NULL REFERENCES clients(id),
  hour               timestamptz NOT NULL,
  mode               text        NOT NULL,
  brand              boolean     NOT NULL,
  cost_fen           bigint      NOT NULL DEFAULT 0,   -- total deducted
  cash_fen           bigint      NOT NULL DEFAULT 0,
  coupon_normal_fen  bigint      NOT NULL DEFAULT 0,
  coupon_traffic_fen bigint      NOT NULL DEFAULT 0,
  credit_fen         bigint      NOT NULL DEFAULT 0,
  arrears_fen        bigint      NOT NULL DEFAULT 0,   -- over-delivery the balances could not cover
  -- what live reported for the split (spend_hourly), kept so the next delta is computed from it
  src_coupon_fen     bigint      NOT NULL DEFAULT 0,
  src_credit_fen     bigint      NOT NULL DEFAULT 0,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_id, hour, mode, brand)
);
CREATE INDEX finance_spend_postings_agency_idx ON finance_spend_postings (agency_id, hour);
