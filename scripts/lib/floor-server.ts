/**
 * The floor bench:ingest measures the product against: what answering a Twilio SMS webhook
 * costs with no framework at all. `node:http`, the same signature check as the product
 * (lib/vendors/twilio/verify.ts, the twilio library's validateRequest), then one
 * `INSERT … ON CONFLICT DO NOTHING` of the raw event into incoming_events (a prepared
 * statement on a `pg` pool), then the empty TwiML answer. No parsing past the form, no
 * logging, no wake-up. Run as its own process: `node --import tsx scripts/lib/floor-server.ts`
 * with DATABASE_URL, PORT, PUBLIC_BASE_URL and TWILIO_AUTH_TOKEN set.
 */
import http from "node:http";
import pg from "pg";
import { verifyTwilioSignature } from "@/lib/vendors/twilio/verify";
import { parseTwilioForm } from "@/lib/vendors/twilio/webhooks";

const port = Number(process.env.PORT);
const base = process.env.PUBLIC_BASE_URL!;
const token = process.env.TWILIO_AUTH_TOKEN;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const INSERT = {
  name: "floor-insert",
  text: `INSERT INTO incoming_events (vendor, vendor_event_id, event_type, payload) VALUES ('twilio', $1, 'sms.received', $2)
         ON CONFLICT (vendor, vendor_event_id) DO NOTHING`,
};

function answer(res: http.ServerResponse, status: number, body: string, type = "text/plain") {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  if (req.method === "GET") return answer(res, 200, "ok");
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const params = parseTwilioForm(Buffer.concat(chunks).toString("utf8"));
    const sig = req.headers["x-twilio-signature"];
    const verified = verifyTwilioSignature({ authToken: token, signature: typeof sig === "string" ? sig : undefined, url: base + (req.url ?? "/"), params });
    if (!verified.ok) return answer(res, 403, verified.reason);
    const sid = params.MessageSid;
    if (typeof sid !== "string") return answer(res, 400, "no MessageSid");
    pool.query({ ...INSERT, values: [sid, JSON.stringify(params)] }).then(
      () => answer(res, 200, TWIML, "text/xml"),
      () => answer(res, 503, "unavailable"),
    );
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, () => console.log(`floor: listening on ${port}`));
const stop = () => {
  server.close(() => void pool.end().finally(() => process.exit(0)));
  server.closeAllConnections();
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
