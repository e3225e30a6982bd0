/**
 * Run the Front simulator on its own (dev, e2e): npx tsx lib/vendors/front/simulator-main.ts
 * Env: FRONT_SIM_PORT (4020), FRONT_APP_SECRET (signs webhooks), FRONT_SIM_WEBHOOK_URL (the app's
 * webhook; set it here or later with PUT /_simulator/application-webhook).
 */
import { z } from "zod";
import { FrontSimulator, type FrontTeammateSpec } from "./simulator";
import { serveFrontSimulator } from "./simulator-server";

const env = z
  .object({
    FRONT_SIM_PORT: z.coerce.number().int().min(0).max(65535).default(4020),
    FRONT_APP_SECRET: z.string().min(1),
    FRONT_SIM_WEBHOOK_URL: z.url().optional(),
    // JSON [{ id, email, first_name?, last_name? }]: the company's teammates for GET /teammates
    FRONT_SIM_TEAMMATES: z.string().optional(),
  })
  .parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== "")));

const teammates = env.FRONT_SIM_TEAMMATES ? (JSON.parse(env.FRONT_SIM_TEAMMATES) as FrontTeammateSpec[]) : [];
const sim = new FrontSimulator({ secret: env.FRONT_APP_SECRET, teammates });
const server = await serveFrontSimulator(sim, env.FRONT_SIM_PORT);
console.log(`[front-sim] listening on ${server.url}`);
if (env.FRONT_SIM_WEBHOOK_URL) await sim.setWebhook(env.FRONT_SIM_WEBHOOK_URL);

const shutdown = () => void server.close().then(() => process.exit(0));
process.once("SIGINT", shutdown);
process.once("SIGTERM", shutdown);
