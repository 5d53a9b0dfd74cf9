/**
 * The codemods on projects whose resources live in shared modules, run as a user runs them (`lambda-shutdown-codemod
 * all` in the project, then `check`): the module resource is closed once, in the module that owns it, never once per
 * handler; a function whose shutdown another module already takes part in is left for a human, with the reason; a
 * per-invocation resource from an imported factory gets its `finally`. A second run changes nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CODEMOD_BIN, PLUGIN_BIN } from '../helpers/bins.js';

const TIMEOUT = 60_000;

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-xmod-'));
  made.push(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'xmod', type: 'module', private: true }));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

function cli(dir: string, args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [PLUGIN_BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}

/** `lambda-shutdown-codemod <args>`. */
function codemod(dir: string, args: string[]): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [CODEMOD_BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout };
}

/** `check --format json`: rule id and line of every finding, by file. */
function findings(dir: string): Record<string, string[]> {
  const r = cli(dir, ['check', '--format', 'json', '.']);
  const out: Record<string, string[]> = {};
  for (const f of JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[]) {
    if (f.messages.length > 0) out[path.relative(dir, f.filePath).split(path.sep).join('/')] = f.messages.map((m) => `${m.line} ${m.ruleId}`);
  }
  return out;
}

const read = (dir: string, rel: string) => fs.readFileSync(path.join(dir, rel), 'utf8');

const handlerOf = (table: string) => `import { pool } from '../lib/db';

export const handler = async () => {
  const { rows } = await pool.query('SELECT * FROM ${table}');
  return { statusCode: 200, body: JSON.stringify(rows) };
};
`;

const DB = `import { Pool } from 'pg';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
`;

const CACHE = `import Redis from 'ioredis';

let client: Redis | undefined;

export function getCache(): Redis {
  client ??= new Redis(process.env.REDIS_URL!);
  return client;
}
`;

describe('add-shutdown-hook across modules', () => {
  it(
    'closes a pool that three handlers import once, in the module that owns it, and a lazy client only if it was made',
    () => {
      const handlers = { 'src/handlers/users.ts': handlerOf('users'), 'src/handlers/orders.ts': handlerOf('orders'), 'src/handlers/items.ts': handlerOf('items') };
      const cached = `import { getCache } from '../lib/cache';

export const handler = async (event: { key: string }) => {
  return { statusCode: 200, body: (await getCache().get(event.key)) ?? '' };
};
`;
      const dir = project({ 'src/lib/db.ts': DB, 'src/lib/cache.ts': CACHE, ...handlers, 'src/handlers/cached.ts': cached });
      expect(findings(dir)).toEqual({ 'src/lib/cache.ts': ['6 lambda-shutdown/require-sigterm-cleanup'], 'src/lib/db.ts': ['3 lambda-shutdown/require-sigterm-cleanup'] });

      expect(codemod(dir, ['all', '.']).status).toBe(0);
      expect(read(dir, 'src/lib/db.ts')).toBe(`${DB}
process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`);
      // closed where it was made, never made at shutdown: `client?.quit()`, not `getCache().quit()`
      expect(read(dir, 'src/lib/cache.ts')).toContain("console.info('[lambda-shutdown] SIGTERM: closing client');\n  await client?.quit();\n");
      for (const [rel, text] of Object.entries({ ...handlers, 'src/handlers/cached.ts': cached })) expect(read(dir, rel)).toBe(text);
      expect(findings(dir)).toEqual({});

      const before = Object.fromEntries(['src/lib/db.ts', 'src/lib/cache.ts'].map((rel) => [rel, read(dir, rel)]));
      const again = codemod(dir, ['all', '.']);
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/changed\s+0\b/);
      for (const [rel, text] of Object.entries(before)) expect(read(dir, rel)).toBe(text);
    },
    TIMEOUT,
  );

  it(
    'leaves a function whose resources live in two modules for a human, naming the other module: two listeners would race',
    () => {
      const both = `import { pool } from '../lib/db';
import { getCache } from '../lib/cache';

export const handler = async (event: { id: string }) => {
  const hit = await getCache().get(event.id);
  if (hit) return { statusCode: 200, body: hit };
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [event.id]);
  return { statusCode: 200, body: JSON.stringify(rows[0] ?? null) };
};
`;
      const dir = project({ 'src/lib/db.ts': DB, 'src/lib/cache.ts': CACHE, 'src/handlers/user.ts': both });
      const run = codemod(dir, ['all', '.']);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/changed\s+0\b/);
      expect(run.stdout).toContain('2 findings, 2 with the reason the codemod left them');
      expect(run.stdout).toContain('src/lib/db.ts:3  add-shutdown-hook  left `pool` open: src/lib/cache.ts, in the function of src/handlers/user.ts, holds resources that need a SIGTERM listener too.');
      expect(run.stdout).toContain('src/lib/cache.ts:6  add-shutdown-hook  left `client` open: src/lib/db.ts, in the function of src/handlers/user.ts, holds resources that need a SIGTERM listener too.');
      expect(read(dir, 'src/lib/db.ts')).toBe(DB);
      expect(read(dir, 'src/lib/cache.ts')).toBe(CACHE);
    },
    TIMEOUT,
  );

  it(
    "leaves a shared module alone when the handler that loads it has a SIGTERM listener: the close belongs in that one",
    () => {
      const handler = `import { pool } from '../lib/db';

process.once('SIGTERM', () => {
  console.info('bye');
  process.exit(0);
});

export const handler = async () => ({ statusCode: 200, body: String((await pool.query('SELECT 1')).rowCount) });
`;
      const dir = project({ 'src/lib/db.ts': DB, 'src/handlers/one.ts': handler });
      const run = codemod(dir, ['add-shutdown-hook', '.']);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('src/lib/db.ts:3  add-shutdown-hook  left `pool` open: src/handlers/one.ts, in the function of src/handlers/one.ts, has a SIGTERM listener.');
      expect(read(dir, 'src/lib/db.ts')).toBe(DB);
    },
    TIMEOUT,
  );
});

