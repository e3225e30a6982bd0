import { requirePageUser } from "@/lib/auth/session";
import { staffForUser } from "@/lib/staff/staff-for-user";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";

export default async function SoftphonePage() {
  const user = await requirePageUser("softphone");
  const staff = await staffForUser(user.id);
  return (
    <>
      <PageHeader title="Softphone" subtitle={staff ? `You are ${staff.presence}.` : "Your account has no staff line yet."} />
      <EmptyState title="No calls right now">
        When a call rings, the caller&apos;s profile opens here: name, recent orders and bookings, and the last conversations.
      </EmptyState>
    </>
  );
}
