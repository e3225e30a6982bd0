import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DeliveredEvent } from "./events";
import { createReplayMerge } from "./merge";

const ev = (seq: number): DeliveredEvent => ({ seq, audience: "all", type: "t", payload: {} });

describe("replay and live merge", () => {
  it("holds live events during the replay, then sends only the ones not replayed", () => {
    const sent: number[] = [];
    const m = createReplayMerge(10, (e) => sent.push(e.seq));
    m.live(ev(13));
    m.replayed(ev(11));
    m.live(ev(14));
    m.replayed(ev(12));
    m.replayed(ev(13));
    expect(sent).toEqual([11, 12, 13]);
    m.finishReplay();
    m.live(ev(15));
    expect(sent).toEqual([11, 12, 13, 14, 15]);
  });

  it("never sends at or below the cursor, nor below an advance (a reset)", () => {
    const sent: number[] = [];
    const m = createReplayMerge(10, (e) => sent.push(e.seq), false);
    m.live(ev(9));
    m.live(ev(10));
    m.advance(20);
    m.live(ev(19));
    m.live(ev(21));
    expect(sent).toEqual([21]);
    expect(m.cursor()).toBe(21);
  });

  // However the hub's deliveries interleave with the replay's pages, the client gets every
  // seq after its cursor exactly once and in order.
  it("has no gap and no duplicate for any interleaving", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.array(fc.boolean(), { maxLength: 80 }), (after, replayLen, picks) => {
        // replay returns after+1 .. after+replayLen (committed before the query); the hub
        // delivers from some point at or before the end of the replay, onwards
        const hubFrom = after + 1 + Math.floor(replayLen / 2);
        const replay = Array.from({ length: replayLen }, (_, i) => after + 1 + i);
        const live = Array.from({ length: replayLen + 20 }, (_, i) => hubFrom + i);
        const sent: number[] = [];
        const m = createReplayMerge(after, (e) => sent.push(e.seq));
        let r = 0;
        let l = 0;
        for (const p of picks) {
          if (p && r < replay.length) m.replayed(ev(replay[r++]!));
          else if (l < live.length) m.live(ev(live[l++]!));
        }
        while (r < replay.length) m.replayed(ev(replay[r++]!));
        m.finishReplay();
        while (l < live.length) m.live(ev(live[l++]!));
        const last = Math.max(after + replayLen, hubFrom + live.length - 1);
        expect(sent).toEqual(Array.from({ length: last - after }, (_, i) => after + 1 + i));
      }),
    );
  });
});
