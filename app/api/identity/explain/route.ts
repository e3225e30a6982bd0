import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { SOURCES } from "@/lib/identity";
import { explainRecordAndPerson, explainRecords, type ExplainPairResult, type ExplainProfileResult } from "@/lib/identity/db/explain-store";
import { identityPool, withClient } from "@/lib/identity/db/sql";
import { readJson } from "@/lib/http/read-json";

export const dynamic = "force-dynamic";

const recordRef = z.union([z.object({ id: z.uuid() }), z.object({ source: z.enum(SOURCES), externalId: z.string().min(1).max(200) })]);
const body = z.union([z.object({ a: recordRef, b: recordRef }), z.object({ a: recordRef, personId: z.uuid() })]);

/** Ops and managers: why two records are (not) one person, or a record and a person. */
export async function POST(req: Request) {
  const auth = await requireApiUser(req, "unidentified");
  if (!auth.ok) return auth.response;
  const parsed = await readJson(req, body);
  if (!parsed.ok) return parsed.response;
  const d = parsed.data;
  const result = await withClient<ExplainPairResult | ExplainProfileResult>(identityPool(), (sql) =>
    "b" in d ? explainRecords(sql, d.a, d.b) : explainRecordAndPerson(sql, d.a, d.personId),
  );
  return result.ok ? Response.json(result) : Response.json({ error: result.reason }, { status: 404 });
}
