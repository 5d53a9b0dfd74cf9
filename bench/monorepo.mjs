#!/usr/bin/env node
/**
 * Deterministic generator of a Lambda monorepo for bench/extension.mjs (the `require-extension` lint-time bench).
 *
 * Usage: node bench/monorepo.mjs [--out DIR] [--seed S] [--cdk-layout infra|app] [--force]
 *
 * What it writes (default DIR: node_modules/.cache/lambda-shutdown-bench/monorepo, see DEFAULT_OUT_DIR):
 *   infra/*.tf                       shared network / RDS / ElastiCache Terraform at the root (no functions). The
 *                                    resolver looks into `infra/` beside every ancestor, so every lookup meets it.
 *   apps/<NN>-<domain>/              20 apps, 10 functions each (200 functions), 5 per deployment tool:
 *     SAM        template.yaml (Globals.Function with Runtime/Environment/Layers, Parameters, esbuild Metadata for
 *                TypeScript apps), src/handlers/<fn>.(ts|mjs)
 *     Serverless serverless.yml (provider.layers, functions.<fn>.layers that replace them, ${self:…} variables,
 *                one app with serverless-plugin-datadog), src/handlers/<fn>.(js|ts)
 *     CDK        infra/lib/<domain>-stack.ts with NodejsFunctions whose `entry` is src/handlers/<fn>.ts (or, with
 *                --cdk-layout app, lib/<domain>-stack.ts at the app root, `cdk init`'s layout), infra/bin, constructs
 *     Terraform  terraform/{versions,variables,main,outputs}.tf: aws_lambda_function + archive_file
 *                (src/<fn>/index.mjs) or the terraform-aws-modules/lambda module (source_path dist/, TypeScript in src/)
 *     and in every app: src/lib/** (config, logger, errors, utils, models, repositories, services, http, events),
 *     tests/**, scripts/** (a local dev server that listens for SIGTERM but is no handler).
 *   packages/<name>/{src,test}/**    shared workspace packages, imported by package name.
 *
 * Layer mixes per function: extension layers (LambdaInsightsExtension, Datadog-Extension, aws-otel-nodejs,
 * Parameters-and-Secrets, AppConfig; CDK insightsVersion / adotInstrumentation / paramsAndSecrets / addLayers),
 * library layers only (AWSLambdaPowertoolsTypeScriptV2, Datadog-Node20-x), none, the app's own layer (an unknown
 * answer), an internal extension (an import of ./lambda-shutdown-extension, or NODE_OPTIONS=--require), with SAM
 * Globals and serverless provider.layers inheritance. About half of the handlers listen for SIGTERM. Handlers are
 * 50–300 lines: module-scope pg / ioredis / mysql2 clients, per-invocation clients, helpers.
 *
 * The manifest (DIR/manifest.json) records every function with its expected extension status ("external",
 * "internal", "unknown", "none", as docs/rules/require-extension.md defines them) and whether its handler listens for
 * SIGTERM: `expected.requireExtension` lists the handler files `require-extension` must report with the recommended
 * config (status "none" and a SIGTERM listener). The output depends only on (seed, cdkLayout, GENERATOR_VERSION).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './rng.mjs';
import { benchOptions } from './common.mjs';

export const GENERATOR_VERSION = 1;
export const DEFAULT_SEED = 0x5167e2;
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
/**
 * Not under bench/.corpus/: bench/lint.mjs lints everything under bench/.corpus (its corpus root) and
 * bench/corpus.mjs deletes that directory when it regenerates. node_modules/ is already git-ignored.
 */
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'node_modules', '.cache', 'lambda-shutdown-bench', 'monorepo');
/** At least this many .ts/.js files in all (the packages are filled up to it). */
export const MIN_SOURCE_FILES = 2100;
const MANIFEST = 'manifest.json';

// ---------------------------------------------------------------------------------------------------------------
// Seeded PRNG
// ---------------------------------------------------------------------------------------------------------------


const pascal = (s) => s.replace(/(^|[-_ ])(\w)/g, (_, __, ch) => ch.toUpperCase());
const camel = (s) => {
  const p = pascal(s);
  return p[0].toLowerCase() + p.slice(1);
};
const snake = (s) => s.replace(/-/g, '_');
const indent = (lines, n = 1) => lines.map((l) => (l === '' ? l : '  '.repeat(n) + l));

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------------

/** [app domain, entity (kebab), plural (kebab), related entities] */
const DOMAINS = [
  ['orders', 'order', 'orders', ['line-item', 'customer']],
  ['payments', 'payment', 'payments', ['refund', 'card']],
  ['inventory', 'stock-item', 'stock-items', ['warehouse', 'reservation']],
  ['shipping', 'shipment', 'shipments', ['parcel', 'carrier']],
  ['catalog', 'product', 'products', ['category', 'variant']],
  ['customers', 'customer', 'customers', ['address', 'preference']],
  ['notifications', 'notification', 'notifications', ['template', 'channel']],
  ['billing', 'invoice', 'invoices', ['plan', 'usage-record']],
  ['search', 'document', 'documents', ['index-job', 'synonym']],
  ['reviews', 'review', 'reviews', ['rating', 'moderation-case']],
  ['returns', 'return-request', 'return-requests', ['label', 'inspection']],
  ['pricing', 'price-rule', 'price-rules', ['promotion', 'currency-rate']],
  ['loyalty', 'reward-account', 'reward-accounts', ['tier', 'redemption']],
  ['fraud', 'risk-case', 'risk-cases', ['signal', 'rule-hit']],
  ['reporting', 'report', 'reports', ['dataset', 'schedule']],
  ['subscriptions', 'subscription', 'subscriptions', ['renewal', 'entitlement']],
  ['media', 'asset', 'assets', ['rendition', 'upload']],
  ['identity', 'session', 'sessions', ['device', 'credential']],
  ['analytics', 'page-view', 'page-views', ['funnel', 'cohort']],
  ['webhooks', 'delivery', 'deliveries', ['endpoint', 'attempt']],
];
const FIELDS = ['status', 'total', 'currency', 'createdAt', 'updatedAt', 'email', 'region', 'quantity', 'priority', 'ownerId', 'source', 'amount', 'sku', 'note', 'tags', 'version', 'externalId'];
const STATUSES = ['PENDING', 'ACTIVE', 'PAID', 'SHIPPED', 'CANCELLED', 'FAILED', 'ARCHIVED', 'OPEN', 'CLOSED', 'EXPIRED'];
/** [verb, object: 's' singular | 'p' plural | suffix, event source] */
const FUNCTION_SHAPES = [
  ['get', 's', 'api'], ['list', 'p', 'api'], ['create', 's', 'api'], ['update', 's', 'api'], ['delete', 's', 'api'],
  ['search', 'p', 'api'], ['process', 's-events', 'sqs'], ['consume', 's-updates', 'sqs'], ['sync', 'p', 'schedule'],
  ['export', 'p', 'schedule'], ['reconcile', 'p', 'schedule'], ['archive', 'p', 'schedule'], ['on', 's-changed', 'eventbridge'],
  ['notify', 's-status', 'eventbridge'],
];
const TOOLS = ['sam', 'serverless', 'cdk', 'terraform'];

// ---------------------------------------------------------------------------------------------------------------
// Layers: what the deployments write, and what each one means (core/catalog.ts EXTENSION_LAYERS / LIBRARY_LAYERS)
// ---------------------------------------------------------------------------------------------------------------

const LAYERS = {
  insights: { kind: 'ext', account: '580247275435', name: 'LambdaInsightsExtension', version: 38 },
  insightsArm: { kind: 'ext', account: '580247275435', name: 'LambdaInsightsExtension-Arm64', version: 5 },
  datadogExt: { kind: 'ext', account: '464622532012', name: 'Datadog-Extension', version: 65 },
  otel: { kind: 'ext', account: '901920570463', name: 'aws-otel-nodejs-amd64-ver-1-30-1', version: 1 },
  secrets: { kind: 'ext', account: '177933569100', name: 'AWS-Parameters-and-Secrets-Lambda-Extension', version: 11 },
  appconfig: { kind: 'ext', account: '027255383542', name: 'AWS-AppConfig-Extension', version: 128 },
  powertools: { kind: 'lib', account: '094274105915', name: 'AWSLambdaPowertoolsTypeScriptV2', version: 20 },
  ddNode: { kind: 'lib', account: '464622532012', name: 'Datadog-Node20-x', version: 115 },
};
const EXT_LAYER_KEYS = ['insights', 'insights', 'datadogExt', 'otel', 'secrets', 'appconfig', 'insightsArm'];
const arn = (key, region = 'us-east-1') => {
  const l = LAYERS[key];
  return `arn:aws:lambda:${region}:${l.account}:layer:${l.name}:${l.version}`;
};

/**
 * The extension status the docs define, from what a function's deployment says. The order is
 * core/analysis.ts + core/deploy/resolve.ts deploymentStatus: code evidence first, then implicit extensions,
 * extension layers, NODE_OPTIONS/exec wrapper (internal), unknown layers, none.
 */
function expectedStatus({ codeImport = false, implicit = false, layers = [], internalEnv = false, unknownReason = false }) {
  if (codeImport) return 'internal';
  if (implicit) return 'external';
  if (layers.includes('ext')) return 'external';
  if (internalEnv) return 'internal';
  if (unknownReason || layers.includes('unknown')) return 'unknown';
  return 'none';
}

// ---------------------------------------------------------------------------------------------------------------
// Code: a tiny emitter for TypeScript / ESM JavaScript / CommonJS
// ---------------------------------------------------------------------------------------------------------------

/**
 * lang: 'ts' (ESM TypeScript), 'esm' (.mjs), 'cjs' (.js CommonJS). `relExt` is how relative imports are spelled in
 * TS ('.js' for NodeNext, '' for bundler resolution).
 */
