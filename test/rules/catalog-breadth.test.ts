/**
 * The catalog's breadth and shapes (issue 13, item 4), through both resource rules: for each library and each shape
 * of the catalog (a module that is the factory, static factories, constructors called with and without `new`,
 * children opened from a resource, holders whose children are the resources, servers that become resources when they
 * listen, clients generated to a path of the project's own), a module-scope case for `require-sigterm-cleanup` and a
 * per-invocation case for `require-finally-cleanup`, valid and invalid, in several import spellings.
 *
 * Every invalid case asserts the message id, every placeholder of the message, the report's range and the full output
 * of its suggestion.
 */
import type { InvalidTestCase, TestLanguageOptions, ValidTestCase } from '@typescript-eslint/rule-tester';
import finallyRule from '../../rules/require-finally-cleanup.js';
import type { MessageIds as FinallyMessageIds, Options as FinallyOptions } from '../../rules/require-finally-cleanup.js';
import sigtermRule from '../../rules/require-sigterm-cleanup.js';
import type { MessageIds as SigtermMessageIds, Options as SigtermOptions } from '../../rules/require-sigterm-cleanup.js';
import { files, ruleTester } from './tester.js';

/** CommonJS as a flat config spells it, reaching the parser as a script (see require-sigterm-cleanup.test.ts). */
const commonjs = { sourceType: 'commonjs', parserOptions: { sourceType: 'script' } } as TestLanguageOptions;

/** The data of a `require-sigterm-cleanup` finding: every placeholder, so the whole rendered message is compared. */
function sigterm(name: string, library: string, label: string, close: string, where: 'opened at module scope' | 'cached at module scope' = 'opened at module scope') {
  return { name, library, label, where, close };
}

/** The data of a `require-finally-cleanup` finding (`when` is read by the never-closed message only). */
function invocation(name: string, library: string, label: string, close: string, when = 'on every invocation') {
  return { name, library, label, origin: '', when, close };
}

// ═════════════════════════════════════════ require-sigterm-cleanup: module scope ═════════════════════════════════════════

