-- A work notice goes to a staff member's robot URL with the secret they gave, and the secret is optional
-- (a DingTalk robot may be secured by keyword or IP instead of a signature). Such a delivery has a url and no
-- secret; it is sent unsigned.
ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_target;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_target CHECK (webhook_id IS NOT NULL OR url IS NOT NULL);
