/**
 * The plugin under oxlint (the pinned devDependency, run as a real process, loading the built dist/ as a JS plugin
 * through `jsPlugins`), against ESLint:
 *
 *   examples/       oxlint with the README's `.oxlintrc.json` finds exactly what ESLint finds with
 *                   `configs.recommended` (file, line, rule), and that is not nothing.
 *   rule suites     every case, invalid and valid, of the RuleTester suites (captured, not run, through
 *                   test/rules/tester.ts's capture mode) is written to its own directory with an `.oxlintrc.json`
 *                   for its rule, options and settings; one oxlint process lints them all; per case, the rule's
 *                   reports (line and message id, the id read back from the message text) must equal the case's
 *                   expected errors (none for a valid case), and the rendered messages a case pins its text. The
 *                   groups of cases oxlint cannot reproduce are listed below (EXCLUDED) with the reason, linted too,
 *                   and asserted to be the only mismatches. The counts are printed.
 *   suggestions     `oxlint --fix-suggestions` on the cases with one error and one suggestion writes the
 *                   suggestion's expected output; oxlint's JSON output carries no suggestions.
 *   config files    the README's `oxlint.config.ts` (as `.mjs` with `-c`; by itself only on Node ≥ 22.18, refused
 *                   with the reason below that), and `extends` of the plugin's ESLint configs, which fails.
 *
 * The package resolves as npm installs it: node_modules/eslint-plugin-lambda-shutdown links to the repository (as
 * test/cli/commonjs-config.test.ts does for ESLint), so `jsPlugins: ["eslint-plugin-lambda-shutdown"]` loads dist/.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint } from 'eslint';
import type { InvalidTestCase, TestCaseError } from '@typescript-eslint/rule-tester';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rules } from '../../rules/index.js';
import { captureSuites } from '../rules/tester.js';
import type { CapturedSuite } from '../rules/tester.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OXLINT_BIN = path.join(ROOT, 'node_modules', 'oxlint', 'bin', 'oxlint');
const OXLINT_VERSION = '1.96.0';
const DIST = path.join(ROOT, 'dist', 'index.js');
const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const NAMESPACE = 'lambda-shutdown';
const TIMEOUT = 180_000;

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// The rule suites' cases, captured: the suites are imported in capture mode, so that their RuleTester runs record
// the cases, with vitest's `it` and hooks made inert for them (a `describe` runs its body), so that the few plain
// tests some suites also hold are neither run nor registered here (they run in test/rules).

const SUITES = fs
  .readdirSync(path.join(ROOT, 'test', 'rules'))
  .filter((f) => f.endsWith('.test.ts'))
  .sort();
const captured: CapturedSuite[] = captureSuites();

vi.doMock('vitest', async (importOriginal) => {
  // a describe block runs its body (some suites call ruleTester.run inside one); tests and hooks do nothing
  const group = (_name: unknown, body?: () => unknown): void => void body?.();
  const inert = (): void => undefined;
  return { ...(await importOriginal<typeof import('vitest')>()), describe: group, it: inert, test: inert, beforeAll: inert, afterAll: inert, beforeEach: inert, afterEach: inert };
});
for (const f of SUITES) await import(pathToFileURL(path.join(ROOT, 'test', 'rules', f)).href);
vi.doUnmock('vitest');

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Helpers

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lambda-shutdown-oxlint-${prefix}-`));
  made.push(dir);
  return dir;
}

/** `dir/node_modules/eslint-plugin-lambda-shutdown` → the repository, where npm would install the package. */
function linkPackage(dir: string): void {
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, 'node_modules', 'eslint-plugin-lambda-shutdown'), 'dir');
}

interface OxlintDiagnostic {
  message: string;
  code: string;
  severity: string;
  filename: string;
  labels: { span: { offset: number; length: number; line: number; column: number } }[];
}

