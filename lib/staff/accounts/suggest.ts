// Which vendor account is which staff member, suggested by email (pure).
import type { VendorAccount } from "./directory";

export interface StaffMember {
  id: string;
  displayName: string;
  email: string | null;
}
export interface Mapping {
  kind: VendorAccount["kind"];
  externalId: string;
  staffId: string;
}
export interface AccountRow extends VendorAccount {
  /** The staff member it is mapped to now. */
  mappedTo: string | null;
  /** Unmapped: the staff member with the same email, if exactly one. */
  suggested: string | null;
}

const canonical = (email: string | null | undefined) => email?.trim().toLowerCase() || null;

export function suggestMappings(staff: StaffMember[], accounts: VendorAccount[], mappings: Mapping[]): AccountRow[] {
  const byEmail = new Map<string, string[]>();
  for (const s of staff) {
    const e = canonical(s.email);
    if (e) byEmail.set(e, [...(byEmail.get(e) ?? []), s.id]);
  }
  const mapped = new Map(mappings.map((m) => [`${m.kind}:${m.externalId}`, m.staffId]));
  // A staff member already mapped for a vendor is not suggested again for another account of it.
  const taken = new Set(mappings.map((m) => `${m.kind}:${m.staffId}`));
  return accounts.map((a) => {
    const mappedTo = mapped.get(`${a.kind}:${a.externalId}`) ?? null;
    const same = byEmail.get(canonical(a.email) ?? "") ?? [];
    const suggested = !mappedTo && same.length === 1 && !taken.has(`${a.kind}:${same[0]}`) ? same[0]! : null;
    return { ...a, mappedTo, suggested };
  });
}
