import { readFileSync } from "node:fs";

/** The process and all its descendants (Linux /proc). */
function tree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
  return [pid, ...children.flatMap(tree)];
}

/**
 * CPU seconds (user + system) a process and its descendants have used so far, from
 * /proc/<pid>/stat (clock ticks of 10 ms). Null where /proc is not there. The difference
 * over a phase, divided by its requests, is the per-request CPU cost: unlike latency it
 * hardly moves when other work shares the machine.
 */
export function cpuSeconds(pid: number | undefined): number | null {
  if (!pid) return null;
  let ticks = 0;
  for (const p of tree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14, 15 of stat)
    } catch {
      // exited meanwhile
    }
  }
  return ticks / 100;
}
