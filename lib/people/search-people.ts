import type { Db } from "@/lib/db/client";
import { PERSON_FIRST_NAME, PERSON_LAST_NAME, PERSON_NAME, SORT_CONTACT, SORT_FIRST, SORT_LAST, likePrefix } from "./person-name-sql";
import { decodeCursor, encodeCursor, readSearchTerm, type PeopleQuery } from "./search-query";

export type PersonRow = {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  lastContactAt: string | null;
  assignedStaff: string | null;
};

export type PeoplePage = { people: PersonRow[]; nextCursor: string | null };

/** Each branch of a name search reads at most this many matches before ranking. */
const BRANCH_LIMIT = 500;
/** Below this length trigram similarity says little (a 3-letter query is one trigram and its padding): prefix only. */
const TRIGRAM_MIN = 4;
/**
 * pg_trgm's `%` threshold for a one-word name against the whole name (its default is 0.3).
 * At 0.3 the index hands tens of thousands of candidates to recheck at a million people.
 */
const TRIGRAM_THRESHOLD = 0.5;
/**
 * The thresholds for a name of several words, matched word against name part. A first name is
 * a short word, so one typo costs it much ("grase" → Grace is 0.33): `%` at pg_trgm's default.
 * The surname by word similarity (`<%`, the share of the typed word's trigrams found in it:
 * "andex" → Andes 0.67, "jonas" → Jones 0.5) at 0.5, which the index applies too: it hands the
 * recheck only surnames holding half the typed trigrams, not every surname sharing the first
 * letters.
 */
const FIRST_NAME_THRESHOLD = 0.3;
const SURNAME_WORD_THRESHOLD = 0.5;
const DAY_MS = 86_400_000;

/**
 * The people list: a search (email or phone exactly, through every value a person ever
 * had; a name by prefix and by trigram similarity, ranked) or the whole list sorted by name
 * or by last contact, narrowed by filters, one keyset page at a time. Every order is a
 * total order ending in the id, so a page never repeats or skips a row.
 */
export async function searchPeople(db: Db, query: PeopleQuery, opts: { region: string }): Promise<PeoplePage> {
  const limit = query.limit ?? 50;
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  const where = filters(query, param);
  const cursor = decodeCursor(query.cursor);
  const term = readSearchTerm(query.q, opts.region);

  let from = "persons p";
  let keyCols: string[];
  let order: string;
  if (term) {
    from = `(${candidatesSql(term, param)}) c JOIN persons p ON p.id = c.id`;
    keyCols = ["c.score", "p.id::text"];
    order = "c.score DESC, p.id";
    if (cursor?.length === 2) where.push(`(c.score < ${param(cursor[0])}::float8 OR (c.score = $${params.length}::float8 AND p.id > ${param(cursor[1])}::uuid))`);
  } else if (query.sort === "recent") {
    keyCols = [`${SORT_CONTACT}::text`, "p.id::text"];
    order = `${SORT_CONTACT} DESC, p.id DESC`;
    if (cursor?.length === 2) where.push(`(${SORT_CONTACT}, p.id) < (${param(cursor[0])}::timestamptz, ${param(cursor[1])}::uuid)`);
  } else {
    keyCols = [SORT_LAST, SORT_FIRST, "p.id::text"];
    order = `${SORT_LAST}, ${SORT_FIRST}, p.id`;
    if (cursor?.length === 3) where.push(`(${SORT_LAST}, ${SORT_FIRST}, p.id) > (${param(cursor[0])}, ${param(cursor[1])}, ${param(cursor[2])}::uuid)`);
  }
  const sql = `SELECT p.id, p.first_name, p.last_name, p.email, p.phone, p.last_contact_at, s.display_name AS staff,
                      ${keyCols.map((k, i) => `${k} AS k${i}`).join(", ")}
                 FROM ${from} LEFT JOIN staff s ON s.id = p.assigned_staff_id
                ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
                ORDER BY ${order} LIMIT ${limit + 1}`;
  // A name is planned by index only: a LIMITed branch looks cheapest as a sequential scan that
  // stops early, which reads the whole table when nothing matches (a surname's first letters
  // never start a full name; a rare typo) — lib/identity/db/resolve-record.ts meets the same
  // planner habit. No JIT on a statement of milliseconds. The settings are the transaction's
  // own, all in one statement (set_config(…, true) is SET LOCAL): one round trip before the
  // search, not one per setting.
  const settings = term?.kind === "name" || term?.kind === "email_part" ? [...(trigramThresholds(term) ?? []), ["enable_seqscan", "off"], ["jit", "off"]] : null;
  const rows = settings
    ? (
        await db.$transaction([
          db.$executeRawUnsafe(`SELECT ${settings.map(([k, v]) => `set_config('${k}', '${v}', true)`).join(", ")}`),
          db.$queryRawUnsafe<Row[]>(sql, ...params),
        ])
      )[1]
    : await db.$queryRawUnsafe<Row[]>(sql, ...params);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    people: page.map(toPersonRow),
    nextCursor: rows.length > limit && last ? encodeCursor(keyCols.map((_, i) => last[`k${i}`] as string | number)) : null,
  };
}

