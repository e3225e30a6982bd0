/** Disjoint sets over 0..n-1 in typed arrays: union by size, path halving. */
export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;

  constructor(n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }

  find(x: number): number {
    const p = this.parent;
    let r = x;
    while (p[r] !== r) {
      const gp = p[p[r]!]!;
      p[r] = gp;
      r = gp;
    }
    return r;
  }

  /** Joins two roots (both must be roots); returns the surviving root. */
  unionRoots(ra: number, rb: number): number {
    if (ra === rb) return ra;
    const s = this.size;
    const [big, small] = s[ra]! >= s[rb]! ? [ra, rb] : [rb, ra];
    this.parent[small] = big;
    s[big]! += s[small]!;
    return big;
  }

  union(a: number, b: number): number {
    return this.unionRoots(this.find(a), this.find(b));
  }
}
