/**
 * The `register-extension` codemod on fixture projects: each `__fixtures__/register-extension/<case>/` has an
 * `input/` project, an `output/` tree with every file the codemod edits as it must look afterwards, and a
 * `case.json` naming the modules it must create (with the module variant each must be). Every other file must
 * be left byte for byte. For each case: dry mode writes nothing and predicts the real run exactly; the real run
 * gives the expected tree; a second run changes nothing; `require-extension` (with `reportUnknown`) is clean on
 * the edited entry files afterwards, through the ESLint API and the plugin's own config.
 * `UPDATE_FIXTURES=1` rewrites the `output/` trees from the current codemod (review the diff before committing).
 * Then the module's variants as text, and the renderer of their one source; test/e2e/extension-variants.test.ts
 * type-checks each where the codemod writes it and runs each under the Lambda emulator.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import { MODULE_BASENAME, MODULE_VARIANTS, renderModule, run } from '../../codemods/register-extension/index.js';
import type { HttpImport, Language, ModuleSystem } from '../../codemods/register-extension/index.js';
import { preprocess, renderVariant, variantName } from '../../codemods/register-extension/module.js';

const fixtures = fileURLToPath(new URL('./__fixtures__/register-extension/', import.meta.url));
const update = process.env['UPDATE_FIXTURES'] === '1';
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'register-extension-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

interface CaseSpec {
  description: string;
  /** Paths given to the codemod, relative to the project (default: the whole project). */
  paths?: string[];
  /** Modules the run creates: project-relative path → variant. */
  created: Record<string, { lang: Language; system: ModuleSystem; httpImport?: HttpImport }>;
  /** Entry files the run edits (their expected text is under output/). */
  changed: string[];
}

function walk(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name), base) : [path.relative(base, path.join(dir, d.name)).split(path.sep).join('/')]))
    .sort();
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(walk(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
}

let counter = 0;
function copyInput(name: string): string {
  const dir = path.join(tmpRoot, `${name}-${counter++}`);
  fs.cpSync(path.join(fixtures, name, 'input'), dir, { recursive: true });
  return dir;
}

const rel = (root: string, files: string[]) => files.map((f) => path.relative(root, f).split(path.sep).join('/')).sort();

async function requireExtensionFindings(root: string, files: string[]): Promise<Linter.LintMessage[]> {
  const config = {
    ...(plugin.configs.recommended as Linter.Config),
    rules: { 'lambda-shutdown/require-extension': ['error', { reportUnknown: true }] },
  } as Linter.Config;
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: [config], ignore: false });
  const results = await eslint.lintFiles(files.map((f) => path.join(root, f)));
  return results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'lambda-shutdown/require-extension' || m.fatal));
}

const cases = fs.readdirSync(fixtures).filter((n) => fs.existsSync(path.join(fixtures, n, 'case.json'))).sort();

