import { hashPassword } from "better-auth/crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { ROLES } from "@/lib/auth/roles";

export const newUserSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(120),
  email: z.string().trim().toLowerCase().email("not an email address"),
  password: z.string().min(8, "password must have at least 8 characters").max(200),
  role: z.enum(ROLES),
});
export type NewUser = z.infer<typeof newUserSchema>;

export type CreateUserResult = { ok: true; id: string } | { ok: false; reason: "email_taken" };

/** A user who can sign in with a password, and the staff line that goes with them. */
export async function createUser(db: Db, input: NewUser): Promise<CreateUserResult> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) return { ok: false, reason: "email_taken" };
  const id = crypto.randomUUID();
  const password = await hashPassword(input.password);
  await db.$transaction([
    db.user.create({ data: { id, name: input.name, email: input.email, role: input.role, emailVerified: true } }),
    db.account.create({ data: { id: crypto.randomUUID(), accountId: id, providerId: "credential", userId: id, password } }),
    db.staff.create({ data: { userId: id, displayName: input.name } }),
  ]);
  return { ok: true, id };
}

export async function listUsers(db: Db) {
  return db.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
}

export const roleChangeSchema = z.object({ role: z.enum(ROLES) });

export async function changeRole(db: Db, userId: string, role: (typeof ROLES)[number]) {
  const updated = await db.user.updateMany({ where: { id: userId }, data: { role } });
  return updated.count === 1;
}
