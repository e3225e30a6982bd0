/**
 * A `To` that names a Voice SDK client. Twilio takes custom parameters for the
 * client as a query string on it ("client:alice?displayName=Alice", "How to share
 * information between your applications"); the leg's To is the address without
 * them, and the device gets them in its invite. An identity Twilio does not
 * accept (anything but letters, digits and underscore, or longer than 121) is
 * refused the way Twilio refuses it: 400, code 21211, "Called is not valid"
 * (twilio/twilio-php#378 shows the message for a client name with a ")").
 */
import { badRequest } from "./format";

export interface ClientTo {
  /** "client:alice" */
  address: string;
  identity: string;
  params: Record<string, string>;
}

const IDENTITY = /^[A-Za-z0-9_]{1,121}$/;

/** null when `to` is not a client (a number, a SIP address). */
export function parseClientTo(to: string): ClientTo | null {
  if (!to.startsWith("client:")) return null;
  const rest = to.slice("client:".length);
  const q = rest.indexOf("?");
  const identity = q === -1 ? rest : rest.slice(0, q);
  const params = q === -1 ? {} : Object.fromEntries(new URLSearchParams(rest.slice(q + 1)));
  return { address: `client:${identity}`, identity, params };
}

export function isValidIdentity(identity: string): boolean {
  return IDENTITY.test(identity);
}

/** What a REST `To` rings: the party and, for a client, its custom parameters; throws Twilio's 21211 for a bad client. */
export function callTarget(to: string): { to: string; params: Record<string, string> } {
  const client = parseClientTo(to);
  if (!client) return { to, params: {} };
  if (!isValidIdentity(client.identity)) throw badRequest(21211, `Called is not valid: ${client.address}`);
  return { to: client.address, params: client.params };
}
