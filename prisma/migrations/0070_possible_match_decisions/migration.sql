-- A possible match ops rejected is a merge rejection (reason 'ops_rejected'), whoever
-- wrote the decision: the full sync and the incremental resolve both skip the pair while
-- neither record's evidence changes. Taking the decision back removes it again.
CREATE FUNCTION possible_match_decided() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'rejected' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'rejected') THEN
    INSERT INTO merge_rejections (record_a, record_b, evidence_a, evidence_b, probability, reason)
    VALUES (NEW.record_a, NEW.record_b, NEW.evidence_a, NEW.evidence_b, NEW.probability, 'ops_rejected')
    ON CONFLICT (record_a, record_b) DO UPDATE
       SET evidence_a = EXCLUDED.evidence_a, evidence_b = EXCLUDED.evidence_b, probability = EXCLUDED.probability,
           reason = EXCLUDED.reason, created_at = now();
  ELSIF TG_OP = 'UPDATE' AND OLD.status = 'rejected' AND NEW.status <> 'rejected' THEN
    DELETE FROM merge_rejections WHERE record_a = NEW.record_a AND record_b = NEW.record_b AND reason = 'ops_rejected';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER possible_matches_decided AFTER INSERT OR UPDATE OF status ON possible_matches
  FOR EACH ROW EXECUTE FUNCTION possible_match_decided();

