/**
 * The Front simulator delivering to our real webhook handler (over loopback HTTP, through the
 * front door) against a test database: what the comms sync and FrontCheck tests start from.
 */
import { frontWebhook } from "@/lib/interactions/connectors";
import type { Connector } from "@/lib/interactions/connectors/types";
import { handleWebhook } from "@/lib/interactions/webhook-handler";
import { frontDoorConfig } from "@/lib/http/front-door";
import type { WebhookShedder } from "@/lib/http/load-shed";
import { FrontSimulator, type FrontSimulatorOptions } from "@/lib/vendors/front/simulator";
import { serveFrontSimulator, type RunningServer } from "@/lib/vendors/front/simulator-server";
import type { Db } from "@/lib/db/client";
import { startFrontDoorServer, type FrontDoorServer } from "./front-door-server";

export const FRONT_SECRET = "front-sync-test-secret";

export interface FrontHarness {
  sim: FrontSimulator;
  api: RunningServer;
  web: FrontDoorServer;
  /** a customer writes in, `secondsAgo` before now (delivered if the webhook is on) */
  inbound(i: number, secondsAgo: number): ReturnType<FrontSimulator["emit"]>;
  close(): Promise<void>;
}

export async function startFrontHarness(db: Db, options: Partial<FrontSimulatorOptions> = {}, shedder?: WebhookShedder): Promise<FrontHarness> {
  const config = frontDoorConfig({});
  if (!config.ok) throw new Error(config.problem);
  const web = await startFrontDoorServer({ "/api/webhooks/front": (req) => handleWebhook(req, frontWebhook as Connector<unknown>, FRONT_SECRET, db) }, config.config, shedder);
  const sim = new FrontSimulator({ secret: FRONT_SECRET, disableAfterFailures: 1, ...options });
  const api = await serveFrontSimulator(sim);
  if (!(await sim.setWebhook(`${web.url}/api/webhooks/front`))) throw new Error("the webhook did not validate");
  return {
    sim,
    api,
    web,
    inbound: (i, secondsAgo) =>
      sim.emit({ from: `customer${i}@example.org`, to: "support@switchboard.test", body: `message ${i}`, subject: `#${i}`, at: new Date(Date.now() - secondsAgo * 1000) }),
    close: async () => {
      await api.close();
      await web.close();
    },
  };
}
