-- Vendor cursor syncs (Front events, Aircall calls) and the FrontCheck monitor.
-- The cursor itself stays in sync_cursors (one row per sync, JSON text); this is the rest.

-- One row per sync: who runs it (a lease, so one worker at a time keeps within the vendor's
-- rate budget) and what it has done (the admin status page reads it).
CREATE TABLE sync_status (
  name text PRIMARY KEY,
  lease_owner text,
  lease_until timestamptz(3),
  last_pass_at timestamptz(3),
  last_error text,
  events_seen integer NOT NULL DEFAULT 0,
  events_recovered integer NOT NULL DEFAULT 0,
  requests integer NOT NULL DEFAULT 0,
  rate_limited integer NOT NULL DEFAULT 0,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Events the sync stored itself: no webhook had delivered them (the webhook path and the sync
-- insert the same incoming_events row, unique on the vendor's event id; whoever comes first).
CREATE TABLE sync_recoveries (
  vendor "Vendor" NOT NULL,
  vendor_event_id text NOT NULL,
  incoming_event_id uuid NOT NULL REFERENCES incoming_events(id) ON DELETE CASCADE,
  emitted_at timestamptz(3) NOT NULL,
  recovered_at timestamptz(3) NOT NULL DEFAULT now(),
  incident_id uuid,
  PRIMARY KEY (vendor, vendor_event_id)
);
CREATE INDEX sync_recoveries_unassigned_idx ON sync_recoveries(vendor, emitted_at) WHERE incident_id IS NULL;

-- FrontCheck: the Front webhook inferred down (events found only by the sync, past a grace period).
CREATE TABLE front_check_incidents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  started_at timestamptz(3) NOT NULL,
  detected_at timestamptz(3) NOT NULL DEFAULT now(),
  cleared_at timestamptz(3),
  last_missed_at timestamptz(3) NOT NULL,
  events_recovered integer NOT NULL DEFAULT 0,
  alert_sms_interaction_id uuid REFERENCES interaction_events(id) ON DELETE SET NULL,
  alert_note text
);
-- At most one open incident.
CREATE UNIQUE INDEX front_check_incidents_one_open_idx ON front_check_incidents ((cleared_at IS NULL)) WHERE cleared_at IS NULL;
