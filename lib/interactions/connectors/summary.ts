// One-line summaries for the timeline.

export function truncate(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** 192 → "3m 12s"; 45 → "45s". */
export function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m}m ${s}s` : `${s}s`;
}

export function callSummary(direction: "inbound" | "outbound", outcome: string, durationSeconds: number | null): string {
  const what = `${direction === "inbound" ? "Inbound" : "Outbound"} call, ${outcome.replace(/_/g, " ")}`;
  return durationSeconds ? `${what}, ${formatDuration(durationSeconds)}` : what;
}

/** Unix seconds (possibly fractional) → Date; null for absent or nonsense values. */
export function fromUnixSeconds(value: number | null | undefined): Date | null {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? new Date(Math.round(value * 1000)) : null;
}
