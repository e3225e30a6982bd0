import { CHANNEL_LABELS } from "@/lib/analytics/funnel-params";
import type { ChannelSignal } from "@/lib/analytics/channel-signals";
import { formatDuration, formatPercent } from "@/lib/analytics/format";

/** Reply rate and median response time per channel we reached out on. */
export function ChannelSignalsTable({ channels, caption }: { channels: ChannelSignal[]; caption: string }) {
  return (
    <table className="w-full text-left text-sm" data-testid="channel-signals">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-slate-600">
        <tr>
          <th scope="col" className="py-1 pr-2">We sent</th>
          <th scope="col" className="py-1 pr-2">Answered</th>
          <th scope="col" className="py-1">Median reply</th>
        </tr>
      </thead>
      <tbody>
        {channels.map((c) => (
          <tr key={c.channel} data-channel={c.channel} className="border-t border-slate-100">
            <th scope="row" className="py-1 pr-2 font-normal">
              {CHANNEL_LABELS[c.channel]} ({c.sent})
            </th>
            <td className="py-1 pr-2">{formatPercent(c.replyRate)}</td>
            <td className="py-1">{formatDuration(c.medianResponseS)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
