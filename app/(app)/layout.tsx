import { requireSignedIn } from "@/lib/auth/session";
import { navFor } from "@/lib/auth/roles";
import { AppNav } from "@/components/app-nav";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import { RealtimeStatus } from "@/components/realtime/realtime-status";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await requireSignedIn();
  return (
    // one push connection per tab, for signed-in pages only (the login page has no session)
    <RealtimeProvider>
      <div className="flex min-h-full">
        <AppNav items={navFor(user.role)} user={{ name: user.name, email: user.email, role: user.role }} />
        <main className="flex-1 p-8">
          <RealtimeStatus />
          {children}
        </main>
      </div>
    </RealtimeProvider>
  );
}
