import path from "node:path";
import { SIM_DEFAULT_ACCOUNT_SID, SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID, SIM_DEFAULT_AUTH_TOKEN } from "@/lib/vendors/twilio/config";
import { DEMO_USERS } from "@/lib/seed/demo-data";
import { AircallSimState, serveAircallSimulator } from "@/lib/vendors/aircall/simulator-server";
import { run, waitForHttp, type Proc } from "./processes";

export type Simulators = {
  procs: Proc[];
  env: Record<string, string>;
  notes: string[];
  /** one line: what is simulated and which dev secrets are in use */
  demoSummary: string;
  /** Call once the web app answers: registers webhooks that the vendor validates on save. */
  afterWebReady: () => Promise<void>;
};

const root = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
// Dev-only secrets for the simulators; never used when real credentials are set.
const DEV_FRONT_SECRET = "front-simulator-app-secret";
const DEV_AIRCALL_TOKEN = "aircall-simulator-webhook-token";
const DEV_AIRCALL_MEDIA_SECRET = "aircall-simulator-media-secret";
const DEV_SHOPIFY_SECRET = "shopify-dev-webhook-secret";
const DEV_SOURCES_SECRET = "sources-dev-webhook-secret";
// The demo's staff, as the simulators' Aircall users and Front teammates (suggested by email on the Staff accounts page).
const DEMO_STAFF = DEMO_USERS.filter((u) => u.role === "staff");

/**
 * Demo mode only (the launchers never call this in production): vendor simulators
 * for every vendor without credentials in the environment, dev secrets for the
 * webhooks that have no simulator, and the settings that point the app at them.
 * With a vendor's credentials set, the app talks to the real vendor instead.
 */
