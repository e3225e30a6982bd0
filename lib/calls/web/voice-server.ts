/**
 * The voice webhooks on a bare node:http server, mounting the same handlers as
 * the Next routes under app/api/voice/ (tests and the call scripts use it, so
 * they need no Next build). Requests become Fetch `Request`s exactly as Next
 * hands them to a route handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { VOICE_PATHS } from "../urls";
import { handleCallStatus, handleConferenceEvent, handleRecordingStatus, handleVoicemailDone } from "./callbacks";
import { handleInboundVoice } from "./inbound";
import { handlePersonTwiml, handleStaffTwiml, handleVoicemailTwiml } from "./legs-twiml";
import type { VoiceWebDeps } from "./request";

type Handler = (req: Request, deps: VoiceWebDeps) => Promise<Response>;

const ROUTES: Record<string, Handler> = {
  [VOICE_PATHS.inbound]: handleInboundVoice,
  [VOICE_PATHS.status]: handleCallStatus,
  [VOICE_PATHS.conference]: handleConferenceEvent,
  [VOICE_PATHS.recording]: handleRecordingStatus,
  [VOICE_PATHS.staff]: handleStaffTwiml,
  [VOICE_PATHS.person]: handlePersonTwiml,
  [VOICE_PATHS.voicemail]: handleVoicemailTwiml,
  [VOICE_PATHS.voicemailDone]: handleVoicemailDone,
};

export interface VoiceServer {
  url: string;
  close(): Promise<void>;
}

/** `depsFor(base)`: the server's own URL is known only once it listens (port 0). */
export async function startVoiceServer(depsFor: (baseUrl: string) => VoiceWebDeps, opts: { port?: number; host?: string } = {}): Promise<VoiceServer> {
  let deps: VoiceWebDeps | null = null;
  let base = "";
  const server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? "/", base);
      const handler = ROUTES[url.pathname];
      if (!handler || req.method !== "POST" || !deps) {
        res.writeHead(404).end();
        return;
      }
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const response = await handler(new Request(url, { method: "POST", headers, body: Buffer.concat(chunks) }), deps);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (e) {
      res.writeHead(500).end(e instanceof Error ? e.message : "error");
    }
  }
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", resolve));
  base = `http://${opts.host ?? "127.0.0.1"}:${(server.address() as AddressInfo).port}`;
  deps = depsFor(base);
  return {
    url: base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
