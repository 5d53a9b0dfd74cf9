#!/usr/bin/env node
/**
 * Cost of `configs['recommended-type-checked']` over typescript-eslint's own `recommended-type-checked`
 * (run as `npm run bench:typed`: build, then this script).
 *
 * 1. The corpus of bench/corpus.mjs (2,000 generated Lambda-style files + examples/src; `--count N` for a smaller one,
 *    generated into the system temp directory so that bench/.corpus, which bench:lint uses, is left alone).
 * 2. Type information for it, written by this script next to the corpus files (ESLint ignores both):
 *      tsconfig.json   every corpus file (`allowJs`, so that typescript-eslint's type-aware rules also get the JS
 *                      files, as a mixed project that lints everything with types has them)
 *      node_modules/   small declaration-only packages for the libraries the corpus imports (pg, mysql2, ioredis,
 *                      redis, mongodb, mongoose, knex, undici, Prisma, the AWS SDK clients, …), so that resource
 *                      types resolve as they do in a project with its dependencies installed, and the type-aware
 *                      recognition has real answers to compute rather than `any` to skip. Real packages' types
 *                      are larger, which makes the program (and typescript-eslint's share) bigger, not ours.
 * 3. Rounds of paired runs, each run a fresh `node bench/typed.mjs --worker …` process (so that the TypeScript program,
 *    typescript-eslint's caches and ours start cold, as in a user's `eslint .`), of three configs:
 *      tseslint   ...tseslint.configs.recommendedTypeChecked + parserOptions { projectService, tsconfigRootDir }
 *      ours       tseslint + lambdaShutdown.configs['recommended-type-checked'] (TS files, typedResources on)
 *      untyped    tseslint + the same config with `typedResources: false` (the rules with type information present
 *                 but unused), to tell recognition by type from the rules' syntactic analysis
 *    Each round runs the pair ours/tseslint and then the pair ours/untyped; the two runs of a pair execute
 *    concurrently, one per core (`--serial`: one after the other), because on a shared 2-core machine background
 *    load moves a run's CPU time by ±10%, more than the effect, and only runs side by side see the same load. Which
 *    one is spawned first alternates by round. Each worker times one `lintFiles` call: CPU time (user + system of the
 *    worker) and wall time. The verdict is the median over rounds of the paired ratio (ours − tseslint) / tseslint, in
 *    CPU time (`--metric wall` to change).
 * 4. One more run of `ours`, and of `untyped`, with ESLint's `stats` gives per-rule times (what `TIMING=all` prints):
 *    a steadier split of what our rules and recognition by type take than the difference of two runs.
 *
 * Options: --rounds N (3; 0: the stats runs only)  --count N (generated files, 2000)  --seed S  --corpus DIR  --plugin FILE (dist/index.js)
 *          --target PCT (10)  --metric cpu|wall (cpu)  --ts-only (lint only the TS files)  --no-untyped  --no-stats
 *          --serial  --no-write  --check (exit 1 over the target)
 * Output: a table, bench/results/typed.json (not with --no-write, nor for a corpus other than the default one), and
 * the result as one JSON line at the end.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { DEFAULT_COUNT, DEFAULT_OUT_DIR, DEFAULT_SEED, ensureCorpus } from './corpus.mjs';
import { writeResult } from './common.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const SELF = fileURLToPath(import.meta.url);
const NAMESPACE = 'lambda-shutdown';
const TS_GLOBS = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

// ---------------------------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const o = {
    worker: null,
    rounds: 3,
    count: DEFAULT_COUNT,
    seed: DEFAULT_SEED,
    corpus: null,
    plugin: path.join(REPO_ROOT, 'dist', 'index.js'),
    target: 10,
    metric: 'cpu',
    tsOnly: false,
    untyped: true,
    stats: true,
    write: true,
    check: false,
    withStats: false,
    serial: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number.parseInt(val(), 10);
      if (!Number.isFinite(v) || v < 1) throw new Error(`${a} needs a positive integer`);
      return v;
    };
    if (a === '--worker') o.worker = val();
    else if (a === '--rounds') {
      o.rounds = Number.parseInt(val(), 10);
      if (!Number.isInteger(o.rounds) || o.rounds < 0) throw new Error('--rounds needs a whole number (0: the stats runs only)');
    }
    else if (a === '--count') o.count = int();
    else if (a === '--seed') o.seed = Number.parseInt(val(), 10);
    else if (a === '--corpus') o.corpus = path.resolve(val());
    else if (a === '--plugin') o.plugin = path.resolve(val());
    else if (a === '--target') o.target = Number(val());
    else if (a === '--metric') {
      o.metric = val();
      if (o.metric !== 'cpu' && o.metric !== 'wall') throw new Error('--metric is cpu or wall');
    } else if (a === '--ts-only') o.tsOnly = true;
    else if (a === '--no-untyped') o.untyped = false;
    else if (a === '--no-stats') o.stats = false;
    else if (a === '--with-stats') o.withStats = true; // worker: ESLint stats on
    else if (a === '--serial') o.serial = true;
    else if (a === '--no-write') o.write = false;
    else if (a === '--check') o.check = true;
    else if (a === '--help' || a === '-h') {
      console.log(
        'usage: node bench/typed.mjs [--rounds N] [--count N] [--seed S] [--corpus DIR] [--plugin FILE] [--target PCT] [--metric cpu|wall] [--ts-only] [--no-untyped] [--no-stats] [--serial] [--no-write] [--check]',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  // The default corpus is bench:lint's; another count gets a directory of its own, so that neither regenerates the other's.
  o.corpus ??= o.count === DEFAULT_COUNT && o.seed === DEFAULT_SEED ? DEFAULT_OUT_DIR : path.join(os.tmpdir(), 'lambda-shutdown-bench', `corpus-${o.count}-${o.seed}`);
  return o;
}

// ---------------------------------------------------------------------------------------------------------------
// Type information for the corpus
// ---------------------------------------------------------------------------------------------------------------

/** Declaration-only packages: the part of each library's types the corpus uses, shaped like the real ones. */
const STUB_PACKAGES = {
  pg: `import type { Socket } from 'node:net';
import { EventEmitter } from 'node:events';
export interface PoolConfig { connectionString?: string; max?: number; idleTimeoutMillis?: number; [key: string]: unknown }
export interface QueryResult<R = any> { rows: R[]; rowCount: number | null }
export declare class Connection extends EventEmitter { readonly stream: Socket }
export declare class ClientBase extends EventEmitter {
  connect(): Promise<void>;
  query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}
export declare class Client extends ClientBase { constructor(config?: PoolConfig | string); readonly connection: Connection; end(): Promise<void> }
export interface PoolClient extends ClientBase { release(err?: Error | boolean): void }
export declare class Pool extends EventEmitter {
  constructor(config?: PoolConfig);
  readonly totalCount: number;
  connect(): Promise<PoolClient>;
  query<R = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
  end(): Promise<void>;
}
declare const pg: { Pool: typeof Pool; Client: typeof Client };
export default pg;
`,
  'mysql2/promise': `import { EventEmitter } from 'node:events';
export interface PoolOptions { uri?: string; host?: string; connectionLimit?: number; [key: string]: unknown }
export interface Connection extends EventEmitter {
  query<T = any>(sql: string, values?: unknown): Promise<[T, unknown]>;
  execute<T = any>(sql: string, values?: unknown): Promise<[T, unknown]>;
  end(): Promise<void>;
  destroy(): void;
  [Symbol.asyncDispose](): Promise<void>;
}
export interface PoolConnection extends Connection { release(): void }
export interface Pool extends EventEmitter {
  query<T = any>(sql: string, values?: unknown): Promise<[T, unknown]>;
  execute<T = any>(sql: string, values?: unknown): Promise<[T, unknown]>;
  getConnection(): Promise<PoolConnection>;
  end(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
export declare function createPool(config: PoolOptions | string): Pool;
export declare function createConnection(config: PoolOptions | string): Promise<Connection>;
declare const mysql: { createPool: typeof createPool; createConnection: typeof createConnection };
export default mysql;
`,
  mysql2: `export * from './promise.js';
`,
  ioredis: `import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
export interface RedisOptions { host?: string; port?: number; lazyConnect?: boolean; [key: string]: unknown }
export declare class Redis extends EventEmitter {
  constructor(url?: string | RedisOptions, options?: RedisOptions);
  readonly stream: Socket;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ...args: unknown[]): Promise<'OK'>;
  del(...keys: string[]): Promise<number>;
  quit(): Promise<'OK'>;
  disconnect(): void;
  [command: string]: any;
}
export declare class Cluster extends Redis {}
export default Redis;
`,
  redis: `export interface RedisClientType {
  connect(): Promise<RedisClientType>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options?: unknown): Promise<string | null>;
  hGetAll(key: string): Promise<Record<string, string>>;
  quit(): Promise<string>;
  disconnect(): Promise<void>;
  [command: string]: any;
}
export declare function createClient(options?: { url?: string; [key: string]: unknown }): RedisClientType;
declare const redis: { createClient: typeof createClient };
export default redis;
`,
  mongodb: `export interface Document { [key: string]: any }
export declare class FindCursor<T = Document> { toArray(): Promise<T[]>; limit(n: number): this; close(): Promise<void> }
export declare class Collection<T = Document> {
  findOne(filter?: Document): Promise<T | null>;
  find(filter?: Document): FindCursor<T>;
  insertOne(doc: Document): Promise<{ insertedId: unknown }>;
  updateOne(filter: Document, update: Document): Promise<unknown>;
  deleteOne(filter: Document): Promise<unknown>;
}
export declare class Db { collection<T = Document>(name: string): Collection<T> }
export declare class MongoClient {
  constructor(url: string, options?: Document);
  static connect(url: string, options?: Document): Promise<MongoClient>;
  connect(): Promise<this>;
  db(name?: string): Db;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
`,
  mongoose: `export declare class Connection { readonly readyState: number; close(): Promise<void>; asPromise(): Promise<this> }
export declare class Schema { constructor(definition?: unknown, options?: unknown) }
export interface Mongoose {
  connect(uri: string, options?: unknown): Promise<Mongoose>;
  disconnect(): Promise<void>;
  createConnection(uri: string, options?: unknown): Connection;
  model(name: string, schema?: Schema): any;
  connection: Connection;
  Schema: typeof Schema;
}
declare const mongoose: Mongoose;
export default mongoose;
`,
  knex: `export interface Knex {
  (table: string): any;
  raw(sql: string, bindings?: unknown[]): Promise<any>;
  destroy(): Promise<void>;
}
export declare function knex(config: { client: string; connection?: unknown; pool?: unknown }): Knex;
export default knex;
`,
  undici: `export declare class Dispatcher { close(): Promise<void>; destroy(): Promise<void> }
export declare class Client extends Dispatcher { constructor(url: string, options?: unknown); request(options: unknown): Promise<{ statusCode: number; body: any }> }
export declare class Pool extends Client {}
export declare class BalancedPool extends Pool {}
export declare class Agent extends Dispatcher { constructor(options?: unknown) }
export declare class ProxyAgent extends Agent {}
export declare class RetryAgent extends Agent {}
export declare function request(url: string, options?: unknown): Promise<{ statusCode: number; body: any }>;
export declare function fetch(url: string, init?: unknown): Promise<any>;
`,
  '@prisma/client': `export declare class PrismaClient {
  constructor(options?: unknown);
  $connect(): Promise<void>;
  $disconnect(): Promise<void>;
  $extends(extension: unknown): this;
  [model: string]: any;
}
`,
  ...Object.fromEntries(
    ['client-dynamodb:DynamoDBClient', 'client-s3:S3Client', 'client-sqs:SQSClient', 'client-secrets-manager:SecretsManagerClient', 'client-lambda:LambdaClient', 'client-sns:SNSClient'].map((entry) => {
      const [pkg, client] = entry.split(':');
      return [
        `@aws-sdk/${pkg}`,
        `import type { Agent } from 'node:https';
export declare class ${client} {
  constructor(config?: { region?: string; [key: string]: unknown });
  readonly config: { requestHandler?: { httpsAgent?: Agent } };
  send<T = any>(command: unknown): Promise<T>;
  destroy(): void;
}
export declare class Command { constructor(input?: unknown) }
export declare const ${['GetItemCommand', 'PutItemCommand', 'QueryCommand', 'GetObjectCommand', 'PutObjectCommand', 'SendMessageCommand', 'GetSecretValueCommand', 'InvokeCommand', 'PublishCommand'].map((c) => `${c}: typeof Command`).join(', ')};
export declare class Lambda extends ${client} {}
`,
      ];
    }),
  ),
  '@aws-sdk/lib-dynamodb': `import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
export declare class DynamoDBDocumentClient {
  static from(client: DynamoDBClient, config?: unknown): DynamoDBDocumentClient;
  send<T = any>(command: unknown): Promise<T>;
  destroy(): void;
}
export declare class Command { constructor(input?: unknown) }
export declare const GetCommand: typeof Command, PutCommand: typeof Command, QueryCommand: typeof Command, UpdateCommand: typeof Command, DeleteCommand: typeof Command, ScanCommand: typeof Command;
`,
};

