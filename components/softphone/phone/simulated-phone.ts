/**
 * The phone against the Twilio simulator (demo mode, tests): it registers by
 * presenting its access token and holding a Server-Sent Events stream open (read
 * with fetch, so node tests drive it too), and acts with JSON POSTs. Semantics
 * follow the SDK's Device: register() only from unregistered; a dropped stream
 * is `unregistered` at once, and the phone reconnects by itself with its device
 * id (answered calls go `reconnecting` → `reconnected`), except after the token
 * was refused (201xx: a new token and register() first); tokenWillExpire fires
 * `tokenRefreshMs` before the token expires.
 */
import { Emitter } from "./emitter";
import { SimulatedCall, type Invite } from "./simulated-call";
import { SimulatorLink, type Registered } from "./simulator-link";
import type { Phone, PhoneError, PhoneEvents, PhoneState } from "./types";

export interface SimulatedPhoneOptions {
  /** the SDK's default: 10 s before the token expires */
  tokenRefreshMs?: number;
  /** first reconnect delay after a drop, doubled up to 30 s */
  reconnectMs?: number;
  fetch?: typeof fetch;
}

type Connected = { ok: true } | { ok: false; error: PhoneError };
const tokenRefused = (e: PhoneError | null) => e !== null && e.code >= 20100 && e.code < 20200;

export class SimulatedPhone extends Emitter<PhoneEvents> implements Phone {
  state: PhoneState = "unregistered";
  identity = "";
  private stream: AbortController | null = null;
  private readonly calls = new Map<string, SimulatedCall>();
  private readonly timers: { expiry?: ReturnType<typeof setTimeout>; retry?: ReturnType<typeof setTimeout> } = {};
  private retryMs: number;
  private readonly link: SimulatorLink;
  /** the app asked to be registered (and has not unregistered since) */
  private wanted = false;

  constructor(
    url: string,
    private token: string,
    private readonly opts: SimulatedPhoneOptions = {},
  ) {
    super();
    this.link = new SimulatorLink(url, opts.fetch ?? ((...args) => globalThis.fetch(...args)));
    this.retryMs = opts.reconnectMs ?? 1000;
  }

  async register(): Promise<void> {
    if (this.state !== "unregistered") throw new Error(`Attempt to register when device is in state "${this.state}". Must be "unregistered".`);
    this.wanted = true;
    const r = await this.attempt();
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  }

  async unregister(): Promise<void> {
    if (this.state !== "registered") throw new Error(`Attempt to unregister when device is in state "${this.state}". Must be "registered".`);
    this.wanted = false;
    const stream = this.stop(); // first, so the stream ending is not taken for a drop
    await this.link.post("unregister", {});
    stream?.abort();
    this.setState("unregistered");
  }

  async updateToken(token: string): Promise<void> {
    if (this.state === "destroyed") throw new Error('Attempt to "updateToken" when device is in state "destroyed".');
    this.token = token;
    // refused for its token (expired) while meant to be registered: register with the new one
    if (this.state === "unregistered" && this.wanted && !this.timers.retry) return void (await this.attempt());
    if (this.state !== "registered") return; // the next (re)registration presents it
    const r = await this.link.post("token", { token });
    if (r.ok) this.armExpiry(r.expiresAt ?? "");
    else this.emit("error", { code: r.code ?? 20101, message: r.error });
  }

  destroy(): void {
    if (this.state === "destroyed") return;
    for (const call of [...this.calls.values()]) call.disconnect(); // a pending one is rejected
    const stream = this.stop();
    if (this.state === "registered") void this.link.post("unregister", {}).finally(() => stream?.abort());
    else stream?.abort();
    this.state = "destroyed";
    this.removeAllListeners();
  }

  private async attempt(): Promise<Connected> {
    this.setState("registering");
    const r = await this.connect();
    if (!r.ok) {
      this.setState("unregistered");
      this.emit("error", r.error);
    }
    return r;
  }

  /** Open the stream; resolves at `registered` (or when refused), then the stream feeds events until it ends. */
  private async connect(): Promise<Connected> {
    const stream = this.link.open(this.token, (event, data) => this.signal(event, data));
    this.stream = stream.abort;
    const first = await stream.first;
    if (!first.ok) return first;
    this.registered(first.registered);
    void stream.ended.then((refused) => {
      if (this.stream === stream.abort) this.lost(refused);
    });
    return { ok: true };
  }

  private registered(r: Registered): void {
    this.link.deviceId = r.deviceId;
    this.identity = r.identity;
    this.retryMs = this.opts.reconnectMs ?? 1000;
    this.armExpiry(r.expiresAt);
    for (const call of this.calls.values()) {
      if (r.calls.includes(call.sid)) call.signalling(false);
      else if (call.status() !== "pending") call.ended("disconnect"); // it ended while we were away
    }
    this.setState("registered");
  }

  private signal(event: string, data: Record<string, unknown>): void {
    const sid = String(data.callSid ?? "");
    if (event === "invite") {
      const call = new SimulatedCall(this.link, data as unknown as Invite);
      this.calls.set(sid, call);
      for (const end of ["cancel", "disconnect", "reject"] as const) call.on(end, () => this.calls.delete(sid));
      this.emit("incoming", call);
    } else if (event === "cancel" || event === "disconnect") this.calls.get(sid)?.ended(event);
    else if (event === "error") this.emit("error", { code: Number(data.code), message: String(data.message) });
  }

  /** The stream ended without us asking: unregistered at once; come back unless the token was refused. */
  private lost(refused: PhoneError | null): void {
    this.stream = null;
    clearTimeout(this.timers.expiry);
    for (const call of this.calls.values()) call.signalling(true);
    this.setState("unregistered");
    if (!tokenRefused(refused)) this.retry();
  }

  private retry(): void {
    this.timers.retry = setTimeout(() => {
      this.timers.retry = undefined;
      if (this.state !== "unregistered") return;
      void this.attempt().then((r) => {
        if (!r.ok && !tokenRefused(r.error)) this.retry();
      });
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  private armExpiry(expiresAt: string): void {
    clearTimeout(this.timers.expiry);
    const ms = Date.parse(expiresAt) - Date.now() - (this.opts.tokenRefreshMs ?? 10_000);
    this.timers.expiry = setTimeout(() => this.emit("tokenWillExpire"), Math.max(0, ms));
  }

  /** Stop timers and let go of the stream (returned, for the caller to abort when it is done with it). */
  private stop(): AbortController | null {
    clearTimeout(this.timers.expiry);
    clearTimeout(this.timers.retry);
    this.timers.retry = undefined;
    const s = this.stream;
    this.stream = null;
    return s;
  }

  private setState(state: Exclude<PhoneState, "destroyed">): void {
    if (this.state === state || this.state === "destroyed") return;
    this.state = state;
    this.emit(state);
  }
}
