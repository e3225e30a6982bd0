/** Twilio wire-format details: SIDs, dates, error bodies. */
import { randomBytes } from "node:crypto";

export type SidPrefix = "AC" | "CA" | "CF" | "SM" | "RE" | "PA";

export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString("hex");
}

/** Twilio's REST dates: RFC 2822 with a numeric zone, e.g. "Thu, 01 Jan 2026 12:00:00 +0000". */
export function rfc2822(date: Date | null): string | null {
  return date ? date.toUTCString().replace(/GMT$/, "+0000") : null;
}

export const API_VERSION = "2010-04-01";

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

/** An error the REST API answers with, in Twilio's JSON shape. */
export class TwilioApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }

  body(): TwilioErrorBody {
    return { code: this.code, message: this.message, more_info: `https://www.twilio.com/docs/errors/${this.code}`, status: this.status };
  }
}

export const notFound = (path: string) => new TwilioApiError(404, 20404, `The requested resource ${path} was not found`);
export const badRequest = (code: number, message: string) => new TwilioApiError(400, code, message);

/** Thrown by an injected "reset" fault: the server drops the connection instead of answering. */
export class ConnectionReset extends Error {
  constructor() {
    super("connection reset (injected)");
  }
}
