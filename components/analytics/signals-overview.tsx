import type { StoredOverview } from "@/lib/analytics/signals-rollup";
import { REPLY_WINDOW_DAYS } from "@/lib/analytics/channel-signals";
import { CHANNEL_LABELS } from "@/lib/analytics/funnel-params";
import { ChannelSignalsTable } from "./channel-signals-table";

export function SignalsOverviewPanel({ overview }: { overview: StoredOverview }) {
  return (
    <section aria-labelledby="signals-overview-title" className="mt-8">
      <h2 id="signals-overview-title" className="mb-1 text-lg font-semibold">
        Channel signals, last {overview.days} days
      </h2>
      <p className="mb-2 text-sm text-slate-600">Whether people answer what we send within {REPLY_WINDOW_DAYS} days, how fast, and the channel each person answers on most. As of{" "}
        <time dateTime={overview.computedAt.toISOString()}>{overview.computedAt.toISOString().slice(11, 16)} UTC</time> (recomputed every five minutes).
      </p>
      {overview.channels.length === 0 ? (
        <p className="text-sm text-slate-600">Nothing sent in this period.</p>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <ChannelSignalsTable channels={overview.channels} caption="Answers by the channel we used" />
          </div>
          <div className="rounded-xl bg-white p-4 shadow-sm">
            <table className="w-full text-left text-sm" data-testid="answers-on">
              <caption className="sr-only">People by the channel they answer on</caption>
              <thead className="text-slate-600">
                <tr>
                  <th scope="col" className="py-1 pr-2">Answers on</th>
                  <th scope="col" className="py-1">People</th>
                </tr>
              </thead>
              <tbody>
                {overview.answersOn.map((a) => (
                  <tr key={a.channel} data-channel={a.channel} className="border-t border-slate-100">
                    <th scope="row" className="py-1 pr-2 font-normal">{CHANNEL_LABELS[a.channel]}</th>
                    <td className="py-1">{a.people}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
