import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/page-header";
import { UnidentifiedQueue } from "@/components/unidentified/queue";

export default async function UnidentifiedPage({ searchParams }: { searchParams: Promise<{ contact?: string }> }) {
  await requirePageUser("unidentified");
  const { contact } = await searchParams;
  return (
    <>
      <PageHeader title="Unidentified contacts" subtitle="Calls, messages and emails nobody could be matched to. Link each to a person, create one, or ignore it." />
      <UnidentifiedQueue initialContact={typeof contact === "string" && /^(phone|email):.{1,320}$/.test(contact) ? contact : null} />
    </>
  );
}
