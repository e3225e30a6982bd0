-- The durable half of the call engine: each live call's mailbox, its effects outbox,
-- the Twilio legs it created, and which call holds a staff member busy.

-- A call's mailbox: every fact for the call's actor (Twilio callbacks, staff commands,
-- results of effects, timers), stored by the web or the worker and processed in id
-- order by the one worker that holds the call's lease. A retried webhook carries the
-- same dedupe_key and inserts nothing. Timers are rows with a due_at in the future,
-- so they survive a restart of every process.
CREATE TABLE call_events (
  id bigserial PRIMARY KEY,
  phone_call_id uuid NOT NULL REFERENCES phone_calls(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('status', 'conference', 'recording', 'voicemail_done', 'machine', 'timer', 'flush')),
  leg text,
  dedupe_key text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  due_at timestamptz(3),
  processed_at timestamptz(3),
  outcome text,
  UNIQUE (phone_call_id, dedupe_key)
);
CREATE INDEX call_events_pending_idx ON call_events (phone_call_id, id) WHERE processed_at IS NULL;
CREATE INDEX call_events_due_idx ON call_events (due_at) WHERE processed_at IS NULL;

-- Wake the workers (delivered at commit): the payload names the call.
CREATE FUNCTION notify_call_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('call_event', NEW.phone_call_id::text);
  RETURN NULL;
END $$;
CREATE TRIGGER call_events_notify AFTER INSERT ON call_events
  FOR EACH ROW EXECUTE FUNCTION notify_call_event();

-- The effects outbox: written in the same transaction as the transition that emitted
-- them, marked done once run. A worker that takes a call over runs what is not done;
-- the key is the machine's idempotency key, so an effect re-emitted on resume is not
-- queued twice.
CREATE TABLE call_effects (
  id bigserial PRIMARY KEY,
  phone_call_id uuid NOT NULL REFERENCES phone_calls(id) ON DELETE CASCADE,
  key text NOT NULL,
  transition_seq integer NOT NULL,
  effect jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  done_at timestamptz(3),
  result text,
  UNIQUE (phone_call_id, key)
);
CREATE INDEX call_effects_pending_idx ON call_effects (phone_call_id, id) WHERE done_at IS NULL;

-- Twilio legs a call created (staff legs by leg key, the outbound person leg as
-- 'person'). The row is written before Twilio is asked, so a worker that died between
-- the two knows to look for the leg before creating another.
CREATE TABLE call_legs (
  phone_call_id uuid NOT NULL REFERENCES phone_calls(id) ON DELETE CASCADE,
  leg_key text NOT NULL,
  staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
  to_address text NOT NULL,
  call_sid text UNIQUE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (phone_call_id, leg_key)
);

-- Presence "busy" is a claim by one call: only that call releases it.
ALTER TABLE staff ADD COLUMN busy_call_id uuid REFERENCES phone_calls(id) ON DELETE SET NULL;

-- The lease sweep looks only at live calls.
CREATE INDEX phone_calls_live_idx ON phone_calls (lease_expires_at) WHERE state NOT IN ('completed', 'failed');
