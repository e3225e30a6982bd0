import { canAccess } from "@/lib/auth/roles";
import { requirePageUser } from "@/lib/auth/session";
import { isProduction } from "@/lib/config/deployment";
import { softphoneConfig } from "@/lib/softphone/config";
import { staffForUser } from "@/lib/staff/staff-for-user";
import { PageHeader } from "@/components/page-header";
import { EmptyState } from "@/components/empty-state";
import { SoftphoneView } from "@/components/softphone/softphone-view";

export default async function SoftphonePage() {
  const user = await requirePageUser("softphone");
  const staff = await staffForUser(user.id);
  if (!staff) {
    return (
      <>
        <PageHeader title="Softphone" subtitle="Your account has no staff line yet." />
        <EmptyState title="No phone line">An admin can give your account a staff line; then calls ring here.</EmptyState>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Softphone" subtitle={`${staff.displayName}'s line`} />
      <SoftphoneView staffId={staff.id} wrapUpTimeoutS={softphoneConfig().wrapUpTimeoutS} demo={!isProduction() && Boolean(process.env.TWILIO_SIM_URL)} canTriage={canAccess(user.role, "unidentified")} />
    </>
  );
}
