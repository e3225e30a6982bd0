/**
 * Demo mode or production, decided once from the environment, and what
 * production needs before anything may start.
 *
 * The mode is `SWITCHBOARD_MODE` (demo | production) when set, else production
 * exactly when `NODE_ENV=production`. The launcher decides it from the environment
 * it was started in and passes it to its children explicitly, because Next.js
 * sets NODE_ENV=production inside any server running a production build, the
 * demo included.
 *
 * Demo mode: the launcher may fill in dev secrets and start the vendor simulators
 * for every vendor without credentials. Production never does either: the
 * launcher, the web process and the worker each refuse to start while a required
 * variable is missing, naming all of them at once, so a deployment that forgets
 * one cannot accept forged webhooks.
 */

export type Env = Record<string, string | undefined>;

/** The vendors a deployment talks to (`VENDORS`, comma separated; all by default). */
export const VENDORS = ["twilio", "front", "aircall", "shopify", "sources"] as const;
export type VendorName = (typeof VENDORS)[number];

/** What each vendor needs in production: its credentials and the secrets that verify its webhooks. */
export const VENDOR_VARIABLES: Record<VendorName, readonly string[]> = {
  // the API key signs the softphones' access tokens (the auth token cannot)
  twilio: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_API_KEY_SID", "TWILIO_API_KEY_SECRET"],
  front: ["FRONT_APP_SECRET"],
  aircall: ["AIRCALL_WEBHOOK_TOKEN"],
  shopify: ["SHOPIFY_WEBHOOK_SECRET"],
  sources: ["SOURCES_WEBHOOK_SECRET"],
};

/** Settings that point a process at a simulator: never in production. */
const SIMULATOR_VARIABLES = ["TWILIO_SIM_URL", "FRONT_SIM_URL", "AIRCALL_SIM_URL"] as const;

const set = (env: Env, name: string) => (env[name] ?? "").trim() !== "";

export type Mode = "demo" | "production";

/** An unknown SWITCHBOARD_MODE counts as production (and productionProblems names it). */
export function deploymentMode(env: Env = process.env): Mode {
  const explicit = env.SWITCHBOARD_MODE?.trim();
  if (explicit) return explicit === "demo" ? "demo" : "production";
  return env.NODE_ENV === "production" ? "production" : "demo";
}

export function isProduction(env: Env = process.env): boolean {
  return deploymentMode(env) === "production";
}

export type EnabledVendors = { ok: true; vendors: VendorName[] } | { ok: false; problem: string };

export function enabledVendors(env: Env = process.env): EnabledVendors {
  const raw = env.VENDORS?.trim();
  if (!raw) return { ok: true, vendors: [...VENDORS] };
  const names = raw.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean);
  const unknown = names.filter((n) => !(VENDORS as readonly string[]).includes(n));
  if (unknown.length > 0) return { ok: false, problem: `VENDORS names unknown vendors: ${unknown.join(", ")} (known: ${VENDORS.join(", ")})` };
  return { ok: true, vendors: VENDORS.filter((v) => names.includes(v)) };
}

/**
 * Everything production lacks, as one list of problems (empty: safe to start).
 * Variables are named, never their values.
 */
export function productionProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  const missing: string[] = [];
  const mode = env.SWITCHBOARD_MODE?.trim();
  if (mode && mode !== "demo" && mode !== "production") problems.push(`SWITCHBOARD_MODE must be demo or production (not "${mode}")`);
  if (!set(env, "BETTER_AUTH_SECRET")) missing.push("BETTER_AUTH_SECRET");
  else if ((env.BETTER_AUTH_SECRET ?? "").length < 32) problems.push("BETTER_AUTH_SECRET must be at least 32 characters");
  if (!set(env, "PUBLIC_BASE_URL")) missing.push("PUBLIC_BASE_URL");
  const vendors = enabledVendors(env);
  if (!vendors.ok) problems.push(vendors.problem);
  else for (const v of vendors.vendors) for (const name of VENDOR_VARIABLES[v]) if (!set(env, name)) missing.push(name);
  if (missing.length > 0) problems.unshift(`missing ${missing.join(", ")}`);
  const simulated = SIMULATOR_VARIABLES.filter((name) => set(env, name));
  if (simulated.length > 0) problems.push(`${simulated.join(", ")} point at a simulator (demo mode only)`);
  return problems;
}

export type StartupCheck = { ok: true; mode: Mode } | { ok: false; message: string };

/** The check every process runs before it starts (`service` names it in the message). */
export function startupCheck(service: string, env: Env = process.env): StartupCheck {
  if (!isProduction(env)) return { ok: true, mode: "demo" };
  const problems = productionProblems(env);
  if (problems.length === 0) return { ok: true, mode: "production" };
  return {
    ok: false,
    message:
      `${service}: refusing to start in production: ${problems.join("; ")}. ` +
      `Set them (or leave a vendor out of VENDORS=${VENDORS.join(",")}); dev secrets and simulators exist only in demo mode.`,
  };
}

/** For an entry point: print the refusal and exit non-zero, or return the mode. */
export function assertSafeToStart(service: string, env: Env = process.env): Mode {
  const check = startupCheck(service, env);
  if (check.ok) return check.mode;
  console.error(check.message);
  process.exit(1);
}
