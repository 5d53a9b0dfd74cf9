/**
 * RuleTester suite for `exit-after-cleanup`: a SIGTERM listener must let its cleanup settle and then end the process.
 *
 * - `neverExits`: a SIGTERM listener of this file that never calls `process.exit()` (nor re-raises), reported at the
 *   registration, with the `addExit` suggestion for a block-bodied listener.
 * - `exitsEarly`: a `process.exit()` (in a SIGTERM or SIGINT listener, or a same-file function it calls) that can run
 *   before a cleanup promise started before it settles, reported at the exit, with the `awaitCleanup` suggestion.
 *
 * Every invalid case asserts the exact message id, the report's start, `data` where the message has some, and the
 * full output of each suggestion (`suggestions: []` when there is none). Cases the rule gets wrong today live in
 * `exit-after-cleanup.pending.ts`, with the expectation the spec asks for.
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/exit-after-cleanup.js';
import type { MessageIds, Options } from '../../rules/exit-after-cleanup.js';
import { commonjs, files, ruleTester } from './tester.js';
import { regressionInvalid, regressionValid } from './exit-after-cleanup.regressions.js';

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used once per message to pin the wording. */
function byMessage(error: Omit<TestCaseError<MessageIds>, 'messageId' | 'data'> & { message: string }): TestCaseError<MessageIds> {
  return error as unknown as TestCaseError<MessageIds>;
}

const NEVER_EXITS_MESSAGE =
  'This SIGTERM listener never ends the process. ' +
  "Adding a SIGTERM listener removes Node's default exit, so the process waits for SIGKILL on Lambda and hangs in a container. " +
  "End the process with `process.removeAllListeners('SIGTERM')` and a re-raise, `process.kill(process.pid, 'SIGTERM')` (`process.exit()` does not return under the runtime client) once the cleanup has settled.";

const EXITS_EARLY_POOL_MESSAGE =
  '`process.exit()` can run before `pool.end()` settles. ' +
  'It ends the process at once, and Lambda then ends the environment for good: the close is cut off and whatever it was flushing is lost. ' +
  'Await the cleanup first, or end the process in its `.finally()`.';

const valid: ValidTestCase<Options>[] = [
  // ───────────────────────── calls that return nothing to wait for (issue 13 false positive) ─────────────────────────
  {
    name: 'process.disconnect() before the exit: it closes the IPC channel at once, there is nothing to await',
    filename: files.js,
    code: `process.on('SIGTERM', () => {
  if (process.disconnect) process.disconnect();
  process.exit(0);
});
export const handler = async () => 'ok';
`,
  },
  // ───────────────────────── cleanup settles, then the process exits ─────────────────────────
  {
    name: 'the aws-samples graceful-shutdown listener (sleep placeholder, then exit)',
    filename: files.js,
    code: `process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');
  console.info('[runtime] cleaning up');
  await new Promise(r => setTimeout(r, 200));
  console.info('[runtime] exiting');
  process.exit(0)
})
`,
  },
  {
    name: 'await pool.end(), then exit (pg, TS)',
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
    name: 'exit in the .finally() of a same-file async cleanup',
    filename: files.ts,
    code: `async function cleanup() {
  await pool.end();
  await redis.quit();
}
process.once('SIGTERM', () => {
  cleanup().finally(() => process.exit(0));
});
`,
  },
  {
    name: 'exit in the .then() of Promise.allSettled',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  Promise.allSettled([pool.end(), redis.quit()]).then(() => process.exit(0));
});
`,
  },
  {
    name: 'exit in the callback of server.close',
    filename: files.js,
    code: `process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