describe('add-shutdown-hook names what a module exports without a name', () => {
  it(
    '`export default knex({…})` becomes a named constant, closed by a listener, and exported as before',
    () => {
      const db = `import { knex } from 'knex';

/** The one Knex instance of the service. */
export default knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 1 },
});
`;
      const handler = `import db from '../lib/db';

export const handler = async () => ({ statusCode: 200, body: JSON.stringify(await db('users').select('id')) });
`;
      const dir = project({ 'src/lib/db.ts': db, 'src/handlers/users.ts': handler });
      expect(findings(dir)).toEqual({ 'src/lib/db.ts': ['4 lambda-shutdown/require-sigterm-cleanup'] });
      const run = codemod(dir, ['all', '.']);
      expect(run.status).toBe(0);
      expect(read(dir, 'src/lib/db.ts')).toBe(`import { knex } from 'knex';

/** The one Knex instance of the service. */
const pool = knex({
  client: 'pg',
  connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 1 },
});

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export default pool;
`);
      expect(read(dir, 'src/handlers/users.ts')).toBe(handler);
      expect(findings(dir)).toEqual({});
      expect(codemod(dir, ['all', '.']).stdout).toMatch(/changed\s+0\b/);
    },
    TIMEOUT,
  );

  it(
    '`module.exports = mysql.createPool(…)` in CommonJS, with a name the file does not use yet',
    () => {
      const db = `'use strict'

const mysql = require('mysql2/promise')
const pool = 'unused'

module.exports = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 1 })
`;
      const handler = `'use strict'

const db = require('./db.cjs')

module.exports.handler = async () => (await db.query('SELECT 1'))[0]
`;
      const dir = project({ 'src/db.cjs': db, 'src/handler.cjs': handler });
      expect(findings(dir)).toEqual({ 'src/db.cjs': ['6 lambda-shutdown/require-sigterm-cleanup'] });
      const run = codemod(dir, ['all', '.']);
      expect(run.status).toBe(0);
      expect(read(dir, 'src/db.cjs')).toBe(`'use strict'

const mysql = require('mysql2/promise')
const pool = 'unused'

const db = mysql.createPool({ uri: process.env.DATABASE_URL, connectionLimit: 1 })

module.exports = db

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref()
  console.info('[lambda-shutdown] SIGTERM: closing db')
  await db.end()
  process.removeAllListeners('SIGTERM')
  process.kill(process.pid, 'SIGTERM')
})
`);
      expect(findings(dir)).toEqual({});
      expect(codemod(dir, ['all', '.']).stdout).toMatch(/changed\s+0\b/);
    },
    TIMEOUT,
  );
});

