-- Part of an email ("example.com", "jane.smi"): a substring match on the profile's email, through
-- a trigram index (LIKE '%…%' uses it).
CREATE INDEX persons_email_trgm_idx ON persons USING gin (email gin_trgm_ops);
