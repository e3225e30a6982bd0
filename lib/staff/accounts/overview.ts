import type { Db } from "@/lib/db/client";
import { fetchVendorAccounts, type DirectoryConfig } from "./directory";
import { staffAndMappings } from "./map-account";
import { suggestMappings, type AccountRow, type StaffMember } from "./suggest";

export type AccountOverviewRow = AccountRow & { waiting: number };
export type StaffAccountsOverview = { staff: StaffMember[]; accounts: AccountOverviewRow[]; errors: string[] };

/** What the admin page shows: every vendor account, whom it is mapped to or suggested for, and what waits on it. */
export async function staffAccountsOverview(db: Db, config: DirectoryConfig): Promise<StaffAccountsOverview> {
  const [{ accounts, errors }, { staff, mappings, waiting }] = await Promise.all([fetchVendorAccounts(config), staffAndMappings(db)]);
  const rows = suggestMappings(staff, accounts, mappings).map((r) => ({ ...r, waiting: waiting[`${r.kind}:${r.externalId}`] ?? 0 }));
  // Accounts that events wait on but the directory does not list (deleted, or no directory configured).
  const listed = new Set(rows.map((r) => `${r.kind}:${r.externalId}`));
  for (const [key, n] of Object.entries(waiting)) {
    if (listed.has(key)) continue;
    const [kind, externalId] = key.split(/:(.*)/s) as [AccountRow["kind"], string];
    const mappedTo = mappings.find((m) => m.kind === kind && m.externalId === externalId)?.staffId ?? null;
    rows.push({ kind, externalId, name: externalId, email: null, mappedTo, suggested: null, waiting: n });
  }
  return { staff, accounts: rows, errors };
}
