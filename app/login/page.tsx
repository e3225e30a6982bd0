import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { LoginForm } from "@/components/login-form";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await getSessionUser(await headers())) redirect("/");
  return (
    <main className="flex min-h-full items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-xl font-semibold">Switchboard</h1>
        <p className="mt-1 text-sm text-slate-500">Sign in with your staff account.</p>
        <LoginForm />
      </div>
    </main>
  );
}
