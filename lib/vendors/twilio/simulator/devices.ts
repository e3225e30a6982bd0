/**
 * Simulated phones registered with the simulator, the way Voice SDK devices
 * register with Twilio's signalling: a device presents its access token and
 * keeps one Server-Sent Events stream open; while the stream is open it is
 * registered for its identity. The stream closing unregisters it at once; the
 * token expiring does too (error 20104, then the stream closes). A device that
 * comes back with its deviceId gets the same id, and with it the calls it had
 * answered (their media does not depend on signalling).
 */
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { verifyAccessToken, type ApiKey, type TokenCheck } from "./access-token";

export interface SimDevice {
  id: string;
  identity: string;
  /** the token's exp, unix seconds */
  exp: number;
  registeredAt: Date;
  stream: ServerResponse;
  timers: NodeJS.Timeout[];
}

export type DeviceEvent = "registered" | "invite" | "cancel" | "disconnect" | "error";

/** Comments on the stream keep proxies (and the browser) from calling it idle. */
const HEARTBEAT_MS = 15_000;

export class DeviceRegistry {
  private readonly live = new Map<string, SimDevice>();
  /** deviceId → identity, for devices whose stream dropped: they may come back */
  private readonly gone = new Map<string, string>();

  constructor(
    private readonly key: () => ApiKey,
    private readonly onChange: () => void,
  ) {}

  check(token: string): TokenCheck {
    return verifyAccessToken(token, this.key());
  }

  /** Register a device on its open stream (the token checked by the caller). */
  register(stream: ServerResponse, identity: string, exp: number, wantedId?: string): SimDevice {
    const resumes = wantedId !== undefined && this.gone.get(wantedId) === identity && !this.live.has(wantedId);
    const id = resumes ? (wantedId as string) : randomUUID();
    this.gone.delete(id);
    const device: SimDevice = { id, identity, exp, registeredAt: new Date(), stream, timers: [] };
    this.live.set(id, device);
    this.armExpiry(device);
    device.timers.push(setInterval(() => stream.write(": ping\n\n"), HEARTBEAT_MS));
    stream.on("close", () => this.dropped(device));
    this.onChange();
    return device;
  }

  /** A new token for a registered device: same identity only; the registration stays. */
  updateToken(device: SimDevice, token: string): TokenCheck {
    const r = this.check(token);
    if (!r.ok) return r;
    if (r.identity !== device.identity) return { ok: false, code: 20101, message: "Invalid Access Token: the identity differs from the device's" };
    device.exp = r.exp;
    this.armExpiry(device);
    return r;
  }

  get(id: string): SimDevice | undefined {
    return this.live.get(id);
  }

  forIdentity(identity: string): SimDevice[] {
    return [...this.live.values()].filter((d) => d.identity === identity);
  }

  list(): SimDevice[] {
    return [...this.live.values()];
  }

  send(device: SimDevice, event: DeviceEvent, data: unknown): void {
    if (!device.stream.writableEnded) device.stream.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Unregister: the device asked, or its token expired. */
  close(device: SimDevice): void {
    this.forget(device);
    device.stream.end();
  }

  /** The network drops (tests): the stream dies without a goodbye, as when a laptop sleeps. */
  drop(device: SimDevice): void {
    device.stream.destroy();
  }

  closeAll(): void {
    for (const d of [...this.live.values()]) this.close(d);
    this.gone.clear();
  }

  private forget(device: SimDevice): void {
    for (const t of device.timers.splice(0)) clearTimeout(t);
    if (this.live.get(device.id) === device) this.live.delete(device.id);
    this.onChange();
  }

  private dropped(device: SimDevice): void {
    if (this.live.get(device.id) !== device) return; // already unregistered on purpose
    this.forget(device);
    this.gone.set(device.id, device.identity);
  }

  /** A token expires on the wall clock, whatever the simulator's speed: its exp is a real instant. */
  private armExpiry(device: SimDevice): void {
    const old = device.timers.shift();
    if (old) clearTimeout(old);
    const ms = Math.max(0, device.exp * 1000 - Date.now());
    const timer = setTimeout(() => {
      this.send(device, "error", { code: 20104, message: "Access Token expired or expiration date invalid" });
      this.close(device);
    }, ms);
    device.timers.unshift(timer);
  }
}
