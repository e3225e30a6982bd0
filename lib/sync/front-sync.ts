/**
 * The comms sync for Front: every message event Front emitted, read from GET /events oldest
 * first and stored as the webhook would have stored it (one IncomingEvent either way, unique on
 * Front's event id). It reads only up to `graceMs` ago, so a webhook still in flight is not
 * mistaken for a lost one: what it stores itself, the webhook never delivered (FrontCheck
 * counts on that). The cursor moves page by page (cursor-store.ts); after the last page it
 * moves to the window's end, so its lag is the grace plus the pass interval.
 */
import { frontWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { fetchEventsPage, firstEventsUrl, type FrontApi } from "@/lib/vendors/front/client";
import { FRONT_MESSAGE_EVENTS, frontEnvelopeType, type FrontEvent } from "@/lib/vendors/front/webhooks";
import type { Db } from "@/lib/db/client";
import { asWebhookEvent } from "./as-webhook";
import { commitPage, cursorAfter, readCursor, type Cursor } from "./cursor-store";
import type { HttpCounters } from "./vendor-http";
import { vendorGet } from "./vendor-http";

export const FRONT_SYNC = "front.events";

export interface FrontSyncOptions {
  graceMs: number;
  /** where a sync with no cursor yet starts, back from now */
  firstLookbackMs: number;
  defaultRegion?: string;
}

export interface PassResult {
  pages: number;
  seen: number;
  recovered: number;
  cursor: Cursor;
  /** false: the lease was lost mid-pass */
  completed: boolean;
}

const companyIds = new WeakMap<FrontApi, string>();

/** The company the webhook envelope names (GET /me, once per API handle). */
async function companyId(api: FrontApi, counters: HttpCounters): Promise<string> {
  const known = companyIds.get(api);
  if (known) return known;
  const me = (await vendorGet(api.http, `${api.baseUrl}/me`, counters)) as { id?: unknown };
  const id = typeof me.id === "string" ? me.id : "unknown";
  companyIds.set(api, id);
  return id;
}

const atMs = (e: FrontEvent) => Math.round(e.emitted_at * 1000);

export async function runFrontSyncPass(db: Db, api: FrontApi, owner: string, options: FrontSyncOptions, now = Date.now()): Promise<PassResult> {
  const stored = await readCursor(db, FRONT_SYNC);
  const start = stored ?? { atMs: now - options.firstLookbackMs, id: "" };
  const windowEnd = now - options.graceMs;
  const result: PassResult = { pages: 0, seen: 0, recovered: 0, cursor: start, completed: true };
  if (windowEnd <= start.atMs) {
    // nothing to read yet; a first pass still stores where the sync starts
    if (!stored) result.completed = (await commitPage(db, FRONT_SYNC, owner, { drafts: [], cursor: start, requests: 0, rateLimited: 0 })) !== null;
    return result;
  }
  const counters: HttpCounters = { requests: 0, rateLimited: 0 };
  const company = await companyId(api, counters);
  // From the cursor's millisecond (q[after] is exclusive), skipping what the cursor has taken.
  let url: string | null = firstEventsUrl(api, start.atMs - 1, windowEnd);
  const types = [...FRONT_MESSAGE_EVENTS].map((t) => `q[types]=${t}`).join("&");
  url = `${url}&${types}`;
  let cursor = start;
  while (url) {
    const page = await fetchEventsPage(api, url, counters);
    const fresh = page.events.filter((e) => cursorAfter({ atMs: atMs(e), id: e.id }, start));
    const drafts = fresh.map((event) => {
      const body = { type: frontEnvelopeType(event.type), authorization: { id: company }, payload: event };
      const draft = asWebhookEvent(frontWebhook as Connector<unknown>, body, { defaultRegion: (options.defaultRegion ?? "AU") as "AU" });
      if (!draft.ok) throw new Error(`Front event ${event.id}: ${draft.reason}`);
      return { event: draft.event, emittedAt: new Date(atMs(event)) };
    });
    const last = fresh.at(-1);
    if (last) cursor = { atMs: atMs(last), id: last.id };
    url = page.next;
    // after the last page, the whole window is taken
    const pageCursor = url ? cursor : { atMs: Math.max(cursor.atMs, windowEnd), id: cursor.atMs >= windowEnd ? cursor.id : "" };
    const committed = await commitPage(db, FRONT_SYNC, owner, { drafts, cursor: pageCursor, ...counters });
    counters.requests = 0;
    counters.rateLimited = 0;
    if (!committed) return { ...result, completed: false };
    cursor = pageCursor;
    result.pages += 1;
    result.seen += drafts.length;
    result.recovered += committed.recovered;
  }
  return { ...result, cursor };
}
