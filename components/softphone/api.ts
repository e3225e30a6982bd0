/** The softphone's HTTP calls to our server (session cookie, same origin). */
import { newIdempotencyKey } from "@/components/person/idempotency-key";
import type { SoftphoneApi } from "./controller";
import { createPhone } from "./phone/factory";

async function send(path: string, body: object, headers: Record<string, string> = {}): Promise<unknown> {
  const res = await fetch(path, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), credentials: "same-origin" });
  const data = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(data.error ?? `${path}: ${res.status}`);
  return data;
}

export const softphoneApi: SoftphoneApi = {
  openPhone: () => createPhone(),
  heartbeat: async (registered) => void (await send("/api/softphone/heartbeat", { registered })),
  presence: async (presence) => void (await send("/api/softphone/presence", { presence })),
  command: async (callId, command, body) => void (await send(`/api/voice/calls/${callId}/${command}`, body, { "idempotency-key": newIdempotencyKey() })),
  dial: async (to, personId) => (await send("/api/voice/calls", { to, ...(personId ? { personId } : {}) })) as { callId: string },
  wrapUp: async (callId, note, outcome) => void (await send(`/api/softphone/calls/${callId}/wrap-up`, { note, outcome })),
};
