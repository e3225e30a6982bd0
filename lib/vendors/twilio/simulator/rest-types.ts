/** The REST layer's request/response shapes, shared by the resource handlers. */
import { badRequest } from "./format";

export interface RestRequest {
  method: string;
  /** path below /2010-04-01/Accounts/{AccountSid}, e.g. "/Calls/CA….json" */
  path: string;
  fullPath: string;
  query: URLSearchParams;
  form: URLSearchParams;
}

export interface RestResponse {
  status: number;
  json?: unknown;
  body?: Buffer;
  contentType?: string;
}

export const ok = (json: unknown, status = 200): RestResponse => ({ status, json });
export const noContent = (): RestResponse => ({ status: 204 });

export function required(form: URLSearchParams, name: string, code: number, message: string): string {
  const v = form.get(name);
  if (!v) throw badRequest(code, message);
  return v;
}

export function bool(form: URLSearchParams, name: string): boolean | undefined {
  const v = form.get(name);
  return v === null ? undefined : v.toLowerCase() === "true";
}

export function httpMethod(v: string | null): "GET" | "POST" {
  return v?.toUpperCase() === "GET" ? "GET" : "POST";
}

/** Repeated params (StatusCallbackEvent=a&StatusCallbackEvent=b) or space-separated ones. */
export function events(form: URLSearchParams, name: string): string[] {
  return form.getAll(name).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
}
