#!/usr/bin/env node
/**
 * Editor latency of `configs.recommended` (run as `npm run bench:editor`: build, then this script).
 *
 * An editor lints the open file on every keystroke (vscode-eslint's `run: onType`), so what matters there is the
 * time one file takes, not a corpus. This bench generates one large, realistic Lambda handler module (≈3,000 lines
 * of TypeScript, seeded, byte-identical for a seed: an API handler with module-scope pools and clients, a partial
 * SIGTERM listener, a lazily connected client, per-invocation clients closed in `finally`, on success only or never,
 * a `beforeExit` flush, and a router that calls ~135 route functions), puts it in a throw-away workspace beside a SAM
 * template (so the rules' deployment lookup runs as in a real project), and times ESLint's `Linter` (flat config)
 * on it:
 *   parse        the recommended config (same files, parser, languageOptions, plugin) with no rules: what any
 *                lint of the file costs
 *   recommended  plugin.configs.recommended
 * in pairs, in alternating order, after a warm-up, each run after a `gc()`: the median over pairs of (recommended −
 * parse), and as a share of parse time the median of (recommended − parse) / parse.
 *
 * The verdict (target: our rules add ≤ 5 ms) is ESLint's own timing of the rules (`stats: true`, the data behind
 * `TIMING=all`): `--stats-runs` lints with recommended, half of the same text and half of edited texts, and for each
 * the time ESLint spent in our rules (their listeners, including the reports and the suggestions they compute); the
 * median per lint must be within the target for both texts. That is what the rules add to a lint: ESLint parses and
 * traverses the file whatever rules are on. The whole-lint difference is printed beside it, but it cannot decide a
 * 5 ms target: two lints of the same text (600–800 ms here) differ by ±100 ms on a shared 2-core machine (its p10–p90
 * is printed), so its median moves by tens of milliseconds from one run of the bench to the next.
 *
 * Two texts:
 *   same text    the same text every run (what the numbers of a saved file look like)
 *   after edit   the editor case: each pair lints a new text, one character different from the previous one (a
 *                digit of a number literal changed), so nothing keyed by text or AST can be reused
 *
 * Each whole lint is timed twice: wall clock and the CPU time of this process (user + system); the table shows CPU
 * time by default (`--metric wall` to change): on a shared 2-core machine other processes stretch wall time, hardly
 * CPU time. The stats runs also give the time of each of our rules (median per rule) and ESLint's own parse time.
 * Our rules share one lazily computed analysis of the file (core/analysis.ts), so the first rule that asks for a
 * part of it is charged for computing it.
 *
 * `--profile FILE` also records a V8 CPU profile (node:inspector, the same .cpuprofile as `node --cpu-prof`) of
 * `--profile-runs` lints with recommended and prints where the time goes in the plugin's own code (dist/core,
 * dist/rules, named by their .ts sources): self time by file and function, inclusive time by function, and which
 * function called the generic AST walker (core/ast.ts `walk`).
 *
 * The generated handler imports its pool from a sibling module (src/lib/db.ts, a lazy getter and an exported close),
 * so that every lint reads that module's summary; the sibling module is timed too (its lint looks for the handlers that
 * load it). And the first lint of each file in a fresh process (`--first-runs` processes each, parse-only and
 * recommended side by side): what an editor's first diagnostics of a project, or a one-file `eslint` run, cost.
 *
 * Options: --runs N (40)  --warmup N (10)  --stats-runs N (15)  --first-runs N (5)  --lines N (3000)  --seed S  --plugin FILE (dist/index.js)
 *          --target MS (5)  --metric cpu|wall (cpu)  --out FILE (also write the generated module there)
 *          --profile FILE.cpuprofile  --profile-runs N (40)  --no-write  --check (exit 1 when over the target)
 * Output: a human table, bench/results/editor.json, and the same result as one JSON line at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { Linter } from 'eslint';

import { benchOptions, gc, median, writeResult } from './common.mjs';
import { Rng } from './rng.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const NAMESPACE = 'lambda-shutdown';
export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 0xed17;

// ---------------------------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  return benchOptions(
    argv,
    {
      runs: { type: 'int' },
      warmup: { type: 'int', min: 0 },
      'stats-runs': { type: 'int' },
      'first-runs': { type: 'int' },
      lines: { type: 'int', min: 200 },
      seed: { type: 'int', min: 0 },
      plugin: { type: 'path' },
      target: { type: 'number' },
      metric: { type: 'choice', choices: ['cpu', 'wall'] },
      out: { type: 'path' },
      profile: { type: 'path' },
      'profile-runs': { type: 'int' },
      'no-write': { type: 'boolean', key: 'write', negate: true },
      check: { type: 'boolean' },
    },
    {
      defaults: {
        runs: 40,
        warmup: 10,
        statsRuns: 31,
        firstRuns: 5,
        lines: 3000,
        seed: DEFAULT_SEED,
        plugin: path.join(REPO_ROOT, 'dist', 'index.js'),
        target: 5,
        metric: 'cpu',
        out: undefined,
        profile: undefined,
        profileRuns: 40,
        write: true,
        check: false,
      },
      usage:
        'usage: node bench/editor.mjs [--runs N] [--warmup N] [--stats-runs N] [--first-runs N] [--lines N] [--seed S] [--plugin FILE] [--target MS] [--metric cpu|wall] [--out FILE] [--profile FILE] [--profile-runs N] [--no-write] [--check]',
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The handler module
// ---------------------------------------------------------------------------------------------------------------

const ENTITIES = [
  ['order', 'orders'], ['invoice', 'invoices'], ['payment', 'payments'], ['customer', 'customers'], ['shipment', 'shipments'],
  ['product', 'products'], ['cart', 'carts'], ['subscription', 'subscriptions'], ['refund', 'refunds'], ['coupon', 'coupons'],
  ['booking', 'bookings'], ['ticket', 'tickets'], ['webhook', 'webhooks'], ['report', 'reports'], ['tenant', 'tenants'],
  ['warehouse', 'warehouses'], ['supplier', 'suppliers'], ['review', 'reviews'], ['address', 'addresses'], ['upload', 'uploads'],
  ['notification', 'notifications'], ['session', 'sessions'], ['price', 'prices'], ['campaign', 'campaigns'], ['lead', 'leads'],
];
const FIELDS = [
  ['status', 'string'], ['totalCents', 'number'], ['currency', 'string'], ['createdAt', 'string'], ['updatedAt', 'string'],
  ['email', 'string'], ['region', 'string'], ['quantity', 'number'], ['priority', 'number'], ['ownerId', 'string'],
  ['source', 'string'], ['sku', 'string'], ['note', 'string | null'], ['tags', 'string[]'], ['archived', 'boolean'],
];
const STATUSES = ['PENDING', 'ACTIVE', 'PAID', 'SHIPPED', 'CANCELLED', 'FAILED', 'ARCHIVED', 'OPEN', 'CLOSED'];

const cap = (s) => s[0].toUpperCase() + s.slice(1);
const snake = (s) => s.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
const indent = (lines, n = 1) => lines.map((l) => (l === '' ? l : '  '.repeat(n) + l));

function header() {
  return [
    '/**',
    ' * commerce-api: the one Lambda function behind the commerce REST API (API Gateway REST, proxy integration).',
    ' *',
    ' * Every route lives in this module: the router at the bottom dispatches on `${httpMethod} ${resource}`.',
    ' * Postgres (RDS Proxy) is the system of record; Redis caches reads; MySQL is the legacy catalog; MongoDB',
    ' * holds audit documents; S3 and DynamoDB hold exports and idempotency keys.',
    ' */',
    "import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';",
    "import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';",
    "import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';",
    "import Redis from 'ioredis';",
    "import { MongoClient } from 'mongodb';",
    "import { createConnection as createMysqlConnection, createPool as createMysqlPool } from 'mysql2/promise';",
    "import { createHash, randomUUID } from 'node:crypto';",
    "import { createWriteStream } from 'node:fs';",
    "import { Agent as HttpsAgent } from 'node:https';",
    "import { Client, Pool } from 'pg';",
    "import type { PoolClient, QueryResultRow } from 'pg';",
    "import { Agent as UndiciAgent, request } from 'undici';",
    '',
  ];
}

