/**
 * RuleTester suite for `no-process-exit-in-handler`: `process.exit()` while a Lambda handler runs (in the handler,
 * in a callback nested in it, or in a same-file function it calls) fails the invocation with `Runtime.ExitError`
 * and forces a cold start. Exits in signal/exit listeners (other rules' business), at module level, in functions
 * no handler calls and in modules without a handler are not reported.
 *
 * Every invalid case asserts the message id and the full range of the report; the rule has no suggestions.
 * Cases the rule gets wrong today live in `no-process-exit-in-handler.pending.ts`, with the spec's expectation.
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-process-exit-in-handler.js';
import type { MessageIds, Options } from '../../rules/no-process-exit-in-handler.js';
import { commonjs, files, ruleTester } from './tester.js';
import { regressionInvalid, regressionValid } from './no-process-exit-in-handler.regressions.js';

const valid: ValidTestCase<Options>[] = [
  // ───────────────────────── module-level exits ─────────────────────────
  {
    name: 'a CommonJS CLI guard at load time',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `async function main(event) {
  return { ok: true, event };
}

if (require.main === module) {
  main({}).then(() => process.exit(0)).catch(() => process.exit(1));
}

module.exports.handler = main;
`,
  },
  {
    name: 'an ES module CLI guard at load time',
    filename: files.mjs,
    code: `import { pathToFileURL } from 'node:url';

export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await handler({});
  console.log(result);
  process.exit(0);
}
`,
  },
  {
    name: 'exit when configuration is missing at load time',
    filename: files.ts,
    code: `if (!process.env.TABLE_NAME) {
  console.error('TABLE_NAME is not set');
  process.exit(1);
}
export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'exit in a failed top-level await init (ESM)',
    filename: files.mjs,
    code: `async function init() {
  return { ready: true };
}
try {
  await init();
} catch (err) {
  console.error(err);
  process.exit(1);
}
export const handler = async (event) => event;
`,
  },
  {
    name: 'exit in a module-level IIFE',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `(async () => {
  try {
    await Promise.resolve();
  } catch {
    process.exit(1);
  }
})();
exports.handler = async (event) => event;
`,
  },
  {
    name: 'exit in the constructor of a class instantiated at module scope',
    filename: files.ts,
    code: `class Lambda {
  constructor() {
    if (!process.env.QUEUE_URL) process.exit(1);
  }

  async handler(event: unknown, _context: unknown) {
    return event;
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
  },

  // ───────────────────────── exits in listeners ─────────────────────────
  {
    name: 'exit in a module-level SIGTERM listener',
    filename: files.ts,
    code: `import { Pool } from 'pg';
const pool = new Pool();
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => pool.query('select 1');
`,
  },
  {
    name: 'exit in a SIGTERM listener registered inside the handler',
    filename: files.ts,
    code: `import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  process.on('SIGTERM', async () => {
    await client.end();
    process.exit(0);
  });
  return client.query('select 1');
};
`,
  },
  {
    name: 'exit in a SIGINT listener registered by a function the handler calls',
    filename: files.js,
    code: `function watchInterrupt() {
  process.once('SIGINT', () => process.exit(130));
}

export const handler = async () => {
  watchInterrupt();
};
`,
  },
  {
    name: 'exit in a beforeExit listener registered inside the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('beforeExit', () => process.exit(0));
};
`,
  },
  {
    name: 'exit in an exit listener inside the handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async () => {
  process.on('exit', (code) => {
    if (code !== 0) process.exit(code);
  });
};
`,
  },
  {
    name: 'exit in a listener given by name, declared in the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  const onTerm = async () => {
    console.log('bye');
    process.exit(0);
  };
  process.once('SIGTERM', onTerm);
};
`,
  },
  {
    name: 'exit in a module-level function that is a listener the handler registers',
    filename: files.ts,
    code: `async function shutdown() {
  process.exit(0);
}

export const handler = async () => {
  process.once('SIGTERM', shutdown);
};
`,
  },
  {
    name: 'exit in a helper the listener calls',
    filename: files.js,
    code: `function finish() {
  console.log('bye');
  process.exit(0);
}

process.on('SIGTERM', () => finish());

export const handler = async (event) => event;
`,
  },
  {
    name: 'exit in a module-level helper that a listener registered inside the handler calls',
    filename: files.ts,
    code: `function finish() {
  process.exit(0);
}

export const handler = async () => {
  process.once('SIGTERM', () => finish());
};
`,
  },
  {
    name: 'exit in a prependOnceListener listener in the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  process.prependOnceListener('SIGTERM', () => process.exit(0));
};
`,
  },
  {
    name: 'exit in a globalThis.process.once listener in the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  globalThis.process.once('SIGTERM', () => globalThis.process.exit(0));
};
`,
  },
  {
    name: 'exit in a listener added with once from node:process',
    filename: files.ts,
    code: `import { once, exit } from 'node:process';

export const handler = async () => {
  once('SIGTERM', () => exit(0));
};
`,
  },
  {
    name: 'exit in a Powertools class handler listener that uses this',
    filename: files.ts,
    code: `import { Client } from 'pg';

class Lambda {
  private client = new Client();

  public async handler(_event: unknown, _context: unknown) {
    process.on('SIGTERM', async () => {
      await this.client.end();
      process.exit(0);
    });
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
  },

  // ───────────────────────── functions no handler calls ─────────────────────────
  {
    name: 'a same-file function the handler never calls',
    filename: files.ts,
    code: `export function cli() {
  process.exit(1);
}

export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'a class method the handler never calls',
    filename: files.ts,
    code: `class Service {
  async handle(event: unknown) {
    return event;
  }

  die() {
    process.exit(1);
  }
}

const service = new Service();
export const handler = service.handle.bind(service);
`,
  },
  {
    name: 'a handler that only references a function without calling it',
    filename: files.js,
    code: `function die() {
  process.exit(1);
}

export const handler = async () => ({ name: die.name });
`,
  },

  // ───────────────────────── modules without a handler ─────────────────────────
  {
    name: 'a CLI script',
    filename: files.mjs,
    code: `import { readFile } from 'node:fs/promises';

async function main() {
  const config = JSON.parse(await readFile('config.json', 'utf8'));
  if (!config.table) process.exit(1);
}

main().catch(() => process.exit(1));
`,
  },
  {
    name: 'an export named main is not a handler without settings handlerNames',
    filename: files.ts,
    code: `export const main = async () => {
  process.exit(1);
};
`,
  },
  {
    name: 'a default-exported (req, res) route is not a Lambda handler',
    filename: files.js,
    code: `export default async function route(req, res) {
  if (!req.body) process.exit(1);
  res.json({ ok: true });
}
`,
  },
  {
    name: 'a CommonJS library module',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `function fatal(err) {
  console.error(err);
  process.exit(1);
}
module.exports = { fatal };
`,
  },

  // ───────────────────────── not process.exit() ─────────────────────────
  {
    name: 'process.exitCode = 1 in the handler',
    filename: files.ts,
    code: `export const handler = async (event: { ok: boolean }) => {
  if (!event.ok) process.exitCode = 1;
  return event;
};
`,
  },
  {
    name: 'throwing an error in the handler',
    filename: files.ts,
    code: `export const handler = async (event: { body?: string }) => {
  if (!event.body) throw new Error('missing body');
  return JSON.parse(event.body);
};
`,
  },
  {
    name: 'a same-file function named exit',
    filename: files.js,
    code: `function exit(code) {
  return { statusCode: code === 0 ? 200 : 500 };
}

export const handler = async (event) => exit(event.ok ? 0 : 1);
`,
  },
  {
    name: 'exit() of another object',
    filename: files.ts,
    code: `export const handler = async (event: { app: { exit(code: number): void } }) => {
  event.app.exit(1);
};
`,
  },
  {
    name: 'a local variable named process',
    filename: files.js,
    code: `export const handler = async (event) => {
  const process = { exit() {} };
  process.exit(1);
  return event;
};
`,
  },
  {
    name: 'process imported from a project module',
    filename: files.ts,
    code: `import { process } from './pipeline.js';
export const handler = async () => {
  process.exit(1);
};
`,
  },
  {
    name: 'process.exit mentioned in a string and a comment',
    filename: files.ts,
    code: `export const handler = async () => {
  // never call process.exit(1) here
  return { statusCode: 500, body: 'process.exit(1) is not allowed' };
};
`,
  },
];

/** The full rendered message of the pinned case. */
const MESSAGE =
  '`process.exit()` runs while a handler runs. ' +
  'Lambda fails the invocation with `Runtime.ExitError` and throws the execution environment away, so the next request pays a cold start. ' +
  'Return a response or throw an error instead.';

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used once to pin the wording. */
const renderedMessageError = {
  message: MESSAGE,
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 18,
  suggestions: [],
} as unknown as TestCaseError<MessageIds>;

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────────────────────── the message, pinned once ─────────────────────────
  {
    name: 'the rendered message text',
    filename: files.ts,
    code: `export const handler = async () => {
  process.exit(1);
};
`,
    errors: [
      renderedMessageError,
    ],
  },

  // ───────────────────────── real-world shapes ─────────────────────────
  {
    name: 'process.exit(1) on a validation error',
    filename: files.ts,
    code: `import type { APIGatewayProxyEvent } from 'aws-lambda';

export const handler = async (event: APIGatewayProxyEvent) => {
  if (!event.body) {
    console.error('missing body');
    process.exit(1);
  }
  const order = JSON.parse(event.body);
  return { statusCode: 200, body: JSON.stringify(order) };
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 20,
        suggestions: [],
      },
    ],
  },
  {
    name: 'an Express-to-Lambda adapter that exits on a fatal error (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const express = require('express');
const serverless = require('serverless-http');

const app = express();
app.get('/health', (req, res) => res.send('ok'));
const proxy = serverless(app);

module.exports.handler = async (event, context) => {
  try {
    return await proxy(event, context);
  } catch (err) {
    console.error('fatal', err);
    process.exit(1);
  }
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 13,
        column: 5,
        endLine: 13,
        endColumn: 20,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a handler that registers a SIGTERM listener and also exits itself: only the handler\'s own exit',
    filename: files.ts,
    code: `import { Client } from 'pg';

export const handler = async () => {
  const client = new Client();
  await client.connect();
  process.on('SIGTERM', async () => {
    await client.end();
    process.exit(0);
  });
  try {
    return await client.query('select 1');
  } catch (err) {
    process.exit(1);
  }
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 13,
        column: 5,
        endLine: 13,
        endColumn: 20,
        suggestions: [],
      },
    ],
  },
  {
    name: 'exit(0) after the work is done, in a callback handler',
    filename: files.js,
    languageOptions: commonjs,
    code: `exports.handler = function (event, context, callback) {
  callback(null, { statusCode: 200 });
  process.exit(0);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a watchdog timer in the handler',
    filename: files.ts,
    code: `export const handler = async (event: { work(): Promise<void> }) => {
  const watchdog = setTimeout(() => process.exit(2), 10_000);
  await event.work();
  clearTimeout(watchdog);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 37,
        endLine: 2,
        endColumn: 52,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a promise catch that exits',
    filename: files.mjs,
    code: `export const handler = async (event) => {
  return fetch(event.url).catch((err) => {
    console.error(err);
    process.exit(1);
  });
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 5,
        endLine: 4,
        endColumn: 20,
        suggestions: [],
      },
    ],
  },
  {
    name: 'an exit in finally',
    filename: files.ts,
    code: `export const handler = async () => {
  try {
    return await Promise.resolve(1);
  } finally {
    process.exit();
  }
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 19,
        suggestions: [],
      },
    ],
  },
  {
    name: 'two exits, two reports',
    filename: files.js,
    code: `export const handler = async (event) => {
  if (!event.id) process.exit(1);
  if (!event.name) process.exit(2);
  return event;
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 18,
        endLine: 2,
        endColumn: 33,
        suggestions: [],
      },
      {
        messageId: 'exitInHandler',
        line: 3,
        column: 20,
        endLine: 3,
        endColumn: 35,
        suggestions: [],
      },
    ],
  },

  // ───────────────────────── every spelling of process.exit ─────────────────────────
  {
    name: 'process imported from node:process',
    filename: files.ts,
    code: `import process from 'node:process';

export const handler = async () => {
  process.exit(1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 18,
        suggestions: [],
      },
    ],
  },
  {
    name: 'exit imported by name from node:process',
    filename: files.ts,
    code: `import { exit } from 'node:process';

export const handler = async () => {
  exit(1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 10,
        suggestions: [],
      },
    ],
  },
  {
    name: 'exit destructured from require(process) (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { exit } = require('process');

exports.handler = async () => {
  exit(1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 10,
        suggestions: [],
      },
    ],
  },
  {
    name: 'globalThis.process.exit',
    filename: files.ts,
    code: `export const handler = async () => {
  globalThis.process.exit(1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 29,
        suggestions: [],
      },
    ],
  },
  {
    name: 'process required from node:process (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');

