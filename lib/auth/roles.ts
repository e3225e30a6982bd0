/**
 * Roles are cumulative: each role sees everything the one before it sees.
 * staff → softphone; ops → + Unidentified Contacts, Merge review; manager → + People, Analytics;
 * admin → + Users, Vendor syncs, Staff accounts.
 */
export const ROLES = ["staff", "ops", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { staff: 0, ops: 1, manager: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function hasRole(role: Role, atLeast: Role): boolean {
  return RANK[role] >= RANK[atLeast];
}

/** `profile`: one person's page (the screen pop opens it for staff); `people`: the list and search. */
/** `review`: possible matches, recent merges, un-merge and its undo (ops decide, managers and admins too). */
export type Area = "softphone" | "profile" | "unidentified" | "review" | "people" | "analytics" | "users" | "syncs";

export const AREA_ROLE: Record<Area, Role> = {
  softphone: "staff",
  profile: "staff",
  unidentified: "ops",
  review: "ops",
  people: "manager",
  analytics: "manager",
  users: "admin",
  syncs: "admin",
};

export const NAV: { area: Area; href: string; label: string }[] = [
  { area: "softphone", href: "/softphone", label: "Softphone" },
  { area: "unidentified", href: "/unidentified", label: "Unidentified" },
  { area: "review", href: "/review", label: "Merge review" },
  { area: "people", href: "/people", label: "People" },
  { area: "analytics", href: "/analytics", label: "Analytics" },
  { area: "users", href: "/admin/users", label: "Users" },
  { area: "syncs", href: "/admin/syncs", label: "Vendor syncs" },
  { area: "users", href: "/admin/staff-accounts", label: "Staff accounts" },
];

export function canAccess(role: Role, area: Area): boolean {
  return hasRole(role, AREA_ROLE[area]);
}

export function navFor(role: Role) {
  return NAV.filter((item) => canAccess(role, item.area));
}
