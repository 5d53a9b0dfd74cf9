/**
 * RuleTester suite for `no-ineffective-shutdown-listener`: in a module that exports a Lambda handler, shutdown hooks
 * that never run on Lambda are reported at their registration:
 *
 * - `beforeExit`: any `beforeExit` listener (the event never fires on Lambda);
 * - `asyncExit`: an `exit` listener doing async work (an async function, a cleanup call, a timer, `.then`);
 * - `sigintOnly`: a `SIGINT` listener in a module with no SIGTERM listener, with the `listenForSigterm` suggestion
 *   when the listener is a name.
 *
 * Every invalid case asserts the exact message id, the report's start, and the full output of each suggestion
 * (`suggestions: []` when there is none). Cases the rule gets wrong today live in
 * `no-ineffective-shutdown-listener.pending.ts`, with the expectation the spec asks for.
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-ineffective-shutdown-listener.js';
import type { MessageIds, Options } from '../../rules/no-ineffective-shutdown-listener.js';
import { commonjs, files, ruleTester } from './tester.js';
import { regressionInvalid, regressionValid } from './no-ineffective-shutdown-listener.regressions.js';

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used once per message to pin the wording. */
function byMessage(error: Omit<TestCaseError<MessageIds>, 'messageId' | 'data'> & { message: string }): TestCaseError<MessageIds> {
  return error as unknown as TestCaseError<MessageIds>;
}

const BEFORE_EXIT_MESSAGE =
  'A `beforeExit` listener never runs on Lambda. ' +
  'The runtime keeps polling for the next invocation, so the event loop never empties, and at shutdown the process is killed. ' +
  "Clean up in `process.once('SIGTERM', …)` instead (it runs when an extension is registered).";

const ASYNC_EXIT_MESSAGE =
  'This `exit` listener starts async work that never completes. ' +
  'Node runs `exit` listeners synchronously and ends the process right after them, so on Lambda the promises, timers and closes it starts are dropped with the environment. ' +
  "Do the cleanup in `process.once('SIGTERM', …)` and end the process once it settles.";

const SIGINT_ONLY_MESSAGE =
  'This SIGINT listener is the only shutdown hook of the module: nothing listens for SIGTERM. ' +
  'Lambda sends SIGTERM, not SIGINT, at shutdown (SIGINT comes only from Ctrl+C in a local terminal), so on Lambda this cleanup never runs. ' +
  'Listen for `SIGTERM` as well.';

