// Helpers for identity-source drafts: fields kept as written, only trimmed.

export function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** "Mary Jane Smith" → first "Mary", last "Jane Smith"; one word is a first name only. */
export function splitFullName(fullName: string | null | undefined): { first_name: string | null; last_name: string | null } {
  const words = clean(fullName)?.split(/\s+/) ?? [];
  return { first_name: words[0] ?? null, last_name: words.length > 1 ? words.slice(1).join(" ") : null };
}

export function isoToDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}
