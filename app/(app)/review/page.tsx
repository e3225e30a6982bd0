import { requirePageUser } from "@/lib/auth/session";
import { PageHeader } from "@/components/page-header";
import { ReviewQueue } from "@/components/review/review-queue";
import { RecentMerges } from "@/components/review/recent-merges";

export default async function ReviewPage() {
  await requirePageUser("review");
  return (
    <>
      <PageHeader title="Merge review" subtitle="Pairs the identity engine was unsure of: confirm they are one person, or keep them apart." />
      <ReviewQueue />
      <RecentMerges />
    </>
  );
}