const sigtermValid: ValidTestCase<SigtermOptions>[] = [
  {
    name: 'postgres: sql.end() in a SIGTERM listener',
    filename: files.ts,
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!);
process.once('SIGTERM', async () => {
  await sql.end({ timeout: 0.2 });
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
export const handler = async () => sql\`select 1\`;
`,
  },
  {
    name: 'serverless-mysql: await mysql.end() after each invocation, as its README asks: managed elsewhere',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const mysql = require('serverless-mysql')({ config: { host: process.env.DB_HOST } });
exports.handler = async () => {
  const rows = await mysql.query('SELECT 1');
  await mysql.end();
  return rows;
};
`,
  },
  {
    name: 'serverless-mysql: mysql.quit() in a SIGTERM listener',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const mysql = require('serverless-mysql')();
process.once('SIGTERM', () => {
  mysql.quit();
  process.exit(0);
});
exports.handler = async () => mysql.query('SELECT 1');
`,
  },
  {
    name: 'valkey-glide: client.close() in a SIGTERM listener',
    filename: files.mjs,
    code: `import { GlideClient } from '@valkey/valkey-glide';
const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });
process.once('SIGTERM', () => {
  client.close();
  process.exit(0);
});
export const handler = async () => client.ping();
`,
  },
  {
    name: 'typeorm: destroy() in a SIGTERM listener',
    filename: files.ts,
    code: `import { DataSource } from 'typeorm';
const AppDataSource = new DataSource({ type: 'postgres' });
process.once('SIGTERM', async () => {
  await AppDataSource.destroy();
  process.exit(0);
});
export const handler = async () => AppDataSource.query('select 1');
`,
  },
  {
    name: 'typeorm: an exported data source belongs to whoever imports it',
    filename: files.ts,
    code: `import { DataSource } from 'typeorm';
export const AppDataSource = new DataSource({ type: 'postgres' });
export const handler = async () => AppDataSource.query('select 1');
`,
  },
  {
    name: 'mssql: sql.close() in a SIGTERM listener closes the global pool',
    filename: files.mjs,
    code: `import sql from 'mssql';
process.once('SIGTERM', async () => {
  await sql.close();
  process.exit(0);
});
export const handler = async () => {
  await sql.connect(process.env.DB_CONNECTION);
  return sql.query\`select 1\`;
};
`,
  },
  {
    name: 'oracledb: pool.close() in a SIGTERM listener',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const oracledb = require('oracledb');
let pool;
process.once('SIGTERM', async () => {
  await pool?.close(0);
  process.exit(0);
});
exports.handler = async () => {
  pool ??= await oracledb.createPool({ connectString: process.env.DB });
  return pool.getConnection();
};
`,
  },
  {
    name: 'cassandra-driver: client.shutdown() in a SIGTERM listener',
    filename: files.ts,
    code: `import { Client } from 'cassandra-driver';
const client = new Client({ contactPoints: ['h1'], localDataCenter: 'dc1' });
process.once('SIGTERM', () => client.shutdown().finally(() => process.exit(0)));
export const handler = async () => client.execute('select now() from system.local');
`,
  },
  {
    name: 'neo4j-driver: a session at module scope beside the driver is closed with it',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { driver: makeDriver, auth } = require('neo4j-driver');
const driver = makeDriver('neo4j://db', auth.basic('neo4j', 'pw'));
const session = driver.session();
process.once('SIGTERM', async () => {
  await driver.close();
  process.exit(0);
});
exports.handler = async () => session.run('RETURN 1');
`,
  },
  {
    name: 'amqplib: connection.close() in a SIGTERM listener',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const amqp = require('amqplib');
let connection;
process.once('SIGTERM', async () => {
  await connection?.close();
  process.exit(0);
});
exports.handler = async () => {
  connection ??= await amqp.connect(process.env.AMQP_URL);
};
`,
  },
  {
    name: 'kafkajs: a Kafka instance alone is not a resource',
    filename: files.ts,
    code: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'app', brokers: ['b:9092'] });
export const handler = async () => kafka.logger().info('ok');
`,
  },
  {
    name: 'kafkajs: producer.disconnect() in a SIGTERM listener',
    filename: files.mjs,
    code: `import { Kafka } from 'kafkajs';
const producer = new Kafka({ brokers: ['b:9092'] }).producer();
process.once('SIGTERM', async () => {
  await producer.disconnect();
  process.exit(0);
});
export const handler = async () => producer.send({ topic: 't', messages: [] });
`,
  },
  {
    name: 'nats: @nats-io/transport-node, drained on SIGTERM',
    filename: files.mjs,
    code: `import { connect } from '@nats-io/transport-node';
const nc = await connect({ servers: process.env.NATS_URL });
process.once('SIGTERM', async () => {
  await nc.drain();
  process.exit(0);
});
export const handler = async (event) => nc.publish('events', event.body);
`,
  },
  {
    name: 'mqtt: client.end() in a SIGTERM listener',
    filename: files.ts,
    code: `import { connect } from 'mqtt';
const client = connect('mqtt://broker');
process.once('SIGTERM', () => client.end(false, {}, () => process.exit(0)));
export const handler = async () => client.publishAsync('t', 'x');
`,
  },
  // ───── puppeteer
  {
    name: 'puppeteer: puppeteer.connect() to a remote browser, disconnected on SIGTERM',
    filename: files.ts,
    code: `import puppeteer from 'puppeteer';
const browser = await puppeteer.connect({ browserWSEndpoint: process.env.WS_ENDPOINT });
process.once('SIGTERM', async () => {
  await browser.disconnect();
  process.exit(0);
});
export const handler = async () => browser.version();
`,
  },
  {
    name: 'http.Agent: http.Agent() without keepAlive holds no idle sockets',
    filename: files.ts,
    code: `import http from 'node:http';
const agent = http.Agent({ maxSockets: 10 });
export const handler = async () => agent.maxSockets;
`,
  },
  {
    name: 'nestjs: app.enableShutdownHooks(): Nest closes it on SIGTERM itself',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const app = await NestFactory.createApplicationContext(AppModule);
app.enableShutdownHooks();
export const handler = async () => app.get('svc').run();
`,
  },
  {
    name: 'nestjs: closed with enableShutdownHooks() in the cached bootstrap()',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import serverlessExpress from '@codegenie/serverless-express';
import { AppModule } from './app.module';
let server;
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.init();
  return serverlessExpress({ app: app.getHttpAdapter().getInstance() });
}
export const handler = async (event, context) => {
  server ??= await bootstrap();
  return server(event, context);
};
`,
  },
  // ───── servers
  {
    name: 'servers: fastify listened on only when run directly (require.main === module): a local dev server',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const fastify = require('fastify');
const awsLambdaFastify = require('@fastify/aws-lambda');
const app = fastify();
if (require.main === module) {
  app.listen({ port: 3000 }, (err) => console.log(err ?? 'listening'));
}
exports.handler = awsLambdaFastify(app);
`,
  },
  {
    name: 'servers: express listened on only off Lambda (no AWS_LAMBDA_FUNCTION_NAME, or serverless-offline)',
    filename: files.mjs,
    code: `import express from 'express';
import serverless from 'serverless-http';
const app = express();
const server = !process.env.AWS_LAMBDA_FUNCTION_NAME ? app.listen(3000) : null;
let offline;
if (process.env.IS_OFFLINE) offline = app.listen(3001);
export const handler = serverless(app);
`,
  },
  {
    name: 'servers: an express app handed to serverless-http never listens',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const express = require('express');
const serverless = require('serverless-http');
const app = express();
app.get('/', (req, res) => res.send('ok'));
module.exports.handler = serverless(app);
`,
  },
  {
    name: 'servers: express().listen() with nothing that names the server: nothing to close it by (a documented limit)',
    filename: files.mjs,
    code: `import express from 'express';
express().listen(3000);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'servers: a server made but never listened on holds nothing',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const http = require('http');
const server = new http.Server((req, res) => res.end('ok'));
exports.handler = async (event) => new Promise((resolve) => server.emit('request', event, { end: resolve }));
`,
  },
  {
    name: 'servers: server.close() in a SIGTERM listener',
    filename: files.mjs,
    code: `import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok')).listen(8080);
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
});
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'servers: fastify closed in a SIGTERM listener (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const fastify = require('fastify')();
fastify.listen({ port: 3000 });
process.once('SIGTERM', async () => {
  await fastify.close();
  process.exit(0);
});
exports.handler = async () => ({ statusCode: 200 });
`,
  },
  // ───── aws-sdk
  {
    name: 'aws-sdk: new AWS.S3() is not a resource',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async (event) => s3.getObject({ Bucket: 'b', Key: event.key }).promise();
`,
  },
  {
    name: 'prisma: a generated client disconnected on SIGTERM',
    filename: files.ts,
    code: `import { PrismaClient } from '@/generated/prisma';
const prisma = new PrismaClient();
process.once('SIGTERM', async () => {
  await prisma.$disconnect();
  process.exit(0);
});
export const handler = async () => prisma.user.findMany();
`,
  },
  {
    name: 'prisma: a module of the project that is not a generated client',
    filename: files.ts,
    code: `import { PrismaClient } from '../lib/db';
const prisma = new PrismaClient();
export const handler = async () => prisma.user.findMany();
`,
  },
  // A server listened on at module scope is a local entry point on Lambda (the function is invoked through the Runtime
  // API): not reported there (catalog perInvocationOnly); in a container it is the process's server.
  {
    name: 'servers: express app.listen() returns a listening server, at module scope: a local dev server on Lambda, where the function is never invoked through it',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const express = require('express');
const serverless = require('serverless-http');
const app = express();
const server = app.listen(process.env.PORT);
module.exports.handler = serverless(app);
`,
  },
  {
    name: 'servers: http.createServer(h) then server.listen(): the server itself, at module scope: a local dev server on Lambda, where the function is never invoked through it',
    filename: files.mjs,
    code: `import http from 'node:http';
const server = http.createServer((req, res) => res.end('ok'));
server.listen(8080);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'servers: createServer(app).listen() chained and bound, at module scope: a local dev server on Lambda, where the function is never invoked through it',
    filename: files.ts,
    code: `import { createServer } from 'https';
import express from 'express';
const app = express();
const server = createServer({}, app).listen(8443);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'servers: a koa app listened on, at module scope: a local dev server on Lambda, where the function is never invoked through it',
    filename: files.mjs,
    code: `import Koa from 'koa';
const server = new Koa().listen(3000);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'servers: fastify: listen() makes the instance itself the resource, at module scope: a local dev server on Lambda, where the function is never invoked through it',
    filename: files.mjs,
    code: `import Fastify from 'fastify';
const app = Fastify({ logger: true });
app.get('/', async () => 'ok');
await app.listen({ port: 3000 });
export const handler = async () => ({ statusCode: 200 });
`,
  },
];

const sigtermInvalid: InvalidTestCase<SigtermMessageIds, SigtermOptions>[] = [
  // ───── postgres
  {
    name: 'postgres: ESM default import, the module is the factory',
    filename: files.ts,
    code: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!, { max: 1 });
export const handler = async () => sql\`select 1\`;
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('sql', 'postgres', 'pool', 'await sql.end()'),
        line: 2,
        column: 13,
        endLine: 2,
        endColumn: 60,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL!, { max: 1 });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing sql');
  await sql.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => sql\`select 1\`;
`,
          },
        ],
      },
    ],
  },
  {
    name: "postgres: require('postgres')(url) in CommonJS",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const sql = require('postgres')(process.env.DATABASE_URL);
exports.handler = async () => sql\`select 1\`;
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('sql', 'postgres', 'pool', 'await sql.end()'),
        line: 1,
        column: 13,
        endLine: 1,
        endColumn: 58,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const sql = require('postgres')(process.env.DATABASE_URL);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing sql');
  await sql.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => sql\`select 1\`;
`,
          },
        ],
      },
    ],
  },
  {
    name: 'postgres: a required factory, called later',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const postgres = require('postgres');
const sql = postgres(process.env.DATABASE_URL);
exports.handler = async () => sql\`select 1\`;
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('sql', 'postgres', 'pool', 'await sql.end()'),
        line: 2,
        column: 13,
        endLine: 2,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const postgres = require('postgres');
const sql = postgres(process.env.DATABASE_URL);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing sql');
  await sql.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => sql\`select 1\`;
`,
          },
        ],
      },
    ],
  },
  // ───── serverless-mysql
  {
    name: "serverless-mysql: require('serverless-mysql')(config): the module is the factory",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const mysql = require('serverless-mysql')({ config: { host: process.env.DB_HOST } });
exports.handler = async (event) => {
  const rows = await mysql.query('SELECT * FROM users WHERE id = ?', [event.id]);
  return rows;
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('mysql', 'serverless-mysql', 'connection', 'mysql.quit()'),
        line: 1,
        column: 15,
        endLine: 1,
        endColumn: 85,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const mysql = require('serverless-mysql')({ config: { host: process.env.DB_HOST } });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing mysql');
  mysql.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async (event) => {
  const rows = await mysql.query('SELECT * FROM users WHERE id = ?', [event.id]);
  return rows;
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'serverless-mysql: ESM default import',
    filename: files.mjs,
    code: `import serverlessMysql from 'serverless-mysql';
const db = serverlessMysql({ config: { host: process.env.DB_HOST } });
export const handler = async () => db.query('SELECT 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('db', 'serverless-mysql', 'connection', 'db.quit()'),
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 70,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import serverlessMysql from 'serverless-mysql';
const db = serverlessMysql({ config: { host: process.env.DB_HOST } });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing db');
  db.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => db.query('SELECT 1');
`,
          },
        ],
      },
    ],
  },
  // ───── valkey-glide
  {
    name: 'valkey-glide: a static factory awaited at module scope',
    filename: files.mjs,
    code: `import { GlideClient } from '@valkey/valkey-glide';
const client = await GlideClient.createClient({ addresses: [{ host: process.env.VALKEY_HOST }] });
export const handler = async (event) => client.get(event.key);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', '@valkey/valkey-glide', 'GlideClient', 'client.close()'),
        line: 2,
        column: 22,
        endLine: 2,
        endColumn: 98,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { GlideClient } from '@valkey/valkey-glide';
const client = await GlideClient.createClient({ addresses: [{ host: process.env.VALKEY_HOST }] });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  client.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => client.get(event.key);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'valkey-glide: a cluster client cached lazily (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { GlideClusterClient } = require('@valkey/valkey-glide');
let client;
async function getClient() {
  client ??= await GlideClusterClient.createClient({ addresses: [{ host: process.env.VALKEY_HOST }] });
  return client;
}
exports.handler = async (event) => (await getClient()).get(event.key);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', '@valkey/valkey-glide', 'GlideClusterClient', 'client.close()', 'cached at module scope'),
        line: 4,
        column: 20,
        endLine: 4,
        endColumn: 103,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { GlideClusterClient } = require('@valkey/valkey-glide');
let client;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  client?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

async function getClient() {
  client ??= await GlideClusterClient.createClient({ addresses: [{ host: process.env.VALKEY_HOST }] });
  return client;
}
exports.handler = async (event) => (await getClient()).get(event.key);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'valkey-glide: an un-awaited promise of the client',
    filename: files.ts,
    code: `import * as glide from '@valkey/valkey-glide';
const clientPromise = glide.GlideClient.createClient({ addresses: [{ host: 'localhost' }] });
export const handler = async () => (await clientPromise).ping();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('clientPromise', '@valkey/valkey-glide', 'GlideClient', '(await clientPromise).close()'),
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 93,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import * as glide from '@valkey/valkey-glide';
const clientPromise = glide.GlideClient.createClient({ addresses: [{ host: 'localhost' }] });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing clientPromise');
  (await clientPromise).close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => (await clientPromise).ping();
`,
          },
        ],
      },
    ],
  },
  // ───── typeorm
  {
    name: 'typeorm: new DataSource() at module scope',
    filename: files.ts,
    code: `import { DataSource } from 'typeorm';
const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export const handler = async () => {
  if (!AppDataSource.isInitialized) await AppDataSource.initialize();
  return AppDataSource.query('select 1');
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('AppDataSource', 'typeorm', 'DataSource', 'await AppDataSource.destroy()'),
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 90,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { DataSource } from 'typeorm';
const AppDataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing AppDataSource');
  await AppDataSource.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  if (!AppDataSource.isInitialized) await AppDataSource.initialize();
  return AppDataSource.query('select 1');
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: initialize() resolves to the data source itself',
    filename: files.mjs,
    code: `import * as typeorm from 'typeorm';
const dataSource = await new typeorm.DataSource({ type: 'mysql' }).initialize();
export const handler = async () => dataSource.query('select 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('dataSource', 'typeorm', 'DataSource', 'await dataSource.destroy()'),
        line: 2,
        column: 26,
        endLine: 2,
        endColumn: 67,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import * as typeorm from 'typeorm';
const dataSource = await new typeorm.DataSource({ type: 'mysql' }).initialize();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing dataSource');
  await dataSource.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => dataSource.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: the legacy createConnection() (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { createConnection } = require('typeorm');
let connection;
exports.handler = async () => {
  connection ??= await createConnection();
  return connection.query('select 1');
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('connection', 'typeorm', 'connection', 'await connection.close()', 'cached at module scope'),
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 42,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { createConnection } = require('typeorm');
let connection;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing connection');
  await connection?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => {
  connection ??= await createConnection();
  return connection.query('select 1');
};
`,
          },
        ],
      },
    ],
  },
  // ───── ts-postgres
  {
    name: 'ts-postgres: connect() awaited at module scope',
    filename: files.mjs,
    code: `import { connect } from 'ts-postgres';
const client = await connect({ host: process.env.PGHOST });
export const handler = async () => client.query('select 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', 'ts-postgres', 'client', 'await client.end()'),
        line: 2,
        column: 22,
        endLine: 2,
        endColumn: 59,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { connect } from 'ts-postgres';
const client = await connect({ host: process.env.PGHOST });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => client.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: 'ts-postgres: the 1.x Client class',
    filename: files.ts,
    code: `import { Client } from 'ts-postgres';
const client = new Client({ host: process.env.PGHOST });
export const handler = async () => client.query('select 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', 'ts-postgres', 'Client', 'await client.end()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { Client } from 'ts-postgres';
const client = new Client({ host: process.env.PGHOST });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => client.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: "ts-postgres: older 1.x code imports the Client from 'ts-postgres/dist/src/client'",
    filename: files.ts,
    code: `import { Client } from 'ts-postgres/dist/src/client';
const client = new Client({ host: process.env.PGHOST });
client.connect();
export const lambdaHandler = async () => ({ statusCode: 200, body: JSON.stringify((await client.query('select 1')).rows) });
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', 'ts-postgres', 'Client', 'await client.end()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { Client } from 'ts-postgres/dist/src/client';
const client = new Client({ host: process.env.PGHOST });
client.connect();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const lambdaHandler = async () => ({ statusCode: 200, body: JSON.stringify((await client.query('select 1')).rows) });
`,
          },
        ],
      },
    ],
  },
  // ───── mssql
  {
    name: 'mssql: new sql.ConnectionPool(config).connect(): a promise of the pool',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const sql = require('mssql');
const poolPromise = new sql.ConnectionPool({ server: process.env.DB_HOST }).connect();
exports.handler = async () => (await poolPromise).request().query('select 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('poolPromise', 'mssql', 'ConnectionPool', 'await (await poolPromise).close()'),
        line: 2,
        column: 21,
        endLine: 2,
        endColumn: 76,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const sql = require('mssql');
const poolPromise = new sql.ConnectionPool({ server: process.env.DB_HOST }).connect();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing poolPromise');
  await (await poolPromise).close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => (await poolPromise).request().query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mssql: sql.connect(config) opens the global pool',
    filename: files.mjs,
    code: `import sql from 'mssql';
export const handler = async () => {
  await sql.connect(process.env.DB_CONNECTION);
  return sql.query\`select 1\`;
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('sql', 'mssql', 'global pool', 'await sql.close()', 'cached at module scope'),
        line: 3,
        column: 9,
        endLine: 3,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import sql from 'mssql';
export const handler = async () => {
  await sql.connect(process.env.DB_CONNECTION);
  return sql.query\`select 1\`;
};

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing sql');
  await sql.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mssql: a named ConnectionPool import',
    filename: files.ts,
    code: `import { ConnectionPool } from 'mssql';
const pool = new ConnectionPool({ server: 'db' });
export const handler = async () => (await pool.connect()).request().query('select 1');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('pool', 'mssql', 'ConnectionPool', 'await pool.close()'),
        line: 2,
        column: 14,
        endLine: 2,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { ConnectionPool } from 'mssql';
const pool = new ConnectionPool({ server: 'db' });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => (await pool.connect()).request().query('select 1');
`,
          },
        ],
      },
    ],
  },
  // ───── tedious
  {
    name: 'tedious: new Connection(config)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Connection, Request } = require('tedious');
const connection = new Connection({ server: process.env.DB_HOST });
connection.connect();
exports.handler = async () => new Promise((resolve) => connection.execSql(new Request('select 1', resolve)));
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('connection', 'tedious', 'Connection', 'connection.close()'),
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 67,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { Connection, Request } = require('tedious');
const connection = new Connection({ server: process.env.DB_HOST });
connection.connect();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing connection');
  connection.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => new Promise((resolve) => connection.execSql(new Request('select 1', resolve)));
`,
          },
        ],
      },
    ],
  },
  // ───── oracledb
  {
    name: 'oracledb: createPool() awaited at module scope',
    filename: files.mjs,
    code: `import oracledb from 'oracledb';
const pool = await oracledb.createPool({ connectString: process.env.DB });
export const handler = async () => {
  const connection = await pool.getConnection();
  try {
    return await connection.execute('select 1 from dual');
  } finally {
    await connection.close();
  }
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('pool', 'oracledb', 'pool', 'await pool.close()'),
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 74,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import oracledb from 'oracledb';
const pool = await oracledb.createPool({ connectString: process.env.DB });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  const connection = await pool.getConnection();
  try {
    return await connection.execute('select 1 from dual');
  } finally {
    await connection.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── cassandra-driver
  {
    name: 'cassandra-driver: new cassandra.Client()',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const cassandra = require('cassandra-driver');
const client = new cassandra.Client({ contactPoints: ['h1'], localDataCenter: 'dc1' });
exports.handler = async () => client.execute('select now() from system.local');
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', 'cassandra-driver', 'Client', 'await client.shutdown()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 87,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const cassandra = require('cassandra-driver');
const client = new cassandra.Client({ contactPoints: ['h1'], localDataCenter: 'dc1' });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.shutdown();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => client.execute('select now() from system.local');
`,
          },
        ],
      },
    ],
  },
  // ───── neo4j-driver
  {
    name: 'neo4j-driver: neo4j.driver(url, auth)',
    filename: files.mjs,
    code: `import neo4j from 'neo4j-driver';
const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD));
export const handler = async () => {
  const session = driver.session();
  try {
    return await session.run('RETURN 1');
  } finally {
    await session.close();
  }
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('driver', 'neo4j-driver', 'driver', 'await driver.close()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 106,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import neo4j from 'neo4j-driver';
const driver = neo4j.driver(process.env.NEO4J_URI, neo4j.auth.basic('neo4j', process.env.NEO4J_PASSWORD));

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing driver');
  await driver.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => {
  const session = driver.session();
  try {
    return await session.run('RETURN 1');
  } finally {
    await session.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── amqplib
  {
    name: 'amqplib: a connection and its channel at module scope: the connection is reported, the channel closes with it',
    filename: files.mjs,
    code: `import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
export const handler = async (event) => channel.sendToQueue('jobs', Buffer.from(event.body));
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('connection', 'amqplib', 'connection', 'await connection.close()'),
        line: 2,
        column: 26,
        endLine: 2,
        endColumn: 60,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing connection');
  await connection.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

const channel = await connection.createChannel();
export const handler = async (event) => channel.sendToQueue('jobs', Buffer.from(event.body));
`,
          },
        ],
      },
    ],
  },
  // ───── kafkajs
  {
    name: 'kafkajs: new Kafka() holds nothing; its producer does',
    filename: files.ts,
    code: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'app', brokers: [process.env.BROKER!] });
const producer = kafka.producer();
export const handler = async (event: { body: string }) => {
  await producer.connect();
  await producer.send({ topic: 'events', messages: [{ value: event.body }] });
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('producer', 'kafkajs', 'producer', 'await producer.disconnect()'),
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'app', brokers: [process.env.BROKER!] });
const producer = kafka.producer();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing producer');
  await producer.disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event: { body: string }) => {
  await producer.connect();
  await producer.send({ topic: 'events', messages: [{ value: event.body }] });
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'kafkajs: a producer of an un-bound Kafka (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Kafka } = require('kafkajs');
const producer = new Kafka({ brokers: ['b:9092'] }).producer();
exports.handler = async () => producer.send({ topic: 't', messages: [] });
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('producer', 'kafkajs', 'producer', 'await producer.disconnect()'),
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 63,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { Kafka } = require('kafkajs');
const producer = new Kafka({ brokers: ['b:9092'] }).producer();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing producer');
  await producer.disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => producer.send({ topic: 't', messages: [] });
`,
          },
        ],
      },
    ],
  },
  // ───── nats
  {
    name: 'nats: connect() awaited at module scope',
    filename: files.mjs,
    code: `import { connect } from 'nats';
const nc = await connect({ servers: process.env.NATS_URL });
export const handler = async (event) => nc.publish('events', event.body);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('nc', 'nats', 'connection', 'await nc.drain()'),
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 60,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { connect } from 'nats';
const nc = await connect({ servers: process.env.NATS_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing nc');
  await nc.drain();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => nc.publish('events', event.body);
`,
          },
        ],
      },
    ],
  },
  // ───── mqtt
  {
    name: 'mqtt: mqtt.connect(url)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const mqtt = require('mqtt');
const client = mqtt.connect(process.env.MQTT_URL);
exports.handler = async (event) => client.publishAsync('t', event.body);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', 'mqtt', 'client', 'await new Promise((resolve) => client.end(resolve))'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const mqtt = require('mqtt');
const client = mqtt.connect(process.env.MQTT_URL);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await new Promise((resolve) => client.end(resolve));
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async (event) => client.publishAsync('t', event.body);
`,
          },
        ],
      },
    ],
  },
  // ───── elasticsearch
  {
    name: 'elasticsearch: @elastic/elasticsearch Client',
    filename: files.ts,
    code: `import { Client } from '@elastic/elasticsearch';
const es = new Client({ node: process.env.ES_URL });
export const handler = async () => es.info();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('es', '@elastic/elasticsearch', 'Client', 'await es.close()'),
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { Client } from '@elastic/elasticsearch';
const es = new Client({ node: process.env.ES_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing es');
  await es.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => es.info();
`,
          },
        ],
      },
    ],
  },
  // ───── opensearch
  {
    name: 'opensearch: @opensearch-project/opensearch Client (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Client } = require('@opensearch-project/opensearch');
const client = new Client({ node: process.env.OS_URL });
exports.handler = async () => client.info();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', '@opensearch-project/opensearch', 'Client', 'await client.close()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { Client } = require('@opensearch-project/opensearch');
const client = new Client({ node: process.env.OS_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => client.info();
`,
          },
        ],
      },
    ],
  },
  // ───── memcached
  {
    name: 'memcached: new Memcached(servers): the module is the class',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const Memcached = require('memcached');
const memcached = new Memcached(process.env.MEMCACHED);
exports.handler = async (event) => new Promise((resolve) => memcached.get(event.key, (err, data) => resolve(data)));
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('memcached', 'memcached', 'client', 'memcached.end()'),
        line: 2,
        column: 19,
        endLine: 2,
        endColumn: 55,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const Memcached = require('memcached');
const memcached = new Memcached(process.env.MEMCACHED);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing memcached');
  memcached.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async (event) => new Promise((resolve) => memcached.get(event.key, (err, data) => resolve(data)));
`,
          },
        ],
      },
    ],
  },
  // ───── memjs
  {
    name: 'memjs: memjs.Client.create(): a static factory',
    filename: files.mjs,
    code: `import memjs from 'memjs';
const mc = memjs.Client.create(process.env.MEMCACHIER_SERVERS);
export const handler = async (event) => mc.get(event.key);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('mc', 'memjs', 'Client', 'mc.close()'),
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 63,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import memjs from 'memjs';
const mc = memjs.Client.create(process.env.MEMCACHIER_SERVERS);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing mc');
  mc.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => mc.get(event.key);
`,
          },
        ],
      },
    ],
  },
  // ───── puppeteer
  {
    name: 'puppeteer: a browser launched at module scope',
    filename: files.mjs,
    code: `import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
const browser = await puppeteer.launch({ args: chromium.args, executablePath: await chromium.executablePath() });
export const handler = async (event) => {
  const page = await browser.newPage();
  try {
    await page.goto(event.url);
    return await page.pdf();
  } finally {
    await page.close();
  }
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('browser', 'puppeteer-core', 'browser', 'await browser.close()'),
        line: 3,
        column: 23,
        endLine: 3,
        endColumn: 113,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import chromium from '@sparticuz/chromium';
import puppeteer from 'puppeteer-core';
const browser = await puppeteer.launch({ args: chromium.args, executablePath: await chromium.executablePath() });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing browser');
  await browser.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  const page = await browser.newPage();
  try {
    await page.goto(event.url);
    return await page.pdf();
  } finally {
    await page.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── chrome-aws-lambda
  {
    name: 'chrome-aws-lambda: chromium.puppeteer.launch() cached lazily',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const chromium = require('chrome-aws-lambda');
let browser = null;
exports.handler = async (event) => {
  if (!browser) {
    browser = await chromium.puppeteer.launch({ executablePath: await chromium.executablePath });
  }
  return browser.version();
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('browser', 'chrome-aws-lambda', 'browser', 'await browser.close()', 'cached at module scope'),
        line: 5,
        column: 21,
        endLine: 5,
        endColumn: 97,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const chromium = require('chrome-aws-lambda');
let browser = null;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing browser');
  await browser?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async (event) => {
  if (!browser) {
    browser = await chromium.puppeteer.launch({ executablePath: await chromium.executablePath });
  }
  return browser.version();
};
`,
          },
        ],
      },
    ],
  },
  // ───── puppeteer-extra
  {
    name: 'puppeteer-extra: puppeteer-extra launch() (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const puppeteer = require('puppeteer-extra');
const StealthPlugin = require('puppeteer-extra-plugin-stealth');
puppeteer.use(StealthPlugin());
let browser;
exports.handler = async () => {
  browser ??= await puppeteer.launch({ headless: true });
  return browser.version();
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('browser', 'puppeteer-extra', 'browser', 'await browser.close()', 'cached at module scope'),
        line: 6,
        column: 21,
        endLine: 6,
        endColumn: 57,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const puppeteer = require('puppeteer-extra');
const StealthPlugin = require('puppeteer-extra-plugin-stealth');
puppeteer.use(StealthPlugin());
let browser;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing browser');
  await browser?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => {
  browser ??= await puppeteer.launch({ headless: true });
  return browser.version();
};
`,
          },
        ],
      },
    ],
  },
  // ───── @sparticuz/chrome-aws-lambda
  {
    name: "@sparticuz/chrome-aws-lambda: the fork's puppeteer, imported by name",
    filename: files.ts,
    code: `import { puppeteer } from '@sparticuz/chrome-aws-lambda';
const browser = await puppeteer.launch();
export const handler = async () => browser.version();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('browser', '@sparticuz/chrome-aws-lambda', 'browser', 'await browser.close()'),
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 41,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { puppeteer } from '@sparticuz/chrome-aws-lambda';
const browser = await puppeteer.launch();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing browser');
  await browser.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => browser.version();
`,
          },
        ],
      },
    ],
  },
  // ───── playwright
  {
    name: 'playwright: chromium.launch() of playwright-core at module scope',
    filename: files.mjs,
    code: `import { chromium } from 'playwright-core';
const browser = await chromium.launch();
export const handler = async () => browser.version();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('browser', 'playwright-core', 'browser', 'await browser.close()'),
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 40,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { chromium } from 'playwright-core';
const browser = await chromium.launch();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing browser');
  await browser.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => browser.version();
`,
          },
        ],
      },
    ],
  },
  // ───── http.Agent
  {
    name: 'http.Agent: https.Agent called without new',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const https = require('https');
const agent = https.Agent({ keepAlive: true });
exports.handler = async () => fetchWith(agent);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('agent', 'node:https', 'keep-alive Agent', 'agent.destroy()'),
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const https = require('https');
const agent = https.Agent({ keepAlive: true });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing agent');
  agent.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => fetchWith(agent);
`,
          },
        ],
      },
    ],
  },
  // ───── nestjs
  {
    name: 'nestjs: NestFactory.create() awaited at module scope',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const app = await NestFactory.create(AppModule);
await app.init();
export const handler = async () => app.getHttpAdapter().getInstance();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('app', '@nestjs/core', 'application', 'await app.close()'),
        line: 3,
        column: 19,
        endLine: 3,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
const app = await NestFactory.create(AppModule);
await app.init();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing app');
  await app.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => app.getHttpAdapter().getInstance();
`,
          },
        ],
      },
    ],
  },
  {
    name: 'nestjs: a standalone application context cached lazily',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { Service } from './service';
let app;
export const handler = async (event) => {
  app ??= await NestFactory.createApplicationContext(AppModule);
  return app.get(Service).run(event);
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('app', '@nestjs/core', 'application context', 'await app.close()', 'cached at module scope'),
        line: 6,
        column: 17,
        endLine: 6,
        endColumn: 64,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { Service } from './service';
let app;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing app');
  await app?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async (event) => {
  app ??= await NestFactory.createApplicationContext(AppModule);
  return app.get(Service).run(event);
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'nestjs: the serverless template: bootstrap() runs once and its app lives with the cached server (the suggestion gives app a module-level binding)',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import serverlessExpress from '@codegenie/serverless-express';
import type { Callback, Context, Handler } from 'aws-lambda';
import { AppModule } from './app.module';

let server: Handler;

async function bootstrap(): Promise<Handler> {
  const app = await NestFactory.create(AppModule);
  await app.init();
  const expressApp = app.getHttpAdapter().getInstance();
  return serverlessExpress({ app: expressApp });
}

export const handler: Handler = async (event: any, context: Context, callback: Callback) => {
  server = server ?? (await bootstrap());
  return server(event, context, callback);
};
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('app', '@nestjs/core', 'application', 'await app.close()', 'cached at module scope'),
        line: 9,
        column: 21,
        endLine: 9,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { NestFactory } from '@nestjs/core';
import serverlessExpress from '@codegenie/serverless-express';
import type { Callback, Context, Handler } from 'aws-lambda';
import { AppModule } from './app.module';

let server: Handler;

let app: Awaited<ReturnType<typeof NestFactory.create>> | undefined;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing app');
  await app?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

async function bootstrap(): Promise<Handler> {
  app = await NestFactory.create(AppModule);
  await app.init();
  const expressApp = app.getHttpAdapter().getInstance();
  return serverlessExpress({ app: expressApp });
}

export const handler: Handler = async (event: any, context: Context, callback: Callback) => {
  server = server ?? (await bootstrap());
  return server(event, context, callback);
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'nestjs: bootstrap() guarded by the module cache it sets (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { NestFactory } = require('@nestjs/core');
const { ExpressAdapter } = require('@nestjs/platform-express');
const serverless = require('serverless-http');
const express = require('express');
const { AppModule } = require('./app.module');
let cachedServer;
async function bootstrap() {
  if (!cachedServer) {
    const server = express();
    const app = await NestFactory.create(AppModule, new ExpressAdapter(server));
    await app.init();
    cachedServer = serverless(server);
  }
  return cachedServer;
}
exports.handler = async (event, context) => (await bootstrap())(event, context);
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('app', '@nestjs/core', 'application', 'await app.close()', 'cached at module scope'),
        line: 10,
        column: 23,
        endLine: 10,
        endColumn: 80,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { NestFactory } = require('@nestjs/core');
const { ExpressAdapter } = require('@nestjs/platform-express');
const serverless = require('serverless-http');
const express = require('express');
const { AppModule } = require('./app.module');
let cachedServer;
let app;

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing app');
  await app?.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

async function bootstrap() {
  if (!cachedServer) {
    const server = express();
    app = await NestFactory.create(AppModule, new ExpressAdapter(server));
    await app.init();
    cachedServer = serverless(server);
  }
  return cachedServer;
}
exports.handler = async (event, context) => (await bootstrap())(event, context);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'servers: in a container the module is run directly: require.main === module listens',
    filename: files.cjs,
    languageOptions: commonjs,
    settings: { 'lambda-shutdown': { platform: 'container' } },
    code: `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));
if (require.main === module) server.listen(8080);
exports.handler = async () => ({ statusCode: 200 });
`,
    errors: [
      {
        messageId: 'missingSigtermCleanupContainer',
        data: { ...sigterm('server', 'node:http', 'server', 'await new Promise((resolve) => server.close(resolve))'), budget: '10000 ms, the container default; set shutdownBudgetMs to your grace period' },
        line: 3,
        column: 30,
        endLine: 3,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const http = require('http');
const server = http.createServer((req, res) => res.end('ok'));

process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 9950).unref();
  console.info('[lambda-shutdown] SIGTERM: closing server');
  await new Promise((resolve) => server.close(resolve));
  process.exit(0);
});

if (require.main === module) server.listen(8080);
exports.handler = async () => ({ statusCode: 200 });
`,
          },
        ],
      },
    ],
  },
  // ───── knex
  {
    name: "knex: require('knex')(config)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
exports.handler = async () => knex('users').select();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('knex', 'knex', 'instance', 'await knex.destroy()'),
        line: 1,
        column: 14,
        endLine: 1,
        endColumn: 85,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing knex');
  await knex.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => knex('users').select();
`,
          },
        ],
      },
    ],
  },
  {
    name: 'knex: the named knex export',
    filename: files.ts,
    code: `import { knex } from 'knex';
const db = knex({ client: 'mysql2' });
export const handler = async () => db('users').select();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('db', 'knex', 'instance', 'await db.destroy()'),
        line: 2,
        column: 12,
        endLine: 2,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { knex } from 'knex';
const db = knex({ client: 'mysql2' });

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing db');
  await db.destroy();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => db('users').select();
`,
          },
        ],
      },
    ],
  },
  // ───── mongodb
  {
    name: "mongodb: require('mongodb').MongoClient with new",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const MongoClient = require('mongodb').MongoClient;
const client = new MongoClient(process.env.MONGODB_URI);
exports.handler = async () => client.db('app').collection('c').findOne();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('client', 'mongodb', 'MongoClient', 'await client.close()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const MongoClient = require('mongodb').MongoClient;
const client = new MongoClient(process.env.MONGODB_URI);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing client');
  await client.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => client.db('app').collection('c').findOne();
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mongodb: MongoClient.connect(uri): a promise of the client',
    filename: files.mjs,
    code: `import { MongoClient } from 'mongodb';
const clientPromise = MongoClient.connect(process.env.MONGODB_URI);
export const handler = async () => (await clientPromise).db('app').collection('c').findOne();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('clientPromise', 'mongodb', 'MongoClient', 'await (await clientPromise).close()'),
        line: 2,
        column: 23,
        endLine: 2,
        endColumn: 67,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { MongoClient } from 'mongodb';
const clientPromise = MongoClient.connect(process.env.MONGODB_URI);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing clientPromise');
  await (await clientPromise).close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => (await clientPromise).db('app').collection('c').findOne();
`,
          },
        ],
      },
    ],
  },
  // ───── mongoose
  {
    name: 'mongoose: mongoose.createConnection(uri)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const mongoose = require('mongoose');
const conn = mongoose.createConnection(process.env.MONGODB_URI);
exports.handler = async () => conn.model('User').findOne();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('conn', 'mongoose', 'connection', 'await conn.close()'),
        line: 2,
        column: 14,
        endLine: 2,
        endColumn: 64,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const mongoose = require('mongoose');
const conn = mongoose.createConnection(process.env.MONGODB_URI);

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing conn');
  await conn.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => conn.model('User').findOne();
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mongoose: createConnection(uri).asPromise() awaited',
    filename: files.ts,
    code: `import { createConnection } from 'mongoose';
const conn = await createConnection(process.env.MONGODB_URI!).asPromise();
export const handler = async () => conn.db.collection('c').findOne();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('conn', 'mongoose', 'connection', 'await conn.close()'),
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 62,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { createConnection } from 'mongoose';
const conn = await createConnection(process.env.MONGODB_URI!).asPromise();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing conn');
  await conn.close();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => conn.db.collection('c').findOne();
`,
          },
        ],
      },
    ],
  },
  // ───── prisma
  {
    name: 'prisma: a client generated to ../generated/prisma',
    filename: files.ts,
    code: `import { PrismaClient } from '../generated/prisma';
const prisma = new PrismaClient();
export const handler = async () => prisma.user.findMany();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('prisma', '@prisma/client', 'PrismaClient', 'await prisma.$disconnect()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { PrismaClient } from '../generated/prisma';
const prisma = new PrismaClient();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing prisma');
  await prisma.$disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => prisma.user.findMany();
`,
          },
        ],
      },
    ],
  },
  {
    name: "prisma: the prisma-client generator's entry file, with an extension",
    filename: files.ts,
    code: `import { PrismaClient } from '../../generated/prisma/client.js';
const prisma = new PrismaClient();
export const handler = async () => prisma.user.findMany();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('prisma', '@prisma/client', 'PrismaClient', 'await prisma.$disconnect()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { PrismaClient } from '../../generated/prisma/client.js';
const prisma = new PrismaClient();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing prisma');
  await prisma.$disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => prisma.user.findMany();
`,
          },
        ],
      },
    ],
  },
  {
    name: "prisma: './prisma/client' required (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { PrismaClient } = require('./prisma/client');
const prisma = new PrismaClient();
exports.handler = async () => prisma.user.findMany();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('prisma', '@prisma/client', 'PrismaClient', 'await prisma.$disconnect()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'addListener',
            output: `const { PrismaClient } = require('./prisma/client');
const prisma = new PrismaClient();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing prisma');
  await prisma.$disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

exports.handler = async () => prisma.user.findMany();
`,
          },
        ],
      },
    ],
  },
  {
    name: "prisma: '.prisma/client'",
    filename: files.mjs,
    code: `import { PrismaClient } from '.prisma/client';
const prisma = new PrismaClient();
export const handler = async () => prisma.user.findMany();
`,
    errors: [
      {
        messageId: 'missingSigtermCleanup',
        data: sigterm('prisma', '@prisma/client', 'PrismaClient', 'await prisma.$disconnect()'),
        line: 2,
        column: 16,
        endLine: 2,
        endColumn: 34,
        suggestions: [
          {
            messageId: 'addListener',
            output: `import { PrismaClient } from '.prisma/client';
const prisma = new PrismaClient();

process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 250).unref();
  console.info('[lambda-shutdown] SIGTERM: closing prisma');
  await prisma.$disconnect();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});

export const handler = async () => prisma.user.findMany();
`,
          },
        ],
      },
    ],
  },
];

