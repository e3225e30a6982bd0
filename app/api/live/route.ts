export const dynamic = "force-dynamic";

/** Liveness: the process answers. Touches nothing else. */
export function GET() {
  return Response.json({ ok: true }, { headers: { "cache-control": "no-store" } });
}