describe('register-extension fixtures', () => {
  it('has the fixture cases', () => {
    expect(cases).toEqual(
      expect.arrayContaining(['ts-esm-nodenext', 'ts-cjs', 'js-esm', 'js-cjs', 'mjs-in-cjs', 'existing-module', 'no-sigterm', 'header-comments', 'double-quotes']),
    );
  });

  describe.each(cases)('%s', (name) => {
    const spec = JSON.parse(fs.readFileSync(path.join(fixtures, name, 'case.json'), 'utf8')) as CaseSpec;
    const input = snapshot(path.join(fixtures, name, 'input'));

    it(`${spec.description}`, async () => {
      const root = copyInput(name);
      const options = { cwd: root };

      if (spec.changed.length > 0) {
        // before: the rule reports every entry the codemod is to fix
        const before = await requireExtensionFindings(root, spec.changed);
        expect(before.filter((m) => m.fatal)).toEqual([]);
        expect(new Set(before.map((m) => m.message.slice(0, 40))).size).toBeGreaterThan(0);
      }

      const dry = await run(spec.paths ?? [], { ...options, dry: true });
      expect(snapshot(root)).toEqual(input);
      expect(dry.skipped).toEqual([]);

      const real = await run(spec.paths ?? [], { ...options, dry: false });
      expect(rel(root, real.created)).toEqual(Object.keys(spec.created).sort());
      expect(rel(root, real.changed)).toEqual([...spec.changed].sort());
      expect(rel(root, dry.created)).toEqual(rel(root, real.created));
      expect(rel(root, dry.changed)).toEqual(rel(root, real.changed));

      const after = snapshot(root);
      // the dry run's diffs are exactly what the real run wrote
      for (const d of dry.diffs) expect(after[path.relative(root, d.file).split(path.sep).join('/')]).toBe(d.after);
      for (const d of real.diffs) expect(d.before).toBe(input[path.relative(root, d.file).split(path.sep).join('/')] ?? '');

      if (update) {
        const out = path.join(fixtures, name, 'output');
        fs.rmSync(out, { recursive: true, force: true });
        for (const f of spec.changed) {
          fs.mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
          fs.writeFileSync(path.join(out, f), after[f]!);
        }
      }
      const expected: Record<string, string> = { ...input, ...snapshot(path.join(fixtures, name, 'output')) };
      for (const [file, variant] of Object.entries(spec.created)) {
        expected[file] = renderModule(variant.lang, variant.system, variant.httpImport);
      }
      expect(after).toEqual(expected);

      // idempotent
      const again = await run(spec.paths ?? [], { ...options, dry: false });
      expect(again.changed).toEqual([]);
      expect(again.created).toEqual([]);
      expect(snapshot(root)).toEqual(after);

      // the rule is clean on the edited entries
      if (spec.changed.length > 0) expect(await requireExtensionFindings(root, spec.changed)).toEqual([]);
    });
  });
});

