/** A staff filter's options: anyone (the empty value), then each staff member by name. */
export function StaffOptions({ staff }: { staff: readonly { id: string; displayName: string }[] }) {
  return (
    <>
      <option value="">Anyone</option>
      {staff.map((s) => (
        <option key={s.id} value={s.id}>
          {s.displayName}
        </option>
      ))}
    </>
  );
}
