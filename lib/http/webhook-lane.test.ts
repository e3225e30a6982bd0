import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody } from "./read-body";
import { laneHandler, serveLane, type LaneRoute } from "./webhook-lane";

const LIMIT = 1024;
const seen: { url: string; body: string; signature: string | null }[] = [];

const plainSeen: { headers: Record<string, unknown>; rawBody: string; pathAndQuery: string }[] = [];
const plainRoute: LaneRoute = Object.assign(() => Promise.reject(new Error("the lane must call answer, not the Fetch handler")), {
  answer: async (req: { headers: Record<string, unknown>; rawBody: string; pathAndQuery: string }) => {
    plainSeen.push(req);
    return { status: 503, contentType: "application/json", body: '{"error":"busy"}', headers: { "retry-after": "5" } };
  },
});

const routes = new Map<string, LaneRoute>([
  ["/api/webhooks/plain", plainRoute],
  [
    "/api/webhooks/echo",
    async (req) => {
      const body = await readBody(req, LIMIT);
      if (!body.ok) return body.response;
      seen.push({ url: req.url, body: body.text, signature: req.headers.get("x-signature") });
      const res = new Response(`got ${body.text.length}`, { status: 201, headers: { "content-type": "text/plain", "x-route": "echo" } });
      res.headers.append("set-cookie", "a=1");
      res.headers.append("set-cookie", "b=2");
      return res;
    },
  ],
  [
    "/api/webhooks/broken",
    () => {
      throw new Error("boom");
    },
  ],
]);

let server: Server;
let port = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    const handler = laneHandler(routes, req);
    if (handler) void serveLane(req, res, handler, LIMIT);
    else res.writeHead(404).end("not the lane");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

function send(method: string, path: string, body?: string | string[], headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    // an array is sent as chunks with no Content-Length (chunked transfer encoding)
    for (const chunk of Array.isArray(body) ? body : body !== undefined ? [body] : []) req.write(chunk);
    req.end();
  });
}

describe("the webhook lane", () => {
  it("hands a POST to its route handler with the body, headers and query, and writes the answer as the handler made it", async () => {
    seen.length = 0;
    const res = await send("POST", "/api/webhooks/echo?x=1", "From=%2B61&Body=hi", { "x-signature": "sig", "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(201);
    expect(res.body).toBe("got 18");
    expect(res.headers["content-length"]).toBe("6");
    expect(res.headers["x-route"]).toBe("echo");
    expect(res.headers["set-cookie"]).toEqual(["a=1", "b=2"]);
    expect(seen).toEqual([{ url: `http://127.0.0.1:${port}/api/webhooks/echo?x=1`, body: "From=%2B61&Body=hi", signature: "sig" }]);
  });

  it("reads a chunked body whole", async () => {
    seen.length = 0;
    const res = await send("POST", "/api/webhooks/echo", ["a".repeat(300), "b".repeat(300)]);
    expect(res.status).toBe(201);
    expect(seen[0]!.body).toBe("a".repeat(300) + "b".repeat(300));
  });

  it("refuses a chunked body past the cap with 413 and never calls the handler", async () => {
    seen.length = 0;
    const res = await send("POST", "/api/webhooks/echo", ["x".repeat(800), "y".repeat(800)]);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toEqual({ error: `request body too large (at most ${LIMIT} bytes)` });
    expect(seen).toEqual([]);
  });

  it("answers 500 when the handler throws", async () => {
    const res = await send("POST", "/api/webhooks/broken", "x");
    expect(res.status).toBe(500);
    expect(JSON.parse(res.body)).toEqual({ error: "internal error" });
  });

  it("leaves other methods and paths to Next", async () => {
    expect((await send("GET", "/api/webhooks/echo")).body).toBe("not the lane");
    expect((await send("POST", "/api/webhooks/echo/more", "x")).body).toBe("not the lane");
    expect((await send("POST", "/api/other", "x")).body).toBe("not the lane");
  });

  it("calls a route's plain answer with node's headers, the body and the path as sent, and writes it with its headers", async () => {
    plainSeen.length = 0;
    const res = await send("POST", "/api/webhooks/plain?a=b", "x=1", { "X-Signature": "s" });
    expect(res.status).toBe(503);
    expect(res.body).toBe('{"error":"busy"}');
    expect(res.headers["retry-after"]).toBe("5");
    expect(res.headers["content-type"]).toBe("application/json");
    expect(plainSeen).toHaveLength(1);
    expect(plainSeen[0]!).toMatchObject({ rawBody: "x=1", pathAndQuery: "/api/webhooks/plain?a=b" });
    expect(plainSeen[0]!.headers["x-signature"]).toBe("s");
  });
});
