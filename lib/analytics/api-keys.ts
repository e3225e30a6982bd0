import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";

/**
 * Bearer keys for the milestone API. A key is `sbk_` + 32 random bytes (base64url); only its
 * sha256 is stored, so a leaked database holds no usable key. The key is high-entropy, so a
 * plain hash (no salt, no slow KDF) is enough and lets a request be looked up by it.
 */
const KEY_PREFIX = "sbk_";
const SHOWN_PREFIX = 12;

export const newApiKeySchema = z.object({ name: z.string().trim().min(1, "name is required").max(80) });

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString("base64url");
}

/** The new key, shown once; the row keeps its hash and prefix. */
export async function createApiKey(db: Db, name: string, createdBy: string) {
  const key = generateApiKey();
  const row = await db.apiKey.create({ data: { name, prefix: key.slice(0, SHOWN_PREFIX), keyHash: hashApiKey(key), createdBy } });
  return { id: row.id, name: row.name, prefix: row.prefix, key };
}

export async function listApiKeys(db: Db) {
  return db.apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/** Revoked once; revoking again changes nothing. False when there is no such key. */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  await db.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return (await db.apiKey.count({ where: { id } })) === 1;
}

/** The key a request's `Authorization: Bearer …` carries, if it is one of ours and not revoked. */
export async function verifyBearer(db: Db, authorization: string | null): Promise<{ ok: true; keyId: string } | { ok: false; reason: "missing" | "invalid" }> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m?.[1]) return { ok: false, reason: "missing" };
  if (!m[1].startsWith(KEY_PREFIX)) return { ok: false, reason: "invalid" };
  const row = await db.apiKey.findUnique({ where: { keyHash: hashApiKey(m[1]) }, select: { id: true, revokedAt: true } });
  if (!row || row.revokedAt) return { ok: false, reason: "invalid" };
  await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { ok: true, keyId: row.id };
}
