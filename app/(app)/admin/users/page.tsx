import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/users/manage-users";
import { listApiKeys } from "@/lib/analytics/api-keys";
import { PageHeader } from "@/components/page-header";
import { UserAdmin } from "@/components/user-admin";
import { ApiKeys } from "@/components/admin/api-keys";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export default async function UsersPage() {
  const me = await requirePageUser("users");
  const [users, keys] = await Promise.all([listUsers(db), listApiKeys(db)]);
  return (
    <>
      <PageHeader title="Users" subtitle="Who can sign in, and what they can see." />
      <UserAdmin meId={me.id} users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))} />
      <ApiKeys keys={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: iso(k.lastUsedAt), revokedAt: iso(k.revokedAt) }))} />
    </>
  );
}