ruleTester.run('require-sigterm-cleanup', sigtermRule, { valid: sigtermValid, invalid: sigtermInvalid });

// ═══════════════════════════════════════ require-finally-cleanup: per invocation ═══════════════════════════════════════

const finallyValid: ValidTestCase<FinallyOptions>[] = [
  {
    name: 'postgres: a reserved connection released in finally',
    filename: files.ts,
    code: `import postgres from 'postgres';
const sql = postgres();
export const handler = async () => {
  const reserved = await sql.reserve();
  try {
    return await reserved\`select 1\`;
  } finally {
    reserved.release();
  }
};
`,
  },
  {
    name: 'valkey-glide: closed in finally',
    filename: files.mjs,
    code: `import { GlideClusterClient } from '@valkey/valkey-glide';
export const handler = async () => {
  const client = await GlideClusterClient.createClient({ addresses: [] });
  try {
    return await client.ping();
  } finally {
    client.close();
  }
};
`,
  },
  {
    name: 'typeorm: destroyed in finally',
    filename: files.ts,
    code: `import { DataSource } from 'typeorm';
export const handler = async () => {
  const ds = new DataSource({ type: 'postgres' });
  await ds.initialize();
  try {
    return await ds.query('select 1');
  } finally {
    await ds.destroy();
  }
};
`,
  },
  {
    name: 'ts-postgres: await using: the client is AsyncDisposable',
    filename: files.ts,
    code: `import { connect } from 'ts-postgres';
export const handler = async () => {
  await using client = await connect();
  return (await client.query('select 1')).rows;
};
`,
  },
  {
    name: 'oracledb: a standalone connection closed in finally (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const oracledb = require('oracledb');
exports.handler = async () => {
  const connection = await oracledb.getConnection({ connectString: process.env.DB });
  try {
    return (await connection.execute('select 1 from dual')).rows;
  } finally {
    await connection.close();
  }
};
`,
  },
  {
    name: 'neo4j-driver: a driver per invocation closed in finally closes its session',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const neo4j = require('neo4j-driver');
exports.handler = async () => {
  const driver = neo4j.driver('neo4j://db', neo4j.auth.basic('neo4j', 'pw'));
  const session = driver.session();
  try {
    return (await session.run('RETURN 1')).records;
  } finally {
    await driver.close();
  }
};
`,
  },
  {
    name: 'amqplib: a connection per invocation closed in finally closes its confirm channel',
    filename: files.ts,
    code: `import { connect } from 'amqplib';
export const handler = async () => {
  const connection = await connect('amqp://mq');
  try {
    const channel = await connection.createConfirmChannel();
    channel.sendToQueue('jobs', Buffer.from('x'));
    await channel.waitForConfirms();
  } finally {
    await connection.close();
  }
};
`,
  },
  {
    name: 'kafkajs: an admin client per invocation, disconnected in finally',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Kafka } = require('kafkajs');
const kafka = new Kafka({ brokers: ['b:9092'] });
exports.handler = async () => {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.listTopics();
  } finally {
    await admin.disconnect();
  }
};
`,
  },
  // ───── opensearch
  {
    name: 'opensearch: a client per invocation closed in finally',
    filename: files.ts,
    code: `import { Client } from '@opensearch-project/opensearch';
