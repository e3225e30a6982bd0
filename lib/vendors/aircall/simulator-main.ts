/**
 * Run the Aircall simulator's HTTP side on its own (dev, e2e): npx tsx lib/vendors/aircall/simulator-main.ts
 * Env: AIRCALL_SIM_PORT (4030), AIRCALL_SIM_USERS (JSON [{ id, name?, email? }] for GET /v1/users),
 * AIRCALL_SIM_MEDIA_SECRET (signs the expiring media links).
 */
import { z } from "zod";
import type { AircallUserSpec } from "./simulator";
import { serveAircallSimulator } from "./simulator-server";

const env = z
  .object({
    AIRCALL_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4030),
    AIRCALL_SIM_USERS: z.string().default("[]"),
    AIRCALL_SIM_MEDIA_SECRET: z.string().min(1).default("aircall-simulator-media"),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));

const server = await serveAircallSimulator({ users: JSON.parse(env.AIRCALL_SIM_USERS) as AircallUserSpec[], mediaSecret: env.AIRCALL_SIM_MEDIA_SECRET }, env.AIRCALL_SIM_PORT);
console.log(`[aircall-sim] listening on ${server.url}`);

const shutdown = () => void server.close().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
