/** The largest request body any public route reads (MAX_BODY_BYTES, 1 MiB by default). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function maxBodyBytes(env: Record<string, string | undefined> = process.env): number {
  const raw = env.MAX_BODY_BYTES?.trim();
  if (!raw) return DEFAULT_MAX_BODY_BYTES;
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_BODY_BYTES;
}

export function tooLarge(limit: number): Response {
  return Response.json({ error: `request body too large (at most ${limit} bytes)` }, { status: 413, headers: { connection: "close" } });
}
