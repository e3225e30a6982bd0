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

/** Parses one JSONL line into a source record, or says why it cannot. */
export function parseRecordLine(line: string): ParsedLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
  const parsed = sourceRecordInputSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join(".") || "record"}: ${issue.message}` : "invalid record" };
  }
  return { ok: true, record: parsed.data };
}
