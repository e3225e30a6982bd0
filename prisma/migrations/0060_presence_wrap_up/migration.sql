-- When everyone on shift is busy, a caller waits in the queue (lib/calls/machine-queue.ts).
ALTER TYPE "CallState" ADD VALUE 'queued' AFTER 'dialing_staff';
-- After a call they talked on, staff are in wrap-up (writing their note) until they finish or
-- its time passes; routing does not ring them meanwhile. Alone in their migration: a new enum
-- value cannot be used in the transaction that adds it.
ALTER TYPE "Presence" ADD VALUE 'wrap_up' AFTER 'busy';
