-- Switchboard: initial schema. Mirrors prisma/schema.prisma (tests/schema-drift.int.test.ts checks).

CREATE TYPE "Role" AS ENUM ('staff', 'ops', 'manager', 'admin');
CREATE TYPE "Presence" AS ENUM ('available', 'busy', 'away', 'offline');
CREATE TYPE "ContactKind" AS ENUM ('phone', 'email', 'aircall_user', 'front_teammate');
CREATE TYPE "SourceKind" AS ENUM ('order', 'sbm', 'aj', 'aj_partner');
CREATE TYPE "Vendor" AS ENUM ('twilio', 'aircall', 'front', 'shopify', 'simplybook', 'appointjet');
CREATE TYPE "IncomingEventStatus" AS ENUM ('pending', 'success', 'unmatchable_person', 'unmatchable_staff', 'unmatchable_both', 'skipped', 'ignored');
CREATE TYPE "Channel" AS ENUM ('call', 'sms', 'email', 'in_app');
CREATE TYPE "Direction" AS ENUM ('inbound', 'outbound');
CREATE TYPE "ResolutionAction" AS ENUM ('link', 'create', 'ignore');
CREATE TYPE "CallState" AS ENUM ('ringing', 'finding_staff', 'dialing_staff', 'conference', 'voicemail', 'completed', 'failed');

