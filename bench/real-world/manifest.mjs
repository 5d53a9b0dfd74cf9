/**
 * The real-world corpus manifest: reading and checking it (bench/real-world/LABELING.md says what it holds).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const MANIFEST = path.join(HERE, 'manifest.jsonl');
export const CACHE_DIR = path.join(HERE, '.cache');

const KINDS = new Set(['source', 'config']);
const EXPECT = new Set(['report', 'silent']);

/** The manifest's entries, checked: a malformed line is an error that names it. */
export function readManifest(file = MANIFEST) {
  if (!fs.existsSync(file)) return [];
  const out = [];
  const seen = new Set();
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${path.basename(file)}:${index + 1}`;
      let entry;
      try {
        entry = JSON.parse(line);
      } catch (error) {
        throw new Error(`${where}: not JSON (${error.message})`);
      }
      if (typeof entry.repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(entry.repo)) throw new Error(`${where}: repo must be owner/name`);
      if (typeof entry.commit !== 'string' || !/^[0-9a-f]{40}$/.test(entry.commit)) throw new Error(`${where}: commit must be 40 hex digits`);
      if (typeof entry.path !== 'string' || entry.path.startsWith('/') || entry.path.split('/').includes('..')) throw new Error(`${where}: bad path`);
      if (!KINDS.has(entry.kind)) throw new Error(`${where}: kind must be source or config`);
      const key = `${entry.repo}:${entry.path}`;
      if (seen.has(key)) throw new Error(`${where}: ${key} is listed twice`);
      seen.add(key);
      entry.labels ??= [];
      for (const label of entry.labels) {
        if (!Number.isInteger(label.line) || label.line < 1) throw new Error(`${where}: label line must be a positive integer`);
        if (typeof label.rule !== 'string' || label.rule.includes('/')) throw new Error(`${where}: label rule must be a rule name without prefix`);
        if (!EXPECT.has(label.expect)) throw new Error(`${where}: label expect must be report or silent`);
      }
      out.push(entry);
    });
  return out;
}
