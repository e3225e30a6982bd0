/** What /_sim/state shows, and waiting for the simulator to reach a state (tests). */
import type { Sim } from "./context";
import type { World } from "./model";
import { callJson, conferenceJson, messageJson, participantJson, recordingJson } from "./resources";
import { deviceInfo } from "./voice-http";

/** Calls as the REST API renders them, plus (not a Twilio field) what a client leg's phones did. */
export function snapshot(sim: Sim) {
  const w = sim.world;
  return {
    calls: [...w.calls.values()].map((c) => ({ ...callJson(sim, c), ...(c.softphone ? { softphone: { ...c.softphone, rang: [...c.softphone.rang] } } : {}) })),
    conferences: [...w.conferences.values()].map((c) => ({
      ...conferenceJson(c),
      participants: [...c.participants.values()].map((p) => participantJson(c.accountSid, p)),
    })),
    messages: [...w.messages.values()].map(messageJson),
    recordings: [...w.recordings.values()].map((r) => recordingJson(sim, r)),
    devices: sim.softphones.registry.list().map((d) => deviceInfo(sim, d)),
  };
}

export function waitFor<T>(world: World, probe: () => T | null | undefined | false, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const v = probe();
      if (v === null || v === undefined || v === false) return false;
      cleanup();
      resolve(v);
      return true;
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`waitFor: timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const poll = setInterval(check, 10); // for probes that look at state outside the simulator
    const cleanup = () => {
      clearTimeout(timer);
      clearInterval(poll);
      world.off("change", check);
    };
    world.on("change", check);
    check();
  });
}
