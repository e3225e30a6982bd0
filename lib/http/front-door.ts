/**
 * What the web process does to every request before Next.js sees it:
 * - works out the client's address (client-address.ts) and passes it on in a
 *   header of our own, replacing any value the client sent in that header;
 * - drops X-Forwarded-* unless the socket is a proxy we trust, so neither the
 *   login throttle nor a same-origin or signature check believes a client's word;
 * - refuses a declared body over the cap (413) without reading it. Bodies
 *   without a Content-Length are capped as they are read (read-body.ts).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { maxBodyBytes } from "./body-limit";
import { clientAddress, parseTrustedProxies, type TrustedProxies } from "./client-address";

/** The client's address as the front door resolved it. Nothing else may set it. */
export const CLIENT_ADDRESS_HEADER = "x-switchboard-client-address";
const FORWARDED = ["x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-forwarded-port", "forwarded"];

export interface FrontDoorConfig {
  trusted: TrustedProxies;
  maxBodyBytes: number;
}

export type FrontDoorConfigResult = { ok: true; config: FrontDoorConfig } | { ok: false; problem: string };

export function frontDoorConfig(env: Record<string, string | undefined> = process.env): FrontDoorConfigResult {
  const trusted = parseTrustedProxies(env.TRUSTED_PROXIES);
  if (!trusted.ok) return { ok: false, problem: trusted.problem };
  return { ok: true, config: { trusted: trusted.value, maxBodyBytes: maxBodyBytes(env) } };
}

/** True: hand the request on. False: it has been answered here. */
export function frontDoor(req: IncomingMessage, res: ServerResponse, config: FrontDoorConfig): boolean {
  const client = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], config.trusted);
  if (!client.viaTrustedProxy) for (const h of FORWARDED) delete req.headers[h];
  req.headers[CLIENT_ADDRESS_HEADER] = client.address;

  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > config.maxBodyBytes) {
    const body = JSON.stringify({ error: `request body too large (at most ${config.maxBodyBytes} bytes)` });
    // Not a byte of the body is read: close the connection rather than drain it.
    res.writeHead(413, { "content-type": "application/json", connection: "close", "content-length": Buffer.byteLength(body) });
    res.end(body, () => req.socket.destroy());
    return false;
  }
  return true;
}

/** The address the front door resolved, for a route handler ("unknown" when the request did not come through it). */
export function requestClientAddress(headers: Headers): string {
  return headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
