import { describe, expect, it } from "vitest";
import { UnionFind } from "./union-find";

describe("UnionFind", () => {
  it("joins sets and finds roots", () => {
    const uf = new UnionFind(6);
    uf.union(0, 1);
    uf.union(2, 3);
    uf.union(1, 3);
    expect(uf.find(0)).toBe(uf.find(2));
    expect(uf.find(4)).not.toBe(uf.find(0));
    expect(uf.size[uf.find(0)]).toBe(4);
  });

  it("stays shallow on a long chain", () => {
    const n = 100_000;
    const uf = new UnionFind(n);
    for (let i = 1; i < n; i++) uf.union(i - 1, i);
    const root = uf.find(n - 1);
    for (let i = 0; i < n; i += 997) expect(uf.find(i)).toBe(root);
    expect(uf.size[root]).toBe(n);
  });
});
