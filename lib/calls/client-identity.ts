/**
 * The softphone's Voice SDK identity for a staff member, and the `client:` address
 * the call engine rings. Twilio takes only letters, digits and underscore in a
 * client identity, at most 121 of them (TwiML <Client> docs; error 31105), so a
 * staff uuid (with dashes) cannot be used as it is: it becomes "staff_" + its 32
 * hex digits, which maps back one to one.
 *
 * A REST-created call to a client carries custom parameters as a query string on
 * `To` ("client:alice?callId=…", Twilio's "How to share information between your
 * applications"); the browser reads them from `call.customParameters`. Framework
 * free and browser safe: the softphone imports it too.
 */

/** What Twilio accepts as a client identity. */
export const CLIENT_IDENTITY = /^[A-Za-z0-9_]{1,121}$/;

const UUID = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i;
const STAFF_IDENTITY = /^staff_([0-9a-f]{32})$/;

/** "staff_<32 hex>" for a staff uuid; throws for anything that is not a uuid (a bug, not an input). */
export function staffClientIdentity(staffId: string): string {
  const m = UUID.exec(staffId);
  if (!m) throw new Error(`not a staff id: ${staffId}`);
  return `staff_${m.slice(1).join("").toLowerCase()}`;
}

/** The staff uuid behind an identity made by staffClientIdentity; null for anything else. */
export function staffIdFromClientIdentity(identity: string): string | null {
  const hex = STAFF_IDENTITY.exec(identity)?.[1];
  if (!hex) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "client:staff_…": the party a staff leg rings (what Twilio reports as the leg's To). */
export function staffClientAddress(staffId: string): string {
  return `client:${staffClientIdentity(staffId)}`;
}

/** What the browser learns about a staff leg when it rings. */
export interface StaffLegParams {
  /** our PhoneCall id */
  callId: string;
  legKey: string;
  direction: "inbound" | "outbound";
  /** the staff member's own leg of a call they placed: their phone answers it by itself */
  autoAnswer: boolean;
}

/** The `To` the engine asks Twilio to ring: the address with the leg's custom parameters. */
export function staffDialTo(staffId: string, p: StaffLegParams): string {
  const q = new URLSearchParams({ callId: p.callId, legKey: p.legKey, direction: p.direction, autoAnswer: String(p.autoAnswer) });
  return `${staffClientAddress(staffId)}?${q.toString()}`;
}

/** The leg's parameters from an incoming call's customParameters; null when they are not ours. */
export function staffLegParams(custom: ReadonlyMap<string, string>): StaffLegParams | null {
  const callId = custom.get("callId");
  const legKey = custom.get("legKey");
  const direction = custom.get("direction");
  const autoAnswer = custom.get("autoAnswer");
  if (!callId || !legKey || (direction !== "inbound" && direction !== "outbound")) return null;
  if (autoAnswer !== "true" && autoAnswer !== "false") return null;
  return { callId, legKey, direction, autoAnswer: autoAnswer === "true" };
}
