#!/usr/bin/env node
/**
 * Deterministic generator of a corpus of Lambda-style source files for bench/lint.mjs.
 *
 * Usage: node bench/corpus.mjs [--out DIR] [--count N] [--seed S] [--examples DIR] [--force]
 *
 * Writes `count` generated files (default 2,000) under `<out>/generated/` and copies every file under
 * examples/src/ to `<out>/examples/`. The output depends only on (seed, count, GENERATOR_VERSION) and the
 * examples: file i is generated from its own PRNG stream (seed, i), so files do not shift when count changes.
 * A manifest (`<out>/manifest.json`) records what was generated; `ensureCorpus()` regenerates only when it
 * no longer matches.
 *
 * What the files contain (by weight): handlers with module-scope resources (pg, mysql2, ioredis, node-redis,
 * mongodb, mongoose, knex, Prisma, undici, node:fs streams, node:net sockets, https keep-alive agents, AWS SDK
 * clients) with and without SIGTERM cleanup (correct, partial, missing exit, exit before await, synchronous work,
 * `beforeExit`), lazily-initialised resources, per-invocation clients with and without try/finally, SIGTERM
 * listeners registered inside the handler, middy / Powertools-wrapped handlers, class handlers (decorated in TS),
 * internal-extension registration modules, and plain utility modules; plus business-logic filler so the files
 * are 50–400 lines. Import spellings vary per file: named, renamed, default, namespace, `require` destructured,
 * `require(…).X`, inline `require`, with and without `node:`.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './rng.mjs';
import { benchOptions } from './common.mjs';

export const GENERATOR_VERSION = 3;
export const DEFAULT_COUNT = 2000;
export const DEFAULT_SEED = 0x1a3bda;

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
export const DEFAULT_OUT_DIR = path.join(BENCH_DIR, '.corpus');
export const DEFAULT_EXAMPLES_DIR = path.join(REPO_ROOT, 'examples', 'src');
const MANIFEST = 'manifest.json';

// ---------------------------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32) and helpers
// ---------------------------------------------------------------------------------------------------------------


const cap = (s) => s[0].toUpperCase() + s.slice(1);
const indent = (lines, n = 1) => lines.map((l) => (l === '' ? l : '  '.repeat(n) + l));

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------------------

const DOMAINS = [
  ['order', 'orders'], ['invoice', 'invoices'], ['payment', 'payments'], ['user', 'users'], ['session', 'sessions'],
  ['item', 'inventory'], ['shipment', 'shipments'], ['notification', 'notifications'], ['report', 'reports'],
  ['event', 'audit'], ['product', 'catalog'], ['cart', 'carts'], ['subscription', 'subscriptions'],
  ['tenant', 'tenants'], ['webhook', 'webhooks'], ['metric', 'metrics'], ['upload', 'uploads'],
  ['refund', 'refunds'], ['coupon', 'coupons'], ['booking', 'bookings'], ['ticket', 'tickets'], ['lead', 'crm'],
];
const VERBS = ['get', 'list', 'create', 'update', 'delete', 'sync', 'process', 'reconcile', 'import', 'export', 'archive', 'enrich', 'notify', 'validate'];
const FIELDS = ['status', 'total', 'currency', 'createdAt', 'updatedAt', 'email', 'region', 'quantity', 'priority', 'ownerId', 'source', 'amount', 'sku', 'note', 'tags'];
const STATUSES = ['PENDING', 'ACTIVE', 'PAID', 'SHIPPED', 'CANCELLED', 'FAILED', 'ARCHIVED', 'OPEN', 'CLOSED'];
const TABLE_ENVS = ['TABLE_NAME', 'ORDERS_TABLE', 'DATA_TABLE', 'APP_TABLE'];

// ---------------------------------------------------------------------------------------------------------------
// Imports: one manager per file, one spelling per module, chosen at first use
// ---------------------------------------------------------------------------------------------------------------

const NODE_BUILTINS = new Set(['fs', 'fs/promises', 'net', 'tls', 'http', 'https', 'crypto', 'path', 'util', 'zlib', 'child_process', 'os', 'url', 'timers/promises', 'stream', 'stream/promises']);
const NS_ALIAS = {
  pg: 'pg', 'mysql2/promise': 'mysql', mysql2: 'mysql', ioredis: 'Redis', redis: 'redis', mongodb: 'mongodb', mongoose: 'mongoose',
  knex: 'knex', undici: 'undici', '@prisma/client': 'prismaPkg', fs: 'fs', 'fs/promises': 'fsp', net: 'net', tls: 'tls',
  http: 'http', https: 'https', crypto: 'crypto', path: 'path', util: 'util', zlib: 'zlib', child_process: 'childProcess',
  os: 'os', url: 'url', 'timers/promises': 'timers', '@aws-sdk/client-dynamodb': 'ddbPkg', '@aws-sdk/lib-dynamodb': 'ddbLib',
  '@aws-sdk/client-s3': 's3Pkg', '@aws-sdk/client-sqs': 'sqsPkg', '@aws-sdk/client-secrets-manager': 'secretsPkg',
  '@middy/core': 'middy', stream: 'stream', 'stream/promises': 'streamPromises',
};
/** Modules whose module value (CJS) / default export (ESM) is the thing itself. */
const DEFAULT_EXPORT = {
  ioredis: 'Redis', knex: 'knex', '@middy/core': 'middy', mongoose: 'mongoose', '@middy/http-json-body-parser': 'jsonBodyParser',
  '@middy/http-error-handler': 'httpErrorHandler', '@middy/http-cors': 'cors', '@middy/ssm': 'ssm',
};
/** Wraps an inline `require(…).X` so that `new` applies to the export, not to `require`. */
const ctor = (expr) => (expr.includes('(') ? `(${expr})` : expr);

