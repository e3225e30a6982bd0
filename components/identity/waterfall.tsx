import type { EdgeEvidence } from "@/lib/identity/db/audit-evidence";
import { waterfallSteps } from "@/lib/people/waterfall";

const pct = (p: number) => `${(p * 100).toFixed(p > 0.999 || p < 0.001 ? 2 : 1)}%`;

/**
 * One pair's evidence as a waterfall of per-field weights (bits of evidence): each bar runs
 * from the running total before the field to after it, green for evidence for, red against,
 * ending at the total and its match probability. Drawn with plain elements, so the numbers
 * are text a screen reader reads in order.
 */
export function Waterfall({ edge, title }: { edge: EdgeEvidence; title?: string }) {
  const { steps, min, max } = waterfallSteps(edge);
  const span = max - min || 1;
  const x = (v: number) => ((v - min) / span) * 100;
  return (
    <figure className="text-xs" data-testid="waterfall">
      <figcaption className="mb-1 font-medium text-slate-700">
        {title ?? `${edge.a} ↔ ${edge.b}`}: match probability <span data-testid="waterfall-probability">{pct(edge.probability)}</span> (total {edge.total.toFixed(2)})
      </figcaption>
      <ol className="space-y-0.5">
        {steps.map((s, i) => {
          const left = x(Math.min(s.from, s.to));
          const width = Math.max(Math.abs(x(s.to) - x(s.from)), 0.5);
          const colour = s.kind === "total" ? "bg-slate-700" : s.kind === "prior" ? "bg-slate-400" : s.weight >= 0 ? "bg-emerald-600" : "bg-red-600";
          return (
            <li key={i} className="grid grid-cols-[9rem_4rem_minmax(0,1fr)] items-center gap-2">
              <span className="truncate text-slate-700">
                {s.label}
                {s.level && <span className="text-slate-600"> ({s.level})</span>}
              </span>
              <span className="text-right font-mono text-slate-800">{s.kind === "field" && s.weight > 0 ? "+" : ""}{s.weight.toFixed(2)}</span>
              <span className="relative h-3 rounded bg-slate-100" aria-hidden>
                <span className={`absolute top-0 h-3 rounded ${colour}`} style={{ left: `${left}%`, width: `${width}%` }} />
                <span className="absolute top-0 h-3 w-px bg-slate-500" style={{ left: `${x(0)}%` }} />
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
