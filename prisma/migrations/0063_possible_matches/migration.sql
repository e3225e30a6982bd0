-- Pairs the identity engine scored between the review threshold and the merge threshold:
-- ops confirm (a must-link the engine keeps) or reject (a merge_rejections row). Also the
-- home of a record that could attach to more than one person (an ambiguous surname-only
-- record at a couple's inbox): kind 'ambiguous', with the reason.
CREATE TYPE "PossibleMatchStatus" AS ENUM ('pending', 'confirmed', 'rejected', 'superseded');

CREATE TABLE possible_matches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind text NOT NULL DEFAULT 'score',
  record_a uuid NOT NULL,
  record_b uuid NOT NULL,
  evidence_a text NOT NULL,
  evidence_b text NOT NULL,
  probability double precision NOT NULL,
  evidence jsonb NOT NULL,
  reason text,
  status "PossibleMatchStatus" NOT NULL DEFAULT 'pending',
  decided_by text,
  decided_at timestamptz(3),
  decision_reason text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CONSTRAINT possible_matches_ordered CHECK (record_a < record_b)
);
CREATE UNIQUE INDEX possible_matches_record_a_record_b_key ON possible_matches (record_a, record_b);
CREATE INDEX possible_matches_status_probability_idx ON possible_matches (status, probability DESC);
CREATE INDEX possible_matches_record_b_idx ON possible_matches (record_b);
