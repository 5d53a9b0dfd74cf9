/**
 * The module graph on its own (core/graph/): the resolver (TypeScript's resolution with the project's tsconfig `paths`,
 * package.json `imports`, extension and index rules, and what it refuses), the project index (the import scan, who
 * imports a file, which handler entries load it and through what, which files are listed at all), and module summaries
 * (what a module hands out, re-exports followed; one summary per file content).
 *
 * The graph fixture projects under test/fixtures/projects/graph-* are read as they are; shapes that need files the
 * repository cannot hold (node_modules, dist, 20,000 files, files that change) are written to temporary directories.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { analyze, moduleSummary, rememberAnalysis } from '../../core/analysis.js';
import { MAX_PROJECT_FILES, Project, hashText, projectAt, scanSpecifiers } from '../../core/graph/project.js';
import { ModuleResolver } from '../../core/graph/resolver.js';
import { exportFact, exportFacts } from '../../core/graph/summary.js';
import type { ModuleSummary } from '../../core/graph/summary.js';
import { parseFile } from '../../core/parse.js';
import type { ParsedFile } from '../../core/scope.js';
import { resolveSettings } from '../../core/settings.js';

const PROJECTS = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));
const TMP = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-graph-')));
const settings = resolveSettings(undefined);

afterAll(() => fs.rmSync(TMP, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

const fixtureRoot = (project: string) => path.join(PROJECTS, project);
const at = (project: string, rel: string) => path.join(PROJECTS, project, rel);

let counter = 0;
/** A fresh project directory under the temporary root, with the given files (path → text). */
function tmpProject(files: Record<string, string>): string {
  const dir = path.join(TMP, `p${++counter}`);
  for (const [rel, text] of Object.entries(files)) write(path.join(dir, rel), text);
  return dir;
}
function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('ModuleResolver', () => {
  describe('graph-ts-paths (tsconfig.json extends tsconfig.base.json, package.json imports)', () => {
    const root = fixtureRoot('graph-ts-paths');
    const resolver = new ModuleResolver(root);
    const from = (rel: string) => at('graph-ts-paths', rel);

    it.each([
      ['#db', 'src/handlers/users.ts', 'src/lib/db.ts', 'package.json imports, the target written as .js'],
      ['#lib/knex', 'src/handlers/report.ts', 'src/lib/knex.ts', 'package.json imports pattern'],
      ['@/lib/db', 'src/handlers/orders.ts', 'src/lib/db.ts', 'tsconfig paths from the extended tsconfig.base.json'],
      ['../lib/index.js', 'src/handlers/list.ts', 'src/lib/index.ts', '.js written for a .ts file'],
      ['../lib', 'src/handlers/list.ts', 'src/lib/index.ts', 'a directory: its index'],
      ['../lib/', 'src/handlers/list.ts', 'src/lib/index.ts', 'a directory with a trailing slash'],
      ['./pool.js', 'src/lib/index.ts', 'src/lib/pool.ts', 'a sibling, .js for .ts'],
      ['./db', 'src/lib/index.ts', 'src/lib/db.ts', 'extensionless'],
      ['.', 'src/lib/db.ts', 'src/lib/index.ts', "the directory's own index"],
      ['../src/lib/db.js', 'scripts/migrate.ts', 'src/lib/db.ts', 'from outside src'],
    ])('%s from %s is %s (%s)', (specifier, fromFile, expected) => {
      expect(resolver.resolve(specifier, from(fromFile))).toBe(at('graph-ts-paths', expected));
    });

    it.each([
      ['pg', 'a package'],
      ['aws-lambda', 'a package with types only'],
      ['node:fs', 'a built-in with its prefix'],
      ['fs', 'a built-in'],
      ['@/lib/missing', 'an alias to nothing'],
      ['#missing', 'an import map entry that does not exist'],
      ['./missing', 'a relative path to nothing'],
    ])('%s is no local module (%s)', (specifier) => {
      expect(resolver.resolve(specifier, from('src/handlers/users.ts'))).toBeNull();
    });

    it('answers the same question the same way twice (cached)', () => {
      const first = resolver.resolve('@/lib/db', from('src/handlers/orders.ts'));
      expect(resolver.resolve('@/lib/db', from('src/handlers/orders.ts'))).toBe(first);
      resolver.clear();
      expect(resolver.resolve('@/lib/db', from('src/handlers/orders.ts'))).toBe(first);
    });
  });

  it('reads the paths of a root that has only tsconfig.base.json (Nx)', () => {
    const resolver = new ModuleResolver(fixtureRoot('graph-nx'));
    expect(resolver.resolve('@acme/db', at('graph-nx', 'apps/api/src/handlers/get-user.ts'))).toBe(at('graph-nx', 'libs/db/src/index.ts'));
    expect(resolver.resolve('./lib/client', at('graph-nx', 'libs/db/src/index.ts'))).toBe(at('graph-nx', 'libs/db/src/lib/client.ts'));
  });

  it('resolves bare specifiers only when a config declares paths or a baseUrl', () => {
    const root = tmpProject({
      'package.json': '{}',
      'src/lib/db.ts': 'export const x = 1;\n',
      'src/handler.ts': '',
    });
    // without a config `lib/db` is a package name
    expect(new ModuleResolver(root).resolve('src/lib/db', path.join(root, 'src/handler.ts'))).toBeNull();
    write(path.join(root, 'tsconfig.json'), '{ "compilerOptions": { "baseUrl": "." } }');
    expect(new ModuleResolver(root).resolve('src/lib/db', path.join(root, 'src/handler.ts'))).toBe(path.join(root, 'src/lib/db.ts'));
  });

  it("with the project's listing, answers as without it, and what names no listed file without a look at the disk", () => {
    const root = tmpProject({
      'package.json': '{}',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }',
      'src/lib/db.ts': 'export const x = 1;\n',
      'src/lib/cache/index.ts': 'export const y = 1;\n',
      'src/handler.ts': '',
    });
    const from = path.join(root, 'src/handler.ts');
    const listed = new Project(root).resolver;
    const plain = new ModuleResolver(root);
    for (const specifier of ['./lib/db', './lib/db.js', './lib/cache', '@/lib/db', 'src/lib/db', './styles.css', './lib/missing', 'pg', '@aws-sdk/client-s3']) {
      expect(listed.resolve(specifier, from), specifier).toBe(plain.resolve(specifier, from));
    }
    // a relative path no listed file starts with: TypeScript would look for a folder of that name on disk
    const fresh = new Project(root).resolver;
    fresh.resolve('./lib/db', from); // the listing and the config, read once
    const stat = vi.spyOn(fs, 'statSync');
    expect(fresh.resolve('./styles.css', from)).toBeNull();
    expect(fresh.resolve('./lib/missing', from)).toBeNull();
    expect(stat).not.toHaveBeenCalled();
    stat.mockRestore();
  });

  it('reads jsconfig.json paths for a JavaScript project', () => {
    const root = tmpProject({
      'package.json': '{}',
      'jsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["lib/*"] } } }',
      'lib/db.js': 'module.exports = {};\n',
      'handler.js': '',
    });
    expect(new ModuleResolver(root).resolve('~/db', path.join(root, 'handler.js'))).toBe(path.join(root, 'lib/db.js'));
  });

  it('maps .mjs to .mts and .cjs to .cts', () => {
    const root = tmpProject({ 'package.json': '{}', 'a.mts': '', 'b.cts': '', 'c.ts': '' });
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve('./a.mjs', path.join(root, 'c.ts'))).toBe(path.join(root, 'a.mts'));
    expect(resolver.resolve('./b.cjs', path.join(root, 'c.ts'))).toBe(path.join(root, 'b.cts'));
  });

  it('takes the JavaScript file beside a declaration file, and nothing for a declaration alone', () => {
    const root = tmpProject({
      'package.json': '{}',
      'lib/db.js': 'exports.pool = null;\n',
      'lib/db.d.ts': 'export declare const pool: unknown;\n',
      'lib/types.d.ts': 'export interface User { id: string }\n',
      'handler.ts': '',
    });
    const resolver = new ModuleResolver(root);
    expect(resolver.resolve('./lib/db', path.join(root, 'handler.ts'))).toBe(path.join(root, 'lib/db.js'));
    expect(resolver.resolve('./lib/db.js', path.join(root, 'handler.ts'))).toBe(path.join(root, 'lib/db.js'));
    expect(resolver.resolve('./lib/types', path.join(root, 'handler.ts'))).toBeNull();
  });

  it('refuses what resolves into node_modules, whatever the spelling', () => {
    const root = tmpProject({
      'package.json': '{}',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@vendored/*": ["node_modules/vendored/*"] } } }',
      'node_modules/vendored/package.json': '{ "name": "vendored", "main": "index.js" }',
      'node_modules/vendored/index.js': 'module.exports = {};\n',
      'node_modules/vendored/db.ts': 'export const x = 1;\n',
      'src/handler.ts': '',
    });
    const resolver = new ModuleResolver(root);
    const from = path.join(root, 'src/handler.ts');
    expect(resolver.resolve('vendored', from)).toBeNull();
    expect(resolver.resolve('@vendored/db', from)).toBeNull();
    expect(resolver.resolve('../node_modules/vendored/index.js', from)).toBeNull();
    expect(resolver.resolve('../node_modules/vendored/db', from)).toBeNull();
  });

  it('refuses files outside the project root, relative or through an alias', () => {
    const outer = tmpProject({
      'shared/db.ts': 'export const x = 1;\n',
      'app/package.json': '{}',
      'app/tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@shared/*": ["../shared/*"] } } }',
      'app/src/handler.ts': '',
    });
    const root = path.join(outer, 'app');
    const resolver = new ModuleResolver(root);
    const from = path.join(root, 'src/handler.ts');
    expect(resolver.resolve('../../shared/db', from)).toBeNull();
    expect(resolver.resolve('@shared/db', from)).toBeNull();
    // the same file is local to a root that holds it
    expect(new ModuleResolver(outer).resolve('../../shared/db', from)).toBe(path.join(outer, 'shared/db.ts'));
  });

  it('reads a tsconfig.json edited in the session again (by mtime, after the re-check interval)', () => {
    const root = tmpProject({
      'package.json': '{}',
      'tsconfig.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "@db": ["src/a.ts"] } } }',
      'src/a.ts': '',
      'src/b.ts': '',
      'src/handler.ts': '',
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    const resolver = new ModuleResolver(root);
    const from = path.join(root, 'src/handler.ts');
    expect(resolver.resolve('@db', from)).toBe(path.join(root, 'src/a.ts'));
    const config = path.join(root, 'tsconfig.json');
    write(config, '{ "compilerOptions": { "baseUrl": ".", "paths": { "@db": ["src/b.ts"] } } }');
    fs.utimesSync(config, new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
    vi.setSystemTime(Date.now() + 5_000);
    expect(resolver.resolve('@db', from)).toBe(path.join(root, 'src/b.ts'));
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('scanSpecifiers', () => {
  it('finds every way of writing a module, on the line of its specifier', () => {
    const text = [
      "import { Pool } from 'pg';", // 1
      "import './side-effect';", // 2
      'import {', // 3
      '  a,', // 4
      '  b,', // 5
      "} from './multi-line';", // 6
      "export * from './barrel';", // 7
      "export { c } from \"./double\";", // 8
      "const d = require('./cjs');", // 9
      'const e = await import(`./template`);', // 10
      "import f = require('./ts-require');", // 11
      "const g = require( './spaced' );", // 12
      'const h = import(`./computed/${name}`);', // 13: computed, not a specifier
      "const i = require(name);", // 14: computed, not a specifier
    ].join('\n');
    expect(scanSpecifiers(text)).toEqual([
      { text: 'pg', line: 1 },
      { text: './side-effect', line: 2 },
      { text: './multi-line', line: 6 },
      { text: './barrel', line: 7 },
      { text: './double', line: 8 },
      { text: './cjs', line: 9 },
      { text: './template', line: 10 },
      { text: './ts-require', line: 11 },
      { text: './spaced', line: 12 },
    ]);
  });

  it('counts lines with CRLF line ends and lines far apart', () => {
    const text = `import a from './a';\r\n${'\r\n'.repeat(500)}import b from './b';\r\n`;
    expect(scanSpecifiers(text)).toEqual([
      { text: './a', line: 1 },
      { text: './b', line: 502 },
    ]);
  });

  it('hashes texts, not files', () => {
    expect(hashText('a')).toBe(hashText('a'));
    expect(hashText('a')).not.toBe(hashText('b'));
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('Project', () => {
  const root = fixtureRoot('graph-ts-paths');
  const project = new Project(root);
  const f = (rel: string) => at('graph-ts-paths', rel);
  const isHandler = (file: string) => file.includes(`${path.sep}handlers${path.sep}`);

  it('lists the sources of the project, sorted', () => {
    expect(project.files()?.map((file) => path.relative(root, file))).toEqual([
      'scripts/migrate.ts',
      'src/handlers/list.ts',
      'src/handlers/orders.ts',
      'src/handlers/report.ts',
      'src/handlers/users.ts',
      'src/lib/db.ts',
      'src/lib/index.ts',
      'src/lib/knex.ts',
      'src/lib/pool.ts',
    ]);
  });

  it('finds the importers of a module under every spelling, with the line of the import', () => {
    expect(project.importersOf(f('src/lib/db.ts'))).toEqual([
      { file: f('scripts/migrate.ts'), line: 2 }, // ../src/lib/db.js
      { file: f('src/handlers/orders.ts'), line: 2 }, // @/lib/db
      { file: f('src/handlers/users.ts'), line: 2 }, // #db
      { file: f('src/lib/index.ts'), line: 2 }, // ./db.js
    ]);
    expect(project.importersOf(f('src/lib/index.ts'))).toEqual([{ file: f('src/handlers/list.ts'), line: 1 }]);
    expect(project.importersOf(f('src/lib/knex.ts'))).toEqual([{ file: f('src/handlers/report.ts'), line: 1 }]);
    expect(project.importersOf(f('src/handlers/list.ts'))).toEqual([]);
  });

  it('finds the local imports of a file, and its whole graph', () => {
    const facts = project.factsOf(f('src/handlers/list.ts'))!;
    expect(project.importsOf(facts)).toEqual([{ file: f('src/lib/index.ts'), line: 1 }]);
    expect(project.graphOf(facts)).toEqual([f('src/handlers/list.ts'), f('src/lib/index.ts'), f('src/lib/pool.ts'), f('src/lib/db.ts')]);
    // packages are no part of the graph
    expect(project.importsOf(project.factsOf(f('src/lib/pool.ts'))!)).toEqual([]);
  });

  it('finds the handler entries that load a module, nearest first, with the chain and the line of each import', () => {
    expect(project.loadersOf(f('src/lib/pool.ts'), isHandler)).toEqual([
      { entry: f('src/handlers/list.ts'), chain: [f('src/handlers/list.ts'), f('src/lib/index.ts'), f('src/lib/pool.ts')], lines: [1, 1] },
    ]);
    expect(project.loadersOf(f('src/lib/db.ts'), isHandler, 10)).toEqual([
      { entry: f('src/handlers/orders.ts'), chain: [f('src/handlers/orders.ts'), f('src/lib/db.ts')], lines: [2] },
      { entry: f('src/handlers/users.ts'), chain: [f('src/handlers/users.ts'), f('src/lib/db.ts')], lines: [2] },
      { entry: f('src/handlers/list.ts'), chain: [f('src/handlers/list.ts'), f('src/lib/index.ts'), f('src/lib/db.ts')], lines: [1, 2] },
    ]);
    // the module itself, when it is an entry
    expect(project.loadersOf(f('src/handlers/orders.ts'), isHandler)).toEqual([{ entry: f('src/handlers/orders.ts'), chain: [f('src/handlers/orders.ts')], lines: [] }]);
    // a script no entry loads
    expect(project.loadersOf(f('scripts/migrate.ts'), isHandler, 10)).toEqual([]);
  });

  it('stops at `limit` loaders', () => {
    expect(project.loadersOf(f('src/lib/db.ts'), isHandler, 2)?.map((l) => path.basename(l.entry))).toEqual(['orders.ts', 'users.ts']);
  });

  it('follows long chains and cycles', () => {
    const dir = tmpProject({
      'package.json': '{}',
      'a.ts': "import './b';\nexport const handler = 1;\n",
      'b.ts': "import './c';\nimport './a';\n",
      'c.ts': "\n\nimport './d';\nimport './b';\n",
      'd.ts': "import './c';\n",
    });
    const p = new Project(dir);
    expect(p.loadersOf(path.join(dir, 'd.ts'), (file) => file.endsWith('a.ts'))).toEqual([
      { entry: path.join(dir, 'a.ts'), chain: ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((n) => path.join(dir, n)), lines: [1, 1, 3] },
    ]);
    expect(p.graphOf(p.factsOf(path.join(dir, 'd.ts'))!).map((file) => path.basename(file))).toEqual(['d.ts', 'c.ts', 'b.ts', 'a.ts']);
  });

  it('never lists dependencies, build output or what .gitignore ignores, so they import nothing', () => {
    const dir = tmpProject({
      'package.json': '{}',
      '.gitignore': 'generated/\n*.gen.ts\n',
      'src/db.ts': 'export const x = 1;\n',
      'src/handler.ts': "import { x } from './db';\n",
      'src/client.gen.ts': "import { x } from './db';\n",
      'generated/api.ts': "import { x } from '../src/db';\n",
      'dist/handler.js': "require('../src/db');\n",
      'build/handler.js': "require('../src/db');\n",
      '.aws-sam/build/handler.js': "require('../../../src/db');\n",
      'cdk.out/asset/handler.js': "require('../../../src/db');\n",
      'coverage/lcov-report/x.js': "require('../../src/db');\n",
      'node_modules/dep/index.js': "require('../../src/db');\n",
    });
    const p = new Project(dir);
    expect(p.files()).toEqual([path.join(dir, 'src/db.ts'), path.join(dir, 'src/handler.ts')]);
    expect(p.importersOf(path.join(dir, 'src/db.ts'))).toEqual([{ file: path.join(dir, 'src/handler.ts'), line: 1 }]);
  });

  it(`indexes no project of more than MAX_PROJECT_FILES (${MAX_PROJECT_FILES}) files: reverse look-ups are unknown`, () => {
    const dir = tmpProject({ 'package.json': '{}', 'src/db.ts': 'export const x = 1;\n', 'src/handler.ts': "import { x } from './db';\n" });
    const many = path.join(dir, 'generated');
    fs.mkdirSync(many);
    for (let i = 0; i < MAX_PROJECT_FILES; i++) fs.writeFileSync(path.join(many, `m${i}.js`), '');
    const p = new Project(dir);
    expect(p.files()).toBeNull();
    expect(p.importersOf(path.join(dir, 'src/db.ts'))).toBeNull();
    expect(p.loadersOf(path.join(dir, 'src/db.ts'), () => false)).toBeNull();
    // forward look-ups need no index
    expect(p.graphOf(p.factsOf(path.join(dir, 'src/handler.ts'))!)).toEqual([path.join(dir, 'src/handler.ts'), path.join(dir, 'src/db.ts')]);
  });

  it('has no facts for files outside its root, missing, or too large', () => {
    const dir = tmpProject({ 'package.json': '{}', 'big.js': `// ${'x'.repeat(1024 * 1024)}\n`, 'ok.ts': "import './a';\n" });
    const p = new Project(dir);
    expect(p.factsOf(at('graph-ts-paths', 'src/lib/db.ts'))).toBeNull();
    expect(p.factsOf(path.join(dir, 'missing.ts'))).toBeNull();
    expect(p.factsOf(path.join(dir, 'big.js'))).toBeNull();
    expect(p.factsOf(path.join(dir, 'ok.ts'))).toMatchObject({ file: path.join(dir, 'ok.ts'), specifiers: [{ text: './a', line: 1 }], mentionsSigterm: false });
  });

  it('reads what a file says without a parse', () => {
    const facts = new Project(TMP).factsOfText(
      path.join(TMP, 'x.ts'),
      "import serverless from 'serverless-http';\nprocess.on('SIGTERM', () => {});\nexport const api = serverless(app);\nconst m = require(name);\n",
    );
    expect(facts).toMatchObject({ mentionsSigterm: true, computedSpecifier: true, hints: { exports: true, adapter: true, defaultNames: false, lambdaTypes: false, eventParameter: false } });
  });

  it('keeps facts while the file is unchanged, and reads a changed file again after the re-check interval', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = tmpProject({ 'package.json': '{}', 'a.ts': "import './b';\n" });
    const file = path.join(dir, 'a.ts');
    const p = new Project(dir);
    const first = p.factsOf(file)!;
    // touched, same text: the same facts even once the interval has passed
    fs.utimesSync(file, new Date(Date.now() + 10_000), new Date(Date.now() + 10_000));
    expect(p.factsOf(file)).toBe(first);
    vi.setSystemTime(Date.now() + 3_000);
    expect(p.factsOf(file)?.hash).toBe(first.hash);
    // changed: within the interval the old facts, after it the new ones
    write(file, "import './c';\nimport './d';\n");
    fs.utimesSync(file, new Date(Date.now() + 20_000), new Date(Date.now() + 20_000));
    expect(p.factsOf(file)?.specifiers.map((s) => s.text)).toEqual(['./b']);
    vi.setSystemTime(Date.now() + 3_000);
    expect(p.factsOf(file)?.specifiers.map((s) => s.text)).toEqual(['./c', './d']);
  });

  it('is one project per root', () => {
    expect(projectAt(root)).toBe(projectAt(root));
    expect(projectAt(root)).not.toBe(projectAt(fixtureRoot('graph-nx')));
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('module summaries', () => {
  const summaryOf = (project: string) => {
    const p = projectAt(fixtureRoot(project));
    return (file: string) => moduleSummary(p, settings, file);
  };
  const ts = summaryOf('graph-ts-paths');
  const f = (rel: string) => at('graph-ts-paths', rel);

  it('says what a module hands out: a value, a getter, a default export', () => {
    expect(ts(f('src/lib/pool.ts'))?.values.get('pool')).toMatchObject({ getter: false, promise: false, ref: { file: f('src/lib/pool.ts'), line: 3, name: 'pool', library: 'pg', label: 'Pool' } });
    expect(ts(f('src/lib/db.ts'))?.values.get('getPool')).toMatchObject({ getter: true, ref: { file: f('src/lib/db.ts'), line: 5, name: 'pool', library: 'pg' } });
    expect(ts(f('src/lib/knex.ts'))?.values.get('default')).toMatchObject({ getter: false, ref: { name: 'export default', library: 'knex' } });
    expect(ts(f('src/handlers/users.ts'))?.handlers).toEqual(['handler']);
  });

  it('keys a resource by its owner file and offset', () => {
    const text = fs.readFileSync(f('src/lib/pool.ts'), 'utf8');
    expect(ts(f('src/lib/pool.ts'))?.values.get('pool')?.ref.key).toBe(`${f('src/lib/pool.ts')}#${text.indexOf('new Pool')}`);
  });

  it('lists re-exports, resolved', () => {
    const reexports = ts(f('src/lib/index.ts'))?.reexports;
    expect(reexports).toEqual([
      { file: f('src/lib/pool.ts'), names: null },
      { file: f('src/lib/db.ts'), names: new Map([['getPool', 'getPool']]) },
    ]);
  });

  it('follows re-exports: exportFact and exportFacts', () => {
    expect(exportFact(f('src/lib/index.ts'), 'pool', ts)).toMatchObject({ kind: 'value', value: { getter: false, ref: { file: f('src/lib/pool.ts') } } });
    expect(exportFact(f('src/lib/index.ts'), 'getPool', ts)).toMatchObject({ kind: 'value', value: { getter: true, ref: { file: f('src/lib/db.ts') } } });
    expect(exportFact(f('src/lib/index.ts'), 'missing', ts)).toBeNull();
    expect([...exportFacts(f('src/lib/index.ts'), ts).keys()].sort()).toEqual(['getPool', 'pool']);
    const nx = summaryOf('graph-nx');
    expect(exportFact(at('graph-nx', 'libs/db/src/index.ts'), 'prisma', nx)).toMatchObject({ kind: 'value', value: { ref: { name: 'prisma', library: '@prisma/client' } } });
  });

  it('says which exports are factories, closers and parameter closers', () => {
    const factories = summaryOf('graph-factories');
    const db = factories(at('graph-factories', 'src/lib/db.ts'))!;
    expect(db.factories.get('connect')).toMatchObject({ name: 'connect', file: at('graph-factories', 'src/lib/db.ts'), line: 12, promise: true, spec: { label: 'Client' } });
    expect(db.values.get('pool')).toMatchObject({ getter: false });
    expect(factories(at('graph-factories', 'src/lib/amqp.ts'))?.factories.get('openConnection')).toMatchObject({ name: 'openConnection', line: 6, spec: { library: 'amqplib' } });

    const closers = summaryOf('graph-closers');
    const cache = closers(at('graph-closers', 'src/lib/cache.ts'))!;
    expect(cache.closers.get('closeCache')?.map((r) => r.name)).toEqual(['redis']);
    expect(cache.invocationCloses.size).toBe(0);
    expect(cache.sigtermCloses.size).toBe(0);
    const store = closers(at('graph-closers', 'src/lib/store.ts'))!;
    const client = store.closers.get('closeStore')![0]!;
    // the handler's listener calls the imported closer: a SIGTERM close of the store's client
    expect(closers(at('graph-closers', 'src/handlers/items.ts'))?.sigtermCloses.has(client.key)).toBe(true);
    // the handler of legacy.ts calls the closer in a finally: a per-invocation close
    const legacy = closers(at('graph-closers', 'src/lib/legacy.ts'))!.closers.get('closeLegacy')![0]!;
    expect(closers(at('graph-closers', 'src/handlers/legacy.ts'))?.invocationCloses.has(legacy.key)).toBe(true);
    // a listener in a module the handler imports for its side effect
    const sessions = closers(at('graph-closers', 'src/lib/sessions.ts'))!.values.get('sessions')!;
    expect(closers(at('graph-closers', 'src/lib/shutdown.ts'))?.sigtermCloses.has(sessions.ref.key)).toBe(true);
    // a DataSource a handler initializes
    const source = summaryOf('graph-factories')(at('graph-factories', 'src/lib/data-source.ts'))!.values.get('AppDataSource')!;
    expect(summaryOf('graph-factories')(at('graph-factories', 'src/handlers/orm.ts'))?.opened.has(source.ref.key)).toBe(true);
  });

  it('follows named, renamed and default re-exports, not `export *` for the default, and gives up deep chains', () => {
    const dir = tmpProject({
      'package.json': '{}',
      'db.ts': "import { Pool } from 'pg';\nexport default new Pool();\nexport const pool = new Pool();\nexport function closeConnection(client, other) {\n  other.end();\n}\n",
      'star.ts': "export * from './db';\n",
      'named.ts': "export { default as main, pool as shared } from './db';\n",
      'ns.ts': "export * as db from './db';\n",
      'r1.ts': "export * from './db';\n",
      'r2.ts': "export * from './r1';\n",
      'r3.ts': "export * from './r2';\n",
      'r4.ts': "export * from './r3';\n",
      'r5.ts': "export * from './r4';\n",
      'r6.ts': "export * from './r5';\n",
    });
    const p = projectAt(dir);
    const of = (file: string): ModuleSummary | null => moduleSummary(p, settings, file);
    const file = (n: string) => path.join(dir, n);
    expect(of(file('db.ts'))?.paramClosers.get('closeConnection')).toEqual([1]);
    expect(exportFact(file('star.ts'), 'pool', of)).toMatchObject({ kind: 'value' });
    expect(exportFact(file('star.ts'), 'default', of)).toBeNull();
    expect(exportFact(file('star.ts'), 'closeConnection', of)).toEqual({ kind: 'paramCloser', params: [1] });
    expect(exportFact(file('named.ts'), 'main', of)).toMatchObject({ kind: 'value', value: { ref: { name: 'export default' } } });
    expect(exportFact(file('named.ts'), 'shared', of)).toMatchObject({ kind: 'value', value: { ref: { name: 'pool' } } });
    expect(exportFact(file('named.ts'), 'pool', of)).toBeNull();
    expect([...exportFacts(file('named.ts'), of).keys()].sort()).toEqual(['main', 'shared']);
    expect([...exportFacts(file('star.ts'), of).keys()].sort()).toEqual(['closeConnection', 'pool']);
    // `export * as db` hands out a namespace, which no export fact describes
    expect(exportFacts(file('ns.ts'), of).size).toBe(0);
    // four re-exports deep is followed, five is not
    expect(exportFact(file('r4.ts'), 'pool', of)).toMatchObject({ kind: 'value' });
    expect(exportFact(file('r6.ts'), 'pool', of)).toBeNull();
  });

  it("takes a linted file's summary from its lint, also when the object the lint gave moves on to the next file", () => {
    // oxlint's `context.sourceCode` is one object for every file, whose parts become the next file's: the analysis kept
    // for a later module's question must be of the file it was made for (found on the real-world corpus, where a barrel
    // `export * from './db.client'` linted first summarized as the next file, and a per-invocation close went unseen)
    const dir = tmpProject({
      'package.json': '{}',
      'db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n",
      'index.ts': "export * from './db';\n",
      'other.ts': 'export const x = 1;\n',
    });
    const file = (n: string) => path.join(dir, n);
    const parse = (n: string) => parseFile(fs.readFileSync(file(n), 'utf8'), file(n));
    let current = parse('index.ts');
    const sourceCode: ParsedFile = {
      get text() {
        return current.text;
      },
      get ast() {
        return current.ast;
      },
      get scopeManager() {
        return current.scopeManager;
      },
      get visitorKeys() {
        return current.visitorKeys;
      },
    };
    rememberAnalysis(analyze(sourceCode, settings, { filename: file('index.ts'), cwd: dir }));
    current = parse('other.ts');
    expect(moduleSummary(projectAt(dir), settings, file('index.ts'))?.reexports).toEqual([{ file: file('db.ts'), names: null }]);
  });

  it('has none for a file that cannot be read or parsed', () => {
    const dir = tmpProject({ 'package.json': '{}', 'broken.ts': "import { Pool } from 'pg';\nexport const = ;\n" });
    const p = projectAt(dir);
    expect(moduleSummary(p, settings, path.join(dir, 'broken.ts'))).toBeNull();
    expect(moduleSummary(p, settings, path.join(dir, 'missing.ts'))).toBeNull();
  });

  it('is computed once per content: the same object until the file changes on disk, a new one after', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const dir = tmpProject({ 'package.json': '{}', 'db.ts': "import { Pool } from 'pg';\nexport const pool = new Pool();\n" });
    const file = path.join(dir, 'db.ts');
    const p = projectAt(dir);
    const first = moduleSummary(p, settings, file)!;
    expect([...first.values.keys()]).toEqual(['pool']);
    expect(moduleSummary(p, settings, file)).toBe(first);
    // touched, the same text: still the same summary
    fs.utimesSync(file, new Date(Date.now() + 10_000), new Date(Date.now() + 10_000));
    vi.setSystemTime(Date.now() + 3_000);
    expect(moduleSummary(p, settings, file)).toBe(first);
    // changed
    write(file, "import { Pool } from 'pg';\nexport const pool = new Pool();\nexport const replica = new Pool();\n");
    fs.utimesSync(file, new Date(Date.now() + 20_000), new Date(Date.now() + 20_000));
    vi.setSystemTime(Date.now() + 3_000);
    const second = moduleSummary(p, settings, file)!;
    expect(second).not.toBe(first);
    expect([...second.values.keys()].sort()).toEqual(['pool', 'replica']);
    expect(moduleSummary(p, settings, file)).toBe(second);
    // back to the first text: summarized again (the cache holds one summary per file)
    write(file, "import { Pool } from 'pg';\nexport const pool = new Pool();\n");
    fs.utimesSync(file, new Date(Date.now() + 30_000), new Date(Date.now() + 30_000));
    vi.setSystemTime(Date.now() + 3_000);
    expect([...moduleSummary(p, settings, file)!.values.keys()]).toEqual(['pool']);
  });

  it('is per settings object: another catalog gives another summary', () => {
    const dir = tmpProject({ 'package.json': '{}', 'db.ts': "import { Database } from 'my-db';\nexport const db = new Database();\n" });
    const p = projectAt(dir);
    const custom = resolveSettings({ 'lambda-shutdown': { resources: [{ module: 'my-db', export: 'Database', close: 'shutdown' }] } });
    expect(moduleSummary(p, settings, path.join(dir, 'db.ts'))?.values.size).toBe(0);
    expect(moduleSummary(p, custom, path.join(dir, 'db.ts'))?.values.get('db')).toMatchObject({ ref: { library: 'my-db' } });
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Fixed bugs (found by these tests).
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

describe('regressions', () => {
  // Fixed: importersOf() resolves only specifiers whose last segment is the target's stem (or, for an index, its
  // directory's name); `.`, `..` and `./lib/` name an index too, and the resolver resolves them (see above), but they
  // are never asked: the module looks unloaded and its findings disappear (fixture graph-dir-index).
  it("importersOf finds the importers that write `.`, `..` or a trailing slash for an index", () => {
    const dir = tmpProject({
      'package.json': '{}',
      'src/lib/index.ts': 'export const x = 1;\n',
      'src/lib/a.ts': "import { x } from '.';\n",
      'src/lib/sub/b.ts': "import { x } from '..';\n",
      'src/c.ts': "import { x } from './lib/';\n",
    });
    const p = new Project(dir);
    expect(p.importersOf(path.join(dir, 'src/lib/index.ts'))?.map((i) => path.relative(dir, i.file))).toEqual(['src/c.ts', 'src/lib/a.ts', 'src/lib/sub/b.ts']);
  });

  // Fixed: the scan is lexical, and what it finds is taken as a load: `import type` / `export type … from` (erased by
  // TypeScript and by every bundler) and imports inside comments make a handler "load" modules it never runs
  // (fixture graph-type-import: both of its modules are reported).
  it('the import scan leaves out type-only imports and re-exports, and comments', () => {
    const text = "import type { User } from './models';\nexport type { Row } from './rows';\n// import { legacyPool } from './legacy';\n/* require('./old') */\nimport { pool } from './db';\n";
    expect(scanSpecifiers(text)).toEqual([{ text: './db', line: 5 }]);
  });
});
