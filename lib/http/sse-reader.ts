/**
 * Reads a Server-Sent Events stream from a `fetch` body, in the browser and in
 * node alike (EventSource cannot POST a body, does not exist in node, and
 * reconnects on its own with the URL it started with: callers here want to
 * decide that themselves). Follows the event-stream format: `event:` and
 * `data:` fields, lines joined by "\n", a blank line ends an event, `:` starts
 * a comment (heartbeats).
 */
export interface SseEvent {
  event: string;
  data: string;
}

/** Resolves when the stream ends; rejects when reading fails (the connection dropped, or it was aborted). */
export async function readSse(body: ReadableStream<Uint8Array>, onEvent: (e: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let event = "";
  let data: string[] = [];
  const line = (l: string) => {
    if (l === "") {
      if (data.length > 0) onEvent({ event: event || "message", data: data.join("\n") });
      event = "";
      data = [];
    } else if (!l.startsWith(":")) {
      const i = l.indexOf(":");
      const field = i === -1 ? l : l.slice(0, i);
      const value = i === -1 ? "" : l.slice(i + 1).replace(/^ /, "");
      if (field === "event") event = value;
      else if (field === "data") data.push(value);
    }
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.search(/\r\n|\r|\n/)) !== -1) {
      if (buffer[nl] === "\r" && nl === buffer.length - 1) break; // its "\n" may be in the next chunk
      const sep = buffer.startsWith("\r\n", nl) ? 2 : 1;
      line(buffer.slice(0, nl));
      buffer = buffer.slice(nl + sep);
    }
  }
}
