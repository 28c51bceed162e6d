-- Work notices sent to a staff member's own robot URL (WebhookDispatcher.deliverTo) go through the same
-- outbox as subscription deliveries, so a pending retry survives a restart and any instance may send it.
-- Such a row belongs to no subscription and carries its own url and signing secret.
ALTER TABLE webhook_deliveries ALTER COLUMN webhook_id DROP NOT NULL;
ALTER TABLE webhook_deliveries ADD COLUMN url text, ADD COLUMN secret text;
ALTER TABLE webhook_deliveries ADD CONSTRAINT webhook_deliveries_target
  CHECK (webhook_id IS NOT NULL OR (url IS NOT NULL AND secret IS NOT NULL));
