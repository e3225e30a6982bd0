-- An effect that fails is tried again later, a bounded number of times, instead of being
-- retried on the spot forever by an actor that can do nothing else meanwhile. The count and
-- the next attempt's time live on the row, so the bound holds when another worker takes the
-- call over; last_error says what went wrong.
ALTER TABLE call_effects
  ADD COLUMN attempts integer NOT NULL DEFAULT 0,
  ADD COLUMN last_error text,
  ADD COLUMN next_attempt_at timestamptz(3);
