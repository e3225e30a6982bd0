-- People search, list filters and timelines at a million people.
--
-- Names: a prefix (btree, text_pattern_ops) and a trigram similarity (pg_trgm, GIN) index on
-- one expression, lib/people/person-name-sql.ts's PERSON_NAME (keep the two identical, or the
-- planner cannot use these indexes). Contact values are found through contact_points.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX persons_name_prefix_idx ON persons ((btrim(lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))) text_pattern_ops);
CREATE INDEX persons_last_name_prefix_idx ON persons ((lower(last_name)) text_pattern_ops);
CREATE INDEX persons_name_trgm_idx ON persons USING gin ((btrim(lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '')))) gin_trgm_ops);
CREATE INDEX persons_assigned_staff_id_idx ON persons (assigned_staff_id);

-- The list sorts and filters by the last interaction: kept on the person by a trigger, so the
-- list never aggregates interactions (null: no interaction yet).
ALTER TABLE persons ADD COLUMN last_contact_at timestamptz(3);
UPDATE persons p SET last_contact_at = m.at
  FROM (SELECT person_id, max(occurred_at) AS at FROM interaction_events WHERE person_id IS NOT NULL GROUP BY person_id) m
 WHERE m.person_id = p.id;
-- keyset orders of the list: (name, id) and (last contact, id), newest first
CREATE INDEX persons_list_name_idx ON persons ((lower(coalesce(last_name, ''))), (lower(coalesce(first_name, ''))), id);
CREATE INDEX persons_list_contact_idx ON persons ((coalesce(last_contact_at, '-infinity'::timestamptz)) DESC, id DESC);

CREATE FUNCTION persons_touch_last_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.person_id IS NOT NULL THEN
    UPDATE persons SET last_contact_at = NEW.occurred_at
     WHERE id = NEW.person_id AND (last_contact_at IS NULL OR last_contact_at < NEW.occurred_at);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER interaction_events_last_contact
  AFTER INSERT OR UPDATE OF person_id, occurred_at ON interaction_events
  FOR EACH ROW EXECUTE FUNCTION persons_touch_last_contact();

-- Timeline keyset (time, id) per person, and the other streams it reads by person.
CREATE INDEX interaction_events_person_id_occurred_at_id_idx ON interaction_events (person_id, occurred_at DESC, id DESC);
CREATE INDEX merge_audits_other_person_id_idx ON merge_audits (other_person_id);
-- Recent automatic merges, newest first
CREATE INDEX merge_audits_created_at_idx ON merge_audits (created_at DESC, id DESC);
