"use client";

/**
 * The softphone for the whole signed-in app: it lives in the layout, so a call
 * keeps ringing and talking while the staff member moves between pages. One tab
 * owns the phone (tab-owner.ts); the others mirror its snapshot and forward clicks.
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { useRealtime, useRealtimeBinding } from "@/components/realtime/use-realtime";
import { softphoneLive, softphoneQueries } from "./queries";
import { softphoneApi } from "./api";
import { SoftphoneController } from "./controller";
import { INITIAL, type Action, type Snapshot } from "./controller-types";
import { BrowserRingAlert } from "./ring-alert";
import { tabLink, whenOwner, type TabLink } from "./tab-owner";

export interface SoftphoneSettings {
  heartbeatIntervalS: number;
  wrapUpTimeoutS: number;
  /** the person was on shift when the page loaded (their presence is not offline): resume it */
  onShift: boolean;
}

/** ready: this tab has decided whether it owns the phone (and resumed a shift if it was on one) */
type Ctx = { snapshot: Snapshot; ready: boolean; act: (a: Action) => void; callUpdated: (u: { callId: string; state: string; personAnswered?: boolean }) => void };
const SoftphoneContext = createContext<Ctx | null>(null);

declare global {
  interface Window {
    /** timing marks for the ring benchmark and the browser tests */
    __softphoneMarks?: { what: string; callId: string; at: number }[];
  }
}

function mark(what: string, callId: string): void {
  (window.__softphoneMarks ??= []).push({ what, callId, at: performance.timeOrigin + performance.now() });
}

export function SoftphoneProvider({ settings, children }: { settings: SoftphoneSettings; children: React.ReactNode }) {
  const [snapshot, setSnapshot] = useState<Snapshot>(INITIAL);
  const [ready, setReady] = useState(false);
  const controller = useRef<SoftphoneController | null>(null);
  const alert = useRef<BrowserRingAlert | null>(null);
  const link = useRef<TabLink | null>(null);
  useRealtimeBinding(softphoneLive);
  const queryClient = useQueryClient();
  useRealtime("call.updated", (u) => controller.current?.callUpdated(u));

  useEffect(() => {
    alert.current = new BrowserRingAlert();
    link.current = tabLink({
      onSnapshot: (s) => !controller.current && setSnapshot({ ...s, owner: false }),
      onAction: (a) => void controller.current?.act(a),
      onHello: () => controller.current && link.current?.publish(controller.current.snapshot()),
    });
    const release = whenOwner(() => {
      const c = new SoftphoneController({
        api: softphoneApi,
        alert: alert.current as BrowserRingAlert,
        heartbeatMs: settings.heartbeatIntervalS * 1000,
        wrapUpMs: settings.wrapUpTimeoutS * 1000,
        mark,
        prefetch: (callId) => void queryClient.prefetchQuery(softphoneQueries.pop(callId)),
      });
      controller.current = c;
      c.subscribe((s) => {
        setSnapshot(s);
        link.current?.publish(s);
      });
      setSnapshot(c.snapshot());
      if (settings.onShift) void c.act({ type: "start_shift" });
      setReady(true);
    });
    // a tab that does not get the phone mirrors the one that has it
    const mirror = setTimeout(() => setReady(true), 500);
    const leave = () => controller.current?.dispose();
    window.addEventListener("pagehide", leave);
    // a shift resumed on page load had no click yet: the first one lets the ringtone play
    const prime = () => alert.current?.prime();
    window.addEventListener("pointerdown", prime, { once: true });
    return () => {
      window.removeEventListener("pagehide", leave);
      window.removeEventListener("pointerdown", prime);
      clearTimeout(mirror);
      leave();
      controller.current = null;
      release();
      link.current?.close();
    };
  }, [settings.heartbeatIntervalS, settings.wrapUpTimeoutS, settings.onShift, queryClient]);

  const value = useMemo<Ctx>(
    () => ({
      snapshot,
      ready,
      act: (a) => {
        // the click that starts a shift is the gesture that lets this page play the ringtone
        if (a.type === "start_shift") alert.current?.prime();
        if (controller.current) void controller.current.act(a);
        else link.current?.send(a);
      },
      callUpdated: (u) => controller.current?.callUpdated(u),
    }),
    [snapshot, ready],
  );
  return <SoftphoneContext.Provider value={value}>{children}</SoftphoneContext.Provider>;
}

export function useSoftphone(): Ctx {
  const ctx = useContext(SoftphoneContext);
  if (!ctx) throw new Error("useSoftphone outside SoftphoneProvider");
  return ctx;
}

/** For pages that may render outside a staff layout (no softphone there). */
export function useOptionalSoftphone(): Ctx | null {
  return useContext(SoftphoneContext);
}
