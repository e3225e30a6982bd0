/** REST: Messages and Recordings. */
import type { Sim } from "./context";
import { badRequest, notFound } from "./format";
import { dateFilter } from "./date-filter";
import { createMessage } from "./messages";
import type { SimMessage, SimRecording } from "./model";
import { messageJson, page, recordingJson } from "./resources";
import { noContent, ok, type RestRequest, type RestResponse } from "./rest-types";

export function sendMessage(sim: Sim, req: RestRequest): RestResponse {
  const f = req.form;
  const to = f.get("To");
  if (!to) throw badRequest(21604, "A 'To' phone number is required.");
  if (!E164.test(to)) throw badRequest(21211, `The 'To' number ${to} is not a valid phone number.`);
  const from = f.get("From");
  const service = f.get("MessagingServiceSid");
  if (!from && !service) throw badRequest(21603, "A 'From' phone number is required.");
  const body = f.get("Body") ?? "";
  if (!body && f.getAll("MediaUrl").length === 0) throw badRequest(21602, "Message body is required.");
  const m = createMessage(sim, {
    from: from ?? service ?? "",
    to,
    body,
    direction: "outbound-api",
    messagingServiceSid: service,
    statusCallback: f.get("StatusCallback"),
  });
  return ok(messageJson(m), 201);
}

export function getMessage(sim: Sim, req: RestRequest, sid: string): SimMessage {
  const m = sim.world.messages.get(sid);
  if (!m) throw notFound(req.fullPath);
  return m;
}

/** A number Twilio can text: E.164, 8 to 15 digits (Twilio answers 21211 otherwise). */
const E164 = /^\+[1-9]\d{7,14}$/;

/** Newest first, filtered as Twilio filters: To, From, DateSent (exact, `DateSent<`, `DateSent>`). */
export function listMessages(sim: Sim, req: RestRequest): RestResponse {
  const q = req.query;
  const sentWhen = dateFilter(q, "DateSent");
  const list = [...sim.world.messages.values()]
    .filter((m) => (q.get("To") ?? m.to) === m.to && (q.get("From") ?? m.from) === m.from && sentWhen(m.dateSent))
    .reverse()
    .map(messageJson);
  return ok(page("messages", list, req.fullPath, q));
}

/** Twilio allows only redacting the body (Body=""). */
export function redactMessage(sim: Sim, req: RestRequest, m: SimMessage): RestResponse {
  if (req.form.get("Body") !== "") throw badRequest(20001, "Only an empty Body (redaction) is supported");
  m.body = "";
  m.dateUpdated = sim.clock.now();
  sim.world.changed();
  return ok(messageJson(m));
}

export function deleteMessage(sim: Sim, m: SimMessage): RestResponse {
  sim.world.messages.delete(m.sid);
  sim.world.changed();
  return noContent();
}

export function getRecording(sim: Sim, req: RestRequest, sid: string): SimRecording {
  const r = sim.world.recordings.get(sid);
  if (!r) throw notFound(req.fullPath);
  return r;
}

export function listRecordings(sim: Sim, req: RestRequest): RestResponse {
  const q = req.query;
  const list = [...sim.world.recordings.values()]
    .filter((r) => (q.get("CallSid") ?? r.callSid) === r.callSid)
    .reverse()
    .map((r) => recordingJson(sim, r));
  return ok(page("recordings", list, req.fullPath, q));
}

export function recordingMedia(r: SimRecording, ext: string): RestResponse {
  const wav = silentWav(Math.min(r.durationSec, 600));
  if (ext === "mp3") return { status: 200, body: wav, contentType: "audio/mpeg" }; // bytes are WAV; good enough for a stand-in
  return { status: 200, body: wav, contentType: "audio/x-wav" };
}

export function deleteRecording(sim: Sim, r: SimRecording): RestResponse {
  sim.world.recordings.delete(r.sid);
  sim.world.changed();
  return noContent();
}

/** 8 kHz mono 8-bit silence. */
function silentWav(seconds: number): Buffer {
  const samples = Math.max(1, seconds) * 8000;
  const header = Buffer.alloc(44);
  header.write("RIFF", 0);
  header.writeUInt32LE(36 + samples, 4);
  header.write("WAVEfmt ", 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write("data", 36);
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, Buffer.alloc(samples, 0x80)]);
}
