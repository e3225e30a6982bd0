import type { Db } from "@/lib/db/client";
import type { MediaStore, StoredMedia } from "./store";

export type CallMediaAnswer = { kind: "media"; media: StoredMedia } | { kind: "redirect"; url: string } | { kind: "none" };

/**
 * What the media route serves for a call's recording or voicemail: our copy when we have it,
 * else the vendor's stable link (Aircall's asset page, behind the vendor's login), else nothing.
 * The expiring link itself is never handed out.
 */
export async function readCallMedia(db: Db, store: MediaStore, interactionId: string, kind: string): Promise<CallMediaAnswer> {
  const row = await db.callMedia.findUnique({ where: { interactionId_kind: { interactionId, kind } }, select: { status: true, storageKey: true } });
  if (row?.status === "stored" && row.storageKey) {
    const media = await store.get(row.storageKey);
    if (media) return { kind: "media", media };
  }
  const detail = await db.callDetail.findUnique({ where: { interactionId }, select: { recordingUrl: true } });
  return detail?.recordingUrl ? { kind: "redirect", url: detail.recordingUrl } : { kind: "none" };
}
