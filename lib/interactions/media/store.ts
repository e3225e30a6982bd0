// Where media we keep lives. One small interface: Postgres implements it here (media_objects);
// an S3 bucket (PutObject / GetObject on the same keys) could implement it without callers changing.
import type { Db } from "@/lib/db/client";

export interface StoredMedia {
  body: Buffer;
  contentType: string;
}

export interface MediaStore {
  /** Idempotent: putting a key again replaces it. */
  put(key: string, media: StoredMedia): Promise<void>;
  get(key: string): Promise<StoredMedia | null>;
}

export function postgresMediaStore(db: Pick<Db, "$executeRaw" | "$queryRaw">): MediaStore {
  return {
    async put(key, { body, contentType }) {
      await db.$executeRaw`
        INSERT INTO media_objects (key, content_type, size_bytes, bytes) VALUES (${key}, ${contentType}, ${body.length}, ${body})
        ON CONFLICT (key) DO UPDATE SET content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes, bytes = EXCLUDED.bytes`;
    },
    async get(key) {
      const rows = await db.$queryRaw<{ content_type: string; bytes: Uint8Array }[]>`SELECT content_type, bytes FROM media_objects WHERE key = ${key}`;
      const row = rows[0];
      return row ? { body: Buffer.from(row.bytes), contentType: row.content_type } : null;
    },
  };
}
