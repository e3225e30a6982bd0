import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress, parseTrustedProxies, type TrustedProxies } from "./client-address";

const trust = (raw: string): TrustedProxies => {
  const p = parseTrustedProxies(raw);
  if (!p.ok) throw new Error(p.problem);
  return p.value;
};

describe("clientAddress", () => {
  it("trusts no proxy by default: the socket is the client, whatever X-Forwarded-For says", () => {
    expect(clientAddress("198.51.100.7", "203.0.113.1", trust(""))).toEqual({ address: "198.51.100.7", viaTrustedProxy: false });
    expect(clientAddress("198.51.100.7", "1.1.1.1, 2.2.2.2", trust("0")).address).toBe("198.51.100.7");
  });

  it("with one trusted hop, takes the address our proxy appended, not what the client wrote before it", () => {
    // the client sent "X-Forwarded-For: 6.6.6.6"; our proxy appended the real peer 203.0.113.5
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5", trust("1"))).toEqual({ address: "203.0.113.5", viaTrustedProxy: true });
    expect(clientAddress("10.0.0.2", "203.0.113.5", trust("1")).address).toBe("203.0.113.5");
  });

  it("with two trusted hops, skips both", () => {
    expect(clientAddress("10.0.0.2", "6.6.6.6, 203.0.113.5, 10.0.0.9", trust("2")).address).toBe("203.0.113.5");
  });

  it("with a list, walks from the right past every trusted proxy", () => {
    const t = trust("10.0.0.0/8, 127.0.0.1");
    expect(clientAddress("127.0.0.1", "6.6.6.6, 203.0.113.5, 10.1.2.3", t).address).toBe("203.0.113.5");
    // a peer outside the list is the client, and its forwarded headers are not believed
    expect(clientAddress("198.51.100.7", "6.6.6.6", t)).toEqual({ address: "198.51.100.7", viaTrustedProxy: false });
  });

  it("stops at a hop that is not an address (the proxy that passed it on is the client we can vouch for)", () => {
    expect(clientAddress("127.0.0.1", "not-an-ip", trust("127.0.0.1")).address).toBe("127.0.0.1");
    expect(clientAddress("10.0.0.2", "garbage", trust("1")).address).toBe("10.0.0.2");
  });

  it("reads IPv4-mapped IPv6 peers as IPv4 and matches them against IPv4 ranges", () => {
    expect(normaliseAddress("::ffff:127.0.0.1")).toBe("127.0.0.1");
    expect(clientAddress("::ffff:127.0.0.1", "203.0.113.5", trust("127.0.0.0/8")).address).toBe("203.0.113.5");
  });

  it("accepts IPv6 ranges and refuses nonsense in TRUSTED_PROXIES", () => {
    expect(clientAddress("fd00::1", "2001:db8::7", trust("fd00::/8")).address).toBe("2001:db8::7");
    expect(parseTrustedProxies("10.0.0.0/33")).toMatchObject({ ok: false });
    expect(parseTrustedProxies("proxy.internal")).toMatchObject({ ok: false });
  });
});
