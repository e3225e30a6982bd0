import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { funnel } from "@/lib/analytics/funnel";
import { funnelCsv, funnelCsvName } from "@/lib/analytics/funnel-chart";
import { parseFunnelParams } from "@/lib/analytics/funnel-params";

export const dynamic = "force-dynamic";

/** The funnel as JSON, or `?format=csv`: the rows the page draws. Managers and up. */
export async function GET(req: Request) {
  const a = await requireApiUser(req, "analytics");
  if (!a.ok) return a.response;
  const url = new URL(req.url);
  const format = url.searchParams.get("format");
  url.searchParams.delete("format");
  const params = parseFunnelParams(url.searchParams);
  if (!params.success) return Response.json({ error: "invalid funnel", issues: params.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) }, { status: 400 });
  const f = await funnel(db, params.data);
  if (format !== "csv") return Response.json(f);
  return new Response(funnelCsv(f), {
    headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${funnelCsvName(f)}"`, "cache-control": "no-store" },
  });
}
