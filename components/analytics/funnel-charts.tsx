"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { DistributionRow, MedianRow } from "@/lib/analytics/funnel-chart";

/** Colour-blind-safe (Okabe–Ito), each at 3:1 or more against white. */
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#8C6D00"];

type Series = { key: string; label: string };

function Chart({ title, rows, series, stacked, testId, children }: { title: string; rows: Record<string, unknown>[]; series: Series[]; stacked?: boolean; testId: string; children: React.ReactNode }) {
  // legend and tooltip in the series' own order (recharts sorts them by name otherwise: 0, 1, 10+, 2…)
  const order = (item: { dataKey?: unknown }) => series.findIndex((s) => s.key === String(item.dataKey));
  return (
    <figure className="rounded-xl bg-white p-4 shadow-sm" data-testid={testId}>
      <figcaption className="mb-2 font-medium">{title}</figcaption>
      <div className="h-80" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="cohort" tick={{ fill: "#334155", fontSize: 12 }} />
            <YAxis allowDecimals tick={{ fill: "#334155", fontSize: 12 }} />
            <Tooltip itemSorter={order} />
            <Legend itemSorter={order} />
            {series.map((s, i) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLOURS[i % COLOURS.length]} stackId={stacked ? "a" : undefined} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {/* the same numbers for screen readers, keyboards and anyone who wants them exactly */}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-brand-700">Figures</summary>
        {children}
      </details>
    </figure>
  );
}

export function FunnelCharts({ medians, distribution, medianSeries, buckets }: { medians: MedianRow[]; distribution: DistributionRow[]; medianSeries: Series[]; buckets: string[] }) {
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Chart title="Median touchpoints per person, by channel" rows={medians} series={medianSeries} testId="chart-medians">
        <table className="mt-2 w-full text-left" data-testid="table-medians">
          <caption className="sr-only">Median touchpoints per person by cohort and channel</caption>
          <thead>
            <tr>
              <th scope="col" className="p-1">Cohort</th>
              <th scope="col" className="p-1">People</th>
              {medianSeries.map((s) => (
                <th scope="col" key={s.key} className="p-1">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {medians.map((r) => (
              <tr key={r.cohort} data-cohort={r.cohort}>
                <th scope="row" className="p-1 font-normal">{r.cohort}</th>
                <td className="p-1" data-series="people">{r.people}</td>
                {medianSeries.map((s) => (
                  <td key={s.key} className="p-1" data-series={s.key}>{r[s.key as keyof MedianRow]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>
      <Chart title="People by number of touchpoints (all channels)" rows={distribution} series={buckets.map((b) => ({ key: b, label: `${b} touchpoints` }))} stacked testId="chart-distribution">
        <table className="mt-2 w-full text-left" data-testid="table-distribution">
          <caption className="sr-only">People by number of touchpoints, by cohort</caption>
          <thead>
            <tr>
              <th scope="col" className="p-1">Cohort</th>
              {buckets.map((b) => (
                <th scope="col" key={b} className="p-1">{b}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {distribution.map((r) => (
              <tr key={r.cohort} data-cohort={r.cohort}>
                <th scope="row" className="p-1 font-normal">{r.cohort}</th>
                {buckets.map((b) => (
                  <td key={b} className="p-1" data-series={b}>{r[b]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Chart>
    </div>
  );
}
