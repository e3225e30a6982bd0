/**
 * A proxy between the Twilio simulator and our webhooks that can hold chosen
 * requests (answering 200 at once, as a status callback's answer is ignored)
 * and deliver them later in any order, any number of times: duplicates and
 * out-of-order delivery, with Twilio's signatures intact.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookProxy } from "./call-harness";

export interface HeldRequest {
  pathAndQuery: string;
  headers: Record<string, string>;
  body: string;
  params: Record<string, string>;
}

export interface HoldingProxy extends WebhookProxy {
  held: HeldRequest[];
  /** forward held requests by index, in this order, one after another; returns the statuses */
  deliver(order: number[]): Promise<number[]>;
}

export async function startHoldingProxy(shouldHold: (r: HeldRequest) => boolean): Promise<HoldingProxy> {
  let target = "";
  const held: HeldRequest[] = [];
  const forward = async (r: HeldRequest) => {
    const res = await fetch(target + r.pathAndQuery, { method: "POST", headers: r.headers, body: r.body });
    return { status: res.status, type: res.headers.get("content-type") ?? "text/xml", body: await res.text() };
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "content-length" && k !== "host") headers[k] = v;
      const r: HeldRequest = { pathAndQuery: req.url ?? "/", headers, body, params: Object.fromEntries(new URLSearchParams(body)) };
      if (shouldHold(r)) {
        held.push(r);
        res.writeHead(200, { "content-type": "text/xml" }).end("<Response/>");
        return;
      }
      forward(r).then(
        (out) => res.writeHead(out.status, { "content-type": out.type }).end(out.body),
        () => res.writeHead(502).end(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    held,
    setTarget: (t) => void (target = t),
    async deliver(order) {
      const statuses: number[] = [];
      for (const i of order) {
        const r = held[i];
        if (!r) throw new Error(`no held request #${i}`);
        statuses.push((await forward(r)).status);
      }
      return statuses;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