class Imports {
  constructor(r, esm, ts) {
    this.r = r;
    this.esm = esm;
    this.ts = ts;
    this.mods = new Map(); // spec -> { style, spec, named: Map(exp -> local), def, ns }
    this.typeImports = new Map(); // spec -> Set(names)
    this.order = [];
    this.taken = new Set(); // local names bound by named imports, across modules
    this.nodePrefix = r.chance(0.55);
  }
  /** A local name for export `exp` of `mod` that no other module's import already uses. */
  local(mod, exp, preferred) {
    let local = preferred;
    if (this.taken.has(local)) {
      const prefix = (NS_ALIAS[mod] ?? mod.replace(/[^a-zA-Z]/g, '')).replace(/Pkg$/, '');
      local = /^[A-Z]/.test(exp) ? `${cap(prefix)}${exp}` : `${prefix[0].toLowerCase()}${prefix.slice(1)}${cap(exp)}`;
      while (this.taken.has(local)) local += '_';
    }
    this.taken.add(local);
    return local;
  }
  spec(mod) {
    return NODE_BUILTINS.has(mod) && this.nodePrefix ? `node:${mod}` : mod;
  }
  entry(mod) {
    let e = this.mods.get(mod);
    if (!e) {
      const r = this.r;
      const scoped = mod.startsWith('@') && !mod.startsWith('@middy') && mod !== '@prisma/client';
      const style = scoped
        ? this.esm ? 'named' : 'destructure'
        : this.esm
        ? r.weighted([['named', 55], ['renamed', 10], ['default', 20], ['namespace', 15]])
        : r.weighted([['destructure', 50], ['member', 15], ['namespace', 25], ['inline', 5], ['renamed', 5]]);
      e = { style, mod, named: new Map(), ns: null };
      this.mods.set(mod, e);
      this.order.push(mod);
    }
    return e;
  }
  /** Expression that evaluates to export `exp` of `mod`. */
  get(mod, exp) {
    const e = this.entry(mod);
    const alias = NS_ALIAS[mod] ?? mod.replace(/[^a-zA-Z]/g, '');
    switch (e.style) {
      case 'default':
      case 'namespace':
        e.ns = alias;
        return `${alias}.${exp}`;
      case 'inline':
        return `require('${this.spec(mod)}').${exp}`;
      case 'renamed': {
        const prefix = alias.replace(/Pkg$/, '');
        const local = e.named.get(exp) ?? this.local(mod, exp, /^[A-Z]/.test(exp) ? `${cap(prefix)}${exp}` : `${prefix[0].toLowerCase()}${prefix.slice(1)}${cap(exp)}`);
        e.named.set(exp, local);
        return local;
      }
      default: {
        // 'named', 'member', 'destructure': the export's own name, unless the default import already took it.
        const local = e.named.get(exp) ?? this.local(mod, exp, e.def === exp ? `${exp}Ctor` : exp);
        e.named.set(exp, local);
        return local;
      }
    }
  }
  /** The module's default export / CJS module value. */
  getDefault(mod) {
    const e = this.entry(mod);
    if (e.style === 'inline') return `require('${this.spec(mod)}')`;
    let local = e.def ?? DEFAULT_EXPORT[mod] ?? NS_ALIAS[mod] ?? 'lib';
    if ([...e.named.values()].includes(local)) local = `${local}Default`;
    e.def = local;
    return local;
  }
  type(mod, name) {
    if (!this.ts) return;
    if (!this.typeImports.has(mod)) this.typeImports.set(mod, new Set());
    this.typeImports.get(mod).add(name);
  }
  render() {
    const out = [];
    for (const [mod, names] of this.typeImports) {
      out.push(`import type { ${[...names].sort().join(', ')} } from '${mod}';`);
    }
    for (const mod of this.order) {
      const e = this.mods.get(mod);
      const spec = this.spec(mod);
      const named = [...e.named.entries()];
      if (this.esm) {
        const parts = [];
        if (e.def) parts.push(e.def);
        if (e.ns && e.style === 'namespace' && !e.def) {
          out.push(`import * as ${e.ns} from '${spec}';`);
        } else if (e.ns && e.ns !== e.def) {
          if (e.def) out.push(`import ${e.def} from '${spec}';`);
          out.push(`import ${e.ns} from '${spec}';`);
          parts.length = 0;
        }
        if (named.length) parts.push(`{ ${named.map(([exp, local]) => (exp === local ? exp : `${exp} as ${local}`)).join(', ')} }`);
        if (parts.length) out.push(`import ${parts.join(', ')} from '${spec}';`);
        else if (!e.ns && !e.def && !named.length) out.push(`import '${spec}';`);
      } else {
        if (e.style === 'inline') continue;
        if (e.def) out.push(`const ${e.def} = require('${spec}');`);
        if (e.ns && e.ns !== e.def) out.push(`const ${e.ns} = require('${spec}');`);
        if (named.length) {
          if (e.style === 'member') {
            for (const [exp, local] of named) out.push(`const ${local} = require('${spec}').${exp};`);
          } else {
            out.push(`const { ${named.map(([exp, local]) => (exp === local ? exp : `${exp}: ${local}`)).join(', ')} } = require('${spec}');`);
          }
        }
      }
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Resources: how each library's value is created, used and closed
// ---------------------------------------------------------------------------------------------------------------

/**
 * Each resource: names (binding candidates), create(ctx) -> expression, optional connect(v) -> statement needed
 * before use, use(ctx, v, out) -> lines that define `out`, close(v) -> expression, asyncClose.
 */
const RESOURCES = {
  pgPool: {
    names: ['pool', 'db', 'pgPool', 'dbPool', 'readPool'],
    create: (c) => `new ${ctor(c.imp.get('pg', 'Pool'))}({ connectionString: process.env.DATABASE_URL, max: ${c.r.int(1, 4)}, idleTimeoutMillis: ${c.r.pick([1000, 10000, 30000])} })`,
    use: (c, v, out) => [`const ${out} = (await ${v}.query('SELECT id, ${c.r.pick(FIELDS)}, updated_at FROM ${c.plural} WHERE id = $1', [id])).rows;`],
    close: (v) => `${v}.end()`,
    asyncClose: true,
  },
  pgClient: {
    names: ['client', 'pgClient', 'conn'],
    create: (c) => `new ${ctor(c.imp.get('pg', 'Client'))}({ connectionString: process.env.DATABASE_URL, statement_timeout: ${c.r.pick([2000, 5000])} })`,
    connect: (v) => `await ${v}.connect();`,
    use: (c, v, out) => [`const ${out} = (await ${v}.query('UPDATE ${c.plural} SET ${c.r.pick(FIELDS)} = $2 WHERE id = $1 RETURNING *', [id, payload.${c.r.pick(FIELDS)} ?? null])).rows;`],
    close: (v) => `${v}.end()`,
    asyncClose: true,
  },
  mysqlPool: {
    names: ['pool', 'mysqlPool', 'db'],
    create: (c) => `${c.imp.get('mysql2/promise', 'createPool')}({ host: process.env.DB_HOST, user: process.env.DB_USER, password: process.env.DB_PASSWORD, database: '${c.plural}', connectionLimit: ${c.r.int(1, 5)} })`,
    use: (c, v, out) => [`const [${out}] = await ${v}.execute('SELECT * FROM ${c.plural} WHERE id = ? LIMIT ${c.r.int(1, 50)}', [id]);`],
    close: (v) => `${v}.end()`,
    asyncClose: true,
  },
  mysqlConn: {
    names: ['connection', 'conn', 'mysqlConn'],
    awaitCreate: true,
    create: (c) => `${c.imp.get('mysql2/promise', 'createConnection')}({ uri: process.env.MYSQL_URL })`,
    use: (c, v, out) => [`const [${out}] = await ${v}.query('SELECT COUNT(*) AS n FROM ${c.plural} WHERE owner_id = ?', [id]);`],
    close: (v) => `${v}.end()`,
    asyncClose: true,
  },
  ioredis: {
    names: ['redis', 'cache', 'redisClient'],
    create: (c) =>
      c.r.chance(0.3) && c.imp.esm
        ? `new ${ctor(c.imp.get('ioredis', 'Redis'))}(process.env.REDIS_URL${c.r.chance(0.5) ? ', { lazyConnect: true, maxRetriesPerRequest: 2 }' : ''})`
        : `new ${ctor(c.imp.getDefault('ioredis'))}(process.env.REDIS_URL${c.r.chance(0.5) ? ', { enableAutoPipelining: true }' : ''})`,
    use: (c, v, out) =>
      c.r.chance(0.5)
        ? [`const ${out} = await ${v}.get(\`${c.entity}:\${id}\`);`]
        : [`const ${out} = await ${v}.set(\`${c.entity}:\${id}\`, JSON.stringify(payload), 'EX', ${c.r.pick([60, 300, 3600])});`],
    close: (v) => `${v}.quit()`,
    asyncClose: true,
  },
  nodeRedis: {
    names: ['redis', 'redisClient', 'cacheClient'],
    create: (c) => `${c.imp.get('redis', 'createClient')}({ url: process.env.REDIS_URL })`,
    connect: (v) => `if (!${v}.isOpen) await ${v}.connect();`,
    use: (c, v, out) => [`const ${out} = await ${v}.hGetAll(\`${c.entity}:\${id}\`);`],
    close: (v) => `${v}.quit()`,
    asyncClose: true,
  },
  mongo: {
    names: ['mongo', 'mongoClient', 'client'],
    create: (c) => `new ${ctor(c.imp.get('mongodb', 'MongoClient'))}(process.env.MONGODB_URI${c.ts ? '!' : ''}, { maxPoolSize: ${c.r.int(1, 10)} })`,
    use: (c, v, out) => [`const ${out} = await ${v}.db('${c.plural}').collection('${c.plural}').findOne({ _id: id });`],
    close: (v) => `${v}.close()`,
    asyncClose: true,
  },
  knex: {
    names: ['db', 'knexDb', 'sql'],
    create: (c) => `${c.imp.getDefault('knex')}({ client: 'pg', connection: process.env.DATABASE_URL, pool: { min: 0, max: ${c.r.int(1, 3)} } })`,
    use: (c, v, out) => [`const ${out} = await ${v}('${c.plural}').where({ id }).first();`],
    close: (v) => `${v}.destroy()`,
    asyncClose: true,
  },
  prisma: {
    names: ['prisma', 'db', 'prismaClient'],
    create: (c) => `new ${ctor(c.imp.get('@prisma/client', 'PrismaClient'))}(${c.r.chance(0.4) ? "{ log: ['warn', 'error'] }" : ''})`,
    use: (c, v, out) => [`const ${out} = await ${v}.${c.entity}.findUnique({ where: { id } });`],
    close: (v) => `${v}.$disconnect()`,
    asyncClose: true,
  },
  undiciAgent: {
    names: ['agent', 'dispatcher', 'httpAgent'],
    create: (c) => `new ${ctor(c.imp.get('undici', 'Agent'))}({ keepAliveTimeout: ${c.r.pick([4000, 10000, 30000])}, connections: ${c.r.int(2, 16)} })`,
    use: (c, v, out) => [
      `const ${out}Res = await ${c.imp.get('undici', 'request')}(\`\${process.env.API_URL}/${c.plural}/\${id}\`, { dispatcher: ${v} });`,
      `const ${out} = await ${out}Res.body.json();`,
    ],
    close: (v) => `${v}.close()`,
    asyncClose: true,
  },
  undiciPool: {
    names: ['upstream', 'apiPool', 'httpPool'],
    create: (c) => `new ${ctor(c.imp.get('undici', 'Pool'))}(process.env.UPSTREAM_URL${c.ts ? ' ?? ""' : ''}, { connections: ${c.r.int(1, 8)}, pipelining: 1 })`,
    use: (c, v, out) => [
      `const ${out}Res = await ${v}.request({ path: \`/${c.plural}/\${id}\`, method: 'GET' });`,
      `const ${out} = ${out}Res.statusCode === 200 ? await ${out}Res.body.json() : null;`,
    ],
    close: (v) => `${v}.close()`,
    asyncClose: true,
  },
  writeStream: {
    names: ['auditLog', 'logStream', 'out', 'sink'],
    create: (c) => `${c.imp.get('fs', 'createWriteStream')}('/tmp/${c.entity}-audit.log', { flags: 'a' })`,
    use: (c, v, out) => [`const ${out} = ${v}.write(JSON.stringify({ id, at: Date.now(), ${c.r.pick(FIELDS)}: payload.${c.r.pick(FIELDS)} ?? null }) + '\\n');`],
    close: (v) => `new Promise((resolve) => ${v}.end(resolve))`,
    asyncClose: true,
  },
  fileHandle: {
    names: ['fh', 'file', 'handle'],
    awaitCreate: true,
    create: (c) => `${c.imp.get('fs/promises', 'open')}(\`/tmp/${c.entity}-\${id}.json\`, 'w')`,
    use: (c, v, out) => [`const ${out} = await ${v}.write(JSON.stringify(payload));`],
    close: (v) => `${v}.close()`,
    asyncClose: true,
  },
  netSocket: {
    names: ['statsd', 'socket', 'metricsSocket'],
    create: (c) =>
      `${c.imp.get('net', c.r.pick(['connect', 'createConnection']))}({ host: process.env.STATSD_HOST ?? '127.0.0.1', port: ${c.r.pick([8125, 2003, 5140])} })`,
    use: (c, v, out) => [`const ${out} = ${v}.write(\`${c.plural}.${c.verb}:1|c\\n\`);`],
    close: (v) => `${v}.end()`,
    asyncClose: false,
  },
  httpsAgent: {
    names: ['keepAliveAgent', 'agent', 'httpsAgent'],
    create: (c) => `new ${ctor(c.imp.get('https', 'Agent'))}({ keepAlive: true, maxSockets: ${c.r.pick([10, 25, 50])} })`,
    use: (c, v, out) => {
      c.needHelper('getJson');
      return [`const ${out} = await getJson(\`\${process.env.API_URL}/${c.plural}/\${id}\`, ${v});`];
    },
    close: (v) => `${v}.destroy()`,
    asyncClose: false,
  },
  dynamo: {
    names: ['ddb', 'dynamo', 'docClient'],
    aws: true,
    create: (c) => `${c.imp.get('@aws-sdk/lib-dynamodb', 'DynamoDBDocumentClient')}.from(new ${ctor(c.imp.get('@aws-sdk/client-dynamodb', 'DynamoDBClient'))}({}))`,
    use: (c, v, out) => [
      `const ${out} = (await ${v}.send(new ${c.imp.get('@aws-sdk/lib-dynamodb', 'GetCommand')}({ TableName: process.env.${c.r.pick(TABLE_ENVS)}, Key: { pk: \`${c.entity.toUpperCase()}#\${id}\` } }))).Item;`,
    ],
    close: (v) => `${v}.destroy()`,
    asyncClose: false,
  },
  s3: {
    names: ['s3', 's3Client'],
    aws: true,
    create: (c) => `new ${ctor(c.imp.get('@aws-sdk/client-s3', 'S3Client'))}({ region: process.env.AWS_REGION })`,
    use: (c, v, out) => [
      `const ${out} = await ${v}.send(new ${c.imp.get('@aws-sdk/client-s3', 'PutObjectCommand')}({ Bucket: process.env.BUCKET, Key: \`${c.plural}/\${id}.json\`, Body: JSON.stringify(payload) }));`,
    ],
    close: (v) => `${v}.destroy()`,
    asyncClose: false,
  },
};

const MODULE_RESOURCES = [
  ['pgPool', 18], ['mysqlPool', 8], ['ioredis', 10], ['nodeRedis', 5], ['mongo', 8], ['knex', 4], ['prisma', 5],
  ['undiciAgent', 5], ['undiciPool', 4], ['writeStream', 6], ['netSocket', 4], ['httpsAgent', 5], ['dynamo', 8], ['s3', 4],
];
const INVOCATION_RESOURCES = [
  ['pgClient', 25], ['mysqlConn', 15], ['fileHandle', 12], ['mongo', 10], ['ioredis', 8], ['netSocket', 6], ['undiciAgent', 5], ['pgPool', 6],
];

// ---------------------------------------------------------------------------------------------------------------
// Filler: helper functions and constants with realistic business logic
// ---------------------------------------------------------------------------------------------------------------

function T(c, s) {
  return c.ts ? s : '';
}

const HELPERS = {
  parseBody: (c) => {
    if (c.ts) c.imp.type('aws-lambda', 'APIGatewayProxyEvent');
    return {
      call: null,
      lines: [
        `function parseBody(event${T(c, ': APIGatewayProxyEvent')})${T(c, ': Record<string, unknown>')} {`,
        '  if (!event.body) return {};',
        `  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;`,
        '  try {',
        '    const parsed = JSON.parse(raw);',
        "    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {",
        `      throw new HttpError(400, 'Body must be a JSON object');`,
        '    }',
        '    return parsed;',
        '  } catch (err) {',
        '    if (err instanceof HttpError) throw err;',
        `    throw new HttpError(400, 'Malformed JSON body');`,
        '  }',
        '}',
      ],
      needs: ['HttpError'],
    };
  },
  HttpError: (c) => ({
    lines: [
      'class HttpError extends Error {',
      ...(c.ts ? ['  readonly statusCode: number;', ''] : []),
      `  constructor(statusCode${T(c, ': number')}, message${T(c, ': string')}) {`,
      '    super(message);',
      `    this.name = 'HttpError';`,
      '    this.statusCode = statusCode;',
      '  }',
      '}',
    ],
  }),
  toResponse: (c) => {
    if (c.ts) c.imp.type('aws-lambda', 'APIGatewayProxyResult');
    const origin = c.r.pick(["'*'", 'process.env.ALLOWED_ORIGIN ?? \'*\'']);
    return {
      lines: [
        `function toResponse(statusCode${T(c, ': number')}, body${T(c, ': unknown')})${T(c, ': APIGatewayProxyResult')} {`,
        '  return {',
        '    statusCode,',
        '    headers: {',
        `      'content-type': 'application/json',`,
        `      'access-control-allow-origin': ${origin},`,
        `      'cache-control': '${c.r.pick(['no-store', 'max-age=60', 'private, max-age=0'])}',`,
        '    },',
        '    body: JSON.stringify(body),',
        '  };',
        '}',
      ],
    };
  },
  validate: (c) => {
    const fields = c.r.sample(FIELDS, c.r.int(2, 5));
    const E = cap(c.entity);
    const lines = [`function validate${E}(input${T(c, ': Record<string, unknown>')})${T(c, ': string[]')} {`, `  const errors${T(c, ': string[]')} = [];`];
    for (const f of fields) {
      const kind = c.r.pick(['string', 'number', 'required', 'enum']);
      if (kind === 'string') lines.push(`  if (input.${f} !== undefined && typeof input.${f} !== 'string') errors.push('${f} must be a string');`);
      else if (kind === 'number') {
        lines.push(`  if (input.${f} !== undefined) {`, `    const n = Number(input.${f});`, `    if (!Number.isFinite(n) || n < 0) errors.push('${f} must be a non-negative number');`, '  }');
      } else if (kind === 'required') lines.push(`  if (input.${f} === undefined || input.${f} === null || input.${f} === '') errors.push('${f} is required');`);
      else lines.push(`  if (input.${f} !== undefined && !ALLOWED_STATUSES.includes(String(input.${f}))) errors.push(\`${f} must be one of \${ALLOWED_STATUSES.join(', ')}\`);`);
    }
    lines.push('  return errors;', '}');
    return { lines, needs: ['statuses'], call: (cc) => [`const problems = validate${E}(payload);`, `if (problems.length > 0) ${cc.errorReturn('problems.join(\'; \')')}`] };
  },
  statuses: (c) => {
    const s = c.r.sample(STATUSES, c.r.int(3, 6));
    return { lines: [`const ALLOWED_STATUSES${T(c, ': readonly string[]')} = Object.freeze([${s.map((x) => `'${x}'`).join(', ')}]);`] };
  },
  computeTotals: (c) => {
    const tax = (c.r.int(0, 25) / 100).toFixed(2);
    if (c.ts) c.extraTypes.add('LineItem');
    return {
      lines: [
        `function computeTotals(items${T(c, ': LineItem[]')})${T(c, ': { subtotal: number; tax: number; total: number; count: number }')} {`,
        '  let subtotal = 0;',
        '  let count = 0;',
        '  for (const item of items) {',
        '    const qty = Math.max(0, Math.floor(Number(item.quantity) || 0));',
        '    const price = Number(item.unitPrice) || 0;',
        '    if (qty === 0) continue;',
        `    const discount = item.discountPct ? Math.min(item.discountPct, ${c.r.int(30, 90)}) / 100 : 0;`,
        '    subtotal += qty * price * (1 - discount);',
        '    count += qty;',
        '  }',
        `  const tax = Math.round(subtotal * ${tax} * 100) / 100;`,
        '  return { subtotal: Math.round(subtotal * 100) / 100, tax, total: Math.round((subtotal + tax) * 100) / 100, count };',
        '}',
      ],
      call: () => [`const totals = computeTotals(${c.ts ? '(payload.items as LineItem[] | undefined)' : 'payload.items'} ?? []);`],
    };
  },
  formatDate: (c) => ({
    lines: [
      `function formatDate(value${T(c, ': Date | string | number')})${T(c, ': string')} {`,
      '  const d = value instanceof Date ? value : new Date(value);',
      `  if (Number.isNaN(d.getTime())) return '';`,
      `  const pad = (n${T(c, ': number')}) => String(n).padStart(2, '0');`,
      "  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}Z`;",
      '}',
    ],
    call: () => [`const stamp = formatDate(Date.now());`],
  }),
  chunk: (c) => ({
    lines: [
      `function chunk${T(c, '<T>')}(items${T(c, ': readonly T[]')}, size${T(c, ': number')})${T(c, ': T[][]')} {`,
      `  if (size <= 0) throw new RangeError('size must be positive');`,
      `  const out${T(c, ': T[][]')} = [];`,
      '  for (let i = 0; i < items.length; i += size) {',
      '    out.push(items.slice(i, i + size));',
      '  }',
      '  return out;',
      '}',
    ],
    call: () => [`const batches = chunk(Object.keys(payload), ${c.r.pick([5, 10, 25])});`],
  }),
  retry: (c) => ({
    lines: [
      `async function withRetry${T(c, '<T>')}(fn${T(c, ': () => Promise<T>')}, attempts = ${c.r.int(2, 5)}, baseDelayMs = ${c.r.pick([50, 100, 250])})${T(c, ': Promise<T>')} {`,
      `  let lastError${T(c, ': unknown')};`,
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
    ],
  }),
  groupBy: (c) => ({
    lines: [
      `function groupBy${T(c, '<T, K extends string>')}(items${T(c, ': Iterable<T>')}, keyOf${T(c, ': (item: T) => K')})${T(c, ': Map<K, T[]>')} {`,
      `  const groups = new Map${T(c, '<K, T[]>')}();`,
      '  for (const item of items) {',
      '    const key = keyOf(item);',
      '    const bucket = groups.get(key);',
      '    if (bucket) bucket.push(item);',
      '    else groups.set(key, [item]);',
      '  }',
      '  return groups;',
      '}',
    ],
  }),
  sanitize: (c) => ({
    lines: [
      `function sanitize(value${T(c, ': unknown')}, maxLength = ${c.r.pick([64, 128, 256, 1024])})${T(c, ': string')} {`,
      "  if (value === null || value === undefined) return '';",
      '  return String(value)',
      `    .replace(/[\\u0000-\\u001f\\u007f]/g, '')`,
      `    .replace(/\\s+/g, ' ')`,
      '    .trim()',
      '    .slice(0, maxLength);',
      '}',
    ],
    call: () => [`const label = sanitize(payload.${c.r.pick(FIELDS)});`],
  }),
  paginate: (c) => ({
    lines: [
      `function encodeCursor(offset${T(c, ': number')})${T(c, ': string')} {`,
      `  return Buffer.from(JSON.stringify({ o: offset }), 'utf8').toString('base64url');`,
      '}',
      '',
      `function decodeCursor(cursor${T(c, ': string | undefined')})${T(c, ': number')} {`,
      '  if (!cursor) return 0;',
      '  try {',
      `    const { o } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));`,
      `    return Number.isInteger(o) && o >= 0 ? o : 0;`,
      '  } catch {',
      '    return 0;',
      '  }',
      '}',
      '',
      `function paginate${T(c, '<T>')}(items${T(c, ': T[]')}, cursor${T(c, '?: string')}, limit = ${c.r.pick([20, 50, 100])})${T(c, ': { items: T[]; next?: string }')} {`,
      '  const start = decodeCursor(cursor);',
      '  const page = items.slice(start, start + limit);',
      '  const next = start + limit < items.length ? encodeCursor(start + limit) : undefined;',
      '  return next ? { items: page, next } : { items: page };',
      '}',
    ],
  }),
  hashKey: (c) => ({
    lines: [
      `function hashKey(...parts${T(c, ': Array<string | number>')})${T(c, ': string')} {`,
      `  return ${c.imp.get('crypto', 'createHash')}('${c.r.pick(['sha256', 'sha1', 'md5'])}').update(parts.join('|')).digest('hex').slice(0, ${c.r.pick([12, 16, 32])});`,
      '}',
    ],
    call: () => [`const dedupeKey = hashKey('${c.entity}', id, ${c.r.int(1, 9)});`],
  }),
  summarize: (c) => ({
    lines: [
      `function summarize(values${T(c, ': number[]')})${T(c, ': { min: number; max: number; mean: number; p95: number }')} {`,
      '  if (values.length === 0) return { min: 0, max: 0, mean: 0, p95: 0 };',
      '  const sorted = [...values].sort((a, b) => a - b);',
      '  let sum = 0;',
      '  for (const v of sorted) sum += v;',
      '  const idx = Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95));',
      `  return { min: sorted[0]${T(c, '!')}, max: sorted[sorted.length - 1]${T(c, '!')}, mean: sum / sorted.length, p95: sorted[idx]${T(c, '!')} };`,
      '}',
    ],
    call: () => [`const stats = summarize(Object.values(payload).filter((v) => typeof v === 'number')${T(c, ' as number[]')});`],
  }),
  maskEmail: (c) => ({
    lines: [
      `function maskEmail(email${T(c, ': string')})${T(c, ': string')} {`,
      "  const at = email.indexOf('@');",
      '  if (at <= 1) return email;',
      "  return `${email[0]}${'*'.repeat(Math.min(at - 1, 6))}${email.slice(at)}`;",
      '}',
    ],
  }),
  config: (c) => {
    const lines = [`const config = {`];
    for (const [k, env, def] of c.r.sample(
      [
        ['region', 'AWS_REGION', "'eu-west-1'"], ['stage', 'STAGE', "'dev'"], ['timeoutMs', 'TIMEOUT_MS', '3000'],
        ['batchSize', 'BATCH_SIZE', '25'], ['maxItems', 'MAX_ITEMS', '500'], ['featureFlag', 'ENABLE_V2', "'false'"],
        ['tableName', 'TABLE_NAME', `'${c.plural}'`], ['queueUrl', 'QUEUE_URL', "''"], ['logLevel', 'LOG_LEVEL', "'info'"],
      ],
      c.r.int(3, 6),
    )) {
      if (/^\d+$/.test(def)) lines.push(`  ${k}: Number.parseInt(process.env.${env} ?? '${def}', 10),`);
      else lines.push(`  ${k}: process.env.${env} ?? ${def},`);
    }
    lines.push(`}${c.ts ? ' as const' : ''};`);
    return { lines };
  },
  logger: (c) => ({
    lines: [
      `const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 }${T(c, ' as const')};`,
      `const minLevel = LEVELS[(process.env.LOG_LEVEL ?? 'info')${T(c, ' as keyof typeof LEVELS')}] ?? 20;`,
      '',
      `function log(level${T(c, ': keyof typeof LEVELS')}, message${T(c, ': string')}, extra${T(c, ': Record<string, unknown>')} = {})${T(c, ': void')} {`,
      '  if (LEVELS[level] < minLevel) return;',
      `  const line = JSON.stringify({ level, message, service: '${c.plural}-service', ts: new Date().toISOString(), ...extra });`,
      "  if (level === 'error') console.error(line);",
      '  else console.log(line);',
      '}',
    ],
  }),
  mapRecord: (c) => {
    const kinds = c.r.sample(['created', 'updated', 'deleted', 'restored', 'expired', 'merged'], c.r.int(2, 4));
    const lines = [`function mapChange(kind${T(c, ': string')}, record${T(c, ': Record<string, unknown>')})${T(c, ': Record<string, unknown> | null')} {`, '  switch (kind) {'];
    for (const k of kinds) {
      lines.push(`    case '${k}':`, `      return { ...record, change: '${k}', ${c.r.pick(FIELDS)}: record.${c.r.pick(FIELDS)} ?? null, at: Date.now() };`);
    }
    lines.push('    default:', '      return null;', '  }', '}');
    return { lines, call: () => [`const change = mapChange(String(payload.kind ?? '${kinds[0]}'), payload);`] };
  },
  buildQuery: (c) => ({
    lines: [
      `function buildFilter(filters${T(c, ': Record<string, string | number | undefined>')})${T(c, ': { where: string; params: unknown[] }')} {`,
      `  const clauses${T(c, ': string[]')} = [];`,
      `  const params${T(c, ': unknown[]')} = [];`,
      '  for (const [column, value] of Object.entries(filters)) {',
      "    if (value === undefined || value === '') continue;",
      `    if (!/^[a-z_]+$/.test(column)) throw new Error(\`bad column \${column}\`);`,
      '    params.push(value);',
      '    clauses.push(`${column} = $${params.length}`);',
      '  }',
      "  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };",
      '}',
    ],
  }),
  deepMerge: (c) => ({
    lines: [
      `function isPlainObject(value${T(c, ': unknown')})${T(c, ': value is Record<string, unknown>')} {`,
      "  return value !== null && typeof value === 'object' && !Array.isArray(value);",
      '}',
      '',
      `function deepMerge(target${T(c, ': Record<string, unknown>')}, source${T(c, ': Record<string, unknown>')})${T(c, ': Record<string, unknown>')} {`,
      '  const out = { ...target };',
      '  for (const [key, value] of Object.entries(source)) {',
      '    const current = out[key];',
      '    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;',
      '  }',
      '  return out;',
      '}',
    ],
  }),
  getJson: (c) => ({
    lines: [
      `function getJson(url${T(c, ': string')}, agent${T(c, '?: import(\'node:https\').Agent')})${T(c, ': Promise<unknown>')} {`,
      '  return new Promise((resolve, reject) => {',
      `    const req = ${c.imp.get('https', 'get')}(url, { agent, timeout: ${c.r.pick([1000, 2500, 5000])} }, (res) => {`,
      `      const chunks${T(c, ': Buffer[]')} = [];`,
      "      res.on('data', (chunk) => chunks.push(chunk));",
      "      res.on('end', () => {",
      "        const text = Buffer.concat(chunks).toString('utf8');",
      '        if ((res.statusCode ?? 500) >= 400) return reject(new Error(`GET ${url} -> ${res.statusCode}`));',
      '        try {',
      '          resolve(text ? JSON.parse(text) : null);',
      '        } catch (err) {',
      '          reject(err);',
      '        }',
      '      });',
      '    });',
      "    req.on('timeout', () => req.destroy(new Error('timeout')));",
      "    req.on('error', reject);",
      '  });',
      '}',
    ],
  }),
  isoWeek: (c) => ({
    lines: [
      `function isoWeek(date${T(c, ': Date')})${T(c, ': number')} {`,
      '  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));',
      '  const day = d.getUTCDay() || 7;',
      '  d.setUTCDate(d.getUTCDate() + 4 - day);',
      '  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));',
      '  return Math.ceil(((d.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);',
      '}',
    ],
    call: () => ['const week = isoWeek(new Date());'],
  }),
  sleep: (c) => ({
    lines: [`const sleep = (ms${T(c, ': number')})${T(c, ': Promise<void>')} => new Promise((resolve) => setTimeout(resolve, ms));`],
  }),
  priceTable: (c) => {
    const rows = c.r.int(4, 12);
    const lines = [`const PRICE_TABLE${T(c, ': Record<string, { base: number; perUnit: number }>')} = {`];
    let sku = 100;
    for (let i = 0; i < rows; i++, sku += c.r.int(1, 7)) lines.push(`  '${c.entity.toUpperCase()}-${sku}': { base: ${c.r.int(1, 99)}, perUnit: ${(c.r.int(1, 500) / 100).toFixed(2)} },`);
    lines.push('};', '', `function priceFor(sku${T(c, ': string')}, units${T(c, ': number')})${T(c, ': number')} {`, '  const row = PRICE_TABLE[sku];', `  if (!row) throw new Error(\`unknown sku \${sku}\`);`, '  return row.base + row.perUnit * Math.max(0, units);', '}');
    return { lines };
  },
};
const FILLER_HELPERS = ['validate', 'computeTotals', 'formatDate', 'chunk', 'retry', 'groupBy', 'sanitize', 'paginate', 'hashKey', 'summarize', 'maskEmail', 'mapRecord', 'buildQuery', 'deepMerge', 'isoWeek', 'sleep', 'priceTable', 'logger', 'config'];

// ---------------------------------------------------------------------------------------------------------------
// One file
// ---------------------------------------------------------------------------------------------------------------

const SCENARIOS = [
  ['moduleResource', 30], ['lazyResource', 7], ['perInvocation', 17], ['sigtermInHandler', 4], ['middy', 10],
  ['classHandler', 7], ['utility', 17], ['extension', 2], ['awsOnly', 4], ['callbackStyle', 2],
];
const EXTENSIONS = [['ts', 40], ['js', 35], ['mjs', 12], ['cjs', 13]];
const EVENT_KINDS = [['api', 45], ['sqs', 25], ['s3', 10], ['eventbridge', 12], ['schedule', 8]];

class FileContext {
  constructor(r, ext) {
    this.r = r;
    this.ext = ext;
    this.ts = ext === 'ts';
    this.esm = ext === 'mjs' || ext === 'ts' || (ext === 'js' && r.chance(0.5));
    this.imp = new Imports(r, this.esm, this.ts);
    const [entity, plural] = r.pick(DOMAINS);
    this.entity = entity;
    this.plural = plural;
    this.verb = r.pick(VERBS);
    this.used = new Set([
      'event', 'context', 'id', 'payload', 'handler', 'config', 'log', 'process', 'result', 'logger', 'tracer', 'shutdown',
      'pendingCleanups', 'registerForCleanup', 'problems', 'totals', 'stamp', 'batches', 'label', 'dedupeKey', 'stats', 'change',
      'week', 'record', 'key', 'err', 'batchItemFailures', 'created', 'call', 'API', 'EXTENSION_NAME', 'registerExtension',
      ...Object.values(NS_ALIAS), ...Object.values(DEFAULT_EXPORT), ...Object.keys(HELPERS),
      'parseBody', 'toResponse', 'HttpError', 'computeTotals', 'formatDate', 'chunk', 'withRetry', 'groupBy', 'sanitize', 'paginate',
      'hashKey', 'summarize', 'maskEmail', 'mapChange', 'buildFilter', 'deepMerge', 'isoWeek', 'sleep', 'priceFor', 'getJson',
    ]);
    for (const n of [`validate${cap(entity)}`, 'PRICE_TABLE', 'ALLOWED_STATUSES', 'LEVELS', 'minLevel', 'isPlainObject', 'encodeCursor', 'decodeCursor']) this.used.add(n);
    this.helpers = new Map(); // name -> spec output
    this.helperOrder = [];
    this.extraTypes = new Set();
    this.eventKind = r.weighted(EVENT_KINDS);
  }
  name(candidates) {
    for (const n of this.r.shuffle(candidates)) {
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
    let i = 2;
    while (this.used.has(`${candidates[0]}${i}`)) i++;
    this.used.add(`${candidates[0]}${i}`);
    return `${candidates[0]}${i}`;
  }
  needHelper(name) {
    if (this.helpers.has(name)) return this.helpers.get(name);
    const h = HELPERS[name](this);
    this.helpers.set(name, h);
    for (const dep of h.needs ?? []) this.needHelper(dep);
    this.helperOrder.push(name);
    return h;
  }
  helperLines() {
    // Dependencies (constants, classes) first, then the rest in insertion order.
    const first = ['config', 'logger', 'statuses', 'HttpError'];
    const names = [...first.filter((n) => this.helpers.has(n)), ...this.helperOrder.filter((n) => !first.includes(n))];
    const out = [];
    for (const n of names) out.push(...this.helpers.get(n).lines, '');
    return out;
  }
  errorReturn(expr) {
    return this.eventKind === 'api' ? `return toResponse(400, { error: ${expr} });` : `throw new Error(${expr});`;
  }
}

function typeDecls(c) {
  if (!c.ts) return [];
  const E = cap(c.entity);
  const out = [];
  if (c.extraTypes.has('LineItem')) {
    out.push('interface LineItem {', '  sku: string;', '  quantity: number;', '  unitPrice: number;', '  discountPct?: number;', '}', '');
  }
  const fields = c.r.sample(FIELDS, c.r.int(2, 5));
  out.push(`export interface ${E} {`, '  id: string;');
  for (const f of fields) out.push(`  ${f}${c.r.chance(0.3) ? '?' : ''}: ${f.endsWith('At') ? 'string' : f === 'tags' ? 'string[]' : ['total', 'quantity', 'amount', 'priority'].includes(f) ? 'number' : 'string'};`);
  out.push('}', '');
  if (c.r.chance(0.35)) out.push(`type ${E}Status = ${c.r.sample(STATUSES, 3).map((s) => `'${s}'`).join(' | ')};`, '');
  return out;
}

/** Resource instance: binding name plus its spec. */
function makeResource(c, kind) {
  const spec = RESOURCES[kind];
  const v = c.name(spec.names);
  return { kind, spec, v };
}

/** Lines (inside the handler, where `id` and `payload` exist) that use the given resources. */
function useLines(c, resources) {
  const out = [];
  for (const res of resources) {
    const o = c.name([`${res.v}Result`, 'found', 'data']);
    out.push(...res.spec.use(c, res.v, o));
    c.results.push(o);
  }
  return out;
}

/** The per-invocation block for one resource, in one of four shapes. */
function perInvocationBlock(c, res, shape) {
  const create = `${res.spec.awaitCreate ? 'await ' : ''}${res.spec.create(c)}`;
  const lines = [];
  const connect = res.spec.connect ? [res.spec.connect(res.v)] : [];
  const close = `${res.spec.asyncClose ? 'await ' : ''}${res.spec.close(res.v)};`;
  const before = c.results.length;
  const use = useLines(c, [res]);
  switch (shape) {
    case 'tryFinally': {
      // `let x; try { x = …; } finally { close }`: the result is used after the block.
      const outs = c.results.slice(before);
      const assigned = use.map((l) => {
        for (const o of outs) {
          if (l.startsWith(`const ${o} = `)) return l.slice('const '.length);
          if (l.startsWith(`const [${o}] = `)) return l.slice('const '.length);
        }
        return l;
      });
      lines.push(`let ${outs.join(', ')};`, `const ${res.v} = ${create};`, ...connect, 'try {', ...indent(assigned), '} finally {', `  ${close}`, '}');
      break;
    }
    case 'noFinally':
      lines.push(`const ${res.v} = ${create};`, ...connect, ...use, close);
      break;
    case 'neverClosed':
      lines.push(`const ${res.v} = ${create};`, ...connect, ...use);
      break;
    case 'escapes':
      c.needEscape = true;
      lines.push(`const ${res.v} = ${create};`, `registerForCleanup(${res.v});`, ...connect, ...use);
      break;
    default:
      throw new Error(shape);
  }
  return lines;
}

/** SIGTERM (or other) shutdown code for module-scope resources. */
function shutdownLines(c, resources, variant) {
  const closes = resources.map((r) => r.spec.close(r.v));
  const asyncCloses = resources.filter((r) => r.spec.asyncClose).map((r) => r.spec.close(r.v));
  const syncCloses = resources.filter((r) => !r.spec.asyncClose).map((r) => `${r.spec.close(r.v)};`);
  const on = c.r.weighted([['on', 70], ['once', 25], ['addListener', 5]]);
  const awaitAll = asyncCloses.length === 0 ? [] : asyncCloses.length === 1 ? [`await ${asyncCloses[0]};`] : [`await Promise.allSettled([${asyncCloses.join(', ')}]);`];
  switch (variant) {
    case 'none':
      return [];
    case 'correct':
      if (c.r.chance(0.5)) {
        return [
          `process.${on}('SIGTERM', async () => {`,
          `  console.info('[runtime] SIGTERM received');`,
          ...indent(syncCloses),
          ...indent(awaitAll),
          `  console.info('[runtime] exiting');`,
          '  process.exit(0);',
          '});',
        ];
      }
      return [
        `async function shutdown(signal${T(c, ': NodeJS.Signals')})${T(c, ': Promise<void>')} {`,
        '  console.info(`[runtime] ${signal} received, closing connections`);',
        '  try {',
        ...indent(syncCloses, 2),
        ...indent(awaitAll, 2),
        '  } catch (err) {',
        "    console.error('[runtime] cleanup failed', err);",
        '  } finally {',
        '    process.exit(0);',
        '  }',
        '}',
        '',
        `process.${on}('SIGTERM', shutdown);`,
        ...(c.r.chance(0.4) ? [`process.${on}('SIGINT', shutdown);`] : []),
      ];
    case 'samplePlaceholder':
      return [
        "process.on('SIGTERM', async () => {",
        "  console.info('[runtime] SIGTERM received');",
        '',
        "  console.info('[runtime] cleaning up');",
        '  // perform actual clean up work here.',
        '  await new Promise((resolve) => setTimeout(resolve, 200));',
        '',
        "  console.info('[runtime] exiting');",
        '  process.exit(0);',
        '});',
      ];
    case 'partial':
      return [
        `process.${on}('SIGTERM', async () => {`,
        `  ${resources[0].spec.asyncClose ? 'await ' : ''}${closes[0]};`,
        '  process.exit(0);',
        '});',
      ];
    case 'noExit':
      return [`process.${on}('SIGTERM', async () => {`, ...indent(syncCloses), ...indent(awaitAll), '});'];
    case 'exitBeforeAwait':
      return [`process.${on}('SIGTERM', () => {`, ...closes.map((x) => `  ${x};`), '  process.exit(0);', '});'];
    case 'syncWork':
      return [
        `process.${on}('SIGTERM', async () => {`,
        `  ${c.imp.get('fs', 'writeFileSync')}('/tmp/${c.entity}-state.json', JSON.stringify({ stoppedAt: Date.now() }));`,
        ...indent(awaitAll),
        ...indent(syncCloses),
        '  process.exit(0);',
        '});',
      ];
    case 'beforeExit':
      return [`process.on('${c.r.pick(['beforeExit', 'exit'])}', async () => {`, ...indent(syncCloses), ...indent(awaitAll), '});'];
    default:
      throw new Error(variant);
  }
}

/** Extract `id` and `payload` from the event and wrap `core` lines; returns the handler body. */
function handlerBody(c, core) {
  const body = [];
  const logs = c.helpers.has('logger');
  const logLine = (msg, extra) => (logs ? `log('info', '${msg}'${extra ? `, ${extra}` : ''});` : `console.log('${msg}'${extra ? `, ${extra}` : ''});`);
  const pre = [];
  const pickCalls = () => {
    const calls = [];
    for (const name of c.helperOrder) {
      const h = c.helpers.get(name);
      if (h.call && c.r.chance(0.7)) calls.push(...h.call(c));
    }
    return calls;
  };
  switch (c.eventKind) {
    case 'api': {
      c.needHelper('parseBody');
      c.needHelper('toResponse');
      body.push(`const id = event.pathParameters?.id ?? '';`, `if (!id) return toResponse(400, { error: 'missing id' });`, '');
      body.push('try {', '  const payload = parseBody(event);');
      pre.push(...pickCalls());
      body.push(...indent(pre), ...indent(core), `  ${logLine(`${c.verb} ${c.entity}`, '{ id }')}`);
      body.push(`  return toResponse(200, { id, ${c.results.map((r) => r).join(', ')} });`);
      body.push('} catch (err) {', '  if (err instanceof HttpError) return toResponse(err.statusCode, { error: err.message });');
      body.push(`  console.error('${c.verb} ${c.entity} failed', err);`, "  return toResponse(500, { error: 'internal error' });", '}');
      break;
    }
    case 'sqs': {
      if (c.ts) c.imp.type('aws-lambda', 'SQSBatchItemFailure');
      body.push(`const batchItemFailures${T(c, ': SQSBatchItemFailure[]')} = [];`, 'for (const record of event.Records) {', '  try {');
      body.push(`    const payload = JSON.parse(record.body)${T(c, ' as Record<string, unknown>')};`, `    const id = String(payload.id ?? record.messageId);`);
      body.push(...indent(pickCalls(), 2), ...indent(core, 2), `    ${logLine(`${c.verb} ${c.entity}`, '{ id }')}`);
      body.push('  } catch (err) {', `    console.error('record failed', record.messageId, err);`, '    batchItemFailures.push({ itemIdentifier: record.messageId });', '  }', '}');
      body.push('return { batchItemFailures };');
      break;
    }
    case 's3': {
      body.push('for (const record of event.Records) {', `  const key = decodeURIComponent(record.s3.object.key.replace(/\\+/g, ' '));`);
      body.push(`  const id = key.split('/').pop()?.replace(/\\.[^.]+$/, '') ?? key;`, `  const payload${T(c, ': Record<string, unknown>')} = { bucket: record.s3.bucket.name, key, size: record.s3.object.size };`);
      body.push(...indent(pickCalls()), ...indent(core), `  ${logLine(`processed ${c.entity}`, '{ key }')}`, '}');
      break;
    }
    case 'eventbridge': {
      body.push(`const { id, ...payload } = event.detail${T(c, ' as { id: string } & Record<string, unknown>')};`);
      body.push(`if (event['detail-type'] !== '${cap(c.entity)}${c.r.pick(['Created', 'Updated', 'Changed'])}') return;`);
      body.push(...pickCalls(), ...core, logLine(`${c.verb} ${c.entity}`, '{ id, source: event.source }'));
      break;
    }
    default: {
      body.push(`const id = new Date().toISOString().slice(0, 10);`, `const payload${T(c, ': Record<string, unknown>')} = { runAt: Date.now(), kind: 'scheduled' };`);
      body.push(...pickCalls(), ...core, logLine(`scheduled ${c.verb} done`, '{ id }'));
      body.push(`return { ok: true, id };`);
    }
  }
  return body;
}

function eventType(c) {
  if (!c.ts) return { ev: '', ctx: '', ret: '' };
  const map = {
    api: ['APIGatewayProxyEvent', 'Promise<APIGatewayProxyResult>'],
    sqs: ['SQSEvent', 'Promise<SQSBatchResponse>'],
    s3: ['S3Event', 'Promise<void>'],
    eventbridge: ['EventBridgeEvent<string, Record<string, unknown>>', 'Promise<void>'],
    schedule: ['ScheduledEvent', 'Promise<{ ok: boolean; id: string }>'],
  };
  const [ev, ret] = map[c.eventKind];
  for (const t of `${ev} ${ret}`.match(/[A-Z][A-Za-z]+/g)) if (!['Promise', 'Record'].includes(t)) c.imp.type('aws-lambda', t);
  c.imp.type('aws-lambda', 'Context');
  return { ev: `: ${ev}`, ctx: ': Context', ret: `: ${ret}` };
}

/** Define the handler function named `fnName` (or the exported `handler`) with the given body. */
function handlerDecl(c, body, { exportIt = true, fnName = 'handler', forceShape } = {}) {
  const t = eventType(c);
  const usesCtx = c.r.chance(0.3);
  const params = `event${t.ev}${usesCtx ? `, context${t.ctx}` : ''}`;
  const pre = usesCtx ? ['context.callbackWaitsForEmptyEventLoop = false;'] : [];
  const inner = [...pre, ...body];
  if (!exportIt) {
    return c.r.chance(0.5)
      ? [`async function ${fnName}(${params})${t.ret} {`, ...indent(inner), '}']
      : [`const ${fnName} = async (${params})${t.ret} => {`, ...indent(inner), '};'];
  }
  if (c.esm) {
    const shape = forceShape ?? c.r.weighted([['constArrow', 45], ['function', 30], ['exportAs', 15], ['default', 10]]);
    switch (shape) {
      case 'constArrow':
        return [`export const handler = async (${params})${t.ret} => {`, ...indent(inner), '};'];
      case 'function':
        return [`export async function handler(${params})${t.ret} {`, ...indent(inner), '}'];
      case 'exportAs': {
        const n = c.name(['main', `${c.verb}${cap(c.entity)}`, 'run']);
        return [`async function ${n}(${params})${t.ret} {`, ...indent(inner), '}', '', `export { ${n} as handler };`];
      }
      default:
        return [`const handler = async (${params})${t.ret} => {`, ...indent(inner), '};', '', 'export default handler;'];
    }
  }
  const shape = forceShape ?? c.r.weighted([['exportsDot', 45], ['moduleExportsDot', 20], ['moduleExportsObj', 35]]);
  switch (shape) {
    case 'exportsDot':
      return [`exports.handler = async (${params}) => {`, ...indent(inner), '};'];
    case 'moduleExportsDot':
      return [`module.exports.handler = async function handler(${params}) {`, ...indent(inner), '};'];
    default: {
      const n = c.r.chance(0.5) ? 'handler' : c.name(['main', `${c.verb}${cap(c.entity)}`]);
      const extra = c.helperOrder.filter((h) => ['validate', 'computeTotals', 'sanitize'].includes(h));
      const helperExports = extra.map((h) => (h === 'validate' ? `validate${cap(c.entity)}` : h));
      const exp = n === 'handler' ? ['handler', ...helperExports] : [`handler: ${n}`, ...helperExports];
      return [`async function ${n}(${params}) {`, ...indent(inner), '}', '', `module.exports = { ${exp.join(', ')} };`];
    }
  }
}

function escapeHelper(c) {
  return [
    `const pendingCleanups${T(c, ': Array<{ close?: () => unknown; end?: () => unknown }>')} = [];`,
    `function registerForCleanup(resource${T(c, ': any')})${T(c, ': void')} {`,
    '  pendingCleanups.push(resource);',
    '}',
    '',
  ];
}

/** Builds one file's text. */
function generateFile(r, ext, targetLines) {
  const c = new FileContext(r, ext);
  c.results = [];
  const scenario = r.weighted(SCENARIOS);
  const moduleLines = []; // module-scope statements after imports
  let handler = [];
  let tail = [];
  let headerComment = [];

  // Filler helpers first: the handler calls some of them.
  const fillerCount = r.int(1, 4);
  for (const h of r.sample(FILLER_HELPERS, fillerCount)) c.needHelper(h);

  const chooseResources = (table, n) => {
    const kinds = [];
    for (let i = 0; i < n; i++) {
      const k = r.weighted(table);
      if (!kinds.includes(k)) kinds.push(k);
    }
    return kinds.map((k) => makeResource(c, k));
  };

  const moduleScopeSetup = (resources) => {
    const out = [];
    for (const res of resources) {
      if (res.spec.awaitCreate) continue;
      out.push(`${c.r.chance(0.85) ? 'const' : 'let'} ${res.v} = ${res.spec.create(c)};`);
    }
    // Module-scope connects: top-level await in ESM, a promise in CJS.
    const connectors = resources.filter((x) => x.spec.connect);
    for (const res of connectors) {
      if (c.esm && c.r.chance(0.5)) out.push(res.spec.connect(res.v));
      else c.afterConnect.push(res.spec.connect(res.v));
    }
    return out;
  };
  c.afterConnect = [];

  switch (scenario) {
    case 'moduleResource':
    case 'middy':
    case 'classHandler':
    case 'callbackStyle':
    case 'awsOnly':
    case 'sigtermInHandler': {
      const n = scenario === 'moduleResource' ? r.weighted([[1, 55], [2, 35], [3, 10]]) : r.weighted([[0, 25], [1, 55], [2, 20]]);
      const table = scenario === 'awsOnly' ? [['dynamo', 2], ['s3', 1]] : MODULE_RESOURCES;
      const resources = chooseResources(table, scenario === 'awsOnly' ? r.int(1, 2) : n);
      moduleLines.push(...moduleScopeSetup(resources));
      const core = [...c.afterConnect, ...useLines(c, resources)];
      if (r.chance(0.25)) {
        // A per-invocation resource next to the module-scope ones.
        const inv = makeResource(c, r.weighted(INVOCATION_RESOURCES));
        core.push(...perInvocationBlock(c, inv, r.weighted([['tryFinally', 50], ['noFinally', 25], ['neverClosed', 15], ['escapes', 10]])));
      }
      let body;
      if (scenario === 'sigtermInHandler') {
        const listener = [
          `process.${r.pick(['on', 'once'])}('SIGTERM', async () => {`,
          ...indent(resources.filter((x) => x.spec.asyncClose).map((x) => `await ${x.spec.close(x.v)};`)),
          '  process.exit(0);',
          '});',
        ];
        body = handlerBody(c, [...listener, ...core]);
      } else {
        body = handlerBody(c, core);
      }
      if (scenario === 'middy') {
        const inner = c.name(['baseHandler', 'lambdaHandler', `${c.verb}${cap(c.entity)}Handler`]);
        handler = handlerDecl(c, body, { exportIt: false, fnName: inner });
        const middy = c.imp.getDefault('@middy/core');
        const mws = [];
        const pool = [
          () => `${c.imp.getDefault('@middy/http-json-body-parser')}()`,
          () => `${c.imp.getDefault('@middy/http-error-handler')}()`,
          () => `${c.imp.get('@aws-lambda-powertools/logger/middleware', 'injectLambdaContext')}(logger, { clearState: true })`,
          () => `${c.imp.get('@aws-lambda-powertools/tracer/middleware', 'captureLambdaHandler')}(tracer)`,
          () => `${c.imp.getDefault('@middy/http-cors')}({ origin: '*' })`,
          () => `${c.imp.getDefault('@middy/ssm')}({ fetchData: { apiKey: '/app/${c.plural}/api-key' }, cacheExpiry: ${r.pick([-1, 60000, 300000])} })`,
        ];
        const chosen = r.sample([0, 1, 2, 3, 4, 5], r.int(1, 4));
        if (chosen.includes(2)) moduleLines.unshift(`const logger = new ${c.imp.get('@aws-lambda-powertools/logger', 'Logger')}({ serviceName: '${c.plural}' });`);
        if (chosen.includes(3)) moduleLines.unshift(`const tracer = new ${c.imp.get('@aws-lambda-powertools/tracer', 'Tracer')}({ serviceName: '${c.plural}' });`);
        for (const i of chosen) mws.push(pool[i]());
        const chain = [`${middy}(${inner})`, ...mws.map((m) => `  .use(${m})`)];
        chain[chain.length - 1] += ';';
        if (c.esm) tail.push(`export const handler = ${chain[0]}`, ...chain.slice(1));
        else tail.push(`${r.chance(0.5) ? 'exports.handler' : 'module.exports.handler'} = ${chain[0]}`, ...chain.slice(1));
      } else if (scenario === 'classHandler') {
        const cls = c.name([`${cap(c.entity)}Handler`, `${cap(c.verb)}${cap(c.entity)}`, 'Lambda']);
        const t = eventType(c);
        const decorated = c.ts && r.chance(0.5);
        if (decorated) {
          moduleLines.unshift(`const tracer = new ${c.imp.get('@aws-lambda-powertools/tracer', 'Tracer')}({ serviceName: '${c.plural}' });`);
          c.imp.type('@aws-lambda-powertools/commons/types', 'LambdaInterface');
        }
        handler = [
          `class ${cls}${decorated ? ' implements LambdaInterface' : ''} {`,
          ...(c.ts ? [`  private readonly startedAt = Date.now();`, ''] : ['  startedAt = Date.now();', '']),
          ...(decorated ? ['  @tracer.captureLambdaHandler()'] : []),
          `  ${c.ts ? 'public ' : ''}async handler(event${t.ev}, _context${t.ctx})${t.ret} {`,
          ...indent(body, 2),
          '  }',
          '}',
          '',
          `const ${c.name(['instance', 'handlerClass', 'lambda'])} = new ${cls}();`,
        ];
        const inst = handler[handler.length - 1].match(/const (\w+)/)[1];
        if (c.esm) tail.push(`export const handler = ${inst}.handler.bind(${inst});`);
        else tail.push(`module.exports.handler = ${inst}.handler.bind(${inst});`);
      } else if (scenario === 'callbackStyle') {
        const work = c.name(['work', 'process', `${c.verb}${cap(c.entity)}`]);
        handler = handlerDecl(c, body, { exportIt: false, fnName: work });
        const cb = [
          `(event, context, callback) => {`,
          '  context.callbackWaitsForEmptyEventLoop = false;',
          `  ${work}(event)`,
          '    .then((result) => callback(null, result))',
          '    .catch((err) => callback(err));',
          '};',
        ];
        if (c.ts) cb[0] = `(event: any, context: Context, callback: Callback) => {`;
        if (c.ts) {
          c.imp.type('aws-lambda', 'Callback');
          c.imp.type('aws-lambda', 'Context');
        }
        tail.push(`${c.esm ? 'export const handler = ' : 'exports.handler = '}${cb[0]}`, ...cb.slice(1));
      } else {
        handler = handlerDecl(c, body);
      }
      if (scenario !== 'sigtermInHandler' && resources.length > 0 && !resources.every((x) => x.spec.aws)) {
        const variant = r.weighted([
          ['none', 38], ['correct', 30], ['samplePlaceholder', 5], ['partial', resources.length > 1 ? 8 : 0], ['noExit', 5],
          ['exitBeforeAwait', 5], ['syncWork', 5], ['beforeExit', 4],
        ]);
        const sd = shutdownLines(c, resources, variant);
        if (sd.length) tail.unshift(...sd, '');
        if (variant === 'samplePlaceholder') headerComment = ['// Graceful shutdown copied from aws-samples/graceful-shutdown-with-aws-lambda'];
      }
      break;
    }
    case 'lazyResource': {
      const res = makeResource(c, r.weighted(MODULE_RESOURCES.filter(([k]) => !RESOURCES[k].awaitCreate)));
      const getter = c.name([`get${cap(res.v)}`, 'getClient', 'connection']);
      const style = r.pick(['nullish', 'ifNot', 'promise']);
      const anyT = c.ts ? ': any' : '';
      let cleanup;
      if (style === 'nullish') {
        moduleLines.push(`let ${res.v}${anyT};`, '', `function ${getter}() {`, `  return (${res.v} ??= ${res.spec.create(c)});`, '}');
        cleanup = [`if (${res.v}) ${res.spec.asyncClose ? 'await ' : ''}${res.spec.close(res.v)};`];
      } else if (style === 'ifNot') {
        moduleLines.push(`let ${res.v}${anyT} = null;`, '', `function ${getter}() {`, `  if (!${res.v}) {`, `    ${res.v} = ${res.spec.create(c)};`, '  }', `  return ${res.v};`, '}');
        cleanup = [`if (${res.v}) {`, `  ${res.spec.asyncClose ? 'await ' : ''}${res.spec.close(res.v)};`, `  ${res.v} = null;`, '}'];
      } else {
        const p = c.name([`${res.v}Promise`, 'ready']);
        moduleLines.push(
          `let ${p}${c.ts ? ': Promise<any> | undefined' : ''};`, '', `async function ${getter}() {`, `  ${p} ??= (async () => {`,
          `    const created = ${res.spec.create(c)};`, ...(res.spec.connect ? [`    ${res.spec.connect('created')}`] : []), '    return created;', '  })();',
          `  return ${p};`, '}',
        );
        cleanup = [`if (${p}) {`, `  const created = await ${p};`, `  ${res.spec.asyncClose ? 'await ' : ''}${res.spec.close('created')};`, '}'];
      }
      moduleLines.push('');
      const local = c.name(['conn', 'db', 'client', 'svc']);
      const out = c.name(['row', 'data', 'found']);
      const core = [`const ${local} = ${style === 'promise' ? 'await ' : ''}${getter}();`, ...res.spec.use(c, local, out)];
      c.results.push(out);
      handler = handlerDecl(c, handlerBody(c, core));
      if (r.chance(0.5)) tail.push(`process.on('SIGTERM', async () => {`, ...indent(cleanup), '  process.exit(0);', '});', '');
      break;
    }
    case 'perInvocation': {
      const n = r.weighted([[1, 75], [2, 25]]);
      const core = [];
      const kinds = [];
      for (let i = 0; i < n; i++) {
        const k = r.weighted(INVOCATION_RESOURCES);
        if (kinds.includes(k)) continue;
        kinds.push(k);
        const res = makeResource(c, k);
        core.push(...perInvocationBlock(c, res, r.weighted([['tryFinally', 40], ['noFinally', 25], ['neverClosed', 20], ['escapes', 15]])));
      }
      handler = handlerDecl(c, handlerBody(c, core));
      break;
    }
    case 'extension':
      return { text: extensionFile(c, targetLines), c };
    case 'utility': {
      const kind = r.weighted([['helpersOnly', 55], ['dbModule', 25], ['factory', 20]]);
      if (kind === 'dbModule') {
        const res = makeResource(c, r.weighted(MODULE_RESOURCES.filter(([k]) => !RESOURCES[k].awaitCreate)));
        const create = res.spec.create(c);
        if (c.esm) moduleLines.push(`export const ${res.v} = ${create};`, '');
        else moduleLines.push(`const ${res.v} = ${create};`, '');
        if (!c.esm) tail.push(`module.exports.${res.v} = ${res.v};`);
        if (r.chance(0.4)) {
          const fn = `close${cap(res.v)}`;
          moduleLines.push(`${c.esm ? 'export ' : ''}async function ${fn}() {`, `  ${res.spec.asyncClose ? 'await ' : ''}${res.spec.close(res.v)};`, '}', '');
          if (!c.esm) tail.push(`module.exports.${fn} = ${fn};`);
        }
      } else if (kind === 'factory') {
        const res = makeResource(c, r.weighted(MODULE_RESOURCES.filter(([k]) => !RESOURCES[k].awaitCreate)));
        const fn = c.name([`create${cap(res.v)}`, `make${cap(res.v)}`]);
        moduleLines.push(`${c.esm ? 'export ' : ''}function ${fn}() {`, `  return ${res.spec.create(c)};`, '}', '');
        if (!c.esm) tail.push(`module.exports.${fn} = ${fn};`);
      }
      for (const h of r.sample(FILLER_HELPERS, r.int(2, 4))) c.needHelper(h);
      break;
    }
    default:
      throw new Error(scenario);
  }

  if (c.needEscape) moduleLines.unshift(...escapeHelper(c));

  // Grow the file with more helpers until it reaches its target size (at most 400 lines).
  const assemble = () => {
    const lines = [
      ...headerComment,
      ...(r.chance(0.3) ? [`/** ${cap(c.verb)} ${c.plural} (${scenario}). */`] : []),
      ...c.imp.render(),
      '',
      ...typeDecls(c),
      ...c.helperLines(),
      ...moduleLines,
      ...(moduleLines.length ? [''] : []),
      ...handler,
      ...(handler.length ? [''] : []),
      ...tail,
    ];
    if (scenario === 'utility' && !c.esm) {
      const exported = c.helperOrder.filter((h) => !['config', 'logger', 'statuses', 'HttpError'].includes(h) && HELPERS[h]);
      const names = exported.map((h) => ({ validate: `validate${cap(c.entity)}`, paginate: 'paginate', priceTable: 'priceFor', retry: 'withRetry', buildQuery: 'buildFilter', mapRecord: 'mapChange' })[h] ?? h);
      lines.push(`module.exports = { ...module.exports, ${[...new Set(names)].join(', ')} };`);
    } else if (scenario === 'utility' && c.esm) {
      const names = c.helperOrder
        .filter((h) => !['config', 'logger', 'statuses', 'HttpError'].includes(h))
        .map((h) => ({ validate: `validate${cap(c.entity)}`, priceTable: 'priceFor', retry: 'withRetry', buildQuery: 'buildFilter', mapRecord: 'mapChange' })[h] ?? h);
      if (names.length) lines.push(`export { ${[...new Set(names)].join(', ')} };`);
    }
    return lines;
  };
  let lines = assemble();
  const spare = r.shuffle(FILLER_HELPERS.filter((h) => !c.helpers.has(h)));
  // Sizes are checked on the finished text (blank-line collapsing and 'use strict' change the count).
  const MAX = 400;
  const size = (ls) => finish(c, ls).split('\n').length - 1;
  while (size(lines) < targetLines && spare.length) {
    c.needHelper(spare.pop());
    const next = assemble();
    if (size(next) > MAX) break;
    lines = next;
  }
  // Still short: add domain rule tables (each copy differs).
  let extra = 0;
  while (size(lines) < Math.max(50, targetLines) && extra < 20) {
    extra++;
    const t = extraTable(c, extra);
    moduleLines.unshift(...t, '');
    const next = assemble();
    if (size(next) > MAX && size(lines) >= 50) break;
    lines = next;
  }
  return { text: finish(c, lines), c };
}

function extraTable(c, n) {
  const rows = c.r.int(6, 20);
  const name = `${c.entity.toUpperCase()}_RULES_${n}`;
  const lines = [`const ${name} = [`];
  for (let i = 0; i < rows; i++) {
    lines.push(`  { code: '${c.entity.slice(0, 3).toUpperCase()}${String(n * 100 + i).padStart(4, '0')}', field: '${c.r.pick(FIELDS)}', min: ${c.r.int(0, 10)}, max: ${c.r.int(11, 1000)}, severity: '${c.r.pick(['low', 'medium', 'high'])}' },`);
  }
  lines.push(`]${c.ts ? ' as const' : ''};`, '');
  lines.push(
    `function check${cap(c.entity)}Rules${n}(input${T(c, ': Record<string, unknown>')})${T(c, ': string[]')} {`,
    `  const failed${T(c, ': string[]')} = [];`,
    `  for (const rule of ${name}) {`,
    '    const value = Number(input[rule.field]);',
    '    if (Number.isNaN(value)) continue;',
    '    if (value < rule.min || value > rule.max) failed.push(`${rule.code}:${rule.severity}`);',
    '  }',
    '  return failed;',
    '}',
  );
  return lines;
}

function extensionFile(c, targetLines) {
  const r = c.r;
  const request = c.imp.get('http', 'request');
  const name = r.pick(['graceful-shutdown', 'sigterm-helper', `${c.plural}-shutdown-ext`, 'nodejs-enable-sigterm']);
  const body = [
    `const EXTENSION_NAME = '${name}';`,
    `const API = process.env.AWS_LAMBDA_RUNTIME_API;`,
    '',
    `function call(method${T(c, ': string')}, path${T(c, ': string')}, headers${T(c, ': Record<string, string>')}, body${T(c, '?: string')})${T(c, ': Promise<{ status: number; headers: Record<string, unknown>; body: string }>')} {`,
    '  return new Promise((resolve, reject) => {',
    `    const [host, port] = (API${T(c, ' ?? \'\'')}).split(':');`,
    `    const req = ${request}({ host, port: Number(port), method, path, headers }, (res) => {`,
    `      let text = '';`,
    "      res.setEncoding('utf8');",
    "      res.on('data', (d) => (text += d));",
    "      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));",
    '    });',
    "    req.on('error', reject);",
    "    req.on('socket', (s) => s.unref());",
    '    if (body) req.write(body);',
    '    req.end();',
    '  });',
    '}',
    '',
    `${c.esm ? 'export ' : ''}async function registerExtension()${T(c, ': Promise<void>')} {`,
    '  if (!API) return;',
    "  const reg = await call('POST', '/2020-01-01/extension/register', { 'Lambda-Extension-Name': EXTENSION_NAME }, JSON.stringify({ events: [] }));",
    `  const id = reg.headers['lambda-extension-identifier']${T(c, ' as string | undefined')};`,
    "  if (reg.status !== 200 || !id) throw new Error(`extension register failed: ${reg.status} ${reg.body}`);",
    "  call('GET', '/2020-01-01/extension/event/next', { 'Lambda-Extension-Identifier': id }).catch(() => {});",
    '}',
    '',
  ];
  if (c.esm && r.chance(0.6)) body.push('await registerExtension();');
  else if (!c.esm) body.push('registerExtension().catch((err) => console.error(\'[extension]\', err));', '', 'module.exports = { registerExtension };');
  const lines = [`// Internal Lambda extension: registering one makes Lambda send SIGTERM before SIGKILL.`, ...c.imp.render(), '', ...body];
  let n = 0;
  while (finish(c, lines).split('\n').length - 1 < Math.max(50, Math.min(targetLines, 120))) {
    lines.push('', ...extraTable(c, ++n));
  }
  return finish(c, lines);
}

/** Final text of a file (also used for size checks: the style choice is made once per file). */
function finish(c, lines) {
  // Collapse runs of blank lines, trim, optional 4-space indentation.
  const out = [];
  for (const l of lines) {
    if (l === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(l);
  }
  while (out.length && out[out.length - 1] === '') out.pop();
  let text = out.join('\n') + '\n';
  c.style ??= { wide: c.r.chance(0.2), strict: !c.esm && c.r.chance(0.5) };
  if (c.style.wide) text = text.replace(/^( +)/gm, (m) => m + m);
  if (c.style.strict) text = `'use strict';\n\n${text}`;
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------------------------------------------

const DIRS = [['handlers', 50], ['functions', 15], ['lib', 12], ['jobs', 8], ['consumers', 8], ['api', 7]];

function targetSize(r) {
  // Log-normal around 120 lines, clamped to 50–400.
  return Math.max(50, Math.min(400, Math.round(Math.exp(Math.log(120) + 0.6 * r.normal()))));
}

function fileFor(seed, i) {
  const r = new Rng(seed, i);
  const ext = r.weighted(EXTENSIONS);
  const target = targetSize(r);
  const { text, c } = generateFile(r, ext, target);
  const svc = `svc-${String(i % 40).padStart(2, '0')}`;
  const dir = r.weighted(DIRS);
  const base = `${c.verb}-${c.entity}-${String(i).padStart(4, '0')}`;
  return { rel: path.join('generated', svc, 'src', dir, `${base}.${ext}`), text };
}

function walkFiles(dir) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  const visit = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') visit(p);
      } else if (e.isFile()) out.push(p);
    }
  };
  visit(dir);
  return out;
}

function examplesFingerprint(examplesDir) {
  const h = crypto.createHash('sha256');
  for (const f of walkFiles(examplesDir)) h.update(path.relative(examplesDir, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/**
 * Writes the corpus. Returns a summary (also stored as manifest.json in outDir).
 * @param {{ outDir?: string, count?: number, seed?: number, examplesDir?: string, quiet?: boolean }} [options]
 */
export function generateCorpus(options = {}) {
  const { outDir = DEFAULT_OUT_DIR, count = DEFAULT_COUNT, seed = DEFAULT_SEED, examplesDir = DEFAULT_EXAMPLES_DIR, quiet = false } = options;
  if (fs.existsSync(outDir)) {
    const looksLikeOurs = fs.existsSync(path.join(outDir, MANIFEST)) || path.basename(outDir).startsWith('.corpus') || fs.readdirSync(outDir).length === 0;
    if (!looksLikeOurs) throw new Error(`refusing to replace ${outDir}: it is not a corpus directory (no ${MANIFEST})`);
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  fs.mkdirSync(outDir, { recursive: true });
  const lineCounts = [];
  const byExt = {};
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { rel, text } = fileFor(seed, i);
    const abs = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
    lineCounts.push(text.split('\n').length - 1);
    const ext = path.extname(rel).slice(1);
    byExt[ext] = (byExt[ext] ?? 0) + 1;
    bytes += Buffer.byteLength(text);
  }
  let copied = 0;
  for (const f of walkFiles(examplesDir)) {
    const dest = path.join(outDir, 'examples', path.relative(examplesDir, f));
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(f, dest);
    copied++;
  }
  lineCounts.sort((a, b) => a - b);
  const q = (p) => lineCounts[Math.min(lineCounts.length - 1, Math.floor(p * lineCounts.length))] ?? 0;
  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    seed,
    count,
    examples: { dir: path.relative(REPO_ROOT, examplesDir), files: copied, fingerprint: examplesFingerprint(examplesDir) },
    generated: { files: count, bytes, byExt, lines: { min: q(0), p25: q(0.25), median: q(0.5), p75: q(0.75), max: lineCounts[lineCounts.length - 1] ?? 0 } },
  };
  fs.writeFileSync(path.join(outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  if (!quiet) {
    console.log(
      `corpus: ${count} generated files (${Object.entries(byExt).map(([k, v]) => `${v} .${k}`).join(', ')}; lines min ${manifest.generated.lines.min} / median ${manifest.generated.lines.median} / max ${manifest.generated.lines.max}) + ${copied} example files -> ${path.relative(process.cwd(), outDir) || outDir}`,
    );
  }
  return { outDir, ...manifest };
}

/** Regenerates the corpus only when its manifest does not match the requested parameters or the examples changed. */
export function ensureCorpus(options = {}) {
  const { outDir = DEFAULT_OUT_DIR, count = DEFAULT_COUNT, seed = DEFAULT_SEED, examplesDir = DEFAULT_EXAMPLES_DIR } = options;
  try {
    const m = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST), 'utf8'));
    if (m.generatorVersion === GENERATOR_VERSION && m.seed === seed && m.count === count && m.examples?.fingerprint === examplesFingerprint(examplesDir)) {
      return { outDir, ...m, reused: true };
    }
  } catch {
    // missing or unreadable manifest: generate
  }
  return { ...generateCorpus(options), reused: false };
}

function parseArgs(argv) {
  return benchOptions(
    argv,
    { out: { type: 'path', key: 'outDir' }, count: { type: 'int' }, seed: { type: 'int', min: 0 }, examples: { type: 'path', key: 'examplesDir' }, force: { type: 'boolean' } },
    { usage: 'usage: node bench/corpus.mjs [--out DIR] [--count N] [--seed S] [--examples DIR] [--force]' },
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  const result = opts.force ? generateCorpus(opts) : ensureCorpus(opts);
  if (result.reused) console.log(`corpus up to date: ${result.count} generated + ${result.examples.files} example files in ${result.outDir}`);
}