/** `oxlint -f json …args` in `cwd`: the diagnostics, exit status and stderr. */
function oxlint(cwd: string, args: string[]): { status: number | null; diagnostics: OxlintDiagnostic[]; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [OXLINT_BIN, '-f', 'json', ...args], { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  let diagnostics: OxlintDiagnostic[] = [];
  try {
    diagnostics = (JSON.parse(r.stdout) as { diagnostics: OxlintDiagnostic[] }).diagnostics;
  } catch {
    // not JSON: the caller's assertion on the status shows stdout and stderr
  }
  return { status: r.status, diagnostics, stderr: r.stderr, stdout: r.stdout };
}

/** `lambda-shutdown(rule)` → `lambda-shutdown/rule`; other codes (oxlint's own rules) → null. */
function ruleOf(code: string): string | null {
  const m = /^lambda-shutdown\((.+)\)$/.exec(code);
  return m ? `${NAMESPACE}/${m[1]}` : null;
}

const slash = (p: string) => p.split(path.sep).join('/');

/** The code block of README.md's oxlint section that follows `<!-- oxlint:<name> -->`: what users copy. */
function readmeBlock(name: string): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = new RegExp(`<!-- oxlint:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\`\\n`).exec(readme);
  if (!m) throw new Error(`README.md has no block <!-- oxlint:${name} -->`);
  return m[1]!;
}

/** The recommended rules, as `.oxlintrc.json` lists them. */
const recommendedRules = () =>
  Object.fromEntries(
    Object.entries(rules)
      .filter(([, rule]) => rule.meta.docs?.recommended === true)
      .map(([name]) => [`${NAMESPACE}/${name}`, 'error']),
  );

/** A copy of examples/ with the package installed (linked) and `files` written. */
function examplesProject(files: Record<string, string>): string {
  const dir = tempDir('examples');
  fs.cpSync(path.join(ROOT, 'examples'), dir, { recursive: true });
  linkPackage(dir);
  // oxlint.config.ts imports `defineConfig` from oxlint, installed beside the plugin
  fs.symlinkSync(path.join(ROOT, 'node_modules', 'oxlint'), path.join(dir, 'node_modules', 'oxlint'), 'dir');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** `file:line rule` of oxlint's findings of our rules, sorted. */
const oxlintFound = (diagnostics: OxlintDiagnostic[]) =>
  diagnostics
    .map((d) => [d, ruleOf(d.code)] as const)
    .filter(([, rule]) => rule !== null)
    .map(([d, rule]) => `${slash(d.filename)}:${d.labels[0]?.span.line} ${rule}`)
    .sort();

let eslintOnExamples: Promise<string[]> | null = null;

/** ESLint (the ESLint class, the built plugin's configs.recommended) on a copy of examples/: `file:line rule`, sorted. */
function eslintFound(): Promise<string[]> {
  return (eslintOnExamples ??= (async () => {
    const dir = examplesProject({});
    const { default: plugin } = (await import(pathToFileURL(DIST).href)) as { default: { configs: { recommended: never } } };
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended] });
    const results = await eslint.lintFiles(['src']);
    return results.flatMap((r) => r.messages.map((m) => `${slash(path.relative(dir, r.filePath))}:${m.line} ${m.ruleId ?? m.message}`)).sort();
  })());
}

/** Node.js ≥ 22.18 (oxlint's floor for TypeScript config files). */
const [major, minor] = process.versions.node.split('.').map(Number) as [number, number];
const STRIPS_TYPES = major > 22 || (major === 22 && minor >= 18);

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// examples/

