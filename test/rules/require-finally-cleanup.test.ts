/**
 * require-finally-cleanup: resources opened while a handler runs must be closed on every path.
 *
 * Cases the rule gets wrong today (with the spec-correct expectation) live in require-finally-cleanup.pending.ts.
 */
import type { InvalidTestCase, TestCaseError, TestLanguageOptions, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/require-finally-cleanup.js';
import type { MessageIds, Options } from '../../rules/require-finally-cleanup.js';
import { files, ruleTester } from './tester.js';

/**
 * CommonJS (`.cjs`) as ESLint parses it: `languageOptions.sourceType: 'commonjs'` (which the rule tester's types leave
 * out), and the same in the parser options, because the rule tester otherwise forces `parserOptions.sourceType:
 * 'module'` and the file would be analysed with an ES module scope.
 */
const commonjs = { sourceType: 'commonjs', parserOptions: { sourceType: 'commonjs' } } as TestLanguageOptions;

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used once to pin the wording. */
function byMessage(error: Omit<TestCaseError<MessageIds>, 'messageId' | 'data'> & { message: string }): TestCaseError<MessageIds> {
  return error as unknown as TestCaseError<MessageIds>;
}

const valid: ValidTestCase<Options>[] = [
  {
    name: 'a client opened by an init function the module runs once at load is no per-invocation resource (require-sigterm-cleanup)',
    filename: files.js,
    code: `import { Client } from 'pg';
async function bootstrap() {
  const client = new Client();
  await client.connect();
}
await bootstrap();
export const handler = async () => 'ok';
`,
  },
  // ───────────────────────── promise chains ─────────────────────────
  {
    name: 'a checkout released in .finally() of its promise chain',
    filename: files.js,
    code: `import { Pool } from 'pg';
const pool = new Pool();
export const handler = async () => pool.connect().then((client) => client.query('select 1').finally(() => client.release()));
`,
  },
  {
    name: 'a checkout released in both .then() and .catch() of its promise chain',
    filename: files.js,
    code: `import { Pool } from 'pg';
const pool = new Pool();
export const handler = async () =>
  pool.connect().then((client) =>
    client
      .query('select 1')
      .then((r) => { client.release(); return r.rows; })
      .catch((e) => { client.release(); throw e; }),
  );
`,
  },
  // ===== Closed on every path =====
  // close in the finally of a try that follows the creation
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select * from orders where id = $1', [event.id]);
    return rows;
  } finally {
    await client.end();
  }
};
`,
    filename: files.ts,
  },
  // created inside the try whose finally closes it
  {
    code: `
import pg from 'pg';

export async function handler(event) {
  let client;
  try {
    client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    return await client.query('select now()');
  } finally {
    await client?.end();
  }
}
`,
    filename: files.mjs,
  },
  // a try that follows the creation, even with statements between
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  try {
    await client.query('select 1');
  } finally {
    await client.end();
  }
};
`,
    filename: files.ts,
  },
  // modelled on Amplify RDS examples: connect before the try, end() in its finally
  {
    code: `
import { Client } from 'pg';

export const handler = async (event) => {
  const client = new Client({ host: process.env.RDS_HOSTNAME, port: process.env.RDS_PORT });
  await client.connect();
  let res;
  try {
    res = await client.query('SELECT * FROM trips');
  } catch (err) {
    console.error(err);
  } finally {
    await client.end();
  }
  return { statusCode: 200, body: JSON.stringify(res.rows) };
};
`,
    filename: files.js,
  },
  // closes in both the try block and the catch
  {
    code: `
import mysql from 'mysql2/promise';

export const handler = async (event) => {
  const connection = await mysql.createConnection({ host: process.env.DB_HOST });
  try {
    const [rows] = await connection.execute('SELECT * FROM users WHERE id = ?', [event.id]);
    await connection.end();
    return rows;
  } catch (err) {
    await connection.end();
    throw err;
  }
};
`,
    filename: files.js,
  },
  // module.exports = { handler: … }: closes in the try and the catch, then returns
  {
    code: `
const { Client } = require('pg');

module.exports = {
  handler: async (event) => {
    const client = new Client();
    try {
      await client.connect();
      await client.end();
    } catch (e) {
      await client.end();
      return { statusCode: 500 };
    }
    return { statusCode: 200 };
  },
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  // several closes in one finally, through Promise.all
  {
    code: `
import { Client } from 'pg';
import Redis from 'ioredis';

export const handler = async () => {
  const db = new Client();
  const cache = new Redis();
  try {
    await db.connect();
    await cache.set('k', 'v');
  } finally {
    await Promise.all([db.end(), cache.quit()]);
  }
};
`,
    filename: files.ts,
  },
  // a guarded close in the finally
  {
    code: `
import { createClient } from 'redis';

export const handler = async () => {
  let client;
  try {
    client = createClient();
    await client.connect();
    return await client.ping();
  } finally {
    if (client?.isOpen) await client.quit();
  }
};
`,
    filename: files.mjs,
  },
  // pg pool checkout released in finally
  {
    code: `
import { Pool } from 'pg';

const pool = new Pool({ max: 1 });

export const handler = async () => {
  const client = await pool.connect();
  try {
    return (await client.query('select 1')).rows;
  } finally {
    client.release();
  }
};
`,
    filename: files.ts,
  },
  // mysql2 pool connection released in finally (CommonJS)
  {
    code: `
const mysql = require('mysql2/promise');
const pool = mysql.createPool({ host: process.env.DB_HOST, connectionLimit: 1 });

module.exports.handler = async (event) => {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query('SELECT * FROM items');
    return rows;
  } finally {
    conn.release();
  }
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
import { open } from 'node:fs/promises';

export const handler = async () => {
  const fh = await open('/tmp/state.json', 'r');
  try {
    return JSON.parse(await fh.readFile('utf8'));
  } finally {
    await fh.close();
  }
};
`,
    filename: files.mjs,
  },
  {
    code: `
const fs = require('fs');

exports.handler = async () => {
  const fd = fs.openSync('/tmp/lock', 'w');
  try {
    fs.writeSync(fd, String(Date.now()));
  } finally {
    fs.closeSync(fd);
  }
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
import { MongoClient } from 'mongodb';

export const handler = async () => {
  const client = await new MongoClient(process.env.MONGODB_URI!).connect();
  try {
    return await client.db('app').collection('users').countDocuments();
  } finally {
    await client.close();
  }
};
`,
    filename: files.ts,
  },
  {
    code: `
import { PrismaClient } from '@prisma/client';

export const handler = async () => {
  const prisma = new PrismaClient();
  try {
    return await prisma.user.findMany();
  } finally {
    await prisma.$disconnect();
  }
};
`,
    filename: files.ts,
  },
  // a hard close (disconnect) counts
  {
    code: `
import Redis from 'ioredis';

export const handler = async () => {
  const redis = new Redis(process.env.REDIS_URL);
  try {
    await redis.incr('hits');
  } finally {
    redis.disconnect();
  }
};
`,
    filename: files.js,
  },
  {
    code: `
import { createClient } from 'redis';

export const handler = async () => {
  const client = await createClient({ url: process.env.REDIS_URL }).connect();
  try {
    return await client.get('greeting');
  } finally {
    await client.quit();
  }
};
`,
    filename: files.mjs,
  },
  {
    code: `
import { Client } from 'undici';

export const handler = async () => {
  const client = new Client('https://example.com');
  try {
    const { body } = await client.request({ path: '/', method: 'GET' });
    return await body.text();
  } finally {
    await client.close();
  }
};
`,
    filename: files.ts,
  },
  // tls socket destroyed in finally
  {
    code: `
import tls from 'node:tls';
import { once } from 'node:events';

export const handler = async (event: { host: string }) => {
  const socket = tls.connect(443, event.host, { servername: event.host });
  try {
    await once(socket, 'secureConnect');
    return socket.getPeerCertificate().valid_to;
  } finally {
    socket.destroy();
  }
};
`,
    filename: files.ts,
  },
  // mysql destroy() in finally
  {
    code: `
import mysql from 'mysql';

export const handler = async () => {
  const connection = mysql.createConnection({ host: 'db' });
  try {
    connection.connect();
  } finally {
    connection.destroy();
  }
};
`,
    filename: files.js,
  },
  {
    code: `
import { createWriteStream } from 'node:fs';

export const handler = async (event) => {
  const ws = createWriteStream('/tmp/out.txt');
  try {
    for (const line of event.lines) ws.write(line + '\\n');
  } finally {
    await new Promise((resolve) => ws.end(resolve));
  }
};
`,
    filename: files.mjs,
  },
  // a settings['lambda-shutdown'].resources entry closed in finally
  {
    code: `
import { Connection } from 'acme-db';

export const handler = async () => {
  const conn = new Connection();
  try {
    await conn.run('ping');
  } finally {
    await conn.shutdown();
  }
};
`,
    filename: files.ts,
    settings: {'lambda-shutdown':{resources:[{module:'acme-db',export:'Connection',close:'shutdown'}]}},
  },

  // ===== using declarations and stream consumers =====
  {
    code: `
import { open } from 'node:fs/promises';

export const handler = async () => {
  await using file = await open('/tmp/data.json');
  return JSON.parse(await file.readFile('utf8'));
};
`,
    filename: files.ts,
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  using client = new Client();
  await client.connect();
};
`,
    filename: files.ts,
  },
  {
    code: `
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export const handler = async (event) => {
  const out = createWriteStream('/tmp/report.csv');
  await pipeline(event.body, out);
};
`,
    filename: files.mjs,
  },
  {
    code: `
import fs from 'fs';
import stream from 'stream';

export const handler = async (body: NodeJS.ReadableStream) => {
  const out = fs.createWriteStream('/tmp/out.bin');
  await stream.promises.pipeline(body, out);
};
`,
    filename: files.ts,
  },
  {
    code: `
const fs = require('fs');
const { finished } = require('stream');

exports.handler = (event, context, callback) => {
  const ws = fs.createWriteStream('/tmp/log.txt');
  ws.write(JSON.stringify(event));
  finished(ws, (err) => callback(err));
  ws.end();
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
const { createReadStream, createWriteStream } = require('node:fs');
const stream = require('node:stream');
const zlib = require('node:zlib');

module.exports.handler = (event, context, callback) => {
  const input = createReadStream('/tmp/in.txt');
  const output = createWriteStream('/tmp/in.txt.gz');
  stream.pipeline(input, zlib.createGzip(), output, callback);
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export const handler = async () => {
  const lines: string[] = [];
  const input = createReadStream('/tmp/input.ndjson');
  for await (const chunk of input) lines.push(String(chunk));
  return lines.length;
};
`,
    filename: files.ts,
  },
  {
    code: `
import fs from 'node:fs';
import zlib from 'node:zlib';

export const handler = async (event) => {
  const rs = fs.createReadStream(event.path);
  rs.pipe(zlib.createGunzip()).pipe(process.stdout);
};
`,
    filename: files.js,
  },
  {
    code: `
import { createReadStream } from 'fs';
import { createInterface } from 'readline';

export const handler = async (event: { path: string }) => {
  const rs = createReadStream(event.path);
  const rl = createInterface({ input: rs });
  let n = 0;
  for await (const _ of rl) n++;
  return n;
};
`,
    filename: files.ts,
  },
  // a read stream passed to a constructor call (new Upload({ params: { Body } })) is consumed too
  {
    code: `
import { createReadStream } from 'node:fs';
import { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

const s3 = new S3Client({});
export const handler = async () => {
  const body = createReadStream('/tmp/export.csv');
  await new Upload({ client: s3, params: { Bucket: 'b', Key: 'k', Body: body } }).done();
};
`,
    filename: files.ts,
  },
  // source.pipe(ws) ends the write stream when the source ends
  {
    code: `
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';

export const handler = async (event: { body: Readable }) => {
  const ws = createWriteStream('/tmp/upload');
  event.body.pipe(ws);
};
`,
    filename: files.ts,
  },

  // ===== Closed somewhere the analysis cannot follow: silent =====
  // close inside a query callback (callback-style handler)
  {
    code: `
const mysql = require('mysql');

exports.handler = (event, context, callback) => {
  const connection = mysql.createConnection({ host: process.env.HOST });
  connection.query('SELECT 1', (error, results) => {
    connection.end();
    callback(error, results);
  });
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  return client
    .connect()
    .then(() => client.query('select 1'))
    .finally(() => client.end());
};
`,
    filename: files.ts,
  },
  {
    code: `
import net from 'node:net';

export const handler = async (event) =>
  new Promise((resolve, reject) => {
    const socket = net.connect(event.port, event.host);
    socket.on('connect', () => {
      socket.end();
      resolve({ reachable: true });
    });
    socket.on('error', reject);
  });
`,
    filename: files.mjs,
  },
  // TCP probe: the socket is created and destroyed inside a Promise executor
  {
    code: `
import { connect } from 'node:net';

export const handler = async (event: { host: string; port: number }) => {
  const started = Date.now();
  const up = await new Promise<boolean>((resolve) => {
    const socket = connect({ host: event.host, port: event.port, timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
  return { up, ms: Date.now() - started };
};
`,
    filename: files.ts,
  },
  {
    code: `
const dgram = require('node:dgram');

exports.handler = async (event) => {
  const socket = dgram.createSocket('udp4');
  await new Promise((resolve) => socket.send(event.metric, 8125, 'localhost', () => {
    socket.close();
    resolve();
  }));
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  // a bound close method handed to finally()
  {
    code: `
import { MongoClient } from 'mongodb';

export const handler = async () => {
  const mongo = new MongoClient(process.env.MONGO_URL!);
  await mongo.connect();
  return mongo.db().collection('x').countDocuments().finally(mongo.close.bind(mongo));
};
`,
    filename: files.ts,
  },
  // a same-file helper that closes its parameter, called in the finally
  {
    code: `
import { Client } from 'pg';

async function closeQuietly(client: Client) {
  try {
    await client.end();
  } catch {}
}

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await closeQuietly(client);
  }
};
`,
    filename: files.ts,
  },

  // ===== Ownership handed off =====
  // returned from a helper (the caller closes it in finally)
  {
    code: `