`,
  },
  {
    name: 'exit in the callback of pool.end(cb)',
    filename: files.js,
    code: `process.on('SIGTERM', () => {
  pool.end(() => {
    process.exit(0);
  });
});
`,
  },
  {
    name: 'exit in both handlers of .then(onFulfilled, onRejected)',
    filename: files.ts,
    code: `const cleanup = async () => {
  await pool.end();
};
process.once('SIGTERM', () => {
  cleanup().then(() => process.exit(0), () => process.exit(1));
});
`,
  },
  {
    name: 'a guard timer that exits, beside awaited cleanup',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 250).unref();
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'a guard timer with a block body, beside awaited cleanup',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  const timer = setTimeout(() => {
    process.exit(1);
  }, 250);
  timer.unref();
  await Promise.all([pool.end(), redis.quit()]);
  process.exit(0);
});
`,
  },
  {
    name: 're-raise with process.kill(process.pid, signal) after removeListener',
    filename: files.ts,
    code: `async function onTerm(signal: NodeJS.Signals) {
  await pool.end();
  process.removeListener('SIGTERM', onTerm);
  process.kill(process.pid, signal);
}
process.on('SIGTERM', onTerm);
`,
  },
  {
    name: "re-raise with process.kill(process.pid, 'SIGTERM') after removeListener (inline)",
    filename: files.js,
    code: `process.on('SIGTERM', async function onTerm() {
  await pool.end();
  process.removeListener('SIGTERM', onTerm);
  process.kill(process.pid, 'SIGTERM');
});
`,
  },
  {
    name: 'exit in finally after awaited cleanup',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  try {
    await pool.end();
  } finally {
    process.exit(0);
  }
});
`,
  },
  {
    name: 'await of a cleanup chain, then exit',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  await pool.end().then(() => console.log('pool closed'));
  process.exit(0);
});
`,
  },
  {
    name: 'Prisma: $disconnect().finally(exit)',
    filename: files.ts,
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.once('SIGTERM', () => {
  prisma.$disconnect().finally(() => process.exit(0));
});
export const handler = async () => prisma.user.findMany();
`,
  },
  {
    name: 'an early exit in a guard branch before any cleanup',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  if (!pool) {
    process.exit(0);
  }
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'calls before the exit that are not cleanup (logging, metrics)',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  console.log('bye');
  metrics.publishStoredMetrics();
  process.exit(0);
});
`,
  },

  // ───────────────────────── the exit is in a same-file function the listener calls ─────────────────────────
  {
    name: 'the listener fires off a same-file shutdown() that awaits and exits',
    filename: files.ts,
    code: `async function shutdown() {
  await pool.end();
  process.exit(0);
}
process.once('SIGTERM', () => {
  void shutdown();
});
`,
  },
  {
    name: 'the exit two calls deep (listener → shutdown → die)',
    filename: files.js,
    code: `function die(code) {
  process.exit(code);
}
async function shutdown() {
  await pool.end();
  die(0);
}
process.on('SIGTERM', () => shutdown());
`,
  },
  {
    name: 'a named function declaration listener (TS, Promise<void>)',
    filename: files.ts,
    code: `async function onSigterm(): Promise<void> {
  await pool.end();
  process.exit(0);
}
process.on('SIGTERM', onSigterm);
`,
  },

  // ───────────────────────── precision: what the file cannot see into ─────────────────────────
  {
    name: 'the listener is an imported function',
    filename: files.ts,
    code: `import { shutdown } from './lifecycle';
process.on('SIGTERM', shutdown);
`,
  },
  {
    name: 'the listener calls an imported helper that may exit',
    filename: files.ts,
    code: `import { gracefulShutdown } from './lifecycle';
process.on('SIGTERM', () => {
  gracefulShutdown(server);
});
`,
  },
  {
    name: 'the listener awaits a required helper (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { closeAll } = require('./lifecycle');
process.once('SIGTERM', async () => {
  await closeAll();
});
exports.handler = async (event) => ({ statusCode: 200 });
`,
  },
  {
    name: 'the listener calls a parameter of an arrow function',
    filename: files.ts,
    code: `export const installShutdown = (close: () => Promise<void>) => {
  process.once('SIGTERM', async () => {
    await close();
  });
};
`,
  },
  {
    name: 'the listener is a bound method (not a function of this file as written)',
    filename: files.ts,
    code: `process.on('SIGTERM', app.shutdown.bind(app));
`,
  },

  // ───────────────────────── not a SIGTERM listener ─────────────────────────
  {
    name: 'a SIGINT listener that never exits is not neverExits (Ctrl+C locally)',
    filename: files.ts,
    code: `process.on('SIGINT', () => {
  console.log('interrupted');
});
`,
  },
  {
    name: 'exit and beforeExit listeners are not checked',
    filename: files.js,
    code: `process.on('exit', () => {
  console.log('bye');
});
process.on('beforeExit', () => {
  pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'a shadowed process (an EventEmitter of the file)',
    filename: files.ts,
    code: `import { EventEmitter } from 'node:events';
const process = new EventEmitter();
process.on('SIGTERM', () => {
  console.log('not the real process');
});
`,
  },

  // ───────────────────────── every spelling of process and every listener method ─────────────────────────
  {
    name: "process imported from 'node:process'",
    filename: files.ts,
    code: `import process from 'node:process';
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: "once and exit imported by name from 'node:process'",
    filename: files.mjs,
    code: `import { exit, once } from 'node:process';
once('SIGTERM', async () => {
  await pool.end();
  exit(0);
});
`,
  },
  {
    name: "process required from 'node:process' (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'globalThis.process',
    filename: files.ts,
    code: `globalThis.process.once('SIGTERM', async () => {
  await pool.end();
  globalThis.process.exit(0);
});
`,
  },
  {
    name: 'addListener',
    filename: files.js,
    code: `process.addListener('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'prependListener',
    filename: files.js,
    code: `process.prependListener('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'prependOnceListener',
    filename: files.ts,
    code: `process.prependOnceListener('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
  },
  {
    name: 'a TSX file',
    filename: files.tsx,
    code: `process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const App = () => <div />;
`,
  },
  {
    name: 'a listener registered inside an exported setup function',
    filename: files.ts,
    code: `import type { Pool } from 'pg';
export function registerShutdown(pool: Pool): void {
  process.once('SIGTERM', async () => {
    await pool.end();
    process.exit(0);
  });
}
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: 'the events come from a literal list the loop iterates over',
    filename: files.ts,
    code: `for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(signal);
  });
}
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 2,
        column: 3,
        endLine: 4,
        endColumn: 5,
        suggestions: [
          {
            messageId: 'addExit',
            output: `for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    console.log(signal);
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
  });
}
`,
          },
        ],
      },
    ],
  },
  // ───────────────────────── the messages, pinned once each ─────────────────────────
  {
    name: 'the rendered neverExits message',
    filename: files.ts,
    code: `process.on('SIGTERM', () => {
  console.log('bye');
});
`,
    errors: [
      byMessage({
        message: NEVER_EXITS_MESSAGE,
        line: 1,
        column: 1,
        endLine: 3,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.on('SIGTERM', () => {
  console.log('bye');
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`,
          },
        ],
      }),
    ],
  },
  {
    name: 'the rendered exitsEarly message',
    filename: files.ts,
    code: `process.on('SIGTERM', () => {
  pool.end();
  process.exit(0);
});
`,
    errors: [
      byMessage({
        message: EXITS_EARLY_POOL_MESSAGE,
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `process.on('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
          },
        ],
      }),
    ],
  },

  // ───────────────────────── neverExits ─────────────────────────
  {
    name: 'the aws-samples listener without its exit (JS)',
    filename: files.js,
    code: `process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');
  console.info('[runtime] cleaning up');
  await new Promise(r => setTimeout(r, 200));
  console.info('[runtime] exiting');
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        endLine: 6,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');
  console.info('[runtime] cleaning up');
  await new Promise(r => setTimeout(r, 200));
  console.info('[runtime] exiting');
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
    name: 'a Prisma $disconnect hook that never exits',
    filename: files.ts,
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.on('SIGTERM', async () => {
  await prisma.$disconnect();
});
export const handler = async () => prisma.user.findMany();
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 3,
        column: 1,
        endLine: 5,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.on('SIGTERM', async () => {
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
    name: 'a pg pool end without exit (CommonJS, no semicolons)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Pool } = require('pg')
const pool = new Pool()
process.once('SIGTERM', async () => {
  await pool.end()
})
exports.handler = async (event) => pool.query('select 1')
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 3,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `const { Pool } = require('pg')
const pool = new Pool()
process.once('SIGTERM', async () => {
  await pool.end()
  process.removeAllListeners('SIGTERM')
  process.kill(process.pid, 'SIGTERM')
})
exports.handler = async (event) => pool.query('select 1')
`,
          },
        ],
      },
    ],
  },
  {
    name: 'an expression-bodied listener: no suggestion',
    filename: files.ts,
    code: `process.on('SIGTERM', () => console.log('SIGTERM'));
`,
    errors: [{ messageId: 'neverExits', line: 1, column: 1, endLine: 1, endColumn: 52, suggestions: [] }],
  },
  {
    name: 'an expression-bodied listener that closes without exiting: no suggestion',
    filename: files.js,
    code: `process.once('SIGTERM', () => pool.end());
`,
    errors: [{ messageId: 'neverExits', line: 1, column: 1, suggestions: [] }],
  },
  {
    name: 'a named function declaration listener: the exit goes into the function',
    filename: files.ts,
    code: `async function onSigterm(): Promise<void> {
  await pool.end();
}
process.on('SIGTERM', onSigterm);
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 4,
        column: 1,
        endLine: 4,
        endColumn: 33,
        suggestions: [
          {
            messageId: 'addExit',
            output: `async function onSigterm(): Promise<void> {
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
}
process.on('SIGTERM', onSigterm);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a listener bound to a const arrow, declared after the registration',
    filename: files.ts,
    code: `process.once('SIGTERM', shutdown);
const shutdown = async () => {
  await redis.quit();
};
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.once('SIGTERM', shutdown);
const shutdown = async () => {
  await redis.quit();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
};
`,
          },
        ],
      },
    ],
  },
  {
    name: 'the listener calls a same-file helper that closes but does not exit',
    filename: files.ts,
    code: `async function closeAll() {
  await pool.end();
  await redis.quit();
}
process.once('SIGTERM', async () => {
  await closeAll();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 5,
        column: 1,
        endLine: 7,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `async function closeAll() {
  await pool.end();
  await redis.quit();
}
process.once('SIGTERM', async () => {
  await closeAll();
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
    name: 'process.exitCode is not an exit',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  await pool.end();
  process.exitCode = 0;
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.once('SIGTERM', async () => {
  await pool.end();
  process.exitCode = 0;
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
    name: 'the last statement is an if: the exit goes after it',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  if (pool) {
    await pool.end();
  }
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.once('SIGTERM', async () => {
  if (pool) {
    await pool.end();
  }
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
    name: 'file style: tabs, double quotes, CRLF, no semicolons',
    filename: files.js,
    code: 'process.on("SIGTERM", async () => {\r\n\tawait pool.end()\r\n})\r\n',
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        endLine: 3,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: 'process.on("SIGTERM", async () => {\r\n\tawait pool.end()\r\n\tprocess.removeAllListeners("SIGTERM")\r\n\tprocess.kill(process.pid, "SIGTERM")\r\n})\r\n',
          },
        ],
      },
    ],
  },
  {
    name: 'a listener registered inside an exported setup function (nested indentation)',
    filename: files.ts,
    code: `export function registerShutdown() {
  process.once('SIGTERM', async () => {
    await pool.end();
  });
}
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 2,
        column: 3,
        endLine: 4,
        endColumn: 5,
        suggestions: [
          {
            messageId: 'addExit',
            output: `export function registerShutdown() {
  process.once('SIGTERM', async () => {
    await pool.end();
    process.removeAllListeners('SIGTERM');
    process.kill(process.pid, 'SIGTERM');
  });
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'neverExits with addListener',
    filename: files.js,
    code: `process.addListener('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.addListener('SIGTERM', async () => {
  await pool.end();
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
    name: 'neverExits with prependListener',
    filename: files.mjs,
    code: `process.prependListener('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.prependListener('SIGTERM', async () => {
  await pool.end();
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
    name: 'neverExits with prependOnceListener',
    filename: files.ts,
    code: `process.prependOnceListener('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        endLine: 3,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.prependOnceListener('SIGTERM', async () => {
  await pool.end();
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
    name: "neverExits with process imported from 'node:process'",
    filename: files.ts,
    code: `import process from 'node:process';
process.once('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 2,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `import process from 'node:process';
process.once('SIGTERM', async () => {
  await pool.end();
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
    name: "neverExits with once imported by name from 'node:process'",
    filename: files.mjs,
    code: `import { once } from 'node:process';
once('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 2,
        column: 1,
        endLine: 4,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `import { once } from 'node:process';
once('SIGTERM', async () => {
  await pool.end();
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
    name: "neverExits with process required from 'node:process' (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');
process.on('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 2,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `const process = require('node:process');
process.on('SIGTERM', async () => {
  await pool.end();
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
    name: 'neverExits with globalThis.process',
    filename: files.ts,
    code: `globalThis.process.on('SIGTERM', async () => {
  await pool.end();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        suggestions: [
          {
            messageId: 'addExit',
            output: `globalThis.process.on('SIGTERM', async () => {
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`,
          },
        ],
      },
    ],
  },

  // ───────────────────────── exitsEarly ─────────────────────────
  {
    name: 'void redis.quit(); process.exit(0)',
    filename: files.ts,
    code: `process.on('SIGTERM', () => {
  void redis.quit();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'redis.quit()' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'redis.quit()' },
            output: `process.on('SIGTERM', async () => {
  await redis.quit();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'Promise.allSettled([...]); process.exit(0)',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  Promise.allSettled([pool.end(), redis.quit()]);
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'Promise.allSettled([pool.end(), redis.quit()])' },
        line: 3,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'Promise.allSettled([pool.end(), redis.quit()])' },
            output: `process.once('SIGTERM', async () => {
  await Promise.allSettled([pool.end(), redis.quit()]);
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'cleanup().then(log); process.exit() with a same-file async cleanup',
    filename: files.js,
    code: `async function cleanup() {
  await pool.end();
}
process.on('SIGTERM', () => {
  cleanup().then(log);
  process.exit();
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'cleanup()' },
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 17,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'cleanup()' },
            output: `async function cleanup() {
  await pool.end();
}
process.on('SIGTERM', async () => {
  await cleanup().then(log);
  process.exit();
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a same-file async arrow cleanup fired and forgotten',
    filename: files.ts,
    code: `const cleanup = async () => {
  await pool.end();
};
process.once('SIGTERM', () => {
  cleanup();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'cleanup()' },
        line: 6,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'cleanup()' },
            output: `const cleanup = async () => {
  await pool.end();
};
process.once('SIGTERM', async () => {
  await cleanup();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'the exit is outside the .then() of the cleanup',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  pool.end().then(() => console.log('pool closed'));
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 3,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `process.once('SIGTERM', async () => {
  await pool.end().then(() => console.log('pool closed'));
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'the exit is outside the .catch() of the cleanup',
    filename: files.js,
    code: `process.once('SIGTERM', () => {
  redis.quit().catch(console.error);
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'redis.quit()' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'redis.quit()' },
            output: `process.once('SIGTERM', async () => {
  await redis.quit().catch(console.error);
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'an optional-chain close',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  pool?.end();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool?.end()' },
        line: 3,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool?.end()' },
            output: `process.once('SIGTERM', async () => {
  await pool?.end();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a Prisma $disconnect hook that exits at once',
    filename: files.ts,
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.on('SIGTERM', () => {
  prisma.$disconnect();
  process.exit(0);
});
export const handler = async () => prisma.user.findMany();
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'prisma.$disconnect()' },
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'prisma.$disconnect()' },
            output: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
process.on('SIGTERM', async () => {
  await prisma.$disconnect();
  process.exit(0);
});
export const handler = async () => prisma.user.findMany();
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a pg pool end and exit in a CommonJS handler module',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { Pool } = require('pg');
const pool = new Pool();
process.on('SIGTERM', function () {
  pool.end();
  process.exit(0);
});
module.exports.handler = async (event) => pool.query('select 1');
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 5,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `const { Pool } = require('pg');
const pool = new Pool();
process.on('SIGTERM', async function () {
  await pool.end();
  process.exit(0);
});
module.exports.handler = async (event) => pool.query('select 1');
`,
          },
        ],
      },
    ],
  },
  {
    name: "exitsEarly with process required from 'node:process' (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const process = require('node:process');
process.once('SIGTERM', () => {
  pool.end();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 4,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `const process = require('node:process');
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a SIGINT listener that exits early',
    filename: files.ts,
    code: `process.on('SIGINT', () => {
  pool.end();
  process.exit(130);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 20,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `process.on('SIGINT', async () => {
  await pool.end();
  process.exit(130);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'the exit in an if after the cleanup',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  pool.end();
  if (process.env.EXIT_ON_SIGTERM !== 'false') {
    process.exit(0);
  }
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 4,
        column: 5,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `process.once('SIGTERM', async () => {
  await pool.end();
  if (process.env.EXIT_ON_SIGTERM !== 'false') {
    process.exit(0);
  }
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'two cleanups before the exit: the nearest one is named',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  pool.end();
  redis.quit();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'redis.quit()' },
        line: 4,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'redis.quit()' },
            output: `process.once('SIGTERM', async () => {
  pool.end();
  await redis.quit();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a `: void` arrow becomes async with Promise<void>',
    filename: files.ts,
    code: `process.once('SIGTERM', (): void => {
  pool.end();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `process.once('SIGTERM', async (): Promise<void> => {
  await pool.end();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a non-void return type: no suggestion',
    filename: files.ts,
    code: `process.once('SIGTERM', (): number => {
  pool.end();
  process.exit(0);
  return 0;
});
`,
    errors: [{ messageId: 'exitsEarly', data: { exit: 'process.exit()', cleanup: 'pool.end()' }, line: 3, column: 3, suggestions: [] }],
  },
  {
    name: 'a generator listener: no suggestion',
    filename: files.js,
    code: `function* onSigterm() {
  pool.end();
  process.exit(0);
}
process.on('SIGTERM', onSigterm);
`,
    errors: [{ messageId: 'exitsEarly', data: { exit: 'process.exit()', cleanup: 'pool.end()' }, line: 3, column: 3, endLine: 3, endColumn: 18, suggestions: [] }],
  },

  // ───────────────────────── exitsEarly in a same-file function the listener calls ─────────────────────────
  {
    name: 'the listener calls a same-file shutdown(): void that exits early; the suggestion edits shutdown',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  shutdown();
});
function shutdown(): void {
  prisma.$disconnect();
  process.exit(0);
}
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'prisma.$disconnect()' },
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'prisma.$disconnect()' },
            output: `process.once('SIGTERM', () => {
  shutdown();
});
async function shutdown(): Promise<void> {
  await prisma.$disconnect();
  process.exit(0);
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'the early exit is in the server.close callback of a named listener (Express-style)',
    filename: files.js,
    code: `function shutdown(signal) {
  console.log(\`\${signal} received\`);
  server.close(() => {
    pool.end();
    process.exit(0);
  });
}
process.on('SIGTERM', shutdown);
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 5,
        column: 5,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `function shutdown(signal) {
  console.log(\`\${signal} received\`);
  server.close(async () => {
    await pool.end();
    process.exit(0);
  });
}
process.on('SIGTERM', shutdown);
`,
          },
        ],
      },
    ],
  },
  {
    name: 'an early exit two calls deep (listener → shutdown → closeAndExit)',
    filename: files.ts,
    code: `function closeAndExit() {
  void mongoClient.close();
  process.exit(0);
}
function shutdown() {
  closeAndExit();
}
process.once('SIGTERM', () => shutdown());
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'mongoClient.close()' },
        line: 3,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'mongoClient.close()' },
            output: `async function closeAndExit() {
  await mongoClient.close();
  process.exit(0);
}
function shutdown() {
  closeAndExit();
}
process.once('SIGTERM', () => shutdown());
`,
          },
        ],
      },
    ],
  },
  {
    name: 'exitsEarly in a TSX file',
    filename: files.tsx,
    code: `process.once('SIGTERM', () => {
  sequelize.close();
  process.exit(0);
});
export const App = () => <div />;
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'sequelize.close()' },
        line: 3,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'sequelize.close()' },
            output: `process.once('SIGTERM', async () => {
  await sequelize.close();
  process.exit(0);
});
export const App = () => <div />;
`,
          },
        ],
      },
    ],
  },
  // ───────────────────────── the re-raise, and platform 'container' ─────────────────────────
  {
    name: 'a re-raise right after an unawaited close cuts it off like an exit',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.kill(process.pid, …)', cleanup: 'pool.end()' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 39,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `process.once('SIGTERM', async () => {
  await pool.end();
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
    name: "platform 'container': the suggestion ends the process with process.exit(0)",
    filename: files.ts,
    settings: { 'lambda-shutdown': { platform: 'container' } },
    code: `process.once('SIGTERM', async () => {
  await server.close();
});
`,
    errors: [
      {
        messageId: 'neverExits',
        data: { end: '`process.exit(0)`' },
        line: 1,
        column: 1,
        endLine: 3,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.once('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  // ───────────────────────── the suggestion waits as the catalog says ─────────────────────────
  {
    name: "a server's close(): the suggestion waits for its callback, not for what close() returns",
    filename: files.mjs,
    code: `import http from 'node:http';
import { app } from './app.mjs';
const server = http.createServer(app).listen(8080);
process.once('SIGTERM', () => {
  server.close();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'server.close()' },
        line: 6,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'server.close()' },
            output: `import http from 'node:http';
import { app } from './app.mjs';
const server = http.createServer(app).listen(8080);
process.once('SIGTERM', async () => {
  await new Promise((resolve) => server.close(resolve));
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'several closes of tracked resources: the suggestion awaits them all together',
    filename: files.ts,
    code: `import { Pool } from 'pg';
import Redis from 'ioredis';
import { createWriteStream } from 'node:fs';
const pool = new Pool();
const redis = new Redis();
const audit = createWriteStream('/tmp/audit.log');
process.once('SIGTERM', () => {
  void redis.quit();
  audit.end();
  pool.end();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 11,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanups',
            data: { cleanups: '`redis.quit()`, `audit.end()` and `pool.end()`' },
            output: `import { Pool } from 'pg';
import Redis from 'ioredis';
import { createWriteStream } from 'node:fs';
const pool = new Pool();
const redis = new Redis();
const audit = createWriteStream('/tmp/audit.log');
process.once('SIGTERM', async () => {
  await Promise.allSettled([
    redis.quit(),
    new Promise((resolve) => audit.end(resolve)),
    pool.end()
  ]);
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a lazily set pool and socket closed only if set: pool?.end() awaited, socket?.end() waited for only if set',
    filename: files.js,
    code: `import net from 'node:net';
import { Pool } from 'pg';
let pool;
let socket;
export const getPool = () => (pool ??= new Pool());
export const getSocket = () => (socket ??= net.connect(8125, 'statsd.internal'));
process.on('SIGTERM', () => {
  socket?.end();
  if (pool) {
    console.log('closing the pool');
    pool?.end();
  }
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool?.end()' },
        line: 13,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanups',
            data: { cleanups: '`socket?.end()` and `pool?.end()`' },
            output: `import net from 'node:net';
import { Pool } from 'pg';
let pool;
let socket;
export const getPool = () => (pool ??= new Pool());
export const getSocket = () => (socket ??= net.connect(8125, 'statsd.internal'));
process.on('SIGTERM', async () => {
  if (socket) await new Promise((resolve) => socket.end(resolve));
  if (pool) {
    console.log('closing the pool');
    await pool?.end();
  }
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: "a dgram socket's close(): waited for through its callback",
    filename: files.js,
    code: `import dgram from 'node:dgram';
const statsd = dgram.createSocket('udp4');
process.once('SIGTERM', function () {
  statsd.close();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'statsd.close()' },
        line: 5,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'statsd.close()' },
            output: `import dgram from 'node:dgram';
const statsd = dgram.createSocket('udp4');
process.once('SIGTERM', async function () {
  await new Promise((resolve) => statsd.close(resolve));
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'one cleanup this file cannot know among several: the suggestion awaits the one it names',
    filename: files.ts,
    code: `import { Pool } from 'pg';
import { queue } from './queue';
const pool = new Pool();
process.once('SIGTERM', () => {
  pool.end();
  queue.close();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'queue.close()' },
        line: 7,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'queue.close()' },
            output: `import { Pool } from 'pg';
import { queue } from './queue';
const pool = new Pool();
process.once('SIGTERM', async () => {
  pool.end();
  await queue.close();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
];

ruleTester.run('exit-after-cleanup', rule, { valid: [...valid, ...regressionValid], invalid: [...invalid, ...regressionInvalid] });
