/**
 * Failed-sign-in budgets: one per client address, one per account (so rotating
 * addresses does not buy more guesses at one password). An attempt takes a unit
 * from both before the password is checked, in one statement (a row lock per key,
 * keys taken in a fixed order so concurrent attempts cannot deadlock); a
 * successful sign-in gives its units back. So a burst of N parallel wrong
 * passwords gets at most the budget checked, never N.
 */
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";

type Sql = Pick<Db, "$queryRaw" | "$executeRaw">;

export interface ThrottleRule {
  max: number;
  windowS: number;
}

export interface ThrottleRules {
  address: ThrottleRule;
  account: ThrottleRule;
}

export type ThrottleVerdict = { ok: true; keys: string[] } | { ok: false; scope: "address" | "account"; retryAfterS: number };

/** IPv6 clients are budgeted per /64 (one subscriber's whole range), IPv4 per address. */
export function addressKey(address: string): string {
  if (!address.includes(":")) return `address:${address}`;
  const [head = "", tail = ""] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : address.split(":");
  return `address:${groups.slice(0, 4).map((g) => g.padStart(4, "0")).join(":")}::/64`;
}

export function accountKey(email: string): string {
  return `account:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32)}`;
}

export async function takeLoginAttempt(db: Sql, who: { address: string; email: string }, rules: ThrottleRules): Promise<ThrottleVerdict> {
  const taken = [
    { key: addressKey(who.address), scope: "address" as const, rule: rules.address },
    { key: accountKey(who.email), scope: "account" as const, rule: rules.account },
  ].sort((a, b) => a.key.localeCompare(b.key));
  const rows = await db.$queryRaw<{ key: string; attempts: number; retry_after_s: number }[]>`
    INSERT INTO login_attempts AS a (key, window_started_at, window_s, attempts)
    SELECT k, now(), w, 1 FROM unnest(${taken.map((t) => t.key)}::text[], ${taken.map((t) => t.rule.windowS)}::int[]) WITH ORDINALITY AS u(k, w, n)
     ORDER BY n
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN a.window_started_at <= now() - make_interval(secs => EXCLUDED.window_s) THEN 1 ELSE a.attempts + 1 END,
      window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => EXCLUDED.window_s) THEN now() ELSE a.window_started_at END,
      window_s = EXCLUDED.window_s
    RETURNING key, attempts, GREATEST(1, ceil(extract(epoch FROM window_started_at + make_interval(secs => window_s) - now())))::int AS retry_after_s`;
  for (const t of taken) {
    const row = rows.find((r) => r.key === t.key);
    if (row && row.attempts > t.rule.max) {
      if (Math.random() < 0.01) await pruneLoginAttempts(db);
      return { ok: false, scope: t.scope, retryAfterS: row.retry_after_s };
    }
  }
  return { ok: true, keys: taken.map((t) => t.key) };
}

/** A sign-in that succeeded was not a failed attempt: give its units back. */
export async function refundLoginAttempt(db: Sql, keys: string[]): Promise<void> {
  await db.$executeRaw`UPDATE login_attempts SET attempts = GREATEST(0, attempts - 1) WHERE key = ANY(${keys}::text[])`;
}

/** Windows long over are forgotten (now and then, from the refusing path). */
export async function pruneLoginAttempts(db: Sql): Promise<void> {
  await db.$executeRaw`DELETE FROM login_attempts WHERE window_started_at < now() - interval '1 day'`;
}
