-- A pending event that waits for something to be recorded first (an SMS status callback that
-- overtook its message) is not claimed again before retry_at.
ALTER TABLE incoming_events ADD COLUMN retry_at timestamptz(3);
