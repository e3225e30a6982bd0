import type { Funnel } from "./funnel";
import { BUCKETS, CHANNEL_LABELS, CHANNELS, type Channel } from "./funnel-params";

/**
 * What the funnel page draws, as plain rows: the charts, their figure tables and the CSV all
 * come from here, so the download is exactly what is on the screen.
 */
export const MEDIAN_SERIES: { key: Channel | "all"; label: string }[] = [...CHANNELS.map((c) => ({ key: c, label: CHANNEL_LABELS[c] })), { key: "all", label: "All channels" }];

export type MedianRow = { cohort: string; people: number } & Record<Channel | "all", number>;
export type DistributionRow = { cohort: string; people: number } & Record<string, number | string>;

export function medianRows(f: Funnel): MedianRow[] {
  return f.cohorts.map((cohort) => {
    const row = { cohort, people: 0 } as MedianRow;
    for (const s of MEDIAN_SERIES) {
      const cell = f.cells.find((c) => c.cohort === cohort && c.series === s.key);
      row[s.key] = cell?.median ?? 0;
      if (s.key === "all") row.people = cell?.people ?? 0;
    }
    return row;
  });
}

/** People per bucket of touchpoints on every channel together, per cohort. */
export function distributionRows(f: Funnel): DistributionRow[] {
  return f.cohorts.map((cohort) => {
    const cell = f.cells.find((c) => c.cohort === cohort && c.series === "all");
    const row: DistributionRow = { cohort, people: cell?.people ?? 0 };
    BUCKETS.forEach((b, i) => (row[b.label] = cell?.buckets[i] ?? 0));
    return row;
  });
}

const csvField = (v: string | number) => (typeof v === "number" ? String(v) : /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export function funnelCsv(f: Funnel): string {
  const lines: (string | number)[][] = [["chart", "cohort", "series", "value"]];
  for (const r of medianRows(f)) for (const s of MEDIAN_SERIES) lines.push(["median_touchpoints", r.cohort, s.label, r[s.key]]);
  for (const r of distributionRows(f)) for (const b of BUCKETS) lines.push(["people_by_touchpoints", r.cohort, b.label, r[b.label] as number]);
  return lines.map((l) => l.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export function funnelCsvName(f: Funnel): string {
  return `funnel_${f.params.from}_to_${f.params.to}_${f.params.since}_${f.params.until}.csv`;
}
