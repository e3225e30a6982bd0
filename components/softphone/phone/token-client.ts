/** The browser asks our server for its softphone token (POST /api/voice/token, the session cookie). */
import { voiceTokenSchema, type VoiceToken } from "@/lib/calls/voice-token";

export async function fetchVoiceToken(fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): Promise<VoiceToken> {
  const res = await fetchImpl("/api/voice/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
    credentials: "same-origin",
    cache: "no-store",
  });
  if (!res.ok) throw new Error(`softphone token: ${res.status} ${((await res.json().catch(() => ({}))) as { error?: string }).error ?? ""}`.trim());
  return voiceTokenSchema.parse(await res.json());
}