describe('what the codemods leave, in the run summary', () => {
  it(
    "lists each finding left once, at its line in the written file, with the codemod's reason",
    () => {
      // add-finally-cleanup wraps `report`'s body above the NestJS app, which add-shutdown-hook leaves (a closure
      // uses it): the note it made on its input must point at the app's line in the file as written
      const app = `import { Client } from 'pg';
import { NestFactory } from '@nestjs/core';
import type { Handler } from 'aws-lambda';
import { AppModule } from './app.module';

export const report: Handler = async () => {
  const client = new Client();
  await client.connect();
  const { rows } = await client.query('select 1');
  await client.end();
  return rows;
};

let server: Handler | undefined;

async function bootstrap(): Promise<Handler> {
  const app = await NestFactory.create(AppModule);
  await app.init();
  return async () => ({ statusCode: 200, body: String(app.getHttpAdapter().getType()) });
}

export const handler: Handler = async (event, context, callback) => {
  server = server ?? (await bootstrap());
  return server(event, context, callback);
};
`;
      const dir = project({ 'src/app.ts': app, 'src/app.module.ts': 'export class AppModule {}\n' });
      const run = codemod(dir, ['all', '.']);
      expect(run.status).toBe(0);
      const written = read(dir, 'src/app.ts');
      expect(written).toContain('  } finally {\n    await client.end();\n  }\n');
      const line = written.split('\n').findIndex((l) => l.includes('await NestFactory.create')) + 1;
      expect(line).toBe(20);
      expect(findings(dir)).toEqual({ 'src/app.ts': [`${line} lambda-shutdown/require-sigterm-cleanup`] });
      expect(run.stdout).toContain('left for a human  1 finding, 1 with the reason the codemod left it\n');
      const listed = run.stdout.split('\n').filter((l) => l.startsWith('  src/app.ts:'));
      expect(listed).toEqual([
        '  src/app.ts:20  add-shutdown-hook  left `app` open: it is held by `app`, a variable of `bootstrap()`, which a module-scope SIGTERM listener cannot name, and it is used in a nested function, where a module-level `app` would be possibly undefined.',
      ]);
    },
    TIMEOUT,
  );
});

describe('add-finally-cleanup across modules', () => {
  it(
    'closes a connection that an imported factory makes, in the handler that took it, on every path',
    () => {
      const mq = `import amqp from 'amqplib';

export const connectQueue = () => amqp.connect(process.env.AMQP_URL!);
`;
      const handler = `import { connectQueue } from '../lib/mq';

export const handler = async (event: { body: string }) => {
  const connection = await connectQueue();
  const channel = await connection.createChannel();
  await channel.assertQueue('jobs', { durable: true });
  channel.sendToQueue('jobs', Buffer.from(event.body));
  return { statusCode: 202 };
};
`;
      const dir = project({ 'src/lib/mq.ts': mq, 'src/handlers/enqueue.ts': handler });
      expect(findings(dir)).toEqual({ 'src/handlers/enqueue.ts': ['4 lambda-shutdown/require-finally-cleanup'] });
      expect(codemod(dir, ['all', '.']).status).toBe(0);
      expect(read(dir, 'src/handlers/enqueue.ts')).toBe(`import { connectQueue } from '../lib/mq';

export const handler = async (event: { body: string }) => {
  const connection = await connectQueue();
  try {
    const channel = await connection.createChannel();
    await channel.assertQueue('jobs', { durable: true });
    channel.sendToQueue('jobs', Buffer.from(event.body));
  } finally {
    await connection.close();
  }
  return { statusCode: 202 };
};
`);
      expect(read(dir, 'src/lib/mq.ts')).toBe(mq);
      expect(findings(dir)).toEqual({});
      const again = codemod(dir, ['all', '.']);
      expect(again.stdout).toMatch(/changed\s+0\b/);
    },
    TIMEOUT,
  );
});
