-- The softphone (lib/staff/presence.ts): its heartbeat says the phone is registered now
-- (routing rings only staff whose heartbeat is fresh); wrap-up has an end and a call.
ALTER TABLE staff
  ADD COLUMN softphone_seen_at timestamptz(3),
  ADD COLUMN wrap_up_until timestamptz(3),
  ADD COLUMN wrap_up_call_id uuid REFERENCES phone_calls(id) ON DELETE SET NULL;

-- What a staff member wrote after a call; shown with the call on the person's timeline
-- (interaction_id is the call's interaction, derived from the call id) and in later screen pops.
CREATE TABLE call_wrap_ups (
  phone_call_id  uuid PRIMARY KEY REFERENCES phone_calls(id) ON DELETE CASCADE,
  interaction_id uuid NOT NULL,
  staff_id       uuid REFERENCES staff(id) ON DELETE SET NULL,
  note           text NOT NULL DEFAULT '',
  outcome        text,
  saved_at       timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX call_wrap_ups_interaction_id_idx ON call_wrap_ups (interaction_id);
