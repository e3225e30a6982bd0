/** An append-only list of record pairs with a weight and a small code, in typed arrays. */
export class PairLog {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  code: Uint8Array;
  length = 0;

  constructor(capacity = 1024) {
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.weight = new Float64Array(capacity);
    this.code = new Uint8Array(capacity);
  }

  push(a: number, b: number, weight: number, code: number): number {
    if (this.length === this.a.length) this.grow();
    const k = this.length++;
    this.a[k] = a;
    this.b[k] = b;
    this.weight[k] = weight;
    this.code[k] = code;
    return k;
  }

  private grow(): void {
    const cap = this.a.length * 2;
    const a = new Int32Array(cap);
    a.set(this.a);
    this.a = a;
    const b = new Int32Array(cap);
    b.set(this.b);
    this.b = b;
    const w = new Float64Array(cap);
    w.set(this.weight);
    this.weight = w;
    const c = new Uint8Array(cap);
    c.set(this.code);
    this.code = c;
  }
}

/** Merges with their per-field evidence (4 fields per merge: first, last, email, phone). */
export class MergeLog extends PairLog {
  levels = new Uint8Array(4 * 1024);
  fieldWeights = new Float32Array(4 * 1024);

  reserveEvidence(): number {
    const offset = (this.length - 1) * 4;
    if (offset + 4 > this.levels.length) {
      const levels = new Uint8Array(this.levels.length * 2);
      levels.set(this.levels);
      this.levels = levels;
      const weights = new Float32Array(this.fieldWeights.length * 2);
      weights.set(this.fieldWeights);
      this.fieldWeights = weights;
    }
    return offset;
  }
}
