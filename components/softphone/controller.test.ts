import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from "vitest";
import type { CallView } from "./controller-types";
import { Emitter } from "./phone/emitter";
import type { Phone, PhoneCall, PhoneCallEvents, PhoneCallStatus, PhoneEvents, PhoneState } from "./phone/types";
import { SoftphoneController, type SoftphoneApi } from "./controller";

class FakeCall extends Emitter<PhoneCallEvents> implements PhoneCall {
  readonly parameters: Record<string, string>;
  readonly customParameters: Map<string, string>;
  private state: PhoneCallStatus = "pending";
  private muted = false;
  digits = "";
  constructor(from: string, custom: Record<string, string>) {
    super();
    this.parameters = { CallSid: "CA1", From: from };
    this.customParameters = new Map(Object.entries(custom));
  }
  accept() {
    this.state = "open";
    this.emit("accept");
  }
  reject() {
    this.state = "closed";
    this.emit("reject");
  }
  disconnect() {
    this.state = "closed";
    this.emit("disconnect");
  }
  mute(m = true) {
    this.muted = m;
    this.emit("mute", m);
  }
  isMuted() {
    return this.muted;
  }
  sendDigits(d: string) {
    this.digits += d;
  }
  status() {
    return this.state;
  }
  /** the far side */
  cancel() {
    this.state = "closed";
    this.emit("cancel");
  }
}

class FakePhone extends Emitter<PhoneEvents> implements Phone {
  state: PhoneState = "unregistered";
  identity = "staff_x";
  async register() {
    this.state = "registered";
    this.emit("registered");
  }
  async unregister() {
    this.state = "unregistered";
  }
  async updateToken() {}
  destroy() {
    this.state = "destroyed";
  }
  ring(call: FakeCall) {
    this.emit("incoming", call);
  }
  /** the network took the registration away */
  drop() {
    this.state = "unregistered";
    this.emit("unregistered");
  }
}

const leg = (callId: string, extra: Record<string, string> = {}) => ({ callId, legKey: `${callId}:leg:1`, direction: "inbound", autoAnswer: "false", ...extra });

describe("the softphone controller", () => {
  let phone: FakePhone;
  let api: { [K in keyof SoftphoneApi]: ReturnType<typeof vi.fn> };
  let alert: { start: Mock<(call: CallView) => void>; stop: Mock<() => void> };
  let c: SoftphoneController;
  const marks: string[] = [];

  beforeEach(async () => {
    vi.useFakeTimers();
    phone = new FakePhone();
    api = {
      openPhone: vi.fn(async () => phone),
      heartbeat: vi.fn(async () => {}),
      presence: vi.fn(async () => {}),
      command: vi.fn(async () => {}),
      dial: vi.fn(async () => ({ callId: "out-1" })),
      wrapUp: vi.fn(async () => {}),
    };
    alert = { start: vi.fn<(call: CallView) => void>(), stop: vi.fn<() => void>() };
    c = new SoftphoneController({ api: api as unknown as SoftphoneApi, alert, heartbeatMs: 10_000, wrapUpMs: 60_000, mark: (w, id) => marks.push(`${w}:${id}`) });
    await c.act({ type: "start_shift" });
  });
  afterEach(() => {
    c.dispose();
    vi.useRealTimers();
  });

  it("start shift: registers, says so, and is available; heartbeats go on while on shift", async () => {
    expect(c.snapshot()).toMatchObject({ view: { kind: "idle" }, registered: true });
    expect(api.heartbeat).toHaveBeenCalledWith(true);
    expect(api.presence).toHaveBeenCalledWith("available");
    const before = api.heartbeat.mock.calls.length;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(api.heartbeat.mock.calls.length).toBe(before + 3);
  });

  it("a ring: our alert, the mark; accept stops it and starts the call; hanging up goes to wrap-up", async () => {
    const call = new FakeCall("+61400000001", leg("c1"));
    phone.ring(call);
    expect(c.snapshot().view).toMatchObject({ kind: "ringing", callId: "c1", from: "+61400000001" });
    expect(alert.start).toHaveBeenCalledTimes(1);
    expect(marks).toContain("ring:c1");
    await c.act({ type: "accept" });
    expect(c.snapshot().view).toMatchObject({ kind: "in_call", callId: "c1" });
    expect(alert.stop).toHaveBeenCalled();
    await c.act({ type: "mute", muted: true });
    expect(c.snapshot().view).toMatchObject({ muted: true });
    await c.act({ type: "digits", digits: "12" });
    expect(call.digits).toBe("12");
    await c.act({ type: "hangup" });
    expect(c.snapshot().view).toMatchObject({ kind: "wrap_up", callId: "c1" });
    await c.act({ type: "finish_wrap_up", note: "ok", outcome: "resolved" });
    expect(api.wrapUp).toHaveBeenCalledWith("c1", "ok", "resolved");
    expect(c.snapshot().view.kind).toBe("idle");
  });

  it("a call taken elsewhere (or the caller gone) stops the ring and says it was missed", () => {
    const call = new FakeCall("+61400000002", leg("c2"));
    phone.ring(call);
    call.cancel();
    expect(c.snapshot().view.kind).toBe("idle");
    expect(c.snapshot().problem).toMatch(/missed/);
    expect(alert.stop).toHaveBeenCalled();
  });

  it("wrap-up ends by itself when its time is up", async () => {
    const call = new FakeCall("+61400000003", leg("c3"));
    phone.ring(call);
    await c.act({ type: "accept" });
    call.disconnect();
    expect(c.snapshot().view.kind).toBe("wrap_up");
    await vi.advanceTimersByTimeAsync(60_001);
    expect(c.snapshot().view.kind).toBe("idle");
  });

  it("a second call while on one is declined (routing moves on)", async () => {
    phone.ring(new FakeCall("+61400000004", leg("c4")));
    await c.act({ type: "accept" });
    const other = new FakeCall("+61400000005", leg("c5"));
    phone.ring(other);
    expect(other.status()).toBe("closed");
    expect(c.snapshot().view).toMatchObject({ kind: "in_call", callId: "c4" });
  });

  it("dialling out: our own leg is answered by itself; in a call once the person picks up", async () => {
    await c.act({ type: "dial", to: "+61400000006" });
    expect(c.snapshot().view).toMatchObject({ kind: "connecting", callId: "out-1" });
    const own = new FakeCall("+61299990000", leg("out-1", { direction: "outbound", autoAnswer: "true" }));
    phone.ring(own);
    expect(own.status()).toBe("open");
    expect(alert.start).not.toHaveBeenCalled();
    c.callUpdated({ callId: "out-1", state: "conference", personAnswered: true });
    expect(c.snapshot().view).toMatchObject({ kind: "in_call", callId: "out-1" });
  });

  it("the phone losing its registration is told to the server at once", () => {
    phone.drop();
    expect(c.snapshot().registered).toBe(false);
    expect(api.heartbeat).toHaveBeenLastCalledWith(false);
  });
});

