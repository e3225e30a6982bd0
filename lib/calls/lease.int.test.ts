/**
 * Leases never queue behind a call's own step: a row locked by a transaction in
 * progress (the owner persisting a step holds it FOR UPDATE) neither stalls the
 * owner's renewal of all its other leases (which then lapsed under load: chaos:calls
 * saw live calls handed over without any death) nor a peer's NOTIFY-driven claim.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/test-db";
import { claimOne, renew } from "./lease";

const OWNER = "host:1:aaaa";
const LEASE_MS = 120_000;

describe("lease renewal and claims skip locked rows", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe("TRUNCATE phone_calls CASCADE");
  });

  const call = async (sid: string, owner: string | null, leaseMs: number) =>
    (
      await t.db.phoneCall.create({
        data: { callSid: sid, direction: "inbound", fromNumber: "+61400000001", toNumber: "+61299990000", state: "conference", leaseOwner: owner, leaseExpiresAt: owner ? new Date(Date.now() + leaseMs) : null },
      })
    ).id;

  /** Holds `id` FOR UPDATE in a transaction until the returned release is called. */
  const lockRow = async (id: string) => {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const tx = t.db.$transaction(
      async (q) => {
        await q.$queryRaw`SELECT id FROM phone_calls WHERE id = ${id}::uuid FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 20_000 },
    );
    await isLocked;
    return async () => {
      release();
      await tx;
    };
  };

  it("renews every free lease without waiting for a locked one, then the locked one once its step commits", async () => {
    const [a, b] = [await call("CA-a", OWNER, 30_000), await call("CA-b", OWNER, 30_000)];
    const expiry = async (id: string) => (await t.db.phoneCall.findUniqueOrThrow({ where: { id } })).leaseExpiresAt!.getTime();
    const release = await lockRow(a);
    let renewal: Promise<Set<string>> | null = null;
    try {
      renewal = renew(t.db, OWNER, LEASE_MS, [a, b]);
      const until = Date.now() + 10_000;
      while ((await expiry(b)) < Date.now() + 60_000 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(await expiry(b), "the free lease waited on the locked row").toBeGreaterThan(Date.now() + 60_000);
      expect(await expiry(a)).toBeLessThan(Date.now() + 31_000); // still locked: not yet
    } finally {
      await release();
    }
    expect([...(await renewal!)].sort()).toEqual([a, b].sort());
    expect(await expiry(a)).toBeGreaterThan(Date.now() + 60_000);
  });

  it("a lease that is someone else's, or lapsed, is not counted held even when its row is locked", async () => {
    const theirs = await call("CA-c", "host:2:bbbb", LEASE_MS);
    const lapsed = await call("CA-d", OWNER, -1_000);
    const release = await lockRow(theirs);
    try {
      expect(await renew(t.db, OWNER, LEASE_MS, [theirs, lapsed])).toEqual(new Set());
    } finally {
      await release();
    }
  });

  it("a peer's claim passes over a locked free call instead of queueing behind the lock, and takes it once free", async () => {
    const free = await call("CA-e", null, 0);
    const release = await lockRow(free);
    try {
      expect(await claimOne(t.db, OWNER, LEASE_MS, free)).toBeNull();
    } finally {
      await release();
    }
    expect(await claimOne(t.db, OWNER, LEASE_MS, free)).toEqual({ id: free, version: 0 });
  });
});
