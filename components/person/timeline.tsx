import type { TimelineItem } from "@/lib/people/person-profile";
import { SmsDelivery } from "./sms-delivery";

const ICON: Record<TimelineItem["channel"], string> = { call: "☎", sms: "✉", email: "@", in_app: "💬", whatsapp: "🟢" };

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
          {i.wrapUp && (i.wrapUp.note || i.wrapUp.outcome) && (
            <p className="mt-1 border-l-2 border-slate-300 pl-2 text-sm text-slate-700" data-testid="wrap-up-note">
              {i.wrapUp.outcome && <span className="mr-1 rounded bg-slate-100 px-1 text-xs">{i.wrapUp.outcome.replaceAll("_", " ")}</span>}
              {i.wrapUp.note}
            </p>
          )}
          {i.delivery && <SmsDelivery personId={personId} interactionId={i.id} initial={i.delivery} />}
        </li>
      ))}
    </ol>
  );
}
