/** The softphone's HTTP calls to our server (session cookie, same origin). */
import { newIdempotencyKey } from "@/components/person/idempotency-key";
import type { SoftphoneApi } from "./controller";
import { createPhone } from "./phone/factory";

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function send(path: string, body: object, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), credentials: "same-origin" });
  const data = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new HttpError(res.status, data.error ?? `${path}: ${res.status}`);
  return data;
}

/**
 * Wrap-up right after a hang-up can reach the server a moment before the call engine has
 * ended the call and released the staff member (409): ask again briefly, not fail.
 */
async function sendAfterCall(path: string, body: object): Promise<void> {
  const until = Date.now() + 5_000;
  for (;;) {
    try {
      await send(path, body);
      return;
    } catch (e) {
      if (!(e instanceof HttpError) || e.status !== 409 || Date.now() > until) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export const softphoneApi: SoftphoneApi = {
  openPhone: () => createPhone(),
  heartbeat: async (registered) => void (await send("/api/softphone/heartbeat", { registered })),
  presence: (presence) => sendAfterCall("/api/softphone/presence", { presence }),
  command: async (callId, command, body) => void (await send(`/api/voice/calls/${callId}/${command}`, body, { "idempotency-key": newIdempotencyKey() })),
  dial: async (to, personId) => (await send("/api/voice/calls", { to, ...(personId ? { personId } : {}) })) as { callId: string },
  wrapUp: (callId, note, outcome) => sendAfterCall(`/api/softphone/calls/${callId}/wrap-up`, { note, outcome }),
};
