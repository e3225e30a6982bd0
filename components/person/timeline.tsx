import type { TimelineItem } from "@/lib/people/person-profile";
import { SmsDelivery } from "./sms-delivery";

const ICON: Record<TimelineItem["channel"], string> = { call: "☎", sms: "✉", email: "@", in_app: "💬" };

export function Timeline({ personId, items }: { personId: string; items: TimelineItem[] }) {
  if (items.length === 0) return <p className="rounded-xl border border-dashed border-slate-300 p-6 text-sm text-slate-500">No conversations yet.</p>;
  return (
    <ol className="space-y-2" aria-label="Timeline">
      {items.map((i) => (
        <li key={i.id} className="rounded-xl bg-white p-3 shadow-sm">
          <div className="flex items-center justify-between text-xs text-slate-500">
            <span>
              <span aria-hidden>{ICON[i.channel]}</span> {i.channel.replace("_", "-")} · {i.direction}
              {i.staff ? ` · ${i.staff}` : ""}
            </span>
            <time dateTime={i.occurredAt.toISOString()}>{i.occurredAt.toLocaleString("en-AU", { dateStyle: "medium", timeStyle: "short" })}</time>
          </div>
          <div className="mt-1 text-sm">{i.detail ?? i.summary}</div>
          {i.delivery && <SmsDelivery personId={personId} interactionId={i.id} initial={i.delivery} />}
        </li>
      ))}
    </ol>
  );
}
