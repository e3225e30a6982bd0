/**
 * A ring nobody can miss, played by us (not the phone SDK), so it stops the
 * instant the call is answered, declined or taken elsewhere: our ringtone on a
 * loop, the tab title and favicon switching, and a desktop notification when
 * permitted (shown in a background tab too). `prime()` runs inside the Start shift
 * click: the user gesture browsers require before a page may play sound.
 */
import type { CallView } from "./controller-types";
import type { RingAlert } from "./controller";

const RINGTONE = "/sounds/ringtone.wav";
const ICON = "/favicon.svg";
const RINGING_ICON = "/favicon-ringing.svg";

export class BrowserRingAlert implements RingAlert {
  private audio: HTMLAudioElement | null = null;
  private flash: ReturnType<typeof setInterval> | null = null;
  private notification: Notification | null = null;
  private title = "";

  /** In the click that starts the shift: unlock audio, and ask once for notifications. */
  prime(): void {
    this.audio ??= Object.assign(new Audio(RINGTONE), { loop: true, preload: "auto" });
    const a = this.audio;
    a.muted = true;
    void a.play().then(() => {
      a.pause();
      a.currentTime = 0;
      a.muted = false;
    }).catch(() => {
      a.muted = false;
    });
    if (typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission().catch(() => {});
  }

  start(call: CallView): void {
    this.stop();
    this.audio ??= Object.assign(new Audio(RINGTONE), { loop: true });
    this.audio.currentTime = 0;
    void this.audio.play().catch(() => {}); // no gesture yet: the title, icon and notification still ring
    document.documentElement.dataset.ringtone = "playing";
    this.title = document.title;
    const ringing = `📞 Call from ${call.from}`;
    let on = false;
    document.title = ringing;
    setIcon(RINGING_ICON);
    this.flash = setInterval(() => {
      on = !on;
      document.title = on ? "☎ Ringing…" : ringing;
      setIcon(on ? ICON : RINGING_ICON);
    }, 800);
    if (typeof Notification !== "undefined" && Notification.permission === "granted") {
      this.notification = new Notification("Incoming call", { body: call.from, tag: `call-${call.callId}`, requireInteraction: true });
      this.notification.onclick = () => {
        window.focus();
        this.notification?.close();
      };
    }
  }

  stop(): void {
    if (this.audio && !this.audio.paused) this.audio.pause();
    delete document.documentElement.dataset.ringtone;
    if (this.flash) {
      clearInterval(this.flash);
      this.flash = null;
      document.title = this.title;
      setIcon(ICON);
    }
    this.notification?.close();
    this.notification = null;
  }
}

function setIcon(href: string): void {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = Object.assign(document.createElement("link"), { rel: "icon", type: "image/svg+xml" });
    document.head.append(link);
  }
  link.href = href;
}
