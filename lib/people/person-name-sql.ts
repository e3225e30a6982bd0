/**
 * The expressions the people list searches and sorts on, exactly as migrations
 * 0100_people_search and 0120_people_name_parts_trgm index them: change one, change the other, or the planner can no
 * longer use the index and a search at a million people becomes a scan.
 */
export const PERSON_NAME = "btrim(lower(coalesce(p.first_name, '') || ' ' || coalesce(p.last_name, '')))";
export const PERSON_LAST_NAME = "lower(p.last_name)";
/** As migration 0120_people_name_parts_trgm indexes it (PERSON_LAST_NAME too, by trigram). */
export const PERSON_FIRST_NAME = "lower(p.first_name)";
export const SORT_LAST = "lower(coalesce(p.last_name, ''))";
export const SORT_FIRST = "lower(coalesce(p.first_name, ''))";
export const SORT_CONTACT = "coalesce(p.last_contact_at, '-infinity'::timestamptz)";

/** A LIKE pattern matching `prefix` literally at the start. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
