/**
 * RuleTester suite for `no-signal-listener-in-handler`: a `process.on|once|addListener|prependListener|
 * prependOnceListener` for a signal, `exit` or `beforeExit` that runs while a Lambda handler runs (in the handler,
 * in a callback nested in it, or in a same-file function it calls: directly, as `this.method()` in a handler class,
 * or as a callback) adds one more listener per invocation.
 *
 * Every invalid case asserts the message id, its data, the full range of the report and the exact suggestions
 * (`suggestions: []` when the listener captures something of the invocation, or is not a statement of its own).
 * Cases the rule gets wrong today live in `no-signal-listener-in-handler.pending.ts`, with the spec's expectation.
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-signal-listener-in-handler.js';
import type { MessageIds, Options } from '../../rules/no-signal-listener-in-handler.js';
import { commonjs, files, ruleTester } from './tester.js';
import { regressionInvalid, regressionValid } from './no-signal-listener-in-handler.regressions.js';

const valid: ValidTestCase<Options>[] = [
  // ───────────────────────── module-level listeners ─────────────────────────
  {
    name: 'process.on at module scope of a handler module',
    filename: files.ts,
    code: `import { Pool } from 'pg';
const pool = new Pool();
process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => pool.query('select 1');
`,
  },
  {
    name: 'process.once at module scope (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.once('SIGTERM', () => process.exit(0));
exports.handler = async (event) => event;
`,
  },
  {
    name: 'process.addListener at module scope',
    filename: files.js,
    code: `process.addListener('SIGINT', () => process.exit(130));
export const handler = async (event) => event;
`,
  },
  {
    name: 'process.prependListener at module scope',
    filename: files.mjs,
    code: `process.prependListener('SIGTERM', () => console.log('first'));
export const handler = async (event) => event;
`,
  },
  {
    name: 'process.prependOnceListener at module scope',
    filename: files.ts,
    code: `process.prependOnceListener('SIGTERM', () => console.log('first'));
export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'exit and beforeExit at module scope',
    filename: files.ts,
    code: `process.on('exit', (code) => console.log(code));
process.once('beforeExit', () => console.log('idle'));
export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'node:process import at module scope',
    filename: files.ts,
    code: `import process from 'node:process';
process.once('SIGTERM', () => process.exit(0));
export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'globalThis.process at module scope',
    filename: files.ts,
    code: `globalThis.process.once('SIGTERM', () => process.exit(0));
export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'a module-level listener registered in an init function called at module scope',
    filename: files.ts,
    code: `function installShutdownHook() {
  process.once('SIGTERM', () => process.exit(0));
}
installShutdownHook();
export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'a listener in a module-level IIFE',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `(() => {
  process.on('SIGTERM', () => process.exit(0));
})();
module.exports.handler = async (event) => event;
`,
  },
  {
    name: 'a listener after top-level await of an init function (ESM)',
    filename: files.mjs,
    code: `async function init() {
  process.once('SIGTERM', () => process.exit(0));
}
await init();
export const handler = async (event) => event;
`,
  },
  {
    name: 'a listener in the constructor of a Powertools class instantiated at module scope',
    filename: files.ts,
    code: `import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';

class Lambda implements LambdaInterface {
  constructor() {
    process.once('SIGTERM', () => process.exit(0));
  }

  public async handler(event: unknown, _context: unknown) {
    return event;
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
  },
  {
    name: 'a listener in a module-level CLI guard (local runs)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const app = require('./app');
if (require.main === module) {
  app.listen(3000);
  process.on('SIGINT', () => process.exit(130));
}
exports.handler = async (event) => app.handle(event);
`,
  },
  {
    name: 'a listener in a callback of a module-level call',
    filename: files.js,
    code: `import { Pool } from 'pg';
const pool = new Pool();
pool.connect().then(() => {
  process.once('SIGTERM', () => pool.end());
});
export const handler = async () => pool.query('select 1');
`,
  },

  // ───────────────────────── functions no handler calls ─────────────────────────
  {
    name: 'a same-file function the handler never calls',
    filename: files.ts,
    code: `export function registerShutdown() {
  process.once('SIGTERM', () => process.exit(0));
}

export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'a function called only by a module-level listener',
    filename: files.ts,
    code: `function lastWords() {
  process.once('exit', () => console.log('exited'));
}

process.once('SIGTERM', () => {
  lastWords();
  process.exit(0);
});

export const handler = async (event: unknown) => event;
`,
  },
  {
    name: 'a class method the handler method never calls',
    filename: files.ts,
    code: `class Service {
  async handle(event: unknown) {
    return event;
  }

  installHooks() {
    process.on('SIGTERM', () => process.exit(0));
  }
}

const service = new Service();
service.installHooks();
export const handler = service.handle.bind(service);
`,
  },
  {
    name: 'a handler that only references a function without calling it',
    filename: files.js,
    code: `function registerShutdown() {
  process.once('SIGTERM', () => process.exit(0));
}

export const handler = async () => ({ hook: registerShutdown.name });
`,
  },

  // ───────────────────────── modules without a handler ─────────────────────────
  {
    name: 'a library module that registers listeners in an exported function',
    filename: files.ts,
    code: `export function start(server: { close(): void }) {
  process.on('SIGTERM', () => server.close());
  process.on('SIGINT', () => server.close());
}
`,
  },
  {
    name: 'an export named main is not a handler without settings handlerNames',
    filename: files.ts,
    code: `export const main = async () => {
  process.once('SIGTERM', () => process.exit(0));
};
`,
  },
  {
    name: 'a default-exported (req, res) route is not a Lambda handler',
    filename: files.js,
    code: `export default async function route(req, res) {
  process.once('SIGTERM', () => res.end());
  res.json({ ok: true });
}
`,
  },
  {
    name: 'a CommonJS module exporting a server starter',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `function startServer(app) {
  const server = app.listen(3000);
  process.on('SIGTERM', () => server.close());
}
module.exports = { startServer };
`,
  },

  // ───────────────────────── other events and other calls ─────────────────────────
  {
    name: 'uncaughtException in the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  process.on('uncaughtException', (err) => console.error(err));
};
`,
  },
  {
    name: 'unhandledRejection in the handler',
    filename: files.js,
    code: `export const handler = async () => {
  process.once('unhandledRejection', (reason) => console.error(reason));
};
`,
  },
  {
    name: 'message in the handler',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async (event) => {
  process.on('message', (msg) => console.log(msg));
  return event;
};
`,
  },
  {
    name: 'warning in a function the handler calls',
    filename: files.ts,
    code: `function watchWarnings() {
  process.on('warning', (w) => console.warn(w.name));
}
export const handler = async () => {
  watchWarnings();
};
`,
  },
  {
    name: 'removing listeners in the handler',
    filename: files.ts,
    code: `function onTerm() {
  process.exit(0);
}
process.on('SIGTERM', onTerm);
export const handler = async () => {
  process.removeListener('SIGTERM', onTerm);
  process.off('SIGTERM', onTerm);
  process.removeAllListeners('SIGINT');
};
`,
  },
  {
    name: 'counting listeners and emitting in the handler',
    filename: files.ts,
    code: `export const handler = async () => {
  if (process.listenerCount('SIGTERM') === 0) console.warn('no SIGTERM hook');
  process.emit('SIGUSR2' as never);
};
`,
  },
  {
    name: 'an on(SIGTERM) of another emitter',
    filename: files.ts,
    code: `import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
export const handler = async () => {
  bus.on('SIGTERM', () => console.log('not a process signal'));
};
`,
  },
  {
    name: 'a local variable named process',
    filename: files.js,
    code: `export const handler = async (event) => {
  const process = { on() {} };
  process.on('SIGTERM', () => {});
  return event;
};
`,
  },
  {
    name: 'process imported from a project module',
    filename: files.ts,
    code: `import { process } from './pipeline.js';
export const handler = async () => {
  process.on('SIGTERM', () => {});
};
`,
  },
];

/** The full rendered message of the pinned case. */
const MESSAGE =
  '`process.once(\'SIGTERM\', …)` runs on every invocation, so each invocation adds one more listener. ' +
  'Lambda reuses the process for many invocations: after ten Node warns `MaxListenersExceededWarning`, and at SIGTERM every copy runs, each closing the same resources again. ' +
  'Register the listener once, at module scope.';

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used once to pin the wording. */
const renderedMessageError = {
  message: MESSAGE,
  line: 2,
  column: 3,
  endLine: 2,
  endColumn: 49,
  suggestions: [
    {
      messageId: 'moveToModuleScope',
      output: `process.once('SIGTERM', () => process.exit(0));

export const handler = async () => {
  return { statusCode: 200 };
};
`,
    },
  ],
} as unknown as TestCaseError<MessageIds>;

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────────────────────── the message, pinned once ─────────────────────────
  {
    name: 'the rendered message text',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0));
  return { statusCode: 200 };
};
`,
    errors: [
      renderedMessageError,
    ],
  },

  // ───────────────────────── real-world shapes ─────────────────────────
  {
    name: 'a handler that registers a SIGTERM listener closing the client it just created: no suggestion (captures client)',
    filename: files.ts,
    code: `import { Client } from 'pg';

