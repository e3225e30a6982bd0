/**
 * A Server-Sent Events client over a raw node:http request, for tests: parses frames as
 * they arrive (so a test sees exactly when each event reached the socket), and records
 * comments (heartbeats) and the response head.
 */
import http from "node:http";

export type SseFrame = { id: string | null; event: string; data: string; at: number };

export interface SseClient {
  status: number;
  headers: http.IncomingHttpHeaders;
  frames: SseFrame[];
  comments: string[];
  /** the events proper (not ready/reset) */
  events(): SseFrame[];
  lastId(): string | null;
  ended(): boolean;
  close(): void;
}

export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: "text/event-stream", ...headers } }, (res) => {
      const frames: SseFrame[] = [];
      const comments: string[] = [];
      let buffer = "";
      let ended = false;
      let lastId: string | null = null;
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const f: SseFrame = { id: null, event: "message", data: "", at: performance.now() };
          let isEvent = false;
          for (const line of block.split("\n")) {
            if (line.startsWith(":")) comments.push(line.slice(1).trim());
            const m = /^(id|event|data|retry): ?(.*)$/.exec(line);
            if (!m) continue;
            if (m[1] === "id") f.id = lastId = m[2]!;
            if (m[1] === "event") f.event = m[2]!;
            if (m[1] === "data") {
              f.data = m[2]!;
              isEvent = true;
            }
          }
          if (isEvent) frames.push(f);
        }
      });
      res.on("end", () => (ended = true));
      res.on("close", () => (ended = true));
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        frames,
        comments,
        events: () => frames.filter((f) => f.event !== "ready" && f.event !== "reset"),
        lastId: () => lastId,
        ended: () => ended,
        close: () => req.destroy(),
      });
    });
    req.on("error", (e) => {
      if (!req.destroyed) reject(e);
    });
  });
}
