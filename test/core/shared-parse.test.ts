/**
 * One parse per file for ESLint and the module graph (core/shared-parse.ts): when a handler is linted before the module
 * it imports, the graph parses that module for its summary with the options ESLint parses with, and ESLint's own turn
 * gets that parse back. Whatever is reused, ESLint must report exactly what it reports with a parser that shares
 * nothing.
 *
 * Each scenario runs on a fresh copy of the plugin's modules (vi.resetModules()), so that no parse, summary or linted
 * analysis of another scenario is there to be reused; ESLint itself is the `ESLint` class with the project as its cwd
 * and the recommended config as the only config, as `eslint .` runs it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { describe, expect, it, vi } from 'vitest';

const PROJECTS = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));

interface Found {
  readonly ruleId: string | null;
  readonly messageId: string | undefined;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly message: string;
  readonly suggestions: readonly { desc: string; fix: { range: readonly [number, number]; text: string } }[];
}

interface Scenario {
  /** Whether ESLint parses with the configs' parser (which shares its parses) or with @typescript-eslint/parser. */
  readonly share: boolean;
  /** The project's files, relative, in the order ESLint lints them. */
  readonly order: readonly string[];
  /** Configs after the recommended one. */
  readonly extra?: readonly Linter.Config[];
}

/** Lints the files of a fixture project one after the other with fresh plugin modules; the findings by file, and the shared-parse counters. */
async function run(project: string, scenario: Scenario) {
  vi.resetModules();
  const plugin = (await import('../../index.js')).default;
  const { sharedParseStats } = await import('../../core/shared-parse.js');
  const cwd = path.join(PROJECTS, project);
  const recommended = plugin.configs.recommended as Linter.Config;
  const overrideConfig: Linter.Config[] = [
    recommended,
    ...(scenario.share ? [] : [{ files: recommended.files, languageOptions: { parser: tsParser as never } } as Linter.Config]),
    ...(scenario.extra ?? []),
  ];
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig });
  const found: Record<string, Found[]> = {};
  const stats: { file: string; hits: number; misses: number; pending: number }[] = [];
  for (const rel of scenario.order) {
    const [result] = await eslint.lintFiles([path.join(cwd, rel)]);
    found[rel] = result!.messages.map((m) => ({
      ruleId: m.ruleId,
      messageId: m.messageId,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      message: m.message,
      suggestions: (m.suggestions ?? []).map((s) => ({ desc: s.desc, fix: { range: s.fix.range, text: s.fix.text } })),
    }));
    stats.push({ file: rel, ...sharedParseStats() });
  }
  return { found, stats };
}

/** Every scenario's findings must be those of the first. */
async function sameFindings(project: string, scenarios: readonly Scenario[]) {
  const runs = [];
  for (const scenario of scenarios) runs.push(await run(project, scenario));
  const [first, ...rest] = runs;
  for (const other of rest) expect(other!.found).toEqual(first!.found);
  return runs;
}

const commonjs: Linter.Config = { files: ['**/*.js'], languageOptions: { sourceType: 'commonjs' } };

