/** Seconds as people read them: "45 s", "12 min", "3.5 h", "2.1 d"; null as an en dash. */
export function formatDuration(s: number | null): string {
  if (s === null) return "–";
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86_400) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

export function formatPercent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
