import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { VENDOR_VARIABLES } from "@/lib/config/deployment";
import { WEB_DRAIN_MS, WORKER_DRAIN_MS } from "@/lib/config/drain";
import { loadManifests, MANIFEST_DIR, schemaProblem, type Manifest } from "./manifests";

type Container = {
  name: string;
  image: string;
  command?: string[];
  ports?: { name?: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  lifecycle?: { preStop?: { exec?: { command: string[] } } };
};
type PodSpec = { terminationGracePeriodSeconds?: number; securityContext?: { runAsNonRoot?: boolean; runAsUser?: number }; containers: Container[] };
type Workload = Manifest & { spec: { template: { metadata?: { labels?: Record<string, string> }; spec: PodSpec }; strategy?: { type: string; rollingUpdate?: { maxSurge?: number; maxUnavailable?: number } } } };

const root = path.resolve(MANIFEST_DIR, "../..");
const all = loadManifests();
const byKind = (kind: string) => all.filter((m) => m.kind === kind);
const named = <T extends Manifest>(kind: string, name: string) => {
  const m = all.find((x) => x.kind === kind && x.metadata.name === name);
  if (!m) throw new Error(`no ${kind} ${name} in deploy/k8s`);
  return m as T;
};
const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const preStopSeconds = (c: Container) => {
  const cmd = c.lifecycle?.preStop?.exec?.command;
  return cmd?.[0] === "sleep" ? Number(cmd[1]) : 0;
};

describe("deploy/k8s against the Kubernetes schema (kubernetes-models, offline)", () => {
  it("holds every object we deploy, each valid", () => {
    expect(all.map((m) => `${m.kind}/${m.metadata.name}`).sort()).toEqual([
      "ConfigMap/switchboard-config",
      "Deployment/switchboard-web",
      "Deployment/switchboard-worker",
      "Job/switchboard-migrate",
      "PodDisruptionBudget/switchboard-web",
      "PodDisruptionBudget/switchboard-worker",
      "Secret/switchboard-secrets",
      "Service/switchboard-web",
    ]);
    for (const m of all) expect(schemaProblem(m), `${m.file} ${m.kind}/${m.metadata.name}`).toBeNull();
  });

  it("refuses a broken manifest: a wrong field type, a missing required field, an unknown kind, bad YAML", () => {
    const web = structuredClone(named<Workload>("Deployment", "switchboard-web"));
    expect(schemaProblem({ ...web, spec: { ...web.spec, replicas: "two" } })).toMatch(/replicas must be integer/);
    const port = structuredClone(web);
    port.spec.template.spec.containers[0]!.ports = [{ containerPort: "http" as unknown as number }];
    expect(schemaProblem(port)).toMatch(/containerPort must be integer/);
    const { selector: _selector, ...noSelector } = web.spec as Workload["spec"] & { selector: unknown };
    expect(schemaProblem({ ...web, spec: noSelector })).toMatch(/selector/);
    expect(schemaProblem({ ...web, apiVersion: "extensions/v1beta1" })).toMatch(/no schema/);
    const dir = mkdtempSync(path.join(os.tmpdir(), "sb-k8s-"));
    try {
      writeFileSync(path.join(dir, "bad.yaml"), "kind: Service\nmetadata: { name: [unclosed\n");
      expect(() => loadManifests(dir)).toThrow(/bad\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("deploy/k8s: how a rollout behaves", () => {
  const deployments = byKind("Deployment") as Workload[];
  const drainMs: Record<string, number> = { "switchboard-web": WEB_DRAIN_MS, "switchboard-worker": WORKER_DRAIN_MS };

  it.each(deployments.map((d) => [d.metadata.name, d] as const))("%s starts the new pod first and outlives its drain", (name, d) => {
    expect(d.spec.strategy).toEqual({ type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } });
    const pod = d.spec.template.spec;
    const [c] = pod.containers;
    expect(c!.readinessProbe?.httpGet?.path).toBe("/api/health");
    expect(c!.livenessProbe?.httpGet?.path).toBe("/api/live");
    // the probes' port is one the container declares
    for (const probe of [c!.readinessProbe, c!.livenessProbe]) expect(c!.ports?.map((p) => p.name)).toContain(probe?.httpGet?.port);
    expect(drainMs[name]).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(preStopSeconds(c!) * 1000 + drainMs[name]!);
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001 });
  });

  it("gives each Deployment a PodDisruptionBudget, and the Service the web pods", () => {
    const pdbs = byKind("PodDisruptionBudget") as (Manifest & { spec: { minAvailable?: number; selector: { matchLabels: Record<string, string> } } })[];
    for (const d of deployments) {
      const labels = d.spec.template.metadata?.labels;
      const covering = pdbs.filter((p) => matches(p.spec.selector.matchLabels, labels));
      expect(covering, d.metadata.name).toHaveLength(1);
      expect(covering[0]!.spec.minAvailable).toBeGreaterThanOrEqual(1);
    }
    const service = named<Manifest & { spec: { selector: Record<string, string>; ports: { targetPort: string }[] } }>("Service", "switchboard-web");
    const web = named<Workload>("Deployment", "switchboard-web");
    expect(matches(service.spec.selector, web.spec.template.metadata?.labels)).toBe(true);
    expect(matches(service.spec.selector, named<Workload>("Deployment", "switchboard-worker").spec.template.metadata?.labels)).toBe(false);
    expect(web.spec.template.spec.containers[0]!.ports?.map((p) => p.name)).toContain(service.spec.ports[0]!.targetPort);
  });

  it("reads its settings from the ConfigMap and the Secret, which names every variable production requires and holds no value", () => {
    const config = named<Manifest & { data: Record<string, string> }>("ConfigMap", "switchboard-config");
    const secret = named<Manifest & { stringData: Record<string, string> }>("Secret", "switchboard-secrets");
    for (const w of [...deployments, named<Workload>("Job", "switchboard-migrate")]) {
      const refs = w.spec.template.spec.containers[0]!.envFrom ?? [];
      expect(refs.map((r) => r.configMapRef?.name ?? r.secretRef?.name).sort(), w.metadata.name).toEqual(["switchboard-config", "switchboard-secrets"]);
    }
    const required = ["DATABASE_URL", "BETTER_AUTH_SECRET", ...Object.values(VENDOR_VARIABLES).flat()];
    expect(Object.keys(secret.stringData)).toEqual(expect.arrayContaining(required));
    expect(Object.values(secret.stringData).every((v) => v === "")).toBe(true);
    expect(config.data).toMatchObject({ NODE_ENV: "production", SWITCHBOARD_MODE: "production" });
    expect(config.data.PUBLIC_BASE_URL).toMatch(/^https:\/\//);
  });

  it("runs our own migration command in a Job, from an image the Dockerfile builds with the bundles it runs", () => {
    const job = named<Workload>("Job", "switchboard-migrate");
    const dockerfile = readFileSync(path.join(root, "Dockerfile"), "utf8");
    const [c] = job.spec.template.spec.containers;
    expect(c!.command).toEqual(["node", "dist/migrate.mjs"]);
    expect(readFileSync(path.join(root, "scripts/bundle.ts"), "utf8")).toMatch(/migrate: \{ entry: "scripts\/migrate\.ts"/);
    for (const d of [...deployments, job]) {
      const image = d.spec.template.spec.containers[0]!.image;
      const target = image.match(/^switchboard-(web|worker):/)?.[1];
      expect(target, image).toBeDefined();
      expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${target}$`, "m"));
    }
    expect(dockerfile).toMatch(/^USER 10001:10001$/m);
    expect(readFileSync(path.join(MANIFEST_DIR, "rollout.sh"), "utf8")).toMatch(/wait --for=condition=complete[^\n]*job\/switchboard-migrate[\s\S]*apply -f "\$dir\/web\.yaml"/);
    for (const route of ["app/api/health/route.ts", "app/api/live/route.ts"]) expect(existsSync(path.join(root, route)), route).toBe(true);
  });
});
