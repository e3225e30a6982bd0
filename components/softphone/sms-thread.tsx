"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { SmsComposer } from "@/components/person/sms-composer";
import { softphoneQueries } from "./queries";

/** The caller's texts beside the call, and a composer to send one. */
export function SmsThread({ personId, name }: { personId: string; name: string }) {
  const qc = useQueryClient();
  const thread = useQuery(softphoneQueries.sms(personId));
  return (
    <section aria-label={`Text messages with ${name}`} className="rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="text-sm font-semibold">Texts with {name}</h3>
      <ol className="mt-2 max-h-56 space-y-1 overflow-y-auto text-sm" data-testid="sms-thread">
        {(thread.data ?? []).map((m) => (
          <li key={m.id} className={m.direction === "outbound" ? "text-right" : ""}>
            <span className={`inline-block max-w-[85%] break-words rounded-lg px-2 py-1 ${m.direction === "outbound" ? "bg-brand-50" : "bg-slate-100"}`}>{m.body}</span>
            <span className="block text-xs text-slate-500">
              {new Date(m.at).toLocaleString()}
              {m.status ? ` · ${m.status}` : ""}
            </span>
          </li>
        ))}
        {thread.data?.length === 0 && <li className="text-slate-500">No texts yet.</li>}
      </ol>
      <SmsComposer personId={personId} onSent={() => void qc.invalidateQueries({ queryKey: softphoneQueries.sms(personId).queryKey })} />
    </section>
  );
}
