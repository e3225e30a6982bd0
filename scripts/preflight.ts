/**
 * Preloaded (`node --import tsx --import ./scripts/preflight.ts …`) by every npm
 * command that may import the Prisma client: generates it before the entry module
 * is even resolved, so a fresh clone needs no manual step (ES imports are linked
 * before any code runs, so the entry itself could not do this in time).
 */
import path from "node:path";
import { ensurePrismaClient } from "./lib/prisma-client";

const root = path.resolve(import.meta.dirname, "..");
if (ensurePrismaClient(root) === "generated") console.error("preflight: generated the Prisma client (lib/db/generated)");
