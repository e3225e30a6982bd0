/**
 * The simulated phone's wire to the simulator (voice-http.ts there): the event
 * stream it registers with, and JSON POSTs for its device.
 */
import { readSse } from "@/lib/http/sse-reader";
import type { PhoneError } from "./types";

export interface Registered {
  deviceId: string;
  identity: string;
  expiresAt: string;
  /** calls this device answered that are still up (after a reconnect) */
  calls: string[];
}

export const UNREACHABLE: PhoneError = { code: 53000, message: "Signaling connection error" };

export interface DeviceStream {
  abort: AbortController;
  /** the `registered` event, or why registering failed */
  first: Promise<{ ok: true; registered: Registered } | { ok: false; error: PhoneError }>;
  /** when the stream ends after registering: the error the simulator sent last (a refused token), if any */
  ended: Promise<PhoneError | null>;
}

export interface LinkAnswer {
  ok: boolean;
  /** 0: the simulator did not answer */
  status: number;
  error: string;
  code?: number;
  expiresAt?: string;
}

export class SimulatorLink {
  deviceId: string | undefined;

  constructor(
    readonly url: string,
    readonly fetch: typeof globalThis.fetch,
  ) {}

  /** POST /_sim/voice/devices/{deviceId}/{action} */
  async post(action: string, body: object): Promise<LinkAnswer> {
    if (!this.deviceId) return { ok: false, status: 0, error: "not registered" };
    try {
      const res = await this.fetch(`${this.url}/_sim/voice/devices/${encodeURIComponent(this.deviceId)}/${action}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => ({}))) as { error?: string; message?: string; code?: number; expiresAt?: string };
      return {
        ok: res.ok,
        status: res.status,
        error: json.error ?? json.message ?? "",
        ...(json.code !== undefined ? { code: json.code } : {}),
        ...(json.expiresAt ? { expiresAt: json.expiresAt } : {}),
      };
    } catch {
      return { ok: false, status: 0, error: "the simulator is unreachable" };
    }
  }

  /** POST /_sim/voice/register and read its event stream; every event after `registered` goes to onEvent. */
  open(token: string, onEvent: (event: string, data: Record<string, unknown>) => void): DeviceStream {
    const abort = new AbortController();
    let refused: PhoneError | null = null;
    let done: (e: PhoneError | null) => void = () => {};
    const ended = new Promise<PhoneError | null>((r) => (done = r));
    const first = (async (): Promise<Awaited<DeviceStream["first"]>> => {
      const res = await this.fetch(`${this.url}/_sim/voice/register`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ token, ...(this.deviceId ? { deviceId: this.deviceId } : {}) }),
        signal: abort.signal,
      }).catch(() => null);
      if (!res) return { ok: false, error: UNREACHABLE };
      if (res.status !== 200 || !res.body) {
        const body = (await res.json().catch(() => ({}))) as Partial<PhoneError>;
        return { ok: false, error: { code: body.code ?? UNREACHABLE.code, message: body.message ?? `registration answered ${res.status}` } };
      }
      const stream = res.body;
      return new Promise((resolve) => {
        let registered = false;
        void readSse(stream, (e) => {
          const data = JSON.parse(e.data) as Record<string, unknown>;
          if (e.event === "registered") {
            registered = true;
            resolve({ ok: true, registered: data as unknown as Registered });
            return;
          }
          if (e.event === "error") refused = { code: Number(data.code), message: String(data.message) };
          if (registered) onEvent(e.event, data);
        })
          .catch(() => undefined)
          .then(() => (registered ? done(refused) : resolve({ ok: false, error: refused ?? UNREACHABLE })));
      });
    })();
    return { abort, first, ended };
  }
}
