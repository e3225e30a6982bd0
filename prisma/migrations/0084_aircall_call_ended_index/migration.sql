-- The Aircall backstop asks, per page of calls, which already have a call.ended stored
-- (webhooks carry one id per delivery, so the id alone cannot say): a small partial index.
CREATE INDEX incoming_events_aircall_call_ended_idx ON incoming_events ((payload->'data'->>'id'))
  WHERE vendor = 'aircall' AND event_type = 'call.ended';
