import { confirmPossibleMatch } from "@/lib/identity/db/decide-possible-match";
import { decisionRoute } from "@/lib/identity/web/decision-route";
import { identityPool } from "@/lib/identity/db/sql";

export const dynamic = "force-dynamic";

/** Ops: the pair is one person; merge them now (a must-link the engine keeps). */
export function POST(req: Request, ctx: { params: Promise<{ id: string }> }) {
  return decisionRoute(req, ctx.params, (input) => confirmPossibleMatch(identityPool(), input));
}
