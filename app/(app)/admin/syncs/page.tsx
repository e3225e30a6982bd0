import { requirePageUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { incidentHistory } from "@/lib/frontcheck/incidents";
import { syncStatuses } from "@/lib/sync/status-view";
import { PageHeader } from "@/components/page-header";
import { IncidentHistory, SyncStatusTable } from "@/components/admin/sync-status";

export const dynamic = "force-dynamic";

export default async function SyncsPage() {
  await requirePageUser("syncs");
  const [syncs, incidents] = await Promise.all([syncStatuses(db), incidentHistory(db)]);
  return (
    <>
      <PageHeader title="Vendor syncs" subtitle="The backstops behind Front's and Aircall's webhooks, and FrontCheck's incidents." />
      <SyncStatusTable syncs={syncs} />
      <IncidentHistory incidents={incidents} />
    </>
  );
}
