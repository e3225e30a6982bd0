import { db } from "@/lib/db/client";
import { personChannelSignals, REPLY_WINDOW_DAYS } from "@/lib/analytics/channel-signals";
import { CHANNEL_LABELS } from "@/lib/analytics/funnel-params";
import { ChannelSignalsTable } from "./channel-signals-table";

/** The person page's box: the channel this person answers on, and how they answer each channel we use. Self-contained (fetches its own data). */
export async function PersonChannelSignals({ personId }: { personId: string }) {
  const s = await personChannelSignals(db, personId);
  return (
    <section className="rounded-xl bg-white p-3 shadow-sm" aria-labelledby="signals-title" data-testid="person-channel-signals">
      <h3 id="signals-title" className="mb-1 font-medium">
        How they answer
      </h3>
      {s.channels.length === 0 ? (
        <p className="text-slate-600">We have not reached out yet.</p>
      ) : (
        <>
          <p className="mb-1">
            Answers on: <strong>{s.answersOn ? CHANNEL_LABELS[s.answersOn] : "no answers yet"}</strong>
          </p>
          <ChannelSignalsTable channels={s.channels} caption={`Answers within ${REPLY_WINDOW_DAYS} days, by the channel we used`} />
        </>
      )}
    </section>
  );
}
