"use client";

import { useEffect, useState } from "react";

export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(h ? 2 : 1, "0");
  const ss = String(s % 60).padStart(2, "0");
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A running mm:ss from `since` (epoch ms); not a live region: it would announce every second. */
export function CallTimer({ since, label = "Call time" }: { since: number; label?: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <span className="font-mono tabular-nums" data-testid="call-timer">
      <span className="sr-only">{label}: </span>
      {formatDuration((now - since) / 1000)}
    </span>
  );
}
