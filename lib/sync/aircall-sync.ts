/**
 * The Aircall backstop: calls arrive by webhook only, so every pass lists the calls created
 * since the cursor (GET /v1/calls, oldest first) and stores each finished one as the
 * call.ended webhook would have (the same connector), under the id `${id}:call.ended`,
 * unless a call.ended of that call is already stored (webhooks carry one id per delivery:
 * lib/interactions/connectors/aircall.ts). So a call whose webhook was lost lands on the
 * timeline once, and one whose webhook came is not stored again. A call counts as finished
 * once it is done and ended `finalAfterS` ago (Aircall sends call.ended about 30 s after the
 * hang-up, with the final duration and recording). Aircall filters on creation time, so the
 * cursor (a creation second) stays at the oldest call still in progress; re-reading a second
 * is harmless.
 */
import { aircallWebhook } from "@/lib/interactions/connectors";
import { AIRCALL_FINAL_EVENT } from "@/lib/interactions/connectors/aircall";
import type { Connector } from "@/lib/interactions/connectors/types";
import { fetchCallsPage, firstCallsUrl, type AircallApi } from "@/lib/vendors/aircall/client";
import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { asWebhookEvent } from "./as-webhook";
import { commitPage, readCursor } from "./cursor-store";
import type { PassResult } from "./front-sync";
import type { HttpCounters } from "./vendor-http";

export const AIRCALL_SYNC = "aircall.calls";

export interface AircallSyncOptions {
  finalAfterS: number;
  firstLookbackMs: number;
  defaultRegion?: string;
}

export async function runAircallSyncPass(db: Db, api: AircallApi, owner: string, options: AircallSyncOptions, now = Date.now()): Promise<PassResult> {
  const start = (await readCursor(db, AIRCALL_SYNC)) ?? { atMs: now - options.firstLookbackMs, id: "" };
  const nowS = Math.floor(now / 1000);
  const fromS = Math.floor(start.atMs / 1000);
  const result: PassResult = { pages: 0, seen: 0, recovered: 0, cursor: start, completed: true };
  const counters: HttpCounters = { requests: 0, rateLimited: 0 };
  let url: string | null = firstCallsUrl(api, fromS, nowS);
  let inProgressFrom: number | null = null;
  while (url) {
    const page = await fetchCallsPage(api, url, counters);
    const drafts = [];
    for (const [i, call] of page.calls.entries()) {
      const final = call.status === "done" && call.ended_at != null && call.ended_at <= nowS - options.finalAfterS;
      if (!final) {
        inProgressFrom ??= call.started_at ?? fromS;
        continue;
      }
      const body = { resource: "call", event: AIRCALL_FINAL_EVENT, timestamp: call.ended_at, data: page.raw[i] };
      const draft = asWebhookEvent(aircallWebhook as Connector<unknown>, body, { defaultRegion: (options.defaultRegion ?? "AU") as "AU" });
      if (!draft.ok) throw new Error(`Aircall call ${call.id}: ${draft.reason}`);
      drafts.push({ event: { ...draft.event, vendorEventId: `${call.id}:${AIRCALL_FINAL_EVENT}` }, emittedAt: new Date((call.ended_at ?? nowS) * 1000), callId: String(call.id) });
    }
    const stored = await alreadyStored(db, drafts.map((d) => d.callId));
    const missed = drafts.filter((d) => !stored.has(d.callId));
    url = page.next;
    const lastStart = page.calls.at(-1)?.started_at ?? fromS;
    const coveredS = inProgressFrom ?? (url ? lastStart : nowS);
    const cursor = { atMs: Math.max(start.atMs, coveredS * 1000), id: "" };
    const committed = await commitPage(db, AIRCALL_SYNC, owner, { drafts: missed, cursor, ...counters });
    counters.requests = 0;
    counters.rateLimited = 0;
    if (!committed) return { ...result, completed: false };
    result.pages += 1;
    result.seen += drafts.length;
    result.recovered += committed.recovered;
    result.cursor = cursor;
  }
  return result;
}

/** The calls of these ids whose call.ended is already stored, by a webhook or an earlier pass (migration 0084's index). */
async function alreadyStored(db: Db, callIds: string[]): Promise<Set<string>> {
  if (callIds.length === 0) return new Set();
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT DISTINCT payload->'data'->>'id' AS id FROM incoming_events
     WHERE vendor = 'aircall' AND event_type = ${AIRCALL_FINAL_EVENT} AND payload->'data'->>'id' = ANY(${callIds}::text[])`);
  return new Set(rows.map((r) => r.id));
}
