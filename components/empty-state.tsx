export function EmptyState({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center">
      <h2 className="font-medium">{title}</h2>
      <div className="mx-auto mt-2 max-w-md text-sm text-slate-500">{children}</div>
    </div>
  );
}
