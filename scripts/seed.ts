import { createDb, databaseUrl } from "@/lib/db/client";
import { DEMO_PASSWORD, DEMO_USERS, isEmpty, seedDemo } from "@/lib/seed/demo-data";

/** `npm run db:seed`: demo data, only into an empty database. */
const db = createDb(databaseUrl());
try {
  if (!(await isEmpty(db))) {
    console.log("database already has users; not seeding");
  } else {
    const t = Date.now();
    const r = await seedDemo(db);
    console.log(`seeded ${r.users} users and ${r.people} people in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    for (const u of DEMO_USERS) console.log(`  ${u.role.padEnd(8)} ${u.email} / ${DEMO_PASSWORD}`);
  }
} finally {
  await db.$disconnect();
}
