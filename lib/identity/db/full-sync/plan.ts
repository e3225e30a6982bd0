import { EMAIL_LEVELS, FIRST_LEVELS, LAST_LEVELS, PHONE_LEVELS } from "../../compare";
import { weightToProbability } from "../../config";
import { titleCase } from "../../names";
import { AJ_PARTNER, AJ_PRIMARY, FULL, SOURCE_NAMES } from "../../normalise";
import type { BatchResolution } from "../../resolve";
import type { UnassignedReason } from "../../types";
import type { EdgeEvidence } from "../audit-evidence";

/** What the store held before the run, per batch index. */
export interface PriorState {
  readonly rowIds: readonly string[];
  readonly personIds: readonly (string | null)[];
  readonly reasons: readonly (string | null)[];
}

export interface PersonRow {
  readonly id: string;
  readonly isNew: boolean;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly firstNames: readonly string[];
  readonly bookingRoles: readonly string[];
}

export interface AuditRow {
  readonly action: "merge" | "split" | "attach";
  readonly personId: string;
  readonly otherPersonId: string | null;
  readonly recordIds: readonly string[];
  readonly evidence: { readonly edges: readonly EdgeEvidence[]; readonly edgeCount: number; readonly rule?: string };
  readonly reason: string;
}

export interface SyncPlan {
  /** Person id per profile (cluster) of the resolution. */
  readonly personIdOf: readonly string[];
  readonly persons: readonly PersonRow[];
  /** Batch indices whose person or reason changed. */
  readonly changed: Int32Array;
  /** Person id and reason to write, per batch index (read at `changed`). */
  readonly assignedPerson: (i: number) => string | null;
  readonly assignedReason: (i: number) => UnassignedReason | null;
  /** Persons that held records before and hold none now (sweep candidates). */
  readonly emptied: readonly string[];
  readonly audits: readonly AuditRow[];
}

/** MergeAudit.evidence.rule of an adoption (adopt.ts), in the words of the incremental resolve's (../adopt.ts). */
export const ADOPTED_RULE = "adopted: the one person made by ops or the seed who holds this contact";

/** Who adopts what (adopt.ts): profile index → person id, and unmatched weak record's batch index → person id. */
export interface Adopters {
  readonly profiles: ReadonlyMap<number, string>;
  readonly weak: ReadonlyMap<number, string>;
}

const NO_ADOPTERS: Adopters = { profiles: new Map(), weak: new Map() };

/** Evidence kept per audit row: a profile of thousands of records would not be readable anyway. */
export const MAX_EDGES_PER_AUDIT = 100;
/** Distinct first names remembered per person for the never-fuse check. */
export const MAX_FIRST_NAMES = 32;

