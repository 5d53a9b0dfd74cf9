/**
 * What the core tests that compare two ways of answering share: this repository's source files under some folders
 * (fixtures, example projects), the ones that parse, and a seeded random generator for the generated cases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from '../../core/parse.js';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** Source files under `dir` (no node_modules, no .d.ts). */
export function filesUnder(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(full, out);
    else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The source files under `dirs` (relative to the repository) that parse, with their text; fixtures that do not parse on purpose are left out. */
export function parseableFiles(dirs: readonly string[]): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const file of dirs.flatMap((d) => filesUnder(path.join(repoRoot, d)))) {
    const text = fs.readFileSync(file, 'utf8');
    try {
      parseFile(text, file, { tokens: false });
    } catch {
      continue;
    }
    out.push({ file, text });
  }
  return out;
}

/** A seeded generator of numbers in [0, 1) (mulberry32): the same cases on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
