import type { Proc } from "./processes";

export type Simulators = { procs: Proc[]; env: Record<string, string>; notes: string[] };

/** Vendor simulators for every vendor without credentials in the environment. */
export async function startSimulators(_env: NodeJS.ProcessEnv, _say: (s: string) => void): Promise<Simulators> {
  return { procs: [], env: {}, notes: [] };
}