describe('oxlint on examples/', () => {
  it('is the pinned version', () => {
    const r = spawnSync(process.execPath, [OXLINT_BIN, '--version'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(`Version: ${OXLINT_VERSION}`);
    expect(fs.existsSync(DIST), 'build first: npm run build').toBe(true);
  });

  it('the README’s .oxlintrc.json turns on exactly the recommended rules', () => {
    const config = JSON.parse(readmeBlock('oxlintrc')) as { jsPlugins: string[]; rules: Record<string, unknown> };
    expect(config.jsPlugins).toEqual(['eslint-plugin-lambda-shutdown']);
    expect(config.rules).toEqual(recommendedRules());
  });

  it(
    'with the README’s .oxlintrc.json, finds exactly what ESLint finds with configs.recommended: file, line and rule',
    async () => {
      const dir = examplesProject({ '.oxlintrc.json': readmeBlock('oxlintrc') });
      const ox = oxlint(dir, ['src']);
      expect(ox.status, ox.stderr || ox.stdout).toBe(1);
      const fromESLint = await eslintFound();
      expect(fromESLint.length).toBeGreaterThanOrEqual(20);
      expect(fromESLint.every((f) => / lambda-shutdown\//.test(f))).toBe(true);
      expect(oxlintFound(ox.diagnostics)).toEqual(fromESLint);
    },
    TIMEOUT,
  );

  it(
    'the README’s oxlint.config.ts as oxlint.config.mjs, named with -c (Node 20): the same findings',
    async () => {
      const dir = examplesProject({ 'oxlint.config.mjs': readmeBlock('config-ts') });
      const ox = oxlint(dir, ['-c', 'oxlint.config.mjs', 'src']);
      expect(ox.status, ox.stderr || ox.stdout).toBe(1);
      expect(oxlintFound(ox.diagnostics)).toEqual(await eslintFound());
    },
    TIMEOUT,
  );

  it('cannot `extends` the plugin’s ESLint config objects (oxlint serialises them, and the plugin in them is circular)', () => {
    const config = `import lambdaShutdown from 'eslint-plugin-lambda-shutdown';\n\nexport default { extends: [lambdaShutdown.configs.recommended] };\n`;
    const dir = examplesProject({ 'oxlint.config.mjs': config });
    const ox = oxlint(dir, ['-c', 'oxlint.config.mjs', 'src']);
    expect(ox.status).not.toBe(0);
    expect(ox.stdout + ox.stderr).toContain('Converting circular structure to JSON');
  });

  it(
    `the README’s oxlint.config.ts, found by oxlint: ${STRIPS_TYPES ? 'the same findings' : 'refused on this Node.js, with the reason'}`,
    async () => {
      const dir = examplesProject({ 'oxlint.config.ts': readmeBlock('config-ts') });
      const ox = oxlint(dir, ['src']);
      if (STRIPS_TYPES) {
        expect(ox.status, ox.stderr || ox.stdout).toBe(1);
        expect(oxlintFound(ox.diagnostics)).toEqual(await eslintFound());
      } else {
        expect(ox.status).not.toBe(0);
        expect(ox.stdout + ox.stderr).toContain('TypeScript config files require Node.js >=22.18.0');
      }
    },
    TIMEOUT,
  );
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// The rule suites' cases

type Case = InvalidTestCase<string, readonly unknown[]>;

interface SuiteCase {
  id: string;
  suite: CapturedSuite;
  /** The plugin's name of the rule. */
  rule: string;
  kind: 'valid' | 'invalid';
  case: Case;
  /** The linted file, relative to the cases' root. */
  file: string;
  /** `line messageId` of every expected report, sorted (none for a valid case). */
  expected: string[];
}

/**
 * The cases oxlint cannot reproduce, by group, with the reason. Every case of a group is linted too (nothing is
 * skipped); the test asserts that each case outside these groups is equal, and counts how many inside differ.
 */
const EXCLUDED: { group: string; reason: string; test: (c: SuiteCase) => boolean }[] = [
  {
    group: 'type-aware',
    reason:
      'the suites run by typedRuleTester (settings typedResources, parserOptions.projectService): oxlint parses with its own ' +
      'parser and gives JS plugins no TypeScript program (sourceCode.parserServices has none), so resources are recognised ' +
      'by the catalog alone, as with `recommended`',
    test: (c) => c.suite.typed,
  },
  {
    group: 'cwd from a test-only setting',
    reason:
      "require-extension's suite wraps the rule to take context.cwd from settings['test:cwd'] (inFixtureCwd); the plugin " +
      "does not read that setting, and oxlint's context.cwd is the directory it runs in",
    test: (c) => c.case.settings !== undefined && 'test:cwd' in c.case.settings,
  },
];

/** The plugin's name of a suite's rule (suites may wrap it, e.g. to set `cwd`; the meta object stays the rule's). */
function ruleName(suite: CapturedSuite): string {
  const found = Object.entries(rules).find(([, rule]) => rule.meta === suite.rule.meta);
  if (!found) throw new Error(`suite ${suite.name}: its rule is none of the plugin's`);
  return found[0];
}

/** A message's ids, read back from its text against the rule's message templates (every id whose template fits). */
function messageIdsOf(rule: string, message: string): string[] {
  const messages = (rules as Record<string, { meta: { messages: Record<string, string> } }>)[rule]!.meta.messages;
  return Object.entries(messages)
    .filter(([, template]) => {
      const pattern = template
        .split(/\{\{\s*\w+\s*\}\}/)
        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[\\s\\S]*?');
      return new RegExp(`^${pattern}$`).test(message);
    })
    .map(([id]) => id);
}

/** The id of an expected error: its messageId, or the one id whose template its rendered message fits. */
function expectedId(rule: string, error: TestCaseError<string>): string {
  if (error.messageId) return error.messageId;
  const message = (error as { message?: string }).message;
  const ids = message === undefined ? [] : messageIdsOf(rule, message);
  if (ids.length !== 1) throw new Error(`${rule}: the expected message fits ${ids.length} message ids: ${message}`);
  return ids[0]!;
}

/** Where a case's file goes in its directory: a relative filename as it is; a fixture file with its project copied. */
function placeCase(dir: string, filename: string): string {
  if (!path.isAbsolute(filename)) return filename;
  const rel = path.relative(FIXTURES, filename);
  if (rel.startsWith('..')) throw new Error(`an absolute filename outside test/fixtures: ${filename}`);
  const parts = rel.split(path.sep);
  const depth = parts[0] === 'projects' || parts[0] === 'deploy' ? 2 : 1;
  fs.cpSync(path.join(FIXTURES, ...parts.slice(0, depth)), dir, { recursive: true });
  return parts.slice(depth).join('/');
}

/**
 * Every case in its own directory under `root`: the file (RuleTester's default `file.ts` when it names none), an
 * `.oxlintrc.json` with the plugin, the case's rule with its options, and its settings (oxlint's own rules off).
 */
function materialize(root: string): SuiteCase[] {
  const out: SuiteCase[] = [];
  for (const [s, suite] of captured.entries()) {
    const rule = ruleName(suite);
    const all = [
      ...(suite.tests.valid as (Case | string)[]).map((c) => ['valid', typeof c === 'string' ? ({ code: c, errors: [] } as Case) : ({ ...c, errors: [] } as Case)] as const),
      ...(suite.tests.invalid as Case[]).map((c) => ['invalid', c] as const),
    ];
    for (const [i, [kind, c]] of all.entries()) {
      const id = `s${s}-${kind[0]}${i}`;
      const dir = path.join(root, id);
      fs.mkdirSync(dir, { recursive: true });
      const filename = c.filename ?? 'file.ts';
      const rel = placeCase(dir, filename);
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), c.code);
      const config = {
        jsPlugins: ['eslint-plugin-lambda-shutdown'],
        categories: { correctness: 'off' },
        ...(c.settings ? { settings: c.settings } : {}),
        rules: { [`${NAMESPACE}/${rule}`]: c.options ? ['error', ...c.options] : 'error' },
      };
      fs.writeFileSync(path.join(dir, '.oxlintrc.json'), JSON.stringify(config, null, 2));
      // A fixture file's project: RuleTester lints it with the file-system root as cwd, so the rules take the nearest
      // package.json above it (the fixture project's, else the repository's) as the project; here the case's
      // directory stands for the repository. A relative filename has no project (no module graph) under RuleTester,
      // and none here: no package.json above it.
      if (path.isAbsolute(filename) && !fs.existsSync(path.join(dir, 'package.json'))) {
        fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
      }
      const expected = c.errors.map((e) => `${e.line} ${expectedId(rule, e)}`).sort();
      out.push({ id, suite, rule, kind, case: c, file: `${id}/${rel}`, expected });
    }
  }
  return out;
}

const excludedBy = (c: SuiteCase) => EXCLUDED.find((g) => g.test(c))?.group ?? null;

/** oxlint's diagnostics by linted file, relative to the cases' root. */
function byFile(root: string, diagnostics: OxlintDiagnostic[]): Map<string, OxlintDiagnostic[]> {
  const out = new Map<string, OxlintDiagnostic[]>();
  for (const d of diagnostics) {
    const file = slash(path.relative(root, path.resolve(path.parse(root).root, d.filename)));
    out.set(file, [...(out.get(file) ?? []), d]);
  }
  return out;
}

describe('oxlint on the rule suites’ cases', () => {
  it(
    'reports what RuleTester expects (line and message id), but in the excluded groups',
    () => {
      const rulesCovered = new Set(captured.map(ruleName));
      expect([...rulesCovered].sort()).toEqual(Object.keys(rules).sort());
      const root = tempDir('cases');
      linkPackage(root);
      const cases = materialize(root);

      // One process, from the file-system root, with absolute paths: oxlint's `context.cwd` is the directory it runs
      // in, and the rules take a cwd that is a file-system root as no project, as RuleTester's for a fixture file.
      const fsRoot = path.parse(root).root;
      const ox = oxlint(fsRoot, cases.map((c) => path.join(root, c.file)));
      expect([0, 1], ox.stderr || ox.stdout.slice(0, 2000)).toContain(ox.status);
      const found = byFile(root, ox.diagnostics);
      expect([...found.keys()].filter((f) => !cases.some((c) => c.file === f))).toEqual([]);

      // Suites that wrap the rule to set context.cwd to the fixture project: their messages name files relative to it,
      // oxlint's relative to the file-system root, through the case's directory, which stands for the project.
      const wrapped = (c: SuiteCase) => c.suite.rule !== (rules as Record<string, unknown>)[c.rule];
      const rows = cases.map((c) => {
        const diagnostics = found.get(c.file) ?? [];
        const inProject = `${slash(path.relative(fsRoot, path.join(root, c.id)))}/`;
        const textOf = (d: OxlintDiagnostic) => (wrapped(c) ? d.message.split(inProject).join('') : d.message);
        const actual = diagnostics
          .map((d) => {
            const line = d.labels[0]?.span.line;
            const ids = ruleOf(d.code) === `${NAMESPACE}/${c.rule}` ? messageIdsOf(c.rule, d.message) : [];
            // a message two templates fit counts as the expected one when that is among them
            return c.expected.find((e) => ids.some((id) => e === `${line} ${id}`)) ?? `${line} ${ids.join('|') || d.code}`;
          })
          .sort();
        // the rendered messages the case pins
        const texts = c.case.errors.flatMap((e) => {
          const message = (e as { message?: string }).message;
          return message === undefined ? [] : [{ line: e.line, message }];
        });
        const textsEqual = texts.every((t) => diagnostics.some((d) => d.labels[0]?.span.line === t.line && textOf(d) === t.message));
        return { c, actual, equal: JSON.stringify(actual) === JSON.stringify(c.expected), texts: texts.length, textsEqual, excluded: excludedBy(c) };
      });

      // What oxlint's JSON gives of a report: no suggestions (README: what oxlint does not do yet).
      const keys = [...new Set(ox.diagnostics.flatMap((d) => Object.keys(d)))];
      expect(keys).toContain('message');
      expect(keys.filter((k) => /suggest|fix/i.test(k))).toEqual([]);

      const unexpected = rows
        .filter((r) => r.excluded === null && !r.equal)
        .map((r) => ({ suite: r.c.suite.name, kind: r.c.kind, name: r.c.case.name ?? r.c.case.code.slice(0, 80), expected: r.c.expected, oxlint: r.actual }));
      expect(unexpected).toEqual([]);

      // The rendered messages the cases pin are equal too.
      expect(rows.filter((r) => r.excluded === null && !r.textsEqual).map((r) => r.c.case.name)).toEqual([]);

      const run = rows.filter((r) => r.excluded === null);
      const summary = {
        suites: captured.length,
        cases: rows.length,
        invalid: rows.filter((r) => r.c.kind === 'invalid').length,
        valid: rows.filter((r) => r.c.kind === 'valid').length,
        compared: run.length,
        equal: run.filter((r) => r.equal).length,
        comparedInvalid: run.filter((r) => r.c.kind === 'invalid').length,
        equalInvalid: run.filter((r) => r.c.kind === 'invalid' && r.equal).length,
        reports: ox.diagnostics.length,
        withOptions: run.filter((r) => r.c.case.options !== undefined).length,
        withSettings: run.filter((r) => r.c.case.settings !== undefined).length,
        withLanguageOptions: run.filter((r) => r.c.case.languageOptions !== undefined).length,
        fixtureProjects: run.filter((r) => path.isAbsolute(r.c.case.filename ?? '')).length,
        typeAwareEqual: rows.filter((r) => r.excluded === 'type-aware' && r.c.kind === 'invalid' && r.equal).map((r) => r.c.case.name),
        renderedMessages: { pinned: run.reduce((n, r) => n + r.texts, 0), inWrappedSuites: run.filter((r) => r.texts > 0 && wrapped(r.c)).length },
        excluded: EXCLUDED.map((g) => {
          const inGroup = rows.filter((r) => r.excluded === g.group);
          return { group: g.group, cases: inGroup.length, invalid: inGroup.filter((r) => r.c.kind === 'invalid').length, differing: inGroup.filter((r) => !r.equal).length, reason: g.reason };
        }),
      };
      console.log(`oxlint ${OXLINT_VERSION} on the rule suites: ${JSON.stringify(summary, null, 2)}`);
      expect(summary.comparedInvalid).toBeGreaterThanOrEqual(500);
      // the groups are needed: each holds cases oxlint reports differently
      for (const g of summary.excluded) expect(g.differing, g.group).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    '`--fix-suggestions` writes the expected suggestion, for every case with one error and one suggestion',
    () => {
      const root = tempDir('suggestions');
      linkPackage(root);
      const cases = materialize(root).filter((c) => {
        if (c.kind !== 'invalid' || excludedBy(c) !== null || c.case.errors.length !== 1) return false;
        const suggestions = c.case.errors[0]!.suggestions;
        return Array.isArray(suggestions) && suggestions.length === 1 && typeof suggestions[0]!.output === 'string';
      });
      expect(cases.length).toBeGreaterThanOrEqual(100);
      const r = spawnSync(process.execPath, [OXLINT_BIN, '--fix-suggestions', ...cases.map((c) => path.join(root, c.file))], {
        cwd: path.parse(root).root,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      });
      expect(r.status, r.stderr).toBe(0);
      const differing = cases
        .map((c) => ({ name: c.case.name, rule: c.rule, output: fs.readFileSync(path.join(root, c.file), 'utf8'), expected: c.case.errors[0]!.suggestions![0]!.output }))
        .filter((x) => x.output !== x.expected);
      console.log(`oxlint --fix-suggestions: ${cases.length - differing.length} of ${cases.length} cases with one suggestion write the expected output`);
      expect(differing).toEqual([]);
    },
    TIMEOUT,
  );
});
