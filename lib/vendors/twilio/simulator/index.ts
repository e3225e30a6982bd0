/**
 * A stateful stand-in for Twilio on loopback, speaking Twilio's wire format:
 * REST (Calls, Conferences, Participants, Messages, Recordings) for the real
 * `twilio` client, and signed webhooks (voice, status, conference, recording,
 * SMS) to the app, acting on the TwiML the app answers, and the signalling that
 * simulated browser phones register with (softphones.ts, voice-http.ts). Time
 * runs `speed` times faster than real time.
 *
 *   const sim = await createTwilioSimulator({ voiceUrl: "http://127.0.0.1:3000/api/twilio/voice", speed: 50 });
 *   sim.setBehaviour("client:alice", { answerAfter: 3 });
 *   sim.inboundCall({ from: "+15551230000", to: "+15559870000" });
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { SIM_DEFAULT_ACCOUNT_SID, SIM_DEFAULT_API_KEY_SECRET, SIM_DEFAULT_API_KEY_SID, SIM_DEFAULT_AUTH_TOKEN } from "../config";
import { endCall } from "./calls";
import { SimClock } from "./clock";
import type { Sim, SimOptions } from "./context";
import { startInbound, type InboundCall } from "./inbound";
import { receiveMessage } from "./messages";
import { World, type PartyBehaviour, type RestFault } from "./model";
import { DeviceRegistry } from "./devices";
import { callJson, messageJson } from "./resources";
import { requestHandler } from "./server";
import { Softphones } from "./softphones";
import { snapshot, waitFor } from "./state";
import { deviceInfo } from "./voice-http";
import { WebhookSender, type WebhookKind, type WebhookLogEntry } from "./webhooks";

export type { PartyBehaviour, RestFault } from "./model";
export type { WebhookLogEntry, WebhookKind } from "./webhooks";

export interface TwilioSimulatorOptions extends Partial<SimOptions> {
  /** 0 (default): any free port */
  port?: number;
  host?: string;
  /** simulated seconds per real second; default 1 */
  speed?: number;
  /** how long the simulator waits for a webhook answer, real ms (Twilio: 15 s) */
  webhookTimeoutMs?: number;
}

type CallJson = ReturnType<typeof callJson>;
type MessageJson = ReturnType<typeof messageJson>;

export interface TwilioSimulator {
  readonly url: string;
  readonly port: number;
  readonly accountSid: string;
  readonly authToken: string;
  readonly speed: number;
  stop(): Promise<void>;
  /** forget every call, conference, message, recording, behaviour and logged webhook; unregister every phone */
  reset(): void;
  setBehaviour(party: string, behaviour: PartyBehaviour): void;
  setDefaultBehaviour(behaviour: PartyBehaviour): void;
  clearBehaviours(): void;
  /** the next matching REST requests fail (see RestFault); `times` 1 and `when` "before" unless given */
  failRequests(fault: Omit<RestFault, "times" | "when"> & Partial<Pick<RestFault, "times" | "when">>): void;
  behaviours(): Record<string, PartyBehaviour>;
  inboundCall(input: InboundCall): CallJson;
  answer(callSid: string): void;
  decline(callSid: string, status?: "busy" | "failed" | "no-answer"): void;
  hangup(callSid: string): void;
  inboundMessage(input: { from: string; to: string; body: string; url?: string }): Promise<MessageJson>;
  call(callSid: string): CallJson | undefined;
  state(): ReturnType<typeof snapshot>;
  webhooks(kind?: WebhookKind): WebhookLogEntry[];
  /** resolves with the first truthy value of `probe`, re-checked on every change (and every 10 ms) */
  waitFor<T>(probe: () => T | null | undefined | false, timeoutMs?: number): Promise<T>;
  /** resolves when no webhook is in flight */
  idle(): Promise<void>;
  /** simulated phones registered now (voice-http.ts has their endpoints) */
  devices(): ReturnType<typeof deviceInfo>[];
}