import { Client } from 'pg';

async function connect() {
  const client = new Client();
  await client.connect();
  return client;
}

export const handler = async () => {
  const client = await connect();
  try {
    return await client.query('select 1');
  } finally {
    await client.end();
  }
};
`,
    filename: files.ts,
  },
  {
    code: `
import { createClient } from 'redis';

async function clients() {
  const redis = await createClient({ url: process.env.REDIS_URL }).connect();
  return { redis };
}

export const handler = async () => {
  const { redis } = await clients();
  await redis.set('k', 'v');
};
`,
    filename: files.js,
  },
  {
    code: `
import type { Context } from 'aws-lambda';
import mysql from 'mysql2/promise';

class Handler {
  private conn?: mysql.Connection;

  async handle(event: unknown, context: Context) {
    await this.open();
    return this.conn?.query('SELECT 1');
  }

  private async open() {
    const conn = await mysql.createConnection({ host: process.env.DB_HOST });
    this.conn = conn;
  }
}

const instance = new Handler();
export const handler = instance.handle.bind(instance);
`,
    filename: files.ts,
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  let outer;
  const run = async () => {
    const conn = new Client();
    await conn.connect();
    outer = conn;
  };
  await run();
  return outer;
};
`,
    filename: files.mjs,
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const conn = new Client();
  const db = conn;
  await db.connect();
};
`,
    filename: files.ts,
  },
  // stack.use(client)
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  await using stack = new AsyncDisposableStack();
  const client = new Client();
  stack.use(client);
  await client.connect();
};
`,
    filename: files.ts,
  },
  // list.push(redis)
  {
    code: `
import Redis from 'ioredis';

const opened = [];
export const handler = async () => {
  const redis = new Redis();
  opened.push(redis);
  return redis.get('k');
};
`,
    filename: files.js,
  },
  // map.set(key, client)
  {
    code: `
import { Client } from 'undici';

const clients = new Map<string, Client>();
export const handler = async (event: { origin: string }) => {
  const client = new Client(event.origin);
  clients.set(event.origin, client);
  return client.request({ path: '/', method: 'GET' });
};
`,
    filename: files.ts,
  },
  // resolve(s) hands the socket to the awaiting code
  {
    code: `
import net from 'node:net';

export const handler = async (event) => {
  const socket = await new Promise((resolve, reject) => {
    const s = net.createConnection({ host: event.host, port: 443 });
    s.once('error', reject);
    resolve(s);
  });
  socket.end();
};
`,
    filename: files.mjs,
  },
  // returned inside the response object
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  return { statusCode: 200, client };
};
`,
    filename: files.ts,
  },

  // ===== Not per invocation, or not a resource =====
  {
    code: `
import { Client } from 'pg';

export async function migrate() {
  const client = new Client();
  await client.connect();
  await client.query('create table if not exists t (id int)');
}

export const handler = async () => ({ statusCode: 200 });
`,
    filename: files.ts,
  },
  {
    code: `
import { Client } from 'pg';

export async function query(sql: string) {
  const client = new Client();
  await client.connect();
  return (await client.query(sql)).rows;
}
`,
    filename: files.ts,
  },
  // module-scope resources are require-sigterm-cleanup's
  {
    code: `
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => {
  const { rows } = await pool.query('select 1');
  return rows;
};
`,
    filename: files.mjs,
  },
  // lazily-initialised module cache: module scope
  {
    code: `
import { Client } from 'pg';

let client;
export const handler = async () => {
  client ??= new Client();
  await client.connect();
};
`,
    filename: files.mjs,
  },
  {
    code: `
const { Pool } = require('pg');
const pool = new Pool();

