-- WhatsApp is its own channel across vendors (Twilio's whatsapp: addresses, Front's whatsapp
-- messages), not SMS or in-app. A free-form handle (a Front custom channel's visitor id) is a
-- contact kind of its own, so such events group in the Unidentified queue and can be linked.
ALTER TYPE "Channel" ADD VALUE IF NOT EXISTS 'whatsapp';
ALTER TYPE "ContactKind" ADD VALUE IF NOT EXISTS 'handle';
