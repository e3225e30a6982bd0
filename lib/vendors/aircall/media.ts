// Aircall's recording and voicemail links are pre-signed S3 URLs that expire (X-Amz-Expires,
// 600 s): the simulator signs its own the same way, and checks them as S3 would.
import { hmacSha256, safeEqual } from "@/lib/vendors/webhook";

export const AIRCALL_MEDIA_EXPIRES_S = 600;

const amzDate = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
function parseAmzDate(s: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  return m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)) : null;
}

/** `${base}/${path}?X-Amz-…` signed at `at`, valid for `expiresS`. */
export function presignMediaUrl(base: string, path: string, secret: string, at: Date, expiresS = AIRCALL_MEDIA_EXPIRES_S): string {
  const url = new URL(`${base.replace(/\/$/, "")}/${path}`);
  url.searchParams.set("X-Amz-Algorithm", "AWS4-HMAC-SHA256");
  url.searchParams.set("X-Amz-Date", amzDate(at));
  url.searchParams.set("X-Amz-Expires", String(expiresS));
  url.searchParams.set("X-Amz-SignedHeaders", "host");
  url.searchParams.set("X-Amz-Signature", hmacSha256(secret, `${url.pathname}\n${amzDate(at)}\n${expiresS}`, "hex"));
  return url.toString();
}

export type PresignCheck = { ok: true } | { ok: false; reason: "expired" | "bad signature" };

export function checkPresignedUrl(url: URL, secret: string, now: Date): PresignCheck {
  const date = url.searchParams.get("X-Amz-Date") ?? "";
  const expires = Number(url.searchParams.get("X-Amz-Expires"));
  const at = parseAmzDate(date);
  const expected = hmacSha256(secret, `${url.pathname}\n${date}\n${expires}`, "hex");
  if (!at || !Number.isFinite(expires) || !safeEqual(url.searchParams.get("X-Amz-Signature") ?? "", expected)) return { ok: false, reason: "bad signature" };
  return now.getTime() <= at.getTime() + expires * 1000 ? { ok: true } : { ok: false, reason: "expired" };
}
