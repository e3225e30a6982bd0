"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect } from "react";
import { CallTimer } from "./call-timer";
import { useSoftphone } from "./softphone-provider";

/**
 * On every page: the ring and the live call, so staff can answer wherever they
 * are; keyboard shortcuts (Alt+A answer, Alt+H hang up or decline, Alt+M mute);
 * and an assertive live region that says a call is ringing.
 */
export function CallBar() {
  const { snapshot, act } = useSoftphone();
  const pathname = usePathname();
  const v = snapshot.view;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const key = e.key.toLowerCase();
      if (key === "a" && v.kind === "ringing") act({ type: "accept" });
      else if (key === "h" && v.kind === "ringing") act({ type: "reject" });
      else if (key === "h" && (v.kind === "in_call" || v.kind === "connecting")) act({ type: "hangup" });
      else if (key === "m" && v.kind === "in_call") act({ type: "mute", muted: !v.muted });
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [v, act]);

  const announce = v.kind === "ringing" ? `Incoming call from ${v.from}` : v.kind === "in_call" ? `Call with ${v.from} connected` : "";
  const onSoftphone = pathname === "/softphone";
  return (
    <>
      <div role="alert" aria-live="assertive" className="sr-only" data-testid="call-announcer">
        {announce}
      </div>
      {!onSoftphone && (v.kind === "ringing" || v.kind === "in_call" || v.kind === "connecting" || v.kind === "wrap_up") && (
        <div className="mb-4 flex flex-wrap items-center gap-3 rounded-lg border border-brand-600 bg-brand-50 px-4 py-2 text-sm" data-testid="call-bar">
          <span className="min-w-0 flex-1 truncate font-medium">
            {v.kind === "ringing" && `Incoming call from ${v.from}`}
            {v.kind === "connecting" && `Calling ${v.from}…`}
            {v.kind === "in_call" && (
              <>
                On a call with {v.from} · <CallTimer since={v.answeredAt} />
              </>
            )}
            {v.kind === "wrap_up" && `Wrap up your call with ${v.from}`}
          </span>
          {v.kind === "ringing" && (
            <>
              <button type="button" onClick={() => act({ type: "accept" })} className="rounded-md bg-emerald-700 px-3 py-1 font-semibold text-white">
                Accept
              </button>
              <button type="button" onClick={() => act({ type: "reject" })} className="rounded-md bg-red-600 px-3 py-1 font-semibold text-white">
                Decline
              </button>
            </>
          )}
          {(v.kind === "in_call" || v.kind === "connecting") && (
            <button type="button" onClick={() => act({ type: "hangup" })} className="rounded-md bg-red-600 px-3 py-1 font-semibold text-white">
              Hang up
            </button>
          )}
          <Link href="/softphone" className="underline">
            Open softphone
          </Link>
        </div>
      )}
    </>
  );
}