function moduleScope() {
  return [
    '// Created once per execution environment and reused by every invocation.',
    'const pool = new Pool({',
    '  connectionString: process.env.DATABASE_URL,',
    '  max: 1,',
    '  idleTimeoutMillis: 120_000,',
    "  ssl: process.env.PGSSLMODE === 'disable' ? false : { rejectUnauthorized: false },",
    '});',
    "const cache = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379', { maxRetriesPerRequest: 2, lazyConnect: false });",
    'const catalogDb = createMysqlPool({ uri: process.env.CATALOG_DATABASE_URL, connectionLimit: 1, waitForConnections: true });',
    'const keepAliveAgent = new HttpsAgent({ keepAlive: true, maxSockets: 16 });',
    'const partnerDispatcher = new UndiciAgent({ keepAliveTimeout: 30_000, connections: 8 });',
    "const auditLog = createWriteStream('/tmp/audit.ndjson', { flags: 'a' });",
    'const ddb = new DynamoDBClient({});',
    'const s3 = new S3Client({});',
    '',
    'let mongo: MongoClient | undefined;',
    '',
    '/** The audit store, connected on first use. */',
    'async function auditStore(): Promise<MongoClient> {',
    '  if (!mongo) {',
    "    mongo = new MongoClient(process.env.MONGO_URL ?? 'mongodb://localhost:27017', { maxPoolSize: 1 });",
    '    await mongo.connect();',
    '  }',
    '  return mongo;',
    '}',
    '',
    "process.once('SIGTERM', async () => {",
    "  console.info('[runtime] SIGTERM received, closing connections');",
    '  await Promise.allSettled([pool.end(), cache.quit()]);',
    '  process.exit(0);',
    '});',
    '',
    "process.on('beforeExit', () => {",
    "  auditLog.write(JSON.stringify({ at: new Date().toISOString(), event: 'beforeExit' }) + '\\n');",
    '});',
    '',
  ];
}

function utilities() {
  return [
    'const json = (statusCode: number, body: unknown): APIGatewayProxyResult => ({',
    '  statusCode,',
    "  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },",
    '  body: JSON.stringify(body),',
    '});',
    '',
    'class HttpError extends Error {',
    '  constructor(',
    '    readonly statusCode: number,',
    '    message: string,',
    '  ) {',
    '    super(message);',
    '  }',
    '}',
    '',
    'function parseBody<T>(event: APIGatewayProxyEvent): T {',
    '  if (!event.body) throw new HttpError(400, "Request body is required");',
    '  try {',
    "    const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;",
    '    return JSON.parse(raw) as T;',
    '  } catch {',
    "    throw new HttpError(400, 'Request body must be valid JSON');",
    '  }',
    '}',
    '',
    'function pathParam(event: APIGatewayProxyEvent, name: string): string {',
    '  const value = event.pathParameters?.[name];',
    '  if (!value) throw new HttpError(400, `Missing path parameter ${name}`);',
    '  return decodeURIComponent(value);',
    '}',
    '',
    'function page(event: APIGatewayProxyEvent): { limit: number; offset: number } {',
    "  const limit = Math.min(Number(event.queryStringParameters?.limit ?? '50'), 200);",
    "  const offset = Math.max(Number(event.queryStringParameters?.offset ?? '0'), 0);",
    '  if (!Number.isFinite(limit) || !Number.isFinite(offset)) {',
    "    throw new HttpError(400, 'limit and offset must be numbers');",
    '  }',
    '  return { limit, offset };',
    '}',
    '',
    'function etag(value: unknown): string {',
    "  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 27);",
    '}',
    '',
    'async function withRetry<T>(what: string, fn: () => Promise<T>, attempts = 3): Promise<T> {',
    '  let lastError: unknown;',
    '  for (let attempt = 1; attempt <= attempts; attempt++) {',
    '    try {',
    '      return await fn();',
    '    } catch (err) {',
    '      lastError = err;',
    '      console.warn(`[retry] ${what} failed (attempt ${attempt}/${attempts})`, err);',
    '      await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));',
    '    }',
    '  }',
    '  throw lastError;',
    '}',
    '',
    'async function cached<T>(key: string, ttlSeconds: number, load: () => Promise<T>): Promise<T> {',
    '  const hit = await cache.get(key);',
    '  if (hit !== null) return JSON.parse(hit) as T;',
    '  const value = await load();',
    "  await cache.set(key, JSON.stringify(value), 'EX', ttlSeconds);",
    '  return value;',
    '}',
    '',
    'async function query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {',
    '  const started = Date.now();',
    '  const result = await pool.query<R>(text, values);',
    '  if (Date.now() - started > 250) console.warn(`[db] slow query (${Date.now() - started} ms): ${text.slice(0, 80)}`);',
    '  return result.rows;',
    '}',
    '',
    'async function inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {',
    '  const client = await pool.connect();',
    '  try {',
    "    await client.query('BEGIN');",
    '    const result = await work(client);',
    "    await client.query('COMMIT');",
    '    return result;',
    '  } catch (err) {',
    "    await client.query('ROLLBACK');",
    '    throw err;',
    '  } finally {',
    '    client.release();',
    '  }',
    '}',
    '',
    'function audit(action: string, subject: string, detail: Record<string, unknown> = {}): void {',
    "  auditLog.write(JSON.stringify({ at: new Date().toISOString(), action, subject, ...detail }) + '\\n');",
    '}',
    '',
    'async function callPartner(path: string, body: unknown): Promise<unknown> {',
    '  const { statusCode, body: response } = await request(`${process.env.PARTNER_URL}${path}`, {',
    "    method: 'POST',",
    '    dispatcher: partnerDispatcher,',
    "    headers: { 'content-type': 'application/json' },",
    '    body: JSON.stringify(body),',
    '  });',
    '  if (statusCode >= 400) throw new HttpError(502, `Partner call ${path} failed with ${statusCode}`);',
    '  return response.json();',
    '}',
    '',
  ];
}

