-- Person milestones (first contact, first reply, application submitted, profile activated),
-- sent by our application system through the API (bearer API key) or a signed webhook, each
-- unique on the sender's external id so a retry stores nothing. The funnel reads them.
CREATE TYPE "MilestoneKind" AS ENUM ('first_contact', 'first_reply', 'application_submitted', 'profile_activated');

CREATE TABLE person_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  external_id text NOT NULL,
  person_id uuid NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  kind "MilestoneKind" NOT NULL,
  occurred_at timestamptz(3) NOT NULL,
  source text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX person_milestones_external_id_key ON person_milestones (external_id);
CREATE INDEX person_milestones_kind_occurred_at_idx ON person_milestones (kind, occurred_at);
CREATE INDEX person_milestones_person_id_kind_idx ON person_milestones (person_id, kind);

-- Bearer keys for the milestone API, made by admins. Only the sha256 of a key is kept; the
-- prefix (its first characters) lets an admin tell keys apart in the list.
CREATE TABLE api_keys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  prefix text NOT NULL,
  key_hash text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_used_at timestamptz(3),
  revoked_at timestamptz(3)
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);
