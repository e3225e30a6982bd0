/**
 * Who is on the other end of a request. The socket's address, unless the socket
 * belongs to a proxy we were told to trust (TRUSTED_PROXIES): then the address
 * that proxy saw, read from X-Forwarded-For from the right, never from the left
 * (the leftmost entries are whatever the client chose to send).
 *
 * TRUSTED_PROXIES: unset or empty: trust none (the socket address is the client).
 * A number N: the N nearest hops are our proxies. A list of addresses and CIDR
 * ranges (`127.0.0.1,10.0.0.0/8,::1`): hops in those ranges are our proxies.
 */
import { BlockList, isIP } from "node:net";

export type TrustedProxies = { kind: "none" } | { kind: "count"; hops: number } | { kind: "list"; entries: string[]; list: BlockList };

export type ParsedProxies = { ok: true; value: TrustedProxies } | { ok: false; problem: string };

export function parseTrustedProxies(raw: string | undefined): ParsedProxies {
  const value = raw?.trim() ?? "";
  if (value === "" || value === "0") return { ok: true, value: { kind: "none" } };
  if (/^\d+$/.test(value)) return { ok: true, value: { kind: "count", hops: Number(value) } };
  const list = new BlockList();
  const entries = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const entry of entries) {
    const [addr = "", prefix] = entry.split("/");
    const family = isIP(addr);
    if (family === 0) return { ok: false, problem: `TRUSTED_PROXIES: "${entry}" is not an address or CIDR range` };
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(addr, type);
    else {
      const bits = Number(prefix);
      if (!/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return { ok: false, problem: `TRUSTED_PROXIES: "${entry}" has a bad prefix length` };
      list.addSubnet(addr, bits, type);
    }
  }
  return { ok: true, value: { kind: "list", entries, list } };
}

/** `::ffff:10.0.0.1` → `10.0.0.1`; anything else as it is (lower case). */
export function normaliseAddress(address: string): string {
  const a = address.trim().toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped?.[1] ?? a;
}

function isTrusted(address: string, trusted: TrustedProxies): boolean {
  if (trusted.kind !== "list") return false;
  const family = isIP(address);
  if (family === 0) return false;
  return trusted.list.check(address, family === 4 ? "ipv4" : "ipv6");
}

export interface ClientAddress {
  /** the client's address as far as we can trust it */
  address: string;
  /** the socket's peer is a trusted proxy: its X-Forwarded-Host/-Proto may be believed too */
  viaTrustedProxy: boolean;
}

export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): ClientAddress {
  const socket = normaliseAddress(peer ?? "unknown");
  if (trusted.kind === "none") return { address: socket, viaTrustedProxy: false };
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "");
  // nearest hop last: [client?, …, proxy before ours, the socket]
  const chain = [...header.split(",").map((s) => normaliseAddress(s)).filter(Boolean), socket];
  if (trusted.kind === "count") {
    if (trusted.hops === 0) return { address: socket, viaTrustedProxy: false };
    let i = chain.length - 1;
    for (let hop = 0; hop < trusted.hops && i > 0; hop++) {
      // a hop that is not an address: stop at the proxy that passed it on
      if (isIP(chain[i - 1] ?? "") === 0) break;
      i -= 1;
    }
    return { address: chain[i] ?? socket, viaTrustedProxy: true };
  }
  if (!isTrusted(socket, trusted)) return { address: socket, viaTrustedProxy: false };
  let i = chain.length - 1;
  while (i > 0 && isTrusted(chain[i] ?? "", trusted)) {
    if (isIP(chain[i - 1] ?? "") === 0) break;
    i -= 1;
  }
  return { address: chain[i] ?? socket, viaTrustedProxy: true };
}
