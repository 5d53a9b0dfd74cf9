/**
 * `lambda-shutdown-codemod`: the bin of the codemods' package as it is published (codemods/dist, which `npm run build`
 * assembles: `node codemods/dist/codemods/cli/index.js <name|all> …`) on temp copies of fixture repositories, and the
 * plugin's own bin (dist/cli/index.js: `check`, `list`, and `codemod`, which hands over to the codemods' package).
 *
 * Most tests run the CLI with stand-in transforms (LAMBDA_SHUTDOWN_CODEMODS_DIR), written below: small, exact and
 * independent of the real codemods, so that what is tested is the command itself (file selection, the git check,
 * atomic writes, --dry, the summary, exit codes, the worker pool). The last block runs the real, built codemods on
 * a copy of examples/.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_VARIANTS, renderVariant } from '../../codemods/register-extension/module.js';
import { CODEMOD_BIN, PLUGIN_BIN } from '../helpers/bins.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = PLUGIN_BIN;
const TIMEOUT = 180_000;

let TMP: string;
let STANDINS: string;

// ---------------------------------------------------------------------------------------------------------------
// Stand-in codemods
// ---------------------------------------------------------------------------------------------------------------

const STANDIN_FILES: Record<string, string> = {
  // Appends a SIGTERM hook to files that open a pg Pool at module scope and have none. Markers drive the odd cases.
  'add-shutdown-hook/transform.js': `
const fs = require('node:fs');
module.exports = function transform(file, api, options) {
  if (/^\\s*const\\s*=\\s*;/m.test(file.source)) {
    const err = new SyntaxError('Unexpected token');
    err.loc = { line: file.source.split('\\n').findIndex((l) => /const\\s*=\\s*;/.test(l)) + 1, column: 6 };
    throw err;
  }
  if (file.source.includes('THROW_PLEASE')) throw new Error('something odd');
  if (file.source.includes('SKIP_ME')) return undefined;
  if (file.source.includes('SLOW_ME')) for (const end = Date.now() + 15; Date.now() < end; );
  if (!/new Pool\\(/.test(file.source) || /process\\.on\\('SIGTERM'/.test(file.source)) return file.source;
  if (file.source.includes('REPORT_ME')) api.report('could not tell which pool to close');
  if (file.source.includes('EDIT_BEHIND_MY_BACK')) fs.appendFileSync(file.path, '// edited meanwhile\\n');
  if (file.source.includes('BREAK_OUTPUT')) return file.source + '\\nconst = ;\\n';
  return file.source + "\\nprocess.on('SIGTERM', async () => {\\n  await pool.end();\\n  process.exit(0);\\n});\\n";
};
`,
  // Replaces a marker; shows the options it was given where asked to.
  'add-finally-cleanup/transform.js': `
module.exports = function transform(file, api, options) {
  let out = file.source.replace(/\\/\\/ TODO-finally/g, options.using ? '// finally added (using)' : '// finally added');
  if (out.includes('SHOW_OPTIONS')) api.report('options ' + JSON.stringify({ using: options.using, settings: options.settings }));
  return out;
};
`,
  // A project codemod, with register-extension's interface: run(paths, { dry, cwd, settings }) → texts before and
  // after. It creates src/extension.mjs and imports it in orders.ts.
  'register-extension/index.js': `
const fs = require('node:fs');
const path = require('node:path');
exports.run = async function run(paths, { dry, cwd }) {
  const created = path.join(cwd, 'src', 'extension.mjs');
  const entry = path.join(cwd, 'src', 'handlers', 'orders.ts');
  if (fs.existsSync(created)) return { changed: [], created: [], diffs: [], skipped: [] };
  const before = fs.readFileSync(entry, 'utf8');
  const after = "import '../extension.mjs';\\n" + before;
  const text = 'export const registered = true;\\n';
  if (!dry) {
    fs.writeFileSync(created, text);
    fs.writeFileSync(entry, after);
  }
  return { changed: [entry], created: [created], diffs: [{ file: created, before: '', after: text }, { file: entry, before, after }], skipped: [] };
};
`,
};

const HOOK = "\nprocess.on('SIGTERM', async () => {\n  await pool.end();\n  process.exit(0);\n});\n";

// ---------------------------------------------------------------------------------------------------------------
// Fixture repositories
// ---------------------------------------------------------------------------------------------------------------

const ORDERS_TS = `import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (): Promise<unknown> => {
  const { rows } = await pool.query('select 1');
  return rows;
};
`;
const REPORT_CJS = `'use strict';
const { Pool } = require('pg');
const pool = new Pool();
// TODO-finally
exports.handler = async () => pool.query('select 2');
`;
const UTIL_MJS = 'export const add = (a, b) => a + b;\n';
const OUT_OF_BOUNDS = "const { Pool } = require('pg');\nconst pool = new Pool();\n";

/** A small Lambda project: two files to change, one to leave, and places a codemod must never write to. */
function makeProject(dir: string, extra: Record<string, string> = {}): string {
  const files: Record<string, string> = {
    'package.json': '{ "name": "fixture", "private": true }\n',
    '.gitignore': 'generated/\n*.local.js\n',
    'src/handlers/orders.ts': ORDERS_TS,
    'src/handlers/report.cjs': REPORT_CJS,
    'src/lib/util.mjs': UTIL_MJS,
    'src/readme.md': 'not code\n',
    'node_modules/pg-wrapper/index.js': OUT_OF_BOUNDS,
    'dist/handlers/orders.js': OUT_OF_BOUNDS,
    'build/index.js': OUT_OF_BOUNDS,
    '.aws-sam/build/Fn/app.js': OUT_OF_BOUNDS,
    'cdk.out/asset.1/index.js': OUT_OF_BOUNDS,
    'generated/client.js': OUT_OF_BOUNDS,
    'src/scratch.local.js': OUT_OF_BOUNDS,
    ...extra,
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  fs.symlinkSync('handlers/orders.ts', path.join(dir, 'src', 'link.ts'));
  return dir;
}

let counter = 0;
function tempDir(name: string): string {
  const dir = path.join(TMP, `${String(++counter).padStart(2, '0')}-${name}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function gitRepo(dir: string): string {
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture');
  return dir;
}

/** Runs the plugin's bin. */
function run(dir: string, args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): SpawnSyncReturns<string> {
  return runBin(BIN, dir, args, env, nodeArgs);
}

/** Runs the codemods' bin: `lambda-shutdown-codemod <args>`. */
function codemod(dir: string, args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []): SpawnSyncReturns<string> {
  return runBin(CODEMOD_BIN, dir, args, env, nodeArgs);
}

function runBin(bin: string, dir: string, args: string[], env: Record<string, string>, nodeArgs: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [...nodeArgs, bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, LAMBDA_SHUTDOWN_CODEMODS_DIR: STANDINS, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
}

interface Entry {
  hash: string;
  mtimeMs: number;
  mode: number;
  ino: number;
  link?: string;
}

/** Every file under `dir` (the .git directory aside): content hash, mtime, mode, inode. */
function snapshot(dir: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (e.name !== '.git') visit(p);
        continue;
      }
      const st = fs.lstatSync(p);
      if (e.isSymbolicLink()) {
        out.set(rel, { hash: '', mtimeMs: st.mtimeMs, mode: st.mode, ino: st.ino, link: fs.readlinkSync(p) });
      } else {
        out.set(rel, { hash: crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'), mtimeMs: st.mtimeMs, mode: st.mode, ino: st.ino });
      }
    }
  };
  visit(dir);
  return out;
}

function changedFiles(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((n) => JSON.stringify(before.get(n)) !== JSON.stringify(after.get(n))).sort();
}

function tempFilesIn(dir: string): string[] {
  return [...snapshot(dir).keys()].filter((n) => /\.lambda-shutdown\.tmp$/.test(n) || /lambda-shutdown-codemod-/.test(n));
}

/** The summary's counts: `changed 2`, `unchanged 1`, … */
function counts(summary: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of summary.matchAll(/^ {2}(would change|changed|unchanged|skipped|failed|left for a human) +([\d,]+)/gm)) {
    out[m[1] === 'would change' ? 'changed' : (m[1] as string)] = Number((m[2] as string).replace(/,/g, ''));
  }
  return out;
}

function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

beforeAll(() => {
  for (const bin of [BIN, CODEMOD_BIN]) if (!fs.existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first`);
  TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-cli-codemod-'));
  STANDINS = path.join(TMP, 'standins');
  for (const [rel, text] of Object.entries(STANDIN_FILES)) {
    fs.mkdirSync(path.dirname(path.join(STANDINS, rel)), { recursive: true });
    fs.writeFileSync(path.join(STANDINS, rel), text);
  }
});