/** Everything about one entity: its type, its repository functions and its routes. */
function entitySection(r, [one, many], routes, shape) {
  const E = cap(one);
  const table = snake(many);
  const fields = r.sample(FIELDS, r.int(5, 9));
  const lines = [];
  lines.push(`// ${'-'.repeat(110)}`, `// ${cap(many)}`, `// ${'-'.repeat(110)}`, '');
  lines.push(`interface ${E} {`, '  id: string;', ...fields.map(([f, t]) => `  ${f}: ${t};`), '}', '');
  lines.push(`interface ${E}Input {`, ...fields.filter(() => r.chance(0.7)).map(([f, t]) => `  ${f}${r.chance(0.3) ? '?' : ''}: ${t};`), '}', '');
  const columns = ['id', ...fields.map(([f]) => snake(f))].join(', ');
  const ttl = r.pick([30, 60, 120, 300, 900]);
  const limit = r.pick([25, 50, 100]);

  // Validation
  lines.push(
    `function validate${E}(input: ${E}Input): string[] {`,
    '  const problems: string[] = [];',
    ...fields
      .filter(() => r.chance(0.6))
      .map(([f, t]) =>
        t === 'number'
          ? `  if ('${f}' in input && (typeof input.${f} !== 'number' || input.${f} < 0)) problems.push('${f} must be a non-negative number');`
          : t === 'string'
            ? `  if ('${f}' in input && typeof input.${f} === 'string' && input.${f}.length > ${r.pick([64, 128, 256])}) problems.push('${f} is too long');`
            : `  if ('${f}' in input && input.${f} === undefined) problems.push('${f} must be set');`,
      ),
    '  return problems;',
    '}',
    '',
  );

  // Read through the cache
  const get = `get${E}`;
  lines.push(
    `async function ${get}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
    "  const id = pathParam(event, 'id');",
    `  const ${one} = await cached(\`${one}:\${id}\`, ${ttl}, async () => {`,
    `    const rows = await query<${E}>('SELECT ${columns} FROM ${table} WHERE id = $1', [id]);`,
    '    return rows[0] ?? null;',
    '  });',
    `  if (!${one}) return json(404, { message: \`${E} \${id} not found\` });`,
    `  return { ...json(200, ${one}), headers: { ETag: etag(${one}) } };`,
    '}',
    '',
  );
  routes.push([`GET /${many}/{id}`, get]);

  // List with paging and a filter
  const list = `list${cap(many)}`;
  const status = r.pick(STATUSES);
  lines.push(
    `async function ${list}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
    '  const { limit, offset } = page(event);',
    `  const status = event.queryStringParameters?.status ?? '${status}';`,
    `  const rows = await query<${E}>(`,
    `    'SELECT ${columns} FROM ${table} WHERE status = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3',`,
    `    [status, Math.min(limit, ${limit}), offset],`,
    '  );',
    '  const next = rows.length === limit ? offset + limit : null;',
    `  return json(200, { items: rows, next, count: rows.length });`,
    '}',
    '',
  );
  routes.push([`GET /${many}`, list]);

  // Create in a transaction, with an idempotency key in DynamoDB
  const create = `create${E}`;
  const insertFields = fields.slice(0, Math.min(4, fields.length));
  lines.push(
    `async function ${create}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
    `  const input = parseBody<${E}Input>(event);`,
    `  const problems = validate${E}(input);`,
    "  if (problems.length > 0) return json(422, { message: 'Invalid input', problems });",
    "  const key = event.headers['Idempotency-Key'] ?? event.headers['idempotency-key'];",
    '  if (key) {',
    `    const seen = await ddb.send(new GetItemCommand({ TableName: process.env.IDEMPOTENCY_TABLE, Key: { pk: { S: \`${one}#\${key}\` } } }));`,
    '    if (seen.Item?.result?.S) return json(200, JSON.parse(seen.Item.result.S));',
    '  }',
    '  const id = randomUUID();',
    `  const ${one} = await inTransaction(async (client) => {`,
    '    const { rows } = await client.query(',
    `      'INSERT INTO ${table} (id, ${insertFields.map(([f]) => snake(f)).join(', ')}) VALUES ($1, ${insertFields.map((_, i) => `$${i + 2}`).join(', ')}) RETURNING ${columns}',`,
    `      [id, ${insertFields.map(([f]) => `(input as Record<string, unknown>).${f} ?? null`).join(', ')}],`,
    '    );',
    `    await client.query('INSERT INTO outbox (id, topic, payload) VALUES ($1, $2, $3)', [randomUUID(), '${one}.created', JSON.stringify(rows[0])]);`,
    `    return rows[0] as ${E};`,
    '  });',
    '  if (key) {',
    `    await ddb.send(new PutItemCommand({ TableName: process.env.IDEMPOTENCY_TABLE, Item: { pk: { S: \`${one}#\${key}\` }, result: { S: JSON.stringify(${one}) } } }));`,
    '  }',
    `  audit('${one}.create', id);`,
    `  return json(201, ${one});`,
    '}',
    '',
  );
  routes.push([`POST /${many}`, create]);

  // Update: a per-invocation connection in one of several shapes (most are right, some are the bugs the rules find)
  const update = `update${E}`;
  const set = insertFields.map(([f], i) => `${snake(f)} = COALESCE($${i + 2}, ${snake(f)})`).join(', ');
  const params = `[id, ${insertFields.map(([f]) => `(input as Record<string, unknown>).${f} ?? null`).join(', ')}]`;
  const body = [
    "  const id = pathParam(event, 'id');",
    `  const input = parseBody<${E}Input>(event);`,
    `  const problems = validate${E}(input);`,
    "  if (problems.length > 0) return json(422, { message: 'Invalid input', problems });",
  ];
  const updateSql = `'UPDATE ${table} SET ${set}, updated_at = now() WHERE id = $1 RETURNING ${columns}'`;
  if (shape === 'finally' || shape === 'successOnly' || shape === 'never') {
    body.push(
      '  // A dedicated session: the update runs with a statement timeout and its own search_path.',
      '  const db = new Client({ connectionString: process.env.DATABASE_URL, statement_timeout: 5_000 });',
      '  await db.connect();',
    );
    if (shape === 'finally') {
      body.push(
        '  try {',
        `    const { rows } = await db.query(${updateSql}, ${params});`,
        `    if (rows.length === 0) return json(404, { message: \`${E} \${id} not found\` });`,
        `    await cache.del(\`${one}:\${id}\`);`,
        `    audit('${one}.update', id);`,
        '    return json(200, rows[0]);',
        '  } finally {',
        '    await db.end();',
        '  }',
      );
    } else if (shape === 'successOnly') {
      body.push(
        `  const { rows } = await db.query(${updateSql}, ${params});`,
        `  await cache.del(\`${one}:\${id}\`);`,
        '  await db.end();',
        `  if (rows.length === 0) return json(404, { message: \`${E} \${id} not found\` });`,
        `  audit('${one}.update', id);`,
        '  return json(200, rows[0]);',
      );
    } else {
      body.push(
        `  const { rows } = await db.query(${updateSql}, ${params});`,
        `  if (rows.length === 0) return json(404, { message: \`${E} \${id} not found\` });`,
        `  await cache.del(\`${one}:\${id}\`);`,
        '  return json(200, rows[0]);',
      );
    }
  } else if (shape === 'poolClient') {
    body.push(
      '  const client = await pool.connect();',
      '  try {',
      `    const { rows } = await client.query(${updateSql}, ${params});`,
      `    if (rows.length === 0) return json(404, { message: \`${E} \${id} not found\` });`,
      `    await cache.del(\`${one}:\${id}\`);`,
      '    return json(200, rows[0]);',
      '  } finally {',
      '    client.release();',
      '  }',
    );
  } else {
    body.push(
      '  // The legacy catalog mirrors the row; it takes its own connection for the session variables.',
      '  const legacy = await createMysqlConnection({ uri: process.env.CATALOG_DATABASE_URL });',
      '  try {',
      `    await legacy.query("SET SESSION sql_mode = 'STRICT_ALL_TABLES'");`,
      `    await legacy.execute('UPDATE ${table}_mirror SET updated_at = NOW() WHERE id = ?', [id]);`,
      `    const rows = await query<${E}>(${updateSql}, ${params});`,
      '    return json(200, rows[0] ?? null);',
      '  } finally {',
      '    await legacy.end();',
      '  }',
    );
  }
  lines.push(`async function ${update}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`, ...body, '}', '');
  routes.push([`PATCH /${many}/{id}`, update]);

  // Delete (soft), with the audit document
  const del = `delete${E}`;
  lines.push(
    `async function ${del}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
    "  const id = pathParam(event, 'id');",
    `  const rows = await query<{ id: string }>('UPDATE ${table} SET status = $2, updated_at = now() WHERE id = $1 RETURNING id', [id, 'ARCHIVED']);`,
    `  if (rows.length === 0) return json(404, { message: \`${E} \${id} not found\` });`,
    `  await cache.del(\`${one}:\${id}\`);`,
    '  const store = await auditStore();',
    `  await store.db('audit').collection('${many}').insertOne({ id, action: 'archive', at: new Date() });`,
    '  return { statusCode: 204, body: \'\' };',
    '}',
    '',
  );
  routes.push([`DELETE /${many}/{id}`, del]);

  // Sometimes: an export to S3, a catalog sync or a partner call
  const extra = r.weighted([['export', 30], ['catalog', 25], ['partner', 25], ['none', 20]]);
  if (extra === 'export') {
    const fn = `export${cap(many)}`;
    lines.push(
      `async function ${fn}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
      `  const since = event.queryStringParameters?.since ?? new Date(Date.now() - 86_400_000).toISOString();`,
      `  const rows = await query<${E}>('SELECT ${columns} FROM ${table} WHERE updated_at >= $1 ORDER BY updated_at', [since]);`,
      "  const lines = rows.map((row) => JSON.stringify(row)).join('\\n');",
      `  const key = \`exports/${many}/\${since.slice(0, 10)}/\${randomUUID()}.ndjson\`;`,
      `  await withRetry('export ${many}', () => s3.send(new PutObjectCommand({ Bucket: process.env.EXPORT_BUCKET, Key: key, Body: lines })));`,
      `  audit('${many}.export', key, { count: rows.length });`,
      '  return json(202, { key, count: rows.length });',
      '}',
      '',
    );
    routes.push([`POST /${many}/export`, fn]);
  } else if (extra === 'catalog') {
    const fn = `sync${E}Catalog`;
    lines.push(
      `async function ${fn}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
      "  const id = pathParam(event, 'id');",
      `  const [legacyRows] = await catalogDb.query('SELECT * FROM ${table}_catalog WHERE external_id = ?', [id]);`,
      '  const items = Array.isArray(legacyRows) ? legacyRows : [];',
      '  let changed = 0;',
      '  for (const item of items as Record<string, unknown>[]) {',
      `    const rows = await query<{ id: string }>('UPDATE ${table} SET note = $2 WHERE id = $1 AND note IS DISTINCT FROM $2 RETURNING id', [id, String(item.description ?? '')]);`,
      '    changed += rows.length;',
      '  }',
      `  if (changed > 0) await cache.del(\`${one}:\${id}\`);`,
      '  return json(200, { id, changed });',
      '}',
      '',
    );
    routes.push([`POST /${many}/{id}/sync`, fn]);
  } else if (extra === 'partner') {
    const fn = `notify${E}Partner`;
    lines.push(
      `async function ${fn}(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
      "  const id = pathParam(event, 'id');",
      `  const rows = await query<${E}>('SELECT ${columns} FROM ${table} WHERE id = $1', [id]);`,
      `  if (rows.length === 0) return json(404, { message: \`${E} \${id} not found\` });`,
      `  const response = await withRetry('notify partner', () => callPartner('/${many}', rows[0]));`,
      `  const legacy = await fetch(\`\${process.env.LEGACY_URL}/${many}/\${id}\`, { method: 'PUT', body: JSON.stringify(rows[0]), keepalive: true });`,
      "  if (!legacy.ok) console.warn('[legacy] mirror failed', legacy.status);",
      `  void keepAliveAgent;`,
      '  return json(202, { id, partner: response });',
      '}',
      '',
    );
    routes.push([`POST /${many}/{id}/notify`, fn]);
  }

  // Business logic: a summary computed in code
  const numeric = fields.filter(([, t]) => t === 'number').map(([f]) => f);
  const summary = `summarize${cap(many)}`;
  lines.push(
    `function ${summary}(items: ${E}[]): Record<string, number> {`,
    '  const out: Record<string, number> = { count: items.length };',
    '  for (const item of items) {',
    ...(numeric.length
      ? numeric.map((f) => `    out.${f} = (out.${f} ?? 0) + item.${f};`)
      : ['    out.withId = (out.withId ?? 0) + (item.id ? 1 : 0);']),
    '  }',
    ...STATUSES.filter(() => r.chance(0.3)).map((s) => `  out.${s.toLowerCase()} = items.filter((i) => (i as unknown as { status?: string }).status === '${s}').length;`),
    '  return out;',
    '}',
    '',
    `async function ${summary}Route(event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> {`,
    '  const { limit, offset } = page(event);',
    `  const items = await query<${E}>('SELECT ${columns} FROM ${table} ORDER BY created_at DESC LIMIT $1 OFFSET $2', [limit, offset]);`,
    `  return json(200, ${summary}(items));`,
    '}',
    '',
  );
  routes.push([`GET /${many}/summary`, `${summary}Route`]);
  return lines;
}

function handlerLines(routes) {
  return [
    '// ' + '-'.repeat(110),
    '// Router',
    '// ' + '-'.repeat(110),
    '',
    'export const handler = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {',
    '  context.callbackWaitsForEmptyEventLoop = false;',
    '  const route = `${event.httpMethod} ${event.resource}`;',
    '  const started = Date.now();',
    '  try {',
    '    switch (route) {',
    ...routes.flatMap(([key, fn]) => [`      case '${key}':`, `        return await ${fn}(event);`]),
    '      default:',
    '        return json(404, { message: `No route for ${route}` });',
    '    }',
    '  } catch (err) {',
    '    if (err instanceof HttpError) return json(err.statusCode, { message: err.message });',
    "    console.error('[handler] unhandled error', { route, requestId: context.awsRequestId, err });",
    "    return json(500, { message: 'Internal error', requestId: context.awsRequestId });",
    '  } finally {',
    "    console.info(JSON.stringify({ route, ms: Date.now() - started, requestId: context.awsRequestId }));",
    '  }',
    '};',
  ];
}

/** The module, ≈ `lines` lines, byte-identical for a seed. */
export function generateHandlerModule({ seed = DEFAULT_SEED, lines: target = 3000 } = {}) {
  const r = new Rng(seed, `editor-v${GENERATOR_VERSION}`);
  const out = [...header(), ...moduleScope(), ...utilities()];
  const routes = [];
  const entities = r.shuffle(ENTITIES);
  // How the update routes hold their connection, in fixed proportions: most close it in `finally` (a dedicated
  // pg Client, a pool checkout, a mysql2 connection), a few close it on success only or never.
  const shapes = r.shuffle([...Array(11).fill('finally'), ...Array(4).fill('poolClient'), 'mysqlFinally', 'mysqlFinally', 'successOnly', 'successOnly', 'never']);
  let round = 0;
  // Sections until the router (≈ 4 lines per route) would take the file past the target.
  while (out.length + routes.length * 2 + 25 < target - 60) {
    const [one, many] = entities[round % entities.length];
    const suffix = round < entities.length ? '' : String(Math.floor(round / entities.length) + 1);
    out.push(...entitySection(r, [`${one}${suffix}`, `${many}${suffix}`], routes, shapes[round % shapes.length]));
    round++;
  }
  out.push(...handlerLines(routes));
  const text = out.join('\n') + '\n';
  return { text, lines: out.length, routes: routes.length, entities: round };
}

/**
 * The sibling module the handler imports its pool from (the shape most real services have: a lazily created pool behind
 * a getter, an exported close function): the lint of the handler reads its summary, the lint of this module looks for
 * the handlers that load it.
 */
const DB_MODULE = `import { Pool } from 'pg';

let pool: Pool | undefined;

export function getPool(): Pool {
  return (pool ??= new Pool({ connectionString: process.env.DATABASE_URL, max: 1 }));
}

export async function closePool(): Promise<void> {
  await pool?.end();
}
`;

/** What the handler module gets so that it imports its pool from the sibling module (appended: imports are hoisted). */
const SIBLING_USE = `
import { getPool } from '../lib/db';

export async function countOrdersFromSharedPool(): Promise<number> {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query('select count(*) as n from orders');
    return Number(rows[0].n);
  } finally {
    client.release();
  }
}
`;

const SAM_TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: commerce-api (editor latency bench)

Resources:
  CommerceApiFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./
      Handler: api.handler
      Runtime: nodejs20.x
      Layers:
        - !Sub arn:aws:lambda:\${AWS::Region}:580247275435:layer:LambdaInsightsExtension:53
      Events:
        Api:
          Type: Api
          Properties:
            Path: /{proxy+}
            Method: any
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints:
          - src/handlers/api.ts
`;

// ---------------------------------------------------------------------------------------------------------------
// Measuring
// ---------------------------------------------------------------------------------------------------------------


const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
};
const r2 = (x) => Math.round(x * 100) / 100;
const fmt = (x) => `${x.toFixed(2)} ms`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function loadPlugin(file) {
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(process.cwd(), file)} does not exist: build first (\`npm run build\`; \`npm run bench:editor\` does it for you)`);
  }
  const mod = await import(pathToFileURL(file).href);
  const plugin = mod.default ?? mod;
  if (!plugin?.configs?.recommended || !plugin.rules) throw new Error(`${file} does not export a plugin with rules and configs.recommended`);
  return plugin;
}

/** A path relative to `from` when it is inside it, else absolute. */
const shown = (file, from = process.cwd()) => {
  const rel = path.relative(from, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
};

const asArray = (config) => (Array.isArray(config) ? config : [config]);

/** The recommended config with its rules removed: same files, parser, languageOptions, settings and plugin. */
function withoutRules(configs) {
  return configs.map((c) => {
    const { rules: _rules, ...rest } = c;
    return { ...rest, name: `bench/${c.name ?? 'recommended'}-parse-only` };
  });
}

/** One lint: wall and CPU time, the messages. */
function timed(linter, text, config, filename) {
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const messages = linter.verify(text, config, { filename });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, messages };
}

/**
 * A one-character edit: the last digit of a number literal (or of a number in a string) changes. The result always
 * parses (no leading zeros are made) and never touches an identifier.
 */
function digitPositions(text) {
  const out = [];
  for (const m of text.matchAll(/(?<![\w$])\d+(?![\w$.])/g)) out.push(m.index + m[0].length - 1);
  return out;
}
function editOnce(text, positions, r) {
  const at = r.pick(positions);
  const d = Number(text[at]);
  const single = !/\d/.test(text[at - 1] ?? '');
  const next = single ? (d % 9) + 1 : (d + 1) % 10;
  return text.slice(0, at) + String(next) + text.slice(at + 1);
}

function summarizeMessages(messages) {
  const byRule = {};
  let fatal = 0;
  for (const m of messages) {
    if (m.fatal) fatal++;
    else if (m.ruleId) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
  }
  return { fatal, byRule, findings: Object.values(byRule).reduce((s, x) => s + x, 0), samples: messages.filter((m) => m.fatal).slice(0, 3).map((m) => `${m.line}:${m.column} ${m.message}`) };
}

/** Pairs of (parse, recommended) on each text, order alternating. */
function pairs(linter, configs, filename, texts, metric) {
  const parse = { wall: [], cpu: [] };
  const rec = { wall: [], cpu: [] };
  const added = { wall: [], cpu: [] };
  const ratio = { wall: [], cpu: [] };
  texts.forEach((text, i) => {
    const order = i % 2 === 0 ? ['parse', 'recommended'] : ['recommended', 'parse'];
    const run = {};
    for (const n of order) run[n] = timed(linter, text, configs[n], filename);
    for (const k of ['wall', 'cpu']) {
      parse[k].push(run.parse[k]);
      rec[k].push(run.recommended[k]);
      added[k].push(run.recommended[k] - run.parse[k]);
      ratio[k].push((run.recommended[k] - run.parse[k]) / run.parse[k]);
    }
  });
  const pick = (series) => ({
    medianMs: r2(median(series[metric])),
    wallMedianMs: r2(median(series.wall)),
    cpuMedianMs: r2(median(series.cpu)),
    p90Ms: r2(quantile(series[metric], 0.9)),
  });
  return {
    parse: pick(parse),
    recommended: pick(rec),
    added: { ...pick(added), p10Ms: r2(quantile(added[metric], 0.1)) },
    // (recommended − parse) / parse per pair: less disturbed by a machine that speeds up and slows down between pairs.
    addedShareOfParse: Math.round(median(ratio[metric]) * 10000) / 10000,
    runs: texts.length,
  };
}

/**
 * Where a V8 CPU profile spends its time in the plugin's own files (dist/core, dist/rules, reported as the .ts
 * sources): self time per function and per file, inclusive time per function (each function counted once per
 * sample), and for the generic AST walker (core/ast.ts `walk`), which plugin function called it.
 */
export function profileSummary(profile, pluginDir) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const base = pathToFileURL(pluginDir).href + '/';
  const keyOf = (node) => {
    const url = node.callFrame.url ?? '';
    if (!url.startsWith(base)) return null;
    const file = url.slice(base.length).replace(/\.js$/, '.ts');
    if (!/^(core|rules)\//.test(file)) return null;
    return `${file} ${node.callFrame.functionName || '(anonymous)'}:${node.callFrame.lineNumber + 1}`;
  };
  const self = new Map();
  const inclusive = new Map();
  const walkCallers = new Map();
  let all = 0;
  let plugin = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    all += dt;
    const leaf = nodes.get(profile.samples[i]);
    if (!leaf) continue;
    const leafKey = keyOf(leaf);
    if (leafKey) self.set(leafKey, (self.get(leafKey) ?? 0) + dt);
    const seen = new Set();
    let walkCaller = null;
    let inWalk = false;
    for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
      const key = keyOf(nodes.get(id));
      if (!key) continue;
      if (!seen.has(key)) {
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
      }
      const isWalk = key.startsWith('core/ast.ts walk:');
      if (isWalk) inWalk = true;
      else if (inWalk && walkCaller === null) walkCaller = key;
    }
    if (seen.size > 0) plugin += dt;
    if (walkCaller) walkCallers.set(walkCaller, (walkCallers.get(walkCaller) ?? 0) + dt);
  }
  const byFile = new Map();
  for (const [key, ms] of self) {
    const file = key.split(' ')[0];
    byFile.set(file, (byFile.get(file) ?? 0) + ms);
  }
  const sorted = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { totalMs: all, pluginMs: plugin, self: sorted(self, 15), inclusive: sorted(inclusive, 20), walkCallers: sorted(walkCallers, 10), byFile: sorted(byFile, 10) };
}

async function cpuProfile(run) {
  const session = new inspector.Session();
  session.connect();
  const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 100 });
  await post('Profiler.start');
  run();
  const { profile } = await post('Profiler.stop');
  session.disconnect();
  return profile;
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

/** One lint of `file` with `config` in a fresh process: the CPU and wall time of that lint alone (after module loading). */
function firstLint(plugin, workspace, file, config) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--first-lint', JSON.stringify({ plugin, workspace, file, config })], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1))) : reject(new Error(err))));
  });
}

