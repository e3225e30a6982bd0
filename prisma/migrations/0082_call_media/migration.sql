-- Media we keep ourselves: Aircall's recording and voicemail links are pre-signed and expire
-- after 10 minutes. media_objects is the Postgres implementation of the media store (an S3
-- bucket could implement the same interface); call_media is the fetch queue and its outcome.
CREATE TABLE media_objects (
  key text PRIMARY KEY,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  bytes bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

CREATE TABLE call_media (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  interaction_id uuid NOT NULL REFERENCES interaction_events(id) ON DELETE CASCADE,
  kind text NOT NULL,
  source_url text NOT NULL,
  -- pending: to fetch; stored: in the media store under storage_key; unavailable: gave up (last_error)
  status text NOT NULL DEFAULT 'pending',
  storage_key text,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  fetched_at timestamptz(3),
  UNIQUE (interaction_id, kind)
);
CREATE INDEX call_media_due_idx ON call_media (next_attempt_at) WHERE status = 'pending';