export const handler = async () => {
  const client = new Client({ node: 'https://os' });
  try {
    return await client.info();
  } finally {
    await client.close();
  }
};
`,
  },
  {
    name: 'puppeteer: browser.close() in finally closes its pages',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const chromium = require('@sparticuz/chromium');
const puppeteer = require('puppeteer-core');
exports.handler = async (event) => {
  const browser = await puppeteer.launch({ executablePath: await chromium.executablePath() });
  try {
    const page = await browser.newPage();
    await page.goto(event.url);
    return await page.pdf();
  } finally {
    await browser.close();
  }
};
`,
  },
  {
    name: 'playwright: await using: playwright browsers are AsyncDisposable',
    filename: files.ts,
    code: `import { webkit } from 'playwright-core';
export const handler = async () => {
  await using browser = await webkit.launch();
  const page = await browser.newPage();
  return page.title();
};
`,
  },
  // ───── servers
  {
    name: 'servers: fastify listened on per invocation, closed in finally',
    filename: files.ts,
    code: `import fastify from 'fastify';
export const handler = async () => {
  const app = fastify();
  await app.listen({ port: 0 });
  try {
    return app.addresses();
  } finally {
    await app.close();
  }
};
`,
  },
  // ───── nestjs
  {
    name: 'nestjs: the serverless template: bootstrap() runs once per environment, not per invocation',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import serverlessExpress from '@codegenie/serverless-express';
import { AppModule } from './app.module';
let server;
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.init();
  return serverlessExpress({ app: app.getHttpAdapter().getInstance() });
}
export const handler = async (event, context, callback) => {
  server = server ?? (await bootstrap());
  return server(event, context, callback);
};
`,
  },
  // ───── typeorm
  {
    name: "typeorm: a getter that hands out the connection manager's connection when it has one is no factory",
    filename: files.ts,
    code: `import { createConnection, getConnectionManager } from 'typeorm';