async function firstLintChild(args) {
  const { plugin: pluginFile, workspace, file, config } = JSON.parse(args);
  const plugin = await loadPlugin(pluginFile);
  const rec = asArray(plugin.configs.recommended);
  const configs = { parse: withoutRules(rec), recommended: rec };
  const text = fs.readFileSync(file, 'utf8');
  const linter = new Linter({ configType: 'flat', cwd: workspace });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  linter.verify(text, configs[config], { filename: file });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  console.log(JSON.stringify({ cpu: (cpu.user + cpu.system) / 1000, wall }));
}

async function main() {
  const firstArg = process.argv.indexOf('--first-lint');
  if (firstArg > 0) return firstLintChild(process.argv[firstArg + 1]);
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const plugin = await loadPlugin(opts.plugin);
  const pluginDir = path.dirname(opts.plugin);

  const generated = generateHandlerModule({ seed: opts.seed, lines: opts.lines });
  const moduleText = generated.text + SIBLING_USE;
  const module = { ...generated, text: moduleText, lines: moduleText.split('\n').length - 1 };
  if (opts.out) {
    fs.mkdirSync(path.dirname(opts.out), { recursive: true });
    fs.writeFileSync(opts.out, module.text);
  }
  // A throw-away project: the module and its SAM template, so the deployment lookup runs as it does for users.
  const workspace = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-editor-bench-')));
  const filename = path.join(workspace, 'src', 'handlers', 'api.ts');
  fs.mkdirSync(path.dirname(filename), { recursive: true });
  fs.writeFileSync(filename, module.text);
  fs.writeFileSync(path.join(workspace, 'template.yaml'), SAM_TEMPLATE);
  const dbFilename = path.join(workspace, 'src', 'lib', 'db.ts');
  fs.mkdirSync(path.dirname(dbFilename), { recursive: true });
  fs.writeFileSync(dbFilename, DB_MODULE);
  fs.writeFileSync(path.join(workspace, 'package.json'), '{ "name": "commerce-api", "private": true, "type": "module" }\n');

  try {
    const rec = asArray(plugin.configs.recommended);
    const configs = { parse: withoutRules(rec), recommended: rec };
    const linter = new Linter({ configType: 'flat', cwd: workspace });
    const enabled = Object.keys(Object.assign({}, ...rec.map((c) => c.rules ?? {})));

    console.log(`eslint ${Linter.version}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'})`);
    console.log(`plugin ${plugin.meta?.name ?? '?'}@${plugin.meta?.version ?? '?'}: ${enabled.length} rule(s) in recommended`);
    console.log(
      `module: ${module.lines} lines, ${(Buffer.byteLength(module.text) / 1024).toFixed(0)} KiB, ${module.routes} routes over ${module.entities} entities (seed ${opts.seed}, generator v${GENERATOR_VERSION})`,
    );

    // Sanity: both configs parse it, and recommended finds what the module holds.
    const check = {
      parse: summarizeMessages(timed(linter, module.text, configs.parse, filename).messages),
      recommended: summarizeMessages(timed(linter, module.text, configs.recommended, filename).messages),
    };
    for (const n of ['parse', 'recommended']) {
      if (check[n].fatal > 0) throw new Error(`the generated module does not parse with ${n}:\n  ${check[n].samples.join('\n  ')}`);
    }
    if (check.parse.findings !== 0) throw new Error(`the parse-only config reported findings: ${JSON.stringify(check.parse.byRule)}`);
    console.log(`findings with recommended: ${check.recommended.findings} (${Object.entries(check.recommended.byRule).map(([k, v]) => `${k.replace(`${NAMESPACE}/`, '')} ${v}`).join(', ') || 'none'})`);

    // Warm-up: JIT, module loading, the deployment-config cache.
    for (let i = 0; i < opts.warmup; i++) {
      timed(linter, module.text, configs.parse, filename);
      timed(linter, module.text, configs.recommended, filename);
    }

    // Same text every run.
    const same = pairs(linter, configs, filename, Array.from({ length: opts.runs }, () => module.text), opts.metric);
    // After a one-character edit: a new text for every pair.
    const r = new Rng(opts.seed, 'edits');
    const positions = digitPositions(module.text);
    const texts = [];
    let text = module.text;
    for (let i = 0; i < opts.runs; i++) texts.push((text = editOnce(text, positions, r)));
    const edited = summarizeMessages(linter.verify(texts[texts.length - 1], configs.recommended, { filename }));
    if (edited.fatal > 0) throw new Error(`an edited text does not parse:\n  ${edited.samples.join('\n  ')}`);
    const edit = pairs(linter, configs, filename, texts, opts.metric);

    // Rule times: ESLint's stats (TIMING), alternately on the same text and on edited texts (each new).
    const ruleRuns = {};
    const parseRuns = [];
    const statsTotals = [];
    const ours = { same: [], edit: [] };
    let statsText = module.text;
    for (let i = 0; i < opts.statsRuns; i++) {
      const kind = i % 2 === 0 ? 'same' : 'edit';
      if (kind === 'edit') statsText = editOnce(statsText, positions, r);
      // verifyAndFix: Linter records stats only there (as the ESLint class and TIMING use it); fix: false lints once.
      gc();
      linter.verifyAndFix(kind === 'same' ? module.text : statsText, configs.recommended, { filename, stats: true, fix: false });
      const pass = linter.getTimes().passes[0] ?? {};
      parseRuns.push(pass.parse?.total ?? 0);
      statsTotals.push(pass.total ?? 0);
      let total = 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) {
        (ruleRuns[id] ??= []).push(t?.total ?? 0);
        if (id.startsWith(`${NAMESPACE}/`)) total += t?.total ?? 0;
      }
      ours[kind].push(total);
    }
    const ruleTimes = Object.entries(ruleRuns)
      .filter(([id]) => id.startsWith(`${NAMESPACE}/`))
      .map(([id, ts]) => [id, median(ts)])
      .sort((a, b) => b[1] - a[1]);
    // what our rules take per lint: the median over runs of the sum of their times in that run
    const rules = {
      same: { medianMs: r2(median(ours.same)), p90Ms: r2(quantile(ours.same, 0.9)), runs: ours.same.length },
      edit: { medianMs: r2(median(ours.edit)), p90Ms: r2(quantile(ours.edit, 0.9)), runs: ours.edit.length },
    };
    const rulesTotal = median([...ours.same, ...ours.edit]);

    // The sibling module, as an editor lints it when it is opened: our rules there look for the handlers that load it
    // (the project's importers, once per process) and close nothing, so its pool is reported.
    const owner = [];
    let ownerFindings = null;
    for (let i = 0; i < opts.statsRuns; i++) {
      gc();
      const messages = linter.verifyAndFix(DB_MODULE, configs.recommended, { filename: dbFilename, stats: true, fix: false }).messages;
      ownerFindings ??= summarizeMessages(messages).byRule;
      const pass = linter.getTimes().passes[0] ?? {};
      owner.push(Object.entries(pass.rules ?? {}).reduce((sum, [id, t]) => sum + (id.startsWith(`${NAMESPACE}/`) ? (t?.total ?? 0) : 0), 0));
    }
    const ownerRules = { medianMs: r2(median(owner)), p90Ms: r2(quantile(owner, 0.9)), runs: owner.length, findings: ownerFindings };

    // The first lint of a file in a fresh process (an editor opening the project, a one-file `eslint` run): each in a
    // process of its own, parse-only and recommended side by side, the CPU and wall time of that one lint.
    const first = {};
    for (const [label, file] of [['handler', filename], ['sibling', dbFilename]]) {
      const runs = { parse: [], recommended: [] };
      for (let i = 0; i < opts.firstRuns; i++) {
        const got = await Promise.all(['parse', 'recommended'].map((config) => firstLint(opts.plugin, workspace, file, config)));
        runs.parse.push(got[0]);
        runs.recommended.push(got[1]);
      }
      const m = (xs, k) => r2(median(xs.map((x) => x[k])));
      first[label] = {
        parseCpuMs: m(runs.parse, 'cpu'),
        recommendedCpuMs: m(runs.recommended, 'cpu'),
        addedCpuMs: r2(median(runs.recommended.map((x, i) => x.cpu - runs.parse[i].cpu))),
        parseWallMs: m(runs.parse, 'wall'),
        recommendedWallMs: m(runs.recommended, 'wall'),
        runs: opts.firstRuns,
      };
    }

    // Report
    const pass = rules.same.medianMs <= opts.target && rules.edit.medianMs <= opts.target;
    console.log('');
    console.log(`whole lints of the ${module.lines}-line module (${opts.runs} pairs each, after ${opts.warmup} warm-up pairs; median, ${opts.metric} time; wall in brackets)`);
    console.log(`${pad('', 14)}${lpad('parse only', 20)}${lpad('recommended', 20)}${lpad('added', 20)}${lpad('added p10–p90', 18)}`);
    for (const [label, s] of [['same text', same], ['after edit', edit]]) {
      console.log(
        `${pad(label, 14)}${lpad(`${fmt(s.parse.medianMs)} (${s.parse.wallMedianMs.toFixed(1)})`, 20)}${lpad(`${fmt(s.recommended.medianMs)} (${s.recommended.wallMedianMs.toFixed(1)})`, 20)}${lpad(`${fmt(s.added.medianMs)} (${s.added.wallMedianMs.toFixed(1)})`, 20)}${lpad(`${s.added.p10Ms.toFixed(1)}–${s.added.p90Ms.toFixed(1)}`, 18)}`,
      );
    }
    console.log(
      `  (whole-lint differences: ${(same.addedShareOfParse * 100).toFixed(1)}% / ${(edit.addedShareOfParse * 100).toFixed(1)}% of the parse-only time; ` +
        'a single lint varies by more than the target, see p10–p90, so the verdict is ESLint\'s timing of the rules below)',
    );
    console.log('');
    console.log(`rule times (ESLint stats, median of ${opts.statsRuns} runs, same and edited texts; ESLint's parse ${fmt(median(parseRuns))}, whole lint ${fmt(median(statsTotals))}):`);
    for (const [id, t] of ruleTimes) console.log(`  ${pad(id, 58)}${lpad(fmt(t), 11)}${lpad(`${((t / (rulesTotal || 1)) * 100).toFixed(1)}%`, 8)}${lpad(check.recommended.byRule[id] ?? 0, 5)} finding(s)`);
    console.log(`  ${pad('all our rules, per lint (median)', 58)}${lpad(fmt(rulesTotal), 11)}`);
    console.log("  (the rules share one lazily computed analysis: the first rule to ask for a part of it is charged for it)");
    console.log(`  the sibling module it imports its pool from (src/lib/db.ts), linted as opened: our rules ${fmt(ownerRules.medianMs)} per lint (p90 ${fmt(ownerRules.p90Ms)}), findings ${JSON.stringify(ownerRules.findings)}`);
    console.log('');
    console.log(`first lint of a file in a fresh process (median of ${opts.firstRuns}, parse-only and recommended side by side, CPU; wall in brackets):`);
    for (const [label, f] of Object.entries(first)) {
      console.log(`  ${pad(label, 10)} parse only ${fmt(f.parseCpuMs)} (${f.parseWallMs.toFixed(0)}), recommended ${fmt(f.recommendedCpuMs)} (${f.recommendedWallMs.toFixed(0)}): +${fmt(f.addedCpuMs)}`);
    }
    console.log(
      `${pass ? 'PASS' : 'FAIL'}: our rules add ${fmt(rules.same.medianMs)} (same text, p90 ${fmt(rules.same.p90Ms)}) and ${fmt(rules.edit.medianMs)} ` +
        `(after an edit, p90 ${fmt(rules.edit.p90Ms)}) per lint, ${((rulesTotal / median(parseRuns)) * 100).toFixed(2)}% of ESLint's parse; target ≤ ${opts.target} ms`,
    );

    let profile = null;
    if (opts.profile) {
      const prof = await cpuProfile(() => {
        for (let i = 0; i < opts.profileRuns; i++) linter.verify(module.text, configs.recommended, { filename });
      });
      fs.mkdirSync(path.dirname(opts.profile), { recursive: true });
      fs.writeFileSync(opts.profile, JSON.stringify(prof));
      const s = profileSummary(prof, pluginDir);
      const per = (ms) => ms / opts.profileRuns;
      const table = (rows, width = 70) => rows.forEach(([k, ms]) => console.log(`    ${pad(k, width)}${lpad(fmt(per(ms)), 11)}`));
      console.log('');
      console.log(`CPU profile of ${opts.profileRuns} lints with recommended -> ${shown(opts.profile)}`);
      console.log(`  in the plugin's code (dist/core, dist/rules, shown as sources): ${fmt(per(s.pluginMs))} per lint of ${fmt(per(s.totalMs))}`);
      console.log('  self time by file:');
      table(s.byFile, 40);
      console.log('  self time by function:');
      table(s.self);
      console.log('  inclusive time by function:');
      table(s.inclusive);
      console.log('  core/ast.ts walk, by caller:');
      table(s.walkCallers);
      const obj = (rows) => Object.fromEntries(rows.map(([k, ms]) => [k, r2(per(ms))]));
      profile = {
        file: shown(opts.profile, REPO_ROOT),
        runs: opts.profileRuns,
        pluginMsPerLint: r2(per(s.pluginMs)),
        lintMsPerLint: r2(per(s.totalMs)),
        selfByFile: obj(s.byFile),
        selfByFunction: obj(s.self),
        inclusiveByFunction: obj(s.inclusive),
        walkByCaller: obj(s.walkCallers),
      };
    }

    const result = {
      bench: 'editor',
      date: new Date().toISOString(),
      node: process.version,
      eslint: Linter.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? null,
      plugin: { name: plugin.meta?.name ?? null, version: plugin.meta?.version ?? null, rulesInRecommended: enabled.length },
      module: { lines: module.lines, bytes: Buffer.byteLength(module.text), routes: module.routes, seed: opts.seed, generatorVersion: GENERATOR_VERSION },
      findings: check.recommended.byRule,
      runs: opts.runs,
      warmup: opts.warmup,
      metric: opts.metric,
      targetMs: opts.target,
      // the verdict: ESLint's timing of our rules, per lint (rules.sameText / rules.afterEdit median within target)
      verdictBy: 'eslint-stats',
      pass,
      rules: { sameText: rules.same, afterEdit: rules.edit, statsRuns: opts.statsRuns },
      siblingModule: ownerRules,
      firstLint: first,
      sameText: same,
      afterEdit: edit,
      ruleTimesMs: Object.fromEntries(ruleTimes.map(([id, t]) => [id, r2(t)])),
      rulesTotalMs: r2(rulesTotal),
      // The rules' stats time as a share of ESLint's parse time in the same runs: with sameText.addedShareOfParse, the
      // number to carry to a faster or slower machine.
      rulesShareOfParse: Math.round((rulesTotal / median(parseRuns)) * 10000) / 10000,
      statsParseMs: r2(median(parseRuns)),
      statsLintMs: r2(median(statsTotals)),
      profile,
      durationS: Math.round((Date.now() - started) / 100) / 10,
    };
    if (opts.write) {
      writeResult('editor.json', result);
    }
    console.log(JSON.stringify(result));
    if (opts.check && !pass) process.exitCode = 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  });
}
