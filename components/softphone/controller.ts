/**
 * The softphone's brain, in the tab that owns the phone: it turns the person's
 * actions and the phone's events into one Snapshot (controller-types.ts). No React
 * and no DOM here (the ring alert and the HTTP calls are passed in), so it runs in
 * tests with a fake phone. Everything it does to a call goes through the Phone
 * interface (the SDK's shape) or our call API; it never knows which phone it has.
 */
import { staffLegParams } from "@/lib/calls/client-identity";
import type { Phone, PhoneCall } from "./phone/types";
import { INITIAL, type Action, type CallView, type Snapshot, type View } from "./controller-types";

export interface SoftphoneApi {
  openPhone(): Promise<Phone>;
  heartbeat(registered: boolean): Promise<void>;
  presence(presence: "available" | "away" | "offline"): Promise<void>;
  command(callId: string, command: "hold" | "transfer" | "handover" | "hangup", body: object): Promise<void>;
  dial(to: string, personId?: string): Promise<{ callId: string }>;
  wrapUp(callId: string, note: string, outcome: string | null): Promise<void>;
}

export interface RingAlert {
  start(call: CallView): void;
  stop(): void;
}

export interface ControllerDeps {
  api: SoftphoneApi;
  alert: RingAlert;
  heartbeatMs: number;
  /** 0: no wrap-up */
  wrapUpMs: number;
  now?: () => number;
  /** timing marks (the ring benchmark reads them) */
  mark?: (what: "ring", callId: string) => void;
  /** a call is about to ring here: start loading what the screen pop shows */
  prefetch?: (callId: string) => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class SoftphoneController {
  private snap: Snapshot = { ...INITIAL, owner: true };
  private readonly listeners = new Set<(s: Snapshot) => void>();
  private phone: Phone | null = null;
  private call: PhoneCall | null = null;
  private beat: ReturnType<typeof setInterval> | null = null;
  private wrapTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly now: () => number;

  constructor(private readonly deps: ControllerDeps) {
    this.now = deps.now ?? Date.now;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  subscribe(listener: (s: Snapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<Snapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of this.listeners) l(this.snap);
  }

  private view(view: View, problem: string | null = this.snap.problem): void {
    this.set({ view, problem });
  }

  private callView(): CallView | null {
    const v = this.snap.view;
    return v.kind === "ringing" || v.kind === "connecting" || v.kind === "in_call" || v.kind === "wrap_up" ? v : null;
  }

  async act(a: Action): Promise<void> {
    try {
      await this.perform(a);
    } catch (e) {
      this.set({ problem: message(e) });
    }
  }

  private async perform(a: Action): Promise<void> {
    const cv = this.callView();
    switch (a.type) {
      case "start_shift":
        return this.startShift();
      case "end_shift":
        return this.endShift();
      case "accept":
        if (this.snap.view.kind === "ringing") this.call?.accept();
        return;
      case "reject":
        if (this.snap.view.kind === "ringing") this.call?.reject();
        return;
      case "hangup":
        if (this.call && this.call.status() !== "closed") this.call.disconnect();
        else if (cv && this.snap.view.kind !== "wrap_up") await this.deps.api.command(cv.callId, "hangup", {});
        return;
      case "mute":
        this.call?.mute(a.muted);
        return;
      case "hold":
        if (this.snap.view.kind !== "in_call" || !cv) return;
        await this.deps.api.command(cv.callId, "hold", { party: "caller", hold: a.held });
        if (this.snap.view.kind === "in_call") this.view({ ...this.snap.view, held: a.held });
        return;
      case "digits":
        if (this.snap.view.kind !== "in_call") return;
        this.call?.sendDigits(a.digits);
        this.view({ ...this.snap.view, digits: (this.snap.view.digits + a.digits).slice(-24) });
        return;
      case "transfer":
        if (!cv) return;
        await this.deps.api.command(cv.callId, "transfer", { toStaffId: a.toStaffId, mode: a.mode });
        if (a.mode === "warm" && this.snap.view.kind === "in_call") this.view({ ...this.snap.view, warmTransfer: true });
        return;
      case "handover":
        if (cv) await this.deps.api.command(cv.callId, "handover", {});
        return;
      case "dial": {
        if (this.snap.view.kind !== "idle") throw new Error("finish the current call first");
        this.set({ problem: null });
        const { callId } = await this.deps.api.dial(a.to, a.personId);
        // our own leg rings this phone next, marked to be answered at once (see onIncoming)
        this.view({ kind: "connecting", callId, from: a.to, direction: "outbound", since: this.now() });
        return;
      }
      case "finish_wrap_up":
        if (this.snap.view.kind !== "wrap_up") return;
        await this.deps.api.wrapUp(this.snap.view.callId, a.note, a.outcome);
        return this.toIdle();
      case "skip_wrap_up":
        if (this.snap.view.kind !== "wrap_up") return;
        await this.deps.api.presence("available");
        return this.toIdle();
      default: {
        const never: never = a;
        return never;
      }
    }
  }

  private async startShift(): Promise<void> {
    if (this.snap.view.kind !== "off") return;
    this.view({ kind: "starting" }, null);
    try {
      const phone = await this.deps.api.openPhone();
      this.attach(phone);
      await phone.register();
      await this.deps.api.heartbeat(true);
      await this.deps.api.presence("available");
      this.beat = setInterval(() => void this.deps.api.heartbeat(this.phone?.state === "registered").catch(() => {}), this.deps.heartbeatMs);
      this.view({ kind: "idle" }, null);
    } catch (e) {
      this.teardown();
      this.view({ kind: "off" }, `could not start the phone: ${message(e)}`);
    }
  }

  private async endShift(): Promise<void> {
    if (this.call && this.call.status() !== "closed") throw new Error("hang up first");
    this.teardown();
    this.view({ kind: "off" }, null);
    await this.deps.api.presence("offline").catch(() => {});
    await this.deps.api.heartbeat(false).catch(() => {});
  }

  /** The page is going away: let go of the phone (the server stops ringing it when its heartbeat lapses). */
  dispose(): void {
    this.teardown();
    this.listeners.clear();
  }

  private teardown(): void {
    if (this.beat) clearInterval(this.beat);
    if (this.wrapTimer) clearTimeout(this.wrapTimer);
    this.beat = this.wrapTimer = null;
    this.deps.alert.stop();
    this.phone?.destroy();
    this.phone = this.call = null;
    this.set({ registered: false });
  }

  private attach(phone: Phone): void {
    this.phone = phone;
    phone.on("registered", () => {
      this.set({ registered: true });
      void this.deps.api.heartbeat(true).catch(() => {});
    });
    phone.on("unregistered", () => {
      this.set({ registered: false });
      void this.deps.api.heartbeat(false).catch(() => {});
    });
    phone.on("error", (e) => this.set({ problem: `${e.message} (${e.code})` }));
    phone.on("incoming", (call) => this.onIncoming(call));
  }

  private onIncoming(call: PhoneCall): void {
    const leg = staffLegParams(call.customParameters);
    const callId = leg?.callId ?? "";
    const view = this.snap.view;
    // the leg the engine rings us on for a call we placed: answered here at once
    const ownOutbound = view.kind === "connecting" && leg?.autoAnswer === true && leg.callId === view.callId;
    if (!ownOutbound && view.kind !== "idle") {
      call.reject(); // busy with another call: routing moves on to someone else
      return;
    }
    this.call = call;
    if (callId && !ownOutbound) this.deps.prefetch?.(callId);
    const cv: CallView = {
      callId,
      from: call.parameters.From ?? "unknown",
      direction: leg?.direction ?? "inbound",
      since: this.now(),
    };
    call.on("accept", () => {
      this.deps.alert.stop();
      const v = this.snap.view;
      if (v.kind === "connecting") return; // our own outbound leg: in call once the person answers
      this.view({ kind: "in_call", ...cv, answeredAt: this.now(), muted: call.isMuted(), held: false, digits: "", warmTransfer: false }, null);
    });
    call.on("mute", (muted) => {
      if (this.snap.view.kind === "in_call") this.view({ ...this.snap.view, muted });
    });
    const gone = (why: string | null) => () => {
      this.deps.alert.stop();
      if (this.call === call) this.call = null;
      const v = this.snap.view;
      if (v.kind === "in_call" && this.deps.wrapUpMs > 0) return this.toWrapUp(v);
      if (v.kind === "ringing" || v.kind === "connecting" || v.kind === "in_call") this.view({ kind: "idle" }, why);
    };
    call.on("cancel", gone(`missed: ${cv.from} (hung up, or answered elsewhere)`));
    call.on("reject", gone(null));
    call.on("disconnect", gone(null));
    call.on("error", (e) => this.set({ problem: `${e.message} (${e.code})` }));
    if (ownOutbound) {
      call.accept();
      return;
    }
    this.view({ kind: "ringing", ...cv }, null);
    this.deps.mark?.("ring", callId);
    this.deps.alert.start(cv);
  }

  /** Server news about a call (realtime): an outbound call is in call once the person answered; a call ended elsewhere. */
  callUpdated(u: { callId: string; state: string; personAnswered?: boolean }): void {
    const v = this.snap.view;
    if (v.kind === "connecting" && v.callId === u.callId && u.personAnswered) {
      this.view({ ...v, kind: "in_call", answeredAt: this.now(), muted: this.call?.isMuted() ?? false, held: false, digits: "", warmTransfer: false });
    } else if (v.kind === "connecting" && v.callId === u.callId && (u.state === "completed" || u.state === "failed")) {
      this.call?.disconnect();
      this.view({ kind: "idle" }, "the call did not connect");
    }
  }

  private toWrapUp(v: Extract<View, { kind: "in_call" }>): void {
    const endedAt = this.now();
    this.view({ kind: "wrap_up", callId: v.callId, from: v.from, direction: v.direction, since: v.since, endedAt, talkedS: Math.round((endedAt - v.answeredAt) / 1000) });
    this.wrapTimer = setTimeout(() => {
      if (this.snap.view.kind === "wrap_up" && this.snap.view.endedAt === endedAt) this.toIdle();
    }, this.deps.wrapUpMs);
  }

  private toIdle(): void {
    if (this.wrapTimer) clearTimeout(this.wrapTimer);
    this.wrapTimer = null;
    this.view({ kind: this.phone ? "idle" : "off" }, null);
  }
}
