import type { z } from "zod";
import { readBody } from "./read-body";

export type ReadJson<T> = { ok: true; data: T } | { ok: false; response: Response };

/** Parse a JSON body (capped, see read-body.ts) against a schema; a bad body is a 400 that says what is wrong. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<ReadJson<z.infer<S>>> {
  const body = await readBody(req);
  if (!body.ok) return body;
  let raw: unknown;
  try {
    raw = JSON.parse(body.text);
  } catch {
    return { ok: false, response: Response.json({ error: "body is not valid JSON" }, { status: 400 }) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
    return { ok: false, response: Response.json({ error: "invalid request", issues }, { status: 400 }) };
  }
  return { ok: true, data: parsed.data };
}
