import { describe, expect, it } from "vitest";
import type { Funnel, FunnelCell } from "./funnel";
import { distributionRows, funnelCsv, medianRows } from "./funnel-chart";
import { parseFunnelParams } from "./funnel-params";

const cell = (cohort: string, series: FunnelCell["series"], people: number, median: number, buckets = [0, 0, 0, 0, 0, 0]): FunnelCell => ({ cohort, series, people, median, buckets });

describe("funnel chart rows and CSV", () => {
  const f: Funnel = {
    params: { from: "first_reply", to: "application_submitted", since: "2026-01", until: "2026-02" },
    cohorts: ["2026-01", "2026-02"],
    cells: [cell("2026-01", "sms", 3, 2), cell("2026-01", "all", 3, 4.5, [0, 1, 0, 1, 1, 0]), cell("2026-02", "all", 0, 0)],
  };
  it("medians per cohort and series, distribution of the all-channels counts", () => {
    expect(medianRows(f)[0]).toEqual({ cohort: "2026-01", people: 3, call: 0, sms: 2, email: 0, in_app: 0, all: 4.5 });
    expect(distributionRows(f)[0]).toEqual({ cohort: "2026-01", people: 3, "0": 0, "1": 1, "2": 0, "3–4": 1, "5–9": 1, "10+": 0 });
  });
  it("the CSV has one line per drawn value", () => {
    const lines = funnelCsv(f).trimEnd().split("\r\n");
    expect(lines[0]).toBe("chart,cohort,series,value");
    expect(lines).toContain("median_touchpoints,2026-01,SMS,2");
    expect(lines).toContain("median_touchpoints,2026-01,All channels,4.5");
    expect(lines).toContain("people_by_touchpoints,2026-01,5–9,1");
    expect(lines).toHaveLength(1 + 2 * 5 + 2 * 6);
  });
});

describe("funnel params", () => {
  const now = new Date("2026-06-15T00:00:00Z");
  it("defaults to first reply → application over the last 12 months", () => {
    expect(parseFunnelParams(new URLSearchParams(""), now)).toMatchObject({ success: true, data: { from: "first_reply", to: "application_submitted", since: "2025-07", until: "2026-06" } });
  });
  it("refuses the same milestone twice, months out of order, more than 36 months, a bad month", () => {
    for (const q of ["from=first_reply&to=first_reply", "since=2026-05&until=2026-04", "since=2020-01&until=2026-01", "since=2026-13"]) {
      expect(parseFunnelParams(new URLSearchParams(q), now).success, q).toBe(false);
    }
  });
});