export async function createTwilioSimulator(options: TwilioSimulatorOptions = {}): Promise<TwilioSimulator> {
  const opts: SimOptions = {
    accountSid: options.accountSid ?? SIM_DEFAULT_ACCOUNT_SID,
    authToken: options.authToken ?? SIM_DEFAULT_AUTH_TOKEN,
    voiceUrl: options.voiceUrl ?? null,
    voiceFallbackUrl: options.voiceFallbackUrl ?? null,
    voiceStatusCallback: options.voiceStatusCallback ?? null,
    voiceStatusCallbackEvents: options.voiceStatusCallbackEvents ?? ["completed"],
    smsUrl: options.smsUrl ?? null,
    secondsPerWord: options.secondsPerWord ?? 0.4,
    playSeconds: options.playSeconds ?? 5,
    recordingDelay: options.recordingDelay ?? 1,
    apiKeySid: options.apiKeySid ?? SIM_DEFAULT_API_KEY_SID,
    apiKeySecret: options.apiKeySecret ?? SIM_DEFAULT_API_KEY_SECRET,
  };
  const world = new World();
  const clock = new SimClock(options.speed ?? 1);
  const hooks = new WebhookSender(opts.authToken, options.webhookTimeoutMs ?? 15_000, () => world.changed());
  let baseUrl = "";
  const registry = new DeviceRegistry(() => ({ accountSid: opts.accountSid, apiKeySid: opts.apiKeySid, apiKeySecret: opts.apiKeySecret }), () => world.changed());
  const sim: Sim = { opts, world, clock, hooks, baseUrl: () => baseUrl, softphones: new Softphones(() => sim, registry) };
  let facade: TwilioSimulator | null = null;
  const server = createServer(requestHandler(sim, () => facade as TwilioSimulator));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  world.setMaxListeners(0);

  const find = (sid: string) => world.calls.get(sid);
  facade = {
    url: baseUrl,
    port,
    accountSid: opts.accountSid,
    authToken: opts.authToken,
    speed: clock.speed,
    async stop() {
      hooks.close();
      registry.closeAll();
      for (const call of world.calls.values()) call.rt.run.abort();
      clock.stopAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await hooks.idle();
    },
    reset() {
      silence(world);
      registry.closeAll();
      for (const call of world.calls.values()) call.rt.run.abort();
      clock.stopAll();
      hooks.log.length = 0;
      world.clear();
    },
    setBehaviour: (party, b) => void world.behaviours.set(party, b),
    setDefaultBehaviour: (b) => void (world.defaultBehaviour = b),
    clearBehaviours: () => {
      world.behaviours.clear();
      world.defaultBehaviour = {};
    },
    failRequests: (f) => void world.restFaults.push({ times: 1, when: "before", ...f }),
    behaviours: () => ({ "*": world.defaultBehaviour, ...Object.fromEntries(world.behaviours) }),
    inboundCall: (input) => callJson(sim, startInbound(sim, input)),
    answer: (sid) => find(sid)?.rt.ring.resolve("answer"),
    decline: (sid, status = "busy") => find(sid)?.rt.ring.resolve(status),
    hangup: (sid) => {
      const call = find(sid);
      if (call) endCall(sim, call, "completed");
    },
    inboundMessage: async (input) => messageJson(await receiveMessage(sim, input)),
    call: (sid) => {
      const call = find(sid);
      return call ? callJson(sim, call) : undefined;
    },
    state: () => snapshot(sim),
    webhooks: (kind) => hooks.log.filter((e) => !kind || e.kind === kind),
    waitFor: (probe, timeoutMs = 5000) => waitFor(world, probe, timeoutMs),
    idle: () => hooks.idle(),
    devices: () => registry.list().map((d) => deviceInfo(sim, d)),
  };
  return facade;
}

/** Whatever is still running from before a reset must not call anyone's webhooks. */
function silence(world: World): void {
  for (const c of world.calls.values()) {
    c.statusCallback = null;
    c.rt.onAnswer = null;
  }
  for (const c of world.conferences.values()) c.statusCallback = null;
  for (const m of world.messages.values()) m.statusCallback = null;
}
