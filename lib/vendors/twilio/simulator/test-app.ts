/**
 * Test helper: a tiny app server that receives the simulator's webhooks,
 * checks each signature with twilio.validateRequest, records them, and answers
 * with whatever the test's route returns (TwiML for voice requests).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

export interface Received {
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  signatureValid: boolean;
}

export type Route = (params: Record<string, string>, query: URLSearchParams) => string | { status: number; body: string };

export interface TestApp {
  url: string;
  received: Received[];
  routes: Map<string, Route>;
  /** requests to `path` (without query), in arrival order */
  at(path: string): Received[];
  close(): Promise<void>;
}

export async function startTestApp(authToken: string): Promise<TestApp> {
  const received: Received[] = [];
  const routes = new Map<string, Route>();
  let base = "";
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", base);
      const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
      const signature = String(req.headers["x-twilio-signature"] ?? "");
      const signatureValid = twilio.validateRequest(authToken, signature, `${base}${req.url ?? "/"}`, params);
      received.push({ path: url.pathname, query: url.searchParams, params, signatureValid });
      const route = routes.get(url.pathname);
      const out = route ? route(params, url.searchParams) : "";
      const { status, body } = typeof out === "string" ? { status: 200, body: out } : out;
      res.writeHead(status, { "Content-Type": "text/xml" });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    received,
    routes,
    at: (path) => received.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