const valid: ValidTestCase<Options>[] = [
  // ───────────────────────── the SIGTERM cleanup registered for beforeExit too (issue 13 false positive) ─────────────────────────
  {
    name: 'a beforeExit listener that is the same function as the SIGTERM listener',
    filename: files.js,
    code: `import { Pool } from 'pg';
const pool = new Pool();
async function shutdown() {
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
}
process.on('SIGTERM', shutdown);
process.on('beforeExit', shutdown);
export const handler = async () => pool.query('select 1');
`,
  },
  // ───────────────────────── modules without a Lambda handler ─────────────────────────
  {
    name: "a CLI script's beforeExit listener",
    filename: files.js,
    code: `#!/usr/bin/env node
import { Pool } from 'pg';
const pool = new Pool();
process.on('beforeExit', async () => {
  await pool.end();
});
await pool.query('refresh materialized view stats');
`,
  },
  {
    name: 'a library module (no handler export) with an async exit listener',
    filename: files.ts,
    code: `process.on('exit', async () => {
  await pool.end();
});
export async function query(sql: string) {
  return pool.query(sql);
}
`,
  },
  {
    name: 'a local dev server with only a SIGINT listener',
    filename: files.ts,
    code: `import { createServer } from 'node:http';
const server = createServer((req, res) => res.end('ok')).listen(3000);
function shutdown() {
  server.close(() => process.exit(0));
}
process.on('SIGINT', shutdown);
`,
  },
  {
    name: 'a default-exported (req, res) route is not a Lambda handler',
    filename: files.js,
    code: `process.on('beforeExit', () => console.log('drained'));
export default async function route(req, res) {
  res.json({ ok: true });
}
`,
  },
  {
    name: 'an export named main is not a handler without settings handlerNames',
    filename: files.ts,
    code: `process.on('beforeExit', () => console.log('drained'));
export const main = async () => ({ ok: true });
`,
  },
  {
    name: 'a CommonJS module exporting no handler',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('beforeExit', async () => {
  await pool.end();
});
async function query(sql) {
  return pool.query(sql);
}
module.exports = { query };
`,
  },

  // ───────────────────────── synchronous exit listeners ─────────────────────────
  {
    name: "process.on('exit', () => console.log('bye'))",
    filename: files.ts,
    code: `process.on('exit', () => console.log('bye'));
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'fs.writeSync in an exit listener',
    filename: files.ts,
    code: `import fs from 'node:fs';
process.on('exit', (code) => {
  fs.writeSync(1, \`exiting with \${code}\\n\`);
});
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'fs.closeSync in an exit listener (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const fs = require('node:fs');
const fd = fs.openSync('/tmp/audit.log', 'a');
process.once('exit', () => {
  fs.closeSync(fd);
});
exports.handler = async (event) => ({ statusCode: 200 });
`,
  },
  {
    name: 'an exit listener that reads the code and logs',
    filename: files.js,
    code: `process.on('exit', (code) => {
  if (code !== 0) console.error('exiting with', code);
});
export const handler = async (event) => ({ statusCode: 200 });
`,
  },
  {
    name: 'an exit listener calling a synchronous same-file function',
    filename: files.ts,
    code: `function logExit(code: number) {
  console.log('exit', code);
}
process.on('exit', logExit);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'clearTimeout / clearInterval in an exit listener',
    filename: files.ts,
    code: `const timer = setInterval(() => {}, 1000);
process.on('exit', () => {
  clearInterval(timer);
});
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'an exit listener that is an imported function (cannot see into it)',
    filename: files.ts,
    code: `import { flushSync } from './telemetry';
process.on('exit', flushSync);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'a synchronous exit listener beside a middy handler',
    filename: files.js,
    code: `import middy from '@middy/core';
process.on('exit', () => console.log('bye'));
const base = async (event) => ({ statusCode: 200 });
export const handler = middy(base);
`,
  },

  // ───────────────────────── SIGINT beside a SIGTERM listener ─────────────────────────
  {
    name: 'the same listener for SIGINT and SIGTERM',
    filename: files.ts,
    code: `async function shutdown() {
  await pool.end();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
export const handler = async () => pool.query('select 1');
`,
  },
  {
    name: 'the SIGTERM listener registered after the SIGINT one, with different functions',
    filename: files.ts,
    code: `process.once('SIGINT', () => process.exit(130));
export const handler = async () => ({ statusCode: 200 });
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'SIGINT and SIGTERM with an imported listener',
    filename: files.ts,
    code: `import { shutdown } from './lifecycle';
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: "SIGINT and SIGTERM through 'node:process' named imports",
    filename: files.mjs,
    code: `import { once } from 'node:process';
function shutdown() {
  process.exit(0);
}
once('SIGINT', shutdown);
once('SIGTERM', shutdown);
export const handler = async (event) => ({ statusCode: 200 });
`,
  },
  {
    name: 'SIGINT and SIGTERM in a CommonJS handler module',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');
const shutdown = () => process.exit(0);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
exports.handler = async (event) => ({ statusCode: 200 });
`,
  },
  {
    name: 'signals registered in a loop (the event is not a constant)',
    filename: files.ts,
    code: `function shutdown() {
  process.exit(0);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, shutdown);
export const handler = async () => ({ statusCode: 200 });
`,
  },

  // ───────────────────────── other listeners and calls ─────────────────────────
  {
    name: 'a SIGTERM listener alone',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => pool.query('select 1');
`,
  },
  {
    name: 'other signals and events are not this rule’s business',
    filename: files.js,
    code: `process.on('SIGHUP', () => reloadConfig());
process.on('uncaughtException', (err) => console.error(err));
process.on('unhandledRejection', async (err) => {
  await report(err);
});
export const handler = async (event) => ({ statusCode: 200 });
`,
  },
  {
    name: 'removing a beforeExit listener is not registering one',
    filename: files.ts,
    code: `function drain() {}
process.removeListener('beforeExit', drain);
process.off('SIGINT', drain);
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'a shadowed process (an EventEmitter of the file)',
    filename: files.ts,
    code: `import { EventEmitter } from 'node:events';
const process = new EventEmitter();
process.on('beforeExit', () => {});
process.on('SIGINT', () => {});
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'a synchronous exit listener in a handler typed with aws-lambda',
    filename: files.ts,
    code: `import type { APIGatewayProxyHandler } from 'aws-lambda';
process.on('exit', (code) => console.log('exit', code));
export const getItems: APIGatewayProxyHandler = async () => ({ statusCode: 200, body: '[]' });
`,
  },
  {
    name: 'a synchronous exit listener in a module.exports = { handler } module',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('exit', () => console.log('bye'));
async function handler(event) {
  return { statusCode: 200 };
}
module.exports = { handler };
`,
  },
  {
    name: 'a SIGINT listener and a SIGTERM listener in a TSX handler module',
    filename: files.tsx,
    code: `import { renderToString } from 'react-dom/server';
process.on('SIGINT', () => process.exit(130));
process.on('SIGTERM', () => process.exit(0));
export const handler = async () => ({ statusCode: 200, body: renderToString(<p>hi</p>) });
`,
  },
  {
    name: 'the aws-samples graceful-shutdown listener (SIGTERM) in a handler module',
    filename: files.js,
    code: `process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');
  console.info('[runtime] cleaning up');
  await new Promise(r => setTimeout(r, 200));
  console.info('[runtime] exiting');
  process.exit(0)
})

export const handler = async (event) => {
  return { statusCode: 200, body: 'hello' }
}
`,
  },
  {
    name: 'setTimeout outside the exit listener does not count',
    filename: files.ts,
    code: `setTimeout(() => {}, 10).unref();
process.on('exit', () => console.log('bye'));
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'exit listener registered inside a handler, synchronous',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('exit', () => console.log('bye'));
  return { statusCode: 200 };
};
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────────────────────── the messages, pinned once each ─────────────────────────
  {
    name: 'the rendered beforeExit message',
    filename: files.ts,
    code: `process.on('beforeExit', async () => {
  await pool.end();
});
export const handler = async () => pool.query('select 1');
`,
    errors: [byMessage({ message: BEFORE_EXIT_MESSAGE, line: 1, column: 1, endLine: 3, endColumn: 3, suggestions: [] })],
  },
  {
    name: 'the rendered asyncExit message',
    filename: files.ts,
    code: `process.on('exit', async () => {
  await pool.end();
});
export const handler = async () => pool.query('select 1');
`,
    errors: [byMessage({ message: ASYNC_EXIT_MESSAGE, line: 1, column: 1, endLine: 3, endColumn: 3, suggestions: [] })],
  },
  {
    name: 'the rendered sigintOnly message',
    filename: files.ts,
    code: `process.on('SIGINT', () => process.exit(0));
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [byMessage({ message: SIGINT_ONLY_MESSAGE, line: 1, column: 1, endLine: 1, endColumn: 44, suggestions: [] })],
  },

  // ───────────────────────── beforeExit, every handler export form ─────────────────────────
  {
    name: 'beforeExit beside export async function handler',
    filename: files.ts,
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.on('beforeExit', async () => {
  await prisma.$disconnect();
});
export async function handler() {
  return prisma.user.findMany();
}
`,
    errors: [{ messageId: 'beforeExit', line: 3, column: 1, endLine: 5, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'beforeExit beside export { main as handler }',
    filename: files.ts,
    code: `const main = async () => ({ statusCode: 200 });
process.on('beforeExit', () => {});
export { main as handler };
`,
    errors: [{ messageId: 'beforeExit', line: 2, column: 1, endLine: 2, endColumn: 35, suggestions: [] }],
  },
  {
    name: 'beforeExit beside export default function (event, context)',
    filename: files.js,
    code: `process.on('beforeExit', () => {});
export default async function (event, context) {
  return { statusCode: 200 };
}
`,
    errors: [{ messageId: 'beforeExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'beforeExit beside exports.handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Pool } = require('pg');
const pool = new Pool();
process.on('beforeExit', async () => {
  await pool.end();
});
exports.handler = async (event) => pool.query('select 1');
`,
    errors: [{ messageId: 'beforeExit', line: 3, column: 1, endLine: 5, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'beforeExit beside module.exports.handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.once('beforeExit', () => redis.quit());
module.exports.handler = async (event) => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'beforeExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'beforeExit beside module.exports = { handler } (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('beforeExit', () => {});
async function handler(event) {
  return { statusCode: 200 };
}
module.exports = { handler };
`,
    errors: [{ messageId: 'beforeExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'beforeExit beside a middy handler',
    filename: files.js,
    code: `import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
process.on('beforeExit', () => {});
const base = async (event) => ({ statusCode: 200 });
export const handler = middy(base).use(httpErrorHandler());
`,
    errors: [{ messageId: 'beforeExit', line: 3, column: 1, endLine: 3, endColumn: 35, suggestions: [] }],
  },
  {
    name: 'beforeExit beside an aws-lambda typed export under another name',
    filename: files.ts,
    code: `import type { SQSHandler } from 'aws-lambda';
process.on('beforeExit', () => {});
export const processQueue: SQSHandler = async () => {};
`,
    errors: [{ messageId: 'beforeExit', line: 2, column: 1, suggestions: [] }],
  },
  {
    name: "beforeExit beside SAM's lambdaHandler",
    filename: files.ts,
    code: `process.on('beforeExit', () => {});
export const lambdaHandler = async () => ({ statusCode: 200, body: 'hello world' });
`,
    errors: [{ messageId: 'beforeExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'beforeExit beside a bound class method handler (Powertools style)',
    filename: files.ts,
    code: `class Lambda {
  async handler(event: unknown, context: unknown) {
    return { statusCode: 200 };
  }
}
const instance = new Lambda();
process.on('beforeExit', () => {});
export const handler = instance.handler.bind(instance);
`,
    errors: [{ messageId: 'beforeExit', line: 7, column: 1, suggestions: [] }],
  },
  {
    name: "beforeExit with process imported from 'node:process' and once",
    filename: files.ts,
    code: `import process from 'node:process';
process.once('beforeExit', async () => {
  await pool.end();
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'beforeExit', line: 2, column: 1, endLine: 4, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'beforeExit with prependOnceListener',
    filename: files.mjs,
    code: `process.prependOnceListener('beforeExit', () => {});
export const handler = async (event) => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'beforeExit', line: 1, column: 1, endLine: 1, endColumn: 52, suggestions: [] }],
  },
  {
    name: 'beforeExit registered inside the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  process.on('beforeExit', () => console.log('drained'));
  return { statusCode: 200 };
};
`,
    errors: [{ messageId: 'beforeExit', line: 2, column: 3, endLine: 2, endColumn: 57, suggestions: [] }],
  },

  // ───────────────────────── asyncExit ─────────────────────────
  {
    name: 'an exit listener closing a pool (expression body)',
    filename: files.ts,
    code: `process.on('exit', () => pool.end());
export const handler = async () => pool.query('select 1');
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, endLine: 1, endColumn: 37, suggestions: [] }],
  },
  {
    name: 'an exit listener with setTimeout',
    filename: files.ts,
    code: `process.on('exit', () => {
  setTimeout(() => console.log('late'), 10);
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, endLine: 3, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'an exit listener with setImmediate',
    filename: files.js,
    code: `process.on('exit', () => {
  setImmediate(flush);
});
export const handler = async (event) => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'an exit listener with .then',
    filename: files.ts,
    code: `process.on('exit', () => {
  sendMetrics().then(() => console.log('sent'));
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'an exit listener with .catch on a close',
    filename: files.ts,
    code: `process.on('exit', () => {
  mongoClient.close().catch(() => {});
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, endLine: 3, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'a Prisma $disconnect exit hook',
    filename: files.ts,
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.on('exit', () => {
  void prisma.$disconnect();
});
export const handler = async () => prisma.user.findMany();
`,
    errors: [{ messageId: 'asyncExit', line: 3, column: 1, suggestions: [] }],
  },
  {
    name: 'an exit listener calling a same-file async function (indirect)',
    filename: files.ts,
    code: `async function flush() {
  await pool.end();
}
process.on('exit', () => {
  flush();
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 4, column: 1, endLine: 6, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'a named same-file function as the exit listener (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const Redis = require('ioredis');
const redis = new Redis();
function closeRedis() {
  redis.quit();
}
process.on('exit', closeRedis);
exports.handler = async (event) => redis.get('k');
`,
    errors: [{ messageId: 'asyncExit', line: 6, column: 1, endLine: 6, endColumn: 31, suggestions: [] }],
  },
  {
    name: 'an async exit listener registered with prependListener',
    filename: files.js,
    code: `process.prependListener('exit', async () => {
  await fetch('https://example.com/bye');
});
export const handler = async (event) => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'an async exit listener with addListener on globalThis.process',
    filename: files.ts,
    code: `globalThis.process.addListener('exit', async () => {
  await pool.end();
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'asyncExit', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'an async exit listener registered inside the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('exit', async () => {
    await pool.end();
  });
  return { statusCode: 200 };
};
`,
    errors: [{ messageId: 'asyncExit', line: 2, column: 3, endLine: 4, endColumn: 5, suggestions: [] }],
  },

  // ───────────────────────── sigintOnly ─────────────────────────
  {
    name: 'SIGINT-only with a named listener: suggestion adds SIGTERM on the next line',
    filename: files.ts,
    code: `import { Pool } from 'pg';
const pool = new Pool();
async function shutdown() {
  await pool.end();
  process.exit(0);
}
process.on('SIGINT', shutdown);
export const handler = async () => pool.query('select 1');
`,
    errors: [
      {
        messageId: 'sigintOnly',
        line: 7,
        column: 1,
        endLine: 7,
        endColumn: 31,
        suggestions: [
          {
            messageId: 'listenForSigterm',
            output: `import { Pool } from 'pg';
const pool = new Pool();
async function shutdown() {
  await pool.end();
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
export const handler = async () => pool.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: 'SIGINT-only with an inline listener: no suggestion',
    filename: files.ts,
    code: `process.on('SIGINT', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'sigintOnly', line: 1, column: 1, endLine: 4, endColumn: 3, suggestions: [] }],
  },
  {
    name: 'SIGINT-only with once, double quotes and no semicolons: the suggestion follows the style',
    filename: files.js,
    code: `const shutdown = async () => {
  await pool.end()
  process.exit(0)
}
process.once("SIGINT", shutdown)
export const handler = async (event) => ({ statusCode: 200 })
`,
    errors: [
      {
        messageId: 'sigintOnly',
        line: 5,
        column: 1,
        suggestions: [
          {
            messageId: 'listenForSigterm',
            output: `const shutdown = async () => {
  await pool.end()
  process.exit(0)
}
process.once("SIGINT", shutdown)
process.once("SIGTERM", shutdown)
export const handler = async (event) => ({ statusCode: 200 })
`,
          },
        ],
      },
    ],
  },
  {
    name: "SIGINT-only with once imported from 'node:process'",
    filename: files.mjs,
    code: `import { once } from 'node:process';
function shutdown() {
  process.exit(0);
}
once('SIGINT', shutdown);
export const handler = async (event) => ({ statusCode: 200 });
`,
    errors: [
      {
        messageId: 'sigintOnly',
        line: 5,
        column: 1,
        endLine: 5,
        endColumn: 25,
        suggestions: [
          {
            messageId: 'listenForSigterm',
            output: `import { once } from 'node:process';
function shutdown() {
  process.exit(0);
}
once('SIGINT', shutdown);
once('SIGTERM', shutdown);
export const handler = async (event) => ({ statusCode: 200 });
`,
          },
        ],
      },
    ],
  },
  {
    name: 'SIGINT-only with globalThis.process.addListener',
    filename: files.ts,
    code: `function shutdown() {
  process.exit(0);
}
globalThis.process.addListener('SIGINT', shutdown);
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [
      {
        messageId: 'sigintOnly',
        line: 4,
        column: 1,
        suggestions: [
          {
            messageId: 'listenForSigterm',
            output: `function shutdown() {
  process.exit(0);
}
globalThis.process.addListener('SIGINT', shutdown);
globalThis.process.addListener('SIGTERM', shutdown);
export const handler = async () => ({ statusCode: 200 });
`,
          },
        ],
      },
    ],
  },
  {
    name: "SIGINT-only in a CommonJS handler with process required from 'node:process'",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');
const { Pool } = require('pg');
const pool = new Pool();
const shutdown = async () => {
  await pool.end();
  process.exit(0);
};
process.prependListener('SIGINT', shutdown);
exports.handler = async (event) => pool.query('select 1');
`,
    errors: [
      {
        messageId: 'sigintOnly',
        line: 8,
        column: 1,
        endLine: 8,
        endColumn: 44,
        suggestions: [
          {
            messageId: 'listenForSigterm',
            output: `const process = require('node:process');
const { Pool } = require('pg');
const pool = new Pool();
const shutdown = async () => {
  await pool.end();
  process.exit(0);
};
process.prependListener('SIGINT', shutdown);
process.prependListener('SIGTERM', shutdown);
exports.handler = async (event) => pool.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: 'SIGINT-only with an imported listener name: the suggestion reuses it',
    filename: files.ts,
    code: `import { shutdown } from './lifecycle';
process.on('SIGINT', shutdown);
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [
      {
        messageId: 'sigintOnly',
        line: 2,
        column: 1,
        suggestions: [
          {
            messageId: 'listenForSigterm',
            output: `import { shutdown } from './lifecycle';
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
export const handler = async () => ({ statusCode: 200 });
`,
          },
        ],
      },
    ],
  },
  {
    name: 'SIGINT-only registered in a sequence expression: no suggestion',
    filename: files.ts,
    code: `function shutdown() {}
process.on('SIGINT', shutdown), console.log('listening');
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [{ messageId: 'sigintOnly', line: 2, column: 1, endLine: 2, endColumn: 31, suggestions: [] }],
  },
  {
    name: 'two SIGINT listeners: both reported',
    filename: files.ts,
    code: `process.on('SIGINT', () => console.log('interrupted'));
process.prependOnceListener('SIGINT', () => process.exit(130));
export const handler = async () => ({ statusCode: 200 });
`,
    errors: [
      { messageId: 'sigintOnly', line: 1, column: 1, suggestions: [] },
      { messageId: 'sigintOnly', line: 2, column: 1, suggestions: [] },
    ],
  },

  // ───────────────────────── everything at once ─────────────────────────
  {
    name: 'beforeExit, async exit and SIGINT-only in one middy module, in source order',
    filename: files.ts,
    code: `import middy from '@middy/core';
import { Pool } from 'pg';
const pool = new Pool();
process.on('beforeExit', () => pool.end());
process.on('exit', async () => {
  await pool.end();
});
process.on('SIGINT', () => process.exit(130));
const base = async () => pool.query('select 1');
export const handler = middy(base);
`,
    errors: [
      { messageId: 'beforeExit', line: 4, column: 1, endLine: 4, endColumn: 43, suggestions: [] },
      { messageId: 'asyncExit', line: 5, column: 1, endLine: 7, endColumn: 3, suggestions: [] },
      { messageId: 'sigintOnly', line: 8, column: 1, endLine: 8, endColumn: 46, suggestions: [] },
    ],
  },
];

ruleTester.run('no-ineffective-shutdown-listener', rule, { valid: [...valid, ...regressionValid], invalid: [...invalid, ...regressionInvalid] });
