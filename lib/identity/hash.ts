const HEX = "0123456789abcdef";
const OUT = new Array<number>(13);

/**
 * A 52-bit FNV-1a-style hash of a string as 13 hex digits (after an optional prefix):
 * deterministic across runs and platforms, for person keys and evidence versions. Not
 * cryptographic.
 */
export function hash52(s: string, prefix = ""): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0x85ebca6b);
  h1 ^= h1 >>> 16;
  let hi = (h2 >>> 0) & 0xfffff; // 20 bits
  let lo = h1 >>> 0; // 32 bits
  for (let k = 12; k >= 5; k--) {
    OUT[k] = HEX.charCodeAt(lo & 15);
    lo >>>= 4;
  }
  for (let k = 4; k >= 0; k--) {
    OUT[k] = HEX.charCodeAt(hi & 15);
    hi >>>= 4;
  }
  return prefix + String.fromCharCode.apply(null, OUT);
}
