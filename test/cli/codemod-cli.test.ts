/**
 * The codemods as `codemod`-CLI packages (codemods/<name>/codemod.yaml + workflow.yaml), run by the real CLI
 * (devDependency `codemod`, v1), offline: `codemod workflow run -w <package> --no-interactive …` in a fixture
 * repository copied to a temp dir and committed, so that the bin's own git check passes.
 *
 * The workflow's one step calls the codemods' package bin (codemods/dist/codemods/cli/index.js; `npm run build`
 * first). The bin runs stand-in
 * transforms (LAMBDA_SHUTDOWN_CODEMODS_DIR, which the CLI passes on to its shell step), so that the outcome is
 * exact and tests the packages, not the transforms.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CODEMOD_BIN } from '../helpers/bins.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CODEMOD_CLI = path.join(ROOT, 'node_modules', '.bin', 'codemod');
const PACKAGES = ['add-shutdown-hook', 'add-finally-cleanup', 'register-extension'];
const TIMEOUT = 180_000;

let TMP: string;
let STANDINS: string;

const STANDIN_FILES: Record<string, string> = {
  'add-shutdown-hook/transform.js': `
module.exports = function transform(file) {
  if (!/new Pool\\(/.test(file.source) || /process\\.on\\('SIGTERM'/.test(file.source)) return file.source;
  return file.source + "\\nprocess.on('SIGTERM', async () => {\\n  await pool.end();\\n  process.exit(0);\\n});\\n";
};
`,
  'add-finally-cleanup/transform.js': `
module.exports = function transform(file, api, options) {
  return file.source.replace(/\\/\\/ TODO-finally/g, options.using ? '// finally added (using)' : '// finally added');
};
`,
  'register-extension/index.js': `
const fs = require('node:fs');
const path = require('node:path');
exports.run = async function run(paths, { dry, cwd }) {
  const created = path.join(cwd, 'src', 'extension.mjs');
  if (fs.existsSync(created)) return { changed: [], created: [], diffs: [], skipped: [] };
  const text = 'export const registered = true;\\n';
  if (!dry) fs.writeFileSync(created, text);
  return { changed: [], created: [created], diffs: [{ file: created, before: '', after: text }], skipped: [] };
};
`,
};
const HOOK = "\nprocess.on('SIGTERM', async () => {\n  await pool.end();\n  process.exit(0);\n});\n";

const FIXTURE: Record<string, string> = {
  'package.json': '{ "name": "fixture", "private": true }\n',
  'src/handlers/orders.ts': "import { Pool } from 'pg';\n\nconst pool = new Pool();\n\nexport const handler = async () => (await pool.query('select 1')).rows;\n",
  'src/handlers/report.cjs': "const { Pool } = require('pg');\nconst pool = new Pool();\n// TODO-finally\nexports.handler = async () => pool.query('select 2');\n",
  'src/lib/util.mjs': 'export const add = (a, b) => a + b;\n',
  'node_modules/pg-wrapper/index.js': "const { Pool } = require('pg');\nconst pool = new Pool();\n",
};

let counter = 0;
function fixtureRepo(name: string): string {
  const dir = path.join(TMP, `${String(++counter).padStart(2, '0')}-${name}`);
  for (const [rel, text] of Object.entries(FIXTURE)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'fixture');
  return dir;
}

function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.email=test@example.com', '-c', 'user.name=test', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** `codemod workflow run -w <pkg> --no-interactive …` in `dir`, offline, no telemetry. */
function workflow(dir: string, pkg: string, ...args: string[]): SpawnSyncReturns<string> & { output_: string } {
  const r = spawnSync(CODEMOD_CLI, ['workflow', 'run', '-w', pkg, '--no-interactive', '--disable-analytics', '--no-color', ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, LAMBDA_SHUTDOWN_CODEMODS_DIR: STANDINS, DISABLE_ANALYTICS: 'true', NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 150_000,
  });
  return Object.assign(r, { output_: `${r.stdout ?? ''}${r.stderr ?? ''}` });
}

function pkg(name: string): string {
  return path.join(ROOT, 'codemods', name);
}

function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git') visit(p);
      } else if (e.isFile()) {
        out.set(path.relative(dir, p).split(path.sep).join('/'), crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex'));
      }
    }
  };
  visit(dir);
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort();
}

function read(dir: string, rel: string): string {
  return fs.readFileSync(path.join(dir, rel), 'utf8');
}

