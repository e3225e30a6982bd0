/**
 * Whether a staff member's softphone can be rung now, as SQL over `staff`: its last
 * heartbeat is within the TTL, and no leg has failed to reach it since (a leg Twilio
 * could not deliver marks the softphone lost until its next heartbeat). "Connected
 * lately" also counts a phone lost within the TTL: that person is on shift and likely
 * back in a moment, so a caller may wait in the queue for them.
 */
import { Prisma } from "@/lib/db/generated/client";

const secs = (ttlS: number) => Math.max(1, Math.floor(ttlS));

export function reachableSql(ttlS: number): Prisma.Sql {
  return Prisma.sql`(softphone_seen_at > now() - make_interval(secs => ${secs(ttlS)})
    AND (softphone_lost_at IS NULL OR softphone_lost_at < softphone_seen_at))`;
}

export function connectedLatelySql(ttlS: number): Prisma.Sql {
  return Prisma.sql`(softphone_seen_at > now() - make_interval(secs => ${secs(ttlS)})
    OR softphone_lost_at > now() - make_interval(secs => ${secs(ttlS)}))`;
}
