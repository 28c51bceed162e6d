-- Ticket center (T1-T7). Status changes only through the state machine in io.beacon.tickets.TicketState;
-- every change and note is a row of ticket_events (the progress timeline).
CREATE TABLE tickets (
  id                 bigserial PRIMARY KEY,
  agency_id          bigint      NOT NULL REFERENCES agencies(id),
  client_id          bigint      REFERENCES clients(id),
  submitter_staff_id bigint      NOT NULL REFERENCES staff(id),
  category           text        NOT NULL CHECK (category IN ('delivery_effect', 'delivery_product', 'product_consultation')),
  title              text        NOT NULL,
  unit_id            text,
  occurred_from      timestamptz,
  occurred_to        timestamptz,
  spend_impact_fen   bigint      CHECK (spend_impact_fen >= 0),
  self_check_result  text        NOT NULL,
  description        text        NOT NULL,
  status             text        NOT NULL CHECK (status IN ('processing', 'returned', 'completed', 'cancelled')),
  return_reason      text,
  submitted_at       timestamptz NOT NULL,
  returned_at        timestamptz,
  last_urged_at      timestamptz,
  urge_count         int         NOT NULL DEFAULT 0,
  satisfaction       text        CHECK (satisfaction IN ('solved', 'unsolved')),
  satisfaction_reason text,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL
);
CREATE INDEX tickets_agency_idx ON tickets (agency_id, submitted_at DESC, id DESC);
CREATE INDEX tickets_submitter_idx ON tickets (agency_id, submitter_staff_id, submitted_at DESC);
-- The auto-cancel sweep reads only returned tickets.
CREATE INDEX tickets_returned_idx ON tickets (returned_at) WHERE status = 'returned';

CREATE TABLE ticket_events (
  id           bigserial PRIMARY KEY,
  agency_id    bigint      NOT NULL REFERENCES agencies(id),
  ticket_id    bigint      NOT NULL REFERENCES tickets(id),
  at           timestamptz NOT NULL,
  kind         text        NOT NULL,   -- submitted, urged, returned, completed, cancelled, resubmitted, auto_cancelled, note, rated
  actor        text        NOT NULL CHECK (actor IN ('staff', 'operator', 'system')),
  staff_id     bigint      REFERENCES staff(id),
  from_status  text,
  to_status    text,
  note         text
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);

-- Pasted images: uploaded first (ticket_id NULL), attached when the ticket is submitted.
CREATE TABLE ticket_images (
  id            bigserial PRIMARY KEY,
  agency_id     bigint      NOT NULL REFERENCES agencies(id),
  ticket_id     bigint      REFERENCES tickets(id),
  uploaded_by   bigint      NOT NULL REFERENCES staff(id),
  content_type  text        NOT NULL,
  size_bytes    int         NOT NULL,
  data          bytea       NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX ticket_images_ticket_idx ON ticket_images (agency_id, ticket_id);
