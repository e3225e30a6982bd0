import path from "node:path";
import { ensurePrismaClient } from "./lib/prisma-client";

/** `npm run db:generate` (also run by `npm install`): the Prisma client, offline; `--force` regenerates. */
const root = path.resolve(import.meta.dirname, "..");
const r = ensurePrismaClient(root, { force: process.argv.includes("--force") });
console.log(r === "generated" ? "Prisma client generated (lib/db/generated)" : "Prisma client is current");
