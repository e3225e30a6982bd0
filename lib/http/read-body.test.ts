import { describe, expect, it } from "vitest";
import { readBody } from "./read-body";

function streamOf(chunks: number, size: number, onPull: () => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      onPull();
      if (sent++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size));
    },
  });
}

describe("readBody", () => {
  it("reads a body under the cap", async () => {
    const r = await readBody(new Request("http://x/", { method: "POST", body: "hello" }), 10);
    expect(r).toEqual({ ok: true, text: "hello" });
  });

  it("refuses a declared Content-Length over the cap without reading a byte", async () => {
    let pulls = 0;
    const req = new Request("http://x/", {
      method: "POST",
      headers: { "content-length": "31457280" },
      body: streamOf(480, 65536, () => pulls++),
      duplex: "half",
    } as RequestInit);
    const r = await readBody(req, 1024 * 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.response.status).toBe(413);
    expect(pulls).toBeLessThanOrEqual(1); // the stream's first pull may be primed by the Request itself
  });

  it("stops reading an undeclared (chunked) body as soon as it passes the cap", async () => {
    let pulls = 0;
    const req = new Request("http://x/", { method: "POST", body: streamOf(480, 65536, () => pulls++), duplex: "half" } as RequestInit);
    const r = await readBody(req, 1024 * 1024);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.response.status).toBe(413);
    // 30 MB offered in 64 KiB chunks; the reader gave up after about 1 MiB of them
    expect(pulls).toBeLessThan(25);
  });
});
