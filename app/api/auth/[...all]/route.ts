import { toNextJsHandler } from "better-auth/next-js";
import { guardAuthRequest } from "@/lib/auth/sign-in-guard";
import { auth, loginThrottleRules } from "@/lib/auth/server";
import { db } from "@/lib/db/client";

export const dynamic = "force-dynamic";

const handler = (req: Request) => guardAuthRequest(req, db, loginThrottleRules(), (r) => auth().handler(r));
export const { GET, POST } = toNextJsHandler(handler);
