import { StaffOptions } from "./staff-options";

const field = "rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm";

/** Search, filters and sort, as a plain GET form: the URL is the list's state (shareable, back button). */
export function PeopleFilterForm({ values, staff }: { values: Record<string, string>; staff: { id: string; displayName: string }[] }) {
  return (
    <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="People">
      <label className="flex flex-col gap-1">
        <span>Search</span>
        <input name="q" type="search" defaultValue={values.q} placeholder="Name, email or phone" className={`${field} w-72`} />
      </label>
      <label className="flex flex-col gap-1">
        <span>Source</span>
        <select name="source" defaultValue={values.source ?? ""} className={field}>
          <option value="">Any</option>
          <option value="order">Orders</option>
          <option value="sbm">SimplyBookMe</option>
          <option value="aj">AppointJet</option>
          <option value="aj_partner">AppointJet partner</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span>Interactions</span>
        <select name="interactions" defaultValue={values.interactions ?? ""} className={field}>
          <option value="">Any or none</option>
          <option value="any">Has interactions</option>
          <option value="none">None yet</option>
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span>Last contact from</span>
        <input name="contactFrom" type="date" defaultValue={values.contactFrom} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        <span>Last contact to</span>
        <input name="contactTo" type="date" defaultValue={values.contactTo} className={field} />
      </label>
      <label className="flex flex-col gap-1">
        <span>Assigned staff</span>
        <select name="staff" defaultValue={values.staff ?? ""} className={field}>
          <StaffOptions staff={staff} />
        </select>
      </label>
      <label className="flex flex-col gap-1">
        <span>Sort</span>
        <select name="sort" defaultValue={values.sort ?? "name"} className={field}>
          <option value="name">Name</option>
          <option value="recent">Last contact</option>
        </select>
      </label>
      <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-white">
        Search
      </button>
    </form>
  );
}
