-- Outbound SMS (lib/interactions/outbound-sms/).

-- Why a message failed (Twilio's refusal, or a status callback's ErrorCode), for the timeline.
ALTER TABLE sms_details ADD COLUMN delivery_error text;
