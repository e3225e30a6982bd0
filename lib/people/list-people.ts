import { db } from "@/lib/db/client";

export type PersonRow = { id: string; name: string; email: string | null; phone: string | null; interactions: number };

export async function listPeople(opts: { query?: string; limit?: number } = {}): Promise<PersonRow[]> {
  const q = opts.query?.trim();
  const rows = await db.person.findMany({
    where: q
      ? {
          OR: [
            { firstName: { contains: q, mode: "insensitive" } },
            { lastName: { contains: q, mode: "insensitive" } },
            { email: { contains: q.toLowerCase() } },
            ...(q.replace(/\D/g, "").length >= 4 ? [{ phone: { contains: q.replace(/\D/g, "").replace(/^0/, "") } }] : []),
          ],
        }
      : undefined,
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }],
    take: opts.limit ?? 50,
    select: { id: true, firstName: true, lastName: true, email: true, phone: true, _count: { select: { interactions: true } } },
  });
  return rows.map((p) => ({
    id: p.id,
    name: [p.firstName, p.lastName].filter(Boolean).join(" ") || "(no name)",
    email: p.email,
    phone: p.phone,
    interactions: p._count.interactions,
  }));
}
