import { spawn, type ChildProcess } from "node:child_process";

const COLORS = [36, 35, 33, 32, 34];

export type Proc = { name: string; child: ChildProcess; exited: Promise<number | null> };

/** Spawns a child whose output lines are prefixed with its name (`toStderr`: both streams to ours, keeping our stdout for results). */
export function run(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, i = 0, toStderr = false): Proc {
  const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  const tag = `\x1b[${COLORS[i % COLORS.length]}m${name.padEnd(7)}\x1b[0m│ `;
  const pipe = (stream: NodeJS.ReadableStream | null, out: NodeJS.WriteStream) => {
    let buf = "";
    stream?.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) out.write(tag + line + "\n");
    });
  };
  pipe(child.stdout, toStderr ? process.stderr : process.stdout);
  pipe(child.stderr, process.stderr);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { name, child, exited };
}

/** SIGTERM, then SIGKILL after `graceMs`. */
export async function stopAll(procs: Proc[], graceMs = 15_000): Promise<void> {
  await Promise.all(
    procs.map(async (p) => {
      if (p.child.exitCode !== null) return;
      p.child.kill("SIGTERM");
      const timer = setTimeout(() => p.child.kill("SIGKILL"), graceMs);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s`);
}

/** Resolves when the child prints `text` (stdout or stderr); rejects on exit or timeout. */
export function waitForOutput(p: Proc, text: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`${p.name} did not print "${text}" within ${timeoutMs / 1000} s`)), timeoutMs);
    const seen = (chunk: Buffer) => chunk.toString().includes(text) && finish(null);
    const finish = (e: Error | null) => {
      clearTimeout(timer);
      p.child.stdout?.off("data", seen);
      p.child.stderr?.off("data", seen);
      if (e) reject(e);
      else resolve();
    };
    p.child.stdout?.on("data", seen);
    p.child.stderr?.on("data", seen);
    void p.exited.then((code) => finish(new Error(`${p.name} exited (${code}) before printing "${text}"`)));
  });
}
