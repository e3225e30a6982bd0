import { db } from "@/lib/db/client";

export async function staffForUser(userId: string) {
  return db.staff.findUnique({
    where: { userId },
    select: { id: true, displayName: true, presence: true, presenceChangedAt: true },
  });
}
