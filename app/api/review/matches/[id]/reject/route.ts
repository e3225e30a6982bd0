import { rejectPossibleMatch } from "@/lib/identity/db/decide-possible-match";
import { decisionRoute } from "@/lib/identity/web/decision-route";
import { identityPool } from "@/lib/identity/db/sql";

export const dynamic = "force-dynamic";

/** Ops: the pair is two people; a MergeRejection the engine respects until new evidence. */
export function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return decisionRoute(req, ctx.params, (input) => rejectPossibleMatch(identityPool(), input));
}