exports.handler = (event, context, callback) => {
  pool.connect((err, client, release) => {
    if (err) return callback(err);
    client.query('SELECT NOW()', (error, result) => {
      release();
      callback(error, result && result.rows);
    });
  });
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  // mysql pool.getConnection(callback) form
  {
    code: `
const mysql = require('mysql');
const pool = mysql.createPool({ host: process.env.DB_HOST });

exports.handler = (event, context, callback) => {
  pool.getConnection((err, connection) => {
    if (err) return callback(err);
    connection.query('SELECT 1', (error, rows) => {
      connection.release();
      callback(error, rows);
    });
  });
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
import https from 'node:https';

export const handler = async () => {
  const agent = new https.Agent({ maxSockets: 5 });
  return agent.maxSockets;
};
`,
    filename: files.ts,
  },

  // ===== Handler forms =====
  {
    code: `
import middy from '@middy/core';
import jsonBodyParser from '@middy/http-json-body-parser';
import { Client } from 'pg';

const lambdaHandler = async (event: { body: { name: string } }) => {
  const client = new Client();
  await client.connect();
  try {
    await client.query('insert into names(name) values ($1)', [event.body.name]);
  } finally {
    await client.end();
  }
  return { statusCode: 201 };
};

export const handler = middy(lambdaHandler).use(jsonBodyParser());
`,
    filename: files.ts,
  },
  {
    code: `
import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';
import type { Context } from 'aws-lambda';
import { Client } from 'pg';

class Lambda implements LambdaInterface {
  public async handler(event: unknown, context: Context) {
    return this.load();
  }

  private async load() {
    const client = new Client();
    try {
      await client.connect();
      return (await client.query('select 1')).rows;
    } finally {
      await client.end();
    }
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
    filename: files.ts,
  },
  {
    code: `
const { Client } = require('pg');

exports.handler = async function (event, context, callback) {
  const client = new Client();
  try {
    await client.connect();
    const res = await client.query('SELECT 1');
    callback(null, res.rows);
  } finally {
    await client.end();
  }
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
  },
  {
    code: `
import type { SQSEvent } from 'aws-lambda';
import { Client } from 'pg';

export const handler = async (event: SQSEvent) => {
  await Promise.all(
    event.Records.map(async (record) => {
      const client = new Client();
      try {
        await client.connect();
        await client.query('insert into msgs(body) values ($1)', [record.body]);
      } finally {
        await client.end();
      }
    }),
  );
};
`,
    filename: files.ts,
  },
  {
    code: `
import { renderToString } from 'react-dom/server';
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>('select name from users');
    return renderToString(<ul>{rows.map((r) => <li key={r.name}>{r.name}</li>)}</ul>);
  } finally {
    await client.end();
  }
};
`,
    filename: files.tsx,
  },
  {
    code: `
import { Client } from 'pg';

function getClient() {
  return new Client({ connectionString: process.env.DATABASE_URL });
}

export const handler = async () => {
  const client = getClient();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};
`,
    filename: files.ts,
  },
  {
    code: `
import { Client } from 'pg';

export default async function handler(event, context) {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
}
`,
    filename: files.mjs,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────────────────────── promise chains ─────────────────────────
  {
    name: 'a checkout released only in .then() of its query: a failing query leaks it',
    filename: files.js,
    code: `import { Pool } from 'pg';
const pool = new Pool();
export const handler = async () => pool.connect().then((client) => client.query('select 1').then((r) => { client.release(); return r.rows; }));
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: { name: 'client', library: 'pg', label: 'pool checkout', origin: '', close: 'client.release()' },
        line: 3,
        column: 36,
        endLine: 3,
        endColumn: 50,
        suggestions: [],
      },
    ],
  },
  // ===== Never closed / closed on the success path only =====
  // the full message, pinned once
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from orders where id = $1', [event.id]);
  return rows;
};
`,
    filename: files.ts,
    errors: [
      byMessage({
        message:
          '`client` (pg Client) is opened on every invocation and never closed. ' +
          'Each invocation leaks it, and Lambda keeps the leaked Client open while the environment is frozen and reused, until the environment is killed. ' +
          'Close it with `await client.end()` in a `finally` block (or declare it with `await using` where the library supports it).',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select * from orders where id = $1', [event.id]);
    return rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      }),
    ],
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const res = await client.query('select 1');
  await client.end();
  return res.rows;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        data: { name: 'client', library: 'pg', label: 'Client', origin: '', close: 'await client.end()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const res = await client.query('select 1');
    return res.rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // a function declared in the wrapped statements and called after them: function declarations are block-scoped,
  // so the try takes in the call too (wrapping only the declaration would leave \`format\` undefined after it)
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  function format(at: Date) {
    return at.toISOString();
  }
  await client.query('select 1');
  await client.end();
  return { statusCode: 200, body: format(new Date()) };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        data: { name: 'client', library: 'pg', label: 'Client', origin: '', close: 'await client.end()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    function format(at: Date) {
      return at.toISOString();
    }
    await client.query('select 1');
    return { statusCode: 200, body: format(new Date()) };
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // closed in the try, the catch swallows the error
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    await client.query('select 1');
    await client.end();
  } catch (err) {
    console.error(err);
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    console.error(err);
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // release() at the end of a try whose finally does not release: moved into that finally
  {
    code: `
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => {
  const client = await pool.connect();
  try {
    await client.query('select 1');
    client.release();
  } finally {
    console.log('done');
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 7,
        column: 24,
        endLine: 7,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    console.log('done');
    client.release();
  }
};
`,
          },
        ],
      },
    ],
  },
  // an early return skips the close
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { id?: string }) => {
  const client = new Client();
  await client.connect();
  if (!event.id) return { statusCode: 400 };
  const { rows } = await client.query('select 1');
  await client.end();
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { id?: string }) => {
  const client = new Client();
  try {
    await client.connect();
    if (!event.id) return { statusCode: 400 };
    const { rows } = await client.query('select 1');
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // the finally of an earlier try does not cover the resource
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  try {
    console.log('start');
  } finally {
    console.log('cleanup');
  }
  const client = new Client();
  await client.connect();
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 10,
        column: 18,
        endLine: 10,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  try {
    console.log('start');
  } finally {
    console.log('cleanup');
  }
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // declared inside a try block whose finally cannot see it: wrapped inside that block
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  try {
    const client = new Client();
    await client.connect();
  } finally {
    console.log('done');
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 20,
        endLine: 6,
        endColumn: 32,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  try {
    const client = new Client();
    try {
      await client.connect();
    } finally {
      await client.end();
    }
  } finally {
    console.log('done');
  }
};
`,
          },
        ],
      },
    ],
  },
  // a close inside a nested try without catch is still success-only
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  try {
    await client.query('select 1');
    await client.end();
  } finally {
    console.log('x');
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    try {
      await client.query('select 1');
    } finally {
      console.log('x');
    }
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // declarations used after the last use of the resource stay in scope: the range grows
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select id from users');
  const ids = rows.map((r) => r.id);
  await client.end();
  console.log('loaded', ids.length);
  return { statusCode: 200, body: JSON.stringify(ids) };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select id from users');
    const ids = rows.map((r) => r.id);
    console.log('loaded', ids.length);
    return { statusCode: 200, body: JSON.stringify(ids) };
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // the uses are exactly one try with a finally: the close is appended to it
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    console.log('done');
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    console.log('done');
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // the uses are exactly one try/catch: a finally is added to it
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    return await client.query('select 1');
  } catch (err) {
    console.error(err);
    return null;
  }
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    return await client.query('select 1');
  } catch (err) {
    console.error(err);
    return null;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // per-record client in a loop body
  {
    code: `
import type { SQSEvent } from 'aws-lambda';
import { Client } from 'pg';

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const client = new Client();
    await client.connect();
    await client.query('insert into msgs(body) values ($1)', [record.body]);
    await client.end();
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 7,
        column: 20,
        endLine: 7,
        endColumn: 32,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import type { SQSEvent } from 'aws-lambda';
import { Client } from 'pg';

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    const client = new Client();
    try {
      await client.connect();
      await client.query('insert into msgs(body) values ($1)', [record.body]);
    } finally {
      await client.end();
    }
  }
};
`,
          },
        ],
      },
    ],
  },
  // inside switch cases
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { op: string }) => {
  switch (event.op) {
    case 'ping': {
      const client = new Client();
      await client.connect();
      return await client.query('select 1');
    }
    case 'noop':
      const c2 = new Client();
      await c2.connect();
      break;
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 7,
        column: 22,
        endLine: 7,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { op: string }) => {
  switch (event.op) {
    case 'ping': {
      const client = new Client();
      try {
        await client.connect();
        return await client.query('select 1');
      } finally {
        await client.end();
      }
    }
    case 'noop':
      const c2 = new Client();
      await c2.connect();
      break;
  }
};
`,
          },
        ],
      },
      {
        messageId: 'missingCleanup',
        line: 12,
        column: 18,
        endLine: 12,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { op: string }) => {
  switch (event.op) {
    case 'ping': {
      const client = new Client();
      await client.connect();
      return await client.query('select 1');
    }
    case 'noop':
      const c2 = new Client();
      try {
        await c2.connect();
      } finally {
        await c2.end();
      }
      break;
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const started = Date.now(), client = new Client();
  await client.connect();
  return Date.now() - started;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 40,
        endLine: 5,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const started = Date.now(), client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
  return Date.now() - started;
};
`,
          },
        ],
      },
    ],
  },
  // no statement after the creation: nothing to wrap
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  // closed in the catch only: the close moves from the catch into a finally
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    return await client.query('select 1');
  } catch (err) {
    await client.end();
    throw err;
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'errorOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        data: { name: 'client', library: 'pg', label: 'Client', origin: '', close: 'await client.end()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    return await client.query('select 1');
  } catch (err) {
    throw err;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // uses inside callbacks (not closes) do not hide the finding
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { ids: string[] }) => {
  const client = new Client();
  await client.connect();
  const results = await Promise.all(event.ids.map((id) => client.query('select * from t where id = $1', [id])));
  await client.end();
  return results.length;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { ids: string[] }) => {
  const client = new Client();
  try {
    await client.connect();
    const results = await Promise.all(event.ids.map((id) => client.query('select * from t where id = $1', [id])));
    return results.length;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import fs from 'node:fs';

export const handler = async (event) => {
  const ws = fs.createWriteStream('/tmp/out.txt');
  event.lines.forEach((line) => ws.write(line));
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import fs from 'node:fs';

export const handler = async (event) => {
  const ws = fs.createWriteStream('/tmp/out.txt');
  try {
    event.lines.forEach((line) => ws.write(line));
  } finally {
    await new Promise((resolve) => ws.end(resolve));
  }
};
`,
          },
        ],
      },
    ],
  },
  // net.Socket connected inside a Promise executor, never ended
  {
    code: `
import { Socket } from 'node:net';

export const handler = async (event: { host: string; port: number }) => {
  const socket = new Socket();
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(event.port, event.host, resolve);
  });
  return { ok: true };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Socket } from 'node:net';

export const handler = async (event: { host: string; port: number }) => {
  const socket = new Socket();
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(event.port, event.host, resolve);
    });
  } finally {
    await new Promise((resolve) => socket.end(resolve));
  }
  return { ok: true };
};
`,
          },
        ],
      },
    ],
  },

  // ===== What the suggestion must not do =====
  // a returned call is awaited inside the new try, or the finally would close the client before the query settles
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  return client.query('select 1');
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    return await client.query('select 1');
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // every returned call that uses the client is awaited: in a branch, and through a callback it is handed; a return
  // inside a callback (its own function's) and a returned call that does not use the client stay as they are
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { ids: string[]; count?: boolean }) => {
  const client = new Client();
  await client.connect();
  if (event.count) {
    return retry(() => client.query('select count(*) from t'));
  }
  const rows = event.ids.map((id) => {
    return client.query('select * from t where id = $1', [id]);
  });
  if (rows.length === 0) return Promise.resolve([]);
  return Promise.all(rows.map((r) => r.then(() => client.query('select 1'))));
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { ids: string[]; count?: boolean }) => {
  const client = new Client();
  try {
    await client.connect();
    if (event.count) {
      return await retry(() => client.query('select count(*) from t'));
    }
    const rows = event.ids.map((id) => {
      return client.query('select * from t where id = $1', [id]);
    });
    if (rows.length === 0) return Promise.resolve([]);
    return await Promise.all(rows.map((r) => r.then(() => client.query('select 1'))));
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // a declaration of the range read by a closure declared before it: no range keeps it in scope, so no suggestion
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const respond = () => ({ statusCode: 200, body: JSON.stringify(rows) });
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  await client.end();
  return respond();
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  // ws.end() followed by await once(ws, "finish"): moving end() would wait forever, so no suggestion
  {
    code: `
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const handler = async (event) => {
  const ws = createWriteStream('/tmp/out.ndjson');
  for (const r of event.records) ws.write(JSON.stringify(r) + '\\n');
  ws.end();
  await once(ws, 'finish');
  return 'ok';
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 6,
        column: 14,
        endLine: 6,
        endColumn: 50,
        suggestions: [],
      },
    ],
  },
  // a conditional close cannot become unconditional: no suggestion
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { keep: boolean }) => {
  const client = new Client();
  await client.connect();
  await client.query('select 1');
  if (!event.keep) {
    await client.end();
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },

  // ===== Libraries and import spellings =====
  // mysql2/promise createConnection (CommonJS require)
  {
    code: `
const mysql = require('mysql2/promise');

exports.handler = async (event) => {
  const connection = await mysql.createConnection({
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    password: process.env.DB_PASSWORD,
    database: process.env.DB_NAME,
  });
  const [rows] = await connection.execute('SELECT * FROM products WHERE id = ?', [event.pathParameters.id]);
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 28,
        endLine: 10,
        endColumn: 5,
        data: { name: 'connection', library: 'mysql2/promise', label: 'connection', when: 'on every invocation', origin: '', close: 'await connection.end()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const mysql = require('mysql2/promise');

exports.handler = async (event) => {
  const connection = await mysql.createConnection({
    host: process.env.DB_HOST,
    user: process.env.DB_USER,
    password: process.env.DB_PASSWORD,
    database: process.env.DB_NAME,
  });
  try {
    const [rows] = await connection.execute('SELECT * FROM products WHERE id = ?', [event.pathParameters.id]);
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    await connection.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // pg pool checkout: reported at pool.connect(), closed with release() (no await)
  {
    code: `
import pg from 'pg';

const pool = new pg.Pool();

export const handler = async () => {
  const client = await pool.connect();
  const { rows } = await client.query('select * from jobs');
  return rows;
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 7,
        column: 24,
        endLine: 7,
        endColumn: 38,
        data: { name: 'client', library: 'pg', label: 'pool checkout', when: 'on every invocation', origin: '', close: 'client.release()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import pg from 'pg';

const pool = new pg.Pool();

export const handler = async () => {
  const client = await pool.connect();
  try {
    const { rows } = await client.query('select * from jobs');
    return rows;
  } finally {
    client.release();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: process.env.DB_HOST });

export const handler = async () => {
  const conn = await pool.getConnection();
  const [rows] = await conn.query('SELECT 1');
  return rows;
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 7,
        column: 22,
        endLine: 7,
        endColumn: 42,
        data: { name: 'conn', library: 'mysql2/promise', label: 'pool connection', when: 'on every invocation', origin: '', close: 'conn.release()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: process.env.DB_HOST });

export const handler = async () => {
  const conn = await pool.getConnection();
  try {
    const [rows] = await conn.query('SELECT 1');
    return rows;
  } finally {
    conn.release();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { open } from 'node:fs/promises';

export const handler = async () => {
  const fh = await open('/tmp/state.json');
  const text = await fh.readFile('utf8');
  return JSON.parse(text).version;
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 20,
        endLine: 5,
        endColumn: 43,
        data: { name: 'fh', library: 'node:fs/promises', label: 'FileHandle', when: 'on every invocation', origin: '', close: 'await fh.close()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { open } from 'node:fs/promises';

export const handler = async () => {
  const fh = await open('/tmp/state.json');
  try {
    const text = await fh.readFile('utf8');
    return JSON.parse(text).version;
  } finally {
    await fh.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { promises as fs } from 'fs';

export const handler = async () => {
  const fh = await fs.open('/tmp/x', 'w');
  await fh.write('x');
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 20,
        endLine: 5,
        endColumn: 42,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { promises as fs } from 'fs';

export const handler = async () => {
  const fh = await fs.open('/tmp/x', 'w');
  try {
    await fh.write('x');
  } finally {
    await fh.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // fs.openSync: closed with fs.closeSync(fd)
  {
    code: `
const fs = require('fs');

exports.handler = async () => {
  const fd = fs.openSync('/tmp/lock', 'w');
  fs.writeSync(fd, String(Date.now()));
  return 'ok';
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 43,
        data: { name: 'fd', library: 'node:fs', label: 'file descriptor', when: 'on every invocation', origin: '', close: 'fs.closeSync(fd)' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const fs = require('fs');

exports.handler = async () => {
  const fd = fs.openSync('/tmp/lock', 'w');
  try {
    fs.writeSync(fd, String(Date.now()));
  } finally {
    fs.closeSync(fd);
  }
  return 'ok';
};
`,
          },
        ],
      },
    ],
  },
  // destructured openSync: no module object to call closeSync on, so no suggestion
  {
    code: `
const { openSync, writeSync } = require('fs');

exports.handler = async () => {
  const fd = openSync('/tmp/x', 'w');
  writeSync(fd, 'x');
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 37,
        suggestions: [],
      },
    ],
  },
  // TCP socket probe: socket.end() has no await
  {
    code: `
import net from 'node:net';
import { once } from 'node:events';

export const handler = async (event) => {
  const started = Date.now();
  const socket = net.createConnection({ host: event.host, port: event.port });
  await once(socket, 'connect');
  return { host: event.host, latencyMs: Date.now() - started };
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 7,
        column: 18,
        endLine: 7,
        endColumn: 78,
        data: { name: 'socket', library: 'node:net', label: 'socket', when: 'on every invocation', origin: '', close: 'await new Promise((resolve) => socket.end(resolve))' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import net from 'node:net';
import { once } from 'node:events';

export const handler = async (event) => {
  const started = Date.now();
  const socket = net.createConnection({ host: event.host, port: event.port });
  try {
    await once(socket, 'connect');
  } finally {
    await new Promise((resolve) => socket.end(resolve));
  }
  return { host: event.host, latencyMs: Date.now() - started };
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { createConnection } from 'net';

export const handler = async (event) => {
  const socket = createConnection(event.port, event.host);
  socket.write('PING\\r\\n');
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 58,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { createConnection } from 'net';

export const handler = async (event) => {
  const socket = createConnection(event.port, event.host);
  try {
    socket.write('PING\\r\\n');
  } finally {
    await new Promise((resolve) => socket.end(resolve));
  }
};
`,
          },
        ],
      },
    ],
  },
  // new MongoClient(url).connect() chain
  {
    code: `
import { MongoClient } from 'mongodb';

export const handler = async () => {
  const client = await new MongoClient(process.env.MONGODB_URI!).connect();
  const count = await client.db('app').collection('users').countDocuments();
  return count;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 24,
        endLine: 5,
        endColumn: 65,
        data: { name: 'client', library: 'mongodb', label: 'MongoClient', when: 'on every invocation', origin: '', close: 'await client.close()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { MongoClient } from 'mongodb';

export const handler = async () => {
  const client = await new MongoClient(process.env.MONGODB_URI!).connect();
  try {
    const count = await client.db('app').collection('users').countDocuments();
    return count;
  } finally {
    await client.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { PrismaClient } from '@prisma/client';

export const handler = async () => {
  const prisma = new PrismaClient();
  const users = await prisma.user.findMany();
  return users;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 36,
        data: { name: 'prisma', library: '@prisma/client', label: 'PrismaClient', when: 'on every invocation', origin: '', close: 'await prisma.$disconnect()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { PrismaClient } from '@prisma/client';

export const handler = async () => {
  const prisma = new PrismaClient();
  try {
    const users = await prisma.user.findMany();
    return users;
  } finally {
    await prisma.$disconnect();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import Redis from 'ioredis';

export const handler = async () => {
  const redis = new Redis(process.env.REDIS_URL);
  const hits = await redis.incr('hits');
  return { hits };
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 17,
        endLine: 5,
        endColumn: 49,
        data: { name: 'redis', library: 'ioredis', label: 'Redis', when: 'on every invocation', origin: '', close: 'await redis.quit()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import Redis from 'ioredis';

export const handler = async () => {
  const redis = new Redis(process.env.REDIS_URL);
  try {
    const hits = await redis.incr('hits');
    return { hits };
  } finally {
    await redis.quit();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { createClient } from 'redis';

export const handler = async () => {
  const client = await createClient({ url: process.env.REDIS_URL }).connect();
  const value = await client.get('greeting');
  return value;
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 24,
        endLine: 5,
        endColumn: 68,
        data: { name: 'client', library: 'redis', label: 'client', when: 'on every invocation', origin: '', close: 'await client.quit()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { createClient } from 'redis';

export const handler = async () => {
  const client = await createClient({ url: process.env.REDIS_URL }).connect();
  try {
    const value = await client.get('greeting');
    return value;
  } finally {
    await client.quit();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'undici';

export const handler = async () => {
  const client = new Client('https://example.com');
  const { body } = await client.request({ path: '/', method: 'GET' });
  return await body.text();
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 51,
        data: { name: 'client', library: 'undici', label: 'Client', when: 'on every invocation', origin: '', close: 'await client.close()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'undici';

export const handler = async () => {
  const client = new Client('https://example.com');
  try {
    const { body } = await client.request({ path: '/', method: 'GET' });
    return await body.text();
  } finally {
    await client.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import tls from 'node:tls';
import { once } from 'node:events';

export const handler = async (event: { host: string }) => {
  const socket = tls.connect(443, event.host, { servername: event.host });
  await once(socket, 'secureConnect');
  return socket.getPeerCertificate().valid_to;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 74,
        data: { name: 'socket', library: 'node:tls', label: 'socket', when: 'on every invocation', origin: '', close: 'await new Promise((resolve) => socket.end(resolve))' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import tls from 'node:tls';
import { once } from 'node:events';

export const handler = async (event: { host: string }) => {
  const socket = tls.connect(443, event.host, { servername: event.host });
  try {
    await once(socket, 'secureConnect');
    return socket.getPeerCertificate().valid_to;
  } finally {
    await new Promise((resolve) => socket.end(resolve));
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
const dgram = require('dgram');

exports.handler = async (event) => {
  const socket = dgram.createSocket('udp4');
  socket.send(JSON.stringify(event), 8125, 'localhost');
  return 'sent';
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 44,
        data: { name: 'socket', library: 'node:dgram', label: 'socket', when: 'on every invocation', origin: '', close: 'await new Promise((resolve) => socket.close(resolve))' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const dgram = require('dgram');

exports.handler = async (event) => {
  const socket = dgram.createSocket('udp4');
  try {
    socket.send(JSON.stringify(event), 8125, 'localhost');
  } finally {
    await new Promise((resolve) => socket.close(resolve));
  }
  return 'sent';
};
`,
          },
        ],
      },
    ],
  },
  // dgram socket in a callback handler, closed on the success path
  {
    code: `
const dgram = require('node:dgram');

exports.handler = function (event, context, callback) {
  const socket = dgram.createSocket('udp4');
  socket.send('x', 8125, 'localhost');
  socket.close();
  callback(null);
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 44,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const dgram = require('node:dgram');

exports.handler = function (event, context, callback) {
  const socket = dgram.createSocket('udp4');
  try {
    socket.send('x', 8125, 'localhost');
  } finally {
    socket.close();
  }
  callback(null);
};
`,
          },
        ],
      },
    ],
  },
  // a settings['lambda-shutdown'].resources entry
  {
    code: `
import { Connection } from 'acme-db';

export const handler = async () => {
  const conn = new Connection();
  await conn.run('ping');
};
`,
    filename: files.ts,
    settings: {'lambda-shutdown':{resources:[{module:'acme-db',export:'Connection',close:'shutdown'}]}},
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 16,
        endLine: 5,
        endColumn: 32,
        data: { name: 'conn', library: 'acme-db', label: 'Connection', when: 'on every invocation', origin: '', close: 'await conn.shutdown()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Connection } from 'acme-db';

export const handler = async () => {
  const conn = new Connection();
  try {
    await conn.run('ping');
  } finally {
    await conn.shutdown();
  }
};
`,
          },
        ],
      },
    ],
  },
  // fs write stream: closed with await new Promise((resolve) => ws.end(resolve))
  {
    code: `
import { createWriteStream } from 'node:fs';

export const handler = async (event) => {
  const ws = createWriteStream('/tmp/out.txt');
  for (const line of event.lines) ws.write(line);
  return 'ok';
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 47,
        data: { name: 'ws', library: 'node:fs', label: 'write stream', when: 'on every invocation', origin: '', close: 'await new Promise((resolve) => ws.end(resolve))' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { createWriteStream } from 'node:fs';

export const handler = async (event) => {
  const ws = createWriteStream('/tmp/out.txt');
  try {
    for (const line of event.lines) ws.write(line);
  } finally {
    await new Promise((resolve) => ws.end(resolve));
  }
  return 'ok';
};
`,
          },
        ],
      },
    ],
  },
  // a success-path ws.end() becomes the awaited end in the finally
  {
    code: `
import { createWriteStream } from 'node:fs';

export const handler = async (event: { lines: string[] }) => {
  const ws = createWriteStream('/tmp/out.txt');
  for (const line of event.lines) ws.write(line);
  ws.end();
  return 'ok';
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { createWriteStream } from 'node:fs';

export const handler = async (event: { lines: string[] }) => {
  const ws = createWriteStream('/tmp/out.txt');
  try {
    for (const line of event.lines) ws.write(line);
  } finally {
    await new Promise((resolve) => ws.end(resolve));
  }
  return 'ok';
};
`,
          },
        ],
      },
    ],
  },
  // a non-async function: plain ws.end()
  {
    code: `
const fs = require('fs');

exports.handler = function (event, context, callback) {
  const ws = fs.createWriteStream('/tmp/out.txt');
  ws.write(JSON.stringify(event));
  callback(null, 'ok');
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const fs = require('fs');

exports.handler = function (event, context, callback) {
  const ws = fs.createWriteStream('/tmp/out.txt');
  try {
    ws.write(JSON.stringify(event));
  } finally {
    ws.end();
  }
  callback(null, 'ok');
};
`,
          },
        ],
      },
    ],
  },
  // mysql2 (callback API) pool per invocation: end() without await
  {
    code: `
const mysql = require('mysql2');

exports.handler = async () => {
  const pool = mysql.createPool({ host: 'db', connectionLimit: 2 });
  const rows = await pool.promise().query('SELECT 1');
  return rows;
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 16,
        endLine: 5,
        endColumn: 68,
        data: { name: 'pool', library: 'mysql2', label: 'pool', when: 'on every invocation', origin: '', close: 'pool.end()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const mysql = require('mysql2');

exports.handler = async () => {
  const pool = mysql.createPool({ host: 'db', connectionLimit: 2 });
  try {
    const rows = await pool.promise().query('SELECT 1');
    return rows;
  } finally {
    pool.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // a pool per invocation and its checkout: two findings
  {
    code: `
import { Pool } from 'pg';

export const handler = async () => {
  const pool = new Pool();
  const client = await pool.connect();
  await client.query('select 1');
  client.release();
  await pool.end();
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 16,
        endLine: 5,
        endColumn: 26,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Pool } from 'pg';

export const handler = async () => {
  const pool = new Pool();
  try {
    const client = await pool.connect();
    await client.query('select 1');
    client.release();
  } finally {
    await pool.end();
  }
};
`,
          },
        ],
      },
      {
        messageId: 'successOnlyCleanup',
        line: 6,
        column: 24,
        endLine: 6,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Pool } from 'pg';

export const handler = async () => {
  const pool = new Pool();
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
  await pool.end();
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import pg from 'pg';

export const lambdaHandler = async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const result = await client.query('select now()');
  await client.end();
  return result.rows[0];
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 79,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import pg from 'pg';

export const lambdaHandler = async () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    const result = await client.query('select now()');
    return result.rows[0];
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
const { Client } = require('pg');

exports.handler = async function (event) {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  const res = await client.query('SELECT $1::text AS message', ['hello']);
  await client.end();
  return res.rows[0].message;
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 76,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const { Client } = require('pg');

exports.handler = async function (event) {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  try {
    await client.connect();
    const res = await client.query('SELECT $1::text AS message', ['hello']);
    return res.rows[0].message;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
const Client = require('pg').Client;

module.exports.handler = async (event) => {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const Client = require('pg').Client;

module.exports.handler = async (event) => {
  const client = new Client();
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
const pg = require('pg');

exports.handler = async () => {
  const client = new pg.Client();
  await client.connect();
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 33,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const pg = require('pg');

exports.handler = async () => {
  const client = new pg.Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client: Client = new Client() as Client;
  await client!.connect();
  await client!.end();
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 26,
        endLine: 5,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client: Client = new Client() as Client;
  try {
    await client!.connect();
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // two resources, one finding (and one suggestion) each
  {
    code: `
import { Client } from 'pg';
import { open } from 'node:fs/promises';

export const handler = async () => {
  const client = new Client();
  const out = await open('/tmp/dump.json', 'w');
  await client.connect();
  const { rows } = await client.query('select * from t');
  await out.writeFile(JSON.stringify(rows));
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';
import { open } from 'node:fs/promises';

export const handler = async () => {
  const client = new Client();
  try {
    const out = await open('/tmp/dump.json', 'w');
    await client.connect();
    const { rows } = await client.query('select * from t');
    await out.writeFile(JSON.stringify(rows));
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
      {
        messageId: 'missingCleanup',
        line: 7,
        column: 21,
        endLine: 7,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';
import { open } from 'node:fs/promises';

export const handler = async () => {
  const client = new Client();
  const out = await open('/tmp/dump.json', 'w');
  try {
    await client.connect();
    const { rows } = await client.query('select * from t');
    await out.writeFile(JSON.stringify(rows));
  } finally {
    await out.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  let client: Client;
  client = new Client();
  await client.connect();
  await client.query('select 1');
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 12,
        endLine: 6,
        endColumn: 24,
        suggestions: [],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  return client.end().then(() => rows);
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },

  // ===== Passing the resource to a call is not a hand-off =====
  {
    code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const db = drizzle(client);
  return await db.execute('select 1');
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const db = drizzle(client);
    return await db.execute('select 1');
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';
import { runQuery } from './db.js';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const rows = await runQuery(client);
  return rows;
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';
import { runQuery } from './db.js';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const rows = await runQuery(client);
    return rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },

  // ===== Where the resource is created: helpers, callbacks, classes =====
  // a same-file factory: reported at the call
  {
    code: `
import { Client } from 'pg';

async function getClient() {
  const client = new Client();
  await client.connect();
  return client;
}

export const handler = async () => {
  const client = await getClient();
  const { rows } = await client.query('select 1');
  return rows;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 11,
        column: 24,
        endLine: 11,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

async function getClient() {
  const client = new Client();
  await client.connect();
  return client;
}

export const handler = async () => {
  const client = await getClient();
  try {
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // an arrow factory: reported at the call
  {
    code: `
import { Client } from 'pg';

const makeClient = () => new Client({ connectionString: process.env.DATABASE_URL });

export const handler = async () => {
  const db = makeClient();
  await db.connect();
  await db.query('select 1');
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 7,
        column: 14,
        endLine: 7,
        endColumn: 26,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

const makeClient = () => new Client({ connectionString: process.env.DATABASE_URL });

export const handler = async () => {
  const db = makeClient();
  try {
    await db.connect();
    await db.query('select 1');
  } finally {
    await db.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

async function save(item: { id: string }) {
  const client = new Client();
  await client.connect();
  await client.query('insert into items(id) values ($1)', [item.id]);
  await client.end();
}

export const handler = async (event: { item: { id: string } }) => {
  await save(event.item);
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

async function save(item: { id: string }) {
  const client = new Client();
  try {
    await client.connect();
    await client.query('insert into items(id) values ($1)', [item.id]);
  } finally {
    await client.end();
  }
}

export const handler = async (event: { item: { id: string } }) => {
  await save(event.item);
};
`,
          },
        ],
      },
    ],
  },
  // a helper bound to a const
  {
    code: `
import { Client } from 'pg';

const load = async (id) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from t where id = $1', [id]);
  await client.end();
  return rows[0];
};

export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(await load(event.id)) });
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

const load = async (id) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select * from t where id = $1', [id]);
    return rows[0];
  } finally {
    await client.end();
  }
};

export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(await load(event.id)) });
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import type { Context } from 'aws-lambda';
import { Client } from 'pg';

class Lambda {
  public async handler(event: unknown, context: Context) {
    return this.load();
  }

  private async load() {
    const client = new Client();
    await client.connect();
    return (await client.query('select 1')).rows;
  }
}

const instance = new Lambda();
export const handler = instance.handler.bind(instance);
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 11,
        column: 20,
        endLine: 11,
        endColumn: 32,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import type { Context } from 'aws-lambda';
import { Client } from 'pg';

class Lambda {
  public async handler(event: unknown, context: Context) {
    return this.load();
  }

  private async load() {
    const client = new Client();
    try {
      await client.connect();
      return (await client.query('select 1')).rows;
    } finally {
      await client.end();
    }
  }
}

const instance = new Lambda();
export const handler = instance.handler.bind(instance);
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { Client } from 'pg';

async function processRecord(record: SQSRecord) {
  const client = new Client();
  await client.connect();
  await client.query('insert into msgs(body) values ($1)', [record.body]);
}

export const handler = async (event: SQSEvent) => {
  await Promise.all(event.Records.map(processRecord));
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { Client } from 'pg';

async function processRecord(record: SQSRecord) {
  const client = new Client();
  try {
    await client.connect();
    await client.query('insert into msgs(body) values ($1)', [record.body]);
  } finally {
    await client.end();
  }
}

export const handler = async (event: SQSEvent) => {
  await Promise.all(event.Records.map(processRecord));
};
`,
          },
        ],
      },
    ],
  },
  // created inside a callback inside the handler
  {
    code: `
import type { SQSEvent } from 'aws-lambda';
import { Client } from 'pg';

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    await Promise.resolve().then(async () => {
      const client = new Client();
      await client.connect();
      await client.query('insert into msgs(body) values ($1)', [record.body]);
      await client.end();
    });
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 8,
        column: 22,
        endLine: 8,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import type { SQSEvent } from 'aws-lambda';
import { Client } from 'pg';

export const handler = async (event: SQSEvent) => {
  for (const record of event.Records) {
    await Promise.resolve().then(async () => {
      const client = new Client();
      try {
        await client.connect();
        await client.query('insert into msgs(body) values ($1)', [record.body]);
      } finally {
        await client.end();
      }
    });
  }
};
`,
          },
        ],
      },
    ],
  },

  // ===== Handler forms =====
  {
    code: `
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { Client } from 'pg';

const baseHandler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  await client.end();
  return { statusCode: 200, body: JSON.stringify(rows) };
};

export const handler = middy(baseHandler).use(httpErrorHandler());
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 7,
        column: 18,
        endLine: 7,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import { Client } from 'pg';

const baseHandler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select 1');
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    await client.end();
  }
};

export const handler = middy(baseHandler).use(httpErrorHandler());
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import middy from '@middy/core';
import { Client } from 'pg';

export const handler = middy().handler(async (event: { id: string }) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  return rows;
});
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import middy from '@middy/core';
import { Client } from 'pg';

export const handler = middy().handler(async (event: { id: string }) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    await client.end();
  }
});
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import middy from '@middy/core';
import { Client } from 'pg';

async function lambdaHandler(event) {
  const client = new Client();
  await client.connect();
}

export default middy(lambdaHandler);
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import middy from '@middy/core';
import { Client } from 'pg';

async function lambdaHandler(event) {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
}

export default middy(lambdaHandler);
`,
          },
        ],
      },
    ],
  },
  // Powertools class handler with a decorator and .bind
  {
    code: `
import { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';
import type { Context } from 'aws-lambda';
import { createClient } from 'redis';

const logger = new Logger();

class Lambda implements LambdaInterface {
  @logger.injectLambdaContext()
  public async handler(_event: unknown, _context: Context): Promise<string | null> {
    const redis = await createClient().connect();
    const value = await redis.get('key');
    await redis.quit();
    return value;
  }
}

const myFunction = new Lambda();
export const handler = myFunction.handler.bind(myFunction);
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 12,
        column: 25,
        endLine: 12,
        endColumn: 39,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Logger } from '@aws-lambda-powertools/logger';
import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';
import type { Context } from 'aws-lambda';
import { createClient } from 'redis';

const logger = new Logger();

class Lambda implements LambdaInterface {
  @logger.injectLambdaContext()
  public async handler(_event: unknown, _context: Context): Promise<string | null> {
    const redis = await createClient().connect();
    try {
      const value = await redis.get('key');
      return value;
    } finally {
      await redis.quit();
    }
  }
}

const myFunction = new Lambda();
export const handler = myFunction.handler.bind(myFunction);
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

class Api {
  handler = async (event: unknown) => {
    const client = new Client();
    await client.connect();
  };
}

const api = new Api();
export const handler = api.handler;
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 20,
        endLine: 6,
        endColumn: 32,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

class Api {
  handler = async (event: unknown) => {
    const client = new Client();
    try {
      await client.connect();
    } finally {
      await client.end();
    }
  };
}

const api = new Api();
export const handler = api.handler;
`,
          },
        ],
      },
    ],
  },
  // callback-style handler (event, context, callback)
  {
    code: `
const mysql = require('mysql');

exports.handler = (event, context, callback) => {
  const connection = mysql.createConnection({ host: process.env.RDS_HOSTNAME });
  connection.query('SELECT 1', callback);
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 22,
        endLine: 5,
        endColumn: 80,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const mysql = require('mysql');

exports.handler = (event, context, callback) => {
  const connection = mysql.createConnection({ host: process.env.RDS_HOSTNAME });
  try {
    connection.query('SELECT 1', callback);
  } finally {
    connection.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // callback-style mysql handler with callbackWaitsForEmptyEventLoop = false
  {
    code: `
const mysql = require('mysql');

exports.handler = function (event, context, callback) {
  context.callbackWaitsForEmptyEventLoop = false;
  const connection = mysql.createConnection({ host: process.env.RDS_HOSTNAME, user: process.env.RDS_USERNAME });
  connection.connect();
  connection.query('SELECT * FROM Employee', function (error, results) {
    if (error) return callback(error);
    callback(null, results);
  });
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 6,
        column: 22,
        endLine: 6,
        endColumn: 112,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const mysql = require('mysql');

exports.handler = function (event, context, callback) {
  context.callbackWaitsForEmptyEventLoop = false;
  const connection = mysql.createConnection({ host: process.env.RDS_HOSTNAME, user: process.env.RDS_USERNAME });
  try {
    connection.connect();
    connection.query('SELECT * FROM Employee', function (error, results) {
      if (error) return callback(error);
      callback(null, results);
    });
  } finally {
    connection.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
const mysql = require('mysql');

exports.handler = (event, context, callback) => {
  const connection = mysql.createConnection({ host: process.env.HOST });
  connection.query('SELECT 1', (error, results) => callback(error, results));
  connection.end();
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 22,
        endLine: 5,
        endColumn: 72,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const mysql = require('mysql');

exports.handler = (event, context, callback) => {
  const connection = mysql.createConnection({ host: process.env.HOST });
  try {
    connection.query('SELECT 1', (error, results) => callback(error, results));
  } finally {
    connection.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
const { Client } = require('pg');

async function handler(event) {
  const client = new Client();
  await client.connect();
  const res = await client.query('SELECT 1');
  return res.rows;
}

module.exports = { handler };
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const { Client } = require('pg');

async function handler(event) {
  const client = new Client();
  try {
    await client.connect();
    const res = await client.query('SELECT 1');
    return res.rows;
  } finally {
    await client.end();
  }
}

module.exports = { handler };
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

async function main() {
  const client = new Client();
  await client.connect();
}

export { main as handler };
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

async function main() {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
}

export { main as handler };
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from 'pg';

const handler = async () => {
  const client = new Client();
  await client.connect();
};

export { handler };
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};

export { handler };
`,
          },
        ],
      },
    ],
  },
  // aws-lambda handler type under another export name
  {
    code: `
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { Client } from 'pg';

export const getUser: APIGatewayProxyHandler = async (event) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select * from users where id = $1', [event.pathParameters?.id]);
  await client.end();
  return { statusCode: 200, body: JSON.stringify(rows[0]) };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import type { APIGatewayProxyHandler } from 'aws-lambda';
import { Client } from 'pg';

export const getUser: APIGatewayProxyHandler = async (event) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select * from users where id = $1', [event.pathParameters?.id]);
    return { statusCode: 200, body: JSON.stringify(rows[0]) };
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // (event, context) parameters under another export name
  {
    code: `
import { Client } from 'pg';

export const run = async (event, context) => {
  const client = new Client();
  await client.connect();
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const run = async (event, context) => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // settings['lambda-shutdown'].handlerNames
  {
    code: `
import { Client } from 'pg';

export const main = async () => {
  const client = new Client();
  await client.connect();
};
`,
    filename: files.ts,
    settings: {'lambda-shutdown':{handlerNames:['main']}},
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const main = async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { MongoClient } from 'mongodb';

export default async function handler(event, context) {
  const mongo = new MongoClient(process.env.MONGO_URL);
  await mongo.connect();
  return await mongo.db().collection('events').insertOne(event);
}
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 17,
        endLine: 5,
        endColumn: 55,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { MongoClient } from 'mongodb';

export default async function handler(event, context) {
  const mongo = new MongoClient(process.env.MONGO_URL);
  try {
    await mongo.connect();
    return await mongo.db().collection('events').insertOne(event);
  } finally {
    await mongo.close();
  }
}
`,
          },
        ],
      },
    ],
  },

  // ===== Formatting of the suggestion =====
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
\tconst client = new Client();
\tawait client.connect();
\tconst res = await client.query('select 1');
\tawait client.end();
\treturn res.rows;
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 17,
        endLine: 5,
        endColumn: 29,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
\tconst client = new Client();
\ttry {
\t\tawait client.connect();
\t\tconst res = await client.query('select 1');
\t\treturn res.rows;
\t} finally {
\t\tawait client.end();
\t}
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { Client } from "pg"

export const handler = async () => {
  const client = new Client()
  await client.connect()
  const res = await client.query("select 1")
  await client.end()
  return res.rows
}
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from "pg"

export const handler = async () => {
  const client = new Client()
  try {
    await client.connect()
    const res = await client.query("select 1")
    return res.rows
  } finally {
    await client.end()
  }
}
`,
          },
        ],
      },
    ],
  },
  // CRLF line endings
  {
    code: `\r
import { Client } from 'pg';\r
\r
export const handler = async () => {\r
  const client = new Client();\r
  await client.connect();\r
  await client.query('select 1');\r
};\r
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `\r
import { Client } from 'pg';\r
\r
export const handler = async () => {\r
  const client = new Client();\r
  try {\r
    await client.connect();\r
    await client.query('select 1');\r
  } finally {\r
    await client.end();\r
  }\r
};\r
`,
          },
        ],
      },
    ],
  },
  // a template literal spanning lines is not re-indented
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query(\`
    select id, name
      from users
     where id = $1
  \`, [event.id]);
  await client.end();
  return rows;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query(\`
    select id, name
      from users
     where id = $1
  \`, [event.id]);
    return rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // template text is not re-indented, the code inside ${} is
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { table: string }) => {
  const client = new Client();
  await client.connect();
  const sql = \`select *
from \${
  event.table
}
where 1 = 1\`;
  await client.query(sql);
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { table: string }) => {
  const client = new Client();
  try {
    await client.connect();
    const sql = \`select *
from \${
    event.table
  }
where 1 = 1\`;
    await client.query(sql);
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // comments and blank lines inside the range; the moved close keeps its trailing comment
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  // connect first
  await client.connect();

  /* the query */
  const res = await client.query('select 1');
  await client.end(); // done
  return res.rows;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  // connect first
  try {
    await client.connect();

    /* the query */
    const res = await client.query('select 1');
    return res.rows;
  } finally {
    await client.end(); // done
  }
};
`,
          },
        ],
      },
    ],
  },
  // an empty finally {} gets the close on its own line
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {}
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // a close sharing its line with the next statement
  {
    code: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  await client.end(); return rows;
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    code: `
import { renderToString } from 'react-dom/server';
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query<{ name: string }>('select name from users');
  await client.end();
  const html = renderToString(<ul>{rows.map((r) => <li key={r.name}>{r.name}</li>)}</ul>);
  return { statusCode: 200, body: html };
};
`,
    filename: files.tsx,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { renderToString } from 'react-dom/server';
import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  try {
    await client.connect();
    const { rows } = await client.query<{ name: string }>('select name from users');
    const html = renderToString(<ul>{rows.map((r) => <li key={r.name}>{r.name}</li>)}</ul>);
    return { statusCode: 200, body: html };
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },

  // ===== Modelled on public Lambda code =====
  // RDS Proxy with IAM auth (mysql2/promise), in the shape of the aws-samples serverless-patterns examples
  {
    code: `
import { Signer } from '@aws-sdk/rds-signer';
import mysql from 'mysql2/promise';

export const handler = async (event) => {
  const signer = new Signer({
    hostname: process.env.PROXY_ENDPOINT,
    port: 3306,
    username: process.env.DB_USER,
    region: process.env.AWS_REGION,
  });
  const token = await signer.getAuthToken();
  const connection = await mysql.createConnection({
    host: process.env.PROXY_ENDPOINT,
    user: process.env.DB_USER,
    password: token,
    database: process.env.DB_NAME,
    ssl: 'Amazon RDS',
  });
  const [rows] = await connection.execute('SELECT NOW() AS now');
  await connection.end();
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 13,
        column: 28,
        endLine: 19,
        endColumn: 5,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Signer } from '@aws-sdk/rds-signer';
import mysql from 'mysql2/promise';

export const handler = async (event) => {
  const signer = new Signer({
    hostname: process.env.PROXY_ENDPOINT,
    port: 3306,
    username: process.env.DB_USER,
    region: process.env.AWS_REGION,
  });
  const token = await signer.getAuthToken();
  const connection = await mysql.createConnection({
    host: process.env.PROXY_ENDPOINT,
    user: process.env.DB_USER,
    password: token,
    database: process.env.DB_NAME,
    ssl: 'Amazon RDS',
  });
  try {
    const [rows] = await connection.execute('SELECT NOW() AS now');
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    await connection.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // per-invocation mysql2 connection in a helper, in the shape of aws-samples serverless-snippets lambda-function-connect-rds-iam
  {
    code: `
import { Signer } from '@aws-sdk/rds-signer';
import mysql from 'mysql2/promise';

async function authToken() {
  const signer = new Signer({
    hostname: process.env.PROXY_HOST,
    port: Number(process.env.PORT),
    username: process.env.DB_USER,
    region: process.env.AWS_REGION,
  });
  return signer.getAuthToken();
}

async function sumInDb(a, b) {
  const token = await authToken();
  const conn = await mysql.createConnection({
    host: process.env.PROXY_HOST,
    user: process.env.DB_USER,
    password: token,
    database: process.env.DB_NAME,
    ssl: 'Amazon RDS',
  });
  const [rows] = await conn.execute('select ?+? as sum', [a, b]);
  return rows;
}

export const handler = async (event) => {
  const result = await sumInDb(3, 2);
  return { statusCode: 200, body: JSON.stringify('The sum is: ' + result[0].sum) };
};
`,
    filename: files.mjs,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 17,
        column: 22,
        endLine: 23,
        endColumn: 5,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Signer } from '@aws-sdk/rds-signer';
import mysql from 'mysql2/promise';

async function authToken() {
  const signer = new Signer({
    hostname: process.env.PROXY_HOST,
    port: Number(process.env.PORT),
    username: process.env.DB_USER,
    region: process.env.AWS_REGION,
  });
  return signer.getAuthToken();
}

async function sumInDb(a, b) {
  const token = await authToken();
  const conn = await mysql.createConnection({
    host: process.env.PROXY_HOST,
    user: process.env.DB_USER,
    password: token,
    database: process.env.DB_NAME,
    ssl: 'Amazon RDS',
  });
  try {
    const [rows] = await conn.execute('select ?+? as sum', [a, b]);
    return rows;
  } finally {
    await conn.end();
  }
}

export const handler = async (event) => {
  const result = await sumInDb(3, 2);
  return { statusCode: 200, body: JSON.stringify('The sum is: ' + result[0].sum) };
};
`,
          },
        ],
      },
    ],
  },
  // pg client built from a Secrets Manager secret, closed at the end
  {
    code: `
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { Client } from 'pg';

const sm = new SecretsManagerClient({});

export const handler = async (event) => {
  const secret = await sm.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ARN }));
  const { username, password, host, port, dbname } = JSON.parse(secret.SecretString);
  const client = new Client({ user: username, password, host, port, database: dbname, ssl: { rejectUnauthorized: false } });
  await client.connect();
  const res = await client.query('SELECT * FROM tasks WHERE id = $1', [event.id]);
  await client.end();
  return res.rows;
};
`,
    filename: files.js,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 10,
        column: 18,
        endLine: 10,
        endColumn: 124,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { Client } from 'pg';

const sm = new SecretsManagerClient({});

export const handler = async (event) => {
  const secret = await sm.send(new GetSecretValueCommand({ SecretId: process.env.SECRET_ARN }));
  const { username, password, host, port, dbname } = JSON.parse(secret.SecretString);
  const client = new Client({ user: username, password, host, port, database: dbname, ssl: { rejectUnauthorized: false } });
  try {
    await client.connect();
    const res = await client.query('SELECT * FROM tasks WHERE id = $1', [event.id]);
    return res.rows;
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // created inside a try whose catch swallows the error, end() at the end of the try
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: unknown) => {
  try {
    const host = process.env.DB_HOST ?? '';
    const client = new Client({ host, port: 5432 });
    await client.connect();
    const res = await client.query('SELECT $1::text as message', ['hello']);
    console.log(res.rows[0].message);
    await client.end();
    return { statusCode: 200, body: 'ok' };
  } catch (err) {
    console.log('error while trying to connect to db', err);
    return { statusCode: 500 };
  }
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 7,
        column: 20,
        endLine: 7,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: unknown) => {
  try {
    const host = process.env.DB_HOST ?? '';
    const client = new Client({ host, port: 5432 });
    try {
      await client.connect();
      const res = await client.query('SELECT $1::text as message', ['hello']);
      console.log(res.rows[0].message);
    } finally {
      await client.end();
    }
    return { statusCode: 200, body: 'ok' };
  } catch (err) {
    console.log('error while trying to connect to db', err);
    return { statusCode: 500 };
  }
};
`,
          },
        ],
      },
    ],
  },

  // ===== Non-async functions =====
  // a let declaration in a non-async function: fs.closeSync in the finally
  {
    code: `
import fs from 'node:fs';

export function handler(event) {
  let fd = fs.openSync('/tmp/audit.log', 'a');
  fs.appendFileSync(fd, JSON.stringify(event) + '\\n');
  return { ok: true };
}
`,
    filename: files.js,
    errors: [
      {
        messageId: 'missingCleanup',
        line: 5,
        column: 12,
        endLine: 5,
        endColumn: 46,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import fs from 'node:fs';

export function handler(event) {
  let fd = fs.openSync('/tmp/audit.log', 'a');
  try {
    fs.appendFileSync(fd, JSON.stringify(event) + '\\n');
  } finally {
    fs.closeSync(fd);
  }
  return { ok: true };
}
`,
          },
        ],
      },
    ],
  },
  // Regressions found while writing this suite (each comment says what used to go wrong).
  // Regression: NO SUGGESTION (an intermediate version of core/fixes.ts). The pg transaction pattern: BEGIN/COMMIT in
  // the try, ROLLBACK + rethrow in the catch, release() at the end of the try. The spec: the uses are exactly one
  // try, so a finally is added to it and the success-path release() moves there. finallyCleanupEdits() now refuses
  // when any reference comes after the success-path close ("nothing after it may use the resource"), and counts
  // the catch clause's `client.query('ROLLBACK')` as such a use; but the catch of the try whose block holds the
  // close only runs when that block threw, i.e. never after the close completed. Today: `suggestions: []`.
  {
    code: `
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: { from: string; to: string; amount: number }) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [event.amount, event.from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [event.amount, event.to]);
    await client.query('COMMIT');
    client.release();
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
  return { statusCode: 200 };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 7,
        column: 24,
        endLine: 7,
        endColumn: 38,
        data: { name: 'client', library: 'pg', label: 'pool checkout', origin: '', close: 'client.release()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            data: { name: 'client' },
            output: `
import { Pool } from 'pg';

const pool = new Pool();

export const handler = async (event: { from: string; to: string; amount: number }) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [event.amount, event.from]);
    await client.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [event.amount, event.to]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  } finally {
    client.release();
  }
  return { statusCode: 200 };
};
`,
          },
        ],
      },
    ],
  },
  // Regression: NO SUGGESTION (same cause). The mysql2 transaction: beginTransaction/commit and end() in the try,
  // rollback() + rethrow in the catch (CommonJS). Today: `suggestions: []`.
  {
    code: `