afterAll(() => {
  if (TMP) fs.rmSync(TMP, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------------------------

describe('codemod --dry', () => {
  it(
    'prints a unified diff with a/ b/ paths relative to the cwd, writes nothing, and the diff is what a real run writes',
    () => {
      const dir = gitRepo(makeProject(tempDir('dry')));
      const before = snapshot(dir);
      const r = codemod(dir, ['all', '--dry']);
      expect(r.status, r.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual([]); // bytes, mtimes, modes, inodes
      expect(r.stdout).toContain('diff --git a/src/handlers/orders.ts b/src/handlers/orders.ts\n--- a/src/handlers/orders.ts\n+++ b/src/handlers/orders.ts\n@@ ');
      expect(r.stdout).toContain('diff --git a/src/handlers/report.cjs b/src/handlers/report.cjs');
      expect(r.stdout).toContain("+process.on('SIGTERM', async () => {");
      expect(r.stdout).toContain('-// TODO-finally\n+// finally added');
      expect(r.stdout).not.toContain('util.mjs');
      // The summary goes to stderr, so that stdout is a patch.
      expect(r.stdout).not.toContain('would change');
      expect(counts(r.stderr)).toMatchObject({ changed: 2, failed: 0 });
      expect(r.stderr).toContain('Nothing was written (--dry).');

      // The same patch, applied by git, gives exactly what the codemod writes.
      const patch = path.join(TMP, 'dry.patch');
      fs.writeFileSync(patch, r.stdout);
      git(dir, 'apply', patch);
      const applied = snapshot(dir);
      git(dir, 'checkout', '--', '.');
      const real = codemod(dir, ['all']);
      expect(real.status, real.stdout + real.stderr).toBe(0);
      const written = snapshot(dir);
      for (const rel of ['src/handlers/orders.ts', 'src/handlers/report.cjs']) expect(written.get(rel)?.hash).toBe(applied.get(rel)?.hash);
    },
    TIMEOUT,
  );

  it(
    'runs on a dirty work tree (it writes nothing) and with paths outside the cwd',
    () => {
      const dir = gitRepo(makeProject(tempDir('dry-dirty')));
      fs.appendFileSync(path.join(dir, 'src/lib/util.mjs'), '// local edit\n');
      const before = snapshot(dir);
      const r = codemod(path.join(dir, 'src', 'lib'), ['add-shutdown-hook', '--dry', '../handlers']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('--- a/../handlers/orders.ts\n+++ b/../handlers/orders.ts');
      expect(changedFiles(before, snapshot(dir))).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('codemod (writing)', () => {
  it(
    'changes exactly the expected files, atomically (new inode, mode kept, no temp files), and leaves the rest alone',
    () => {
      const dir = gitRepo(makeProject(tempDir('write')));
      fs.chmodSync(path.join(dir, 'src/handlers/orders.ts'), 0o640); // git does not track this: the tree stays clean
      const before = snapshot(dir);
      const r = codemod(dir, ['all']);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      const after = snapshot(dir);
      expect(changedFiles(before, after)).toEqual(['src/handlers/orders.ts', 'src/handlers/report.cjs']);
      expect(read(dir, 'src/handlers/orders.ts')).toBe(ORDERS_TS + HOOK);
      expect(read(dir, 'src/handlers/report.cjs')).toBe(REPORT_CJS.replace('// TODO-finally', '// finally added') + HOOK);
      // Replaced by rename: a new inode, the old mode.
      expect(after.get('src/handlers/orders.ts')?.ino).not.toBe(before.get('src/handlers/orders.ts')?.ino);
      expect((after.get('src/handlers/orders.ts')?.mode ?? 0) & 0o777).toBe(0o640);
      expect(tempFilesIn(dir)).toEqual([]);

      const c = counts(r.stdout);
      expect(c).toMatchObject({ changed: 2, unchanged: 1, skipped: 1, failed: 0 });
      expect(r.stdout).toContain('src/link.ts: symbolic link');
      expect(r.stdout).toMatch(/src\/handlers\/report\.cjs +\[add-shutdown-hook, add-finally-cleanup\]/);
    },
    TIMEOUT,
  );

  it(
    'changes nothing the second time',
    () => {
      const dir = gitRepo(makeProject(tempDir('twice')));
      expect(codemod(dir, ['all']).status).toBe(0);
      git(dir, 'commit', '-q', '-a', '-m', 'codemod');
      const before = snapshot(dir);
      const r = codemod(dir, ['all']);
      expect(r.status, r.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual([]);
      expect(counts(r.stdout)).toMatchObject({ changed: 0, unchanged: 3, failed: 0 });
    },
    TIMEOUT,
  );

  it(
    'never touches node_modules, build output or ignored files, even when they are named',
    () => {
      const dir = gitRepo(makeProject(tempDir('named')));
      const before = snapshot(dir);
      const named = ['node_modules/pg-wrapper/index.js', 'dist/handlers/orders.js', 'build/index.js', '.aws-sam/build/Fn/app.js', 'cdk.out/asset.1/index.js', 'generated/client.js', 'src/scratch.local.js', 'src/readme.md', 'src/link.ts', 'dist'];
      const r = codemod(dir, ['all', ...named]);
      expect(r.status, r.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual([]);
      expect(counts(r.stdout)).toMatchObject({ changed: 0, skipped: named.length, failed: 0 });
      expect(r.stdout).toContain('node_modules/pg-wrapper/index.js: inside node_modules/');
      expect(r.stdout).toContain('.aws-sam/build/Fn/app.js: inside .aws-sam/');
      expect(r.stdout).toContain('generated/client.js: ignored by .gitignore');
      expect(r.stdout).toContain('src/scratch.local.js: ignored by .gitignore');
      expect(r.stdout).toMatch(/src\/readme\.md: not a \.js .* file/);
    },
    TIMEOUT,
  );

  it(
    'outside a git work tree: runs without --force and applies .gitignore files (nested ones and negations too)',
    () => {
      const dir = makeProject(tempDir('no-git'), {
        'src/vendor/.gitignore': '*.js\n!keep.js\n',
        'src/vendor/drop.js': OUT_OF_BOUNDS,
        'src/vendor/keep.js': OUT_OF_BOUNDS,
      });
      const before = snapshot(dir);
      const r = codemod(dir, ['add-shutdown-hook']);
      expect(r.status, r.stdout + r.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual(['src/handlers/orders.ts', 'src/handlers/report.cjs', 'src/vendor/keep.js']);
    },
    TIMEOUT,
  );
});

describe('codemod and git', () => {
  it(
    'refuses (exit 2) when the work tree has uncommitted changes under the paths, and --force runs anyway',
    () => {
      const dir = gitRepo(makeProject(tempDir('dirty')));
      fs.appendFileSync(path.join(dir, 'src/lib/util.mjs'), '// local edit\n');
      fs.writeFileSync(path.join(dir, 'src/new-untracked.js'), 'export {};\n');
      const before = snapshot(dir);
      const r = codemod(dir, ['all']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('uncommitted changes');
      expect(r.stderr).toContain(' M src/lib/util.mjs');
      expect(r.stderr).toContain('?? src/new-untracked.js');
      expect(r.stderr).toContain('--force');
      expect(r.stdout).toBe('');
      expect(changedFiles(before, snapshot(dir))).toEqual([]);

      const forced = codemod(dir, ['all', '--force']);
      expect(forced.status, forced.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual(['src/handlers/orders.ts', 'src/handlers/report.cjs']);
    },
    TIMEOUT,
  );

  it(
    'looks only under the paths given: changes elsewhere in the repository do not block it',
    () => {
      const dir = gitRepo(makeProject(tempDir('dirty-elsewhere')));
      fs.appendFileSync(path.join(dir, 'src/lib/util.mjs'), '// local edit\n');
      const r = codemod(dir, ['add-shutdown-hook', 'src/handlers']);
      expect(r.status, r.stderr).toBe(0);
      expect(read(dir, 'src/handlers/orders.ts')).toBe(ORDERS_TS + HOOK);
    },
    TIMEOUT,
  );
});

describe('codemod failures', () => {
  it(
    'reports an unparseable file with its path and line, leaves it byte-identical, changes the others, exits 1',
    () => {
      const broken = "import { Pool } from 'pg';\nconst pool = new Pool();\nconst = ;\n";
      const dir = gitRepo(makeProject(tempDir('parse-error'), { 'src/handlers/broken.ts': broken }));
      const before = snapshot(dir);
      const r = codemod(dir, ['all']);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('src/handlers/broken.ts:3:7: parse error: Unexpected token');
      expect(counts(r.stdout)).toMatchObject({ changed: 2, failed: 1 });
      const after = snapshot(dir);
      expect(after.get('src/handlers/broken.ts')).toEqual(before.get('src/handlers/broken.ts'));
      expect(changedFiles(before, after)).toEqual(['src/handlers/orders.ts', 'src/handlers/report.cjs']);
    },
    TIMEOUT,
  );

  it(
    'refuses output that no longer parses, files changed behind its back, files that are not UTF-8; reports throws',
    () => {
      const latin1 = Buffer.concat([Buffer.from("const { Pool } = require('pg');\nconst pool = new Pool(); // caf"), Buffer.from([0xe9]), Buffer.from('\n')]);
      const dir = makeProject(tempDir('refusals'), {
        'src/break.js': `${OUT_OF_BOUNDS}// BREAK_OUTPUT\n`,
        'src/behind.js': `${OUT_OF_BOUNDS}// EDIT_BEHIND_MY_BACK\n`,
        'src/throws.js': '// THROW_PLEASE\n',
        'src/skipped.js': '// SKIP_ME\n',
      });
      fs.writeFileSync(path.join(dir, 'src/latin1.js'), latin1);
      const before = snapshot(dir);
      const r = codemod(dir, ['add-shutdown-hook', 'src']);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(/src\/break\.js: add-shutdown-hook produced code that does not parse \(\d+:\d+ .*\); file left unchanged/);
      expect(r.stdout).toContain('src/behind.js: the file changed on disk while the codemod ran');
      expect(r.stdout).toContain('src/throws.js: add-shutdown-hook threw: something odd');
      expect(r.stdout).toContain('src/latin1.js: not valid UTF-8');
      expect(r.stdout).toContain('src/skipped.js: skipped by the transform');
      const after = snapshot(dir);
      for (const rel of ['src/break.js', 'src/throws.js', 'src/latin1.js', 'src/skipped.js']) expect(after.get(rel)).toEqual(before.get(rel));
      // behind.js holds the other writer's edit, not ours
      expect(read(dir, 'src/behind.js')).toBe(`${OUT_OF_BOUNDS}// EDIT_BEHIND_MY_BACK\n// edited meanwhile\n`);
      expect(counts(r.stdout)).toMatchObject({ changed: 2, failed: 3, skipped: 3 });
      expect(tempFilesIn(dir)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('codemod options and reports', () => {
  it(
    'passes --using and --settings to the transforms, and lists what they report and what the rules still find',
    () => {
      const dir = makeProject(tempDir('options'), {
        'src/options.js': '// TODO-finally SHOW_OPTIONS\n',
        'src/report.js': `${OUT_OF_BOUNDS}// REPORT_ME\n`,
      });
      fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ 'lambda-shutdown': { shutdownBudgetMs: 400 } }));
      const r = codemod(dir, ['all', 'src', '--using', '--settings', 'settings.json']);
      expect(r.status, r.stderr).toBe(0);
      expect(read(dir, 'src/options.js')).toBe('// finally added (using) SHOW_OPTIONS\n');
      expect(r.stdout).toContain('src/options.js  add-finally-cleanup  options {"using":true,"settings":{"shutdownBudgetMs":400}}');
      expect(r.stdout).toContain('src/report.js  add-shutdown-hook  could not tell which pool to close');
      expect(r.stdout).toMatch(/left for a human +0 findings, 2 notes from the codemods/);
    },
    TIMEOUT,
  );

  it(
    'reports what the targeted rules still find in a changed file',
    () => {
      // The stand-in adds a hook that closes `pool` only; `redis` stays open for require-sigterm-cleanup to report.
      const text = `import { Pool } from 'pg';\nimport Redis from 'ioredis';\n\nconst pool = new Pool();\nconst redis = new Redis();\n\nexport const handler = async () => {\n  await redis.get('k');\n  return (await pool.query('select 1')).rows;\n};\n`;
      const dir = makeProject(tempDir('findings'), { 'src/handlers/two.ts': text });
      const r = codemod(dir, ['add-shutdown-hook', 'src/handlers/two.ts']);
      expect(r.status, r.stderr).toBe(0);
      expect(counts(r.stdout)).toMatchObject({ changed: 1, 'left for a human': 1 });
      expect(r.stdout).toMatch(/src\/handlers\/two\.ts:5:\d+ {2}require-sigterm-cleanup {2}`redis`/);
    },
    TIMEOUT,
  );
});

describe('codemod register-extension', () => {
  it(
    'runs only when named: --dry shows the files it would create and change, a run writes them atomically; `all` leaves it out',
    () => {
      const dir = gitRepo(makeProject(tempDir('register')));
      const before = snapshot(dir);
      const all = codemod(dir, ['all', '--dry']);
      expect(all.stdout).not.toContain('extension.mjs');
      const dry = codemod(dir, ['register-extension', '--dry']);
      expect(dry.status, dry.stderr).toBe(0);
      expect(dry.stdout).toContain('diff --git a/src/extension.mjs b/src/extension.mjs\nnew file mode 100644\n--- /dev/null\n+++ b/src/extension.mjs\n@@ -0,0 +1 @@\n+export const registered = true;\n');
      expect(dry.stdout).toContain("--- a/src/handlers/orders.ts\n+++ b/src/handlers/orders.ts\n@@ -1,3 +1,4 @@\n+import '../extension.mjs';\n");
      expect(dry.stderr).toContain('src/extension.mjs (created)');
      expect(changedFiles(before, snapshot(dir))).toEqual([]);

      const real = codemod(dir, ['register-extension']);
      expect(real.status, real.stderr).toBe(0);
      const after = snapshot(dir);
      expect(changedFiles(before, after)).toEqual(['src/extension.mjs', 'src/handlers/orders.ts']);
      expect(read(dir, 'src/handlers/orders.ts')).toBe(`import '../extension.mjs';\n${ORDERS_TS}`);
      expect(after.get('src/handlers/orders.ts')?.ino).not.toBe(before.get('src/handlers/orders.ts')?.ino); // renamed into place
      expect(counts(real.stdout)).toMatchObject({ changed: 2, failed: 0 });
      expect(tempFilesIn(dir)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('codemod under the worker pool', () => {
  it(
    'changes every file exactly once with 4 workers on 300 files, shows progress, leaves no temp files',
    () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 300; i++) {
        files[`src/fn${String(i).padStart(3, '0')}.${i % 2 ? 'ts' : 'js'}`] = i % 3 === 0 ? `${OUT_OF_BOUNDS}// TODO-finally ${i}\n` : `export const v${i} = ${i};\n`;
      }
      const dir = makeProject(tempDir('pool'), files);
      // jscodeshift's Runner caps workers at the CPU count less one: make this machine look like it has 8 CPUs.
      const fake = path.join(TMP, 'fake-cpus.cjs');
      fs.writeFileSync(fake, "const os = require('node:os'); const cpu = os.cpus()[0]; os.cpus = () => Array.from({ length: 8 }, () => cpu);\n");
      const before = snapshot(dir);
      const r = codemod(dir, ['all', 'src', '--cpus', '4'], {}, ['--require', fake]);
      expect(r.status, r.stderr).toBe(0);
      const changed = changedFiles(before, snapshot(dir));
      const expected = Object.keys(files).filter((_, i) => i % 3 === 0);
      expect(changed).toEqual([...expected, 'src/handlers/orders.ts', 'src/handlers/report.cjs'].sort());
      for (const rel of expected) expect(read(dir, rel)).toBe(`${files[rel]!.replace('// TODO-finally', '// finally added')}${HOOK}`);
      expect(counts(r.stdout)).toMatchObject({ changed: expected.length + 2, unchanged: 300 - expected.length + 1, failed: 0 });
      // More than 200 files: progress on stderr, a line per 10%.
      expect(r.stderr).toMatch(/lambda-shutdown-codemod all: [\d,]+\/303 files \(100%\)/);
      expect(tempFilesIn(dir)).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'interrupted (Ctrl-C to the process group) mid-run: every file is whole, old or new, and no temp file is left',
    async () => {
      const files: Record<string, string> = {};
      for (let i = 0; i < 600; i++) files[`src/fn${String(i).padStart(3, '0')}.js`] = `${OUT_OF_BOUNDS}// SLOW_ME ${'x'.repeat(2000)} ${i}\n`;
      const dir = makeProject(tempDir('interrupt'), files);
      const child = spawn(process.execPath, [CODEMOD_BIN, 'add-shutdown-hook', 'src'], {
        cwd: dir,
        detached: true, // its own process group, as a shell gives a command: Ctrl-C reaches the workers too
        env: { ...process.env, LAMBDA_SHUTDOWN_CODEMODS_DIR: STANDINS },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          stderr += d.toString();
          if (/\(10%\)/.test(stderr)) resolve();
        });
        void exited.then(() => resolve());
      });
      process.kill(-(child.pid as number), 'SIGINT');
      const code = await exited;
      // The workers finish the write in hand (temp file, fsync, rename) and exit on their own: wait until no process of
      // the group is left (on a loaded machine an fsync can outlast any fixed pause), then look.
      const groupAlive = () => {
        try {
          process.kill(-(child.pid as number), 0);
          return true;
        } catch {
          return false;
        }
      };
      for (const start = Date.now(); groupAlive() && Date.now() - start < 20_000; ) await new Promise((r) => setTimeout(r, 50));
      expect(groupAlive()).toBe(false);
      expect(code).toBe(130);
      let written = 0;
      for (const [rel, text] of Object.entries(files)) {
        const now = read(dir, rel);
        if (now !== text) {
          expect(now).toBe(text + HOOK);
          written++;
        }
      }
      expect(written).toBeGreaterThan(0);
      expect(written).toBeLessThan(600); // it was stopped mid-run
      expect(tempFilesIn(dir)).toEqual([]);
      // and the workers stopped too: nothing changes any more
      const settled = Object.keys(files).map((rel) => read(dir, rel));
      await new Promise((r) => setTimeout(r, 500));
      expect(Object.keys(files).map((rel) => read(dir, rel))).toEqual(settled);
    },
    TIMEOUT,
  );
});

describe('codemod usage and exit codes', () => {
  it('exits 2 on bad usage, 0 when there is nothing to do', () => {
    const dir = tempDir('usage');
    const empty = path.join(dir, 'empty');
    fs.mkdirSync(empty);
    expect(codemod(dir, []).status).toBe(2);
    const unknown = codemod(dir, ['add-everything']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown codemod 'add-everything'");
    expect(codemod(dir, ['all', 'no/such/dir']).status).toBe(2);
    expect(codemod(dir, ['all', '--cpus', '0']).status).toBe(2);
    expect(codemod(dir, ['all', '--frobnicate']).status).toBe(2);
    const missingBuild = codemod(dir, ['all', 'empty'], { LAMBDA_SHUTDOWN_CODEMODS_DIR: path.join(dir, 'nowhere') });
    expect(missingBuild.status).toBe(2);
    expect(missingBuild.stderr).toContain('is not built');
    const help = codemod(dir, ['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('add-finally-cleanup');
    const nothing = codemod(dir, ['all', 'empty']);
    expect(nothing.status).toBe(0);
    expect(counts(nothing.stdout)).toMatchObject({ changed: 0, unchanged: 0, skipped: 0, failed: 0 });
  }, TIMEOUT);

  it('keeps `check` and `list` working; `list` names the codemods', () => {
    const dir = makeProject(tempDir('check'));
    const check = run(dir, ['check', 'src']);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('lambda-shutdown/require-sigterm-cleanup');
    const clean = run(dir, ['check', 'src/lib']);
    expect(clean.status).toBe(0);
    // a mistyped path, a glob that matches nothing, a folder of nothing to lint: exit 2, the path named, never "clean"
    for (const [args, named] of [
      [['check', 'src/hander.ts'], 'src/hander.ts'],
      [['check', 'src', 'does-not-exist'], 'does-not-exist'],
      [['check', 'src/**/*.tsx'], 'src/**/*.tsx'],
    ] as const) {
      const missing = run(dir, [...args]);
      expect(missing.status, args.join(' ')).toBe(2);
      expect(missing.stderr).toContain(`lambda-shutdown check: No files matching '${named}' were found.`);
      expect(missing.stdout).not.toContain('No shutdown problems found');
    }
    const list = run(dir, ['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('require-finally-cleanup');
    for (const name of ['add-shutdown-hook', 'add-finally-cleanup', 'register-extension']) expect(list.stdout).toMatch(new RegExp(`^ +${name} +\\S`, 'm'));
    expect(run(dir, ['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(codemod(dir, ['--version']).stdout.trim()).toBe(run(dir, ['--version']).stdout.trim());
  }, TIMEOUT);

  it("`lambda-shutdown codemod …` runs the codemods' package where it is installed (here: the workspace link)", () => {
    const dir = makeProject(tempDir('handover'));
    const direct = codemod(dir, ['all', '--dry']);
    const handed = run(dir, ['codemod', 'all', '--dry']);
    expect(handed.status, handed.stderr).toBe(0);
    expect(handed.stdout).toBe(direct.stdout);
    expect(handed.stdout).toContain("process.on('SIGTERM'");
    const help = run(dir, ['--help']);
    expect(help.stdout).toContain('npx lambda-shutdown-codemod <add-shutdown-hook|add-finally-cleanup|register-extension|all>');
  }, TIMEOUT);
});

// ---------------------------------------------------------------------------------------------------------------
// The real codemods, once built
// ---------------------------------------------------------------------------------------------------------------

const REAL = ['add-shutdown-hook', 'add-finally-cleanup'].every((n) => fs.existsSync(path.join(ROOT, 'codemods', 'dist', 'codemods', n, 'transform.js')));

describe.runIf(REAL)('codemod all with the real codemods, on a copy of examples/', () => {
  it(
    '--dry writes nothing; the run writes what --dry showed, leaves no temp files, and a second run changes nothing',
    () => {
      const dir = tempDir('examples');
      fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
      gitRepo(dir);
      const env = { LAMBDA_SHUTDOWN_CODEMODS_DIR: '' };
      const before = snapshot(dir);
      const dry = codemod(dir, ['all', '--dry'], env);
      expect(dry.status, dry.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual([]);
      const wouldChange = counts(dry.stderr).changed ?? 0;
      expect(wouldChange).toBeGreaterThan(0);

      const real = codemod(dir, ['all'], env);
      expect(real.status, real.stdout + real.stderr).toBe(0);
      expect(counts(real.stdout).changed).toBe(wouldChange);
      expect(tempFilesIn(dir)).toEqual([]);
      // git's diff of the work tree is the --dry diff (hunk headers aside: git adds the enclosing function).
      const strip = (d: string): string => d.replace(/^index .*\n/gm, '').replace(/^(@@ [^@]+ @@).*$/gm, '$1');
      expect(strip(git(dir, 'diff'))).toBe(strip(dry.stdout));

      git(dir, 'commit', '-q', '-a', '-m', 'codemod');
      const after = snapshot(dir);
      const again = codemod(dir, ['all'], env);
      expect(again.status, again.stderr).toBe(0);
      expect(counts(again.stdout).changed).toBe(0);
      expect(changedFiles(after, snapshot(dir))).toEqual([]);
    },
    TIMEOUT,
  );
});

const REAL_PROJECT = fs.existsSync(path.join(ROOT, 'codemods', 'dist', 'codemods', 'register-extension', 'index.js'));

describe.runIf(REAL_PROJECT)('codemod register-extension, the real one, on a copy of examples/', () => {
  it(
    '--dry writes nothing; the run creates the extension module and imports it, atomically; a second run changes nothing',
    () => {
      const dir = tempDir('examples-register');
      fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
      gitRepo(dir);
      const env = { LAMBDA_SHUTDOWN_CODEMODS_DIR: '' };
      const before = snapshot(dir);
      const dry = codemod(dir, ['register-extension', '--dry'], env);
      expect(dry.status, dry.stderr).toBe(0);
      expect(changedFiles(before, snapshot(dir))).toEqual([]);
      const created = [...dry.stderr.matchAll(/^ {2}(\S+) \(created\)/gm)].map((m) => m[1]);
      expect(created.length).toBeGreaterThan(0);

      const real = codemod(dir, ['register-extension'], env);
      expect(real.status, real.stdout + real.stderr).toBe(0);
      const after = snapshot(dir);
      const changed = changedFiles(before, after);
      expect(changed).toEqual(expect.arrayContaining(created));
      expect(changed.length).toBe(counts(dry.stderr).changed);
      // the built codemod reads the module's one source from the templates the build copies beside it: what it
      // created is a variant exactly as the sources render it
      const variants = MODULE_VARIANTS.map(renderVariant);
      for (const rel of created) expect(variants).toContain(fs.readFileSync(path.join(dir, rel!), 'utf8'));
      for (const rel of changed.filter((f) => !created.includes(f))) expect(after.get(rel)?.ino).not.toBe(before.get(rel)?.ino);
      expect(tempFilesIn(dir)).toEqual([]);
      // git's diff of the work tree is the --dry diff (hunk headers aside).
      git(dir, 'add', '-A');
      const strip = (d: string): string => d.replace(/^index .*\n/gm, '').replace(/^(@@ [^@]+ @@).*$/gm, '$1');
      expect(strip(git(dir, 'diff', '--cached'))).toBe(strip(dry.stdout));

      git(dir, 'commit', '-q', '-m', 'register-extension');
      const again = codemod(dir, ['register-extension'], env);
      expect(again.status, again.stderr).toBe(0);
      expect(changedFiles(after, snapshot(dir))).toEqual([]);
    },
    TIMEOUT,
  );
});
