import { describe, expect, it } from "vitest";
import { isFinalSmsStatus, smsStatusRank } from "./sms-statuses";

describe("SMS delivery statuses", () => {
  it("rank so a late 'sent' cannot overwrite 'delivered', and our own 'pending' comes first", () => {
    expect(smsStatusRank("delivered")).toBeGreaterThan(smsStatusRank("sent"));
    expect(smsStatusRank("sent")).toBeGreaterThan(smsStatusRank("queued"));
    expect(smsStatusRank("failed")).toBeGreaterThan(smsStatusRank("sending"));
    expect(smsStatusRank("accepted")).toBeGreaterThan(smsStatusRank("pending"));
    expect(smsStatusRank("pending")).toBeGreaterThan(smsStatusRank("no-such-status"));
  });

  it("say which statuses nothing follows", () => {
    expect(["pending", "queued", "sent"].map(isFinalSmsStatus)).toEqual([false, false, false]);
    expect(["delivered", "undelivered", "failed"].map(isFinalSmsStatus)).toEqual([true, true, true]);
    expect(isFinalSmsStatus(null)).toBe(false);
  });
});