const mysql = require('mysql2/promise');

exports.handler = async (event) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  try {
    await connection.beginTransaction();
    await connection.query('INSERT INTO orders SET ?', [event.order]);
    await connection.commit();
    await connection.end();
  } catch (err) {
    await connection.rollback();
    throw err;
  }
};
`,
    filename: files.cjs,
    languageOptions: commonjs,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 28,
        endLine: 5,
        endColumn: 76,
        data: { name: 'connection', library: 'mysql2/promise', label: 'connection', origin: '', close: 'await connection.end()' },
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
const mysql = require('mysql2/promise');

exports.handler = async (event) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  try {
    await connection.beginTransaction();
    await connection.query('INSERT INTO orders SET ?', [event.order]);
    await connection.commit();
  } catch (err) {
    await connection.rollback();
    throw err;
  } finally {
    await connection.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  // Regression: NO SUGGESTION (an intermediate version of core/fixes.ts). The common early-exit shape: the close
  // before an early `return` inside an `if`, and the close at the end. Both are success-path closes, each a
  // statement of its own, so the spec moves both into one finally. finallyCleanupEdits() now refuses any close
  // that is not unconditional (`unconditionalWithin`), and also any close followed by more uses of the resource.
  // A conditional close whose block then leaves the function (return/throw) is the close of that exit path and
  // can move; only a close that may be skipped while the function goes on (`if (!keep) await client.end()`,
  // tested in require-finally-cleanup.test.ts) cannot. Today: `suggestions: []`.
  {
    code: `
import { Client } from 'pg';

export const handler = async (event: { id?: string }) => {
  const client = new Client();
  await client.connect();
  if (!event.id) {
    await client.end();
    return { statusCode: 400 };
  }
  const { rows } = await client.query('select * from t where id = $1', [event.id]);
  await client.end();
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`,
    filename: files.ts,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        line: 5,
        column: 18,
        endLine: 5,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `
import { Client } from 'pg';

export const handler = async (event: { id?: string }) => {
  const client = new Client();
  try {
    await client.connect();
    if (!event.id) {
      return { statusCode: 400 };
    }
    const { rows } = await client.query('select * from t where id = $1', [event.id]);
    return { statusCode: 200, body: JSON.stringify(rows) };
  } finally {
    await client.end();
  }
};
`,
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-finally-cleanup', rule, { valid, invalid });
