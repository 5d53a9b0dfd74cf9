/**
 * The seeded pseudo-random numbers the benchmark generators share (mulberry32, streams mixed through sha256),
 * so that a seed always gives byte-identical corpora.
 */
import crypto from 'node:crypto';

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Rng {
  constructor(seed, stream) {
    // Mix seed and stream so neighbouring files get unrelated sequences.
    const h = crypto.createHash('sha256').update(`${seed}:${stream}`).digest();
    this.next = mulberry32(h.readUInt32LE(0));
  }
  float() {
    return this.next();
  }
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  /** entries: [[value, weight], ...] */
  weighted(entries) {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  shuffle(items) {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample(items, n) {
    return this.shuffle(items).slice(0, n);
  }
  /** Standard normal via Box–Muller. */
  normal() {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Log-normal around `median`, clamped. */
  size(median, min, max, sigma = 0.55) {
    const u = 1 - this.next();
    const v = this.next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(min, Math.min(max, Math.round(Math.exp(Math.log(median) + sigma * z))));
  }
}
