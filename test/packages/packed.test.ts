/**
 * The two packages as npm publishes them (`npm pack` of the root and of the codemods workspace, after
 * `npm run build`), installed from their tarballs into fresh projects by npm, with their dependencies from the
 * registry, as users get them:
 *
 * - lint-only: `npm install eslint eslint-plugin-lambda-shutdown`. None of the codemods' own dependencies come
 *   along; ESLint with the installed plugin finds on examples/ exactly what this repository's build finds; the
 *   plugin's `codemod` command names the `npx` command of the codemods' package instead of failing obscurely.
 * - with the codemods: `lambda-shutdown-codemod`'s bin (what `npx lambda-shutdown-codemod` runs) fixes a copy of
 *   examples/ with its own build of the analysis and dependencies, after which the installed plugin reports nothing
 *   the codemods target; the plugin's `codemod` command hands over to it; both report the same version.
 *
 * What an install weighs is measured by `npm run bench:footprint`, not here.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLUGIN_BIN, REPO_ROOT } from '../helpers/bins.js';

const TIMEOUT = 300_000;
/** Packages only the codemods use. */
const CODEMOD_ONLY = ['jscodeshift', 'ts-morph', '@ts-morph/common', '@babel/core', 'flow-parser', 'recast', 'diff', 'lambda-shutdown-codemod'];
/** The rules whose findings the codemods fix (`all`, then `register-extension`). */
const FIXED_BY_CODEMODS = ['require-sigterm-cleanup', 'require-finally-cleanup', 'require-extension', 'no-process-exit-in-sigterm-listener'];

let tmp = '';
let pluginTgz = '';
let codemodsTgz = '';

const lockVersion = (name: string): string =>
  (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> }).packages[`node_modules/${name}`]!.version;

function npm(args: string[], cwd: string): string {
  return execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

function pack(workspace?: string): string {
  const [info] = JSON.parse(npm(['pack', '--json', '--pack-destination', tmp, ...(workspace ? ['--workspace', workspace] : [])], REPO_ROOT)) as { filename: string; files: { path: string }[] }[];
  return path.join(tmp, info!.filename);
}

/** A fresh project holding a copy of examples/ (its sources, template.yaml, package.json), with `specs` installed. */
function project(name: string, specs: string[]): string {
  const dir = path.join(tmp, name);
  fs.cpSync(path.join(REPO_ROOT, 'examples'), dir, { recursive: true, filter: (src) => !src.split(path.sep).includes('node_modules') });
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--no-save', ...specs], dir);
  return dir;
}

function bin(dir: string, name: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(path.join(dir, 'node_modules', '.bin', name), args, { cwd: dir, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** file:line rule of every finding in ESLint's JSON output. */
function findings(json: string, dir: string): string[] {
  const results = JSON.parse(json) as { filePath: string; messages: { line: number; ruleId: string | null; message: string }[] }[];
  return results.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId ?? m.message}`)).sort();
}

beforeAll(() => {
  for (const built of [path.join(REPO_ROOT, 'dist', 'index.js'), path.join(REPO_ROOT, 'codemods', 'dist', 'codemods', 'cli', 'index.js')]) {
    if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-packed-'));
  pluginTgz = pack();
  codemodsTgz = pack('codemods');
}, TIMEOUT);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the published packages, installed by npm from their tarballs', () => {
  it(
    'lint-only: nothing only the codemods need is installed, and ESLint finds what this build finds',
    () => {
      const dir = project('lint-only', [`eslint@${lockVersion('eslint')}`, pluginTgz]);
      const installed = CODEMOD_ONLY.filter((n) => fs.existsSync(path.join(dir, 'node_modules', n, 'package.json')));
      expect(installed).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'node_modules', 'eslint-plugin-lambda-shutdown', 'dist', 'codemods'))).toBe(false);

      fs.writeFileSync(path.join(dir, 'eslint.config.mjs'), "import lambdaShutdown from 'eslint-plugin-lambda-shutdown';\n\nexport default [lambdaShutdown.configs.recommended];\n");
      const eslint = bin(dir, 'eslint', ['--format', 'json', 'src']);
      expect(eslint.status, eslint.stderr).toBe(1);
      const fromInstall = findings(eslint.stdout, dir);
      const fromRepo = spawnSync(process.execPath, [PLUGIN_BIN, 'check', '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8' });
      expect(fromInstall.length).toBeGreaterThanOrEqual(10);
      expect(fromInstall).toEqual(findings(fromRepo.stdout, dir));

      // the codemods are not installed: the plugin's bin says how to run them
      const handover = bin(dir, 'lambda-shutdown', ['codemod', 'all', '--dry']);
      expect(handover.status).toBe(2);
      expect(handover.stderr).toContain('the codemods are a package of their own (lambda-shutdown-codemod), which is not installed here. Run:\n  npx lambda-shutdown-codemod all --dry\n');
    },
    TIMEOUT,
  );

  it(
    "the codemods' package: its bin fixes a copy of examples/ with its own dependencies, and the plugin then reports nothing the codemods target",
    () => {
      const dir = project('codemods', [`eslint@${lockVersion('eslint')}`, pluginTgz, codemodsTgz]);
      for (const name of ['add-shutdown-hook', 'add-finally-cleanup', 'register-extension']) {
        expect(fs.existsSync(path.join(dir, 'node_modules', 'lambda-shutdown-codemod', name, 'workflow.yaml')), name).toBe(true);
      }
      npm(['pkg', 'set', 'name=packed-examples'], dir);
      execFileSync('git', ['init', '-q'], { cwd: dir });
      const version = bin(dir, 'lambda-shutdown-codemod', ['--version']);
      expect(version.stdout.trim()).toBe(bin(dir, 'lambda-shutdown', ['--version']).stdout.trim());

      const before = findings(bin(dir, 'lambda-shutdown', ['check', '--format', 'json', 'src']).stdout, dir);
      expect(before.filter((f) => FIXED_BY_CODEMODS.some((r) => f.endsWith(` lambda-shutdown/${r}`))).length).toBeGreaterThan(0);
      for (const args of [['all', '--force', 'src'], ['register-extension', '--force', 'src']]) {
        const r = bin(dir, 'lambda-shutdown-codemod', args);
        expect(r.status, `${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
        expect(r.stdout).toMatch(/^ {2}changed +[1-9]/m);
      }
      const after = findings(bin(dir, 'lambda-shutdown', ['check', '--format', 'json', 'src']).stdout, dir);
      expect(after.filter((f) => FIXED_BY_CODEMODS.some((r) => f.endsWith(` lambda-shutdown/${r}`)))).toEqual([]);
      // what is left was there before (lines move with the edits; the rules do not): the codemods added no finding
      const byRule = (list: string[]): Record<string, number> => list.reduce<Record<string, number>>((n, f) => ({ ...n, [f.split(' ')[1]!]: (n[f.split(' ')[1]!] ?? 0) + 1 }), {});
      for (const [rule, n] of Object.entries(byRule(after))) expect(n, rule).toBeLessThanOrEqual(byRule(before)[rule] ?? 0);

      // installed beside the plugin, `lambda-shutdown codemod` runs it
      const handover = bin(dir, 'lambda-shutdown', ['codemod', 'all', '--dry', 'src']);
      expect(handover.status, handover.stderr).toBe(0);
      expect(handover.stderr).toMatch(/^lambda-shutdown-codemod all --dry: \d+ files? in/m);
    },
    TIMEOUT,
  );
});
