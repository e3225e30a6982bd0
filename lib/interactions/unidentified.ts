import type { Db } from "@/lib/db/client";
import { toInteraction } from "./connectors";
import type { InteractionDraft, Vendor } from "./connectors/types";

export type PreviewItem = { at: Date; channel: string; direction: string; summary: string; vendor: string; staffContact: string | null; text: string | null };
export type UnidentifiedContact = {
  kind: string;
  value: string;
  count: number;
  channels: string[];
  firstSeen: Date;
  lastSeen: Date;
  preview: PreviewItem[];
};

type Group = { kind: string; value: string; count: bigint; first_seen: Date; last_seen: Date };
type Recent = { kind: string; value: string; vendor: Vendor; event_type: string; payload: unknown; at: Date };

function fullText(d: InteractionDraft): string | null {
  if (d.channel === "in_app") return d.inApp.body;
  if (d.channel === "sms" || d.channel === "whatsapp") return d.sms.body;
  return null;
}

/**
 * Events nobody could be matched to, grouped by the contact value that failed,
 * newest first, with a preview of the latest few and what they were about.
 */
export async function listUnidentifiedContacts(db: Db, opts: { limit?: number; offset?: number } = {}) {
  const limit = opts.limit ?? 50;
  const offset = opts.offset ?? 0;
  const [groups, total] = await Promise.all([
    db.$queryRaw<Group[]>`
      SELECT contact_kind::text AS kind, contact_value AS value, count(*) AS count,
             min(coalesce(occurred_at, received_at)) AS first_seen, max(coalesce(occurred_at, received_at)) AS last_seen
        FROM incoming_events
       WHERE status IN ('unmatchable_person', 'unmatchable_both') AND contact_value IS NOT NULL
       GROUP BY contact_kind, contact_value
       ORDER BY max(coalesce(occurred_at, received_at)) DESC, contact_value
       LIMIT ${limit} OFFSET ${offset}`,
    db.$queryRaw<{ n: bigint }[]>`
      SELECT count(DISTINCT (contact_kind, contact_value)) AS n FROM incoming_events
       WHERE status IN ('unmatchable_person', 'unmatchable_both') AND contact_value IS NOT NULL`,
  ]);
  const recent = groups.length
    ? await db.$queryRaw<Recent[]>`
        SELECT kind, value, vendor, event_type, payload, at FROM (
          SELECT contact_kind::text AS kind, contact_value AS value, vendor::text AS vendor, event_type, payload,
                 coalesce(occurred_at, received_at) AS at,
                 row_number() OVER (PARTITION BY contact_kind, contact_value ORDER BY coalesce(occurred_at, received_at) DESC) AS rn
            FROM incoming_events
           WHERE status IN ('unmatchable_person', 'unmatchable_both')
             AND (contact_kind::text, contact_value) IN (SELECT * FROM unnest(${groups.map((g) => g.kind)}::text[], ${groups.map((g) => g.value)}::text[]))
        ) x WHERE rn <= 3 ORDER BY at DESC`
    : [];
  const previews = new Map<string, PreviewItem[]>();
  for (const r of recent) {
    const t = toInteraction(r.vendor, r.event_type, r.payload);
    const key = `${r.kind}:${r.value}`;
    const list = previews.get(key) ?? [];
    list.push({
      at: r.at,
      vendor: r.vendor,
      channel: t.ok ? t.interaction.channel : "unknown",
      direction: t.ok ? t.interaction.direction : "inbound",
      summary: t.ok ? t.interaction.summary : r.event_type,
      staffContact: t.ok ? (t.interaction.staff?.value ?? null) : null,
      // The whole message for the panel (the summary is cut at 140 characters).
      text: t.ok ? fullText(t.interaction) : null,
    });
    previews.set(key, list);
  }
  const contacts = groups.map<UnidentifiedContact>((g) => {
    const preview = previews.get(`${g.kind}:${g.value}`) ?? [];
    return {
      kind: g.kind,
      value: g.value,
      count: Number(g.count),
      channels: [...new Set(preview.map((p) => p.channel))],
      firstSeen: g.first_seen,
      lastSeen: g.last_seen,
      preview,
    };
  });
  return { contacts, total: Number(total[0]?.n ?? 0), limit, offset };
}

export async function recentDecisions(db: Db, limit = 20) {
  return db.contactResolution.findMany({ orderBy: { createdAt: "desc" }, take: limit });
}
