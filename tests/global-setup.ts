import type { TestProject } from "vitest/node";
import { migrate } from "@/lib/db/migrate";
import { dropDatabase, ensureDatabase, provideServer } from "@/scripts/lib/database";
import { assertLocalDatabase } from "./support/local-only";

declare module "vitest" {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

/**
 * Integration tests get a real Postgres: DATABASE_URL's server, or an embedded
 * one under .data/pg-test. A migrated template database is made once per run;
 * each test file clones it (tests/support/test-db.ts) and drops its clone.
 */
export default async function setup(project: TestProject) {
  const server = await provideServer("pg-test", Number(process.env.EMBEDDED_PG_TEST_PORT ?? 54330), () => {});
  assertLocalDatabase(server.serverUrl);
  const template = `sb_template_${process.pid}`;
  await dropDatabase(server.serverUrl, template);
  const url = await ensureDatabase(server.serverUrl, template);
  await migrate(url);
  project.provide("pgServerUrl", server.serverUrl);
  project.provide("pgTemplate", template);
  return async () => {
    await dropDatabase(server.serverUrl, template);
    await server.embedded?.stop();
  };
}
