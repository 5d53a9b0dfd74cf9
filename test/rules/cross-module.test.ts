/**
 * require-sigterm-cleanup and require-finally-cleanup across modules: each case lints a real file of a fixture project
 * under test/fixtures/projects/graph-*, with its absolute filename and its text on disk (or a variant of that text), so
 * the module graph reads the project around it: who imports the file, which handler entries load it, what the modules
 * it imports export.
 *
 * The rules see `context.cwd` = the fixture project, as when `eslint .` runs in it, so messages name files relative to
 * the project. The last suites run the rules as RuleTester gives them, with cwd `/`: the project root is then the
 * nearest directory with a package.json (core/analysis.ts `projectRoot`).
 *
 * Shapes the analysis gets wrong today are at the end, skipped, with the behaviour they should have and a note.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import requireFinallyCleanup from '../../rules/require-finally-cleanup.js';
import type { MessageIds as FinallyIds } from '../../rules/require-finally-cleanup.js';
import requireSigtermCleanup from '../../rules/require-sigterm-cleanup.js';
import type { MessageIds as SigtermIds } from '../../rules/require-sigterm-cleanup.js';
import { rules } from '../../rules/index.js';
import { commonjs, ruleTester } from './tester.js';

const PROJECTS = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));

/** The fixture project a file belongs to (the first folder under test/fixtures/projects/). */
function projectOf(filename: string): string {
  const first = path.relative(PROJECTS, filename).split(path.sep)[0];
  if (!first || first.startsWith('..')) throw new Error(`${filename} is not in a fixture project`);
  return path.join(PROJECTS, first);
}

/** The rule with `context.cwd` = the case's fixture project (ESLint's own contexts shadow `cwd` the same way). */
function inProject<T extends TSESLint.RuleModule<string, readonly unknown[]>>(rule: T): T {
  return {
    ...rule,
    create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
      return rule.create(Object.create(context, { cwd: { value: projectOf(context.filename), enumerable: true } }) as typeof context);
    },
  } as T;
}

const file = (project: string, rel: string) => path.join(PROJECTS, project, rel);
const read = (project: string, rel: string) => fs.readFileSync(file(project, rel), 'utf8');

/** A case that lints a fixture file as it is on disk. CommonJS files (`.js` in a project without `"type": "module"`) as CommonJS. */
function fixture(project: string, rel: string, code = read(project, rel)) {
  const cjs = rel.endsWith('.cjs') || (rel.endsWith('.js') && !JSON.parse(read(project, 'package.json')).type);
  return { name: `${project}/${rel}${code === read(project, rel) ? '' : ' (variant)'}`, filename: file(project, rel), code, ...(cjs ? { languageOptions: commonjs } : {}) };
}

/** `code` with `text` inserted before the first occurrence of `anchor`. */
function insertBefore(code: string, anchor: string, text: string): string {
  const at = code.indexOf(anchor);
  if (at < 0) throw new Error(`no ${anchor} in the fixture`);
  return code.slice(0, at) + text + code.slice(at);
}

/**
 * The listener the addListener suggestion writes (add-shutdown-hook's, with a guard and a log line), for a close statement.
 * A module whose function also holds resources in another module, or has a listener there (`shutdownPeers()`), gets no
 * suggestion, as add-shutdown-hook writes no listener there: with two listeners the first that ends the process cuts
 * the other's closes off.
 */
const listener = (close: string) => `process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing ${/^[\w$]+/.exec(close)![0]}');
  await ${close};
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`;

/** `where` of a module-lifetime resource that a handler entry loads (rules/require-sigterm-cleanup.ts `loadedBy`). */
function loaded(kind: 'opened' | 'cached', owner: string, line: number, entry: string, entryLine: number, through: string[] = []): string {
  return `${kind} at module scope of ${owner}:${line}, which ${entry}:${entryLine} loads${through.length > 0 ? ` (through ${through.join(', ')})` : ''}`;
}

const sigtermData = (name: string, library: string, label: string, close: string, where: string) => ({ name, library, label, close, where });
/** The data of a require-finally-cleanup finding; `label` may carry the factory's origin (`Client from `connect()` at …`). */
const finallyData = (name: string, library: string, label: string, close: string, when: string) => {
  const at = label.indexOf(' from `');
  return at < 0 ? { name, library, label, origin: '', close, when } : { name, library, label: label.slice(0, at), origin: `,${label.slice(at)}`, close, when };
};

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used once per message to pin the wording. */
function byMessage<Ids extends string>(error: Omit<TestCaseError<Ids>, 'messageId' | 'data'> & { message: string }): TestCaseError<Ids> {
  return error as unknown as TestCaseError<Ids>;
}

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// require-sigterm-cleanup
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

