import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { audiencesFor } from "@/lib/realtime/audiences";
import { openEventStream } from "@/lib/realtime/event-stream";
import { getHub } from "@/lib/realtime/hub-singleton";
import { sessionStillValid } from "@/lib/realtime/session-check";
import { SSE_HEADERS, resumeCursor } from "@/lib/realtime/sse";
import { prismaRows } from "@/lib/realtime/store";
import { staffForUser } from "@/lib/staff/staff-for-user";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const READY_TIMEOUT_MS = 5_000;

/**
 * Server-Sent Events for the signed-in user (lib/realtime/event-stream.ts). Every role may
 * listen ("softphone" is the lowest area); what they hear is set by their audiences.
 */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "softphone");
  if (!a.ok) return a.response;
  const staff = await staffForUser(a.user.id);
  const hub = getHub();
  // a database that is down: answer 503 (the browser retries) rather than hang
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = await Promise.race([hub.ready().then(() => true), new Promise<false>((r) => (timer = setTimeout(() => r(false), READY_TIMEOUT_MS)))]);
  clearTimeout(timer);
  if (!ready) return Response.json({ error: "live updates are unavailable" }, { status: 503, headers: { "retry-after": "5" } });
  const stream = openEventStream({
    hub,
    rows: prismaRows(db),
    audiences: audiencesFor(a.user, staff?.id ?? null),
    after: resumeCursor(req.headers.get("last-event-id"), new URL(req.url).searchParams.get("after")),
    signal: req.signal,
    // signed out, revoked or re-roled since: the stream ends and the reconnect is refused or re-scoped
    stillAllowed: () => sessionStillValid(req.headers, a.user),
    onError: (e) => logger.warn({ module: "realtime", err: e instanceof Error ? e.message : String(e) }, "event stream failed"),
    onClose: (reason) => logger.debug({ module: "realtime", reason, subscribers: hub.subscribers() }, "event stream closed"),
  });
  return new Response(stream, { headers: SSE_HEADERS });
}