describe('ESLint reports the same with and without the graph’s parses', () => {
  it('graph-ts-paths: handlers first (their modules parsed by the graph first), modules first, and without sharing', async () => {
    const handlersFirst = ['src/handlers/users.ts', 'src/handlers/orders.ts', 'src/handlers/list.ts', 'src/handlers/report.ts', 'src/lib/db.ts', 'src/lib/index.ts', 'src/lib/pool.ts', 'src/lib/knex.ts', 'scripts/migrate.ts'];
    const modulesFirst = [...handlersFirst].reverse();
    const [shared, reversed, unshared] = await sameFindings('graph-ts-paths', [
      { share: true, order: handlersFirst },
      { share: true, order: modulesFirst },
      { share: false, order: handlersFirst },
    ]);
    // the findings are the ones the rule tests pin, so the comparison is not between two empty lists
    const ids = (file: string) => shared!.found[file]!.map((m) => `${m.ruleId}:${m.messageId}:${m.line}`);
    expect(ids('src/lib/db.ts')).toEqual(['lambda-shutdown/require-sigterm-cleanup:missingSigtermCleanup:5']);
    expect(ids('src/lib/pool.ts')).toEqual(['lambda-shutdown/require-sigterm-cleanup:missingSigtermCleanup:3']);
    expect(ids('src/handlers/orders.ts')).toEqual(['lambda-shutdown/require-finally-cleanup:missingCleanup:5']);
    expect(ids('src/handlers/users.ts')).toEqual(['lambda-shutdown/require-finally-cleanup:successOnlyCleanup:5']);
    expect(shared!.found['src/lib/db.ts']![0]!.message).toContain('src/lib/db.ts:5, which src/handlers/orders.ts:2 loads');

    // handlers first: the graph parsed db.ts for users.ts's lint, and ESLint got that parse for db.ts
    const at = (r: typeof shared, file: string) => r!.stats.find((s) => s.file === file)!;
    expect(at(shared, 'src/handlers/users.ts').pending).toBeGreaterThan(0);
    expect(at(shared, 'src/lib/db.ts').hits).toBeGreaterThan(at(shared, 'src/handlers/report.ts').hits);
    expect(shared!.stats.at(-1)!.hits).toBeGreaterThan(0);
    // without the configs' parser nothing is shared
    expect(unshared!.stats.at(-1)!.hits).toBe(0);
    expect(unshared!.stats.at(-1)!.pending).toBe(0);
    // modules first: finding the entries that load a module parses them, and ESLint gets those parses too
    expect(reversed!.stats.at(-1)!.hits).toBeGreaterThan(0);
  });

  it('graph-closers: exported closers, listeners in other modules, an on-prem entry', async () => {
    const order = [
      'src/handlers/cache.ts',
      'src/handlers/items.ts',
      'src/handlers/legacy.ts',
      'src/handlers/docs.ts',
      'src/handlers/session.ts',
      'src/handlers/web.ts',
      'src/handlers/reporting.ts',
      'src/lib/cache.ts',
      'src/lib/store.ts',
      'src/lib/legacy.ts',
      'src/lib/mongo.ts',
      'src/lib/sessions.ts',
      'src/lib/shutdown.ts',
      'src/lib/web.ts',
      'src/lib/data-source.ts',
      'src/server.ts',
      'scripts/seed.ts',
    ];
    // the configured globals (as `globals.node` gives them) are added to a reused parse's scope by ESLint, after the graph analysed it
    const node: Linter.Config = { languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly' } } };
    const [shared] = await sameFindings('graph-closers', [
      { share: true, order },
      { share: true, order, extra: [node] },
      { share: false, order },
      { share: false, order, extra: [node] },
    ]);
    expect(shared!.stats.at(-1)!.hits).toBeGreaterThan(0);
    expect(Object.entries(shared!.found).filter(([, m]) => m.length > 0).map(([file]) => file)).toEqual(['src/lib/cache.ts', 'src/lib/web.ts']);
  });

  it('graph-factories: factories, checkouts and callback APIs used from handlers', async () => {
    const order = ['src/handlers/sync.ts', 'src/handlers/users.ts', 'src/handlers/publish.ts', 'src/handlers/queue.ts', 'src/handlers/docs.ts', 'src/handlers/orm.ts', 'src/lib/db.ts', 'src/lib/users.ts', 'src/lib/count.ts', 'src/lib/amqp.ts', 'src/lib/queue.ts', 'src/lib/mongo.ts', 'src/lib/data-source.ts'];
    const [shared] = await sameFindings('graph-factories', [
      { share: true, order },
      { share: true, order: [...order].reverse() },
      { share: false, order },
    ]);
    expect(shared!.stats.at(-1)!.hits).toBeGreaterThan(0);
    expect(shared!.found['src/handlers/sync.ts']!.map((m) => m.messageId)).toEqual(['missingCleanup']);
  });

  it('graph-cjs (CommonJS, as a commonjs config parses it): an adapter entry and a deployment-named entry', async () => {
    const order = ['src/lambda.js', 'src/worker.js', 'src/app.js', 'src/lib/redis.js', 'src/lib/db.js', 'src/lib/stats.js', 'src/lib/pool.js'];
    const [shared] = await sameFindings('graph-cjs', [
      { share: true, order, extra: [commonjs] },
      { share: true, order: [...order].reverse(), extra: [commonjs] },
      { share: false, order, extra: [commonjs] },
    ]);
    expect(shared!.stats.at(-1)!.hits).toBeGreaterThan(0);
    expect(Object.entries(shared!.found).map(([file, m]) => [file, m.map((x) => x.messageId)])).toEqual([
      ['src/lambda.js', []],
      ['src/worker.js', ['missingCleanup']],
      ['src/app.js', ['missingCleanup']],
      ['src/lib/redis.js', ['missingSigtermCleanup']],
      ['src/lib/db.js', []],
      ['src/lib/stats.js', ['missingSigtermCleanup']],
      ['src/lib/pool.js', ['missingSigtermCleanup']], // module.exports = new Pool(): the module's export itself
    ]);
  });

  it('a file ESLint lints with another text than the disk (an editor buffer) is not given the graph’s parse of the disk', async () => {
    vi.resetModules();
    const plugin = (await import('../../index.js')).default;
    const { sharedParseStats } = await import('../../core/shared-parse.js');
    const cwd = path.join(PROJECTS, 'graph-ts-paths');
    const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as Linter.Config] });
    await eslint.lintFiles([path.join(cwd, 'src/handlers/users.ts')]);
    const before = sharedParseStats();
    expect(before.pending).toBeGreaterThan(0);
    // the buffer closes the pool in a listener: a parse of the disk's text would report it
    const buffer = `import { Pool } from 'pg';

let pool: Pool | undefined;

process.once('SIGTERM', async () => {
  await pool?.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const getPool = () => (pool ??= new Pool({ max: 1 }));
`;
    const [result] = await eslint.lintText(buffer, { filePath: path.join(cwd, 'src/lib/db.ts') });
    expect(result!.messages).toEqual([]);
    expect(sharedParseStats().hits).toBe(before.hits);
  });
});
