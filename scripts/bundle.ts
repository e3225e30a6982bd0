/**
 * `npm run bundle`: the processes the image runs, compiled to plain ESM under dist/ so
 * production needs neither tsx nor TypeScript (the Dockerfile runs this after `next build`):
 * dist/web.mjs (web/main.ts, run inside Next's standalone output), dist/worker.mjs
 * (workers/main.ts) and dist/migrate.mjs (scripts/migrate.ts, the migrations Job).
 * Our code (and the generated Prisma client) is bundled. The worker's and the migrator's packages
 * stay imports, resolved from the image's production node_modules. The web runs in the standalone
 * tree, whose node_modules hold only what Next traced: there, only Next itself and the packages
 * next.config.ts keeps external (plus @prisma/client, external by Next's default) stay imports;
 * anything else web/main.ts reaches (zod) is bundled in.
 */
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");

const STANDALONE_EXTERNAL = ["next", "@prisma/client", "@prisma/adapter-pg", "pg", "pino"];

export const ENTRIES = {
  web: { entry: "web/main.ts", external: STANDALONE_EXTERNAL },
  worker: { entry: "workers/main.ts", external: "packages" },
  migrate: { entry: "scripts/migrate.ts", external: "packages" },
} as const;

export async function bundle(outdir = path.join(root, "dist")): Promise<string[]> {
  const written: string[] = [];
  for (const [name, { entry, external }] of Object.entries(ENTRIES)) {
    const outfile = path.join(outdir, `${name}.mjs`);
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      ...(external === "packages" ? { packages: "external" as const } : { external: [...external, ...external.map((p) => `${p}/*`)] }),
      tsconfig: path.join(root, "tsconfig.json"),
      // bundled ESM still meets CommonJS habits in our deps' callers (require, __dirname)
      banner: { js: 'import { createRequire as __sbRequire } from "node:module"; const require = __sbRequire(import.meta.url);' },
      sourcemap: "linked",
      logLevel: "warning",
    });
    written.push(path.relative(root, outfile));
  }
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await bundle();
  console.log(`bundled ${files.join(", ")}`);
}