/** Modules the corpus imports whose types do not matter here: declared as `any` so that they resolve. */
const ANY_MODULES = ['aws-lambda', '@middy/*', '@aws-lambda-powertools/*'];

/** Writes tsconfig.json and the declaration packages into the corpus directory (cheap; done on every run). */
function writeTypeInfo(corpus) {
  const nm = path.join(corpus, 'node_modules');
  for (const [spec, text] of Object.entries(STUB_PACKAGES)) {
    const [pkg, sub] = spec.startsWith('@') ? [spec.split('/').slice(0, 2).join('/'), spec.split('/').slice(2).join('/')] : [spec.split('/')[0], spec.split('/').slice(1).join('/')];
    const dir = path.join(nm, pkg);
    fs.mkdirSync(dir, { recursive: true });
    const file = sub ? `${sub}.d.ts` : 'index.d.ts';
    fs.writeFileSync(path.join(dir, file), `// Generated by bench/typed.mjs: the part of ${spec}'s types the bench corpus uses.\n${text}`);
    if (!sub) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: pkg, version: '0.0.0-bench', types: 'index.d.ts' }) + '\n');
  }
  // mysql2's promise API lives at mysql2/promise; its root package re-exports it
  fs.writeFileSync(path.join(nm, 'mysql2', 'package.json'), JSON.stringify({ name: 'mysql2', version: '0.0.0-bench', types: 'index.d.ts' }) + '\n');
  const anyDir = path.join(nm, '@types', 'lambda-shutdown-bench-any');
  fs.mkdirSync(anyDir, { recursive: true });
  fs.writeFileSync(path.join(anyDir, 'index.d.ts'), `// Generated by bench/typed.mjs\n${ANY_MODULES.map((m) => `declare module '${m}';`).join('\n')}\n`);
  fs.writeFileSync(path.join(anyDir, 'package.json'), JSON.stringify({ name: '@types/lambda-shutdown-bench-any', version: '0.0.0', types: 'index.d.ts' }) + '\n');
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'Preserve',
      moduleResolution: 'Bundler',
      lib: ['ES2023', 'ESNext.Disposable'],
      types: ['node', 'lambda-shutdown-bench-any'],
      typeRoots: [path.join(nm, '@types'), path.join(REPO_ROOT, 'node_modules', '@types')],
      allowJs: true,
      checkJs: false,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      experimentalDecorators: true,
    },
    include: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx'],
    exclude: ['node_modules'],
  };
  fs.writeFileSync(path.join(corpus, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2) + '\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Worker: one lint in a fresh process
// ---------------------------------------------------------------------------------------------------------------

async function worker(o) {
  const t0 = performance.now();
  const { ESLint } = await import('eslint');
  const { default: tseslint } = await import('typescript-eslint');
  const plugin = (await import(pathToFileURL(o.plugin).href)).default;
  const typed = plugin.configs['recommended-type-checked'];
  const base = [...tseslint.configs.recommendedTypeChecked, { name: 'bench/project', languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: o.corpus } } }];
  const configs = {
    tseslint: base,
    ours: [...base, typed],
    untyped: [...base, { ...typed, name: `${typed.name} (bench: typedResources off)`, settings: { [NAMESPACE]: { typedResources: false } } }],
  };
  const config = configs[o.worker];
  if (!config) throw new Error(`--worker is ${Object.keys(configs).join(', ')}`);
  const eslint = new ESLint({ cwd: o.corpus, overrideConfigFile: true, overrideConfig: config, cache: false, stats: o.withStats });
  const startupMs = performance.now() - t0;
  const cpu0 = process.cpuUsage();
  const w0 = performance.now();
  const results = await eslint.lintFiles(o.tsOnly ? TS_GLOBS : ['.']);
  const wallMs = performance.now() - w0;
  const cpu = process.cpuUsage(cpu0);
  let fatal = 0;
  const fatalSamples = [];
  const byRule = {};
  const rules = {};
  let parseMs = 0;
  let tsFiles = 0;
  for (const r of results) {
    if (/\.[cm]?tsx?$/.test(r.filePath)) tsFiles++;
    for (const m of r.messages) {
      if (m.fatal) {
        fatal++;
        if (fatalSamples.length < 3) fatalSamples.push(`${r.filePath}:${m.line ?? 0} ${m.message}`);
      } else if (m.ruleId) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
    }
    for (const pass of r.stats?.times?.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + (t?.total ?? 0);
    }
  }
  const out = {
    config: o.worker,
    files: results.length,
    tsFiles,
    fatal,
    fatalSamples,
    byRule,
    startupMs: Math.round(startupMs),
    wallMs: Math.round(wallMs),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(o.withStats ? { statsRuleMs: rules, statsParseMs: Math.round(parseMs) } : {}),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runWorker(o, config, withStats = false) {
  const args = [SELF, '--worker', config, '--corpus', o.corpus, '--plugin', o.plugin, ...(o.tsOnly ? ['--ts-only'] : []), ...(withStats ? ['--with-stats'] : [])];
  return new Promise((resolve, reject) => {
    // A 2,000-file program with allowJs and typescript-eslint's caches needs more than V8's default heap.
    const child = spawn(process.execPath, ['--max-old-space-size=6144', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`worker ${config} exited with ${code}:\n${stderr}`));
      const line = stdout.trim().split('\n').at(-1);
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`worker ${config} printed no result:\n${stdout}\n${stderr}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const sec = (x) => `${(x / 1000).toFixed(1)} s`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const r4 = (x) => Math.round(x * 10000) / 10000;

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.worker) return worker(o);
  if (!fs.existsSync(o.plugin)) throw new Error(`${path.relative(process.cwd(), o.plugin)} does not exist: build first (\`npm run bench:typed\` does it for you)`);
  const started = Date.now();
  const corpus = ensureCorpus({ outDir: o.corpus, count: o.count, seed: o.seed });
  writeTypeInfo(o.corpus);
  const { ESLint } = await import('eslint');
  const { default: tseslintPkg } = await import('typescript-eslint/package.json', { with: { type: 'json' } });
  const names = ['tseslint', 'ours', ...(o.untyped ? ['untyped'] : [])];
  console.log(`eslint ${ESLint.version}, typescript-eslint ${tseslintPkg.version}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'})`);
  console.log(`corpus ${o.corpus}: ${corpus.count} generated + ${corpus.examples.files} example files${corpus.reused ? ' (reused)' : ''}; ${o.tsOnly ? 'TS files only' : 'every file'}, type-checked`);
  console.log(`${o.rounds} round(s) of ${o.untyped ? 'two pairs, ours vs tseslint and ours vs untyped' : 'ours vs tseslint'}, ${o.serial ? 'one run after the other' : 'each pair concurrently'}, each run a fresh process`);

  // The compared pairs. Each pair runs concurrently, one process per core (`--serial`: one after the other), so that
  // both see the same background load: on a shared 2-core machine that load moves a run's CPU time by ±10%, more
  // than the effect measured, and two runs minutes apart do not see the same load. Which one is spawned first
  // alternates by round.
  const pairs = [['ours', 'tseslint'], ...(o.untyped ? [['ours', 'untyped']] : [])];
  const metric = o.metric === 'wall' ? 'wallMs' : 'cpuMs';
  const series = Object.fromEntries(names.map((n) => [n, []]));
  const pairRatios = Object.fromEntries(pairs.map(([a, b]) => [`${a}:${b}`, []]));
  for (let round = 0; round < o.rounds; round++) {
    const line = [];
    for (const pair of pairs) {
      const order = round % 2 === 0 ? pair : [...pair].reverse();
      const runs = {};
      if (o.serial) for (const n of order) runs[n] = await runWorker(o, n);
      else await Promise.all(order.map(async (n) => (runs[n] = await runWorker(o, n))));
      for (const n of pair) series[n].push(runs[n]);
      const [a, b] = pair;
      const ratio = (runs[a][metric] - runs[b][metric]) / runs[b][metric];
      pairRatios[`${a}:${b}`].push(ratio);
      line.push(`${a} ${sec(runs[a].cpuMs)} vs ${b} ${sec(runs[b].cpuMs)} cpu (${pct(ratio)})`);
    }
    console.log(`round ${round + 1}/${o.rounds}: ${line.join('; ')}`);
    if (round === 0) {
      for (const n of names) {
        const r = series[n][0];
        const ours = Object.entries(r.byRule).filter(([id]) => id.startsWith(`${NAMESPACE}/`)).reduce((sum, [, c]) => sum + c, 0);
        console.log(`  ${pad(n, 9)} ${r.files} files (${r.tsFiles} TS), ${r.fatal} parse errors, ${ours} lambda-shutdown findings, max RSS ${r.maxRssMb} MB`);
        if (r.fatal > 0) console.warn(`  WARNING: ${r.fatal} fatal message(s), e.g.\n    ${r.fatalSamples.join('\n    ')}`);
      }
    }
  }

  const timed = o.rounds > 0; // `--rounds 0`: the stats runs only
  const overhead = timed ? median(pairRatios['ours:tseslint']) : null;
  const recognition = timed && o.untyped ? median(pairRatios['ours:untyped']) : null;
  // What the rules cost without recognition by type, derived from the two paired ratios.
  const rulesOnly = overhead !== null && recognition !== null ? (1 + overhead) / (1 + recognition) - 1 : null;

  // ESLint's per-rule times (the data behind TIMING=all) in one more run of ours and of untyped: steadier than the
  // difference of two runs, and the only way to see recognition by type apart from the rules' syntactic analysis.
  // Our first query of a node's type also warms the checker's cache for typescript-eslint's rules that ask later,
  // so the fair measure of what we add is the change in all rules' time, not in ours alone.
  let stats = null;
  if (o.stats) {
    stats = {};
    for (const n of o.untyped ? ['ours', 'untyped'] : ['ours']) {
      const run = await runWorker(o, n, true);
      const entries = Object.entries(run.statsRuleMs);
      const ours = entries.filter(([id]) => id.startsWith(`${NAMESPACE}/`)).sort((a, b) => b[1] - a[1]);
      const theirs = entries.filter(([id]) => !id.startsWith(`${NAMESPACE}/`)).sort((a, b) => b[1] - a[1]);
      const oursTotal = ours.reduce((sum, [, t]) => sum + t, 0);
      stats[n] = {
        wallMs: run.wallMs,
        cpuMs: run.cpuMs,
        parseMs: run.statsParseMs,
        allRulesMs: Math.round(entries.reduce((sum, [, t]) => sum + t, 0)),
        oursMs: Math.round(oursTotal),
        oursShareOfRun: r4(oursTotal / run.wallMs),
        ruleMs: Object.fromEntries(ours.map(([id, t]) => [id, Math.round(t)])),
        slowestTseslintRules: Object.fromEntries(theirs.slice(0, 5).map(([id, t]) => [id, Math.round(t)])),
      };
    }
    if (stats.untyped) {
      stats.recognitionByType = {
        oursRulesMs: stats.ours.oursMs - stats.untyped.oursMs,
        allRulesMs: stats.ours.allRulesMs - stats.untyped.allRulesMs,
        shareOfRun: r4((stats.ours.allRulesMs - stats.untyped.allRulesMs) / stats.ours.wallMs),
      };
    }
  }

  // Report
  console.log('');
  const pass = overhead === null ? null : overhead <= o.target / 100;
  if (timed) {
    console.log(`${pad('config', 11)}${lpad('runs', 6)}${lpad('cpu median', 12)}${lpad('wall median', 13)}`);
    for (const n of names) {
      const cpu = median(series[n].map((r) => r.cpuMs));
      const wall = median(series[n].map((r) => r.wallMs));
      console.log(`${pad(n, 11)}${lpad(series[n].length, 6)}${lpad(sec(cpu), 12)}${lpad(sec(wall), 13)}`);
    }
    console.log(`overhead of configs['recommended-type-checked'] over typescript-eslint's recommended-type-checked: ${pct(overhead)} (${o.metric}, median of the paired runs' ratios ${pairRatios['ours:tseslint'].map(pct).join(', ')}; target ≤ ${o.target}%: ${pass ? 'PASS' : 'FAIL'})`);
    if (o.untyped) console.log(`  recognition by type (ours vs untyped, paired): ${pct(recognition)} (${pairRatios['ours:untyped'].map(pct).join(', ')}); the rules without it, derived: ${pct(rulesOnly)}`);
  }
  if (stats) {
    for (const [n, st] of Object.entries(stats)) {
      if (n === 'recognitionByType') continue;
      console.log(`rule times in one more run of ${n} (ESLint stats, ${sec(st.wallMs)}): lambda-shutdown ${st.oursMs} ms (${(st.oursShareOfRun * 100).toFixed(2)}% of the run), all rules ${st.allRulesMs} ms, parse + type info ${st.parseMs} ms`);
      for (const [id, t] of Object.entries(st.ruleMs)) console.log(`  ${pad(id, 50)}${lpad(`${t} ms`, 10)}`);
      console.log(`  slowest typescript-eslint rules: ${Object.entries(st.slowestTseslintRules).map(([id, t]) => `${id} ${t} ms`).join(', ')}`);
    }
    if (stats.recognitionByType) {
      const r = stats.recognitionByType;
      console.log(`recognition by type (ours − untyped, stats runs): lambda-shutdown rules ${r.oursRulesMs >= 0 ? '+' : ''}${r.oursRulesMs} ms, all rules ${r.allRulesMs >= 0 ? '+' : ''}${r.allRulesMs} ms (${pct(r.shareOfRun)} of the run)`);
    }
  }

  const summary = Object.fromEntries(
    (timed ? names : []).map((n) => [
      n,
      {
        cpuMedianMs: median(series[n].map((r) => r.cpuMs)),
        wallMedianMs: median(series[n].map((r) => r.wallMs)),
        cpuRunsMs: series[n].map((r) => r.cpuMs),
        wallRunsMs: series[n].map((r) => r.wallMs),
        startupMedianMs: median(series[n].map((r) => r.startupMs)),
        maxRssMb: Math.max(...series[n].map((r) => r.maxRssMb)),
        files: series[n][0].files,
        tsFiles: series[n][0].tsFiles,
        parseErrors: series[n][0].fatal,
        findingsByRule: series[n][0].byRule,
      },
    ]),
  );
  const result = {
    bench: 'typed',
    date: new Date().toISOString(),
    node: process.version,
    eslint: ESLint.version,
    typescriptEslint: tseslintPkg.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? null,
    corpus: { dir: path.relative(REPO_ROOT, o.corpus) || o.corpus, generated: corpus.count, examples: corpus.examples.files, seed: corpus.seed, files: summary.tseslint?.files ?? null, tsFiles: summary.tseslint?.tsFiles ?? null, tsOnly: o.tsOnly },
    rounds: o.rounds,
    metric: o.metric,
    target: o.target / 100,
    overhead: overhead === null ? null : r4(overhead),
    overheadRecognitionByType: recognition === null ? null : r4(recognition),
    overheadRulesWithoutTypes: rulesOnly === null ? null : r4(rulesOnly),
    pairedRatios: Object.fromEntries(Object.entries(pairRatios).map(([k, v]) => [k, v.map(r4)])),
    schedule: o.serial ? 'serial, alternating order' : 'concurrent pairs, one process per core, alternating spawn order',
    pass,
    configs: summary,
    stats,
    durationS: Math.round((Date.now() - started) / 100) / 10,
  };
  if (o.write && timed && o.corpus === DEFAULT_OUT_DIR) {
    writeResult('typed.json', result);
  }
  console.log(JSON.stringify(result));
  if (o.check && !pass) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
