/**
 * Fetches calls' media from the vendor's expiring links into our media store, soon after the
 * call is recorded (the processor queues a call_media row and notifies `call_media`). A link
 * the vendor refuses (403: expired) will never work again: the row ends `unavailable` and the
 * call keeps its stable link (Aircall's asset page). A network error or 5xx is tried again,
 * a few times, with a growing pause.
 */
import type { Db } from "@/lib/db/client";
import type { MediaStore } from "./store";

export const MAX_MEDIA_ATTEMPTS = 5;
const MAX_BYTES = 50 * 1024 * 1024;

type Due = { id: string; interaction_id: string; kind: string; source_url: string; attempts: number };
export type FetchSummary = { claimed: number; stored: number; unavailable: number; retrying: number };

export const mediaKey = (interactionId: string, kind: string) => `calls/${interactionId}/${kind}`;

/** Claims due rows (SKIP LOCKED, then a lease: several workers share the queue). */
async function claimDue(db: Db, limit: number, leaseMs: number): Promise<Due[]> {
  return db.$queryRaw<Due[]>`
    UPDATE call_media SET next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}::float8), attempts = attempts + 1
     WHERE id IN (SELECT id FROM call_media WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id::text, interaction_id::text, kind, source_url, attempts`;
}

type Outcome = { ok: true; body: Buffer; contentType: string } | { ok: false; final: boolean; error: string };

async function download(url: string, fetchImpl: typeof fetch, timeoutMs: number): Promise<Outcome> {
  try {
    const res = await fetchImpl(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
    if (res.status >= 400 && res.status < 500) return { ok: false, final: true, error: `the vendor refused the link (${res.status}): expired or revoked` };
    if (!res.ok) return { ok: false, final: false, error: `the vendor answered ${res.status}` };
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > MAX_BYTES) return { ok: false, final: true, error: `larger than ${MAX_BYTES} bytes` };
    return { ok: true, body, contentType: res.headers.get("content-type") ?? "application/octet-stream" };
  } catch (e) {
    return { ok: false, final: false, error: (e as Error).message };
  }
}

export async function fetchDueMedia(
  db: Db,
  store: MediaStore,
  opts: { limit?: number; fetch?: typeof fetch; timeoutMs?: number; retryBaseMs?: number } = {},
): Promise<FetchSummary> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const due = await claimDue(db, opts.limit ?? 10, timeoutMs * 2);
  const summary: FetchSummary = { claimed: due.length, stored: 0, unavailable: 0, retrying: 0 };
  for (const m of due) {
    const got = await download(m.source_url, opts.fetch ?? fetch, timeoutMs);
    if (got.ok) {
      const key = mediaKey(m.interaction_id, m.kind);
      await store.put(key, { body: got.body, contentType: got.contentType });
      await db.$executeRaw`UPDATE call_media SET status = 'stored', storage_key = ${key}, fetched_at = now(), last_error = NULL WHERE id = ${m.id}::uuid`;
      summary.stored++;
    } else if (got.final || m.attempts >= MAX_MEDIA_ATTEMPTS) {
      await db.$executeRaw`UPDATE call_media SET status = 'unavailable', last_error = ${got.error} WHERE id = ${m.id}::uuid`;
      summary.unavailable++;
    } else {
      const delayMs = (opts.retryBaseMs ?? 5_000) * 2 ** (m.attempts - 1);
      await db.$executeRaw`
        UPDATE call_media SET last_error = ${got.error}, next_attempt_at = now() + make_interval(secs => ${delayMs / 1000}::float8) WHERE id = ${m.id}::uuid`;
      summary.retrying++;
    }
  }
  return summary;
}
