-- Identity sync: source records carry the engine's evidence fingerprint and their
-- normalised match fields; persons say who made them; runs report progress.

-- Who made a person. Only persons the identity engine made ('identity') are ever swept
-- when they lose their last record; the seed's, ops' ('manual') are never touched.
ALTER TABLE persons ADD COLUMN origin text NOT NULL DEFAULT 'manual';
-- What the never-fuse rules need about a whole person, so an incremental resolve checks
-- them without reading every record of a big profile: its distinct normalised first
-- names and its AppointJet booking roles ('<booking id>:aj' / '<booking id>:aj_partner').
ALTER TABLE persons ADD COLUMN first_names text[] NOT NULL DEFAULT '{}';
ALTER TABLE persons ADD COLUMN booking_roles text[] NOT NULL DEFAULT '{}';

-- SimplyBookMe writes the whole name in one field; identity splits it.
ALTER TABLE source_records ADD COLUMN full_name text;
-- The engine's evidence version is a fingerprint of the normalised identifying fields:
-- it changes exactly when they do, and merge rejections are keyed on it.
ALTER TABLE source_records ALTER COLUMN evidence_version DROP DEFAULT;
ALTER TABLE source_records ALTER COLUMN evidence_version TYPE text USING evidence_version::text;
-- Normalised fields (E.164 phone, canonical email, clean names) and the record's status
-- (full: 2+ fields, matched; weak: one, waits to attach; dropped: no usable contact), written
-- at ingest so the incremental resolver finds candidates by index.
ALTER TABLE source_records
  ADD COLUMN match_status text NOT NULL DEFAULT 'dropped' CHECK (match_status IN ('full', 'weak', 'dropped')),
  ADD COLUMN match_first text,
  ADD COLUMN match_last text,
  ADD COLUMN match_email text,
  ADD COLUMN match_phone text,
  -- first and last name comparison keys: a crowded contact is compared within one name only
  ADD COLUMN name_key text;
-- Lookups go by the normalised values; the indexes on the raw ones only slow every write.
DROP INDEX source_records_email_idx;
DROP INDEX source_records_phone_idx;
CREATE INDEX source_records_match_email_idx ON source_records (match_email, name_key) WHERE match_email IS NOT NULL;
CREATE INDEX source_records_match_phone_idx ON source_records (match_phone, name_key) WHERE match_phone IS NOT NULL;

ALTER TABLE merge_rejections ALTER COLUMN evidence_a TYPE text USING evidence_a::text;
ALTER TABLE merge_rejections ALTER COLUMN evidence_b TYPE text USING evidence_b::text;
-- Rejections are stored with record_a < record_b; a record's own are found from either side.
CREATE INDEX merge_rejections_record_b_idx ON merge_rejections (record_b);

-- One row per full sync (and per safety-net run): its stage and counts as it goes.
CREATE TABLE identity_sync_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL,
  status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
  stage text NOT NULL DEFAULT 'starting',
  stats jsonb NOT NULL DEFAULT '{}',
  error text,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX identity_sync_runs_started_at_idx ON identity_sync_runs (started_at);

-- Contact values carried by more full records than the engine compares pairwise (an
-- internal account's inbox): their exact count weighs the value (term frequency) without
-- counting tens of thousands of rows on every incremental resolve. Rewritten by each full
-- sync, kept current by ingest in between.
CREATE TABLE identity_crowded_values (
  kind text NOT NULL CHECK (kind IN ('email', 'phone')),
  value text NOT NULL,
  records integer NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, value)
);

-- The never-fuse check finds the primary and partner of one booking.
CREATE INDEX source_records_booking_id_idx ON source_records (booking_id) WHERE booking_id IS NOT NULL;
-- Weak records waiting for a person (a bare email import): a new profile with that value wakes them.
CREATE INDEX source_records_waiting_email_idx ON source_records (match_email) WHERE match_status = 'weak' AND person_id IS NULL;
CREATE INDEX source_records_waiting_phone_idx ON source_records (match_phone) WHERE match_status = 'weak' AND person_id IS NULL;
