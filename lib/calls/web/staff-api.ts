/**
 * The softphone's call API (JSON, session-authenticated by the route): place an
 * outbound call, and command a live one. Answers 202: the command is queued in
 * the call's mailbox and takes effect when the worker's actor applies it.
 */
import { z } from "zod";
import { readBody } from "@/lib/http/read-body";
import type { SessionUser } from "@/lib/auth/session";
import { CALL_COMMANDS, commandEvent, sendCallCommand, staffIdForUser } from "../commands";
import { openOutboundCall } from "../open-call";
import type { VoiceWebDeps } from "./request";

const outbound = z.object({ to: z.string().min(3).max(32), personId: z.uuid().optional() });
const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{8,100}$/).optional();

/** The JSON body, or undefined when it is not JSON; a body over the cap is answered 413 at once. */
async function jsonBody(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const body = await readBody(req);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.text) };
  } catch {
    return { ok: true, value: undefined };
  }
}

const badRequest = (error: string) => Response.json({ error }, { status: 400 });

export async function handleStartOutbound(req: Request, deps: VoiceWebDeps, user: SessionUser): Promise<Response> {
  const staffId = await staffIdForUser(deps.db, user.id);
  if (!staffId) return Response.json({ error: "only staff place calls" }, { status: 403 });
  const json = await jsonBody(req);
  if (!json.ok) return json.response;
  const body = outbound.safeParse(json.value);
  if (!body.success) return badRequest(body.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "));
  const r = await openOutboundCall(deps.db, { staffId, to: body.data.to, personId: body.data.personId ?? null }, deps.config);
  if (!r.ok) return badRequest(r.reason);
  return Response.json({ callId: r.id }, { status: 202 });
}

const STATUS = { not_found: 404, call_ended: 409, not_on_call: 403 } as const;

export async function handleCallCommand(req: Request, deps: VoiceWebDeps, user: SessionUser, callId: string, command: string): Promise<Response> {
  const cmd = z.enum(CALL_COMMANDS).safeParse(command);
  if (!cmd.success || !z.uuid().safeParse(callId).success) return Response.json({ error: "no such call command" }, { status: 404 });
  const key = idempotencyKey.safeParse(req.headers.get("idempotency-key") ?? undefined);
  if (!key.success) return badRequest("Idempotency-Key: 8 to 100 of A-Z a-z 0-9 _ -");
  const staffId = await staffIdForUser(deps.db, user.id);
  if (!staffId) return Response.json({ error: "only staff command calls" }, { status: 403 });
  const json = await jsonBody(req);
  if (!json.ok) return json.response;
  const parsed = commandEvent(cmd.data, json.value ?? {});
  if (!parsed.ok) return badRequest(parsed.reason);
  const r = await sendCallCommand(deps.db, { callId, staffId, event: parsed.event, ...(key.data ? { requestId: key.data } : {}) });
  if (!r.ok) return Response.json({ error: r.reason }, { status: STATUS[r.reason] });
  return Response.json({ queued: r.queued }, { status: 202 });
}
