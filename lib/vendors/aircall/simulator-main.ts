/**
 * Run the Aircall simulator on its own (dev, e2e): npx tsx lib/vendors/aircall/simulator-main.ts
 * Env: AIRCALL_SIM_PORT (4030), AIRCALL_WEBHOOK_TOKEN (carried in every webhook body),
 * AIRCALL_SIM_WEBHOOK_URL (the app's webhook; or later with PUT /_simulator/webhook),
 * AIRCALL_API_ID / AIRCALL_API_TOKEN (Basic auth on /v1; none: open),
 * AIRCALL_SIM_USERS (JSON [{ id, name?, email? }] for GET /v1/users),
 * AIRCALL_SIM_MEDIA_SECRET (signs the expiring media links).
 */
import { z } from "zod";
import type { AircallUserSpec } from "./simulator";
import { AircallSimState, serveAircallSimulator } from "./simulator-server";

const env = z
  .object({
    AIRCALL_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4030),
    AIRCALL_WEBHOOK_TOKEN: z.string().min(1),
    AIRCALL_SIM_WEBHOOK_URL: z.url().optional(),
    AIRCALL_API_ID: z.string().optional(),
    AIRCALL_API_TOKEN: z.string().optional(),
    AIRCALL_SIM_USERS: z.string().default("[]"),
    AIRCALL_SIM_MEDIA_SECRET: z.string().min(1).default("aircall-simulator-media"),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));

const state = new AircallSimState({
  token: env.AIRCALL_WEBHOOK_TOKEN,
  webhookUrl: env.AIRCALL_SIM_WEBHOOK_URL,
  apiId: env.AIRCALL_API_ID,
  apiToken: env.AIRCALL_API_TOKEN,
  users: JSON.parse(env.AIRCALL_SIM_USERS) as AircallUserSpec[],
  mediaSecret: env.AIRCALL_SIM_MEDIA_SECRET,
});
const server = await serveAircallSimulator(state, env.AIRCALL_SIM_PORT);
console.log(`[aircall-sim] listening on ${server.url}`);

const shutdown = () => void server.close().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
