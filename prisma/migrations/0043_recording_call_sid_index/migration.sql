-- A call's recordings that arrived before the call was recorded are found by their CallSid
-- (lib/interactions/process-events.ts attachWaitingRecordings). Without this index that join
-- read every incoming event. Partial: only completed Twilio recordings are ever looked up.
CREATE INDEX incoming_events_twilio_recording_call_sid_idx ON incoming_events ((payload->>'CallSid'))
  WHERE vendor = 'twilio' AND event_type = 'call.recording' AND payload->>'RecordingStatus' = 'completed';
