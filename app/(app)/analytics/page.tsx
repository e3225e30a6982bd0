import { requirePageUser } from "@/lib/auth/session";
import { channelCounts } from "@/lib/analytics/channel-counts";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";

export default async function AnalyticsPage() {
  await requirePageUser("analytics");
  const counts = await channelCounts(30);
  return (
    <>
      <PageHeader title="Analytics" subtitle="Conversations by channel, last 30 days." />
      {counts.length === 0 ? (
        <EmptyState title="No conversations in the last 30 days">Figures appear as calls, messages and emails are recorded.</EmptyState>
      ) : (
        <div className="grid grid-cols-4 gap-4">
          {counts.map((c) => (
            <div key={`${c.channel}-${c.direction}`} className="rounded-xl bg-white p-4 shadow-sm">
              <div className="text-xs uppercase text-slate-500">
                {c.channel} · {c.direction}
              </div>
              <div className="mt-1 text-2xl font-semibold">{c.count}</div>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
