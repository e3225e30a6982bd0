/**
 * The softphone's own API (session-authenticated by the routes, staff only):
 * presence and heartbeat, the team list for transfers, the screen pop, wrap-up,
 * and person search for dialling. Thin: parse, call lib/, answer.
 */
import { z } from "zod";
import type { SessionUser } from "@/lib/auth/session";
import type { Db } from "@/lib/db/client";
import { readJson } from "@/lib/http/read-json";
import { searchPeople as findPeople } from "@/lib/people/search-people";
import { env } from "@/lib/env";
import { MANUAL_PRESENCE, heartbeat, presenceOf, setManualPresence, teamPresence } from "@/lib/staff/presence";
import { softphoneConfig } from "./config";
import { screenPop } from "./screen-pop";
import { saveWrapUp, wrapUpBody } from "./wrap-up";

const notStaff = () => Response.json({ error: "only staff have a softphone" }, { status: 403 });
const uuid = z.uuid();

async function staffOf(db: Db, user: SessionUser): Promise<string | null> {
  return (await db.staff.findUnique({ where: { userId: user.id }, select: { id: true } }))?.id ?? null;
}

export async function getPresence(db: Db, user: SessionUser): Promise<Response> {
  const staffId = await staffOf(db, user);
  if (!staffId) return notStaff();
  const { heartbeatTtlS, heartbeatIntervalS, wrapUpTimeoutS } = softphoneConfig();
  return Response.json({ state: await presenceOf(db, staffId, heartbeatTtlS), heartbeatIntervalS, wrapUpTimeoutS });
}

export async function postPresence(req: Request, db: Db, user: SessionUser): Promise<Response> {
  const staffId = await staffOf(db, user);
  if (!staffId) return notStaff();
  const body = await readJson(req, z.object({ presence: z.enum(MANUAL_PRESENCE) }));
  if (!body.ok) return body.response;
  const r = await setManualPresence(db, staffId, body.data.presence, softphoneConfig().heartbeatTtlS);
  if (!r.ok) return Response.json({ error: r.reason === "on_a_call" ? "you are on a call: presence changes when it ends" : "no staff line" }, { status: 409 });
  return Response.json({ state: r.state });
}

export async function postHeartbeat(req: Request, db: Db, user: SessionUser): Promise<Response> {
  const staffId = await staffOf(db, user);
  if (!staffId) return notStaff();
  const body = await readJson(req, z.object({ registered: z.boolean() }));
  if (!body.ok) return body.response;
  return Response.json({ state: await heartbeat(db, staffId, body.data.registered, softphoneConfig().heartbeatTtlS) });
}

export async function getTeam(db: Db): Promise<Response> {
  return Response.json({ team: await teamPresence(db, softphoneConfig().heartbeatTtlS) });
}

export async function getPop(db: Db, callId: string): Promise<Response> {
  if (!uuid.safeParse(callId).success) return Response.json({ error: "not a call id" }, { status: 400 });
  const pop = await screenPop(db, callId);
  return pop ? Response.json(pop) : Response.json({ error: "no such call" }, { status: 404 });
}

const WRAP_UP_ERRORS = { no_such_call: 404, not_on_call: 403, call_live: 409 } as const;

export async function postWrapUp(req: Request, db: Db, user: SessionUser, callId: string): Promise<Response> {
  if (!uuid.safeParse(callId).success) return Response.json({ error: "not a call id" }, { status: 400 });
  const staffId = await staffOf(db, user);
  if (!staffId) return notStaff();
  const body = await readJson(req, wrapUpBody);
  if (!body.ok) return body.response;
  const r = await saveWrapUp(db, { callId, staffId, ...body.data });
  if (!r.ok) return Response.json({ error: r.reason.replaceAll("_", " ") }, { status: WRAP_UP_ERRORS[r.reason] });
  return Response.json(r);
}

export async function searchPeople(req: Request, db: Db): Promise<Response> {
  const q = new URL(req.url).searchParams.get("q")?.trim().slice(0, 200) ?? "";
  if (q.length < 2) return Response.json({ people: [] });
  const { people } = await findPeople(db, { q, limit: 8 }, { region: env().DEFAULT_REGION });
  return Response.json({ people });
}