class Emitter {
  constructor(lang, relExt = '', { exportHelpers = true } = {}) {
    this.lang = lang;
    this.exportHelpers = exportHelpers;
    this.ts = lang === 'ts';
    this.cjs = lang === 'cjs';
    this.relExt = lang === 'esm' ? '.mjs' : lang === 'cjs' ? '' : relExt;
    this.imports = new Map(); // module -> { named:Set, default:string|null, types:Set, sideEffect:boolean }
    this.exports = [];
    this.names = new Set();
  }
  T(s) {
    return this.ts ? s : '';
  }
  unique(base) {
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}${i}`;
    this.names.add(name);
    return name;
  }
  entry(mod) {
    let e = this.imports.get(mod);
    if (!e) this.imports.set(mod, (e = { named: new Set(), def: null, types: new Set(), side: false }));
    return e;
  }
  named(mod, ...names) {
    for (const n of names) this.entry(mod).named.add(n);
    return names[0];
  }
  def(mod, name) {
    const e = this.entry(mod);
    e.def ??= name;
    return e.def;
  }
  type(mod, ...names) {
    if (this.ts) for (const n of names) this.entry(mod).types.add(n);
  }
  side(mod) {
    this.entry(mod).side = true;
  }
  /** `export ` in ESM; in CommonJS the name goes to module.exports at the end. */
  exp(name) {
    if (!this.exportHelpers) return '';
    if (this.cjs) {
      this.exports.push(name);
      return '';
    }
    return 'export ';
  }
  header() {
    const out = [];
    for (const [mod, e] of this.imports) {
      if (this.cjs) {
        if (e.side) out.push(`require('${mod}');`);
        if (e.def) out.push(`const ${e.def} = require('${mod}');`);
        if (e.named.size) out.push(`const { ${[...e.named].join(', ')} } = require('${mod}');`);
        continue;
      }
      if (e.types.size) out.push(`import type { ${[...e.types].join(', ')} } from '${mod}';`);
      if (e.side && !e.def && !e.named.size) out.push(`import '${mod}';`);
      const parts = [];
      if (e.def) parts.push(e.def);
      if (e.named.size) parts.push(`{ ${[...e.named].join(', ')} }`);
      if (parts.length) out.push(`import ${parts.join(', ')} from '${mod}';`);
    }
    return out;
  }
  footer() {
    return this.cjs && this.exports.length ? ['', `module.exports = { ${this.exports.join(', ')} };`] : [];
  }
  rel(fromFile, toFile) {
    let r = path.posix.relative(path.posix.dirname(fromFile), toFile).replace(/\.(ts|mjs|js)$/, '');
    if (!r.startsWith('.')) r = `./${r}`;
    return r + this.relExt;
  }
}

const fileExt = (lang) => (lang === 'ts' ? 'ts' : lang === 'esm' ? 'mjs' : 'js');

// ---------------------------------------------------------------------------------------------------------------
// Filler: self-contained helpers (only builtins), used to bring files to their target size
// ---------------------------------------------------------------------------------------------------------------

/** Each returns lines; `c` = { em, r, E (Pascal entity), e (camel), fields }. */
const FILLERS = [
  (c) => {
    const { em, E } = c;
    const name = em.unique(`validate${E}Input`);
    const t = em.unique(`${E}Input`);
    const fields = c.r.sample(FIELDS, 4);
    return [
      ...(em.ts ? [`${em.exp(t)}interface ${t} {`, ...fields.map((f, i) => `  ${f}${i > 1 ? '?' : ''}: ${f === 'quantity' || f === 'total' || f === 'amount' || f === 'version' || f === 'priority' ? 'number' : 'string'};`), '}', ''] : []),
      `${em.exp(name)}function ${name}(input${em.T(': unknown')})${em.T(`: ${t}`)} {`,
      "  if (typeof input !== 'object' || input === null || Array.isArray(input)) {",
      "    throw new TypeError('expected an object');",
      '  }',
      `  const value = input${em.T(' as Record<string, unknown>')};`,
      `  const problems${em.T(': string[]')} = [];`,
      `  for (const key of [${fields.slice(0, 2).map((f) => `'${f}'`).join(', ')}]) {`,
      "    if (value[key] === undefined || value[key] === null || value[key] === '') problems.push(`${key} is required`);",
      '  }',
      `  if (value.${fields[2]} !== undefined && typeof value.${fields[2]} !== 'string' && typeof value.${fields[2]} !== 'number') {`,
      `    problems.push('${fields[2]} has the wrong type');`,
      '  }',
      "  if (problems.length > 0) throw new TypeError(problems.join('; '));",
      `  return value${em.T(` as unknown as ${t}`)};`,
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('paginate');
    return [
      `${em.exp(name)}function ${name}${em.T('<T>')}(items${em.T(': readonly T[]')}, cursor${em.T('?: string | null')}, limit = 25)${em.T(': { items: T[]; next: string | null }')} {`,
      "  const start = cursor ? Number.parseInt(Buffer.from(cursor, 'base64url').toString('utf8'), 10) || 0 : 0;",
      '  const page = items.slice(start, start + limit);',
      '  const end = start + page.length;',
      "  return { items: page, next: end < items.length ? Buffer.from(String(end)).toString('base64url') : null };",
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('computeTotals');
    const line = em.unique('TotalsLine');
    return [
      ...(em.ts ? [`interface ${line} {`, '  quantity: number;', '  unitPriceCents: number;', '  discountCents?: number;', '  taxRate?: number;', '}', ''] : []),
      `${em.exp(name)}function ${name}(lines${em.T(`: readonly ${line}[]`)})${em.T(': { subtotal: number; discount: number; tax: number; total: number }')} {`,
      '  let subtotal = 0;',
      '  let discount = 0;',
      '  let tax = 0;',
      '  for (const l of lines) {',
      '    const gross = l.quantity * l.unitPriceCents;',
      '    const off = Math.min(gross, l.discountCents ?? 0);',
      '    subtotal += gross;',
      '    discount += off;',
      '    tax += Math.round((gross - off) * (l.taxRate ?? 0));',
      '  }',
      '  return { subtotal, discount, tax, total: subtotal - discount + tax };',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('groupBy');
    return [
      `${em.exp(name)}function ${name}${em.T('<T, K extends string | number>')}(items${em.T(': Iterable<T>')}, key${em.T(': (item: T) => K')})${em.T(': Map<K, T[]>')} {`,
      `  const groups = new Map${em.T('<K, T[]>')}();`,
      '  for (const item of items) {',
      '    const k = key(item);',
      '    const list = groups.get(k);',
      '    if (list) list.push(item);',
      '    else groups.set(k, [item]);',
      '  }',
      '  return groups;',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('withRetry');
    return [
      `${em.exp(name)}async function ${name}${em.T('<T>')}(fn${em.T(': () => Promise<T>')}, attempts = ${c.r.int(2, 5)}, baseDelayMs = ${c.r.pick([50, 100, 200])})${em.T(': Promise<T>')} {`,
      `  let lastError${em.T(': unknown')};`,
      '  for (let attempt = 0; attempt < attempts; attempt++) {',
      '    try {',
      '      return await fn();',
      '    } catch (err) {',
      '      lastError = err;',
      '      const delay = baseDelayMs * 2 ** attempt + Math.floor(Math.random() * baseDelayMs);',
      '      await new Promise((resolve) => setTimeout(resolve, delay));',
      '    }',
      '  }',
      '  throw lastError;',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('chunk');
    return [
      `${em.exp(name)}function ${name}${em.T('<T>')}(items${em.T(': readonly T[]')}, size${em.T(': number')})${em.T(': T[][]')} {`,
      "  if (size <= 0) throw new RangeError('size must be positive');",
      `  const out${em.T(': T[][]')} = [];`,
      '  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));',
      '  return out;',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('buildUpdateExpression');
    return [
      `${em.exp(name)}function ${name}(changes${em.T(': Record<string, unknown>')}) {`,
      `  const names${em.T(': Record<string, string>')} = {};`,
      `  const values${em.T(': Record<string, unknown>')} = {};`,
      `  const sets${em.T(': string[]')} = [];`,
      '  for (const [i, [key, value]] of Object.entries(changes).entries()) {',
      '    if (value === undefined) continue;',
      '    names[`#f${i}`] = key;',
      '    values[`:v${i}`] = value;',
      '    sets.push(`#f${i} = :v${i}`);',
      '  }',
      "  values[':now'] = new Date().toISOString();",
      "  sets.push('updatedAt = :now');",
      "  return { UpdateExpression: `SET ${sets.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };",
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('maskEmail');
    return [
      `${em.exp(name)}function ${name}(email${em.T(': string')})${em.T(': string')} {`,
      "  const at = email.indexOf('@');",
      "  if (at <= 1) return '***';",
      "  return `${email[0]}${'*'.repeat(Math.max(1, at - 2))}${email[at - 1]}${email.slice(at)}`;",
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('hashKey');
    const createHash = em.named('node:crypto', 'createHash');
    return [
      `${em.exp(name)}function ${name}(...parts${em.T(': Array<string | number | undefined>')})${em.T(': string')} {`,
      `  return ${createHash}('sha256')`,
      "    .update(parts.map((p) => (p === undefined ? '' : String(p))).join('|'))",
      "    .digest('hex')",
      '    .slice(0, 32);',
      '}',
    ];
  },
  (c) => {
    const { em, e } = c;
    const name = em.unique('buildFilterQuery');
    const cols = c.r.sample(FIELDS, 3).map((f) => f.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
    return [
      `${em.exp(name)}function ${name}(filters${em.T(': Record<string, string | number | undefined>')}, limit = 50) {`,
      `  const clauses${em.T(': string[]')} = [];`,
      `  const values${em.T(': Array<string | number>')} = [];`,
      `  const allowed = new Set([${cols.map((x) => `'${x}'`).join(', ')}]);`,
      '  for (const [column, value] of Object.entries(filters)) {',
      '    if (value === undefined || !allowed.has(column)) continue;',
      '    values.push(value);',
      '    clauses.push(`${column} = $${values.length}`);',
      '  }',
      '  values.push(limit);',
      "  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';",
      `  return { text: \`SELECT * FROM ${snake(c.plural)} \${where} ORDER BY created_at DESC LIMIT $\${values.length}\`, values };`,
      '}',
      ...(e ? [] : []),
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('deepMerge');
    return [
      `${em.exp(name)}function ${name}(target${em.T(': Record<string, unknown>')}, source${em.T(': Record<string, unknown>')})${em.T(': Record<string, unknown>')} {`,
      '  const out = { ...target };',
      '  for (const [key, value] of Object.entries(source)) {',
      '    const current = out[key];',
      "    if (value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)) {",
      `      out[key] = ${name}(current${em.T(' as Record<string, unknown>')}, value${em.T(' as Record<string, unknown>')});`,
      '    } else if (value !== undefined) {',
      '      out[key] = value;',
      '    }',
      '  }',
      '  return out;',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('summarize');
    return [
      `${em.exp(name)}function ${name}(values${em.T(': readonly number[]')}) {`,
      '  if (values.length === 0) return { count: 0, min: 0, max: 0, mean: 0, p95: 0 };',
      '  const sorted = [...values].sort((a, b) => a - b);',
      '  const sum = sorted.reduce((s, v) => s + v, 0);',
      '  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];',
      '  return { count: sorted.length, min: sorted[0], max: sorted[sorted.length - 1], mean: sum / sorted.length, p95 };',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('normalizeHeaders');
    return [
      `${em.exp(name)}function ${name}(headers${em.T(': Record<string, string | undefined> | null | undefined')})${em.T(': Record<string, string>')} {`,
      `  const out${em.T(': Record<string, string>')} = {};`,
      '  for (const [key, value] of Object.entries(headers ?? {})) {',
      '    if (value !== undefined) out[key.toLowerCase()] = value;',
      '  }',
      '  return out;',
      '}',
    ];
  },
  (c) => {
    const { em, E } = c;
    const name = em.unique(`parse${E}Message`);
    return [
      `${em.exp(name)}function ${name}(body${em.T(': string')})${em.T(': Record<string, unknown> | null')} {`,
      '  try {',
      '    const parsed = JSON.parse(body);',
      "    if (parsed && typeof parsed === 'object' && 'Message' in parsed && typeof parsed.Message === 'string') {",
      '      return JSON.parse(parsed.Message);',
      '    }',
      "    return parsed && typeof parsed === 'object' ? parsed : null;",
      '  } catch {',
      '    return null;',
      '  }',
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('LruCache');
    return [
      `${em.exp(name)}class ${name}${em.T('<K, V>')} {`,
      ...(em.ts ? ['  private readonly entries = new Map<K, { value: V; expires: number }>();', ''] : ['  entries = new Map();', '']),
      `  constructor(${em.T('private readonly ')}max = ${c.r.pick([100, 250, 500])}, ${em.T('private readonly ')}ttlMs = ${c.r.pick([30_000, 60_000, 300_000])}) {${em.ts ? '}' : ''}`,
      ...(em.ts ? [] : ['    this.max = max;', '    this.ttlMs = ttlMs;', '  }']),
      '',
      `  get(key${em.T(': K')})${em.T(': V | undefined')} {`,
      '    const hit = this.entries.get(key);',
      '    if (!hit) return undefined;',
      '    this.entries.delete(key);',
      '    if (hit.expires < Date.now()) return undefined;',
      '    this.entries.set(key, hit);',
      '    return hit.value;',
      '  }',
      '',
      `  set(key${em.T(': K')}, value${em.T(': V')})${em.T(': void')} {`,
      '    this.entries.delete(key);',
      '    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });',
      '    while (this.entries.size > this.max) {',
      '      const oldest = this.entries.keys().next().value;',
      '      if (oldest === undefined) break;',
      '      this.entries.delete(oldest);',
      '    }',
      '  }',
      '}',
    ];
  },
  (c) => {
    const { em, E } = c;
    const name = em.unique(`${E.toUpperCase()}_TRANSITIONS`.replace(/[^A-Z_]/g, ''));
    const st = c.r.sample(STATUSES, 5);
    return [
      `${em.exp(name)}const ${name}${em.T(': Readonly<Record<string, readonly string[]>>')} = {`,
      ...st.map((s, i) => `  ${s}: [${st.slice(i + 1, i + 3).map((x) => `'${x}'`).join(', ')}],`),
      '};',
      '',
      `${em.exp(`can${E}Transition`)}function can${E}Transition(from${em.T(': string')}, to${em.T(': string')})${em.T(': boolean')} {`,
      `  return (${name}[from] ?? []).includes(to);`,
      '}',
    ];
  },
  (c) => {
    const { em } = c;
    const name = em.unique('isoWeek');
    return [
      `${em.exp(name)}function ${name}(date${em.T(': Date')})${em.T(': string')} {`,
      '  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));',
      '  const day = d.getUTCDay() || 7;',
      '  d.setUTCDate(d.getUTCDate() + 4 - day);',
      '  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));',
      '  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);',
      "  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;",
      '}',
    ];
  },
  (c) => {
    const { em, E } = c;
    const name = em.unique(`to${E}Csv`);
    const cols = c.r.sample(FIELDS, 4);
    return [
      `${em.exp(name)}function ${name}(rows${em.T(': ReadonlyArray<Record<string, unknown>>')})${em.T(': string')} {`,
      `  const columns = ['id', ${cols.map((f) => `'${f}'`).join(', ')}];`,
      `  const escape = (value${em.T(': unknown')}) => {`,
      "    const text = value === undefined || value === null ? '' : String(value);",
      '    return /[",\\n]/.test(text) ? `"${text.replace(/"/g, \'""\')}"` : text;',
      '  };',
      "  const lines = [columns.join(',')];",
      "  for (const row of rows) lines.push(columns.map((col) => escape(row[col])).join(','));",
      "  return lines.join('\\n');",
      '}',
    ];
  },
];

/** Appends fillers until `lines` has about `target` lines. */
function fill(c, lines, target, max = 40) {
  const order = c.r.shuffle(FILLERS.map((_, i) => i));
  for (let k = 0; lines.length < target && k < max; k++) {
    lines.push('', ...FILLERS[order[k % order.length]](c));
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------------------------------

const MODULE_RESOURCES = {
  pg: (em, r) => {
    const Pool = em.named('pg', 'Pool');
    return {
      name: 'pool',
      lib: 'pg',
      decl: [
        `const pool = new ${Pool}({`,
        '  connectionString: process.env.DATABASE_URL,',
        `  max: ${r.pick([1, 2, 2, 5])},`,
        `  idleTimeoutMillis: ${r.pick(['30_000', '60_000', '120_000'])},`,
        "  ssl: process.env.PGSSLMODE === 'disable' ? false : { rejectUnauthorized: false },",
        '});',
      ],
      close: 'pool.end()',
      use: (v) => [`const { rows } = await pool.query('SELECT * FROM ${v.table} WHERE id = $1', [${v.id}]);`, `const record = rows[0] ?? null;`],
    };
  },
  ioredis: (em, r) => {
    const Redis = em.def('ioredis', 'Redis');
    return {
      name: 'redis',
      lib: 'ioredis',
      decl: [
        `const redis = new ${Redis}(process.env.REDIS_URL ?? 'redis://localhost:6379', {`,
        `  maxRetriesPerRequest: ${r.pick([1, 2, 3])},`,
        `  lazyConnect: ${r.pick(['true', 'false'])},`,
        "  keyPrefix: process.env.REDIS_PREFIX ?? '',",
        '});',
      ],
      close: 'redis.quit()',
      use: (v) => [`const cached = await redis.get(\`${v.e}:\${${v.id}}\`);`, `if (cached) await redis.expire(\`${v.e}:\${${v.id}}\`, ${r.pick([60, 300, 900])});`],
    };
  },
  mysql2: (em, r) => {
    const mysql = em.def('mysql2/promise', 'mysql');
    return {
      name: 'db',
      lib: 'mysql2',
      decl: [
        `const db = ${mysql}.createPool({`,
        '  host: process.env.DB_HOST,',
        '  user: process.env.DB_USER,',
        '  password: process.env.DB_PASSWORD,',
        '  database: process.env.DB_NAME,',
        `  connectionLimit: ${r.pick([1, 2, 4])},`,
        '  enableKeepAlive: true,',
        '});',
      ],
      close: 'db.end()',
      use: (v) => [`const [found] = await db.execute('SELECT id, status FROM ${v.table} WHERE id = ? LIMIT 1', [${v.id}]);`],
    };
  },
  dynamo: (em) => {
    const DynamoDBClient = em.named('@aws-sdk/client-dynamodb', 'DynamoDBClient');
    em.named('@aws-sdk/lib-dynamodb', 'DynamoDBDocumentClient', 'GetCommand');
    return {
      name: 'ddb',
      lib: 'dynamodb',
      decl: [`const ddb = DynamoDBDocumentClient.from(new ${DynamoDBClient}({}), { marshallOptions: { removeUndefinedValues: true } });`],
      close: null,
      use: (v) => [`const item = await ddb.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: \`${v.E}#\${${v.id}}\` } }));`],
    };
  },
};

function perInvocationBlock(em, r, v) {
  const kind = r.pick(['pgClient', 'pgClient', 'mysqlConn']);
  const withFinally = r.chance(0.7);
  if (kind === 'pgClient') {
    const Client = em.named('pg', 'Client');
    const body = [`const res = await client.query('SELECT count(*) AS n FROM ${v.table}_audit WHERE ${v.e}_id = $1', [${v.id}]);`, 'auditCount = Number(res.rows[0]?.n ?? 0);'];
    return [
      `let auditCount = 0;`,
      `const client = new ${Client}({ connectionString: process.env.REPORTING_DATABASE_URL });`,
      'await client.connect();',
      ...(withFinally ? ['try {', ...indent(body), '} finally {', '  await client.end();', '}'] : [...body, 'await client.end();']),
    ];
  }
  const mysql = em.def('mysql2/promise', 'mysql');
  const body = [`const [auditRows] = await conn.query('SELECT COUNT(*) AS n FROM ${v.table}_audit WHERE ${v.e}_id = ?', [${v.id}]);`, `auditCount = Number((auditRows${em.T(' as Array<{ n: number }>')})[0]?.n ?? 0);`];
  return [
    `let auditCount = 0;`,
    `const conn = await ${mysql}.createConnection({ uri: process.env.AUDIT_DATABASE_URL });`,
    ...(withFinally ? ['try {', ...indent(body), '} finally {', '  await conn.end();', '}'] : [...body, 'await conn.end();']),
  ];
}

function sigtermLines(em, r, resources) {
  const closable = resources.filter((x) => x.close);
  // Most listeners close everything they opened; some forget one (what require-sigterm-cleanup is for).
  const closes = closable.length > 1 && r.chance(0.2) ? closable.slice(1) : closable;
  const calls = closes.map((x) => x.close);
  const style = r.pick(['inline', 'inline', 'named', 'sample']);
  const log = r.pick(["console.info('[runtime] SIGTERM received');", "console.log('SIGTERM: cleaning up');", "console.info(JSON.stringify({ level: 'info', message: 'shutting down' }));"]);
  const closeBlock = calls.length === 0 ? [] : calls.length === 1 ? [`await ${calls[0]};`] : [`await Promise.allSettled([${calls.join(', ')}]);`];
  if (style === 'named') {
    const alsoSigint = r.chance(0.4);
    return [
      `async function shutdown(signal${em.T(': NodeJS.Signals')})${em.T(': Promise<void>')} {`,
      '  console.info(`[runtime] ${signal} received, closing connections`);',
      '  try {',
      ...indent(closeBlock, 2),
      '  } finally {',
      '    process.exit(0);',
      '  }',
      '}',
      '',
      "process.once('SIGTERM', shutdown);",
      ...(alsoSigint ? ["process.once('SIGINT', shutdown);"] : []),
    ];
  }
  if (style === 'sample') {
    // The aws-samples graceful-shutdown handler, adapted.
    return [
      "process.on('SIGTERM', async () => {",
      "  console.info('[runtime] SIGTERM received');",
      "  console.info('[runtime] cleaning up');",
      ...indent(closeBlock),
      "  console.info('[runtime] exiting');",
      '  process.exit(0);',
      '});',
    ];
  }
  return ["process.on('SIGTERM', async () => {", `  ${log}`, ...indent(closeBlock), '  process.exit(0);', '});'];
}

/** One handler module. Returns its text. */
function handlerFile(ctx, fn, r) {
  const { lang, relExt, E, e, plural, app } = ctx;
  // Helpers stay private to the handler module: it exports only the handler.
  const em = new Emitter(lang, relExt, { exportHelpers: false });
  const file = fn.file;
  const v = { e, E, table: snake(plural), id: 'id' };
  const lines = [];
  // Doc comment
  lines.push('/**', ` * ${fn.source === 'api' ? `${fn.method} ${fn.path}` : fn.source === 'sqs' ? `SQS consumer: ${fn.queue}` : fn.source === 'schedule' ? `Scheduled job (${fn.schedule})` : `EventBridge: ${fn.detailType}`}`, ' *', ` * ${app.domain} service, ${fn.name}. Deployed by ${path.posix.basename(app.configFile)}.`, ' */');

  if (fn.codeImport) em.side(em.rel(file, app.extensionModule));

  // Types
  if (em.ts) {
    const types = { api: ['APIGatewayProxyEvent', 'APIGatewayProxyResult', 'Context'], sqs: ['SQSEvent', 'SQSBatchResponse', 'Context'], schedule: ['ScheduledEvent', 'Context'], eventbridge: ['EventBridgeEvent', 'Context'] }[fn.source];
    em.type('aws-lambda', ...types);
  }
  // App-local imports (followed by code-evidence) and shared packages (not followed)
  const libs = ctx.libFiles;
  const logger = libs.find((l) => l.kind === 'logger');
  const errors = libs.find((l) => l.kind === 'errors');
  const config = libs.find((l) => l.kind === 'config');
  em.named(em.rel(file, logger.file), 'logger');
  if (r.chance(0.6)) em.named(em.rel(file, errors.file), 'NotFoundError', 'ValidationError');
  if (r.chance(0.5)) em.named(em.rel(file, config.file), 'loadConfig');
  const service = r.pick(libs.filter((l) => l.kind === 'service'));
  em.named(em.rel(file, service.file), service.exports[0]);
  for (const u of r.sample(libs.filter((l) => l.kind === 'util'), r.int(1, 3))) em.named(em.rel(file, u.file), u.exports[0]);
  if (fn.source === 'api') {
    const http = libs.find((l) => l.kind === 'http');
    em.named(em.rel(file, http.file), 'jsonResponse', 'parseJsonBody');
  }
  if (r.chance(0.5)) em.named('@acme/observability', r.pick(['withMetrics', 'traced', 'captureColdStart']));
  if (r.chance(0.3)) em.named('@acme/validation', 'assertShape');

  // Module-scope resources
  const resources = [];
  for (const kind of fn.moduleResources) resources.push(MODULE_RESOURCES[kind](em, r));

  const body = [];
  body.push('');
  for (const res of resources) body.push(...res.decl, '');
  if (fn.sigterm) body.push(...sigtermLines(em, r, resources), '');

  // The handler
  const inner = [];
  const sig = {
    api: [`event${em.T(': APIGatewayProxyEvent')}`, `context${em.T(': Context')}`, em.T(': Promise<APIGatewayProxyResult>')],
    sqs: [`event${em.T(': SQSEvent')}`, `context${em.T(': Context')}`, em.T(': Promise<SQSBatchResponse>')],
    schedule: [`event${em.T(': ScheduledEvent')}`, `context${em.T(': Context')}`, em.T(': Promise<void>')],
    eventbridge: [`event${em.T(`: EventBridgeEvent<'${fn.detailType}', Record<string, unknown>>`)}`, `context${em.T(': Context')}`, em.T(': Promise<void>')],
  }[fn.source];
  inner.push(`logger.info('invoked', { requestId: context.awsRequestId, fn: '${fn.name}' });`);
  if (fn.source === 'api') {
    inner.push(`const id = event.pathParameters?.id ?? parseJsonBody(event.body).id;`);
    inner.push(`if (!id) return jsonResponse(400, { message: 'id is required' });`);
  } else if (fn.source === 'sqs') {
    inner.push(`const failures${em.T(': { itemIdentifier: string }[]')} = [];`, 'for (const record of event.Records) {', '  try {', `    const message = JSON.parse(record.body);`, `    const id = String(message.id ?? message.${e}Id);`);
  } else if (fn.source === 'schedule') {
    inner.push(`const since = new Date(Date.parse(event.time) - ${r.pick([1, 6, 24])} * 3_600_000).toISOString();`, `const id = since;`);
  } else {
    inner.push(`const id = String(event.detail.id ?? event.id);`);
  }
  const usage = [];
  for (const res of resources) usage.push(...res.use(v));
  usage.push(`const result = await ${service.exports[0]}(id);`);
  if (fn.perInvocation) usage.push(...perInvocationBlock(em, r, v));
  if (fn.source === 'sqs') {
    inner.push(...indent(usage, 2), "  } catch (err) {", "    logger.error('record failed', { messageId: record.messageId, err });", '    failures.push({ itemIdentifier: record.messageId });', '  }', '}', 'return { batchItemFailures: failures };');
  } else if (fn.source === 'api') {
    inner.push(...usage, `return jsonResponse(200, { id, result${fn.perInvocation ? ', auditCount' : ''} });`);
  } else {
    inner.push(...usage, `logger.info('done', { id, result${fn.perInvocation ? ', auditCount' : ''} });`);
  }

  const exportStyle = em.cjs ? r.pick(['exports', 'exports', 'module']) : r.pick(['const', 'const', 'function']);
  const handlerLines = [];
  if (exportStyle === 'function') {
    handlerLines.push(`export async function handler(${sig[0]}, ${sig[1]})${sig[2]} {`, ...indent(inner), '}');
  } else if (exportStyle === 'const') {
    handlerLines.push(`export const handler = async (${sig[0]}, ${sig[1]})${sig[2]} => {`, ...indent(inner), '};');
  } else if (exportStyle === 'exports') {
    handlerLines.push(`exports.handler = async (event, context) => {`, ...indent(inner), '};');
  } else {
    handlerLines.push(`async function handler(event, context) {`, ...indent(inner), '}', '', 'module.exports.handler = handler;');
  }

  // Helpers to reach the target size, between the setup and the handler as real modules have them.
  const c = { em, r, E, e, plural, fields: FIELDS };
  const helperLines = [];
  const fixed = lines.length + em.header().length + body.length + handlerLines.length + 3;
  fill(c, helperLines, Math.max(0, fn.lines - fixed));
  if (helperLines[0] === '' && body.at(-1) === '') helperLines.shift();
  return [...lines, ...em.header(), ...body, ...helperLines, '', ...handlerLines].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Library, test and script modules
// ---------------------------------------------------------------------------------------------------------------

const UTIL_NAMES = ['strings', 'arrays', 'objects', 'dates', 'money', 'ids', 'hashing', 'retry', 'json', 'urls', 'csv', 'pagination', 'time', 'headers', 'sleep', 'batch', 'cache-keys', 'diff', 'mask', 'numbers', 'sets', 'env', 'assert', 'timeouts'];

/** The plan of an app's lib modules: file, kind, exports, dependencies (other lib files). */
function planLib(app, r) {
  const base = app.srcDir;
  const ext = fileExt(app.lang);
  const mk = (rel, kind, exportsList, deps = []) => ({ file: `${base}/lib/${rel}.${ext}`, kind, exports: exportsList, deps });
  const { E, e, related } = app;
  const libs = [
    mk('config', 'config', ['loadConfig', 'CONFIG_DEFAULTS']),
    mk('logger', 'logger', ['logger', 'createLogger']),
    mk('errors', 'errors', ['NotFoundError', 'ValidationError', 'ConflictError']),
    mk('constants', 'constants', ['DEFAULT_PAGE_SIZE', 'MAX_BATCH']),
  ];
  const utils = r.sample(UTIL_NAMES, r.int(14, 20)).map((u) => mk(`utils/${u}`, 'util', [camel(`${u}-helper`)]));
  libs.push(...utils);
  const entities = [app.entity, ...related];
  for (const ent of entities) libs.push(mk(`models/${ent}`, 'model', [`to${pascal(ent)}Dto`, `${camel(ent)}Schema`]));
  libs.push(mk('models/common', 'model', ['toIsoDate', 'Money']));
  for (const ent of entities) libs.push(mk(`schemas/${ent}-schema`, 'schema', [`parse${pascal(ent)}`]));
  libs.push(mk('db/pg', 'db', ['createPgPool', 'withTransaction']), mk('db/redis-keys', 'db', ['redisKey']), mk(`db/queries/${app.entity}-queries`, 'db', [`${camel(app.entity)}Queries`]));
  for (const ent of entities) libs.push(mk(`repositories/${ent}-repository`, 'repository', [`${pascal(ent)}Repository`]));
  libs.push(mk('repositories/audit-repository', 'repository', ['AuditRepository']));
  for (const ent of entities) libs.push(mk(`services/${ent}-service`, 'service', [`handle${pascal(ent)}`]));
  libs.push(mk('services/notifier', 'service', ['sendNotification']), mk('services/feature-flags', 'service', ['isEnabled']));
  libs.push(mk('http/responses', 'http', ['jsonResponse', 'parseJsonBody']), mk('http/cors', 'httpx', ['corsHeaders']), mk('http/middleware', 'httpx', ['withErrorHandling']));
  libs.push(mk('events/publisher', 'events', ['publishEvent']), mk('events/types', 'events', ['EVENT_TYPES']));
  if (r.chance(0.4)) libs.push(mk('app', 'app', ['createLocalApp']));
  for (let i = 0, n = r.int(0, 5); i < n; i++) libs.push(mk(`utils/${r.pick(['format', 'parse', 'guard', 'convert', 'compute'])}-${r.pick(FIELDS).toLowerCase()}-${i}`, 'util', [`helper${i}`]));
  // Dependencies: a layered graph (services → repositories → db/models → utils → config/logger/errors).
  const byKind = (k) => libs.filter((l) => l.kind === k);
  for (const l of libs) {
    const pickSome = (k, n) => r.sample(byKind(k), n).filter((x) => x !== l);
    if (l.kind === 'service') l.deps = [...pickSome('repository', 2), ...pickSome('model', 2), ...pickSome('util', 2), ...byKind('logger'), ...byKind('errors'), ...pickSome('events', 1)];
    else if (l.kind === 'repository') l.deps = [...pickSome('db', 2), ...pickSome('model', 1), ...byKind('errors'), ...pickSome('util', 1)];
    else if (l.kind === 'db') l.deps = [...byKind('config'), ...pickSome('util', 1)];
    else if (l.kind === 'model' || l.kind === 'schema') l.deps = [...pickSome('util', r.int(0, 2)), ...(l.kind === 'schema' ? byKind('errors') : [])];
    else if (l.kind === 'util') l.deps = r.chance(0.3) ? pickSome('util', 1) : [];
    else if (l.kind === 'http' || l.kind === 'httpx') l.deps = [...byKind('errors'), ...byKind('logger')];
    else if (l.kind === 'events') l.deps = [...byKind('config'), ...byKind('logger')];
    else if (l.kind === 'logger') l.deps = [...byKind('config')];
    else if (l.kind === 'app') l.deps = [...byKind('logger'), ...pickSome('service', 2)];
    else l.deps = [];
  }
  return libs;
}

function libFile(app, lib, r) {
  const em = new Emitter(app.lang, app.relExt);
  for (const d of lib.deps) em.named(em.rel(lib.file, d.file), d.exports[0]);
  const c = { em, r, E: app.E, e: app.e, plural: app.plural, fields: FIELDS };
  const body = [];
  const x = (n) => em.exp(n);
  switch (lib.kind) {
    case 'config':
      body.push(
        `${x('CONFIG_DEFAULTS')}const CONFIG_DEFAULTS = Object.freeze({ region: 'us-east-1', stage: 'dev', logLevel: 'info', pageSize: 25 });`,
        '',
        `${x('loadConfig')}function loadConfig(env${em.T(': NodeJS.ProcessEnv')} = process.env) {`,
        '  return {',
        "    region: env.AWS_REGION ?? CONFIG_DEFAULTS.region,",
        "    stage: env.STAGE ?? CONFIG_DEFAULTS.stage,",
        "    logLevel: env.LOG_LEVEL ?? CONFIG_DEFAULTS.logLevel,",
        "    tableName: env.TABLE_NAME ?? '',",
        "    databaseUrl: env.DATABASE_URL ?? '',",
        '    pageSize: Number(env.PAGE_SIZE ?? CONFIG_DEFAULTS.pageSize),',
        '  };',
        '}',
      );
      break;
    case 'logger':
      body.push(
        `${x('createLogger')}function createLogger(service${em.T(': string')}) {`,
        `  const write = (level${em.T(': string')}, message${em.T(': string')}, fields${em.T(': Record<string, unknown>')} = {}) =>`,
        '    process.stdout.write(`${JSON.stringify({ level, service, message, ...fields, time: new Date().toISOString() })}\\n`);',
        '  return {',
        `    debug: (m${em.T(': string')}, f${em.T('?: Record<string, unknown>')}) => (loadConfig().logLevel === 'debug' ? write('debug', m, f) : undefined),`,
        `    info: (m${em.T(': string')}, f${em.T('?: Record<string, unknown>')}) => write('info', m, f),`,
        `    warn: (m${em.T(': string')}, f${em.T('?: Record<string, unknown>')}) => write('warn', m, f),`,
        `    error: (m${em.T(': string')}, f${em.T('?: Record<string, unknown>')}) => write('error', m, f),`,
        '  };',
        '}',
        '',
        `${x('logger')}const logger = createLogger('${app.domain}');`,
      );
      break;
    case 'errors':
      for (const [n, code] of [['NotFoundError', 404], ['ValidationError', 400], ['ConflictError', 409]]) {
        body.push(
          `${x(n)}class ${n} extends Error {`,
          `  ${em.ts ? 'readonly ' : ''}statusCode = ${code};`,
          `  constructor(message${em.T(': string')}, ${em.ts ? 'readonly ' : ''}details${em.T('?: Record<string, unknown>')}) {`,
          '    super(message);',
          `    this.name = '${n}';`,
          ...(em.ts ? [] : ['    this.details = details;']),
          '  }',
          '}',
          '',
        );
      }
      break;
    case 'constants':
      body.push(`${x('DEFAULT_PAGE_SIZE')}const DEFAULT_PAGE_SIZE = 25;`, `${x('MAX_BATCH')}const MAX_BATCH = ${r.pick([10, 25, 100])};`, `${x('STATUSES')}const STATUSES = [${r.sample(STATUSES, 5).map((s) => `'${s}'`).join(', ')}]${em.ts ? ' as const' : ''};`);
      break;
    case 'http':
      body.push(
        `${x('jsonResponse')}function jsonResponse(statusCode${em.T(': number')}, body${em.T(': unknown')}, headers${em.T(': Record<string, string>')} = {}) {`,
        "  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };",
        '}',
        '',
        `${x('parseJsonBody')}function parseJsonBody(body${em.T(': string | null | undefined')})${em.T(': Record<string, any>')} {`,
        '  if (!body) return {};',
        '  try {',
        '    return JSON.parse(body);',
        '  } catch {',
        "    throw new ValidationError('body is not JSON');",
        '  }',
        '}',
      );
      em.named(em.rel(lib.file, lib.deps[0].file), 'ValidationError');
      break;
    case 'events': {
      const EventBridgeClient = em.named('@aws-sdk/client-eventbridge', 'EventBridgeClient', 'PutEventsCommand');
      body.push(
        `const client = new ${EventBridgeClient}({});`,
        '',
        `${x(lib.exports[0])}async function ${lib.exports[0]}(detailType${em.T(': string')}, detail${em.T(': Record<string, unknown>')}) {`,
        '  await client.send(',
        '    new PutEventsCommand({',
        `      Entries: [{ EventBusName: process.env.EVENT_BUS_NAME, Source: '${app.domain}', DetailType: detailType, Detail: JSON.stringify(detail) }],`,
        '    }),',
        '  );',
        '}',
      );
      break;
    }
    case 'repository': {
      const n = lib.exports[0];
      body.push(
        `${x(n)}class ${n} {`,
        `  constructor(${em.ts ? 'private readonly ' : ''}query${em.T(': (text: string, values?: unknown[]) => Promise<{ rows: any[] }>')}) {${em.ts ? '}' : ''}`,
        ...(em.ts ? [] : ['    this.query = query;', '  }']),
        '',
        `  async findById(id${em.T(': string')}) {`,
        `    const { rows } = await this.query('SELECT * FROM ${snake(app.plural)} WHERE id = $1', [id]);`,
        `    if (rows.length === 0) throw new NotFoundError(\`${app.entity} \${id} not found\`);`,
        '    return rows[0];',
        '  }',
        '',
        `  async list(limit = 25, offset = 0) {`,
        `    const { rows } = await this.query('SELECT * FROM ${snake(app.plural)} ORDER BY created_at DESC LIMIT $1 OFFSET $2', [limit, offset]);`,
        '    return rows;',
        '  }',
        '}',
      );
      em.named(em.rel(lib.file, lib.deps.find((d) => d.kind === 'errors').file), 'NotFoundError');
      break;
    }
    case 'service': {
      const n = lib.exports[0];
      body.push(
        `${x(n)}async function ${n}(id${em.T(': string')}, options${em.T(': { dryRun?: boolean }')} = {}) {`,
        `  logger.debug('${n}', { id, dryRun: options.dryRun ?? false });`,
        `  if (!id) throw new Error('id is required');`,
        '  const startedAt = Date.now();',
        `  const outcome = { id, processed: !options.dryRun, tookMs: 0 };`,
        '  outcome.tookMs = Date.now() - startedAt;',
        '  return outcome;',
        '}',
      );
      break;
    }
    case 'app':
      body.push(
        `${x('createLocalApp')}function createLocalApp(port = 3000) {`,
        '  return { port, routes: new Map() };',
        '}',
      );
      break;
    default: {
      const n = lib.exports[0];
      body.push(`${x(n)}function ${n}(value${em.T(': unknown')})${em.T(': string')} {`, "  return typeof value === 'string' ? value.trim() : JSON.stringify(value ?? null);", '}');
      if (lib.exports[1]) body.push('', `${x(lib.exports[1])}const ${lib.exports[1]} = { type: 'object' };`);
    }
  }
  const target = r.size(lib.kind === 'util' ? 32 : 42, 12, 150);
  fill(c, body, target);
  return [...em.header(), '', ...body, ...em.footer()].join('\n') + '\n';
}

/** The codemod-style internal extension module (what `register-extension` generates). */
function extensionModule(lang) {
  const ts = lang === 'ts';
  const T = (s) => (ts ? s : '');
  const imp = lang === 'cjs' ? ["const http = require('node:http');"] : ["import http from 'node:http';"];
  return [
    '// Generated by eslint-plugin-lambda-shutdown (register-extension): registers an internal extension so that',
    '// Lambda sends SIGTERM before it ends the execution environment.',
    ...imp,
    '',
    `function request(method${T(': string')}, path${T(': string')}, headers${T(': Record<string, string>')}, body${T('?: string')})${T(': Promise<http.IncomingMessage>')} {`,
    '  return new Promise((resolve, reject) => {',
    "    const [host, port] = String(process.env.AWS_LAMBDA_RUNTIME_API).split(':');",
    '    const req = http.request({ host, port: Number(port), method, path, headers }, resolve);',
    "    req.on('error', reject);",
    '    if (body) req.write(body);',
    '    req.end();',
    '  });',
    '}',
    '',
    'if (process.env.AWS_LAMBDA_RUNTIME_API) {',
    "  request('POST', '/2020-01-01/extension/register', { 'Lambda-Extension-Name': 'lambda-shutdown' }, JSON.stringify({ events: [] }))",
    '    .then((res) => {',
    "      const id = String(res.headers['lambda-extension-identifier'] ?? '');",
    "      return request('GET', '/2020-01-01/extension/event/next', { 'Lambda-Extension-Identifier': id });",
    '    })',
    '    .then((res) => res.socket?.unref())',
    '    .catch(() => undefined);',
    '}',
    '',
  ].join('\n');
}

function testFile(app, subject, importName, r, kind) {
  const lang = app.lang;
  const em = new Emitter(lang, app.relExt);
  const vitest = app.testRunner === 'vitest';
  if (vitest) em.named('vitest', 'describe', 'it', 'expect', 'vi');
  const file = subject.testFile;
  em.named(em.rel(file, subject.file), importName);
  const lines = [...em.header(), ''];
  const mockFn = vitest ? 'vi.fn' : 'jest.fn';
  if (kind === 'handler') {
    lines.push(
      vitest ? "vi.mock('pg', () => ({ Pool: vi.fn(() => ({ query: vi.fn(async () => ({ rows: [] })), end: vi.fn() })), Client: vi.fn() }));" : "jest.mock('pg');",
      vitest ? "vi.mock('ioredis', () => ({ default: vi.fn(() => ({ get: vi.fn(), expire: vi.fn(), quit: vi.fn() })) }));" : "jest.mock('ioredis');",
      '',
      `const context = { awsRequestId: 'req-1', functionName: '${subject.name}', getRemainingTimeInMillis: () => 3000 }${em.T(' as any')};`,
      '',
      `describe('${subject.name}', () => {`,
    );
  } else {
    lines.push(`describe('${path.posix.basename(subject.file)}', () => {`);
  }
  const cases = r.size(3, 1, 10);
  for (let i = 0; i < cases; i++) {
    const f = r.pick(FIELDS);
    const st = r.pick(STATUSES);
    if (kind === 'handler') {
      lines.push(
        `  it('${r.pick(['handles', 'rejects', 'returns', 'retries'])} ${f} ${st.toLowerCase()} (${i})', async () => {`,
        `    const event = { id: 'evt-${i}', pathParameters: { id: '${app.e}-${i}' }, body: JSON.stringify({ ${f}: '${st}' }), Records: [], detail: { id: '${i}' }, time: new Date().toISOString() }${em.T(' as any')};`,
        `    const spy = ${mockFn}();`,
        `    const result = await ${importName}(event, context).catch((err${em.T(': unknown')}) => err);`,
        '    spy(result);',
        '    expect(spy).toHaveBeenCalledTimes(1);',
        `    expect(result).${r.pick(['toBeDefined()', 'not.toBeNull()', 'toBeTruthy()'])};`,
        '  });',
        '',
      );
    } else {
      lines.push(
        `  it('${r.pick(['works for', 'handles', 'keeps'])} ${f} (${i})', () => {`,
        `    const input = { id: '${i}', ${f}: '${st}', createdAt: '2024-0${(i % 9) + 1}-1${i % 9}T00:00:00.000Z' };`,
        `    expect(typeof ${importName}).toBe('${r.pick(['function', 'function', 'function'])}');`,
        '    expect(input).toMatchObject({ id: expect.any(String) });',
        '  });',
        '',
      );
    }
  }
  lines.push('});');
  return lines.join('\n') + '\n';
}

function localServerScript(app, r) {
  const em = new Emitter(app.lang, app.relExt);
  const http = em.def('node:http', 'http');
  const lines = [
    '// Local development server: routes HTTP requests to the handlers. Not deployed.',
    ...em.header(),
    '',
    `const port = Number(process.env.PORT ?? ${r.int(3000, 3999)});`,
    `const server = ${http}.createServer(async (req, res) => {`,
    "  const url = new URL(req.url ?? '/', `http://localhost:${port}`);",
    "  res.setHeader('content-type', 'application/json');",
    '  res.end(JSON.stringify({ path: url.pathname, method: req.method }));',
    '});',
    '',
    'server.listen(port, () => {',
    '  console.log(`listening on http://localhost:${port}`);',
    '});',
    '',
    `function stop(signal${em.T(': string')}) {`,
    '  console.log(`${signal}: closing the local server`);',
    '  server.close(() => process.exit(0));',
    '}',
    "process.on('SIGTERM', () => stop('SIGTERM'));",
    "process.on('SIGINT', () => stop('SIGINT'));",
  ];
  fill({ em, r, E: app.E, e: app.e, plural: app.plural, fields: FIELDS }, lines, r.int(40, 90));
  return lines.join('\n') + '\n' + em.footer().join('\n');
}

function genericScript(app, name, r) {
  const em = new Emitter(app.lang, app.relExt);
  const lines = [`// scripts/${name}: ${name === 'seed' ? 'loads fixture data into the dev database' : 'one-off maintenance task'}.`];
  const body = [
    '',
    `async function main()${em.T(': Promise<void>')} {`,
    "  const started = Date.now();",
    `  console.log('${name}: starting', { stage: process.env.STAGE ?? 'dev' });`,
    "  console.log(`done in ${Date.now() - started} ms`);",
    '}',
    '',
    'main().catch((err) => {',
    '  console.error(err);',
    '  process.exitCode = 1;',
    '});',
  ];
  fill({ em, r, E: app.E, e: app.e, plural: app.plural, fields: FIELDS }, body, r.int(25, 90));
  return [...lines, ...em.header(), ...body, ...em.footer()].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Deployment configuration
// ---------------------------------------------------------------------------------------------------------------

const eventsYaml = (fn, app) => {
  if (fn.source === 'api') return ['      Events:', '        Api:', '          Type: Api', '          Properties:', `            Path: ${fn.path}`, `            Method: ${fn.method.toLowerCase()}`];
  if (fn.source === 'sqs') return ['      Events:', '        Queue:', '          Type: SQS', '          Properties:', `            Queue: !GetAtt ${pascal(app.entity)}Queue.Arn`, '            BatchSize: 10', '            FunctionResponseTypes:', '              - ReportBatchItemFailures'];
  if (fn.source === 'schedule') return ['      Events:', '        Schedule:', '          Type: Schedule', '          Properties:', `            Schedule: ${fn.schedule}`];
  return ['      Events:', '        Rule:', '          Type: EventBridgeRule', '          Properties:', '            Pattern:', `              detail-type: ['${fn.detailType}']`];
};

function samTemplate(app, r) {
  const g = app.globals; // { layers: [keys] }
  const out = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    'Description: >',
    `  ${app.domain}-service`,
    '',
    `  ${pascal(app.domain)} service: API, queue consumers and scheduled jobs.`,
    '',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: dev',
    '    AllowedValues: [dev, staging, prod]',
    '  DatadogExtensionVersion:',
    '    Type: Number',
    `    Default: ${LAYERS.datadogExt.version}`,
    '  ExtraLayerArn:',
    '    Type: String',
    '    Description: an extra layer chosen per stage (samconfig.toml)',
    '',
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    Timeout: 10',
    `    MemorySize: ${r.pick([256, 512, 1024])}`,
    '    Tracing: Active',
    '    Architectures:',
    '      - x86_64',
  ];
  if (g.layers.length) {
    out.push('    Layers:');
    for (const k of g.layers) out.push(`      - !Sub arn:aws:lambda:\${AWS::Region}:${LAYERS[k].account}:layer:${LAYERS[k].name}:${LAYERS[k].version}`);
  }
  out.push(
    '    Environment:',
    '      Variables:',
    `        POWERTOOLS_SERVICE_NAME: ${app.domain}`,
    '        LOG_LEVEL: INFO',
    '        STAGE: !Ref Stage',
    `        TABLE_NAME: !Ref ${pascal(app.entity)}Table`,
    '        DATABASE_URL: !Sub "{{resolve:secretsmanager:${Stage}/' + app.domain + '/db:SecretString:url}}"',
    "        NODE_OPTIONS: --enable-source-maps",
    '',
    'Resources:',
    '  SharedDepsLayer:',
    '    Type: AWS::Serverless::LayerVersion',
    '    Properties:',
    `      LayerName: ${app.domain}-shared-deps`,
    '      ContentUri: layers/shared-deps/',
    '      CompatibleRuntimes:',
    '        - nodejs20.x',
    '    Metadata:',
    '      BuildMethod: nodejs20.x',
    '',
  );
  for (const fn of app.functions) {
    out.push(`  ${fn.logicalId}:`, '    Type: AWS::Serverless::Function', '    Properties:', '      CodeUri: src/', `      Handler: handlers/${fn.name}.handler`, `      Description: ${fn.name} (${fn.source})`);
    const own = fn.deploy.ownLayers;
    if (own.length) {
      out.push('      Layers:');
      for (const l of own) {
        if (l === 'own') out.push('        - !Ref SharedDepsLayer');
        else if (l === 'param') out.push('        - !Ref ExtraLayerArn');
        else if (l === 'datadogExt') out.push(`        - !Sub arn:aws:lambda:\${AWS::Region}:${LAYERS.datadogExt.account}:layer:Datadog-Extension:\${DatadogExtensionVersion}`);
        else if (r.chance(0.5)) out.push(`        - !Sub 'arn:aws:lambda:\${AWS::Region}:${LAYERS[l].account}:layer:${LAYERS[l].name}:${LAYERS[l].version}'`);
        else out.push(`        - ${arn(l)}`);
      }
    }
    if (fn.deploy.env.length || fn.source !== 'api') {
      out.push('      Environment:', '        Variables:');
      for (const [k, val] of fn.deploy.env) out.push(`          ${k}: ${val}`);
      if (fn.source !== 'api') out.push(`          BATCH_SIZE: ${r.pick([10, 25, 50])}`);
    }
    out.push('      Policies:', `        - DynamoDBCrudPolicy:`, `            TableName: !Ref ${pascal(app.entity)}Table`);
    out.push(...eventsYaml(fn, app));
    if (app.lang === 'ts') {
      out.push('    Metadata:', '      BuildMethod: esbuild', '      BuildProperties:', '        Minify: true', '        Target: es2022', '        Sourcemap: true', '        EntryPoints:', `          - handlers/${fn.name}.ts`);
    }
    out.push('');
  }
  out.push(
    `  ${pascal(app.entity)}Table:`,
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions:',
    '        - AttributeName: pk',
    '          AttributeType: S',
    '      KeySchema:',
    '        - AttributeName: pk',
    '          KeyType: HASH',
    '',
    `  ${pascal(app.entity)}Queue:`,
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    '      VisibilityTimeout: 60',
    '      RedrivePolicy:',
    `        deadLetterTargetArn: !GetAtt ${pascal(app.entity)}DeadLetterQueue.Arn`,
    '        maxReceiveCount: 5',
    '',
    `  ${pascal(app.entity)}DeadLetterQueue:`,
    '    Type: AWS::SQS::Queue',
    '',
    'Outputs:',
    '  ApiUrl:',
    "    Value: !Sub 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/'",
  );
  return out.join('\n') + '\n';
}

function serverlessYaml(app, r) {
  const p = app.provider; // { layers: [keys], datadogPlugin }
  const out = [
    `service: ${app.domain}-service`,
    "frameworkVersion: '3'",
    '',
    'plugins:',
    ...(app.lang === 'ts' ? ['  - serverless-esbuild'] : []),
    '  - serverless-offline',
    ...(p.datadogPlugin ? ['  - serverless-plugin-datadog'] : []),
    '',
    'custom:',
    "  stage: ${opt:stage, 'dev'}",
    '  region: us-east-1',
    `  tableName: ${app.domain}-\${self:custom.stage}`,
    '  layers:',
    `    insights: arn:aws:lambda:\${self:custom.region}:${LAYERS.insights.account}:layer:LambdaInsightsExtension:${LAYERS.insights.version}`,
    `    secrets: arn:aws:lambda:\${self:custom.region}:${LAYERS.secrets.account}:layer:AWS-Parameters-and-Secrets-Lambda-Extension:${LAYERS.secrets.version}`,
    `    powertools: arn:aws:lambda:\${self:provider.region}:${LAYERS.powertools.account}:layer:AWSLambdaPowertoolsTypeScriptV2:\${self:custom.versions.powertools}`,
    `    datadogNode: arn:aws:lambda:\${self:custom.region}:${LAYERS.ddNode.account}:layer:Datadog-Node20-x:${LAYERS.ddNode.version}`,
    '  versions:',
    `    powertools: ${LAYERS.powertools.version}`,
    ...(p.datadogPlugin ? ['  datadog:', '    site: datadoghq.eu', '    apiKeySecretArn: ${ssm:/datadog/api-key-secret-arn}', '    enableDDTracing: true'] : []),
    ...(app.lang === 'ts' ? ['  esbuild:', '    bundle: true', '    minify: false', '    sourcemap: true', '    target: node20'] : []),
    '',
    'provider:',
    '  name: aws',
    '  runtime: nodejs20.x',
    '  stage: ${self:custom.stage}',
    '  region: ${self:custom.region}',
    `  memorySize: ${r.pick([256, 512, 1024])}`,
    '  timeout: 10',
    '  tracing:',
    '    lambda: true',
  ];
  if (p.layers.length) {
    out.push('  layers:');
    for (const k of p.layers) out.push(`    - ${k === 'insights' || k === 'secrets' || k === 'powertools' ? `\${self:custom.layers.${k}}` : k === 'ddNode' ? '${self:custom.layers.datadogNode}' : arn(k)}`);
  }
  out.push(
    '  environment:',
    '    SERVICE_NAME: ${self:service}',
    '    STAGE: ${sls:stage}',
    '    TABLE_NAME: ${self:custom.tableName}',
    "    LOG_LEVEL: ${self:custom.logLevel, 'info'}",
    '    NODE_OPTIONS: --enable-source-maps',
    '  iam:',
    '    role:',
    '      statements:',
    '        - Effect: Allow',
    '          Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query, dynamodb:UpdateItem]',
    '          Resource: !GetAtt AppTable.Arn',
    '',
    'layers:',
    '  deps:',
    '    path: layers/deps',
    '    compatibleRuntimes: [nodejs20.x]',
    '',
    'functions:',
  );
  for (const fn of app.functions) {
    out.push(`  ${camel(fn.name)}:`, `    handler: src/handlers/${fn.name}.handler`);
    const d = fn.deploy;
    if (d.replaceLayers) {
      if (d.ownLayers.length === 0) out.push('    layers: []');
      else {
        out.push('    layers:');
        for (const l of d.ownLayers) {
          if (l === 'own') out.push('      - { Ref: DepsLambdaLayer }');
          else if (l === 'stageLayer') out.push(`      - arn:aws:lambda:\${aws:region}:\${aws:accountId}:layer:${app.domain}-deps-\${opt:stage}:3`);
          else if (l === 'insights' || l === 'secrets' || l === 'powertools') out.push(`      - \${self:custom.layers.${l}}`);
          else if (l === 'ddNode') out.push('      - ${self:custom.layers.datadogNode}');
          else if (l === 'otel') out.push(`      - arn:aws:lambda:\${aws:region}:${LAYERS.otel.account}:layer:${LAYERS.otel.name}:1`);
          else out.push(`      - ${arn(l)}`);
        }
      }
    }
    if (d.env.length) {
      out.push('    environment:');
      for (const [k, val] of d.env) out.push(`      ${k}: ${val}`);
    }
    if (fn.source === 'api') out.push('    events:', '      - httpApi:', `          path: ${fn.path}`, `          method: ${fn.method.toLowerCase()}`);
    else if (fn.source === 'sqs') out.push('    events:', '      - sqs:', '          arn: !GetAtt AppQueue.Arn', '          batchSize: 10', '          functionResponseType: ReportBatchItemFailures');
    else if (fn.source === 'schedule') out.push('    timeout: 300', '    events:', `      - schedule: ${fn.schedule}`);
    else out.push('    events:', '      - eventBridge:', '          pattern:', `            detail-type: ['${fn.detailType}']`);
    out.push('');
  }
  out.push(
    'resources:',
    '  Resources:',
    '    AppTable:',
    '      Type: AWS::DynamoDB::Table',
    '      Properties:',
    '        TableName: ${self:custom.tableName}',
    '        BillingMode: PAY_PER_REQUEST',
    '        AttributeDefinitions:',
    '          - AttributeName: pk',
    '            AttributeType: S',
    '        KeySchema:',
    '          - AttributeName: pk',
    '            KeyType: HASH',
    '    AppQueue:',
    '      Type: AWS::SQS::Queue',
    '      Properties:',
    '        VisibilityTimeout: 60',
  );
  return out.join('\n') + '\n';
}

function cdkStack(app, r) {
  const Stack = `${pascal(app.domain)}Stack`;
  const common = app.commonProps; // { layers: ['powertools'] | [] }
  const entryBase = app.cdkLayout === 'infra' ? '../../src/handlers' : '../src/handlers';
  const assetBase = app.cdkLayout === 'infra' ? '../../layers/shared-deps' : '../layers/shared-deps';
  const out = [
    "import * as path from 'path';",
    "import * as cdk from 'aws-cdk-lib';",
    "import { Construct } from 'constructs';",
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    "import * as apigw from 'aws-cdk-lib/aws-apigateway';",
    "import * as events from 'aws-cdk-lib/aws-events';",
    "import * as targets from 'aws-cdk-lib/aws-events-targets';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import * as sqs from 'aws-cdk-lib/aws-sqs';",
    "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';",
    "import { NodejsFunction, NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';",
    '',
    `export interface ${Stack}Props extends cdk.StackProps {`,
    '  readonly stage: string;',
    '}',
    '',
    `export class ${Stack} extends cdk.Stack {`,
    `  constructor(scope: Construct, id: string, props: ${Stack}Props) {`,
    '    super(scope, id, props);',
    '',
    `    const table = new dynamodb.Table(this, '${pascal(app.entity)}Table', {`,
    "      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },",
    '      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,',
    '      removalPolicy: cdk.RemovalPolicy.RETAIN,',
    '    });',
    `    const queue = new sqs.Queue(this, '${pascal(app.entity)}Queue', { visibilityTimeout: cdk.Duration.seconds(60) });`,
    `    const api = new apigw.RestApi(this, '${pascal(app.domain)}Api', { restApiName: '${app.domain}-\${props.stage}' });`,
    '',
    '    const powertoolsLayer = lambda.LayerVersion.fromLayerVersionArn(',
    '      this,',
    "      'PowertoolsLayer',",
    `      \`arn:aws:lambda:\${cdk.Stack.of(this).region}:${LAYERS.powertools.account}:layer:AWSLambdaPowertoolsTypeScriptV2:${LAYERS.powertools.version}\`,`,
    '    );',
    `    const insightsLayer = lambda.LayerVersion.fromLayerVersionArn(this, 'InsightsLayer', '${arn('insights')}');`,
    `    const datadogExtension = lambda.LayerVersion.fromLayerVersionArn(this, 'DatadogExtension', \`arn:aws:lambda:\${this.region}:${LAYERS.datadogExt.account}:layer:Datadog-Extension:${LAYERS.datadogExt.version}\`);`,
    "    const sharedDeps = new lambda.LayerVersion(this, 'SharedDeps', {",
    `      code: lambda.Code.fromAsset(path.join(__dirname, '${assetBase}')),`,
    '      compatibleRuntimes: [lambda.Runtime.NODEJS_20_X],',
    '    });',
    '',
    '    const commonProps: Partial<NodejsFunctionProps> = {',
    '      runtime: lambda.Runtime.NODEJS_20_X,',
    `      memorySize: ${r.pick([256, 512, 1024])},`,
    '      timeout: cdk.Duration.seconds(10),',
    '      tracing: lambda.Tracing.ACTIVE,',
    ...(common.layers.length ? ['      layers: [powertoolsLayer],'] : []),
    '      environment: {',
    '        TABLE_NAME: table.tableName,',
    `        POWERTOOLS_SERVICE_NAME: '${app.domain}',`,
    "        NODE_OPTIONS: '--enable-source-maps',",
    '      },',
    '      bundling: {',
    '        minify: true,',
    '        sourceMap: true,',
    "        externalModules: ['@aws-sdk/*'],",
    '      },',
    '    };',
    '',
  ];
  const after = [];
  for (const fn of app.functions) {
    const v = `${camel(fn.name)}Fn`;
    const d = fn.deploy;
    const props = ['      ...commonProps,', `      entry: path.join(__dirname, '${entryBase}/${fn.name}.ts'),`];
    if (d.layersProp !== undefined) props.push(`      layers: [${d.layersProp.join(', ')}],`);
    if (d.insights) props.push('      insightsVersion: lambda.LambdaInsightsVersion.VERSION_1_0_229_0,');
    if (d.adot) props.push('      adotInstrumentation: {', '        layerVersion: lambda.AdotLayerVersion.fromJavaScriptSdkLayerVersion(lambda.AdotLambdaLayerJavaScriptSdkVersion.LATEST),', '        execWrapper: lambda.AdotLambdaExecWrapper.REGULAR_HANDLER,', '      },');
    if (d.paramsAndSecrets) props.push('      paramsAndSecrets: lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103),');
    if (d.env.length) {
      props.push('      environment: {', '        TABLE_NAME: table.tableName,');
      for (const [k, val] of d.env) props.push(`        ${k}: ${val},`);
      props.push('      },');
    }
    if (fn.source === 'schedule') props.push('      timeout: cdk.Duration.minutes(5),');
    out.push(`    const ${v} = new NodejsFunction(this, '${fn.logicalId}', {`, ...props, '    });');
    if (d.addLayers) after.push(`    ${v}.addLayers(${d.addLayers});`);
    after.push(`    table.grant${fn.verb === 'get' || fn.verb === 'list' || fn.verb === 'search' ? 'ReadData' : 'ReadWriteData'}(${v});`);
    if (fn.source === 'api') after.push(`    api.root.resourceForPath('${fn.path.replace(/\{id\}/, '{id}')}').addMethod('${fn.method}', new apigw.LambdaIntegration(${v}));`);
    else if (fn.source === 'sqs') after.push(`    ${v}.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));`);
    else if (fn.source === 'schedule') after.push(`    new events.Rule(this, '${fn.logicalId}Schedule', { schedule: events.Schedule.expression('${fn.schedule}'), targets: [new targets.LambdaFunction(${v})] });`);
    else after.push(`    new events.Rule(this, '${fn.logicalId}Rule', { eventPattern: { detailType: ['${fn.detailType}'] }, targets: [new targets.LambdaFunction(${v})] });`);
  }
  out.push('', ...after, '', "    new cdk.CfnOutput(this, 'ApiUrl', { value: api.url });", '  }', '}', '');
  return out.join('\n');
}

function cdkBin(app) {
  const Stack = `${pascal(app.domain)}Stack`;
  const rel = app.cdkLayout === 'infra' ? `../lib/${app.domain}-stack` : `../lib/${app.domain}-stack`;
  return [
    '#!/usr/bin/env node',
    "import 'source-map-support/register';",
    "import * as cdk from 'aws-cdk-lib';",
    `import { ${Stack} } from '${rel}';`,
    '',
    'const app = new cdk.App();',
    "const stage = app.node.tryGetContext('stage') ?? 'dev';",
    `new ${Stack}(app, \`${pascal(app.domain)}-\${stage}\`, {`,
    '  stage,',
    '  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },',
    '});',
    '',
  ].join('\n');
}

function cdkStackTest(app) {
  const Stack = `${pascal(app.domain)}Stack`;
  return [
    "import * as cdk from 'aws-cdk-lib';",
    "import { Template } from 'aws-cdk-lib/assertions';",
    `import { ${Stack} } from '../lib/${app.domain}-stack';`,
    '',
    `test('${app.domain} stack creates ${app.functions.length} functions', () => {`,
    '  const app = new cdk.App();',
    `  const stack = new ${Stack}(app, 'Test', { stage: 'test' });`,
    '  const template = Template.fromStack(stack);',
    `  template.resourceCountIs('AWS::Lambda::Function', ${app.functions.length});`,
    "  template.hasResourceProperties('AWS::DynamoDB::Table', { BillingMode: 'PAY_PER_REQUEST' });",
    '});',
    '',
  ].join('\n');
}

function terraformFiles(app, r) {
  const files = {};
  files['versions.tf'] = [
    'terraform {',
    '  required_version = ">= 1.5"',
    '',
    '  required_providers {',
    '    aws = {',
    '      source  = "hashicorp/aws"',
    '      version = "~> 5.0"',
    '    }',
    '    archive = {',
    '      source  = "hashicorp/archive"',
    '      version = "~> 2.4"',
    '    }',
    '  }',
    '',
    '  backend "s3" {',
    `    bucket = "acme-terraform-state"`,
    `    key    = "apps/${app.domain}/terraform.tfstate"`,
    '    region = "us-east-1"',
    '  }',
    '}',
    '',
    'provider "aws" {',
    '  region = var.region',
    '  default_tags {',
    '    tags = {',
    `      Service = "${app.domain}"`,
    '      ManagedBy = "terraform"',
    '    }',
    '  }',
    '}',
    '',
  ].join('\n');
  files['variables.tf'] = [
    'variable "region" {',
    '  type    = string',
    '  default = "us-east-1"',
    '}',
    '',
    'variable "stage" {',
    '  type    = string',
    '  default = "dev"',
    '}',
    '',
    'variable "extra_layers" {',
    '  description = "Layer ARNs added per environment"',
    '  type        = list(string)',
    '  default     = []',
    '}',
    '',
    'variable "log_retention_days" {',
    '  type    = number',
    '  default = 14',
    '}',
    '',
  ].join('\n');
  const main = [
    'locals {',
    `  service           = "${app.domain}"`,
    `  insights_layer    = "arn:aws:lambda:\${var.region}:${LAYERS.insights.account}:layer:LambdaInsightsExtension:${LAYERS.insights.version}"`,
    `  powertools_layer  = "arn:aws:lambda:\${var.region}:${LAYERS.powertools.account}:layer:AWSLambdaPowertoolsTypeScriptV2:${LAYERS.powertools.version}"`,
    `  datadog_extension = "arn:aws:lambda:\${var.region}:${LAYERS.datadogExt.account}:layer:Datadog-Extension:${LAYERS.datadogExt.version}"`,
    '  common_env = {',
    '    STAGE     = var.stage',
    '    LOG_LEVEL = "INFO"',
    '  }',
    '}',
    '',
    'data "aws_iam_policy_document" "assume" {',
    '  statement {',
    '    actions = ["sts:AssumeRole"]',
    '    principals {',
    '      type        = "Service"',
    '      identifiers = ["lambda.amazonaws.com"]',
    '    }',
    '  }',
    '}',
    '',
    'resource "aws_iam_role" "lambda" {',
    '  name               = "${local.service}-${var.stage}-lambda"',
    '  assume_role_policy = data.aws_iam_policy_document.assume.json',
    '}',
    '',
    'resource "aws_iam_role_policy_attachment" "basic" {',
    '  role       = aws_iam_role.lambda.name',
    '  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"',
    '}',
    '',
    'resource "aws_lambda_layer_version" "deps" {',
    '  layer_name          = "${local.service}-deps"',
    '  filename            = "${path.module}/build/deps.zip"',
    '  compatible_runtimes = ["nodejs20.x"]',
    '}',
    '',
  ];
  const layerExpr = (l) =>
    l === 'insights' ? 'local.insights_layer' : l === 'powertools' ? 'local.powertools_layer' : l === 'datadogExt' ? 'local.datadog_extension' : l === 'own' ? 'aws_lambda_layer_version.deps.arn' : `"${arn(l).replace('us-east-1', '${var.region}')}"`;
  const layersAttr = (d) => (d.layersVar ? ['  layers = var.extra_layers'] : d.ownLayers.length ? ['  layers = [', ...d.ownLayers.map((l) => `    ${layerExpr(l)},`), '  ]'] : []);
  for (const fn of app.functions) {
    const id = snake(fn.name);
    const d = fn.deploy;
    const env = [...d.env];
    if (app.tfStyle === 'resource') {
      main.push(
        `data "archive_file" "${id}" {`,
        '  type        = "zip"',
        `  source_dir  = "\${path.module}/../src/${fn.name}"`,
        `  output_path = "\${path.module}/build/${fn.name}.zip"`,
        '}',
        '',
        `resource "aws_lambda_function" "${id}" {`,
        `  function_name    = "\${local.service}-\${var.stage}-${fn.name}"`,
        '  role             = aws_iam_role.lambda.arn',
        '  handler          = "index.handler"',
        '  runtime          = "nodejs20.x"',
        `  filename         = data.archive_file.${id}.output_path`,
        `  source_code_hash = data.archive_file.${id}.output_base64sha256`,
        `  timeout          = ${fn.source === 'schedule' ? 300 : 10}`,
        `  memory_size      = ${r.pick([256, 512, 1024])}`,
        '',
        ...layersAttr(d),
        '',
        '  environment {',
        '    variables = {',
        '      STAGE     = var.stage',
        '      LOG_LEVEL = "INFO"',
        ...env.map(([k, val]) => `      ${k} = "${val}"`),
        '    }',
        '  }',
        '',
        '  tracing_config {',
        '    mode = "Active"',
        '  }',
        '}',
        '',
        `resource "aws_cloudwatch_log_group" "${id}" {`,
        `  name              = "/aws/lambda/\${aws_lambda_function.${id}.function_name}"`,
        '  retention_in_days = var.log_retention_days',
        '}',
        '',
      );
    } else {
      main.push(
        `module "${id}" {`,
        '  source  = "terraform-aws-modules/lambda/aws"',
        '  version = "~> 7.0"',
        '',
        `  function_name = "\${local.service}-\${var.stage}-${fn.name}"`,
        `  handler       = "handlers/${fn.name}.handler"`,
        '  runtime       = "nodejs20.x"',
        `  timeout       = ${fn.source === 'schedule' ? 300 : 10}`,
        '  create_package         = true',
        '  source_path            = "${path.module}/../dist"',
        '  attach_tracing_policy  = true',
        '  tracing_mode           = "Active"',
        '',
        ...layersAttr(d),
        '',
        '  environment_variables = {',
        '    STAGE     = var.stage',
        '    LOG_LEVEL = "INFO"',
        ...env.map(([k, val]) => `    ${k} = "${val}"`),
        '  }',
        '',
        '  tags = {',
        `    Function = "${fn.name}"`,
        '  }',
        '}',
        '',
      );
    }
  }
  files['main.tf'] = main.join('\n');
  files['outputs.tf'] = app.functions
    .map((fn) =>
      app.tfStyle === 'resource'
        ? `output "${snake(fn.name)}_arn" {\n  value = aws_lambda_function.${snake(fn.name)}.arn\n}\n`
        : `output "${snake(fn.name)}_arn" {\n  value = module.${snake(fn.name)}.lambda_function_arn\n}\n`,
    )
    .join('\n');
  return files;
}

function rootInfra() {
  return {
    'network.tf': [
      'module "vpc" {',
      '  source  = "terraform-aws-modules/vpc/aws"',
      '  version = "~> 5.0"',
      '',
      '  name = "acme-${var.stage}"',
      '  cidr = "10.20.0.0/16"',
      '',
      '  azs             = ["us-east-1a", "us-east-1b", "us-east-1c"]',
      '  private_subnets = ["10.20.1.0/24", "10.20.2.0/24", "10.20.3.0/24"]',
      '  public_subnets  = ["10.20.101.0/24", "10.20.102.0/24", "10.20.103.0/24"]',
      '',
      '  enable_nat_gateway = true',
      '  single_nat_gateway = var.stage != "prod"',
      '}',
      '',
      'resource "aws_security_group" "lambda" {',
      '  name   = "acme-${var.stage}-lambda"',
      '  vpc_id = module.vpc.vpc_id',
      '',
      '  egress {',
      '    from_port   = 0',
      '    to_port     = 0',
      '    protocol    = "-1"',
      '    cidr_blocks = ["0.0.0.0/0"]',
      '  }',
      '}',
      '',
    ].join('\n'),
    'database.tf': [
      'resource "aws_db_subnet_group" "main" {',
      '  name       = "acme-${var.stage}"',
      '  subnet_ids = module.vpc.private_subnets',
      '}',
      '',
      'resource "aws_rds_cluster" "main" {',
      '  cluster_identifier     = "acme-${var.stage}"',
      '  engine                 = "aurora-postgresql"',
      '  engine_mode            = "provisioned"',
      '  engine_version         = "15.4"',
      '  database_name          = "acme"',
      '  master_username        = "acme"',
      '  manage_master_user_password = true',
      '  db_subnet_group_name   = aws_db_subnet_group.main.name',
      '  vpc_security_group_ids = [aws_security_group.lambda.id]',
      '',
      '  serverlessv2_scaling_configuration {',
      '    min_capacity = 0.5',
      '    max_capacity = 8',
      '  }',
      '}',
      '',
      'resource "aws_db_proxy" "main" {',
      '  name                   = "acme-${var.stage}"',
      '  engine_family          = "POSTGRESQL"',
      '  role_arn               = aws_iam_role.proxy.arn',
      '  vpc_subnet_ids         = module.vpc.private_subnets',
      '  require_tls            = true',
      '',
      '  auth {',
      '    auth_scheme = "SECRETS"',
      '    iam_auth    = "REQUIRED"',
      '    secret_arn  = aws_rds_cluster.main.master_user_secret[0].secret_arn',
      '  }',
      '}',
      '',
    ].join('\n'),
    'cache.tf': [
      'resource "aws_elasticache_subnet_group" "main" {',
      '  name       = "acme-${var.stage}"',
      '  subnet_ids = module.vpc.private_subnets',
      '}',
      '',
      'resource "aws_elasticache_replication_group" "main" {',
      '  replication_group_id = "acme-${var.stage}"',
      '  description          = "shared redis"',
      '  engine               = "redis"',
      '  node_type            = "cache.t4g.small"',
      '  num_cache_clusters   = 2',
      '  subnet_group_name    = aws_elasticache_subnet_group.main.name',
      '  security_group_ids   = [aws_security_group.lambda.id]',
      '  transit_encryption_enabled = true',
      '}',
      '',
    ].join('\n'),
    'variables.tf': ['variable "stage" {', '  type    = string', '  default = "dev"', '}', ''].join('\n'),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The plan: apps, functions, their deployments and expected extension status
// ---------------------------------------------------------------------------------------------------------------

/** The layer mix a function draws. */
const CATEGORY_WEIGHTS = [['ext', 36], ['lib', 20], ['none', 22], ['unknown', 9], ['internalCode', 8], ['internalEnv', 5]];

/** Tool-specific realisation of a drawn category; returns the deployment description and the kinds it implies. */
function deployFor(tool, app, cat, r) {
  const env = [];
  let internalEnv = false;
  if (cat === 'internalEnv') {
    internalEnv = true;
    env.push(['NODE_OPTIONS', r.pick(['--require ./otel-preload.js', '--enable-source-maps --require ./lambda-shutdown-extension.js', '--import ./instrumentation.mjs'])]);
  }
  // Layers as the function itself writes them (before inheritance).
  if (tool === 'sam') {
    const globalKinds = app.globals.layers.map((k) => LAYERS[k].kind);
    let own = [];
    if (cat === 'ext') own = r.chance(0.3) ? ['datadogExt', ...(r.chance(0.5) ? ['ddNode'] : [])] : [r.pick(EXT_LAYER_KEYS)];
    else if (cat === 'lib') own = app.globals.layers.includes('powertools') ? (r.chance(0.5) ? [] : ['ddNode']) : [r.pick(['powertools', 'ddNode'])];
    else if (cat === 'unknown') own = [r.pick(['own', 'own', 'param'])];
    else if (cat === 'internalCode' || cat === 'internalEnv') own = r.chance(0.5) ? [] : ['powertools'];
    const kinds = [...globalKinds, ...own.map((k) => (k === 'own' || k === 'param' ? 'unknown' : LAYERS[k].kind))];
    return { deploy: { ownLayers: own, env }, kinds, implicit: false, internalEnv, unknownReason: false };
  }
  if (tool === 'serverless') {
    const providerKinds = app.provider.layers.map((k) => LAYERS[k].kind);
    let replace = false;
    let own = [];
    let unknownReason = false;
    const providerHasExt = providerKinds.includes('ext');
    if (cat === 'ext') {
      if (providerHasExt && r.chance(0.7)) replace = false;
      else {
        replace = true;
        own = [r.pick(['insights', 'secrets', 'otel', 'datadogExt']), ...(r.chance(0.5) ? ['powertools'] : [])];
      }
    } else if (cat === 'lib' || cat === 'none') {
      // functions.<name>.layers REPLACES provider.layers: the trap the docs describe.
      if (providerHasExt || (cat === 'none' && app.provider.layers.length)) {
        replace = true;
        own = cat === 'lib' ? ['powertools'] : [];
      } else if (cat === 'lib' && !app.provider.layers.length) {
        replace = true;
        own = [r.pick(['powertools', 'ddNode'])];
      }
    } else if (cat === 'unknown') {
      replace = true;
      const u = r.pick(['own', 'stageLayer']);
      own = [u, 'powertools'];
      if (u === 'stageLayer') unknownReason = true;
    } else {
      replace = providerHasExt;
      own = providerHasExt ? ['powertools'] : [];
    }
    const layerKeys = replace ? own : app.provider.layers;
    const kinds = layerKeys.map((k) => (k === 'own' || k === 'stageLayer' ? 'unknown' : LAYERS[k].kind));
    return { deploy: { replaceLayers: replace, ownLayers: own, env }, kinds, implicit: app.provider.datadogPlugin, internalEnv, unknownReason };
  }
  if (tool === 'cdk') {
    const d = { env, layersProp: undefined, insights: false, adot: false, paramsAndSecrets: false, addLayers: null };
    const inherited = app.commonProps.layers.length ? ['lib'] : [];
    let kinds = inherited;
    let implicit = false;
    if (cat === 'ext') {
      const how = r.pick(['insightsVersion', 'layers', 'addLayers', 'adot', 'paramsAndSecrets']);
      if (how === 'insightsVersion') (d.insights = true), (implicit = true);
      else if (how === 'adot') (d.adot = true), (implicit = true);
      else if (how === 'paramsAndSecrets') (d.paramsAndSecrets = true), (implicit = true);
      else if (how === 'layers') (d.layersProp = ['powertoolsLayer', 'insightsLayer']), (kinds = ['lib', 'ext']);
      else (d.addLayers = 'datadogExtension'), (kinds = [...inherited, 'ext']);
    } else if (cat === 'lib') {
      if (!inherited.length) (d.layersProp = ['powertoolsLayer']), (kinds = ['lib']);
    } else if (cat === 'none') {
      if (inherited.length) (d.layersProp = []), (kinds = []);
    } else if (cat === 'unknown') {
      d.layersProp = ['powertoolsLayer', 'sharedDeps'];
      kinds = ['lib', 'unknown'];
    }
    if (internalEnv) d.env = env.map(([k, v]) => [k, `'${v}'`]);
    return { deploy: d, kinds, implicit, internalEnv, unknownReason: false };
  }
  // terraform
  let own = [];
  let layersVar = false;
  if (cat === 'ext') own = r.chance(0.5) ? ['powertools', 'insights'] : [r.pick(['datadogExt', 'otel', 'secrets', 'insights'])];
  else if (cat === 'lib') own = ['powertools'];
  else if (cat === 'unknown') r.chance(0.5) ? (layersVar = true) : (own = ['powertools', 'own']);
  else if (cat === 'internalCode' || cat === 'internalEnv') own = r.chance(0.5) ? [] : ['powertools'];
  const kinds = layersVar ? ['unknown'] : own.map((k) => (k === 'own' ? 'unknown' : LAYERS[k].kind));
  return { deploy: { ownLayers: own, layersVar, env }, kinds, implicit: false, internalEnv, unknownReason: false };
}

function planApps(seed, cdkLayout) {
  const r = new Rng(seed, 'plan');
  const apps = [];
  // Per tool, the inherited layers of its five apps.
  const samGlobals = [['powertools'], [], ['powertools', 'ddNode'], ['insights'], ['powertools']];
  const slsProviders = [{ layers: ['insights', 'powertools'] }, { layers: [] }, { layers: ['powertools'] }, { layers: [], datadogPlugin: true }, { layers: ['secrets'] }];
  const cdkCommon = [{ layers: ['powertools'] }, { layers: [] }, { layers: ['powertools'] }, { layers: [] }, { layers: ['powertools'] }];
  const langs = { sam: ['ts', 'ts', 'esm', 'ts', 'esm'], serverless: ['cjs', 'ts', 'cjs', 'cjs', 'ts'], cdk: ['ts', 'ts', 'ts', 'ts', 'ts'], terraform: ['esm', 'ts', 'esm', 'ts', 'esm'] };
  for (let i = 0; i < DOMAINS.length; i++) {
    const [domain, entity, plural, related] = DOMAINS[i];
    const tool = TOOLS[i % TOOLS.length];
    const k = Math.floor(i / TOOLS.length);
    const lang = langs[tool][k];
    const ar = new Rng(seed, `app:${i}`);
    const dir = `apps/${String(i + 1).padStart(2, '0')}-${domain}`;
    const tfStyle = tool === 'terraform' ? (lang === 'ts' ? 'module' : 'resource') : null;
    const app = {
      index: i,
      domain,
      entity,
      plural,
      related,
      E: pascal(entity),
      e: camel(entity),
      tool,
      lang,
      relExt: lang === 'ts' ? ar.pick(['.js', '']) : '',
      dir,
      srcDir: `${dir}/src`,
      testRunner: ar.pick(['vitest', 'vitest', 'jest']),
      tfStyle,
      cdkLayout,
      globals: tool === 'sam' ? { layers: samGlobals[k] } : null,
      provider: tool === 'serverless' ? { layers: slsProviders[k].layers, datadogPlugin: !!slsProviders[k].datadogPlugin } : null,
      commonProps: tool === 'cdk' ? cdkCommon[k] : null,
      configFile:
        tool === 'sam' ? `${dir}/template.yaml` : tool === 'serverless' ? `${dir}/serverless.yml` : tool === 'cdk' ? (cdkLayout === 'infra' ? `${dir}/infra/lib/${domain}-stack.ts` : `${dir}/lib/${domain}-stack.ts`) : `${dir}/terraform/main.tf`,
      functions: [],
    };
    app.extensionModule = `${app.srcDir}/lib/lambda-shutdown-extension.${fileExt(lang)}`;
    const shapes = ar.sample(FUNCTION_SHAPES, 10);
    for (const [verb, obj, source] of shapes) {
      const noun = obj === 's' ? entity : obj === 'p' ? plural : `${entity}${obj.slice(1)}`;
      const name = `${verb}-${noun}`;
      const fr = new Rng(seed, `fn:${dir}:${name}`);
      const cat = fr.weighted(CATEGORY_WEIGHTS);
      const realised = deployFor(tool, app, cat, fr);
      const codeImport = cat === 'internalCode';
      const status = expectedStatus({ codeImport, implicit: realised.implicit, layers: realised.kinds, internalEnv: realised.internalEnv, unknownReason: realised.unknownReason });
      const resourcePool = ['pg', 'pg', 'ioredis', 'mysql2', 'dynamo'];
      const moduleResources = fr.chance(0.8) ? [...new Set(fr.sample(resourcePool, fr.int(1, 3)))] : [];
      const ext = fileExt(lang);
      const file = tool === 'terraform' && tfStyle === 'resource' ? `${app.srcDir}/${name}/index.${ext}` : `${app.srcDir}/handlers/${name}.${ext}`;
      const fn = {
        name,
        verb,
        source,
        logicalId: `${pascal(name)}Function`,
        method: { get: 'GET', list: 'GET', search: 'GET', create: 'POST', update: 'PUT', delete: 'DELETE' }[verb] ?? 'POST',
        path: verb === 'list' || verb === 'search' || verb === 'create' ? `/${plural}` : `/${plural}/{id}`,
        queue: `${domain}-${entity}-queue`,
        schedule: fr.pick(['rate(5 minutes)', 'rate(1 hour)', 'cron(0 3 * * ? *)', 'rate(15 minutes)']),
        detailType: `${pascal(entity)}${fr.pick(['Changed', 'Created', 'StatusUpdated'])}`,
        file,
        category: cat,
        codeImport,
        status,
        sigterm: fr.chance(0.5),
        moduleResources,
        perInvocation: fr.chance(0.35),
        lines: fr.size(120, 55, 270, 0.5),
        deploy: realised.deploy,
        layerKinds: realised.kinds,
      };
      app.functions.push(fn);
    }
    apps.push(app);
  }
  void r;
  return apps;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------------

const SOURCE_RE = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/**
 * Writes the monorepo into outDir (replacing what is there). Returns the manifest (also written as manifest.json).
 * @param {{ outDir?: string, seed?: number, cdkLayout?: 'infra' | 'app', quiet?: boolean }} [options]
 */
export function generateMonorepo(options = {}) {
  const { outDir = DEFAULT_OUT_DIR, seed = DEFAULT_SEED, cdkLayout = 'infra', quiet = false } = options;
  if (cdkLayout !== 'infra' && cdkLayout !== 'app') throw new Error(`cdkLayout is 'infra' or 'app', not ${cdkLayout}`);
  if (fs.existsSync(outDir)) {
    const ours = fs.existsSync(path.join(outDir, MANIFEST)) || fs.readdirSync(outDir).length === 0;
    if (!ours) throw new Error(`refusing to replace ${outDir}: it has no ${MANIFEST}`);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  const started = Date.now();
  const written = new Map(); // rel -> text
  const put = (rel, text) => {
    if (written.has(rel)) throw new Error(`generated twice: ${rel}`);
    written.set(rel, text);
  };

  const apps = planApps(seed, cdkLayout);

  // Root files
  put('package.json', JSON.stringify({ name: 'acme-platform', private: true, workspaces: ['apps/*', 'packages/*'], scripts: { test: 'vitest run', lint: 'eslint .' } }, null, 2) + '\n');
  put('tsconfig.base.json', JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, sourceMap: true, skipLibCheck: true } }, null, 2) + '\n');
  put('README.md', '# acme-platform\n\nGenerated by bench/monorepo.mjs for the require-extension lint-time bench. Not a real project.\n');
  for (const [name, text] of Object.entries(rootInfra())) put(`infra/${name}`, text);

  for (const app of apps) {
    const r = new Rng(seed, `files:${app.dir}`);
    const ext = fileExt(app.lang);
    const libs = planLib(app, r);
    app.libFiles = libs;
    put(`${app.dir}/package.json`, JSON.stringify({ name: `@acme/${app.domain}`, private: true, ...(app.lang === 'cjs' ? {} : { type: 'module' }), scripts: { test: app.testRunner === 'vitest' ? 'vitest run' : 'jest' } }, null, 2) + '\n');
    if (app.lang === 'ts') put(`${app.dir}/tsconfig.json`, JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'dist', rootDir: 'src' }, include: ['src'] }, null, 2) + '\n');

    // Deployment configuration
    if (app.tool === 'sam') {
      put(app.configFile, samTemplate(app, r));
      put(`${app.dir}/samconfig.toml`, `version = 0.1\n[default.deploy.parameters]\nstack_name = "${app.domain}"\nresolve_s3 = true\ncapabilities = "CAPABILITY_IAM"\n`);
    } else if (app.tool === 'serverless') {
      put(app.configFile, serverlessYaml(app, r));
    } else if (app.tool === 'cdk') {
      const cdkDir = cdkLayout === 'infra' ? `${app.dir}/infra` : app.dir;
      put(app.configFile, cdkStack(app, r));
      put(`${cdkDir}/bin/${app.domain}.ts`, cdkBin(app));
      put(`${cdkDir}/test/${app.domain}-stack.test.ts`, cdkStackTest(app));
      put(`${cdkDir}/cdk.json`, JSON.stringify({ app: `npx ts-node --prefer-ts-exts bin/${app.domain}.ts`, context: { '@aws-cdk/aws-lambda:recognizeLayerVersion': true } }, null, 2) + '\n');
      if (cdkLayout === 'infra') put(`${cdkDir}/package.json`, JSON.stringify({ name: `@acme/${app.domain}-infra`, private: true, bin: { infra: `bin/${app.domain}.js` } }, null, 2) + '\n');
    } else {
      for (const [name, text] of Object.entries(terraformFiles(app, r))) put(`${app.dir}/terraform/${name}`, text);
    }

    // Handlers
    const ctx = { ...app, app, libFiles: libs };
    for (const fn of app.functions) put(fn.file, handlerFile(ctx, fn, new Rng(seed, `handler:${fn.file}`)));
    if (app.functions.some((f) => f.codeImport)) put(app.extensionModule, extensionModule(app.lang));

    // Library modules
    for (const lib of libs) put(lib.file, libFile(app, lib, new Rng(seed, `lib:${lib.file}`)));

    // Tests
    const testExt = app.lang === 'ts' ? 'ts' : app.lang === 'esm' ? 'mjs' : 'js';
    for (const fn of app.functions) {
      const subject = { file: fn.file, name: fn.name, testFile: `${app.dir}/tests/unit/handlers/${fn.name}.test.${testExt}` };
      put(subject.testFile, testFile(app, subject, 'handler', new Rng(seed, `test:${subject.testFile}`), 'handler'));
    }
    for (const lib of r.sample(libs, r.int(8, 12))) {
      const rel = lib.file.slice(app.srcDir.length + 1).replace(/\.[^.]+$/, '').replace(/\//g, '-');
      const subject = { file: lib.file, name: rel, testFile: `${app.dir}/tests/unit/lib/${rel}.test.${testExt}` };
      put(subject.testFile, testFile(app, subject, lib.exports[0], new Rng(seed, `test:${subject.testFile}`), 'lib'));
    }
    for (const name of ['fixtures', 'mocks']) {
      const em = new Emitter(app.lang, app.relExt);
      const body = [`// test helpers: ${name}`];
      fill({ em, r, E: app.E, e: app.e, plural: app.plural, fields: FIELDS }, body, r.int(20, 60));
      put(`${app.dir}/tests/helpers/${name}.${testExt}`, [...em.header(), ...body, ...em.footer()].join('\n') + '\n');
    }

    // Scripts
    put(`${app.dir}/scripts/local-server.${ext}`, localServerScript(app, r));
    for (const name of r.sample(['seed', 'migrate', 'backfill', 'rotate-keys'], 2)) put(`${app.dir}/scripts/${name}.${ext}`, genericScript(app, name, r));
  }

  // Shared packages, filled up to MIN_SOURCE_FILES source files in all.
  const PACKAGES = ['observability', 'validation', 'db', 'http', 'config', 'events', 'testing', 'feature-flags'];
  const pr = new Rng(seed, 'packages');
  let sources = [...written.keys()].filter((f) => SOURCE_RE.test(f)).length;
  const perPackage = Math.ceil(Math.max(0, MIN_SOURCE_FILES - sources) / PACKAGES.length);
  for (const pkg of PACKAGES) {
    const papp = { domain: pkg, lang: 'ts', relExt: '.js', E: pascal(pkg), e: camel(pkg), plural: `${pkg}-items` };
    put(`packages/${pkg}/package.json`, JSON.stringify({ name: `@acme/${pkg}`, version: '1.0.0', type: 'module', main: 'dist/index.js', types: 'dist/index.d.ts' }, null, 2) + '\n');
    const modules = [];
    for (let i = 0; i < perPackage; i++) {
      const isTest = i % 5 === 4;
      const name = isTest ? `test/${pkg}-${i}.test.ts` : `src/${pr.pick(['core', 'internal', 'adapters', 'utils'])}/${pr.pick(['format', 'parse', 'client', 'cache', 'guard', 'retry', 'map', 'index', 'types', 'codec'])}-${i}.ts`;
      const em = new Emitter('ts', '.js');
      const body = [];
      if (modules.length && pr.chance(0.6)) {
        const dep = pr.pick(modules);
        em.named(em.rel(`packages/${pkg}/${name}`, `packages/${pkg}/${dep.file}`), dep.name);
      }
      if (isTest) {
        em.named('vitest', 'describe', 'it', 'expect');
        body.push(`describe('${pkg} ${i}', () => {`, "  it('works', () => {", '    expect(1 + 1).toBe(2);', '  });', '});');
      }
      const c = { em, r: pr, E: papp.E, e: papp.e, plural: papp.plural, fields: FIELDS };
      fill(c, body, pr.size(38, 12, 140));
      const firstExport = [...em.names][0];
      if (!isTest && firstExport) modules.push({ file: name, name: firstExport });
      put(`packages/${pkg}/${name}`, [...em.header(), '', ...body].join('\n') + '\n');
    }
    put(`packages/${pkg}/src/index.ts`, modules.slice(0, 12).map((m) => `export { ${m.name} } from './${m.file.slice(4).replace(/\.ts$/, '.js')}';`).join('\n') + '\n');
  }

  for (const [rel, text] of written) {
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  }

  // Manifest
  const functions = apps.flatMap((app) =>
    app.functions.map((fn) => ({
      app: app.dir,
      tool: app.tool,
      name: fn.name,
      handler: fn.file,
      config: app.configFile,
      category: fn.category,
      layerKinds: fn.layerKinds,
      status: fn.status,
      sigterm: fn.sigterm,
      moduleResources: fn.moduleResources,
      lines: written.get(fn.file).split('\n').length - 1,
    })),
  );
  sources = [...written.keys()].filter((f) => SOURCE_RE.test(f));
  const byExt = {};
  for (const f of sources) byExt[path.extname(f).slice(1)] = (byExt[path.extname(f).slice(1)] ?? 0) + 1;
  const count = (pred) => functions.filter(pred).length;
  const expected = functions.filter((f) => f.status === 'none' && f.sigterm).map((f) => f.handler).sort();
  const byTool = {};
  for (const tool of TOOLS) {
    byTool[tool] = {
      apps: apps.filter((a) => a.tool === tool).length,
      functions: count((f) => f.tool === tool),
      sigterm: count((f) => f.tool === tool && f.sigterm),
      expectedFindings: count((f) => f.tool === tool && f.status === 'none' && f.sigterm),
    };
  }
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    cdkLayout,
    apps: apps.map((a) => ({ dir: a.dir, tool: a.tool, lang: a.lang, config: a.configFile, functions: a.functions.length })),
    files: {
      total: written.size,
      sources: sources.length,
      byExt,
      lines: sources.reduce((s, f) => s + written.get(f).split('\n').length - 1, 0),
      deploymentConfigs: [...written.keys()].filter((f) => /(^|\/)(template\.yaml|serverless\.yml|[^/]+\.tf)$/.test(f) || apps.some((a) => a.tool === 'cdk' && a.configFile === f)).length,
    },
    functions: {
      total: functions.length,
      sigterm: count((f) => f.sigterm),
      byStatus: Object.fromEntries(['external', 'internal', 'unknown', 'none'].map((s) => [s, count((f) => f.status === s)])),
      byTool,
      list: functions,
    },
    expected: { requireExtension: expected },
  };
  fs.writeFileSync(path.join(outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  if (!quiet) {
    console.log(
      `monorepo: ${apps.length} apps, ${functions.length} functions (${manifest.functions.sigterm} with a SIGTERM listener; status ${Object.entries(manifest.functions.byStatus).map(([k, v]) => `${k} ${v}`).join(', ')}), ` +
        `${sources.length} source files (${Object.entries(byExt).map(([k, v]) => `${v} .${k}`).join(', ')}), expected require-extension findings ${expected.length} ` +
        `-> ${path.relative(process.cwd(), outDir) || outDir} (${Date.now() - started} ms)`,
    );
  }
  return { outDir, ...manifest };
}

/** Reads the manifest, or null when missing or for other parameters. */
export function readManifest(outDir = DEFAULT_OUT_DIR) {
  try {
    return JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST), 'utf8'));
  } catch {
    return null;
  }
}

/** Generates only when the manifest does not match (seed, cdkLayout, generator version) or files are missing. */
export function ensureMonorepo(options = {}) {
  const { outDir = DEFAULT_OUT_DIR, seed = DEFAULT_SEED, cdkLayout = 'infra' } = options;
  const m = readManifest(outDir);
  if (m && m.generatorVersion === GENERATOR_VERSION && m.seed === seed && m.cdkLayout === cdkLayout && m.functions.list.every((f) => fs.existsSync(path.join(outDir, f.handler)))) {
    return { outDir, ...m, reused: true };
  }
  return { ...generateMonorepo(options), reused: false };
}

function parseArgs(argv) {
  return benchOptions(
    argv,
    { out: { type: 'path', key: 'outDir' }, seed: { type: 'int', min: 0 }, 'cdk-layout': { type: 'choice', choices: ['infra', 'app'] }, force: { type: 'boolean' } },
    { usage: 'usage: node bench/monorepo.mjs [--out DIR] [--seed S] [--cdk-layout infra|app] [--force]' },
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const o = parseArgs(process.argv.slice(2));
    const m = o.force ? generateMonorepo(o) : ensureMonorepo(o);
    if (m.reused) console.log(`monorepo up to date: ${m.functions.total} functions, ${m.files.sources} source files in ${m.outDir}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
