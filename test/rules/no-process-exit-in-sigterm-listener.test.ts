/**
 * RuleTester suite for `no-process-exit-in-sigterm-listener`: on Lambda, `process.exit()` in a SIGTERM listener (or
 * in a same-file function the listener calls) does not return, because Node's exit joins the libuv thread on which
 * the runtime client waits for the next invocation (measured in test/e2e/runtime.test.ts). The suggestion ends the
 * process by removing the SIGTERM listeners and re-raising the signal, in the form the place allows.
 *
 * Every invalid case asserts the message id, the full range of the report and the exact output of its suggestion.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-process-exit-in-sigterm-listener.js';
import type { MessageIds, Options } from '../../rules/no-process-exit-in-sigterm-listener.js';
import { commonjs, files, ruleTester } from './tester.js';

/** The rendered message, pinned once. */
const MESSAGE =
  '`process.exit()` in a SIGTERM listener does not return on Lambda. ' +
  "The runtime client waits for the next invocation on a worker thread that Node's exit waits for, so the process outlives its cleanup until the Shutdown phase's SIGKILL. " +
  "End the process with `process.removeAllListeners('SIGTERM')` and a re-raise, `process.kill(process.pid, 'SIGTERM')`.";

const valid: ValidTestCase<Options>[] = [
  {
    name: 'the listener add-shutdown-hook writes: a SIGKILL guard, the cleanup, then the re-raise',
    filename: files.ts,
    code: `import { Pool } from 'pg';
const pool = new Pool();
process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 450).unref();
  console.info('[lambda-shutdown] SIGTERM: closing pool');
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
export const handler = async () => pool.query('select 1');
`,
  },
  {
    name: 'a SIGINT-only listener (local runs) may exit',
    filename: files.mjs,
    code: `process.on('SIGINT', async () => {
  await flush();
  process.exit(130);
});
`,
  },
  {
    name: "an 'exit' listener and a 'beforeExit' listener are not SIGTERM listeners",
    filename: files.js,
    code: `process.on('exit', () => console.log('bye'));
process.on('beforeExit', () => process.exit(0));
`,
  },
  {
    name: "platform 'container': process.exit() returns there (Node is often PID 1, where a re-raise is ignored)",
    filename: files.ts,
    settings: { 'lambda-shutdown': { platform: 'container' } },
    code: `process.once('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});
`,
  },
  {
    name: 'a listener imported from another file: this file cannot see what it does',
    filename: files.ts,
    code: `import { shutdown } from './shutdown.js';
process.on('SIGTERM', shutdown);
`,
  },
  {
    name: 'process.exit() in a handler is no-process-exit-in-handler business',
    filename: files.ts,
    code: `export const handler = async (event: { fatal?: boolean }) => {
  if (event.fatal) process.exit(1);
  return { ok: true };
};
`,
  },
  {
    name: 'a CommonJS CLI guard at load time',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `async function main() {}
if (require.main === module) main().then(() => process.exit(0));
module.exports.handler = main;
`,
  },
  {
    name: 'a function that exits but that no SIGTERM listener calls',
    filename: files.js,
    code: `function fail() {
  process.exit(1);
}
process.once('SIGTERM', async () => {
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
export { fail };
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    name: 'the hand-written listener: await the close, then process.exit(0)',
    filename: files.ts,
    code: `import { Pool } from 'pg';
const pool = new Pool();
process.once('SIGTERM', async () => {
  await pool.end();
  process.exit(0);
});
export const handler = async () => pool.query('select 1');
`,
    errors: [
      {
        message: MESSAGE,
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `import { Pool } from 'pg';
const pool = new Pool();
process.once('SIGTERM', async () => {
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
export const handler = async () => pool.query('select 1');
`,
          },
        ],
      } as never,
    ],
  },
  {
    name: 'file style: tabs, double quotes, no semicolons',
    filename: files.js,
    code: `process.on("SIGTERM", async () => {
\tawait redis.quit()
\tprocess.exit(0)
})
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 3,
        column: 2,
        endLine: 3,
        endColumn: 17,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.on("SIGTERM", async () => {
\tawait redis.quit()
\tprocess.removeAllListeners("SIGTERM")
\tprocess.kill(process.pid, "SIGTERM")
})
`,
          },
        ],
      },
    ],
  },
  {
    name: 'an expression-bodied listener becomes a block',
    filename: files.js,
    code: `process.on('SIGTERM', () => process.exit(0));
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 1,
        column: 29,
        endLine: 1,
        endColumn: 44,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.on('SIGTERM', () => {
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
    name: 'exit in the cleanup .finally(): a one-line block',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  pool.end().finally(() => process.exit(0));
});
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 2,
        column: 28,
        endLine: 2,
        endColumn: 43,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.once('SIGTERM', () => {
  pool.end().finally(() => { process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM'); });
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a guard timer becomes a SIGKILL, and the final exit a re-raise',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 3000).unref();
  await pool.end();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 2,
        column: 20,
        endLine: 2,
        endColumn: 35,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.once('SIGTERM', async () => {
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), 3000).unref();
  await pool.end();
  process.exit(0);
});
`,
          },
        ],
      },
      {
        messageId: 'exitInSigtermListener',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.once('SIGTERM', async () => {
  setTimeout(() => process.exit(1), 3000).unref();
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
    name: 'an exit under an if without braces gets a block',
    filename: files.ts,
    code: `process.once('SIGTERM', async () => {
  const failed = await closeAll();
  if (failed) process.exit(1);
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
});
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 3,
        column: 15,
        endLine: 3,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.once('SIGTERM', async () => {
  const failed = await closeAll();
  if (failed) { process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM'); }
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
    name: 'inside a sequence expression and after &&: expression forms',
    filename: files.js,
    code: `process.once('SIGTERM', () => (console.log('bye'), process.exit(0)));
process.on('SIGTERM', () => {
  done && process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 1,
        column: 52,
        endLine: 1,
        endColumn: 67,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.once('SIGTERM', () => (console.log('bye'), process.removeAllListeners('SIGTERM'), process.kill(process.pid, 'SIGTERM')));
process.on('SIGTERM', () => {
  done && process.exit(0);
});
`,
          },
        ],
      },
      {
        messageId: 'exitInSigtermListener',
        line: 3,
        column: 11,
        endLine: 3,
        endColumn: 26,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `process.once('SIGTERM', () => (console.log('bye'), process.exit(0)));
process.on('SIGTERM', () => {
  done && (process.removeAllListeners('SIGTERM'), process.kill(process.pid, 'SIGTERM'));
});
`,
          },
        ],
      },
    ],
  },
  {
    name: 'a shared shutdown function registered for SIGTERM and SIGINT (CommonJS): reported once',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `async function shutdown(signal) {
  console.log(signal);
  await pool.end();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 18,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `async function shutdown(signal) {
  console.log(signal);
  await pool.end();
  process.removeAllListeners('SIGTERM');
  process.kill(process.pid, 'SIGTERM');
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
`,
          },
        ],
      },
    ],
  },
  {
    name: "exit imported by name from 'node:process', in a listener registered inside a setup function",
    filename: files.mjs,
    code: `import { exit, once } from 'node:process';
export function registerShutdown(pool) {
  once('SIGTERM', async function onSigterm() {
    await pool.end();
    exit(0);
  });
}
`,
    errors: [
      {
        messageId: 'exitInSigtermListener',
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 12,
        suggestions: [
          {
            messageId: 'reRaise',
            output: `import { exit, once } from 'node:process';
export function registerShutdown(pool) {
  once('SIGTERM', async function onSigterm() {
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
];

ruleTester.run('no-process-exit-in-sigterm-listener', rule, { valid, invalid });
