import { z } from "zod";
import { requireApiUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { readJson } from "@/lib/http/read-json";
import { contactSchema, createPersonFromContact, ignoreContact, linkContact, normaliseContact } from "@/lib/interactions/contact-decisions";
import { processOptionsFromEnv } from "@/lib/interactions/process-options";

export const dynamic = "force-dynamic";

const body = z.discriminatedUnion("action", [
  z.object({ action: z.literal("link"), contact: contactSchema, personId: z.string().uuid() }),
  z.object({ action: z.literal("create"), contact: contactSchema, firstName: z.string().max(100).optional(), lastName: z.string().max(100).optional() }),
  z.object({ action: z.literal("ignore"), contact: contactSchema }),
]);

/** Ops decide about an unidentified contact: link it to a person, create a person from it, or ignore it. */
export async function POST(req: Request) {
  const a = await requireApiUser(req, "unidentified");
  if (!a.ok) return a.response;
  const parsed = await readJson(req, body);
  if (!parsed.ok) return parsed.response;
  const d = parsed.data;
  const contact = normaliseContact(d.contact);
  if (!contact) return Response.json({ error: `not a valid ${d.contact.kind}` }, { status: 400 });
  const actor = a.user.email;
  const opts = processOptionsFromEnv();
  if (d.action === "link") {
    const r = await linkContact(db, { contact, personId: d.personId, actor }, opts);
    if ("error" in r) return Response.json({ error: "no such person" }, { status: 404 });
    return Response.json(r, { status: 201 });
  }
  if (d.action === "create") return Response.json(await createPersonFromContact(db, { contact, firstName: d.firstName, lastName: d.lastName, actor }, opts), { status: 201 });
  return Response.json(await ignoreContact(db, { contact, actor }), { status: 201 });
}
