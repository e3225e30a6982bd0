-- NOTIFY inside the insert makes every webhook's commit take Postgres's global notify lock, so
-- concurrent webhook answers queue behind each other. The web process now wakes the processors
-- itself, after its insert commits and at most every 50 ms (lib/interactions/wake-processors.ts);
-- the processors also poll, so a lost wake-up only delays work.
DROP TRIGGER incoming_events_notify ON incoming_events;
DROP FUNCTION notify_incoming_event();
