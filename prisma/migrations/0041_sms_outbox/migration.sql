-- Outbound SMS through an outbox (lib/interactions/outbound-sms/). The web records the message
-- (its interaction, its sms_details with delivery_status 'pending', and this row) in one
-- transaction, keyed by the client's Idempotency-Key; the worker sends it. Twilio's Messages API
-- has no idempotency key, so every create request is recorded as an attempt before it is made:
-- a sender that finds an attempt and no SID asks Twilio whether the message exists first.

-- Why a message failed (Twilio's refusal, or a status callback's ErrorCode), for the timeline.
ALTER TABLE sms_details ADD COLUMN delivery_error text;

CREATE TABLE sms_outbox (
  interaction_id uuid PRIMARY KEY REFERENCES interaction_events(id) ON DELETE CASCADE,
  -- keys are unique per user; a deleted user's keys can never be replayed, so SET NULL is safe
  user_id text REFERENCES users(id) ON DELETE SET NULL,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  to_address text NOT NULL,
  from_address text NOT NULL,
  status_callback text NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  first_attempt_at timestamptz(3),
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  -- a sender's claim while its Twilio request is in flight; longer than that request can take
  lease_owner text,
  lease_until timestamptz(3),
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  UNIQUE (user_id, idempotency_key)
);

-- The sender's queue: what is still to send, soonest first.
CREATE INDEX sms_outbox_due_idx ON sms_outbox (next_attempt_at) WHERE state = 'pending';
