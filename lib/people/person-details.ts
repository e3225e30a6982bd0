import type { Db } from "@/lib/db/client";
import type { EdgeEvidence } from "@/lib/identity/db/audit-evidence";

const SOURCE_LABEL: Record<string, string> = { order: "Order", sbm: "SimplyBookMe", aj: "AppointJet", aj_partner: "AppointJet partner" };
const ORIGIN_LABEL: Record<string, string> = { identity: "identity engine", ops_link: "ops decision (linked)", seed: "demo seed", manual: "entered by hand" };

export type ContactHistoryRow = {
  id: string;
  kind: string;
  value: string;
  validFrom: string;
  validTo: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  /** what put it there: the engine (with the records carrying it) or an ops decision */
  origin: string;
  sources: string[];
};

export type SourceRecordRow = { id: string; source: string; externalId: string; name: string; email: string | null; phone: string | null; status: string; receivedAt: string };

export type MergeHistoryRow = {
  id: string;
  action: string;
  at: string;
  actor: string;
  reason: string | null;
  records: number;
  otherPersonId: string | null;
  edges: EdgeEvidence[];
  /** an ops un-merge of this person that has not been undone */
  undoable: boolean;
};

/**
 * What the person page shows beside the timeline: every contact value with its history and
 * where it came from, the source records behind the consensus profile, and the merge history
 * with each merge's evidence (MergeAudit.evidence: `edges` for merges, `pairs` for un-merges).
 */
export async function getPersonDetails(db: Db, personId: string) {
  const [contacts, records, audits] = await Promise.all([
    db.contactPoint.findMany({ where: { personId }, orderBy: [{ kind: "asc" }, { validFrom: "desc" }] }),
    db.sourceRecord.findMany({ where: { personId }, orderBy: [{ source: "asc" }, { externalId: "asc" }], take: 500 }),
    db.mergeAudit.findMany({ where: { OR: [{ personId }, { otherPersonId: personId }] }, orderBy: { createdAt: "desc" }, take: 50 }),
  ]);
  // an undo is a merge naming the un-merge it undid (lib/identity/db/undo-unmerge.ts)
  const undone = new Set(audits.flatMap((a) => (a.action === "merge" && typeof (a.evidence as { undoes?: unknown }).undoes === "string" ? [(a.evidence as { undoes: string }).undoes] : [])));
  const contactRows: ContactHistoryRow[] = contacts.map((c) => ({
    id: c.id,
    kind: c.kind,
    value: c.value,
    validFrom: c.validFrom.toISOString(),
    validTo: c.validTo?.toISOString() ?? null,
    firstSeenAt: c.firstSeenAt.toISOString(),
    lastSeenAt: c.lastSeenAt.toISOString(),
    origin: ORIGIN_LABEL[c.origin] ?? c.origin,
    sources: c.origin === "identity" ? records.filter((r) => (c.kind === "email" ? r.matchEmail : r.matchPhone) === c.value).map((r) => `${SOURCE_LABEL[r.source] ?? r.source} ${r.externalId}`) : [],
  }));
  const recordRows: SourceRecordRow[] = records.map((r) => ({
    id: r.id,
    source: SOURCE_LABEL[r.source] ?? r.source,
    externalId: r.externalId,
    name: [r.firstName, r.lastName].filter(Boolean).join(" ") || r.fullName || "(no name)",
    email: r.email,
    phone: r.phone,
    status: r.matchStatus,
    receivedAt: r.receivedAt.toISOString(),
  }));
  const mergeRows: MergeHistoryRow[] = audits.map((a) => ({
    id: a.id,
    action: a.action,
    at: a.createdAt.toISOString(),
    actor: a.actor,
    reason: a.reason,
    records: a.recordIds.length,
    otherPersonId: a.personId === personId ? a.otherPersonId : a.personId,
    edges: edgesOf(a.evidence),
    undoable: a.action === "unmerge" && a.personId === personId && !undone.has(a.id),
  }));
  return { contacts: contactRows, records: recordRows, merges: mergeRows };
}

export type PersonDetails = Awaited<ReturnType<typeof getPersonDetails>>;

/** The per-field evidence a stored audit carries, whatever its action; nothing for one without. */
export function edgesOf(evidence: unknown): EdgeEvidence[] {
  if (typeof evidence !== "object" || evidence === null) return [];
  const e = evidence as { edges?: unknown; pairs?: unknown };
  const list = Array.isArray(e.edges) ? e.edges : Array.isArray(e.pairs) ? e.pairs : [];
  return list.filter(isEdge).slice(0, 10);
}

function isEdge(x: unknown): x is EdgeEvidence {
  const e = x as EdgeEvidence;
  return typeof e === "object" && e !== null && Array.isArray(e.fields) && typeof e.total === "number" && typeof e.probability === "number";
}
