"use client";

import { useQuery } from "@tanstack/react-query";
import { isFinalSmsStatus, smsStatusRank } from "@/lib/interactions/sms-statuses";
import { personQueries } from "./queries";

const LABEL: Record<string, string> = {
  pending: "Pending",
  scheduled: "Scheduled",
  accepted: "Queued",
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  partially_delivered: "Partly delivered",
  read: "Read",
  undelivered: "Not delivered",
  failed: "Failed",
  canceled: "Canceled",
};

const TONE: Record<string, string> = { delivered: "text-emerald-700", read: "text-emerald-700", undelivered: "text-red-700", failed: "text-red-700", canceled: "text-red-700" };

/** Polls while the page is open, for ten minutes at most. */
const MAX_POLLS = 600;

type Delivery = { status: string; error: string | null };

/**
 * An outbound SMS's delivery status, following it (every second) until it is final. A live
 * region, so a screen reader hears "Delivered" or "Failed" as it happens.
 */
export function SmsDelivery({ personId, interactionId, initial }: { personId: string; interactionId: string; initial: Delivery & { watch: boolean } }) {
  const { data } = useQuery({
    ...personQueries.outboundSms(personId, interactionId),
    enabled: initial.watch,
    refetchInterval: (q) => (isFinalSmsStatus(q.state.data?.status ?? null) || q.state.dataUpdateCount >= MAX_POLLS ? false : 1_000),
  });
  // Statuses only move forward: the later of what the page was rendered with and what was fetched.
  const shown: Delivery = data && smsStatusRank(data.status) > smsStatusRank(initial.status) ? data : initial;
  return (
    <p role="status" data-delivery={shown.status} className={`mt-1 text-xs ${TONE[shown.status] ?? "text-slate-500"}`}>
      <span className="sr-only">Delivery: </span>
      {LABEL[shown.status] ?? shown.status}
      {shown.error ? ` · ${shown.error}` : ""}
    </p>
  );
}
