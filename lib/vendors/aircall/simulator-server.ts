// The Aircall simulator's HTTP side on loopback (node:http), in Aircall's shapes:
//   GET /v1/users                 the company's users ({ users, meta }), one page
//   GET /media/calls/:id/:file    a call's recording or voicemail, only through a pre-signed
//                                 link that has not expired (403 AccessDenied otherwise, as S3)
// Webhooks it sends (AircallSimulator) carry links to this server when it runs.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkPresignedUrl, presignMediaUrl } from "./media";
import type { AircallUserSpec } from "./simulator";

export interface AircallServerOptions {
  users: AircallUserSpec[];
  /** Signs the media links. */
  mediaSecret: string;
  now?: () => Date;
}

export interface AircallServer {
  url: string;
  /** A pre-signed link to one of this server's media files, signed now. */
  presign(path: string, expiresS?: number): string;
  /** How many media downloads were served. */
  mediaServed(): number;
  close(): Promise<void>;
}

export const aircallUserBody = (u: AircallUserSpec) => ({
  id: u.id,
  direct_link: `https://api.aircall.io/v1/users/${u.id}`,
  name: u.name ?? `Agent ${u.id}`,
  email: u.email ?? `agent${u.id}@example.com`,
  available: true,
  availability_status: "available",
  created_at: "2024-01-01T00:00:00.000Z",
  time_zone: "Australia/Sydney",
  language: "en-US",
});

/** A few bytes that start like an MP3 file, unique per path. */
export const fakeMp3 = (path: string) => Buffer.concat([Buffer.from("ID3\x04\x00\x00\x00\x00\x00\x00", "binary"), Buffer.from(path)]);

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function serveAircallSimulator(opts: AircallServerOptions, port = 0): Promise<AircallServer> {
  const now = opts.now ?? (() => new Date());
  let served = 0;
  return new Promise((resolve) => {
    let base = "";
    const server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", base);
      if (req.method === "GET" && url.pathname === "/v1/users") {
        const users = opts.users.map(aircallUserBody);
        return json(res, 200, { users, meta: { count: users.length, total: users.length, current_page: 1, per_page: 50, next_page_link: null, previous_page_link: null } });
      }
      if (req.method === "GET" && /^\/media\/calls\/\d+\/[\w.-]+$/.test(url.pathname)) {
        const check = checkPresignedUrl(url, opts.mediaSecret, now());
        if (!check.ok) {
          res.writeHead(403, { "content-type": "application/xml" });
          return res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${check.reason === "expired" ? "Request has expired" : "Signature does not match"}</Message></Error>`);
        }
        served++;
        res.writeHead(200, { "content-type": "audio/mpeg" });
        return res.end(fakeMp3(url.pathname));
      }
      json(res, 404, { error: "Not found", troubleshoot: `${req.method} ${url.pathname}` });
    });
    server.listen(port, "127.0.0.1", () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      resolve({
        url: base,
        presign: (path, expiresS) => presignMediaUrl(`${base}/media`, path, opts.mediaSecret, now(), expiresS),
        mediaServed: () => served,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
