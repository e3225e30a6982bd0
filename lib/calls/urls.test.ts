import { describe, expect, it } from "vitest";
import { voiceUrls } from "./urls";

describe("voice webhook URLs", () => {
  const urls = voiceUrls("http://localhost:3000");
  const leg = `CA${"a".repeat(32)}:leg:2`;

  // Next.js hands a route handler the query re-serialised; Twilio signs the URL we gave it.
  // Only a query already in canonical form survives that unchanged, so the signature still verifies.
  it.each([
    ["legStatus", urls.legStatus("4503de2b-7799-4b60-a1b6-af268ad184c5", leg)],
    ["staff", urls.staff("4503de2b-7799-4b60-a1b6-af268ad184c5", leg)],
    ["voicemail", urls.voicemail("4503de2b-7799-4b60-a1b6-af268ad184c5")],
  ])("%s is in canonical form, so re-serialising its query changes nothing", (_name, url) => {
    const u = new URL(url);
    expect(`?${new URLSearchParams(u.searchParams).toString()}`).toBe(u.search);
  });

  it("carries the leg key intact", () => {
    expect(new URL(urls.legStatus("id", leg)).searchParams.get("leg")).toBe(leg);
  });
});
