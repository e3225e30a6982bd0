// Raw body → validated data, with a 400 reason a vendor's dashboard can show.
import type { z } from "zod";
import { parseTwilioForm } from "@/lib/vendors/twilio/webhooks";
import type { BadRequest, JsonObject, ParseResult } from "./types";

export const badRequest = (reason: string): BadRequest => ({ ok: false, status: 400, reason });

/** "data.id: Invalid input: expected number, received string; …" (first three issues). */
export function zodReason(error: z.ZodError, at: string[] = []): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const path = [...at, ...issue.path.map(String)];
      return `${path.length ? path.join(".") : "body"}: ${issue.message}`;
    })
    .join("; ");
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function validate<T>(schema: z.ZodType<T>, raw: JsonObject): ParseResult<T> {
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, value: { data: result.data, raw } } : badRequest(zodReason(result.error));
}

export function parseJsonBody<T>(schema: z.ZodType<T>, rawBody: string): ParseResult<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(rawBody);
  } catch {
    return badRequest("body is not JSON");
  }
  return isObject(raw) ? validate(schema, raw) : badRequest("body is not a JSON object");
}

export function parseFormBody<T>(schema: z.ZodType<T>, rawBody: string): ParseResult<T> {
  return validate(schema, parseTwilioForm(rawBody));
}

/** A stored payload (from the database, typed unknown) checked again before use. */
export function reparse<T>(schema: z.ZodType<T>, payload: unknown): { ok: true; data: T } | { ok: false; reason: string } {
  const result = schema.safeParse(payload);
  return result.success ? { ok: true, data: result.data } : { ok: false, reason: `malformed payload: ${zodReason(result.error)}` };
}
