import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/page-header";
import { UnidentifiedQueue } from "@/components/unidentified/queue";

export default async function UnidentifiedPage() {
  await requirePageUser("unidentified");
  return (
    <>
      <PageHeader title="Unidentified contacts" subtitle="Calls, messages and emails nobody could be matched to. Link each to a person, create one, or ignore it." />
      <UnidentifiedQueue />
    </>
  );
}
