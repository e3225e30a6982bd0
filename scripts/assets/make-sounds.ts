/**
 * Writes the softphone's sounds under public/sounds/ (committed; rerun to change them):
 * - ringtone.wav: one cadence of a double ring (400 Hz + 450 Hz, 0.4 s on, 0.2 s off,
 *   0.4 s on, 2 s off), looped by the softphone while a call rings;
 * - ringback.wav: what an outbound caller hears while the other end rings (425 Hz, 1 s on, 4 s off).
 * 16 kHz mono 16-bit PCM: small, and every browser plays it.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";

const RATE = 16_000;

function wav(samples: Float32Array): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((s, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, s)) * 32_767), i * 2));
  const head = Buffer.alloc(44);
  head.write("RIFF", 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write("WAVEfmt ", 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20); // PCM
  head.writeUInt16LE(1, 22); // mono
  head.writeUInt32LE(RATE, 24);
  head.writeUInt32LE(RATE * 2, 28);
  head.writeUInt16LE(2, 32);
  head.writeUInt16LE(16, 34);
  head.write("data", 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

/** Tones (Hz) during the "on" spans [start, end) of a cadence of `seconds`, with 10 ms fades. */
function cadence(seconds: number, on: [number, number][], tones: number[], gain: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (const [a, b] of on) {
    for (let i = Math.round(a * RATE); i < Math.round(b * RATE); i++) {
      const t = i / RATE;
      const fade = Math.min(1, (t - a) / 0.01, (b - t) / 0.01);
      out[i] = (gain * fade * tones.reduce((sum, f) => sum + Math.sin(2 * Math.PI * f * t), 0)) / tones.length;
    }
  }
  return out;
}

const dir = path.resolve(import.meta.dirname, "../../public/sounds");
writeFileSync(path.join(dir, "ringtone.wav"), wav(cadence(3, [[0, 0.4], [0.6, 1.0]], [400, 450], 0.6)));
writeFileSync(path.join(dir, "ringback.wav"), wav(cadence(5, [[0, 1]], [425], 0.4)));
console.log(`wrote ${dir}/ringtone.wav and ringback.wav`);
