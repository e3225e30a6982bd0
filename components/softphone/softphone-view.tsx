"use client";

import { CallPanel } from "./call-panel";
import { DemoCallButton } from "./demo-call";
import { Dialer } from "./dialer";
import { ShiftControls } from "./shift-controls";
import { useSoftphone } from "./softphone-provider";
import { WrapUpForm } from "./wrap-up-form";

/** The softphone page: shift, the call (ringing, live, wrap-up) with its screen pop, or the dialler. */
export function SoftphoneView({ staffId, wrapUpTimeoutS, demo, canTriage }: { staffId: string; wrapUpTimeoutS: number; demo: boolean; canTriage: boolean }) {
  const { snapshot, ready } = useSoftphone();
  const v = snapshot.view;
  return (
    <div className="space-y-4" data-testid="softphone" data-view={v.kind} data-ready={ready}>
      <ShiftControls />
      {snapshot.problem && (
        <p role="status" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm" data-testid="softphone-problem">
          {snapshot.problem}
        </p>
      )}
      {(v.kind === "ringing" || v.kind === "connecting" || v.kind === "in_call") && <CallPanel view={v} selfId={staffId} canTriage={canTriage} />}
      {v.kind === "wrap_up" && <WrapUpForm view={v} timeoutS={wrapUpTimeoutS} />}
      {v.kind === "idle" && (
        <>
          <p className="text-sm text-slate-600">Waiting for calls. When one rings you hear it, and the caller&apos;s profile opens here.</p>
          <Dialer />
        </>
      )}
      {v.kind === "off" && <p className="text-sm text-slate-600">Start your shift to take calls: your phone connects, and you are offered calls until you end it.</p>}
      {demo && (v.kind === "idle" || v.kind === "off") && <DemoCallButton />}
    </div>
  );
}