const LEVELS = [FIRST_LEVELS, LAST_LEVELS, EMAIL_LEVELS, PHONE_LEVELS] as const;
const FIELDS = ["firstName", "lastName", "email", "phone"] as const;
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Turns a batch resolution into what the store must hold, pure: person ids (a profile
 * keeps the uuid the engine's stable keys carried over; a new profile gets `newId()`),
 * consensus rows, the records whose assignment changed, the persons left empty, and the
 * merges and splits to audit with their per-field evidence. A new profile or an unmatched
 * weak record in `adopters` (adopt.ts) goes to that existing person instead, audited as an
 * adoption.
 */
export function planSync(
  res: BatchResolution,
  prior: PriorState,
  known: ReadonlySet<string>,
  newId: () => string,
  adopters: Adopters = NO_ADOPTERS,
): SyncPlan {
  const { batch, profiles } = res;
  const { offsets, members } = res.clusters;
  const clusters = offsets.length - 1;
  const personIdOf: string[] = [];
  const isNew: boolean[] = [];
  for (let c = 0; c < clusters; c++) {
    const key = profiles.personKeys[c]!;
    const existing = known.has(key);
    const adopter = existing ? undefined : adopters.profiles.get(c);
    personIdOf.push(existing ? key : (adopter ?? newId()));
    isNew.push(!existing && adopter === undefined);
  }

  const clusterOf = new Int32Array(batch.size).fill(-1);
  for (let c = 0; c < clusters; c++) for (let x = offsets[c]!; x < offsets[c + 1]!; x++) clusterOf[members[x]!] = c;

  const title = titleCache(res);
  const persons: PersonRow[] = [];
  for (let c = 0; c < clusters; c++) {
    const names = new Set<string>();
    const roles = new Set<string>();
    for (let x = offsets[c]!; x < offsets[c + 1]!; x++) {
      const i = members[x]!;
      const f = batch.first[i]!;
      if (f >= 0 && names.size < MAX_FIRST_NAMES) names.add(batch.firstNames.displayOf(f)!);
      const s = batch.source[i]!;
      const b = batch.booking[i]!;
      if (b >= 0 && (s === AJ_PRIMARY || s === AJ_PARTNER)) roles.add(`${batch.bookings.value(b)}:${SOURCE_NAMES[s]}`);
    }
    persons.push({
      id: personIdOf[c]!,
      isNew: isNew[c]!,
      firstName: title.first(profiles.firstName[c]!),
      lastName: title.last(profiles.lastName[c]!),
      email: batch.emails.value(profiles.email[c]!),
      phone: batch.phones.value(profiles.phone[c]!),
      firstNames: [...names],
      bookingRoles: [...roles],
    });
  }

  const assignedPerson = (i: number) => (clusterOf[i]! >= 0 ? personIdOf[clusterOf[i]!]! : (adopters.weak.get(i) ?? null));
  const assignedReason = (i: number) => (clusterOf[i]! >= 0 || adopters.weak.has(i) ? null : res.reasonOf[i]!);
  const changedList: number[] = [];
  for (let i = 0; i < batch.size; i++) {
    if (assignedPerson(i) !== prior.personIds[i] || assignedReason(i) !== prior.reasons[i]) changedList.push(i);
  }

  const held = new Set<string>([...personIdOf, ...adopters.weak.values()]);
  const emptied = new Set<string>();
  for (const p of prior.personIds) if (p !== null && !held.has(p)) emptied.add(p);

  return {
    personIdOf,
    persons,
    changed: Int32Array.from(changedList),
    assignedPerson,
    assignedReason,
    emptied: [...emptied],
    audits: planAudits(res, prior, personIdOf, isNew, clusterOf, adopters),
  };
}

function titleCache(res: BatchResolution) {
  const first = new Map<number, string | null>();
  const last = new Map<number, string | null>();
  const get = (cache: Map<number, string | null>, display: (id: number) => string | null, id: number) => {
    let v = cache.get(id);
    if (v === undefined) {
      const d = display(id);
      v = d === null ? null : titleCase(d);
      cache.set(id, v);
    }
    return v;
  };
  return {
    first: (id: number) => get(first, (x) => res.batch.firstNames.displayOf(x), id),
    last: (id: number) => get(last, (x) => res.batch.lastNames.displayOf(x), id),
  };
}

/**
 * A profile whose records all were on it before wrote nothing new. One that gained
 * records is a merge: of records that had no person (a new profile of 2+ records, or
 * records joining an existing one) or of another person's records (other_person_id is
 * the person most of them came from). A new profile made of another person's records is
 * a split. An adopted profile is an attach to the person ops or the seed made, however
 * many records it has. The evidence is the engine's union edges inside the profile that
 * touch a gained record, with their per-field levels and weights.
 */
function planAudits(
  res: BatchResolution,
  prior: PriorState,
  personIdOf: readonly string[],
  isNew: readonly boolean[],
  clusterOf: Int32Array,
  adopters: Adopters,
): AuditRow[] {
  const { offsets, members } = res.clusters;
  const clusters = offsets.length - 1;
  const gainedCount = new Int32Array(clusters);
  const gained = (i: number) => prior.personIds[i] !== personIdOf[clusterOf[i]!];
  for (let i = 0; i < res.batch.size; i++) if (clusterOf[i]! >= 0 && gained(i)) gainedCount[clusterOf[i]!]!++;

  const edges = new Map<number, EdgeEvidence[]>();
  const edgeCount = new Int32Array(clusters);
  const m = res.merges;
  const keyOf = res.batch.keyOf;
  for (let k = 0; k < m.length; k++) {
    const a = m.a[k]!;
    const b = m.b[k]!;
    const c = clusterOf[a]!;
    if (c < 0 || gainedCount[c] === 0 || (!gained(a) && !gained(b))) continue;
    edgeCount[c]!++;
    let list = edges.get(c);
    if (!list) edges.set(c, (list = []));
    if (list.length >= MAX_EDGES_PER_AUDIT) continue;
    const fields = FIELDS.map((field, f) => ({ field, level: LEVELS[f]![m.levels[k * 4 + f]!] ?? "missing", weight: round(m.fieldWeights[k * 4 + f]!) }));
    list.push({ a: keyOf(a), b: keyOf(b), fields, total: round(m.weight[k]!), probability: weightToProbability(m.weight[k]!) });
  }

  const audits: AuditRow[] = [];
  for (let c = 0; c < clusters; c++) {
    if (gainedCount[c] === 0) continue;
    const recordIds: string[] = [];
    const from = new Map<string, number>();
    let full = 0;
    for (let x = offsets[c]!; x < offsets[c + 1]!; x++) {
      const i = members[x]!;
      if (res.batch.status[i] === FULL) full++;
      if (!gained(i)) continue;
      recordIds.push(prior.rowIds[i]!);
      const p = prior.personIds[i];
      if (p) from.set(p, (from.get(p) ?? 0) + 1);
    }
    const size = offsets[c + 1]! - offsets[c]!;
    const other = [...from].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? null;
    const evidence = { edges: edges.get(c) ?? [], edgeCount: edgeCount[c]! };
    if (adopters.profiles.get(c) === personIdOf[c]) {
      audits.push({ action: "attach", personId: personIdOf[c]!, otherPersonId: other, recordIds, evidence: { ...evidence, rule: ADOPTED_RULE }, reason: "full sync: adopted" });
      continue;
    }
    if (isNew[c] && other === null && size < 2) continue; // one record, no merge
    const split = isNew[c]! && other !== null;
    audits.push({
      action: split ? "split" : "merge",
      personId: personIdOf[c]!,
      otherPersonId: other,
      recordIds,
      evidence,
      reason: split ? "full sync: re-clustered apart" : full < size ? "full sync: matched (weak records attached)" : "full sync: matched",
    });
  }
  for (const [i, person] of adopters.weak) {
    if (prior.personIds[i] === person) continue;
    audits.push({ action: "attach", personId: person, otherPersonId: prior.personIds[i] ?? null, recordIds: [prior.rowIds[i]!], evidence: { edges: [], edgeCount: 0, rule: ADOPTED_RULE }, reason: "full sync: adopted (weak record)" });
  }
  return audits;
}
