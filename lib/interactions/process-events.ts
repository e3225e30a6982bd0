import type { CountryCode } from "libphonenumber-js";
import { staffIdFromClientIdentity } from "@/lib/calls/client-identity";
import type { Db } from "@/lib/db/client";
import { resolveContacts, type Resolution, type ResolveQuery } from "@/lib/identity/contact-resolver";
import { toInteraction, toRecording } from "./connectors";
import type { InteractionDraft, Vendor } from "./connectors/types";
import { deferEvents, moveEventStatuses, type StatusMove } from "./event-status";
import { needsStaff, skipReason, type SkipRules } from "./skip-rules";
import { lockSmsSid, moveSmsStatus } from "./sms-status";
import { insertInteractions, type NewInteraction } from "./write-interactions";
import { timelineChanged } from "@/lib/people/timeline-news";

export type StoredEvent = {
  id: string;
  vendor: Vendor;
  event_type: string;
  payload: unknown;
  received_at: Date;
  occurred_at: Date | null;
};

export type ProcessOptions = {
  rules: SkipRules;
  defaultRegion?: CountryCode;
  /** How long a status callback waits for its message to be recorded before it is skipped. Default 10 min. */
  statusWaitMs?: number;
  /** How soon a waiting status callback is looked at again. Default 15 s. */
  statusRetryMs?: number;
};
export const STATUS_WAIT_MS = 10 * 60_000;
export const STATUS_RETRY_MS = 15_000;
export const WAITING_FOR_MESSAGE = "waiting for its message to be recorded";
export type ProcessSummary = { processed: number; statuses: Record<string, number> };

type Tx = Pick<Db, "$queryRaw" | "$executeRaw" | "$executeRawUnsafe">;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Conversation vendors; identity sources (orders, bookings) are ingested elsewhere. */
export const INTERACTION_VENDORS: Vendor[] = ["twilio", "aircall", "front"];

/**
 * Claims up to `limit` pending events (SKIP LOCKED: several workers share the
 * queue) and processes them in one transaction, so a crash mid-batch leaves
 * them pending for the next run and a finished batch is never half-written.
 */
export async function processPendingBatch(db: Db, limit: number, opts: ProcessOptions): Promise<ProcessSummary> {
  return db.$transaction(
    async (tx) => {
      const events = await tx.$queryRaw<StoredEvent[]>`
        SELECT id, vendor::text AS vendor, event_type, payload, received_at, occurred_at
          FROM incoming_events
         WHERE status = 'pending' AND vendor::text = ANY(${INTERACTION_VENDORS}) AND (retry_at IS NULL OR retry_at <= now())
         ORDER BY received_at
         LIMIT ${limit}
         FOR UPDATE SKIP LOCKED`;
      return processEvents(tx, events, opts);
    },
    { timeout: 60_000 },
  );
}

type Prepared = { ev: StoredEvent; draft: InteractionDraft; at: Date };

