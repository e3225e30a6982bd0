import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The command line of a web process, as every launcher (npm start, the e2e server,
 * the benchmarks) runs it: our front door around Next (web/main.ts). tsx as a loader
 * in the same process, so a signal reaches the server itself.
 */
export function webCommand(mode: "dev" | "start", nodeFlags: string[] = []): { cmd: string; args: string[] } {
  return { cmd: process.execPath, args: [...nodeFlags, "--import", "tsx", path.join(root, "web/main.ts"), ...(mode === "dev" ? ["--dev"] : [])] };
}
