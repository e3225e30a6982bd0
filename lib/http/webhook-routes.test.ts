import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { WEBHOOK_ROUTE_MODULES } from "./webhook-routes";

const root = path.resolve(import.meta.dirname, "../..");
const webhooksDir = path.join(root, "app/api/webhooks");

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

describe("the webhook lane's routes", () => {
  it("are every route file under app/api/webhooks, each at the path the App Router gives it, with the module's own POST", async () => {
    const files = routeFiles(webhooksDir);
    const byPath = Object.fromEntries(files.map((f) => ["/" + path.relative(path.join(root, "app"), path.dirname(f)).split(path.sep).join("/"), f]));
    expect(Object.keys(WEBHOOK_ROUTE_MODULES).sort()).toEqual(Object.keys(byPath).sort());
    for (const [route, file] of Object.entries(byPath)) {
      const mod = (await import(file)) as Record<string, unknown>;
      expect(WEBHOOK_ROUTE_MODULES[route]!.POST, route).toBe(mod.POST);
      // every vendor webhook carries its plain-value handling, which spares the lane the Fetch objects
      if (!route.endsWith("/milestones")) expect(typeof (mod.POST as { answer?: unknown }).answer, route).toBe("function");
      // the lane serves POST only: a route that answers another method would be missed
      expect(Object.keys(mod).filter((k) => /^(GET|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(k)), route).toEqual([]);
    }
  });
});
