/**
 * SMS: outbound messages go queued → sent → delivered (or undelivered/failed,
 * per the recipient's `sms` behaviour) with a status callback at each step;
 * inbound messages (control API) are posted to the SMS webhook, and a
 * <Message> in its TwiML answer is sent back as a reply.
 */
import type { Sim } from "./context";
import { API_VERSION, newSid } from "./format";
import type { MessageStatus, SimMessage } from "./model";
import { parseTwiml } from "./twiml-parse";

export interface NewMessage {
  from: string;
  to: string;
  body: string;
  direction: SimMessage["direction"];
  messagingServiceSid?: string | null;
  statusCallback?: string | null;
}

export function createMessage(sim: Sim, init: NewMessage): SimMessage {
  const now = sim.clock.now();
  const m: SimMessage = {
    sid: newSid("SM"),
    accountSid: sim.opts.accountSid,
    from: init.from,
    to: init.to,
    body: init.body,
    direction: init.direction,
    status: init.direction === "inbound" ? "received" : init.messagingServiceSid ? "accepted" : "queued",
    messagingServiceSid: init.messagingServiceSid ?? null,
    statusCallback: init.statusCallback ?? null,
    errorCode: null,
    errorMessage: null,
    dateCreated: now,
    dateUpdated: now,
    dateSent: init.direction === "inbound" ? now : null,
  };
  sim.world.messages.set(m.sid, m);
  sim.world.changed();
  if (init.direction !== "inbound") deliver(sim, m);
  return m;
}

const ERRORS = {
  undelivered: { code: 30003, message: "Unreachable destination handset" },
  failed: { code: 30008, message: "Unknown error" },
} as const;

function deliver(sim: Sim, m: SimMessage): void {
  const outcome = sim.world.behaviourFor(m.to).sms ?? "delivered";
  sim.clock.after(0.5, () => {
    if (outcome === "failed") return setStatus(sim, m, "failed");
    setStatus(sim, m, "sent");
    sim.clock.after(1, () => setStatus(sim, m, outcome));
  });
}

function setStatus(sim: Sim, m: SimMessage, status: MessageStatus): void {
  if (!sim.world.messages.has(m.sid)) return; // deleted meanwhile
  m.status = status;
  m.dateUpdated = sim.clock.now();
  if (status === "sent") m.dateSent = m.dateUpdated;
  if (status === "undelivered" || status === "failed") {
    m.errorCode = ERRORS[status].code;
    m.errorMessage = ERRORS[status].message;
  }
  sim.world.changed();
  if (!m.statusCallback) return;
  sim.hooks.fire("message-status", m.statusCallback, {
    AccountSid: m.accountSid,
    ApiVersion: API_VERSION,
    From: m.from,
    To: m.to,
    MessageSid: m.sid,
    SmsSid: m.sid,
    MessageStatus: status,
    SmsStatus: status,
    ...(m.messagingServiceSid ? { MessagingServiceSid: m.messagingServiceSid } : {}),
    ...(m.errorCode ? { ErrorCode: String(m.errorCode) } : {}),
  });
}

/** A person texts one of our numbers. */
export async function receiveMessage(sim: Sim, init: { from: string; to: string; body: string; url?: string }): Promise<SimMessage> {
  const m = createMessage(sim, { ...init, direction: "inbound" });
  const url = init.url ?? sim.opts.smsUrl;
  if (!url) return m;
  const res = await sim.hooks.send("sms", url, {
    AccountSid: m.accountSid,
    ApiVersion: API_VERSION,
    Body: m.body,
    From: m.from,
    FromCity: "",
    FromCountry: "US",
    FromState: "",
    FromZip: "",
    MessageSid: m.sid,
    NumMedia: "0",
    NumSegments: String(Math.max(1, Math.ceil(m.body.length / 160))),
    SmsMessageSid: m.sid,
    SmsSid: m.sid,
    SmsStatus: "received",
    To: m.to,
    ToCity: "",
    ToCountry: "US",
    ToState: "",
    ToZip: "",
  });
  if (res.ok) sendReplies(sim, m, res.body);
  return m;
}

function sendReplies(sim: Sim, inbound: SimMessage, xml: string): void {
  if (!xml.trim()) return;
  try {
    for (const verb of parseTwiml(xml).children) {
      if (verb.name !== "Message") continue;
      const body = verb.children.find((c) => c.name === "Body")?.text ?? verb.text;
      createMessage(sim, {
        from: verb.attrs.from ?? inbound.to,
        to: verb.attrs.to ?? inbound.from,
        body,
        direction: "outbound-reply",
        statusCallback: verb.attrs.statusCallback ?? null,
      });
    }
  } catch {
    // Twilio logs a 12100 (document parse failure) and sends nothing
  }
}