async function getConnection() {
  const manager = getConnectionManager();
  if (manager.has('default')) {
    const connection = manager.get('default');
    return connection.isConnected ? connection : connection.connect();
  }
  const conn = await createConnection();
  return conn;
}
export const handler = async () => {
  const conn = await getConnection();
  return conn.query('select 1');
};
`,
  },
  {
    name: 'aws-sdk: an S3 object stream consumed by pipeline',
    filename: files.ts,
    code: `import S3 from 'aws-sdk/clients/s3';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
const s3 = new S3();
export const handler = async (event: { key: string }) => {
  const stream = s3.getObject({ Bucket: 'b', Key: event.key }).createReadStream();
  await pipeline(stream, createWriteStream('/tmp/object'));
};
`,
  },
  {
    name: 'aws-sdk: getObject().promise() opens no stream',
    filename: files.ts,
    code: `import { S3 } from 'aws-sdk';
const s3 = new S3();
export const handler = async (event: { key: string }) => {
  const object = await s3.getObject({ Bucket: 'b', Key: event.key }).promise();
  return object.Body;
};
`,
  },
  // ───── mongodb
  {
    name: 'mongodb: a MongoClient per invocation closed in finally',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { MongoClient } = require('mongodb');
exports.handler = async () => {
  const client = await new MongoClient(process.env.MONGODB_URI).connect();
  try {
    return await client.db('app').collection('c').findOne();
  } finally {
    await client.close();
  }
};
`,
  },
];

