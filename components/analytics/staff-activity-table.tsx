import type { StaffDay } from "@/lib/analytics/staff-activity";
import { formatDuration } from "@/lib/analytics/format";

export function StaffActivityTable({ rows, days }: { rows: StaffDay[]; days: number }) {
  return (
    <section aria-labelledby="staff-activity-title" className="mt-8">
      <h2 id="staff-activity-title" className="mb-1 text-lg font-semibold">
        Staff activity, last {days} days
      </h2>
      <p className="mb-2 text-sm text-slate-600">Inbound calls that rang each person, by day (UTC).</p>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-600">No calls rang anyone in this period.</p>
      ) : (
        <div className="max-h-96 overflow-auto rounded-xl bg-white shadow-sm" tabIndex={0} role="region" aria-labelledby="staff-activity-title">
          <table className="w-full text-left text-sm" data-testid="staff-activity">
            <thead className="sticky top-0 bg-white text-slate-600">
              <tr>
                <th scope="col" className="p-2">Day</th>
                <th scope="col" className="p-2">Staff</th>
                <th scope="col" className="p-2">Answered</th>
                <th scope="col" className="p-2">Missed</th>
                <th scope="col" className="p-2">Talk time</th>
                <th scope="col" className="p-2">Median time to answer</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={`${r.day}-${r.staffId}`} className="border-t border-slate-100">
                  <td className="p-2">{r.day}</td>
                  <th scope="row" className="p-2 font-normal">{r.staff}</th>
                  <td className="p-2">{r.answered}</td>
                  <td className="p-2">{r.missed}</td>
                  <td className="p-2">{formatDuration(r.talkS)}</td>
                  <td className="p-2">{formatDuration(r.medianAnswerS)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
