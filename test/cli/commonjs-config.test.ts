/**
 * CommonJS consumers: `require('eslint-plugin-lambda-shutdown')` in an `eslint.config.cjs` (or a `.js` config of a
 * CommonJS package, common in Lambda repositories) returns the plugin itself, through Node's require(esm) and the
 * module's `'module.exports'` export, and lints exactly as the ESM config does. The package is installed the way npm
 * installs it (node_modules/eslint-plugin-lambda-shutdown, resolved through its package.json `exports`), from the
 * built dist/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ESLINT_BIN = path.join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const BUILT = fs.existsSync(path.join(ROOT, 'dist', 'index.js'));
const TIMEOUT = 120_000;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A project with the examples' sources and the package linked where npm would put it, plus `files`. */
function project(files: Record<string, string>, type?: 'module' | 'commonjs'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-cjs-'));
  made.push(dir);
  fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  if (type) pkg['type'] = type;
  else delete pkg['type'];
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'eslint-plugin-lambda-shutdown'), 'dir');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `eslint --format json src` in `dir` with its own config file: file, line and rule of every finding. */
function findings(dir: string): { status: number | null; found: string[]; stderr: string } {
  const r = spawnSync(process.execPath, [ESLINT_BIN, '--format', 'json', 'src'], { cwd: dir, encoding: 'utf8' });
  const results = r.stdout ? (JSON.parse(r.stdout) as { filePath: string; messages: { line: number; ruleId: string | null; message: string }[] }[]) : [];
  const found = results.flatMap((f) => f.messages.map((m) => `${path.relative(dir, f.filePath).split(path.sep).join('/')}:${m.line} ${m.ruleId ?? m.message}`)).sort();
  return { status: r.status, found, stderr: r.stderr };
}

const ESM_CONFIG = `import lambdaShutdown from 'eslint-plugin-lambda-shutdown';\n\nexport default [lambdaShutdown.configs.recommended];\n`;
const CJS_CONFIG = `const lambdaShutdown = require('eslint-plugin-lambda-shutdown');\n\nmodule.exports = [lambdaShutdown.configs.recommended];\n`;

describe.skipIf(!BUILT)('a CommonJS ESLint config', () => {
  it(
    '`eslint.config.cjs` with require() finds exactly what `eslint.config.mjs` finds',
    () => {
      const esm = findings(project({ 'eslint.config.mjs': ESM_CONFIG }));
      expect(esm.status, esm.stderr).toBe(1);
      expect(esm.found.length).toBeGreaterThanOrEqual(10);
      expect(esm.found.every((f) => / lambda-shutdown\//.test(f))).toBe(true);
      const cjs = findings(project({ 'eslint.config.cjs': CJS_CONFIG }));
      expect(cjs.status, cjs.stderr).toBe(1);
      expect(cjs.found).toEqual(esm.found);
    },
    TIMEOUT,
  );

  it(
    'a `.js` config of a CommonJS package (no `type`), as most Lambda repositories have',
    () => {
      const esm = findings(project({ 'eslint.config.mjs': ESM_CONFIG }));
      const cjs = findings(project({ 'eslint.config.js': CJS_CONFIG }));
      expect(cjs.status, cjs.stderr).toBe(1);
      expect(cjs.found).toEqual(esm.found);
    },
    TIMEOUT,
  );

  it('require() returns the plugin itself: its configs and rules, not a module namespace', () => {
    const r = spawnSync(
      process.execPath,
      ['-e', "const p = require('eslint-plugin-lambda-shutdown'); console.log(JSON.stringify([p.meta.name, Object.keys(p.configs).sort(), Object.keys(p.rules).length, 'default' in p]))"],
      { cwd: project({}), encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['eslint-plugin-lambda-shutdown', ['container', 'recommended', 'recommended-type-checked', 'strict'], 9, false]);
  });
});
