import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/users/manage-users";
import { PageHeader } from "@/components/page-header";
import { UserAdmin } from "@/components/user-admin";

export default async function UsersPage() {
  const me = await requirePageUser("users");
  const users = await listUsers(db);
  return (
    <>
      <PageHeader title="Users" subtitle="Who can sign in, and what they can see." />
      <UserAdmin meId={me.id} users={users.map((u) => ({ ...u, createdAt: u.createdAt.toISOString() }))} />
    </>
  );
}