/**
 * The codemod CLI ships per-platform binaries as optional dependencies that the npm registry mirror here does
 * not fully list, so it cannot be in package-lock.json (`npm ci` would refuse the lock file). CI installs it with
 * `npm install --no-save codemod@1.18.3` and sets LAMBDA_SHUTDOWN_REQUIRE_CODEMOD_CLI=1; elsewhere the suite is
 * skipped when the CLI is absent.
 */
const HAS_CLI = fs.existsSync(CODEMOD_CLI);
if (!HAS_CLI && process.env['LAMBDA_SHUTDOWN_REQUIRE_CODEMOD_CLI'] === '1') {
  throw new Error(`${CODEMOD_CLI} is missing: install it with \`npm install --no-save codemod@1.18.3\``);
}

beforeAll(() => {
  if (!HAS_CLI) return;
  if (!fs.existsSync(CODEMOD_BIN)) throw new Error(`${CODEMOD_BIN} is missing: run \`npm run build\` first`);
  TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-codemod-cli-'));
  STANDINS = path.join(TMP, 'standins');
  for (const [rel, text] of Object.entries(STANDIN_FILES)) {
    fs.mkdirSync(path.dirname(path.join(STANDINS, rel)), { recursive: true });
    fs.writeFileSync(path.join(STANDINS, rel), text);
  }
});

afterAll(() => {
  if (TMP) fs.rmSync(TMP, { recursive: true, force: true });
});

describe.runIf(HAS_CLI)('the codemod-CLI packages', () => {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, 'codemods', 'package.json'), 'utf8')) as { version: string }).version;

  it.each(PACKAGES)('%s: the CLI validates it; its manifest, workflow and parameters agree with the package', (name) => {
    const r = spawnSync(CODEMOD_CLI, ['workflow', 'validate', '-w', pkg(name), '--disable-analytics'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('Package validation successful');

    const manifest = parse(fs.readFileSync(path.join(pkg(name), 'codemod.yaml'), 'utf8')) as { version: string; name: string; workflows: { path: string }[] };
    expect(manifest.version).toBe(version);
    expect(manifest.name).toBe(`@lambda-shutdown/${name}`);
    expect(manifest.workflows.map((w) => w.path)).toEqual(['workflow.yaml']);

    const wf = parse(fs.readFileSync(path.join(pkg(name), 'workflow.yaml'), 'utf8')) as {
      params: { schema: Record<string, { type: string; default: unknown }> };
      nodes: { steps: { run: string }[] }[];
    };
    expect(wf.params.schema.dry).toMatchObject({ type: 'boolean', default: false });
    expect(wf.params.schema.force).toMatchObject({ type: 'boolean', default: false });
    expect(wf.params.schema.paths).toMatchObject({ type: 'string', default: '.' });
    const script = wf.nodes.flatMap((n) => n.steps.map((s) => s.run)).join('\n');
    expect(script).toContain(`set -- ${name}\n`);
    // In the codemods' package (a checkout, or node_modules/lambda-shutdown-codemod) the step runs its bin …
    expect(script).toContain('bin="$CODEMOD_PATH/../dist/codemods/cli/index.js"');
    expect(fs.existsSync(path.join(pkg(name), '..', 'dist', 'codemods', 'cli', 'index.js'))).toBe(true);
    // … and published alone (from the codemod registry), the package of its own version.
    expect(script).toContain(`npx --yes lambda-shutdown-codemod@${version} "$@"`);
  });
});

