"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { CallTimer } from "./call-timer";
import type { View } from "./controller-types";
import { Keypad } from "./keypad";
import { softphoneQueries } from "./queries";
import { ScreenPopPanel } from "./screen-pop";
import { SmsThread } from "./sms-thread";
import { useSoftphone } from "./softphone-provider";
import { TransferMenu } from "./transfer-menu";

type Live = Extract<View, { kind: "ringing" | "connecting" | "in_call" }>;

const btn = "rounded-md px-4 py-2 text-sm font-semibold";

/** A call that rings or is live: who it is, and everything staff can do with it. */
export function CallPanel({ view, selfId, canTriage }: { view: Live; selfId: string | null; canTriage: boolean }) {
  const { act } = useSoftphone();
  const accept = useRef<HTMLButtonElement>(null);
  const [keypad, setKeypad] = useState(false);
  const pop = useQuery(softphoneQueries.pop(view.callId));
  const person = pop.data?.people.length === 1 ? pop.data.people[0] : undefined;
  // the call's other party (a transferred outbound call's leg comes from our own number)
  const other = pop.data?.number ?? view.from;
  useEffect(() => {
    if (view.kind === "ringing") accept.current?.focus(); // the ring takes the focus: Enter answers
  }, [view.kind, view.callId]);

  return (
    <div className="space-y-4">
      <section aria-label="Call" className="rounded-lg border border-slate-200 bg-white p-4" data-testid="call-panel" data-state={view.kind}>
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">
            {view.kind === "ringing" && <>Incoming call from {other}</>}
            {view.kind === "connecting" && <>Calling {other}…</>}
            {view.kind === "in_call" && (
              <>
                On a call with {other} · <CallTimer since={view.answeredAt} />
              </>
            )}
          </h2>
          <div className="flex flex-wrap gap-2">
            {view.kind === "ringing" ? (
              <>
                <button ref={accept} type="button" onClick={() => act({ type: "accept" })} className={`${btn} bg-emerald-700 text-white hover:bg-emerald-800`} aria-keyshortcuts="Alt+A">
                  Accept
                </button>
                <button type="button" onClick={() => act({ type: "reject" })} className={`${btn} bg-red-600 text-white hover:bg-red-700`} aria-keyshortcuts="Alt+H">
                  Decline
                </button>
              </>
            ) : (
              <>
                {view.kind === "in_call" && (
                  <>
                    <button type="button" aria-pressed={view.muted} onClick={() => act({ type: "mute", muted: !view.muted })} className={`${btn} border border-slate-300`} aria-keyshortcuts="Alt+M">
                      {view.muted ? "Unmute" : "Mute"}
                    </button>
                    <button type="button" aria-pressed={view.held} onClick={() => act({ type: "hold", held: !view.held })} className={`${btn} border border-slate-300`}>
                      {view.held ? "Resume" : "Hold"}
                    </button>
                    <button type="button" aria-expanded={keypad} onClick={() => setKeypad(!keypad)} className={`${btn} border border-slate-300`}>
                      Keypad
                    </button>
                  </>
                )}
                <button type="button" onClick={() => act({ type: "hangup" })} className={`${btn} bg-red-600 text-white hover:bg-red-700`} aria-keyshortcuts="Alt+H">
                  Hang up
                </button>
              </>
            )}
          </div>
        </div>
        {view.kind === "in_call" && keypad && (
          <div className="mt-4">
            <Keypad sent={view.digits} onDigit={(d) => act({ type: "digits", digits: d })} />
          </div>
        )}
        {view.kind === "in_call" && (
          <div className="mt-4 flex flex-wrap items-start gap-3">
            {view.warmTransfer ? (
              <p className="flex items-center gap-3 text-sm">
                Your colleague is being connected; talk to them, then
                <button type="button" onClick={() => act({ type: "handover" })} className="rounded-md bg-brand-600 px-3 py-1.5 font-semibold text-white hover:bg-brand-700">
                  Hand over to your colleague
                </button>
              </p>
            ) : (
              <TransferMenu selfId={selfId} onTransfer={(toStaffId, mode) => act({ type: "transfer", toStaffId, mode })} />
            )}
          </div>
        )}
      </section>
      <ScreenPopPanel callId={view.callId} number={other} canTriage={canTriage} />
      {view.kind === "in_call" && person && <SmsThread personId={person.id} name={person.name} />}
    </div>
  );
}