const sigtermValid: ValidTestCase<[]>[] = [
  // graph-ts-paths: handler modules hold no module resource of their own; the barrel only re-exports
  fixture('graph-ts-paths', 'src/handlers/orders.ts'),
  fixture('graph-ts-paths', 'src/handlers/users.ts'),
  fixture('graph-ts-paths', 'src/handlers/list.ts'),
  fixture('graph-ts-paths', 'src/lib/index.ts'),
  // a script no handler loads: its own pool is none of a function's business
  fixture('graph-ts-paths', 'scripts/migrate.ts'),
  // the owner module closes the lazily created pool itself
  fixture(
    'graph-ts-paths',
    'src/lib/db.ts',
    insertBefore(read('graph-ts-paths', 'src/lib/db.ts'), 'export const getPool', `${listener('pool?.end()')}\n`),
  ),

  // graph-closers: an exported closeStore() that the handler's SIGTERM listener calls
  fixture('graph-closers', 'src/lib/store.ts'),
  // an exported closeLegacy() that the only handler loading it calls per invocation (in a finally)
  fixture('graph-closers', 'src/lib/legacy.ts'),
  // mongoose.connect() is one process-wide connection: the handler's listener closes it with mongoose.disconnect()
  fixture('graph-closers', 'src/lib/mongo.ts'),
  // a SIGTERM listener in a module the handler imports for its side effect (src/lib/shutdown.ts) closes it
  fixture('graph-closers', 'src/lib/sessions.ts'),
  fixture('graph-closers', 'src/lib/shutdown.ts'),
  // a TypeORM DataSource nobody initializes holds no connection
  fixture('graph-closers', 'src/lib/data-source.ts'),
  // an app listened on at module scope is a local entry point on Lambda; a function nothing calls opens nothing
  fixture('graph-closers', 'src/lib/web.ts'),
  // the on-prem server and the test file: no handler loads them
  fixture('graph-closers', 'src/server.ts'),
  fixture('graph-closers', 'src/lib/store.spec.ts'),
  fixture('graph-closers', 'scripts/seed.ts'),
  fixture('graph-closers', 'src/handlers/items.ts'),
  fixture('graph-closers', 'src/handlers/docs.ts'),
  fixture('graph-closers', 'src/handlers/web.ts'),
  // graph-holders: a field of the module's one Cache instance, closed by the exported closeCache() (cache.close(), a
  // class method that quits the client) that the handler's SIGTERM listener calls
  fixture('graph-holders', 'src/lib/cache.ts'),
  fixture('graph-holders', 'src/handlers/users.ts'),
  // the closer exported by cache.ts, called by a SIGTERM listener of the handler's own module
  fixture(
    'graph-closers',
    'src/lib/cache.ts',
    `${read('graph-closers', 'src/lib/cache.ts')}\nprocess.once('SIGTERM', async () => {\n  await closeCache();\n  process.removeAllListeners('SIGTERM');\n  process.kill(process.pid, 'SIGTERM');\n});\n`,
  ),

  // graph-cjs: a factory module (fresh client per call) holds nothing for the module's lifetime
  fixture('graph-cjs', 'src/lib/db.js'),
  fixture('graph-cjs', 'src/app.js'),
  fixture('graph-cjs', 'src/lambda.js'),
  fixture('graph-cjs', 'src/worker.js'),

  // graph-factories: the pool is closed by its own module's listener
  fixture('graph-factories', 'src/lib/db.ts'),
  fixture('graph-factories', 'src/lib/amqp.ts'),
  fixture('graph-factories', 'src/lib/users.ts'),

  // graph-sam: the admin function's listener closes the pool for its own function
  fixture('graph-sam', 'src/admin.ts'),

  // graph-nx: the barrel of the lib
  fixture('graph-nx', 'libs/db/src/index.ts'),
  fixture('graph-nx', 'apps/api/src/handlers/get-user.ts'),
];

