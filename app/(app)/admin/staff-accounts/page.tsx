import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { directoryConfigFromEnv } from "@/lib/staff/accounts/directory";
import { staffAccountsOverview } from "@/lib/staff/accounts/overview";
import { PageHeader } from "@/components/page-header";
import { StaffAccounts } from "@/components/admin/staff-accounts";

export const dynamic = "force-dynamic";

export default async function StaffAccountsPage() {
  await requirePageUser("users");
  const overview = await staffAccountsOverview(db, directoryConfigFromEnv());
  return (
    <>
      <PageHeader title="Staff on Aircall and Front" subtitle="Who each Aircall user and Front teammate is, so their calls and replies land on them." />
      <StaffAccounts overview={overview} />
    </>
  );
}