/** The pure-ish core, also used to reprocess events after an ops decision. */
export async function processEvents(tx: Tx, events: StoredEvent[], opts: ProcessOptions, moveOpts: { undo?: boolean } = {}): Promise<ProcessSummary> {
  const moves: StatusMove[] = [];
  const prepared: Prepared[] = [];
  const waiting: string[] = [];
  const waitMs = opts.statusWaitMs ?? STATUS_WAIT_MS;

  for (const ev of events) {
    if (ev.event_type === "call.recording") {
      moves.push({ id: ev.id, to: "success", reason: await attachRecording(tx, ev.payload) });
      continue;
    }
    const result = toInteraction(ev.vendor, ev.event_type, ev.payload, { defaultRegion: opts.defaultRegion });
    if (!result.ok) {
      moves.push({ id: ev.id, to: "skipped", reason: result.reason });
      continue;
    }
    const draft = result.interaction;
    if ((draft.channel === "sms" || draft.channel === "whatsapp") && draft.sms.body === null) {
      await lockSmsSid(tx, draft.sms.vendorMessageId);
      const applied = await moveSmsStatus(tx, { sid: draft.sms.vendorMessageId }, draft.sms.deliveryStatus, draft.sms.deliveryError ?? null);
      if (applied === null && Date.now() - ev.received_at.getTime() < waitMs) {
        // The callback overtook its message: the sender applies it when it stores the SID
        // (outbound-sms/store.ts); until then it is looked at again now and then.
        waiting.push(ev.id);
        continue;
      }
      moves.push(
        applied
          ? { id: ev.id, to: "success", reason: "delivery status applied" }
          : { id: ev.id, to: "skipped", reason: applied === null ? `no such message after waiting ${Math.round(waitMs / 1000)} s` : "older than the status we have" },
      );
      continue;
    }
    const skip = skipReason(draft.contact, opts.rules);
    if (skip) {
      moves.push({ id: ev.id, to: "skipped", reason: skip });
      continue;
    }
    prepared.push({ ev, draft, at: draft.occurredAt ?? ev.occurred_at ?? ev.received_at });
  }

  await skipCallsAlreadyRecorded(tx, prepared, moves);

  const people = await resolveContacts(
    tx,
    "person",
    prepared.flatMap((p) => (p.draft.contact ? [{ kind: p.draft.contact.kind, value: p.draft.contact.value, at: p.at }] : [])),
  );
  const staff = await resolveStaff(tx, prepared, opts.rules);

  const inserts: NewInteraction[] = [];
  let pi = 0;
  prepared.forEach((p, i) => {
    const person: Resolution = p.draft.contact ? people[pi++]! : { ok: false, reason: "unknown" };
    const st = staff[i]!;
    const personReason = person.ok ? null : p.draft.contact ? `person ${person.reason}` : "no external contact";
    if (!person.ok && person.reason === "ignored") {
      moves.push({ id: p.ev.id, to: "ignored", reason: "contact ignored by ops" });
      return;
    }
    if (!person.ok) {
      moves.push({ id: p.ev.id, to: st.ok ? "unmatchable_person" : "unmatchable_both", reason: st.ok ? personReason : `${personReason}; staff ${st.reason}` });
      return;
    }
    inserts.push({ incomingEventId: p.ev.id, personId: person.id, staffId: st.ok ? st.id : null, occurredAt: p.at, draft: p.draft });
    moves.push(st.ok ? { id: p.ev.id, to: "success", reason: null } : { id: p.ev.id, to: "unmatchable_staff", reason: `staff ${st.reason}` });
  });

  await insertInteractions(tx, inserts);
  const callIds = inserts.flatMap((i) => (i.draft.channel === "call" ? [i.draft.call.vendorCallId] : []));
  if (callIds.length) await attachWaitingRecordings(tx, callIds);
  await moveEventStatuses(tx, moves, moveOpts);
  await deferEvents(tx, waiting, opts.statusRetryMs ?? STATUS_RETRY_MS, WAITING_FOR_MESSAGE);
  await timelineChanged(tx, inserts.map((i) => i.personId));

  const statuses: Record<string, number> = {};
  for (const m of moves) statuses[m.to] = (statuses[m.to] ?? 0) + 1;
  return { processed: events.length, statuses };
}

/**
 * Aircall ids every delivery on its own (connectors/aircall.ts), so a call.ended sent again
 * with a changed body is a new event: the call it describes is recorded once (the first).
 */
