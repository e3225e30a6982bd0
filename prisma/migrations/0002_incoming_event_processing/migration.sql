-- Wake the interaction processor when events arrive (delivered at commit; one per statement).
CREATE FUNCTION notify_incoming_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('incoming_event', '');
  RETURN NULL;
END $$;

CREATE TRIGGER incoming_events_notify AFTER INSERT ON incoming_events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_incoming_event();

-- The processor's queue: pending events, oldest first.
CREATE INDEX incoming_events_pending_idx ON incoming_events (received_at) WHERE status = 'pending';

-- Status callbacks find the message they update.
CREATE INDEX sms_details_vendor_message_id_idx ON sms_details (vendor_message_id);
CREATE INDEX call_details_vendor_call_id_idx ON call_details (vendor_call_id);

-- Open ownership of a contact value (the resolver's hot path).
CREATE INDEX contact_points_open_idx ON contact_points (kind, value) WHERE valid_to IS NULL;
