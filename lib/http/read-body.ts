/**
 * A request body read with a cap, before anything looks at it: a Content-Length
 * over the cap is refused without reading a byte; a body without one (chunked)
 * is read chunk by chunk and dropped the moment it passes the cap. So a 30 MB
 * POST costs neither 30 MB of memory nor an HMAC over 30 MB, and stores nothing.
 */
import { maxBodyBytes, tooLarge } from "./body-limit";

export type BodyRead = { ok: true; text: string } | { ok: false; response: Response };

/**
 * Bodies the web process already read, with the same cap, before calling a route handler
 * itself (the webhook lane, webhook-lane.ts): a Request made without a body stream, its text
 * kept here. A Fetch body stream costs more CPU per webhook than the signature check.
 */
const preread = new WeakMap<Request, string>();

/** A bodiless Request whose body `readBody` answers with `text` (already read and capped). */
export function withPrereadBody(req: Request, text: string): Request {
  preread.set(req, text);
  return req;
}

export async function readBody(req: Request, limit: number = maxBodyBytes()): Promise<BodyRead> {
  const text = preread.get(req);
  if (text !== undefined) return Buffer.byteLength(text) > limit ? { ok: false, response: tooLarge(limit) } : { ok: true, text };
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > limit) {
    await req.body?.cancel().catch(() => {});
    return { ok: false, response: tooLarge(limit) };
  }
  if (!req.body) return { ok: true, text: "" };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  return { ok: true, text: Buffer.concat(chunks, size).toString("utf8") };
}