describe('register-extension options', () => {
  it('takes ESLint settings or the plugin settings themselves (platform: container changes nothing)', async () => {
    for (const settings of [{ 'lambda-shutdown': { platform: 'container' } }, { platform: 'container' }]) {
      const root = copyInput('js-esm');
      const result = await run([], { cwd: root, dry: false, settings });
      expect(result).toEqual({ changed: [], created: [], diffs: [], skipped: [] });
    }
  });

  it('knows handlers by the configured handler names', async () => {
    const root = path.join(tmpRoot, `custom-name-${counter++}`);
    fs.mkdirSync(root);
    fs.writeFileSync(path.join(root, 'package.json'), '{ "type": "module" }\n');
    fs.writeFileSync(path.join(root, 'main.js'), "process.on('SIGTERM', () => process.exit(0));\nexport const main = async () => 1;\n");
    expect((await run([], { cwd: root, dry: true })).changed).toEqual([]);
    const result = await run([], { cwd: root, dry: true, settings: { 'lambda-shutdown': { handlerNames: ['main'] } } });
    expect(rel(root, result.changed)).toEqual(['main.js']);
  });

  it('reports files it cannot parse and goes on', async () => {
    const root = copyInput('js-esm');
    fs.writeFileSync(path.join(root, 'broken.js'), 'export const handler = (;\n');
    const result = await run(['.'], { cwd: root, dry: true });
    expect(rel(root, result.skipped.map((s) => s.file))).toEqual(['broken.js']);
    expect(rel(root, result.changed)).toEqual(['index.js']);
  });

  it('keeps CRLF line endings and adds no newline style of its own', async () => {
    const root = copyInput('js-cjs');
    const file = path.join(root, 'handler.js');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    await run([], { cwd: root, dry: false });
    const text = fs.readFileSync(file, 'utf8');
    expect(text.startsWith("'use strict';\r\nrequire('./lambda-shutdown-extension');\r\nconst mysql")).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(fs.readFileSync(path.join(root, `${MODULE_BASENAME}.js`), 'utf8').replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe('module variants', () => {
  it.each(MODULE_VARIANTS.map((v) => [variantName(v), v] as const))('%s reads as a module written by hand for that variant', (_, variant) => {
    const text = renderVariant(variant);
    // nothing of the source's branches is left
    expect(text).not.toMatch(/^\s*\/\/ #/m);
    expect(text).toMatch(/^\/\*\*\n \* Registers an internal Lambda extension/);
    expect(text).not.toMatch(/\n\n\n/);
    expect(text.endsWith('\n')).toBe(true);
    expect(text.includes('holdImmediatesUntil(registration);')).toBe(variant.system === 'cjs');
    expect(text.includes('Why this CommonJS module holds setImmediate callbacks')).toBe(variant.system === 'cjs');
    expect(text.includes('if (api) await (shared[ONCE] ??= start(api));')).toBe(variant.system === 'esm');
    expect(text.includes('@param {string} host')).toBe(variant.lang === 'js');
    expect(text.includes('function register(host: string, port: number): Promise<string | null> {')).toBe(variant.lang === 'ts');

    expect(text).toContain("'{\"events\":[]}'");
    expect(text).toContain("'Lambda-Extension-Name': NAME");
    expect(text).toContain('/2020-01-01/extension/register');
    expect(text).toContain("req.on('socket', (socket) => socket.unref());");
    expect(text).not.toMatch(/\bfetch\(/);
    // zero dependencies: node:http is the only module it loads
    expect([...text.matchAll(/(?:from |require\()'([^']+)'/g)].map((m) => m[1])).toEqual(['node:http']);
  });

  it('imports node:http as each variant needs', () => {
    const imports = MODULE_VARIANTS.map((v) => [variantName(v), renderVariant(v).split('\n').filter((l) => /'node:http'/.test(l))]);
    expect(Object.fromEntries(imports)).toEqual({
      'js-esm': ["import * as http from 'node:http';"],
      'js-cjs': ["const http = require('node:http');"],
      'ts-esm': ["import * as http from 'node:http';"],
      'ts-cjs-require': ["import http = require('node:http');"],
      'ts-cjs-namespace': ["import * as http from 'node:http';"],
      'ts-cjs-const': ["const http: typeof import('node:http') = require('node:http');"],
    });
    // the codemod's own names for them
    expect(renderModule('ts', 'esm', 'const')).toBe(renderVariant({ lang: 'ts', system: 'esm' }));
    expect(renderModule('js', 'cjs', 'namespace')).toBe(renderVariant({ lang: 'js', system: 'cjs' }));
    expect(renderModule('ts', 'cjs')).toBe(renderVariant({ lang: 'ts', system: 'cjs', httpImport: 'require' }));
  });

  it('renders branches: nested, elif chains, `||`, notes dropped; rejects what it does not know, naming the line', () => {
    const source = ['// ## a note', 'a', '// #if ts || esm', 'b', '// #if cjs', 'c', '// #endif', '// #elif js', 'd', '// #else', 'e', '// #endif', 'f', ''].join('\n');
    expect(preprocess(source, new Set(['ts', 'cjs']))).toBe('a\nb\nc\nf\n');
    expect(preprocess(source, new Set(['js', 'esm']))).toBe('a\nb\nf\n');
    expect(preprocess(source, new Set(['js', 'cjs']))).toBe('a\nd\nf\n');
    expect(preprocess(source, new Set(['http=const']))).toBe('a\ne\nf\n');
    expect(() => preprocess('// #if tsx\n// #endif\n', new Set())).toThrow('lambda-shutdown-extension.ts.tmpl:1: unknown name `tsx` in a condition');
    expect(() => preprocess('x\n// #if ts\n', new Set())).toThrow('lambda-shutdown-extension.ts.tmpl:2: `// #if` without `// #endif`');
    expect(() => preprocess('// #endif\n', new Set())).toThrow(':1: `// #endif` without `// #if`');
    expect(() => preprocess('// #if ts\n// #else\n// #elif js\n// #endif\n', new Set())).toThrow(':3: `// #elif` after `// #else`');
    expect(() => preprocess('// #ifdef ts\n', new Set())).toThrow(':1: unknown directive `// #ifdef ts`');
    expect(() => preprocess('// #if\n', new Set())).toThrow(':1: a condition is missing');
  });
});
