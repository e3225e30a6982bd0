-- A name of two or more words is matched by trigram similarity on the first name and the
-- surname separately (lib/people/search-people.ts): each word's own trigram index, combined by
-- a BitmapAnd, hands the recheck only the persons close on both. On the whole name alone, a
-- common first name is half the trigrams of "grace andex", so every Grace at a million people
-- (tens of thousands of rows) went through the recheck. Expressions as PERSON_FIRST_NAME and
-- PERSON_LAST_NAME in lib/people/person-name-sql.ts.
CREATE INDEX persons_first_name_trgm_idx ON persons USING gin ((lower(first_name)) gin_trgm_ops);
CREATE INDEX persons_last_name_trgm_idx ON persons USING gin ((lower(last_name)) gin_trgm_ops);
