/**
 * Server-Sent Events framing (https://html.spec.whatwg.org/multipage/server-sent-events.html).
 * A field value must not contain CR or LF: data is one JSON line (JSON.stringify escapes
 * both), and names and comments are checked or flattened.
 */
const NEWLINE = /[\r\n]/;

export function sseEvent(e: { id?: number | string; event: string; data: unknown }): string {
  if (NEWLINE.test(e.event)) throw new Error("an SSE event name cannot contain a newline");
  const id = e.id === undefined ? "" : `id: ${String(e.id).replace(/[\r\n\0]/g, "")}\n`;
  return `${id}event: ${e.event}\ndata: ${JSON.stringify(e.data ?? null)}\n\n`;
}

/** A comment line: ignored by EventSource, keeps proxies and the socket from idling out. */
export function sseComment(text = ""): string {
  return `: ${text.replace(/[\r\n]+/g, " ")}\n\n`;
}

/** How long EventSource waits before reconnecting after the stream ends. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.max(0, Math.floor(ms))}\n\n`;
}

/**
 * The cursor a client resumes from: `Last-Event-ID` (EventSource sends the newest id on
 * every reconnect) wins over `?after=` (the id it had when the page built the URL).
 * Null: a fresh connection (live from now). Invalid values count as absent.
 */
export function resumeCursor(lastEventId: string | null, after: string | null): number | null {
  for (const v of [lastEventId, after]) {
    if (v === null || !/^\d{1,15}$/.test(v.trim())) continue;
    return Number(v.trim());
  }
  return null;
}

export const SSE_HEADERS: Record<string, string> = {
  "content-type": "text/event-stream; charset=utf-8",
  // no-transform: Next's compression middleware (and proxies) leave the stream alone
  // instead of buffering it into gzip blocks
  "cache-control": "no-cache, no-transform",
  // nginx and similar proxies: pass each write through at once
  "x-accel-buffering": "no",
};
