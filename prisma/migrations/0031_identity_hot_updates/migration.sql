-- Every incremental join touches its person (first names, booking roles, profile blanks) and
-- the person's open contact points (first and last seen). Neither update changes an indexed
-- column, so Postgres can keep the new row version on the same page and skip every index
-- (a HOT update), if the page has room: leave a tenth of each page free. Applies to pages
-- written from now on (a full sync writes most of them).
ALTER TABLE persons SET (fillfactor = 90);
ALTER TABLE contact_points SET (fillfactor = 90);
