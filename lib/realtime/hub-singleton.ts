/**
 * This process's hub, started on first use (importing this module, e.g. during
 * `next build`, touches no database). Kept on globalThis: Next bundles route code apart
 * from web/main.ts, and both must see the same hub.
 */
import { randomBytes } from "node:crypto";
import { databaseUrl } from "@/lib/db/client";
import { logger } from "@/lib/log/logger";
import { startHub, type Hub } from "./hub";

const KEY = Symbol.for("switchboard.realtime.hub");
const slot = globalThis as unknown as { [KEY]?: Hub };

/** The prefix of every hub's application_name in pg_stat_activity. */
export const HUB_APPLICATION_NAME = "switchboard-realtime-hub";

export function getHub(): Hub {
  slot[KEY] ??= startHub({
    connectionString: databaseUrl(),
    applicationName: `${HUB_APPLICATION_NAME}:${process.pid}:${randomBytes(3).toString("hex")}`,
    log: logger.child({ module: "realtime" }),
  });
  return slot[KEY];
}

/** Ends every open stream (browsers reconnect elsewhere) and the LISTEN connection. */
export async function stopHub(): Promise<void> {
  const hub = slot[KEY];
  delete slot[KEY];
  await hub?.close();
}