type Row = {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  last_contact_at: Date | null;
  staff: string | null;
  [key: `k${number}`]: unknown;
};

function toPersonRow(r: Row): PersonRow {
  return {
    id: r.id,
    name: [r.first_name, r.last_name].filter(Boolean).join(" ") || "(no name)",
    email: r.email,
    phone: r.phone,
    lastContactAt: r.last_contact_at?.toISOString() ?? null,
    assignedStaff: r.staff,
  };
}

function filters(q: PeopleQuery, param: (v: unknown) => string): string[] {
  const where: string[] = [];
  if (q.source) where.push(`EXISTS (SELECT 1 FROM source_records sr WHERE sr.person_id = p.id AND sr.source = ${param(q.source)}::"SourceKind")`);
  if (q.interactions === "any") where.push("p.last_contact_at IS NOT NULL");
  if (q.interactions === "none") where.push("p.last_contact_at IS NULL");
  if (q.contactFrom) where.push(`p.last_contact_at >= ${param(new Date(q.contactFrom))}::timestamptz`);
  if (q.contactTo) where.push(`p.last_contact_at < ${param(new Date(Date.parse(q.contactTo) + DAY_MS))}::timestamptz`);
  if (q.staff) where.push(`p.assigned_staff_id = ${param(q.staff)}::uuid`);
  return where;
}

type Term = NonNullable<ReturnType<typeof readSearchTerm>>;

/** The pg_trgm thresholds a term's trigram branch is planned with, or null when it has none. */
function trigramThresholds(term: Term): [string, string][] | null {
  if (term.kind !== "name" || term.value.length < TRIGRAM_MIN) return null;
  if (!term.value.includes(" ")) return [["pg_trgm.similarity_threshold", String(TRIGRAM_THRESHOLD)]];
  return [
    ["pg_trgm.similarity_threshold", String(FIRST_NAME_THRESHOLD)],
    ["pg_trgm.word_similarity_threshold", String(SURNAME_WORD_THRESHOLD)],
  ];
}

/**
 * The persons a search term finds, each with a score: an exact contact value 3, a name
 * prefix (of the full name or the surname) 2 + similarity, a trigram match its similarity.
 */
function candidatesSql(term: Term, param: (v: unknown) => string): string {
  if (term.kind === "email_part") {
    return `SELECT p.id, 2 + similarity(p.email, ${param(term.value)})::float8 AS score FROM persons p
             WHERE p.email LIKE ${param(`%${likePrefix(term.value)}`)} LIMIT ${BRANCH_LIMIT}`;
  }
  if (term.kind !== "name") {
    return `SELECT DISTINCT cp.person_id AS id, 3::float8 AS score FROM contact_points cp
             WHERE cp.kind = ${param(term.kind)}::"ContactKind" AND cp.value = ${param(term.value)} AND cp.person_id IS NOT NULL`;
  }
  const q = param(term.value);
  const prefix = param(likePrefix(term.value));
  const sim = `similarity(${PERSON_NAME}, ${q})::float8`;
  const trigram = trigramThresholds(term) ? `UNION ALL (${trigramSql(term.value, q, sim, param)})` : "";
  return `SELECT id, max(score) AS score FROM (
            (SELECT p.id, 2 + ${sim} AS score FROM persons p WHERE ${PERSON_NAME} LIKE ${prefix} LIMIT ${BRANCH_LIMIT})
            UNION ALL
            (SELECT p.id, 2 + ${sim} AS score FROM persons p WHERE ${PERSON_LAST_NAME} LIKE ${prefix} LIMIT ${BRANCH_LIMIT})
            ${trigram}
          ) m GROUP BY id`;
}

/**
 * One word is matched against the whole name. Several are matched as first name and surname
 * ("grace andex": Grace, and a surname close to "andex"), each part on its own trigram index:
 * the two index scans meet in a BitmapAnd, so the recheck reads only the persons close on both,
 * where on the whole name every person sharing the first name was a candidate. A person with
 * no first name (or surname) is then found by prefix only, and "andex grace" not at all: the
 * swapped order as an OR defeats the BitmapAnd (the planner drops one side as too selective and
 * rechecks every "A…" first name).
 */
function trigramSql(name: string, q: string, sim: string, param: (v: unknown) => string): string {
  const [first, ...rest] = name.split(" ");
  if (rest.length === 0) return `SELECT p.id, ${sim} AS score FROM persons p WHERE ${PERSON_NAME} % ${q} LIMIT ${BRANCH_LIMIT}`;
  // the intersection is small: rank all of it, so the limit keeps the closest
  return `SELECT p.id, ${sim} AS score FROM persons p
           WHERE ${PERSON_FIRST_NAME} % ${param(first)} AND ${param(rest.join(" "))} <% ${PERSON_LAST_NAME}
           ORDER BY score DESC LIMIT ${BRANCH_LIMIT}`;
}