const finallyInvalid: InvalidTestCase<FinallyMessageIds, FinallyOptions>[] = [
  // ───── postgres
  {
    name: 'postgres: a pool made per invocation and never ended',
    filename: files.ts,
    code: `import postgres from 'postgres';
export const handler = async () => {
  const sql = postgres(process.env.DATABASE_URL!);
  const rows = await sql\`select 1\`;
  return rows;
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('sql', 'postgres', 'pool', 'await sql.end()'),
        line: 3,
        column: 15,
        endLine: 3,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import postgres from 'postgres';
export const handler = async () => {
  const sql = postgres(process.env.DATABASE_URL!);
  try {
    const rows = await sql\`select 1\`;
    return rows;
  } finally {
    await sql.end();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'postgres: sql.reserve() of a module pool, never released',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const sql = require('postgres')(process.env.DATABASE_URL);
exports.handler = async () => {
  const reserved = await sql.reserve();
  await reserved\`select 1\`;
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('reserved', 'postgres', 'reserved connection', 'reserved.release()'),
        line: 3,
        column: 26,
        endLine: 3,
        endColumn: 39,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const sql = require('postgres')(process.env.DATABASE_URL);
exports.handler = async () => {
  const reserved = await sql.reserve();
  try {
    await reserved\`select 1\`;
  } finally {
    reserved.release();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── valkey-glide
  {
    name: 'valkey-glide: a client per invocation closed only on success',
    filename: files.ts,
    code: `import { GlideClient } from '@valkey/valkey-glide';
export const handler = async (event: { key: string }) => {
  const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });
  const value = await client.get(event.key);
  client.close();
  return value;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('client', '@valkey/valkey-glide', 'GlideClient', 'client.close()'),
        line: 3,
        column: 24,
        endLine: 3,
        endColumn: 88,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { GlideClient } from '@valkey/valkey-glide';
export const handler = async (event: { key: string }) => {
  const client = await GlideClient.createClient({ addresses: [{ host: 'localhost' }] });
  try {
    const value = await client.get(event.key);
    return value;
  } finally {
    client.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── typeorm
  {
    name: 'typeorm: a data source initialised per invocation, never destroyed',
    filename: files.ts,
    code: `import { DataSource } from 'typeorm';
export const handler = async () => {
  const ds = await new DataSource({ type: 'postgres' }).initialize();
  return ds.query('select 1');
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('ds', 'typeorm', 'DataSource', 'await ds.destroy()'),
        line: 3,
        column: 20,
        endLine: 3,
        endColumn: 56,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { DataSource } from 'typeorm';
export const handler = async () => {
  const ds = await new DataSource({ type: 'postgres' }).initialize();
  try {
    return await ds.query('select 1');
  } finally {
    await ds.destroy();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── ts-postgres
  {
    name: 'ts-postgres: connect() per invocation, closed only on success (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { connect } = require('ts-postgres');
exports.handler = async () => {
  const client = await connect();
  const result = await client.query('select 1');
  await client.end();
  return result.rows;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('client', 'ts-postgres', 'client', 'await client.end()'),
        line: 3,
        column: 24,
        endLine: 3,
        endColumn: 33,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const { connect } = require('ts-postgres');
exports.handler = async () => {
  const client = await connect();
  try {
    const result = await client.query('select 1');
    return result.rows;
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
  // ───── mssql
  {
    name: 'mssql: a pool connected per invocation, closed only on success',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const sql = require('mssql');
exports.handler = async () => {
  const pool = await new sql.ConnectionPool(process.env.DB).connect();
  const result = await pool.request().query('select 1');
  await pool.close();
  return result.recordset;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('pool', 'mssql', 'ConnectionPool', 'await pool.close()'),
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 60,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const sql = require('mssql');
exports.handler = async () => {
  const pool = await new sql.ConnectionPool(process.env.DB).connect();
  try {
    const result = await pool.request().query('select 1');
    return result.recordset;
  } finally {
    await pool.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── tedious
  {
    name: 'tedious: a Connection per invocation, never closed',
    filename: files.ts,
    code: `import { Connection } from 'tedious';
export const handler = async () => {
  const connection = new Connection({ server: 'db' });
  connection.connect();
  return 'ok';
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('connection', 'tedious', 'Connection', 'connection.close()'),
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 54,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { Connection } from 'tedious';
export const handler = async () => {
  const connection = new Connection({ server: 'db' });
  try {
    connection.connect();
  } finally {
    connection.close();
  }
  return 'ok';
};
`,
          },
        ],
      },
    ],
  },
  // ───── oracledb
  {
    name: 'oracledb: a pool connection (child of a module pool) never closed',
    filename: files.mjs,
    code: `import oracledb from 'oracledb';
const pool = await oracledb.createPool({ connectString: process.env.DB });
process.once('SIGTERM', async () => {
  await pool.close(0);
  process.exit(0);
});
export const handler = async () => {
  const connection = await pool.getConnection();
  const result = await connection.execute('select 1 from dual');
  return result.rows;
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('connection', 'oracledb', 'pool connection', 'await connection.close()'),
        line: 8,
        column: 28,
        endLine: 8,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import oracledb from 'oracledb';
const pool = await oracledb.createPool({ connectString: process.env.DB });
process.once('SIGTERM', async () => {
  await pool.close(0);
  process.exit(0);
});
export const handler = async () => {
  const connection = await pool.getConnection();
  try {
    const result = await connection.execute('select 1 from dual');
    return result.rows;
  } finally {
    await connection.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── cassandra-driver
  {
    name: 'cassandra-driver: a client per invocation, never shut down',
    filename: files.mjs,
    code: `import cassandra from 'cassandra-driver';
export const handler = async () => {
  const client = new cassandra.Client({ contactPoints: ['h1'], localDataCenter: 'dc1' });
  return client.execute('select now() from system.local');
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('client', 'cassandra-driver', 'Client', 'await client.shutdown()'),
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 89,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import cassandra from 'cassandra-driver';
export const handler = async () => {
  const client = new cassandra.Client({ contactPoints: ['h1'], localDataCenter: 'dc1' });
  try {
    return await client.execute('select now() from system.local');
  } finally {
    await client.shutdown();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── neo4j-driver
  {
    name: 'neo4j-driver: a session of a module driver, never closed',
    filename: files.ts,
    code: `import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://db', neo4j.auth.basic('neo4j', 'pw'));
export const handler = async () => {
  const session = driver.session();
  const result = await session.run('MATCH (n) RETURN count(n)');
  return result.records;
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('session', 'neo4j-driver', 'session', 'await session.close()'),
        line: 4,
        column: 19,
        endLine: 4,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://db', neo4j.auth.basic('neo4j', 'pw'));
export const handler = async () => {
  const session = driver.session();
  try {
    const result = await session.run('MATCH (n) RETURN count(n)');
    return result.records;
  } finally {
    await session.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── amqplib
  {
    name: 'amqplib: a channel of a module connection, never closed',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const amqp = require('amqplib');
let connection;
exports.handler = async (event) => {
  connection ??= await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  channel.sendToQueue('jobs', Buffer.from(event.body));
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('channel', 'amqplib', 'channel', 'await channel.close()'),
        line: 5,
        column: 25,
        endLine: 5,
        endColumn: 51,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const amqp = require('amqplib');
let connection;
exports.handler = async (event) => {
  connection ??= await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  try {
    channel.sendToQueue('jobs', Buffer.from(event.body));
  } finally {
    await channel.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── kafkajs
  {
    name: 'kafkajs: a producer per invocation, disconnected only on success',
    filename: files.ts,
    code: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['b:9092'] });
export const handler = async (event: { body: string }) => {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'events', messages: [{ value: event.body }] });
  await producer.disconnect();
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('producer', 'kafkajs', 'producer', 'await producer.disconnect()'),
        line: 4,
        column: 20,
        endLine: 4,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['b:9092'] });
export const handler = async (event: { body: string }) => {
  const producer = kafka.producer();
  try {
    await producer.connect();
    await producer.send({ topic: 'events', messages: [{ value: event.body }] });
  } finally {
    await producer.disconnect();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── nats
  {
    name: 'nats: a connection per invocation, never drained',
    filename: files.mjs,
    code: `import { connect } from 'nats';
export const handler = async (event) => {
  const nc = await connect({ servers: 'nats://n:4222' });
  nc.publish('events', event.body);
  await nc.flush();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('nc', 'nats', 'connection', 'await nc.drain()'),
        line: 3,
        column: 20,
        endLine: 3,
        endColumn: 57,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { connect } from 'nats';
export const handler = async (event) => {
  const nc = await connect({ servers: 'nats://n:4222' });
  try {
    nc.publish('events', event.body);
    await nc.flush();
  } finally {
    await nc.drain();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── mqtt
  {
    name: 'mqtt: connectAsync() per invocation, ended only on success',
    filename: files.ts,
    code: `import mqtt from 'mqtt';
export const handler = async () => {
  const client = await mqtt.connectAsync('mqtt://broker');
  await client.publishAsync('t', 'x');
  await client.endAsync();
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('client', 'mqtt', 'client', 'await new Promise((resolve) => client.end(resolve))'),
        line: 3,
        column: 24,
        endLine: 3,
        endColumn: 58,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import mqtt from 'mqtt';
export const handler = async () => {
  const client = await mqtt.connectAsync('mqtt://broker');
  try {
    await client.publishAsync('t', 'x');
  } finally {
    await new Promise((resolve) => client.end(resolve));
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── memjs
  {
    name: 'memjs: a client per invocation, never closed',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const memjs = require('memjs');
exports.handler = async (event) => {
  const mc = memjs.Client.create();
  return mc.get(event.key);
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('mc', 'memjs', 'Client', 'mc.close()'),
        line: 3,
        column: 14,
        endLine: 3,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const memjs = require('memjs');
exports.handler = async (event) => {
  const mc = memjs.Client.create();
  try {
    return await mc.get(event.key);
  } finally {
    mc.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── puppeteer
  {
    name: 'puppeteer: a browser launched per invocation, never closed',
    filename: files.ts,
    code: `import puppeteer from 'puppeteer';
export const handler = async (event: { url: string }) => {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.goto(event.url);
  return page.screenshot();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('browser', 'puppeteer', 'browser', 'await browser.close()'),
        line: 3,
        column: 25,
        endLine: 3,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import puppeteer from 'puppeteer';
export const handler = async (event: { url: string }) => {
  const browser = await puppeteer.launch();
  try {
    const page = await browser.newPage();
    await page.goto(event.url);
    return await page.screenshot();
  } finally {
    await browser.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'puppeteer: a page of a module browser, never closed',
    filename: files.mjs,
    code: `import chromium from 'chrome-aws-lambda';
const browser = await chromium.puppeteer.launch({ args: chromium.args });
export const handler = async (event) => {
  const page = await browser.newPage();
  await page.goto(event.url);
  return page.content();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('page', 'chrome-aws-lambda', 'page', 'await page.close()'),
        line: 4,
        column: 22,
        endLine: 4,
        endColumn: 39,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import chromium from 'chrome-aws-lambda';
const browser = await chromium.puppeteer.launch({ args: chromium.args });
export const handler = async (event) => {
  const page = await browser.newPage();
  try {
    await page.goto(event.url);
    return await page.content();
  } finally {
    await page.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'puppeteer: a page of a browser context of a module browser, closed with the context',
    filename: files.ts,
    code: `import puppeteer from 'puppeteer';
const browser = await puppeteer.launch();
export const handler = async (event: { url: string }) => {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(event.url);
  const html = await page.content();
  await context.close();
  return html;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('context', 'puppeteer', 'browser context', 'await context.close()'),
        line: 4,
        column: 25,
        endLine: 4,
        endColumn: 55,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import puppeteer from 'puppeteer';
const browser = await puppeteer.launch();
export const handler = async (event: { url: string }) => {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.goto(event.url);
    const html = await page.content();
    return html;
  } finally {
    await context.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── playwright
  {
    name: 'playwright: a context of a module browser, never closed (its page closes with it)',
    filename: files.ts,
    code: `import { chromium } from 'playwright';
const browser = await chromium.launch();
export const handler = async (event: { url: string }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(event.url);
  return page.title();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('context', 'playwright', 'browser context', 'await context.close()'),
        line: 4,
        column: 25,
        endLine: 4,
        endColumn: 45,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { chromium } from 'playwright';
const browser = await chromium.launch();
export const handler = async (event: { url: string }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(event.url);
    return await page.title();
  } finally {
    await context.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'playwright: playwright-aws-lambda launchChromium(), closed only on success',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const playwright = require('playwright-aws-lambda');
exports.handler = async (event) => {
  const browser = await playwright.launchChromium();
  const page = await browser.newPage();
  await page.goto(event.url);
  const title = await page.title();
  await browser.close();
  return title;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('browser', 'playwright-aws-lambda', 'browser', 'await browser.close()'),
        line: 3,
        column: 25,
        endLine: 3,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const playwright = require('playwright-aws-lambda');
exports.handler = async (event) => {
  const browser = await playwright.launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(event.url);
    const title = await page.title();
    return title;
  } finally {
    await browser.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── servers
  {
    name: 'servers: a server listened on per invocation, never closed',
    filename: files.ts,
    code: `import http from 'node:http';
export const handler = async () => {
  const server = http.createServer((req, res) => res.end('ok')).listen(0);
  return server.address();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('server', 'node:http', 'server', 'await new Promise((resolve) => server.close(resolve))'),
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 74,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import http from 'node:http';
export const handler = async () => {
  const server = http.createServer((req, res) => res.end('ok')).listen(0);
  try {
    return await server.address();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── http.Agent
  {
    name: 'http.Agent: a keep-alive agent made per invocation without new, never destroyed',
    filename: files.mjs,
    code: `import https from 'node:https';
export const handler = async (event) => {
  const agent = https.Agent({ keepAlive: true });
  return fetchJson(event.url, { agent });
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('agent', 'node:https', 'keep-alive Agent', 'agent.destroy()'),
        line: 3,
        column: 17,
        endLine: 3,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import https from 'node:https';
export const handler = async (event) => {
  const agent = https.Agent({ keepAlive: true });
  try {
    return await fetchJson(event.url, { agent });
  } finally {
    agent.destroy();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── kafkajs
  {
    name: 'kafkajs: a consumer opened in a same-file function the handler calls, never disconnected',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Kafka } = require('kafkajs');
function makeKafka() {
  return new Kafka({ brokers: ['b:9092'] });
}
const kafka = makeKafka();
async function drain(topic) {
  const consumer = kafka.consumer({ groupId: 'g' });
  await consumer.connect();
  await consumer.subscribe({ topic });
}
exports.handler = async (event) => drain(event.topic);
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('consumer', 'kafkajs', 'consumer', 'await consumer.disconnect()'),
        line: 7,
        column: 20,
        endLine: 7,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const { Kafka } = require('kafkajs');
function makeKafka() {
  return new Kafka({ brokers: ['b:9092'] });
}
const kafka = makeKafka();
async function drain(topic) {
  const consumer = kafka.consumer({ groupId: 'g' });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic });
  } finally {
    await consumer.disconnect();
  }
}
exports.handler = async (event) => drain(event.topic);
`,
          },
        ],
      },
    ],
  },
  // ───── nestjs
  {
    name: 'nestjs: an application context per invocation, never closed',
    filename: files.ts,
    code: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
export const handler = async () => {
  const app = await NestFactory.createApplicationContext(AppModule);
  return app.get('svc').run();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('app', '@nestjs/core', 'application context', 'await app.close()'),
        line: 4,
        column: 21,
        endLine: 4,
        endColumn: 68,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
export const handler = async () => {
  const app = await NestFactory.createApplicationContext(AppModule);
  try {
    return await app.get('svc').run();
  } finally {
    await app.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── aws-sdk
  {
    name: 'aws-sdk: an S3 object stream never consumed or destroyed',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async (event) => {
  const stream = s3.getObject({ Bucket: 'b', Key: event.key }).createReadStream();
  return stream.readable;
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('stream', 'aws-sdk', 'read stream', 'stream.destroy()'),
        line: 4,
        column: 18,
        endLine: 4,
        endColumn: 82,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `const AWS = require('aws-sdk');
const s3 = new AWS.S3();
exports.handler = async (event) => {
  const stream = s3.getObject({ Bucket: 'b', Key: event.key }).createReadStream();
  try {
    return stream.readable;
  } finally {
    stream.destroy();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── knex
  {
    name: "knex: require('knex')(config) per invocation, destroyed only on success",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async () => {
  const db = require('knex')({ client: 'pg' });
  const rows = await db('users').select();
  await db.destroy();
  return rows;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('db', 'knex', 'instance', 'await db.destroy()'),
        line: 2,
        column: 14,
        endLine: 2,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `exports.handler = async () => {
  const db = require('knex')({ client: 'pg' });
  try {
    const rows = await db('users').select();
    return rows;
  } finally {
    await db.destroy();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── mongoose
  {
    name: 'mongoose: a createConnection per invocation, never closed',
    filename: files.ts,
    code: `import mongoose from 'mongoose';
export const handler = async () => {
  const conn = await mongoose.createConnection(process.env.MONGODB_URI!).asPromise();
  return conn.db.collection('c').findOne();
};
`,
    errors: [
      {
        messageId: 'missingCleanup',
        data: invocation('conn', 'mongoose', 'connection', 'await conn.close()'),
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 73,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import mongoose from 'mongoose';
export const handler = async () => {
  const conn = await mongoose.createConnection(process.env.MONGODB_URI!).asPromise();
  try {
    return await conn.db.collection('c').findOne();
  } finally {
    await conn.close();
  }
};
`,
          },
        ],
      },
    ],
  },
  // ───── prisma
  {
    name: 'prisma: a generated client per invocation, disconnected only on success',
    filename: files.ts,
    code: `import { PrismaClient } from '../generated/prisma/client';
export const handler = async () => {
  const prisma = new PrismaClient();
  const users = await prisma.user.findMany();
  await prisma.$disconnect();
  return users;
};
`,
    errors: [
      {
        messageId: 'successOnlyCleanup',
        data: invocation('prisma', '@prisma/client', 'PrismaClient', 'await prisma.$disconnect()'),
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'wrapInFinally',
            output: `import { PrismaClient } from '../generated/prisma/client';
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
];

ruleTester.run('require-finally-cleanup', finallyRule, { valid: finallyValid, invalid: finallyInvalid });
