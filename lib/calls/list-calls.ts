/**
 * Recent calls as people see them (newest first): the softphone's history, and how
 * a script or test finds the call a simulated caller started (by its CallSid).
 */
import { z } from "zod";
import type { Db } from "@/lib/db/client";

export const listCallsQuery = z.object({
  callSid: z.string().regex(/^CA[0-9a-fA-F]{32}$/).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListCallsQuery = z.infer<typeof listCallsQuery>;

export interface CallSummary {
  id: string;
  callSid: string;
  direction: "inbound" | "outbound";
  fromNumber: string;
  toNumber: string;
  state: string;
  endReason: string | null;
  personId: string | null;
  staffId: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
}

export async function listCalls(db: Db, q: ListCallsQuery): Promise<CallSummary[]> {
  const rows = await db.phoneCall.findMany({
    where: q.callSid ? { callSid: q.callSid } : {},
    orderBy: { startedAt: "desc" },
    take: q.limit,
    select: { id: true, callSid: true, direction: true, fromNumber: true, toNumber: true, state: true, endReason: true, personId: true, staffId: true, startedAt: true, answeredAt: true, endedAt: true },
  });
  return rows.map((r) => ({
    ...r,
    startedAt: r.startedAt.toISOString(),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    endedAt: r.endedAt?.toISOString() ?? null,
  }));
}
