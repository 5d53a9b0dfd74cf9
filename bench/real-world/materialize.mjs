#!/usr/bin/env node
/**
 * Lays the real-world corpus out in its git-ignored cache, from fetched snapshots of the repositories.
 *
 * Usage: node bench/real-world/materialize.mjs [--mirror DIR] [--cache DIR] [manifest.jsonl …]
 *
 * For every manifest entry it reads `<commit>:<path>` from the snapshot's git directory (`<mirror>/<owner>+<name>/repo`,
 * as the session's `fetch` tool leaves it) and writes it to `<cache>/<owner>/<name>/<path>`, so that relative imports,
 * tsconfig paths and deployment files resolve as in the repository. Nothing is fetched from the network and nothing
 * third-party is written outside the cache. Entries whose snapshot is missing are listed, not fatal.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE_DIR, MANIFEST, readManifest } from './manifest.mjs';

const { values, positionals } = parseArgs({
  options: {
    mirror: { type: 'string', default: process.env.LAMBDA_SHUTDOWN_MIRROR ?? '/work/.mirror' },
    cache: { type: 'string', default: CACHE_DIR },
  },
  allowPositionals: true,
});

const manifests = positionals.length > 0 ? positionals : [MANIFEST];
const entries = manifests.flatMap((file) => readManifest(file));
let written = 0;
let unchanged = 0;
const missing = new Map();
for (const entry of entries) {
  const gitDir = path.join(values.mirror, entry.repo.replace('/', '+'), 'repo');
  if (!fs.existsSync(gitDir)) {
    missing.set(entry.repo, 'no snapshot');
    continue;
  }
  let text;
  try {
    text = execFileSync('git', ['--git-dir', gitDir, 'show', `${entry.commit}:${entry.path}`], { maxBuffer: 64 * 1024 * 1024 });
  } catch {
    missing.set(`${entry.repo}:${entry.path}`, `not at ${entry.commit.slice(0, 12)}`);
    continue;
  }
  const out = path.join(values.cache, entry.repo, entry.path);
  if (fs.existsSync(out) && fs.readFileSync(out).equals(text)) {
    unchanged++;
    continue;
  }
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  written++;
}
console.log(`${entries.length} entries: ${written} written, ${unchanged} unchanged, ${missing.size} missing (cache: ${path.relative(process.cwd(), values.cache) || values.cache})`);
for (const [what, why] of missing) console.log(`  missing ${what}: ${why}`);
