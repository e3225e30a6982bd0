-- After a call they talked on, staff are in wrap-up (writing their note) until they finish or
-- its time passes; routing does not ring them meanwhile. Alone in its migration: a new enum
-- value cannot be used in the transaction that adds it.
ALTER TYPE "Presence" ADD VALUE 'wrap_up' AFTER 'busy';