const sigtermInvalid: InvalidTestCase<SigtermIds, []>[] = [
  {
    // graph-holders: a pool given to drizzle() at module scope; the exported closeDb() closes it through the wrapper,
    // but no SIGTERM listener of the function calls it
    ...fixture('graph-holders', 'src/lib/db.ts'),
    errors: [
      byMessage<SigtermIds>({
        message:
          '`db(…)` (pg Pool) is opened at module scope of src/lib/db.ts:4, which src/handlers/users.ts:2 loads and no SIGTERM listener closes it. ' +
          'When Lambda shuts the environment down its connections are cut and buffered data is lost; a SIGTERM listener gets 300–500 ms to close it, and only runs when an extension is registered. ' +
          "Close it with `await <the Pool held by db>.end()` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process.",
        line: 4,
        column: 20,
        endLine: 4,
        endColumn: 40,
        suggestions: [],
      }),
    ],
  },
  {
    // a lazy getter in a shared db module, imported through a tsconfig path alias (@/lib/db, the first importer in
    // sorted order) and through package.json imports (#db)
    ...fixture('graph-ts-paths', 'src/lib/db.ts'),
    errors: [
      byMessage<SigtermIds>({
        message:
          '`pool` (pg Pool) is cached at module scope of src/lib/db.ts:5, which src/handlers/orders.ts:2 loads and no SIGTERM listener closes it. ' +
          'When Lambda shuts the environment down its connections are cut and buffered data is lost; a SIGTERM listener gets 300–500 ms to close it, and only runs when an extension is registered. ' +
          "Close it with `await pool.end()` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process.",
        line: 5,
        column: 40,
        endLine: 5,
        endColumn: 60,
        suggestions: [],
      }),
    ],
  },
  {
    // an exported pool that a handler reaches through a barrel (export * from './pool.js')
    ...fixture('graph-ts-paths', 'src/lib/pool.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('pool', 'pg', 'Pool', 'await pool.end()', loaded('opened', 'src/lib/pool.ts', 3, 'src/handlers/list.ts', 1, ['src/lib/index.ts'])),
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 77,
        suggestions: [],
      },
    ],
  },
  {
    // `export default knex(…)` imported through a package.json imports pattern (#lib/*): the suggestion names it (as
    // add-shutdown-hook does), closes it, and exports the name. The message's close text is checked by a skipped test
    // below (it reads `await export default.destroy()`).
    ...fixture('graph-ts-paths', 'src/lib/knex.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 76,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import knex from 'knex';\n\nconst pool = knex({ client: 'pg', connection: process.env.DATABASE_URL });\n\n${listener('pool.destroy()')}\nexport default pool;\n`,
          },
        ],
      },
    ],
  },
  {
    // an exported closeCache() that no SIGTERM listener of a handler's graph calls; the on-prem src/server.ts calls it
    // in its listener, but no function loads server.ts
    ...fixture('graph-closers', 'src/lib/cache.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('redis', 'ioredis', 'Redis', 'await redis.quit()', loaded('opened', 'src/lib/cache.ts', 3, 'src/handlers/cache.ts', 1)),
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 82,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'redis' },
            output: insertBefore(read('graph-closers', 'src/lib/cache.ts'), 'export async function closeCache', `${listener('redis.quit()')}\n`),
          },
        ],
      },
    ],
  },
  {
    // a variant of cache.ts whose closer a listener calls, but only on SIGINT: Lambda never sends it
    ...fixture(
      'graph-closers',
      'src/lib/cache.ts',
      `${read('graph-closers', 'src/lib/cache.ts')}\nprocess.once('SIGINT', () => closeCache());\n`,
    ),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('redis', 'ioredis', 'Redis', 'await redis.quit()', loaded('opened', 'src/lib/cache.ts', 3, 'src/handlers/cache.ts', 1)),
        line: 3,
        column: 22,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'redis' },
            output: insertBefore(
              `${read('graph-closers', 'src/lib/cache.ts')}\nprocess.once('SIGINT', () => closeCache());\n`,
              'export async function closeCache',
              `${listener('redis.quit()')}\n`,
            ),
          },
        ],
      },
    ],
  },
  {
    // a CommonJS lazy getter (`exports.getClient = …`) whose module an express app imports, and the app is adapted by
    // serverless-http under a non-standard export name (`module.exports = { api: serverless(app) }`)
    ...fixture('graph-cjs', 'src/lib/redis.js'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('client', 'ioredis', 'Redis', 'await client.quit()', loaded('cached', 'src/lib/redis.js', 6, 'src/lambda.js', 2, ['src/app.js'])),
        line: 6,
        column: 25,
        endLine: 6,
        endColumn: 57,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'client' },
            output: insertBefore(read('graph-cjs', 'src/lib/redis.js'), 'exports.getClient', `${listener('client?.quit()')}\n`),
          },
        ],
      },
    ],
  },
  {
    // loaded by a handler whose export name only serverless.yml gives (`handler: src/worker.consume`)
    ...fixture('graph-cjs', 'src/lib/stats.js'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('stats', 'pg', 'Pool', 'await stats.end()', loaded('opened', 'src/lib/stats.js', 3, 'src/worker.js', 3)),
        line: 3,
        column: 15,
        endLine: 3,
        endColumn: 35,
        suggestions: [],
      },
    ],
  },
  {
    // two functions load the db module (template.yaml names `admin.run` and `app.main`): admin's SIGTERM listener closes
    // the pool, app's function has none, so the report names app
    ...fixture('graph-sam', 'src/lib/db.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('pool', 'pg', 'Pool', 'await pool.end()', loaded('cached', 'src/lib/db.ts', 6, 'src/app.ts', 2)),
        line: 6,
        column: 21,
        endLine: 6,
        endColumn: 41,
        suggestions: [],
      },
    ],
  },
  {
    // the deployment-named handler module itself: its function (ApiFunction) has no extension layer
    ...fixture('graph-sam', 'src/app.ts'),
    errors: [
      byMessage<SigtermIds>({
        message:
          '`redis` (ioredis Redis) is opened at module scope and no SIGTERM listener closes it. ' +
          'Function `ApiFunction` (template.yaml:10) also registers no extension, so Lambda ends the environment with SIGKILL, without SIGTERM: its connections are cut and buffered data is lost. ' +
          "Close it with `await redis.quit()` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process, and register an extension so the listener runs.",
        line: 4,
        column: 15,
        endLine: 4,
        endColumn: 75,
        suggestions: [],
      }),
    ],
  },
  {
    // Nx layout: only tsconfig.base.json at the root, its `paths` map @acme/db to the lib's index
    ...fixture('graph-nx', 'libs/db/src/lib/client.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData(
          'prisma',
          '@prisma/client',
          'PrismaClient',
          'await prisma.$disconnect()',
          loaded('opened', 'libs/db/src/lib/client.ts', 3, 'apps/api/src/handlers/get-user.ts', 2, ['libs/db/src/index.ts']),
        ),
        line: 3,
        column: 23,
        endLine: 3,
        endColumn: 41,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'prisma' },
            output: `${read('graph-nx', 'libs/db/src/lib/client.ts')}\n${listener('prisma.$disconnect()')}`,
          },
        ],
      },
    ],
  },
  {
    // mongoose.connect() in an exported function a handler calls: reported once, where the owner opens it
    ...fixture('graph-factories', 'src/lib/mongo.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('mongoose', 'mongoose', 'default connection', 'await mongoose.disconnect()', loaded('cached', 'src/lib/mongo.ts', 4, 'src/handlers/docs.ts', 2)),
        line: 4,
        column: 9,
        endLine: 4,
        endColumn: 77,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'mongoose' },
            output: `${read('graph-factories', 'src/lib/mongo.ts')}\n${listener('mongoose.disconnect()')}`,
          },
        ],
      },
    ],
  },
  {
    // a TypeORM DataSource that a handler initializes
    ...fixture('graph-factories', 'src/lib/data-source.ts'),
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigtermData('AppDataSource', 'typeorm', 'DataSource', 'await AppDataSource.destroy()', loaded('opened', 'src/lib/data-source.ts', 3, 'src/handlers/orm.ts', 1)),
        line: 3,
        column: 30,
        endLine: 3,
        endColumn: 97,
        suggestions: [
          {
            messageId: 'addListener',
            data: { name: 'AppDataSource' },
            output: `${read('graph-factories', 'src/lib/data-source.ts')}\n${listener('AppDataSource.destroy()')}`,
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-sigterm-cleanup (module graph)', inProject(requireSigtermCleanup), { valid: sigtermValid, invalid: sigtermInvalid });

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// require-finally-cleanup
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

const SYNC = read('graph-factories', 'src/handlers/sync.ts');
const SYNC_CLOSED = SYNC.replace(
  "  const client = await connect();\n  for (const id of event.ids) await client.query('select sync($1)', [id]);\n",
  "  const client = await connect();\n  try {\n    for (const id of event.ids) await client.query('select sync($1)', [id]);\n  } finally {\n    await client.end();\n  }\n",
);

const finallyValid: ValidTestCase<[]>[] = [
  // the factory module returns what it creates: the caller owns it
  fixture('graph-factories', 'src/lib/db.ts'),
  fixture('graph-factories', 'src/lib/amqp.ts'),
  fixture('graph-factories', 'src/lib/queue.ts'),
  fixture('graph-cjs', 'src/lib/db.js'),
  // the handler closes the factory's client in a finally
  fixture('graph-factories', 'src/handlers/sync.ts', SYNC_CLOSED),
  // a handler that only calls functions of another module: their leaks are reported where they are
  fixture('graph-factories', 'src/handlers/users.ts'),
  fixture('graph-factories', 'src/handlers/orm.ts'),
  fixture('graph-ts-paths', 'src/handlers/list.ts'),
  fixture('graph-ts-paths', 'src/handlers/report.ts'),
  // a function nothing calls opens nothing
  fixture('graph-closers', 'src/lib/web.ts'),
  // a leak in a script no handler loads
  fixture('graph-closers', 'scripts/seed.ts'),
  fixture('graph-closers', 'src/lib/store.spec.ts'),
  fixture('graph-closers', 'src/handlers/legacy.ts'),
  // the checkout through `#db` released in a finally
  fixture(
    'graph-ts-paths',
    'src/handlers/users.ts',
    read('graph-ts-paths', 'src/handlers/users.ts').replace(
      "  const { rows } = await client.query('select * from users where id = $1', [event.pathParameters?.id]);\n  client.release();\n  return { statusCode: 200, body: JSON.stringify(rows[0] ?? null) };\n",
      "  try {\n    const { rows } = await client.query('select * from users where id = $1', [event.pathParameters?.id]);\n    return { statusCode: 200, body: JSON.stringify(rows[0] ?? null) };\n  } finally {\n    client.release();\n  }\n",
    ),
  ),
];

const finallyInvalid: InvalidTestCase<FinallyIds, []>[] = [
  {
    // a checkout of a lazily created pool imported through a tsconfig path alias (getPool().connect())
    ...fixture('graph-ts-paths', 'src/handlers/orders.ts'),
    errors: [
      byMessage<FinallyIds>({
        message:
          '`client` (pg pool checkout) is opened on every invocation and never closed. ' +
          'Each invocation leaks it, and Lambda keeps the leaked pool checkout open while the environment is frozen and reused, until the environment is killed. ' +
          'Close it with `client.release()` in a `finally` block (or declare it with `await using` where the library supports it).',
        line: 5,
        column: 24,
        endLine: 5,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: `import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { getPool } from '@/lib/db';

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query('select * from orders where id = $1', [event.pathParameters?.id]);
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    client.release();
  }
};
`,
          },
        ],
      }),
    ],
  },
  {
    // the same checkout through package.json imports (#db), released only on success
    ...fixture('graph-ts-paths', 'src/handlers/users.ts'),
    errors: [
      byMessage<FinallyIds>({
        message:
          '`client` (pg pool checkout) is closed only when the invocation succeeds. ' +
          'An error thrown before `client.release()` skips the close, and the pool checkout leaks for the life of the execution environment. ' +
          'Move the close into a `finally` block (or declare it with `await using` where the library supports it).',
        line: 5,
        column: 24,
        endLine: 5,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: `import type { APIGatewayProxyHandlerV2 } from 'aws-lambda';
import { getPool } from '#db';

export const handler: APIGatewayProxyHandlerV2 = async (event) => {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query('select * from users where id = $1', [event.pathParameters?.id]);
    return { statusCode: 200, body: JSON.stringify(rows[0] ?? null) };
  } finally {
    client.release();
  }
};
`,
          },
        ],
      }),
    ],
  },
  {
    // a factory of another module (export async function connect() { new Client(); await c.connect(); return c }):
    // reported at the call in the handler, the label names where the client is created
    ...fixture('graph-factories', 'src/handlers/sync.ts'),
    errors: [
      {
        messageId: 'missingCleanup',
        data: finallyData('client', 'pg', 'Client from `connect()` at src/lib/db.ts:12', 'await client.end()', 'on every invocation'),
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 33,
        suggestions: [{ messageId: 'wrapInFinally', data: { name: 'client' }, output: SYNC_CLOSED }],
      },
    ],
  },
  {
    // a promise factory over a callback API (amqplib/callback_api connect(url, (err, conn) => resolve(conn)))
    ...fixture('graph-factories', 'src/handlers/publish.ts'),
    errors: [
      {
        messageId: 'missingCleanup',
        data: finallyData('conn', 'amqplib', 'connection from `openConnection()` at src/lib/amqp.ts:6', 'conn.close()', 'on every invocation'),
        line: 5,
        column: 22,
        endLine: 5,
        endColumn: 59,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'conn' },
            output: `import type { Channel } from 'amqplib/callback_api';
import { openConnection } from '../lib/amqp';

export const handler = async (event: { body: string }) => {
  const conn = await openConnection(process.env.AMQP_URL!);
  try {
    const channel = await new Promise<Channel>((resolve, reject) => {
      conn.createChannel((err, ch) => (err ? reject(err) : resolve(ch)));
    });
    channel.sendToQueue('jobs', Buffer.from(event.body));
  } finally {
    conn.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    // a helper of a module some handler loads leaks a checkout of the imported pool
    ...fixture('graph-factories', 'src/lib/users.ts'),
    errors: [
      {
        messageId: 'missingCleanup',
        data: finallyData('client', 'pg', 'pool checkout', 'client.release()', 'in `getUser()`'),
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: read('graph-factories', 'src/lib/users.ts').replace(
              "  const client = await pool.connect();\n  const { rows } = await client.query('select * from users where id = $1', [id]);\n  return rows[0];\n",
              "  const client = await pool.connect();\n  try {\n    const { rows } = await client.query('select * from users where id = $1', [id]);\n    return rows[0];\n  } finally {\n    client.release();\n  }\n",
            ),
          },
        ],
      },
    ],
  },
  {
    // a default-exported factory. The label's function name (`default()`) is checked by a skipped test below.
    ...fixture('graph-factories', 'src/handlers/queue.ts'),
    errors: [
      {
        messageId: 'missingCleanup',
        line: 4,
        column: 23,
        endLine: 4,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'queue' },
            output: read('graph-factories', 'src/handlers/queue.ts').replace(
              "  await queue.query('insert into jobs (name) values ($1)', [event.job]);\n",
              "  try {\n    await queue.query('insert into jobs (name) values ($1)', [event.job]);\n  } finally {\n    await queue.end();\n  }\n",
            ),
          },
        ],
      },
    ],
  },
  {
    // `pool.connect().then((client) => …)` on the imported pool: the callback's parameter is the checkout. The `when`
    // wording (`an anonymous function()`) is checked by a skipped test below.
    ...fixture('graph-factories', 'src/lib/count.ts'),
    errors: [{ messageId: 'missingCleanup', line: 4, column: 10, endLine: 4, endColumn: 24, suggestions: [] }],
  },
  {
    // CommonJS: the factory of src/lib/db.js (`module.exports = { connect }`) in the handler serverless.yml names
    // (`src/worker.consume`); the code alone does not show `consume` is the handler, hence `in consume()`
    ...fixture('graph-cjs', 'src/worker.js'),
    errors: [
      {
        messageId: 'missingCleanup',
        data: finallyData('client', 'pg', 'Client from `connect()` at src/lib/db.js:4', 'await client.end()', 'in `consume()`'),
        line: 6,
        column: 24,
        endLine: 6,
        endColumn: 33,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: read('graph-cjs', 'src/worker.js').replace(
              "  for (const record of batch.Records) {\n    await client.query('insert into jobs (body) values ($1)', [record.body]);\n  }\n",
              "  try {\n    for (const record of batch.Records) {\n      await client.query('insert into jobs (body) values ($1)', [record.body]);\n    }\n  } finally {\n    await client.end();\n  }\n",
            ),
          },
        ],
      },
    ],
  },
  {
    // a route callback of the app module that a serverless-http handler adapts. The `when` wording is checked by a
    // skipped test below.
    ...fixture('graph-cjs', 'src/app.js'),
    errors: [
      {
        messageId: 'missingCleanup',
        line: 12,
        column: 20,
        endLine: 12,
        endColumn: 29,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'db' },
            output: read('graph-cjs', 'src/app.js').replace(
              "  const { rows } = await db.query('select * from users where id = $1', [req.params.id]);\n  res.json(rows[0]);\n",
              "  try {\n    const { rows } = await db.query('select * from users where id = $1', [req.params.id]);\n    res.json(rows[0]);\n  } finally {\n    await db.end();\n  }\n",
            ),
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-finally-cleanup (module graph)', inProject(requireFinallyCleanup), { valid: finallyValid, invalid: finallyInvalid });

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// RuleTester's own cwd (`/`): the project is the nearest directory with a package.json, and messages name files
// relative to that cwd
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

/** How a message names a file when the cwd is `/`. */
const fromRoot = (project: string, rel: string) => path.relative('/', file(project, rel)).split(path.sep).join('/');

ruleTester.run('require-sigterm-cleanup (cwd = file-system root)', requireSigtermCleanup, {
  valid: [fixture('graph-closers', 'src/lib/store.ts'), fixture('graph-ts-paths', 'scripts/migrate.ts')],
  invalid: [
    {
      ...fixture('graph-ts-paths', 'src/lib/db.ts'),
      errors: [
        {
          messageId: 'missingSigtermCleanup',
          data: sigtermData('pool', 'pg', 'Pool', 'await pool.end()', loaded('cached', fromRoot('graph-ts-paths', 'src/lib/db.ts'), 5, fromRoot('graph-ts-paths', 'src/handlers/orders.ts'), 2)),
          line: 5,
          column: 40,
          suggestions: [],
        },
      ],
    },
  ],
});

ruleTester.run('require-finally-cleanup (cwd = file-system root)', requireFinallyCleanup, {
  valid: [fixture('graph-factories', 'src/handlers/sync.ts', SYNC_CLOSED)],
  invalid: [
    {
      ...fixture('graph-factories', 'src/handlers/sync.ts'),
      errors: [
        {
          messageId: 'missingCleanup',
          data: finallyData('client', 'pg', `Client from \`connect()\` at ${fromRoot('graph-factories', 'src/lib/db.ts')}:12`, 'await client.end()', 'on every invocation'),
          line: 4,
          column: 24,
          suggestions: [{ messageId: 'wrapInFinally', data: { name: 'client' }, output: SYNC_CLOSED }],
        },
      ],
    },
  ],
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Other rules that read the graph
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Every rule of the plugin on a fixture file, with ESLint's cwd = its project; the messages' rule and messageId. */
function lint(project: string, rel: string, code = read(project, rel)): { ruleId: string | null; messageId: string | undefined; line: number; message: string }[] {
  const linter = new Linter({ cwd: path.join(PROJECTS, project) });
  const cjs = fixture(project, rel, code).languageOptions !== undefined;
  const config: Linter.Config[] = [
    {
      files: ['**/*.*'],
      plugins: { 'lambda-shutdown': { rules } as never },
      languageOptions: { parser: tsParser as never, ...(cjs ? { sourceType: 'commonjs' } : {}) },
      rules: Object.fromEntries(Object.keys(rules).map((name) => [`lambda-shutdown/${name}`, 'error'])),
    },
  ];
  return linter.verify(code, config, file(project, rel)).map((m) => ({ ruleId: m.ruleId, messageId: m.messageId, line: m.line, message: m.message }));
}