export async function startSimulators(env: NodeJS.ProcessEnv, say: (s: string) => void, opts: { portBase?: number } = {}): Promise<Simulators> {
  const base = env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT ?? 3000}`;
  const portBase = opts.portBase ?? Number(env.SIM_PORT_BASE ?? 4010);
  const out: Simulators = { procs: [], env: {}, notes: [], demoSummary: "", afterWebReady: async () => {} };
  const steps: (() => Promise<void>)[] = [];
  const simulated: string[] = [];
  const devSecrets: string[] = [];

  if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_AUTH_TOKEN) {
    const port = portBase;
    const simEnv = {
      ...env,
      TWILIO_SIM_PORT: String(port),
      TWILIO_SIM_SPEED: env.TWILIO_SIM_SPEED ?? "1",
      TWILIO_SIM_VOICE_URL: `${base}/api/voice/inbound`,
      TWILIO_SIM_VOICE_STATUS_URL: `${base}/api/voice/status`,
      TWILIO_SIM_SMS_URL: `${base}/api/webhooks/twilio/sms`,
      TWILIO_ACCOUNT_SID: SIM_DEFAULT_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: env.TWILIO_AUTH_TOKEN ?? SIM_DEFAULT_AUTH_TOKEN,
      // the key pair that signs the softphones' access tokens (the web app) and verifies them (the simulator)
      TWILIO_API_KEY_SID: env.TWILIO_API_KEY_SID || SIM_DEFAULT_API_KEY_SID,
      TWILIO_API_KEY_SECRET: env.TWILIO_API_KEY_SECRET || SIM_DEFAULT_API_KEY_SECRET,
    };
    out.procs.push(run("twilio", process.execPath, [tsx, "lib/vendors/twilio/simulator/main.ts"], simEnv, 2));
    await waitForHttp(`http://127.0.0.1:${port}/_sim/health`, 120_000);
    const simUrl = `http://127.0.0.1:${port}`;
    Object.assign(out.env, {
      TWILIO_SIM_URL: simUrl,
      TWILIO_ACCOUNT_SID: simEnv.TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: simEnv.TWILIO_AUTH_TOKEN,
      TWILIO_API_KEY_SID: simEnv.TWILIO_API_KEY_SID,
      TWILIO_API_KEY_SECRET: simEnv.TWILIO_API_KEY_SECRET,
      // where the browser's simulated phone reaches the simulator (another host when the browser is elsewhere)
      TWILIO_SIM_PUBLIC_URL: env.TWILIO_SIM_PUBLIC_URL || simUrl,
    });
    out.notes.push(`Twilio simulator on http://127.0.0.1:${port} (no TWILIO_* credentials set)`);
    simulated.push("Twilio");
  }

  if (!env.FRONT_APP_SECRET) {
    const port = portBase + 10;
    const teammates = DEMO_STAFF.map((u, i) => ({ id: `tea_demo${i + 1}`, email: u.email, first_name: u.name.split(" ")[0], last_name: u.name.split(" ").slice(1).join(" ") }));
    out.procs.push(run("front", process.execPath, [tsx, "lib/vendors/front/simulator-main.ts"], { ...env, FRONT_SIM_PORT: String(port), FRONT_APP_SECRET: DEV_FRONT_SECRET, FRONT_SIM_TEAMMATES: JSON.stringify(teammates) }, 3));
    await waitForHttp(`http://127.0.0.1:${port}/_simulator/application-webhook`, 120_000);
    Object.assign(out.env, { FRONT_APP_SECRET: DEV_FRONT_SECRET, FRONT_SIM_URL: `http://127.0.0.1:${port}` });
    out.notes.push(`Front simulator on http://127.0.0.1:${port} (no FRONT_APP_SECRET set)`);
    // FrontCheck texts someone in the demo: the manager (their seeded line, at the Twilio simulator)
    if (!env.FRONTCHECK_ON_CALL) {
      out.env.FRONTCHECK_ON_CALL = "manager@switchboard.test";
      out.notes.push("FrontCheck on-call: manager@switchboard.test (FRONTCHECK_ON_CALL)");
    }
    simulated.push("Front");
    steps.push(async () => {
      const res = await fetch(`http://127.0.0.1:${port}/_simulator/application-webhook`, {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ url: `${base}/api/webhooks/front` }),
      });
      const state = (await res.json()) as { enabled?: boolean };
      say(state.enabled ? "Front simulator: webhook registered" : "Front simulator: webhook could not be validated");
    });
  }

  if (!env.AIRCALL_WEBHOOK_TOKEN) {
    // Aircall's simulator: call webhooks carrying the token we check, GET /v1/calls for the backstop sync,
    // /v1/users (the demo staff, for the Staff accounts page) and expiring media links.
    out.env.AIRCALL_WEBHOOK_TOKEN = DEV_AIRCALL_TOKEN;
    devSecrets.push("AIRCALL_WEBHOOK_TOKEN");
    // In this process, on a port the OS picks (the ports after portBase belong to other simulators and sessions).
    const users = DEMO_STAFF.map((u, i) => ({ id: 1_001_001 + i, name: u.name, email: u.email }));
    const aircall = await serveAircallSimulator(
      new AircallSimState({ token: DEV_AIRCALL_TOKEN, webhookUrl: `${base}/api/webhooks/aircall`, users, mediaSecret: DEV_AIRCALL_MEDIA_SECRET }),
    );
    out.env.AIRCALL_SIM_URL = aircall.url;
    out.notes.push(`Aircall simulator on ${aircall.url} (no AIRCALL_WEBHOOK_TOKEN set): POST /_simulator/calls`);
    simulated.push("Aircall");
  }

  // The identity sources (Shopify orders, SimplyBookMe and AppointJet bookings) have no
  // simulator: with no secret set, their webhooks check a dev one (printed) instead of
  // answering 500, so a developer can sign and send records by hand.
  if (!env.SHOPIFY_WEBHOOK_SECRET) {
    out.env.SHOPIFY_WEBHOOK_SECRET = DEV_SHOPIFY_SECRET;
    out.notes.push(`Shopify order webhooks: X-Shopify-Hmac-Sha256 with the dev secret "${DEV_SHOPIFY_SECRET}" (no SHOPIFY_WEBHOOK_SECRET set)`);
    devSecrets.push("SHOPIFY_WEBHOOK_SECRET");
  }
  if (!env.SOURCES_WEBHOOK_SECRET) {
    out.env.SOURCES_WEBHOOK_SECRET = DEV_SOURCES_SECRET;
    out.notes.push(`Booking source webhooks: X-Switchboard-Signature with the dev secret "${DEV_SOURCES_SECRET}" (no SOURCES_WEBHOOK_SECRET set)`);
    devSecrets.push("SOURCES_WEBHOOK_SECRET");
  }
  if (!env.BETTER_AUTH_SECRET) devSecrets.push("BETTER_AUTH_SECRET");
  out.env.SWITCHBOARD_MODE = "demo";
  out.demoSummary = [
    simulated.length ? `simulated ${simulated.join(", ")}` : "no simulators (credentials set)",
    devSecrets.length ? `dev values for ${devSecrets.join(", ")}` : "no dev secrets",
  ].join("; ");

  out.afterWebReady = async () => {
    for (const s of steps) await s();
  };
  return out;
}