exports.handler = async () => {
  process.exit(1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 18,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a computed member: process[\'exit\']',
    filename: files.ts,
    code: `export const handler = async () => {
  process['exit'](1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 21,
        suggestions: [],
      },
    ],
  },

  // ───────────────────────── handler export forms ─────────────────────────
  {
    name: 'exports.handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async (event) => {
  if (!event) process.exit(1);
  return event;
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  {
    name: 'module.exports = { handler } (CommonJS)',
    filename: files.js,
    languageOptions: commonjs,
    code: `async function handler(event) {
  if (!event) process.exit(1);
  return event;
}

module.exports = { handler };
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  {
    name: 'export { main as handler }',
    filename: files.mjs,
    code: `async function main(event) {
  if (!event) process.exit(1);
  return event;
}

export { main as handler };
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  {
    name: 'export default function handler',
    filename: files.js,
    code: `export default async function handler(event) {
  if (!event) process.exit(1);
  return event;
}
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  {
    name: 'middy: the wrapped base handler',
    filename: files.ts,
    code: `import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';

const baseHandler = async (event: { body?: string }) => {
  if (!event.body) process.exit(1);
  return { statusCode: 200 };
};

export const handler = middy(baseHandler).use(httpErrorHandler());
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 5,
        column: 20,
        endLine: 5,
        endColumn: 35,
        suggestions: [],
      },
    ],
  },
  {
    name: 'Powertools class handler exported with .bind',
    filename: files.ts,
    code: `import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';

class Lambda implements LambdaInterface {
  public async handler(event: { id?: string }, _context: unknown) {
    if (!event.id) process.exit(1);
    return event.id;
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 5,
        column: 20,
        endLine: 5,
        endColumn: 35,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a handler typed with an aws-lambda handler type under another export name',
    filename: files.ts,
    code: `import type { SQSHandler } from 'aws-lambda';

export const consume: SQSHandler = async (event) => {
  if (event.Records.length === 0) process.exit(0);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 35,
        endLine: 4,
        endColumn: 50,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a function with aws-lambda parameter types under another export name',
    filename: files.ts,
    code: `import type { S3Event, Context } from 'aws-lambda';

export async function processUpload(event: S3Event, context: Context) {
  if (context.getRemainingTimeInMillis() < 1000) process.exit(1);
  return event.Records.length;
}
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 50,
        endLine: 4,
        endColumn: 65,
        suggestions: [],
      },
    ],
  },
  {
    name: 'lambdaHandler (the SAM template name)',
    filename: files.mjs,
    code: `export const lambdaHandler = async (event) => {
  if (!event) process.exit(1);
  return { statusCode: 200 };
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 15,
        endLine: 2,
        endColumn: 30,
        suggestions: [],
      },
    ],
  },
  {
    name: 'an export named in settings handlerNames',
    filename: files.ts,
    settings: { 'lambda-shutdown': { handlerNames: ['main'] } },
    code: `export const main = async () => {
  process.exit(1);
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 18,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a TSX handler',
    filename: files.tsx,
    code: `import { renderToString } from 'react-dom/server';

export const handler = async () => {
  const html = renderToString(<main>hello</main>);
  if (!html) process.exit(1);
  return { statusCode: 200, body: html };
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 29,
        suggestions: [],
      },
    ],
  },

  // ───────────────────────── indirect: same-file functions, class methods, callbacks ─────────────────────────
  {
    name: 'a same-file function the handler calls (one call deep)',
    filename: files.ts,
    code: `function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

export const handler = async (event: { id?: string }) => {
  if (!event.id) fail('missing id');
  return event.id;
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
        suggestions: [],
      },
    ],
  },
  {
    name: 'two calls deep',
    filename: files.js,
    code: `const validate = (event) => {
  if (!event.id) abort();
};

function abort() {
  process.exit(1);
}

export const handler = async (event) => {
  validate(event);
  return event.id;
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 18,
        suggestions: [],
      },
    ],
  },
  {
    name: 'three calls deep, declared after the handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async (event) => {
  await run(event);
};

async function run(event) {
  await step(event);
}

async function step(event) {
  check(event);
}

function check(event) {
  if (!event.ok) process.exit(3);
}
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 14,
        column: 18,
        endLine: 14,
        endColumn: 33,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a class handler method calling this.validate()',
    filename: files.ts,
    code: `class OrdersHandler {
  async handle(event: { id?: string }) {
    this.validate(event);
    return event.id;
  }

  private validate(event: { id?: string }) {
    if (!event.id) process.exit(1);
  }
}

const orders = new OrdersHandler();
export const handler = orders.handle.bind(orders);
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 8,
        column: 20,
        endLine: 8,
        endColumn: 35,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a callback: records.map(processRecord)',
    filename: files.ts,
    code: `import type { SQSEvent, SQSRecord } from 'aws-lambda';

function processRecord(record: SQSRecord) {
  if (!record.body) process.exit(1);
  return JSON.parse(record.body);
}

export const handler = async (event: SQSEvent) => event.Records.map(processRecord);
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 4,
        column: 21,
        endLine: 4,
        endColumn: 36,
        suggestions: [],
      },
    ],
  },
  {
    name: 'an arrow callback in the handler: forEach',
    filename: files.js,
    code: `export const handler = async (event) => {
  event.Records.forEach((record) => {
    if (!record.body) process.exit(1);
  });
};
`,
    errors: [
      {
        messageId: 'exitInHandler',
        line: 3,
        column: 23,
        endLine: 3,
        endColumn: 38,
        suggestions: [],
      },
    ],
  },
];

ruleTester.run('no-process-exit-in-handler', rule, { valid: [...valid, ...regressionValid], invalid: [...invalid, ...regressionInvalid] });
