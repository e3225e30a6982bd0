import { z } from "zod";
import type { ContactRef, InteractionDraft } from "./connectors/types";

/**
 * Events that are not conversations with a customer: our own test numbers,
 * automated senders. Configuration, not code: INTERACTION_SKIP_RULES holds
 * this shape as JSON; the defaults cover the usual automated mailboxes.
 */
export const skipRulesSchema = z.object({
  testNumbers: z.array(z.string()).default([]),
  automatedEmailPatterns: z.array(z.string()).default(["^no-?reply@", "^notifications?@", "^mailer-daemon@", "^postmaster@", "^bounces?[+@]"]),
  /** Our shared lines (the main business number): calls to them need no staff member. */
  sharedLines: z.array(z.string()).default([]),
});
export type SkipRules = z.infer<typeof skipRulesSchema>;

export function loadSkipRules(json: string | undefined): SkipRules {
  if (!json) return skipRulesSchema.parse({});
  const parsed = skipRulesSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`INTERACTION_SKIP_RULES is invalid: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

export function skipReason(contact: ContactRef | null, rules: SkipRules): string | null {
  if (!contact) return null;
  if (contact.kind === "phone" && rules.testNumbers.includes(contact.value)) return "internal test number";
  if (contact.kind === "email" && rules.automatedEmailPatterns.some((p) => new RegExp(p, "i").test(contact.value))) {
    return "automated sender";
  }
  return null;
}

export function needsStaff(draft: InteractionDraft, rules: SkipRules): boolean {
  if (!draft.staff) return false;
  return !(draft.staff.kind === "phone" && rules.sharedLines.includes(draft.staff.value));
}