-- auth --------------------------------------------------------------------
CREATE TABLE users (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL UNIQUE,
  email_verified boolean NOT NULL DEFAULT false,
  image text,
  role "Role" NOT NULL DEFAULT 'staff',
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE sessions (
  id text PRIMARY KEY,
  expires_at timestamptz(3) NOT NULL,
  token text NOT NULL UNIQUE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  ip_address text,
  user_agent text,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX sessions_user_id_idx ON sessions(user_id);

CREATE TABLE accounts (
  id text PRIMARY KEY,
  account_id text NOT NULL,
  provider_id text NOT NULL,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  access_token text,
  refresh_token text,
  id_token text,
  access_token_expires_at timestamptz(3),
  refresh_token_expires_at timestamptz(3),
  scope text,
  password text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX accounts_user_id_idx ON accounts(user_id);

CREATE TABLE verifications (
  id text PRIMARY KEY,
  identifier text NOT NULL,
  value text NOT NULL,
  expires_at timestamptz(3) NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX verifications_identifier_idx ON verifications(identifier);

CREATE TABLE rate_limits (
  id text PRIMARY KEY,
  key text NOT NULL UNIQUE,
  count integer NOT NULL,
  last_request bigint NOT NULL
);

-- people and staff ----------------------------------------------------------
CREATE TABLE staff (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id text UNIQUE REFERENCES users(id) ON DELETE SET NULL,
  display_name text NOT NULL,
  presence "Presence" NOT NULL DEFAULT 'offline',
  presence_changed_at timestamptz(3) NOT NULL DEFAULT now(),
  last_call_ended_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX staff_presence_last_call_ended_at_idx ON staff(presence, last_call_ended_at);

CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  first_name text,
  last_name text,
  email text,
  phone text,
  assigned_staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX persons_last_name_first_name_idx ON persons(last_name, first_name);

CREATE TABLE contact_points (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind "ContactKind" NOT NULL,
  value text NOT NULL,
  person_id uuid REFERENCES persons(id) ON DELETE CASCADE,
  staff_id uuid REFERENCES staff(id) ON DELETE CASCADE,
  valid_from timestamptz(3) NOT NULL,
  valid_to timestamptz(3),
  first_seen_at timestamptz(3) NOT NULL,
  last_seen_at timestamptz(3) NOT NULL,
  origin text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT contact_points_one_owner CHECK ((person_id IS NULL) <> (staff_id IS NULL)),
  CONSTRAINT contact_points_valid_range CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX contact_points_kind_value_valid_from_idx ON contact_points(kind, value, valid_from);
CREATE INDEX contact_points_person_id_idx ON contact_points(person_id);
CREATE INDEX contact_points_staff_id_idx ON contact_points(staff_id);

CREATE TABLE source_records (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  source "SourceKind" NOT NULL,
  external_id text NOT NULL,
  raw jsonb NOT NULL,
  first_name text,
  last_name text,
  email text,
  phone text,
  booking_id text,
  source_updated_at timestamptz(3),
  dropped_reason text,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  evidence_version integer NOT NULL DEFAULT 1,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (source, external_id)
);
CREATE INDEX source_records_person_id_idx ON source_records(person_id);
CREATE INDEX source_records_email_idx ON source_records(email);
CREATE INDEX source_records_phone_idx ON source_records(phone);

CREATE TABLE merge_rejections (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  record_a uuid NOT NULL,
  record_b uuid NOT NULL,
  evidence_a integer NOT NULL,
  evidence_b integer NOT NULL,
  probability double precision NOT NULL,
  reason text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (record_a, record_b)
);

CREATE TABLE merge_audits (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  action text NOT NULL,
  person_id uuid,
  other_person_id uuid,
  record_ids text[] NOT NULL DEFAULT '{}',
  evidence jsonb NOT NULL,
  actor text NOT NULL,
  reason text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX merge_audits_person_id_idx ON merge_audits(person_id);

-- interactions ----------------------------------------------------------------
CREATE TABLE incoming_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  vendor "Vendor" NOT NULL,
  vendor_event_id text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  occurred_at timestamptz(3),
  status "IncomingEventStatus" NOT NULL DEFAULT 'pending',
  reason text,
  contact_kind "ContactKind",
  contact_value text,
  attempts integer NOT NULL DEFAULT 0,
  processed_at timestamptz(3),
  UNIQUE (vendor, vendor_event_id)
);
CREATE INDEX incoming_events_status_received_at_idx ON incoming_events(status, received_at);
CREATE INDEX incoming_events_contact_kind_contact_value_idx ON incoming_events(contact_kind, contact_value);

CREATE TABLE interaction_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  incoming_event_id uuid UNIQUE REFERENCES incoming_events(id) ON DELETE SET NULL,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
  channel "Channel" NOT NULL,
  direction "Direction" NOT NULL,
  occurred_at timestamptz(3) NOT NULL,
  summary text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX interaction_events_person_id_occurred_at_idx ON interaction_events(person_id, occurred_at);
CREATE INDEX interaction_events_staff_id_occurred_at_idx ON interaction_events(staff_id, occurred_at);

CREATE TABLE call_details (
  interaction_id uuid PRIMARY KEY REFERENCES interaction_events(id) ON DELETE CASCADE,
  vendor_call_id text,
  duration_seconds integer,
  outcome text NOT NULL,
  recording_url text
);

CREATE TABLE sms_details (
  interaction_id uuid PRIMARY KEY REFERENCES interaction_events(id) ON DELETE CASCADE,
  vendor_message_id text,
  body text NOT NULL,
  delivery_status text
);

CREATE TABLE email_details (
  interaction_id uuid PRIMARY KEY REFERENCES interaction_events(id) ON DELETE CASCADE,
  subject text NOT NULL,
  thread_id text,
  message_id text
);

CREATE TABLE in_app_message_details (
  interaction_id uuid PRIMARY KEY REFERENCES interaction_events(id) ON DELETE CASCADE,
  sender_role text NOT NULL,
  body text NOT NULL,
  conversation_id text
);

CREATE TABLE contact_resolutions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind "ContactKind" NOT NULL,
  value text NOT NULL,
  action "ResolutionAction" NOT NULL,
  person_id uuid,
  effective_from timestamptz(3) NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  undone_at timestamptz(3),
  undone_by text
);
CREATE INDEX contact_resolutions_kind_value_idx ON contact_resolutions(kind, value);

CREATE TABLE sync_cursors (
  name text PRIMARY KEY,
  cursor text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE audit_logs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  details jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_target_idx ON audit_logs(target);

-- commerce (screen pop) ----------------------------------------------------------
CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL UNIQUE,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  total_cents integer NOT NULL,
  currency text NOT NULL DEFAULT 'AUD',
  status text NOT NULL,
  summary text NOT NULL,
  placed_at timestamptz(3) NOT NULL
);
CREATE INDEX orders_person_id_placed_at_idx ON orders(person_id, placed_at);

CREATE TABLE bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL UNIQUE,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  service text NOT NULL,
  status text NOT NULL,
  starts_at timestamptz(3) NOT NULL
);
CREATE INDEX bookings_person_id_starts_at_idx ON bookings(person_id, starts_at);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL UNIQUE,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  role text NOT NULL DEFAULT 'primary',
  service text NOT NULL,
  status text NOT NULL,
  starts_at timestamptz(3) NOT NULL
);
CREATE INDEX appointments_person_id_starts_at_idx ON appointments(person_id, starts_at);

-- calls ---------------------------------------------------------------------------
CREATE TABLE phone_calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  call_sid text NOT NULL UNIQUE,
  direction "Direction" NOT NULL,
  from_number text NOT NULL,
  to_number text NOT NULL,
  person_id uuid REFERENCES persons(id) ON DELETE SET NULL,
  staff_id uuid REFERENCES staff(id) ON DELETE SET NULL,
  state "CallState" NOT NULL DEFAULT 'ringing',
  context jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 0,
  last_sequence integer NOT NULL DEFAULT -1,
  lease_owner text,
  lease_expires_at timestamptz(3),
  end_reason text,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  answered_at timestamptz(3),
  ended_at timestamptz(3),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX phone_calls_state_idx ON phone_calls(state);

CREATE TABLE call_transitions (
  id bigserial PRIMARY KEY,
  phone_call_id uuid NOT NULL REFERENCES phone_calls(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  from_state "CallState" NOT NULL,
  to_state "CallState" NOT NULL,
  event jsonb NOT NULL,
  at timestamptz(3) NOT NULL DEFAULT now(),
  UNIQUE (phone_call_id, seq)
);

-- operations ------------------------------------------------------------------------
CREATE TABLE worker_heartbeats (
  worker_id text PRIMARY KEY,
  pid integer NOT NULL,
  host text NOT NULL,
  started_at timestamptz(3) NOT NULL,
  beat_at timestamptz(3) NOT NULL
);
