import { describe, expect, it } from "vitest";
import { summariseSignals, type SentRow } from "./channel-signals";

const sent = (channel: SentRow["channel"], reply?: [SentRow["channel"], number, string]): SentRow =>
  reply ? { channel, reply_channel: reply[0], secs: reply[1], reply_at: new Date(reply[2]) } : { channel, reply_channel: null, secs: null, reply_at: null };

describe("summariseSignals", () => {
  it("reply rate and median response per channel we sent on, and the channel they answer on", () => {
    const s = summariseSignals([
      sent("email", ["sms", 600, "2026-01-01T00:10:00Z"]),
      sent("email"),
      sent("email", ["sms", 1800, "2026-01-03T00:30:00Z"]),
      sent("sms", ["sms", 60, "2026-01-04T00:01:00Z"]),
      sent("call", ["call", 3600, "2026-01-05T01:00:00Z"]),
    ]);
    expect(s.channels).toEqual([
      { channel: "call", sent: 1, replied: 1, replyRate: 1, medianResponseS: 3600 },
      { channel: "sms", sent: 1, replied: 1, replyRate: 1, medianResponseS: 60 },
      { channel: "email", sent: 3, replied: 2, replyRate: 2 / 3, medianResponseS: 1200 },
    ]);
    expect(s.answersOn).toBe("sms");
  });
  it("a tie goes to the channel answered on last; nobody answered: none", () => {
    expect(summariseSignals([sent("sms", ["call", 5, "2026-01-02T00:00:00Z"]), sent("sms", ["email", 5, "2026-01-01T00:00:00Z"])]).answersOn).toBe("call");
    expect(summariseSignals([sent("sms"), sent("email")])).toEqual({
      channels: [
        { channel: "sms", sent: 1, replied: 0, replyRate: 0, medianResponseS: null },
        { channel: "email", sent: 1, replied: 0, replyRate: 0, medianResponseS: null },
      ],
      answersOn: null,
    });
  });
});
