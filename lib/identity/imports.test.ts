import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// eslint.config.mjs keeps imports one way (interactions → identity); this proves the rule bites.
const root = path.resolve(import.meta.dirname, "../..");
const lint = async (file: string, code: string) => {
  const [result] = await new ESLint({ cwd: root }).lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
};

describe("identity never imports interactions", () => {
  it("refuses an import of lib/interactions from lib/identity, by alias or relative path, types included", async () => {
    const code = 'import type { ContactRef } from "@/lib/interactions/connectors/types";\nimport { toInteraction } from "../../interactions/connectors";\nexport type A = ContactRef;\nexport const b = toInteraction;\n';
    const found = await lint("lib/identity/db/probe.ts", code);
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/lib\/identity must not import lib\/interactions/);
    // the same lines are fine in interactions (it may import identity), and identity may use lib/capture
    expect(await lint("lib/interactions/probe.ts", code.replaceAll("../../interactions/", "./"))).toEqual([]);
    expect(await lint("lib/identity/probe.ts", 'import type { Vendor } from "@/lib/capture/types";\nexport type V = Vendor;\n')).toEqual([]);
  }, 60_000);
});
