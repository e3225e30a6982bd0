-- Incremental resolves at a million records.
--
-- Closing a person's stale contact points asks, per open value, whether any of the
-- person's records still carries it. By person alone that reads every record of a big
-- person (an internal account's profile); by value alone, every record carrying a crowded
-- value (its inbox, on tens of thousands of records). By both it is one probe. The email
-- index also serves every lookup by person, so the plain one goes.
CREATE INDEX source_records_person_email_idx ON source_records (person_id, match_email);
CREATE INDEX source_records_person_phone_idx ON source_records (person_id, match_phone) WHERE match_phone IS NOT NULL;
DROP INDEX source_records_person_id_idx;

-- Sweeping an emptied person checks nothing refers to it (and deleting it sets its calls'
-- person to null): by index, not by reading every call and every ops decision.
CREATE INDEX phone_calls_person_id_idx ON phone_calls (person_id);
CREATE INDEX contact_resolutions_person_id_idx ON contact_resolutions (person_id);