describe('other rules in modules of a function', () => {
  it('no-process-exit-in-sigterm-listener is silent in a module no function loads (the on-prem server)', () => {
    const variant = read('graph-closers', 'src/server.ts').replace('  server.close(() => process.exit(0));\n', '  server.close();\n  process.exit(0);\n');
    expect(lint('graph-closers', 'src/server.ts', variant).filter((m) => m.ruleId === 'lambda-shutdown/no-process-exit-in-sigterm-listener')).toEqual([]);
  });
  it('no-ineffective-shutdown-listener reports a SIGINT-only listener in a module a handler loads', () => {
    expect(lint('graph-closers', 'src/lib/web.ts')).toEqual([expect.objectContaining({ ruleId: 'lambda-shutdown/no-ineffective-shutdown-listener', messageId: 'sigintOnly', line: 12 })]);
  });
  it('every fixture file of graph-closers gives only the findings the cases above expect', () => {
    const found = ['src/lib/cache.ts', 'src/lib/web.ts', 'src/server.ts', 'src/handlers/cache.ts', 'src/lib/store.ts'].map((rel) => [rel, lint('graph-closers', rel).map((m) => `${m.ruleId}:${m.messageId}:${m.line}`)]);
    expect(Object.fromEntries(found)).toEqual({
      'src/lib/cache.ts': ['lambda-shutdown/require-sigterm-cleanup:missingSigtermCleanup:3'],
      'src/lib/web.ts': ['lambda-shutdown/no-ineffective-shutdown-listener:sigintOnly:12'],
      'src/server.ts': [],
      'src/handlers/cache.ts': [],
      'src/lib/store.ts': [],
    });
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// Fixed bugs (found by these tests): each names its fixture as a reproduction.
// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────

const sigterm = (project: string, rel: string) => lint(project, rel).filter((m) => m.ruleId === 'lambda-shutdown/require-sigterm-cleanup');
const finallyFindings = (project: string, rel: string) => lint(project, rel).filter((m) => m.ruleId === 'lambda-shutdown/require-finally-cleanup');

describe('regressions', () => {
  // Fixed: core/resources.ts bindingOf() checks `AssignmentExpression` with a non-Identifier left side (-> 'other') before
  // the `module.exports = …` branch, which is therefore unreachable: `module.exports = new Pool()` is no module resource.
  it('`module.exports = new Pool()` in a CommonJS lib that a deployment-named handler requires is reported', () => {
    expect(sigterm('graph-cjs', 'src/lib/pool.js')).toEqual([expect.objectContaining({ messageId: 'missingSigtermCleanup', line: 3 })]);
  });

  // Fixed: the close text of a module resource without a binding is built from its display name:
  // "Close it with `await export default.destroy()` …", which is no code.
  it('the message of `export default knex(…)` does not tell to call `export default.destroy()`', () => {
    const [finding] = sigterm('graph-ts-paths', 'src/lib/knex.ts');
    expect(finding?.message).not.toContain('export default.destroy()');
  });

  // Fixed: core/analysis.ts closedPerInvocationElsewhere() counts every importer, not only modules of a function: a
  // test file's `afterAll(() => closeCache())` silences the finding of the production module it tests.
  it('a test file that calls the exported closer does not silence the module', () => {
    expect(sigterm('graph-test-closer', 'src/cache.ts')).toEqual([expect.objectContaining({ messageId: 'missingSigtermCleanup', line: 3 })]);
  });

  // Fixed: closedPerInvocationElsewhere() is asked for the resource, not per function: handlers/export.ts closes the pool
  // per invocation, handlers/report.ts never does, and report's environments leave it open at shutdown.
  it('a per-invocation close in one function does not silence another function that never closes it', () => {
    expect(sigterm('graph-shared-closer', 'src/lib/db.ts')).toEqual([expect.objectContaining({ messageId: 'missingSigtermCleanup', line: 3 })]);
  });

  // Fixed: core/graph/project.ts importersOf() only resolves specifiers whose last segment is the target's stem (or its
  // directory's name for an index): `./lib/`, `.` and `..` name lib/index.ts but are never resolved.
  it("a handler importing './lib/' loads lib/index.ts", () => {
    expect(sigterm('graph-dir-index', 'src/lib/index.ts')).toEqual([expect.objectContaining({ messageId: 'missingSigtermCleanup', line: 3 })]);
  });

  // Fixed: the import scan is lexical (core/graph/project.ts SPECIFIER): `import type` (erased by TypeScript and every
  // bundler) and an import in a comment make the handler a loader, so modules it never loads are reported.
  it('a type-only import does not load a module', () => {
    expect(sigterm('graph-type-import', 'src/models.ts')).toEqual([]);
  });
  it('an import in a comment does not load a module', () => {
    expect(sigterm('graph-type-import', 'src/legacy.ts')).toEqual([]);
  });

  // Fixed: rules/require-finally-cleanup.ts wraps functionName() in "in `…()`", and functionName() answers
  // 'an anonymous function' for callbacks: "is opened in `an anonymous function()`".
  it('a resource opened in a callback is not said to be opened in `an anonymous function()`', () => {
    const messages = [...finallyFindings('graph-cjs', 'src/app.js'), ...finallyFindings('graph-factories', 'src/lib/count.ts')].map((m) => m.message);
    expect(messages).toHaveLength(2);
    for (const message of messages) expect(message).not.toContain('`an anonymous function()`');
  });

  // Fixed: core/analysis.ts summary() names an exported factory by its export name, so a default-exported
  // `connectQueue()` is labelled "Client from `default()` at src/lib/queue.ts:4".
  it('a default-exported factory is named by its function in the label', () => {
    const [finding] = finallyFindings('graph-factories', 'src/handlers/queue.ts');
    expect(finding?.message).toContain('`connectQueue()`');
  });

  // Fixed: the missingCleanup template uses {{label}} twice; with an origin the second reads "Lambda keeps the leaked
  // Client from `connect()` at src/lib/db.ts:12 open while the environment is frozen".
  it('the origin of a factory-made resource is named once in the message', () => {
    const [finding] = finallyFindings('graph-factories', 'src/handlers/sync.ts');
    expect(finding?.message.split('at src/lib/db.ts:12')).toHaveLength(2);
  });
});
