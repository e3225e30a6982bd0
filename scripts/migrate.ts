import { databaseUrl } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";

/** `npm run db:migrate`: apply every pending SQL migration, each once, each in a transaction. */
const { applied } = await migrate(databaseUrl(), { log: (m) => console.log(m) });
console.log(applied.length ? `${applied.length} migration(s) applied` : "migrations are current");
