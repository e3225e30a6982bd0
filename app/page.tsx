import { redirect } from "next/navigation";
import { requireSignedIn } from "@/lib/auth/session";
import { navFor } from "@/lib/auth/roles";

export const dynamic = "force-dynamic";

export default async function Home() {
  const user = await requireSignedIn();
  redirect(navFor(user.role)[0]?.href ?? "/login");
}
