/**
 * A worker's Front sync alone, in a process of its own, for the crash test: passes back to
 * back, one Front request a second (so a pass spans seconds and can be SIGKILLed mid-way).
 * Env: DATABASE_URL, FRONT_SIM_URL, SYNC_OWNER.
 */
import { createDb } from "@/lib/db/client";
import { takeLease } from "@/lib/sync/cursor-store";
import { FRONT_SYNC, runFrontSyncPass } from "@/lib/sync/front-sync";
import { RequestBudget } from "@/lib/sync/request-budget";
import { frontApi } from "@/lib/vendors/front/client";

const db = createDb(process.env.DATABASE_URL!, { max: 2 });
const owner = process.env.SYNC_OWNER!;
const api = frontApi(process.env.FRONT_SIM_URL!, undefined, new RequestBudget(1_000, 1));
await takeLease(db, FRONT_SYNC, owner, 600_000);
console.log("syncing");
for (;;) await runFrontSyncPass(db, api, owner, { graceMs: 0, firstLookbackMs: 3600_000 });
