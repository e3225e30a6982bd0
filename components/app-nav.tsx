"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { authClient } from "@/lib/auth/client";

type Item = { href: string; label: string };

export function AppNav({ items, user }: { items: Item[]; user: { name: string; email: string; role: string } }) {
  const pathname = usePathname();
  const router = useRouter();

  async function signOut() {
    await authClient.signOut();
    router.replace("/login");
    router.refresh();
  }

  return (
    <nav aria-label="Main" className="flex w-full flex-col border-b border-slate-200 bg-white p-4 md:w-56 md:border-b-0 md:border-r">
      <div className="mb-2 px-2 text-lg font-semibold tracking-tight md:mb-6">Switchboard</div>
      <ul className="flex flex-wrap gap-1 md:block md:space-y-1">
        {items.map((item) => {
          const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={`block rounded-md px-2 py-1.5 text-sm ${active ? "bg-brand-50 font-medium text-brand-700" : "text-slate-700 hover:bg-slate-100"}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
      <div className="mt-3 border-t border-slate-200 pt-3 text-sm md:mt-auto md:pt-4">
        <div className="truncate font-medium">{user.name}</div>
        <div className="truncate text-slate-500">{user.email}</div>
        <div className="mt-1 inline-block rounded bg-slate-100 px-1.5 py-0.5 text-xs uppercase text-slate-600" data-testid="role">
          {user.role}
        </div>
        <button type="button" onClick={signOut} className="mt-3 block text-slate-600 underline hover:text-slate-900">
          Sign out
        </button>
      </div>
    </nav>
  );
}
