"use client";

import { useId, useState } from "react";
import type { TimelineItem } from "@/lib/people/timeline";
import type { CallMediaItem } from "@/lib/people/timeline-hydrate";
import { SmsDelivery } from "./sms-delivery";

const LABEL: Record<TimelineItem["kind"], string> = {
  call: "Call",
  sms: "SMS",
  whatsapp: "WhatsApp",
  email: "Email",
  in_app: "In-app message",
  order: "Order",
  booking: "Booking",
  appointment: "Appointment",
  merge: "Merge",
  decision: "Ops decision",
};

const when = (iso: string) => new Date(iso).toLocaleString("en-AU", { dateStyle: "medium", timeStyle: "short" });

/** One line of the timeline (kind, direction, staff, time, summary); the button expands its detail. */
export function TimelineEntry({ personId, item }: { personId: string; item: TimelineItem }) {
  const [open, setOpen] = useState(false);
  const detailId = useId();
  return (
    <li className="rounded-xl bg-white shadow-sm" data-kind={item.kind}>
      <button type="button" aria-expanded={open} aria-controls={detailId} onClick={() => setOpen((o) => !o)} className="block w-full p-3 text-left">
        <span className="flex items-center justify-between text-xs text-slate-600">
          <span>
            {LABEL[item.kind]}
            {item.direction && ` · ${item.direction}`}
            {item.staff && ` · ${item.staff}`}
          </span>
          <time dateTime={item.at}>{when(item.at)}</time>
        </span>
        <span className="mt-1 block text-sm">{item.summary}</span>
      </button>
      {open && (
        <div id={detailId} className="border-t border-slate-100 p-3 text-sm" data-testid="timeline-detail">
          <Detail personId={personId} item={item} />
        </div>
      )}
      {!open && item.detail.kind === "sms" && item.detail.delivery && <div className="px-3 pb-2"><SmsDelivery personId={personId} interactionId={item.id} initial={item.detail.delivery} /></div>}
    </li>
  );
}

const MEDIA_NAME: Record<CallMediaItem["kind"], string> = { recording: "Call recording", voicemail: "Voicemail" };

/** A player for our copy (or Twilio's, streamed through us); a link to the vendor's page when we hold no copy. */
function CallMedia({ personId, interactionId, media }: { personId: string; interactionId: string; media: CallMediaItem }) {
  const name = MEDIA_NAME[media.kind];
  const src = media.from === "twilio" ? `/api/people/${personId}/recordings/${interactionId}` : `/api/media/calls/${interactionId}/${media.kind}`;
  if (media.from === "vendor") {
    return (
      <p className="mt-2 text-xs text-slate-600" data-testid="call-media-link">
        {name}: not copied to Switchboard.{" "}
        <a className="underline" href={src} target="_blank" rel="noreferrer">
          Open it at the vendor
        </a>
      </p>
    );
  }
  return (
    <figure className="mt-2">
      <figcaption className="text-xs text-slate-600">{name}</figcaption>
      <audio controls preload="none" src={src} className="w-full" aria-label={name} data-testid="call-media-player">
        <a href={src}>Download the {name.toLowerCase()}</a>
      </audio>
    </figure>
  );
}

function Detail({ personId, item }: { personId: string; item: TimelineItem }) {
  const d = item.detail;
  switch (d.kind) {
    case "sms":
      return (
        <>
          <p className="whitespace-pre-wrap">{d.body}</p>
          {d.delivery && <SmsDelivery personId={personId} interactionId={item.id} initial={d.delivery} />}
        </>
      );
    case "email":
      return (
        <p>
          Subject: <span className="font-medium">{d.subject}</span>
          {d.threadId && <span className="block text-xs text-slate-600">Thread {d.threadId}</span>}
        </p>
      );
    case "in_app":
      return <p className="whitespace-pre-wrap">{d.body}</p>;
    case "call":
      return (
        <>
          <p>
            {d.outcome.replaceAll("_", " ")}
            {d.durationSeconds != null && ` · ${Math.floor(d.durationSeconds / 60)} min ${d.durationSeconds % 60} s`}
          </p>
          {d.media.map((m) => (
            <CallMedia key={m.kind} personId={personId} interactionId={item.id} media={m} />
          ))}
          {d.wrapUp && (d.wrapUp.note || d.wrapUp.outcome) && (
            <p className="mt-2 border-l-2 border-slate-300 pl-2" data-testid="wrap-up-note">
              {d.wrapUp.outcome && <span className="mr-1 rounded bg-slate-100 px-1 text-xs">{d.wrapUp.outcome.replaceAll("_", " ")}</span>}
              {d.wrapUp.note}
            </p>
          )}
        </>
      );
    case "order":
      return <p>{`${(d.totalCents / 100).toFixed(2)} ${d.currency} · ${d.status}`}</p>;
    case "booking":
    case "appointment":
      return <p>{`${d.service} · ${d.status}`}</p>;
    case "merge":
      return (
        <p>
          {d.action} by {d.actor}
          {d.reason && ` · ${d.reason}`} · <a className="underline" href={`#merge-${d.auditId}`}>evidence</a>
        </p>
      );
    case "decision":
      return <p>{`${d.action} ${d.contact} by ${d.by}${d.undone ? " (undone)" : ""}`}</p>;
  }
}
