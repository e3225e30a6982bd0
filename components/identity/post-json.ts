/** POST a JSON body; the server's error message when it refuses. */
export async function postJson(url: string, body: unknown = {}): Promise<{ ok: true; data: unknown } | { ok: false; error: string }> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as { error?: string };
  return res.ok ? { ok: true, data } : { ok: false, error: (data.error ?? `request failed (${res.status})`).replaceAll("_", " ") };
}
