import { z } from "zod";
import { SOURCES, type SourceRecordInput } from "./types";

/** The matching input shape, one JSON object per line. Unknown keys are ignored. */
const optionalText = z.union([z.string(), z.number().transform(String)]).nullish();

export const sourceRecordInputSchema = z.object({
  source: z.enum(SOURCES),
  id: z.union([z.string().min(1), z.number().transform(String)]),
  first_name: optionalText,
  last_name: optionalText,
  full_name: optionalText,
  email: optionalText,
  phone: optionalText,
  updated_at: z.string().nullish(),
  booking_id: optionalText,
  evidence_version: optionalText,
});

export type ParsedLine = { ok: true; record: SourceRecordInput } | { ok: false; error: string };

const TEXT_KEYS = ["first_name", "last_name", "full_name", "email", "phone", "booking_id", "evidence_version"] as const;
const SOURCE_SET: ReadonlySet<unknown> = new Set(SOURCES);

/**
 * The schema's result for the lines sources write (every field a string, a finite number
 * or null), without the schema's per-field machinery: a million lines spend more in zod
 * than in JSON.parse. Anything else (a wrong type, a bad source) gives null, and the schema
 * decides and explains. `input.test.ts` checks both agree on arbitrary objects.
 */
export function fastRecord(json: unknown): SourceRecordInput | null {
  if (typeof json !== "object" || json === null || Array.isArray(json)) return null;
  const o = json as Record<string, unknown>;
  const id = o.id;
  if (!SOURCE_SET.has(o.source) || !((typeof id === "string" && id.length > 0) || (typeof id === "number" && Number.isFinite(id)))) return null;
  const out: Record<string, string | null> = { source: o.source as string, id: String(id) };
  for (const key of TEXT_KEYS) {
    const v = o[key];
    if (v === undefined) {
      if (key in o) return null;
      continue;
    }
    if (v === null || typeof v === "string") out[key] = v;
    else if (typeof v === "number" && Number.isFinite(v)) out[key] = String(v);
    else return null;
  }
  const at = o.updated_at;
  if (typeof at === "string" || at === null) out.updated_at = at;
  else if (at !== undefined || "updated_at" in o) return null;
  return out as unknown as SourceRecordInput;
}

/** Parses one JSONL line into a source record, or says why it cannot. */
export function parseRecordLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
  const fast = fastRecord(json);
  if (fast !== null) return { ok: true, record: fast };
  const parsed = sourceRecordInputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join(".") || "record"}: ${issue.message}` : "invalid record" };
  }
  return { ok: true, record: parsed.data };
}
