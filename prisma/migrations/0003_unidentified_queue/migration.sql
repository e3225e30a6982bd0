-- The Unidentified Contacts queue groups waiting events by contact value.
CREATE INDEX incoming_events_unmatched_idx ON incoming_events (contact_kind, contact_value, received_at)
  WHERE status IN ('unmatchable_person', 'unmatchable_both');
-- Undo finds the interactions an ops link produced.
CREATE INDEX interaction_events_incoming_event_id_person_idx ON interaction_events (person_id, incoming_event_id);