async function skipCallsAlreadyRecorded(tx: Tx, prepared: Prepared[], moves: StatusMove[]): Promise<void> {
  const aircall = prepared.filter((p) => p.ev.vendor === "aircall" && p.draft.channel === "call");
  if (aircall.length === 0) return;
  const ids = aircall.map((p) => (p.draft.channel === "call" ? p.draft.call.vendorCallId : ""));
  // Which event recorded each call; an event reprocessed (its staff member mapped later) is its own.
  const recordedBy = new Map(
    (await tx.$queryRaw<{ id: string; event: string }[]>`
      SELECT c.vendor_call_id AS id, e.id::text AS event FROM call_details c JOIN interaction_events i ON i.id = c.interaction_id
        JOIN incoming_events e ON e.id = i.incoming_event_id
       WHERE e.vendor = 'aircall' AND c.vendor_call_id = ANY(${ids}::text[])`).map((r) => [r.id, r.event]),
  );
  const seen = new Set<string>();
  const keep: Prepared[] = [];
  for (const p of prepared) {
    const id = p.ev.vendor === "aircall" && p.draft.channel === "call" ? p.draft.call.vendorCallId : null;
    const by = id === null ? undefined : recordedBy.get(id);
    if (id !== null && ((by !== undefined && by !== p.ev.id) || seen.has(id))) {
      moves.push({ id: p.ev.id, to: "skipped", reason: `call ${id} already recorded from an earlier ${p.ev.event_type}` });
      continue;
    }
    if (id !== null) seen.add(id);
    keep.push(p);
  }
  prepared.splice(0, prepared.length, ...keep);
}

type StaffResult = { ok: true; id: string | null } | { ok: false; reason: string };

async function resolveStaff(tx: Tx, prepared: Prepared[], rules: SkipRules): Promise<StaffResult[]> {
  const out: StaffResult[] = prepared.map(() => ({ ok: true, id: null }));
  const queries: { i: number; q: ResolveQuery }[] = [];
  const clientIds: { i: number; id: string }[] = [];
  prepared.forEach((p, i) => {
    const ref = p.draft.staff;
    if (!ref || !needsStaff(p.draft, rules)) return;
    if (ref.kind === "twilio_client") {
      // A Voice SDK identity names the staff member: staff_<hex> (lib/calls/client-identity), or a bare id in older calls.
      const id = staffIdFromClientIdentity(ref.value) ?? (UUID.test(ref.value) ? ref.value : null);
      if (id) clientIds.push({ i, id });
      else out[i] = { ok: false, reason: "unknown softphone identity" };
    } else {
      queries.push({ i, q: { kind: ref.kind, value: ref.value, at: p.at } });
    }
  });
  const resolved = await resolveContacts(tx, "staff", queries.map((x) => x.q));
  queries.forEach((x, k) => {
    const r = resolved[k]!;
    const optional = prepared[x.i]!.draft.staff?.optional === true;
    out[x.i] = r.ok ? { ok: true, id: r.id } : optional ? { ok: true, id: null } : { ok: false, reason: r.reason };
  });
  if (clientIds.length) {
    const found = new Set(
      (await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM staff WHERE id = ANY(${clientIds.map((c) => c.id)}::uuid[])`).map((r) => r.id),
    );
    for (const c of clientIds) out[c.i] = found.has(c.id) ? { ok: true, id: c.id } : { ok: false, reason: "unknown softphone identity" };
  }
  return out;
}

async function attachRecording(tx: Tx, payload: unknown): Promise<string> {
  const r = toRecording(payload);
  if (!r.ok) return r.reason;
  if (r.recording.status !== "completed") return `recording ${r.recording.status}`;
  const n = await tx.$executeRaw`
    UPDATE call_details SET recording_url = ${r.recording.recordingUrl} WHERE vendor_call_id = ${r.recording.vendorCallId}`;
  // A recording can arrive before its call's final status; the call picks it up then.
  return n > 0 ? "recording attached" : "recording stored; attaches when the call is recorded";
}

async function attachWaitingRecordings(tx: Tx, callSids: string[]): Promise<void> {
  await tx.$executeRaw`
    UPDATE call_details c SET recording_url = e.payload->>'RecordingUrl'
      FROM incoming_events e
     WHERE e.vendor = 'twilio' AND e.event_type = 'call.recording' AND e.payload->>'RecordingStatus' = 'completed'
       AND e.payload->>'CallSid' = c.vendor_call_id AND c.vendor_call_id = ANY(${callSids}::text[])`;
}