describe.runIf(HAS_CLI)('codemod workflow run', () => {
  it(
    'dry=true prints the diff and writes nothing; the CLI\'s own --dry-run skips the step altogether',
    () => {
      const dir = fixtureRepo('dry');
      const before = hashes(dir);
      const r = workflow(dir, pkg('add-shutdown-hook'), '--param', 'dry=true');
      expect(r.status, r.output_).toBe(0);
      expect(r.output_).toContain('diff --git a/src/handlers/orders.ts b/src/handlers/orders.ts');
      expect(r.output_).toContain("+process.on('SIGTERM', async () => {");
      expect(changed(before, hashes(dir))).toEqual([]);

      const cliDry = workflow(dir, pkg('add-shutdown-hook'), '--dry-run');
      expect(cliDry.status, cliDry.output_).toBe(0);
      expect(cliDry.output_).not.toContain('diff --git');
      expect(changed(before, hashes(dir))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'changes the files as the bin does, in the directory the CLI runs in',
    () => {
      const dir = fixtureRepo('run');
      const before = hashes(dir);
      const r = workflow(dir, pkg('add-shutdown-hook'));
      expect(r.status, r.output_).toBe(0);
      expect(changed(before, hashes(dir))).toEqual(['src/handlers/orders.ts', 'src/handlers/report.cjs']);
      expect(read(dir, 'src/handlers/orders.ts')).toBe(`${FIXTURE['src/handlers/orders.ts']}${HOOK}`);
      expect(r.output_).toMatch(/changed +2/);
    },
    TIMEOUT,
  );

  it(
    'stops on uncommitted changes (the bin checks git, the CLI does not for shell steps); force=true runs',
    () => {
      const dir = fixtureRepo('dirty');
      fs.appendFileSync(path.join(dir, 'src/lib/util.mjs'), '// local edit\n');
      const before = hashes(dir);
      const refused = workflow(dir, pkg('add-finally-cleanup'));
      expect(refused.status).not.toBe(0);
      expect(refused.output_).toContain('uncommitted changes');
      expect(changed(before, hashes(dir))).toEqual([]);

      const forced = workflow(dir, pkg('add-finally-cleanup'), '--param', 'force=true', '--param', 'using=true');
      expect(forced.status, forced.output_).toBe(0);
      expect(changed(before, hashes(dir))).toEqual(['src/handlers/report.cjs']);
      expect(read(dir, 'src/handlers/report.cjs')).toContain('// finally added (using)');
    },
    TIMEOUT,
  );

  it(
    'paths= limits the run, and is taken literally, never run as shell',
    () => {
      const dir = fixtureRepo('paths');
      const before = hashes(dir);
      const r = workflow(dir, pkg('add-shutdown-hook'), '--param', 'paths=src/handlers/orders.ts');
      expect(r.status, r.output_).toBe(0);
      expect(changed(before, hashes(dir))).toEqual(['src/handlers/orders.ts']);

      const hostile = workflow(dir, pkg('add-shutdown-hook'), '--param', "paths=$(touch pwned) `touch pwned2` ';touch pwned3;'", '--param', 'force=true');
      expect(hostile.status).not.toBe(0); // the bin: no such file or directory: $(touch, …
      expect(hostile.output_).toContain('no such file or directory');
      expect(fs.readdirSync(dir).filter((n) => n.startsWith('pwned'))).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'register-extension runs the project codemod',
    () => {
      const dir = fixtureRepo('register');
      const before = hashes(dir);
      const r = workflow(dir, pkg('register-extension'));
      expect(r.status, r.output_).toBe(0);
      expect(changed(before, hashes(dir))).toEqual(['src/extension.mjs']);
    },
    TIMEOUT,
  );

  it(
    'runs from node_modules/eslint-plugin-lambda-shutdown/codemods/<name>, as an installed package is run',
    () => {
      const dir = fixtureRepo('installed');
      fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'eslint-plugin-lambda-shutdown'), 'dir');
      const before = hashes(dir);
      const r = workflow(dir, './node_modules/eslint-plugin-lambda-shutdown/codemods/add-shutdown-hook', '--param', 'force=true');
      expect(r.status, r.output_).toBe(0);
      const after = hashes(dir);
      expect(changed(before, after).filter((f) => !f.startsWith('node_modules/'))).toEqual(['src/handlers/orders.ts', 'src/handlers/report.cjs']);
    },
    TIMEOUT,
  );
});

const REAL = fs.existsSync(path.join(ROOT, 'codemods', 'dist', 'codemods', 'add-shutdown-hook', 'transform.js'));

describe.runIf(HAS_CLI && REAL)('codemod workflow run with the real codemod', () => {
  it(
    'add-shutdown-hook on a copy of examples/ changes the files that the bin\'s --dry names',
    () => {
      const dir = path.join(TMP, 'examples');
      fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}node_modules`) });
      git(dir, 'init', '-q');
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', 'examples');
      const env = { ...process.env, LAMBDA_SHUTDOWN_CODEMODS_DIR: '' };
      const dry = spawnSync(process.execPath, [CODEMOD_BIN, 'add-shutdown-hook', '--dry'], { cwd: dir, encoding: 'utf8', env });
      expect(dry.status, dry.stderr).toBe(0);
      const expected = [...dry.stdout.matchAll(/^diff --git a\/(\S+) /gm)].map((m) => m[1]).sort();
      expect(expected.length).toBeGreaterThan(0);

      const before = hashes(dir);
      const r = spawnSync(CODEMOD_CLI, ['workflow', 'run', '-w', pkg('add-shutdown-hook'), '--no-interactive', '--disable-analytics', '--no-color'], { cwd: dir, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });
      expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
      expect(changed(before, hashes(dir))).toEqual(expected);
    },
    TIMEOUT,
  );
});
