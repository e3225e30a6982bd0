/**
 * What the Twilio phone needs to know about its page: it is going away
 * (`pagehide`), or it wakes up after being frozen in the background. A frozen
 * tab's registration goes stale silently: no event fires while the page is
 * frozen and the Device still says "registered" (twilio/twilio-voice.js#444), so
 * the phone re-registers on waking. Waking is seen three ways, at most once per
 * `frozenMs`: Chrome's `resume` (Page Lifecycle API), a tick that comes far too
 * late (timers stop while frozen or asleep), or the tab shown after being hidden
 * that long.
 */
export interface PageHandlers {
  /** persisted: the page goes into the back/forward cache and may come back */
  onHide(persisted: boolean): void;
  onWake(): void;
}

export interface PageLifecycle {
  /** returns the function that stops watching */
  watch(h: PageHandlers): () => void;
}

export function browserPage(opts: { tickMs?: number; frozenMs?: number } = {}): PageLifecycle {
  const tickMs = opts.tickMs ?? 5_000;
  const frozenMs = opts.frozenMs ?? 30_000;
  return {
    watch(h) {
      if (typeof window === "undefined" || typeof document === "undefined") return () => {};
      let lastWake = 0;
      const wake = () => {
        if (Date.now() - lastWake < frozenMs) return;
        lastWake = Date.now();
        h.onWake();
      };
      const hide = (e: PageTransitionEvent) => h.onHide(e.persisted);
      let last = Date.now();
      const tick = setInterval(() => {
        if (Date.now() - last > tickMs + frozenMs) wake();
        last = Date.now();
      }, tickMs);
      let hiddenAt = 0;
      const visibility = () => {
        if (document.visibilityState === "hidden") hiddenAt = Date.now();
        else if (hiddenAt && Date.now() - hiddenAt > frozenMs) wake();
      };
      window.addEventListener("pagehide", hide);
      document.addEventListener("resume", wake);
      document.addEventListener("visibilitychange", visibility);
      return () => {
        clearInterval(tick);
        window.removeEventListener("pagehide", hide);
        document.removeEventListener("resume", wake);
        document.removeEventListener("visibilitychange", visibility);
      };
    },
  };
}
