import { ROLES, hasRole, type Role } from "@/lib/auth/roles";
import { audience, type Audience } from "./events";

/**
 * Every audience a signed-in user hears: `all`, themselves, each role at or below
 * theirs (roles are cumulative, as in lib/auth/roles.ts) and, when they are staff,
 * their staff line. Nobody hears another staff member's `staff:` events.
 */
export function audiencesFor(user: { id: string; role: Role }, staffId: string | null): ReadonlySet<Audience> {
  const set = new Set<Audience>([audience.all, audience.user(user.id)]);
  for (const role of ROLES) if (hasRole(user.role, role)) set.add(audience.role(role));
  if (staffId) set.add(audience.staff(staffId));
  return set;
}

export function hears(audiences: ReadonlySet<string>, eventAudience: string): boolean {
  return audiences.has(eventAudience);
}