export const handler = async (event: { id: string }) => {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  process.on('SIGTERM', async () => {
    await client.end();
    process.exit(0);
  });
  const { rows } = await client.query('select * from orders where id = $1', [event.id]);
  return rows;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 6,
        column: 3,
        endLine: 9,
        endColumn: 5,
        suggestions: [],
      },
    ],
  },
  {
    name: 'the same in CommonJS with a mysql2 connection',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const mysql = require('mysql2/promise');

exports.handler = async (event) => {
  const connection = await mysql.createConnection(process.env.DATABASE_URL);
  process.once('SIGTERM', async () => {
    await connection.end();
    process.exit(0);
  });
  const [rows] = await connection.query('select 1');
  return rows;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 5,
        column: 3,
        endLine: 8,
        endColumn: 5,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a listener that logs the invocation event: no suggestion (captures event)',
    filename: files.js,
    code: `export const handler = async (event) => {
  process.on('SIGTERM', () => console.log('shutting down during', event.requestContext.requestId));
  return { statusCode: 200 };
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 99,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a listener that uses context: no suggestion (captures context)',
    filename: files.ts,
    code: `import type { Context } from 'aws-lambda';

export const handler = async (event: unknown, context: Context) => {
  process.once('SIGTERM', () => console.log(context.awsRequestId));
  return event;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 67,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a listener that only uses a module-scope pool: moved to module scope',
    filename: files.ts,
    code: `import { Pool } from 'pg';

const pool = new Pool();

export const handler = async () => {
  process.once('SIGTERM', async () => {
    await pool.end();
    process.exit(0);
  });
  return pool.query('select 1');
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 6,
        column: 3,
        endLine: 9,
        endColumn: 5,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import { Pool } from 'pg';

const pool = new Pool();

process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

export const handler = async () => {
  return pool.query('select 1');
};
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── every registration method ─────────────────────────
  {
    name: 'process.on',
    filename: files.ts,
    code: `export const handler = async () => {
  process.on('SIGTERM', () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGTERM', () => process.exit(0));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'process.once',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => process.exit(0));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'process.addListener',
    filename: files.ts,
    code: `export const handler = async () => {
  process.addListener('SIGINT', () => process.exit(130));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'addListener', event: 'SIGINT' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 57,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.addListener('SIGINT', () => process.exit(130));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'process.prependListener',
    filename: files.ts,
    code: `export const handler = async () => {
  process.prependListener('SIGTERM', () => console.log('first'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'prependListener', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 65,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.prependListener('SIGTERM', () => console.log('first'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'process.prependOnceListener',
    filename: files.ts,
    code: `export const handler = async () => {
  process.prependOnceListener('SIGTERM', () => console.log('first, once'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'prependOnceListener', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 75,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.prependOnceListener('SIGTERM', () => console.log('first, once'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── every shutdown event ─────────────────────────
  {
    name: 'SIGHUP',
    filename: files.js,
    code: `export const handler = async () => {
  process.on('SIGHUP', () => console.log('hangup'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGHUP' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGHUP', () => console.log('hangup'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'SIGUSR2',
    filename: files.js,
    code: `export const handler = async () => {
  process.on('SIGUSR2', () => console.log('usr2'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGUSR2' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 51,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGUSR2', () => console.log('usr2'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'exit',
    filename: files.ts,
    code: `export const handler = async () => {
  process.on('exit', (code) => console.log('exiting with', code));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'exit' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 66,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('exit', (code) => console.log('exiting with', code));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'beforeExit',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('beforeExit', () => console.log('before exit'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'beforeExit' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 63,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('beforeExit', () => console.log('before exit'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'an event written as a template literal',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once(\`SIGTERM\`, () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once(\`SIGTERM\`, () => process.exit(0));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── every spelling of process ─────────────────────────
  {
    name: 'process imported from node:process',
    filename: files.ts,
    code: `import process from 'node:process';

export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import process from 'node:process';

process.once('SIGTERM', () => process.exit(0));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'once imported by name from node:process',
    filename: files.ts,
    code: `import { once } from 'node:process';

export const handler = async () => {
  once('SIGTERM', () => console.log('bye'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 44,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import { once } from 'node:process';

once('SIGTERM', () => console.log('bye'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a namespace import of process',
    filename: files.mjs,
    code: `import * as proc from 'process';

export const handler = async () => {
  proc.on('SIGINT', () => console.log('bye'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGINT' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 46,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import * as proc from 'process';

proc.on('SIGINT', () => console.log('bye'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'process required from node:process (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');

exports.handler = async () => {
  process.on('SIGTERM', () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 47,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `const process = require('node:process');

process.on('SIGTERM', () => process.exit(0));

exports.handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'globalThis.process',
    filename: files.ts,
    code: `export const handler = async () => {
  globalThis.process.once('SIGTERM', () => console.log('bye'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 63,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `globalThis.process.once('SIGTERM', () => console.log('bye'));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── handler export forms ─────────────────────────
  {
    name: 'exports.handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async function (event) {
  process.on('SIGTERM', () => console.log('bye'));
  return event;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGTERM', () => console.log('bye'));

exports.handler = async function (event) {
  return event;
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'module.exports = { handler } with a function declaration (CommonJS)',
    filename: files.js,
    languageOptions: commonjs,
    code: `async function handler(event) {
  process.on('SIGTERM', () => console.log('bye'));
  return event;
}

module.exports = { handler };
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGTERM', () => console.log('bye'));

async function handler(event) {
  return event;
}

module.exports = { handler };
`,
          },
        ],
      },
    ],
  },
  {
    name: 'module.exports.handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `module.exports.handler = async (event, context) => {
  process.once('SIGTERM', () => context.getRemainingTimeInMillis());
  return event;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 68,
        suggestions: [],
      },
    ],
  },
  {
    name: 'export { main as handler }',
    filename: files.mjs,
    code: `async function main(event) {
  process.once('SIGTERM', () => console.log('bye'));
  return event;
}

export { main as handler };
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => console.log('bye'));

async function main(event) {
  return event;
}

export { main as handler };
`,
          },
        ],
      },
    ],
  },
  {
    name: 'export default function handler',
    filename: files.js,
    code: `export default async function handler(event) {
  process.once('SIGTERM', () => console.log('bye'));
  return event;
}
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => console.log('bye'));

export default async function handler(event) {
  return event;
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'middy: the wrapped base handler',
    filename: files.ts,
    code: `import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';

const baseHandler = async (event: { body: unknown }) => {
  process.once('SIGTERM', () => console.log('bye'));
  return { statusCode: 200, body: JSON.stringify(event.body) };
};

export const handler = middy(baseHandler).use(httpJsonBodyParser());
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import middy from '@middy/core';
import httpJsonBodyParser from '@middy/http-json-body-parser';

process.once('SIGTERM', () => console.log('bye'));

const baseHandler = async (event: { body: unknown }) => {
  return { statusCode: 200, body: JSON.stringify(event.body) };
};

export const handler = middy(baseHandler).use(httpJsonBodyParser());
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Powertools class handler exported with .bind: no suggestion (the listener uses this)',
    filename: files.ts,
    code: `import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';
import { Client } from 'pg';

class Lambda implements LambdaInterface {
  private client = new Client();

  public async handler(event: unknown, context: unknown): Promise<void> {
    await this.client.connect();
    process.on('SIGTERM', async () => {
      await this.client.end();
    });
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 9,
        column: 5,
        endLine: 11,
        endColumn: 7,
        suggestions: [],
      },
    ],
  },
  {
    name: 'Powertools class handler: a listener that captures nothing moves before the class',
    filename: files.ts,
    code: `import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';

class Lambda implements LambdaInterface {
  public async handler(_event: unknown, _context: unknown): Promise<void> {
    process.once('SIGTERM', () => console.log('bye'));
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 54,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import type { LambdaInterface } from '@aws-lambda-powertools/commons/types';

process.once('SIGTERM', () => console.log('bye'));

class Lambda implements LambdaInterface {
  public async handler(_event: unknown, _context: unknown): Promise<void> {
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a handler typed with an aws-lambda handler type under another export name',
    filename: files.ts,
    code: `import type { SQSHandler } from 'aws-lambda';

export const consume: SQSHandler = async (event) => {
  process.on('SIGTERM', () => console.log('bye'));
  for (const record of event.Records) console.log(record.body);
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import type { SQSHandler } from 'aws-lambda';

process.on('SIGTERM', () => console.log('bye'));

export const consume: SQSHandler = async (event) => {
  for (const record of event.Records) console.log(record.body);
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a function with aws-lambda parameter types under another export name',
    filename: files.ts,
    code: `import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

export async function getOrder(event: APIGatewayProxyEvent, context: Context) {
  process.once('SIGTERM', () => console.log('bye'));
  return { statusCode: 200, body: event.body ?? '' };
}
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import type { APIGatewayProxyEvent, Context } from 'aws-lambda';

process.once('SIGTERM', () => console.log('bye'));

export async function getOrder(event: APIGatewayProxyEvent, context: Context) {
  return { statusCode: 200, body: event.body ?? '' };
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'lambdaHandler (the SAM template name)',
    filename: files.mjs,
    code: `export const lambdaHandler = async (event) => {
  process.once('SIGTERM', () => console.log('bye'));
  return { statusCode: 200 };
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => console.log('bye'));

export const lambdaHandler = async (event) => {
  return { statusCode: 200 };
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'an export named in settings handlerNames',
    filename: files.ts,
    settings: { 'lambda-shutdown': { handlerNames: ['main'] } },
    code: `export const main = async () => {
  process.once('SIGTERM', () => console.log('bye'));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => console.log('bye'));

export const main = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a TSX handler',
    filename: files.tsx,
    code: `import { renderToString } from 'react-dom/server';

export const handler = async () => {
  process.once('SIGTERM', () => console.log('bye'));
  return { statusCode: 200, body: renderToString(<main>hello</main>) };
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import { renderToString } from 'react-dom/server';

process.once('SIGTERM', () => console.log('bye'));

export const handler = async () => {
  return { statusCode: 200, body: renderToString(<main>hello</main>) };
};
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── indirect: same-file functions, class methods, callbacks ─────────────────────────
  {
    name: 'a same-file function the handler calls (one call deep): moved before that function',
    filename: files.ts,
    code: `function registerShutdown() {
  process.once('SIGTERM', () => process.exit(0));
}

export const handler = async () => {
  registerShutdown();
  return { statusCode: 200 };
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => process.exit(0));

function registerShutdown() {
}

export const handler = async () => {
  registerShutdown();
  return { statusCode: 200 };
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'two calls deep',
    filename: files.js,
    code: `import { Pool } from 'pg';

const pool = new Pool();

const registerShutdown = () => {
  process.on('SIGTERM', async () => {
    await pool.end();
    process.exit(0);
  });
};

async function init() {
  registerShutdown();
  await pool.query('select 1');
}

export const handler = async () => {
  await init();
  return pool.query('select now()');
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 6,
        column: 3,
        endLine: 9,
        endColumn: 5,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `import { Pool } from 'pg';

const pool = new Pool();

process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});

const registerShutdown = () => {
};

async function init() {
  registerShutdown();
  await pool.query('select 1');
}

export const handler = async () => {
  await init();
  return pool.query('select now()');
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'three calls deep, declared after the handler (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `exports.handler = async (event) => {
  await setup(event);
  return { ok: true };
};

async function setup(event) {
  connect(event.region);
}

function connect(region) {
  watch(region);
}

function watch(region) {
  process.on('SIGINT', () => console.log('interrupted in', region));
}
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGINT' },
        line: 15,
        column: 3,
        endLine: 15,
        endColumn: 68,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a class handler method calling this.registerShutdown()',
    filename: files.ts,
    code: `class OrdersHandler {
  async handle(event: { id: string }) {
    this.registerShutdown();
    return event.id;
  }

  registerShutdown() {
    process.once('SIGTERM', () => console.log('bye'));
  }
}

const orders = new OrdersHandler();
export const handler = orders.handle.bind(orders);
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 54,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => console.log('bye'));

class OrdersHandler {
  async handle(event: { id: string }) {
    this.registerShutdown();
    return event.id;
  }

  registerShutdown() {
  }
}

const orders = new OrdersHandler();
export const handler = orders.handle.bind(orders);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a class handler calling an arrow-function class property',
    filename: files.ts,
    code: `class Worker {
  handler = async () => {
    this.onShutdown();
  };

  onShutdown = () => {
    process.on('SIGTERM', () => console.log('bye'));
  };
}

const worker = new Worker();
export const handler = worker.handler.bind(worker);
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGTERM', () => console.log('bye'));

class Worker {
  handler = async () => {
    this.onShutdown();
  };

  onShutdown = () => {
  };
}

const worker = new Worker();
export const handler = worker.handler.bind(worker);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a callback: records.map(processRecord), the listener captures the record',
    filename: files.ts,
    code: `import type { SQSEvent, SQSRecord } from 'aws-lambda';

function processRecord(record: SQSRecord) {
  process.once('SIGTERM', () => console.log('unfinished', record.messageId));
  return record.body;
}

export const handler = async (event: SQSEvent) => {
  return event.Records.map(processRecord);
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 77,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a callback passed to then()',
    filename: files.js,
    code: `function watchShutdown() {
  process.once('SIGTERM', () => console.log('bye'));
}

export const handler = async () => {
  await Promise.resolve().then(watchShutdown);
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => console.log('bye'));

function watchShutdown() {
}

export const handler = async () => {
  await Promise.resolve().then(watchShutdown);
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a nested callback inside the handler: resolve is captured',
    filename: files.ts,
    code: `export const handler = async () => {
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    setTimeout(() => resolve('timeout'), 1000);
  });
  return signal;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 54,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a computed member: process[\'on\']',
    filename: files.ts,
    code: `export const handler = async () => {
  process['on']('SIGTERM', () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process['on']('SIGTERM', () => process.exit(0));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'CRLF line endings are kept',
    filename: files.ts,
    code: `export const handler = async () => {\r
  process.once('SIGTERM', () => process.exit(0));\r
  return 1;\r
};\r
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => process.exit(0));\r
\r
export const handler = async () => {\r
  return 1;\r
};\r
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── suggestion shapes ─────────────────────────
  {
    name: 'a listener given by name: a module-level function moves with it',
    filename: files.ts,
    code: `async function shutdown() {
  console.log('bye');
  process.exit(0);
}

export const handler = async () => {
  process.once('SIGTERM', shutdown);
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 7,
        column: 3,
        endLine: 7,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `async function shutdown() {
  console.log('bye');
  process.exit(0);
}

process.once('SIGTERM', shutdown);

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a listener given by name: a function declared in the handler is captured',
    filename: files.ts,
    code: `export const handler = async () => {
  const shutdown = () => process.exit(0);
  process.once('SIGTERM', shutdown);
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 36,
        suggestions: [],
      },
    ],
  },
  {
    name: 'a listener whose own parameter shadows event: nothing captured',
    filename: files.ts,
    code: `export const handler = async (event: unknown) => {
  process.on('exit', (event) => console.log(event));
  return event;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'exit' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 52,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('exit', (event) => console.log(event));

export const handler = async (event: unknown) => {
  return event;
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a trailing comment moves with the statement',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0)); // exit on shutdown
  return 1;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => process.exit(0)); // exit on shutdown

export const handler = async () => {
  return 1;
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a listener as the last statement in an indented block: de-indented',
    filename: files.ts,
    code: `export const handler = async (event: { warm?: boolean }) => {
  if (!event.warm) {
    process.once('SIGTERM', () => {
      console.log('cold start shutdown');
      process.exit(0);
    });
  }
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 3,
        column: 5,
        endLine: 6,
        endColumn: 7,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => {
  console.log('cold start shutdown');
  process.exit(0);
});

export const handler = async (event: { warm?: boolean }) => {
  if (!event.warm) {
  }
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'tab indentation',
    filename: files.js,
    code: `export const handler = async () => {
\tprocess.once('SIGTERM', () => {
\t\tprocess.exit(0);
\t});
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 2,
        endLine: 4,
        endColumn: 4,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => {
\tprocess.exit(0);
});

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'two listeners, each with its own suggestion',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0));
  process.once('SIGINT', () => process.exit(130));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => process.exit(0));

export const handler = async () => {
  process.once('SIGINT', () => process.exit(130));
};
`,
          },
        ],
      },
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGINT' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 50,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGINT', () => process.exit(130));

export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0));
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'not a statement of its own: assigned',
    filename: files.ts,
    code: `export const handler = async () => {
  const emitter = process.once('SIGTERM', () => process.exit(0));
  return emitter.listenerCount('SIGTERM');
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 19,
        endLine: 2,
        endColumn: 65,
        suggestions: [],
      },
    ],
  },
  {
    name: 'not a statement of its own: an if on the same line',
    filename: files.js,
    code: `export const handler = async (event) => {
  if (event.local) process.once('SIGINT', () => process.exit(130));
  return event;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGINT' },
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 67,
        suggestions: [],
      },
    ],
  },
  {
    name: 'not a statement of its own: an arrow body',
    filename: files.js,
    code: `export const handler = async (event) => {
  const register = () => process.once('SIGINT', () => process.exit(130));
  register();
  return event;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGINT' },
        line: 2,
        column: 26,
        endLine: 2,
        endColumn: 73,
        suggestions: [],
      },
    ],
  },
];

ruleTester.run('no-signal-listener-in-handler', rule, { valid: [...valid, ...regressionValid], invalid: [...invalid, ...regressionInvalid] });
