import { z } from "zod";
import type { SourceKind, SourceRecordDraft } from "@/lib/identity/sources/types";
import { clean, isoToDate } from "@/lib/identity/sources/source-fields";

/**
 * One row of an import file (a JSONL object or a CSV row by header) → a source-record
 * draft, or why it cannot be one. Columns: id (required), first_name, last_name,
 * full_name, email, phone, booking_id, updated_at (ISO 8601), and optionally source,
 * which must then be the one imported. Other columns are kept in the raw row only.
 */
const text = z.union([z.string(), z.number().transform(String)]).nullish();

const rowSchema = z.looseObject({
  source: z.string().nullish(),
  id: z.union([z.string().trim().min(1, "id is empty"), z.number().transform(String)], { error: "id is missing" }),
  first_name: text,
  last_name: text,
  full_name: text,
  email: text,
  phone: text,
  booking_id: text,
  updated_at: z
    .string()
    .nullish()
    .refine((v) => v == null || v.trim() === "" || isoToDate(v) !== null, "updated_at is not a date"),
});

export type RowResult = { ok: true; draft: SourceRecordDraft; raw: Record<string, unknown> } | { ok: false; error: string };

export function draftFromRow(row: unknown, source: SourceKind): RowResult {
  const parsed = rowSchema.safeParse(row);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join(".") || "row"}: ${issue.message}` : "invalid row" };
  }
  const r = parsed.data;
  if (r.source != null && r.source !== "" && r.source !== source) return { ok: false, error: `source is ${r.source}, importing ${source}` };
  return {
    ok: true,
    raw: r as Record<string, unknown>,
    draft: {
      source,
      externalId: r.id.trim(),
      first_name: clean(r.first_name),
      last_name: clean(r.last_name),
      full_name: clean(r.full_name),
      email: clean(r.email),
      phone: clean(r.phone),
      booking_id: clean(r.booking_id),
      updated_at: isoToDate(r.updated_at),
    },
  };
}

export function parseJsonLine(line: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (e) {
    return { ok: false, error: `invalid JSON: ${(e as Error).message}` };
  }
}

/**
 * RFC 4180 CSV, fed one physical line at a time (a quoted field may span lines): the
 * first record is the header; each later one comes back as an object by column name,
 * with the line it started on.
 */
export class CsvRows {
  private header: string[] | null = null;
  private fields: string[] = [];
  private field = "";
  private quoted = false;
  private startLine = 0;

  /** Returns a completed row, a header-only step (null), or an error for a malformed record. */
  push(line: string, lineNo: number): { line: number; row: Record<string, string> } | { line: number; error: string } | null {
    if (!this.quoted) {
      this.startLine = lineNo;
      this.fields = [];
      this.field = "";
    } else this.field += "\n";
    for (let k = 0; k < line.length; k++) {
      const ch = line[k]!;
      if (this.quoted) {
        if (ch !== '"') this.field += ch;
        else if (line[k + 1] === '"') {
          this.field += '"';
          k++;
        } else this.quoted = false;
      } else if (ch === '"' && this.field === "") this.quoted = true;
      else if (ch === ",") {
        this.fields.push(this.field);
        this.field = "";
      } else if (ch !== "\r" || k !== line.length - 1) this.field += ch;
    }
    if (this.quoted) return null;
    this.fields.push(this.field);
    const fields = this.fields;
    if (this.header === null) {
      this.header = fields.map((h) => h.trim().toLowerCase());
      return null;
    }
    if (fields.length === 1 && fields[0]!.trim() === "") return null;
    if (fields.length !== this.header.length) return { line: this.startLine, error: `${fields.length} fields, the header has ${this.header.length}` };
    const row: Record<string, string> = {};
    this.header.forEach((h, k) => (row[h] = fields[k]!));
    return { line: this.startLine, row };
  }

  /** A quoted field still open at the end of the file. */
  unterminated(): { line: number; error: string } | null {
    return this.quoted ? { line: this.startLine, error: "unterminated quoted field" } : null;
  }
}
