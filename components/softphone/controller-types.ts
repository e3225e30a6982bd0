/**
 * What the softphone shows, as plain data: the same snapshot drives the tab that
 * owns the phone and is mirrored to the other tabs of the same staff member.
 */
export type CallView = {
  callId: string;
  /** the other party's number as the leg reported it */
  from: string;
  direction: "inbound" | "outbound";
  /** epoch ms */
  since: number;
};

export type View =
  | { kind: "off" }
  | { kind: "starting" }
  | { kind: "idle" }
  | ({ kind: "ringing" } & CallView)
  /** outbound: our own leg is up, the person's phone rings */
  | ({ kind: "connecting" } & CallView)
  /** warmTransfer: a colleague was asked to take it; the staff member hands over once they have talked */
  | ({ kind: "in_call"; answeredAt: number; muted: boolean; held: boolean; digits: string; warmTransfer: boolean } & CallView)
  | ({ kind: "wrap_up"; endedAt: number; talkedS: number } & CallView);

export interface Snapshot {
  view: View;
  /** the phone is registered (may be rung) */
  registered: boolean;
  /** this tab holds the phone; false: another tab does, this one mirrors it */
  owner: boolean;
  /** the last problem worth telling the person (cleared by the next action) */
  problem: string | null;
}

export const INITIAL: Snapshot = { view: { kind: "off" }, registered: false, owner: false, problem: null };

/** Everything a person can ask of the softphone, as data (a non-owner tab sends these to the owner). */
export type Action =
  | { type: "start_shift" }
  | { type: "end_shift" }
  | { type: "accept" }
  | { type: "reject" }
  | { type: "hangup" }
  | { type: "mute"; muted: boolean }
  | { type: "hold"; held: boolean }
  | { type: "digits"; digits: string }
  | { type: "transfer"; toStaffId: string; mode: "warm" | "cold" }
  | { type: "handover" }
  | { type: "dial"; to: string; personId?: string }
  | { type: "finish_wrap_up"; note: string; outcome: string | null }
  | { type: "skip_wrap_up" };
