-- A staff leg Twilio could not deliver (no registered phone) marks the softphone lost
-- until its next heartbeat (lib/staff/reachable.ts): routing skips it meanwhile.
ALTER TABLE staff ADD COLUMN softphone_lost_at timestamptz(3);
