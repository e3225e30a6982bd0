// The vendors' own lists of who works there: Aircall's users (GET /v1/users) and Front's
// teammates (GET /teammates), read in the vendors' shapes, for mapping them to our staff.
import { z } from "zod";

export type AccountKind = "aircall_user" | "front_teammate";
export interface VendorAccount {
  kind: AccountKind;
  /** The vendor's id, as our connectors see it on a webhook (Aircall's number as a string). */
  externalId: string;
  name: string;
  email: string | null;
}

const aircallUsersPage = z.looseObject({
  users: z.array(z.looseObject({ id: z.number().int(), name: z.string().nullish(), email: z.string().nullish() })),
  meta: z.looseObject({ next_page_link: z.string().nullish() }).nullish(),
});

const frontTeammatesPage = z.looseObject({
  _results: z.array(z.looseObject({ id: z.string(), email: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish() })),
  _pagination: z.looseObject({ next: z.string().nullish() }).nullish(),
});

export interface DirectoryConfig {
  aircall?: { baseUrl: string; apiId?: string; apiToken?: string };
  front?: { baseUrl: string; apiToken?: string };
}

/** Where the directories are: the real APIs when credentials are set, else the simulators (demo mode). */
export function directoryConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DirectoryConfig {
  const aircallBase = env.AIRCALL_API_URL ?? (env.AIRCALL_API_ID ? "https://api.aircall.io" : env.AIRCALL_SIM_URL);
  const frontBase = env.FRONT_API_URL ?? (env.FRONT_API_TOKEN ? "https://api2.frontapp.com" : env.FRONT_SIM_URL);
  return {
    aircall: aircallBase ? { baseUrl: aircallBase, apiId: env.AIRCALL_API_ID, apiToken: env.AIRCALL_API_TOKEN } : undefined,
    front: frontBase ? { baseUrl: frontBase, apiToken: env.FRONT_API_TOKEN } : undefined,
  };
}

const MAX_PAGES = 20;

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers: { accept: "application/json", ...headers }, signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${new URL(url).pathname}: ${res.status}`);
  return res.json();
}

export async function fetchAircallUsers(c: NonNullable<DirectoryConfig["aircall"]>): Promise<VendorAccount[]> {
  const auth: Record<string, string> = c.apiId && c.apiToken ? { authorization: `Basic ${Buffer.from(`${c.apiId}:${c.apiToken}`).toString("base64")}` } : {};
  const out: VendorAccount[] = [];
  let url: string | null | undefined = `${c.baseUrl.replace(/\/$/, "")}/v1/users?per_page=50`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const body = aircallUsersPage.parse(await getJson(url, auth));
    for (const u of body.users) out.push({ kind: "aircall_user", externalId: String(u.id), name: u.name ?? `Aircall user ${u.id}`, email: u.email ?? null });
    url = body.meta?.next_page_link;
  }
  return out;
}

export async function fetchFrontTeammates(c: NonNullable<DirectoryConfig["front"]>): Promise<VendorAccount[]> {
  const auth: Record<string, string> = c.apiToken ? { authorization: `Bearer ${c.apiToken}` } : {};
  const out: VendorAccount[] = [];
  let url: string | null | undefined = `${c.baseUrl.replace(/\/$/, "")}/teammates`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const body = frontTeammatesPage.parse(await getJson(url, auth));
    for (const t of body._results) {
      const name = [t.first_name, t.last_name].filter(Boolean).join(" ") || (t.email ?? t.id);
      out.push({ kind: "front_teammate", externalId: t.id, name, email: t.email ?? null });
    }
    url = body._pagination?.next;
  }
  return out;
}

export type DirectoryResult = { accounts: VendorAccount[]; errors: string[] };

/** Both directories; one that cannot be read is reported, not fatal (the other still helps). */
export async function fetchVendorAccounts(config: DirectoryConfig): Promise<DirectoryResult> {
  const errors: string[] = [];
  const read = async (name: string, f: () => Promise<VendorAccount[]>) => {
    try {
      return await f();
    } catch (e) {
      errors.push(`${name}: ${(e as Error).message}`);
      return [];
    }
  };
  const [aircall, front] = await Promise.all([
    config.aircall ? read("Aircall users", () => fetchAircallUsers(config.aircall!)) : [],
    config.front ? read("Front teammates", () => fetchFrontTeammates(config.front!)) : [],
  ]);
  return { accounts: [...aircall, ...front], errors };
}
