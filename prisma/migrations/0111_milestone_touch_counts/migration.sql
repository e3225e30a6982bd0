-- The funnel at a million people cannot count interactions per person on every page view
-- (bench:analytics). Each milestone keeps how many interactions its person had on each channel
-- at or before it; touchpoints between two milestones are then a subtraction. Triggers keep
-- the counts true: a milestone counts when it is stored, and an interaction that is written,
-- moved (a merge re-points person_id), re-timed or deleted adjusts its person's later milestones.
ALTER TABLE person_milestones
  ADD COLUMN touches_call int NOT NULL DEFAULT 0,
  ADD COLUMN touches_sms int NOT NULL DEFAULT 0,
  ADD COLUMN touches_email int NOT NULL DEFAULT 0,
  ADD COLUMN touches_in_app int NOT NULL DEFAULT 0;

CREATE FUNCTION person_milestones_count_touches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT count(*) FILTER (WHERE channel = 'call'), count(*) FILTER (WHERE channel = 'sms'),
         count(*) FILTER (WHERE channel = 'email'), count(*) FILTER (WHERE channel = 'in_app')
    INTO NEW.touches_call, NEW.touches_sms, NEW.touches_email, NEW.touches_in_app
    FROM interaction_events WHERE person_id = NEW.person_id AND occurred_at <= NEW.occurred_at;
  RETURN NEW;
END $$;
CREATE TRIGGER person_milestones_count_touches BEFORE INSERT OR UPDATE OF person_id, occurred_at ON person_milestones
  FOR EACH ROW EXECUTE FUNCTION person_milestones_count_touches();

CREATE FUNCTION interaction_events_touch_milestones() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND OLD.person_id IS NOT NULL THEN
    UPDATE person_milestones SET
      touches_call = touches_call - (OLD.channel = 'call')::int, touches_sms = touches_sms - (OLD.channel = 'sms')::int,
      touches_email = touches_email - (OLD.channel = 'email')::int, touches_in_app = touches_in_app - (OLD.channel = 'in_app')::int
     WHERE person_id = OLD.person_id AND occurred_at >= OLD.occurred_at;
  END IF;
  IF TG_OP <> 'DELETE' AND NEW.person_id IS NOT NULL THEN
    UPDATE person_milestones SET
      touches_call = touches_call + (NEW.channel = 'call')::int, touches_sms = touches_sms + (NEW.channel = 'sms')::int,
      touches_email = touches_email + (NEW.channel = 'email')::int, touches_in_app = touches_in_app + (NEW.channel = 'in_app')::int
     WHERE person_id = NEW.person_id AND occurred_at >= NEW.occurred_at;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER interaction_events_touch_milestones_ins AFTER INSERT OR DELETE ON interaction_events
  FOR EACH ROW EXECUTE FUNCTION interaction_events_touch_milestones();
CREATE TRIGGER interaction_events_touch_milestones_upd AFTER UPDATE OF person_id, occurred_at, channel ON interaction_events
  FOR EACH ROW WHEN (OLD.person_id IS DISTINCT FROM NEW.person_id OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at OR OLD.channel IS DISTINCT FROM NEW.channel)
  EXECUTE FUNCTION interaction_events_touch_milestones();

-- milestones stored before this migration
UPDATE person_milestones SET occurred_at = occurred_at;
