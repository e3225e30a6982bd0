import { requireSignedIn } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { openIncident } from "@/lib/frontcheck/incidents";
import { navFor } from "@/lib/auth/roles";
import { softphoneConfig } from "@/lib/softphone/config";
import { staffForUser } from "@/lib/staff/staff-for-user";
import { AppNav } from "@/components/app-nav";
import { IncidentBanner } from "@/components/frontcheck/incident-banner";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { RealtimeStatus } from "@/components/realtime/realtime-status";
import { CallBar } from "@/components/softphone/call-bar";
import { SoftphoneProvider } from "@/components/softphone/softphone-provider";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireSignedIn();
  const staff = await staffForUser(user.id);
  const incident = await openIncident(db);
  const page = (
    <div className="flex min-h-full flex-col md:flex-row">
      <AppNav items={navFor(user.role)} user={{ name: user.name, email: user.email, role: user.role }} />
      <main className="min-w-0 flex-1 p-4 md:p-8">
        <RealtimeStatus />
        <IncidentBanner
          initial={incident && { incidentId: incident.id, startedAt: incident.startedAt.toISOString(), eventsRecovered: incident.eventsRecovered }}
        />
        {staff && <CallBar />}
        {children}
      </main>
    </div>
  );
  // one push connection per tab, for signed-in pages only (the login page has no session)
  if (!staff) return <RealtimeProvider>{page}</RealtimeProvider>;
  // The phone lives here, above every page, so a call survives moving between pages.
  const { heartbeatIntervalS, wrapUpTimeoutS } = softphoneConfig();
  const settings = { heartbeatIntervalS, wrapUpTimeoutS, onShift: staff.presence !== "offline" };
  return (
    <RealtimeProvider>
      <SoftphoneProvider settings={settings}>{page}</SoftphoneProvider>
    </RealtimeProvider>
  );
}
