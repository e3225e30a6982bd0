export type PreviewItem = { at: string; channel: string; direction: string; summary: string; vendor: string; staffContact: string | null; text?: string | null };
export type Contact = { kind: "phone" | "email" | "handle"; value: string; count: number; channels: string[]; firstSeen: string; lastSeen: string; preview: PreviewItem[] };
export type Decision = { id: string; kind: string; value: string; action: string; personId: string | null; createdBy: string; createdAt: string; undoneAt: string | null };
export type QueuePage = { contacts: Contact[]; total: number; limit: number; offset: number; decisions: Decision[] };
export type PersonHit = { id: string; name: string; email: string | null; phone: string | null };

export async function postJson<T>(url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  const data = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(data.error ?? `request failed (${res.status})`);
  return data;
}

export const when = (iso: string) => new Date(iso).toLocaleString("en-AU", { dateStyle: "medium", timeStyle: "short" });
