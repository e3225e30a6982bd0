import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { channelCounts } from "@/lib/analytics/channel-counts";
import { funnel } from "@/lib/analytics/funnel";
import { distributionRows, medianRows, MEDIAN_SERIES } from "@/lib/analytics/funnel-chart";
import { BUCKETS, funnelParamsSchema, parseFunnelParams, type FunnelParams } from "@/lib/analytics/funnel-params";
import { MILESTONE_LABELS } from "@/lib/analytics/milestones";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { FunnelCharts } from "@/components/analytics/funnel-charts";
import { FunnelForm } from "@/components/analytics/funnel-form";
import { SignalsOverviewPanel } from "@/components/analytics/signals-overview";
import { StaffActivityTable } from "@/components/analytics/staff-activity-table";
import { readSignalsOverview } from "@/lib/analytics/signals-rollup";
import { staffActivity } from "@/lib/analytics/staff-activity";

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AnalyticsPage({ searchParams }: { searchParams: Search }) {
  await requirePageUser("analytics");
  const parsed = parseFunnelParams(await searchParams);
  const params: FunnelParams = parsed.success ? parsed.data : funnelParamsSchema(new Date()).parse({});
  const [f, counts, signals, activity] = await Promise.all([funnel(db, params), channelCounts(30), readSignalsOverview(db, 90), staffActivity(db, { days: 14 })]);
  const medians = medianRows(f);
  const csvHref = `/api/analytics/funnel?${new URLSearchParams({ from: params.from, to: params.to, since: params.since, until: params.until, format: "csv" })}`;
  const people = medians.reduce((n, r) => n + r.people, 0);
  return (
    <>
      <PageHeader title="Analytics" subtitle={`Touchpoints from ${MILESTONE_LABELS[params.from].toLowerCase()} to ${MILESTONE_LABELS[params.to].toLowerCase()}, by the month people reached the first (UTC).`} />
      <FunnelForm params={params} csvHref={csvHref} />
      {!parsed.success && (
        <p role="alert" className="mb-4 text-sm text-red-700">
          {parsed.error.issues.map((i) => i.message).join("; ")}: showing the default funnel.
        </p>
      )}
      {people === 0 ? (
        <EmptyState title="Nobody reached both milestones in these months">Choose other milestones or months.</EmptyState>
      ) : (
        <FunnelCharts medians={medians} distribution={distributionRows(f)} medianSeries={MEDIAN_SERIES} buckets={BUCKETS.map((b) => b.label)} />
      )}
      <SignalsOverviewPanel overview={signals} />
      <StaffActivityTable rows={activity} days={14} />
      <section aria-labelledby="recent-title" className="mt-8">
        <h2 id="recent-title" className="mb-2 text-lg font-semibold">
          Conversations by channel, last 30 days
        </h2>
        {counts.length === 0 ? (
          <EmptyState title="No conversations in the last 30 days">Figures appear as calls, messages and emails are recorded.</EmptyState>
        ) : (
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            {counts.map((c) => (
              <div key={`${c.channel}-${c.direction}`} className="rounded-xl bg-white p-4 shadow-sm">
                <div className="text-xs uppercase text-slate-600">
                  {c.channel} · {c.direction}
                </div>
                <div className="mt-1 text-2xl font-semibold">{c.count}</div>
              </div>
            ))}
          </div>
        )}
      </section>
    </>
  );
}
