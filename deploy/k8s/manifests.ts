// The manifests under deploy/k8s, read and checked against the Kubernetes schema offline
// (kubernetes-models: each kind's OpenAPI schema, validated with ajv). Used by manifests.test.ts.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Job } from "kubernetes-models/batch/v1/Job";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { parseAllDocuments } from "yaml";

export const MANIFEST_DIR = import.meta.dirname;

export type Manifest = { file: string; apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string> }; [key: string]: unknown };

type Validatable = { validate(): void };
const MODELS: Record<string, (data: never) => Validatable> = {
  "v1/ConfigMap": (d) => new ConfigMap(d),
  "v1/Secret": (d) => new Secret(d),
  "v1/Service": (d) => new Service(d),
  "apps/v1/Deployment": (d) => new Deployment(d),
  "batch/v1/Job": (d) => new Job(d),
  "policy/v1/PodDisruptionBudget": (d) => new PodDisruptionBudget(d),
};

/** Every document of every .yaml file in `dir`; a YAML syntax error throws, naming the file. */
export function loadManifests(dir = MANIFEST_DIR): Manifest[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(dir, file), "utf8")).map((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      return { ...(doc.toJS() as Omit<Manifest, "file">), file } as Manifest;
    }),
  );
}

/** The schema's verdict on one object: null when valid, else why (an unknown kind is refused too). */
export function schemaProblem(manifest: Record<string, unknown>): string | null {
  const { file: _file, ...object } = manifest;
  const model = MODELS[`${String(object.apiVersion)}/${String(object.kind)}`];
  if (!model) return `no schema for ${String(object.apiVersion)} ${String(object.kind)} (known: ${Object.keys(MODELS).join(", ")})`;
  try {
    model(object as never).validate();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
