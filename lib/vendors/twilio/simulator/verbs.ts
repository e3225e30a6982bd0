/** Shared by the verb implementations. */
import type { WebhookKind } from "./webhooks";

export type TwimlSource =
  | { kind: WebhookKind; url: string; method: "GET" | "POST"; params?: Record<string, string>; fallbackUrl?: string | null }
  | { kind: "inline"; twiml: string };

/** After a verb: go on with the next verb, stop the script, or fetch another document (action, Redirect). */
export type Next = { follow: TwimlSource } | "continue" | "stop";

export function method(value: string | undefined): "GET" | "POST" {
  return value?.toUpperCase() === "GET" ? "GET" : "POST";
}

/** Action and Redirect URLs may be relative to the document's URL. */
export function resolveUrl(url: string, docUrl: string | null): string {
  return docUrl ? new URL(url, docUrl).toString() : url;
}
