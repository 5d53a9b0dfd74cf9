/**
 * exit-after-cleanup: cases that an earlier version of the analysis got wrong (each comment says how). Run by
 * exit-after-cleanup.test.ts.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/exit-after-cleanup.js';
import { files } from './tester.js';

export const regressionValid: ValidTestCase<Options>[] = [
  {
    // BUG (false positive, neverExits): ListenerReach follows only calls whose callee is a plain identifier, and only
    // those count as "unknown calls". `app.stop()` is a same-file class method that exits, but the listener is
    // reported as never exiting. Spec: precision first — the exit is visible (or at worst the call is unknown).
    name: 'the listener calls a same-file class method that exits (instance.method())',
    filename: files.ts,
    code: `class App {
  async stop() {
    await pool.end();
    process.exit(0);
  }
}
const app = new App();
process.on('SIGTERM', () => app.stop());
`,
  },
  {
    // BUG (false positive, neverExits): same root cause, `this.stop()` from a method.
    name: 'the listener calls this.stop() of its class, which exits',
    filename: files.ts,
    code: `export class Server {
  listen() {
    process.on('SIGTERM', () => this.stop());
  }
  async stop() {
    await pool.end();
    process.exit(0);
  }
}
`,
  },
  {
    // BUG (false positive, neverExits): a member call on an imported module object is a call the file cannot see
    // into, but only identifier callees count as unknown. Spec: "Silent when the listener … calls a function the file
    // cannot see into (an imported helper that may exit)".
    name: 'the listener awaits a helper of an imported namespace (lifecycle.shutdown())',
    filename: files.ts,
    code: `import * as lifecycle from './lifecycle';
process.on('SIGTERM', async () => {
  await lifecycle.shutdown();
});
`,
  },
  {
    // BUG (false positive, neverExits): a same-file function handed over as a callback is not followed, so the exit
    // in `onClosed` is not seen. `server.close(() => process.exit(0))` is valid; naming the callback must be too.
    name: 'server.close(onClosed) where onClosed exits',
    filename: files.js,
    code: `function onClosed() {
  process.exit(0);
}
process.on('SIGTERM', () => {
  server.close(onClosed);
});
`,
  },
  {
    // BUG (false positive, neverExits): same root cause, a named callback of .then().
    name: 'pool.end().then(exitNow) where exitNow exits',
    filename: files.ts,
    code: `const exitNow = () => process.exit(0);
process.once('SIGTERM', () => {
  pool.end().then(exitNow);
});
`,
  },
  {
    // BUG (false positive, neverExits) in core/scope.ts `resolveFunctions`: for a parameter, `def.node` is the function
    // that declares it, and when that is a FunctionDeclaration the parameter resolves to the enclosing function
    // itself. So `close()` is taken for a call of `installShutdown` (which does not exit) instead of an unknown call.
    // The arrow-function form of the same code is correctly silent (see the valid suite).
    name: 'the listener calls a parameter of a function declaration',
    filename: files.ts,
    code: `export function installShutdown(close: () => Promise<void>) {
  process.once('SIGTERM', async () => {
    await close();
  });
}
`,
  },
];

export const regressionInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // BUG (false negative): every `process.kill(process.pid, …)` counts as an exit. With `process.on` and no
    // `removeListener`, the re-raised SIGTERM runs this same listener again, forever. Spec: a re-raise counts only
    // "after removing itself" (`process.once`, or `removeListener` / `off` first).
    name: 'a re-raise without removing the listener first never exits',
    filename: files.ts,
    code: `process.on('SIGTERM', async () => {
  await pool.end();
  process.kill(process.pid, 'SIGTERM');
});
`,
    errors: [
      {
        messageId: 'neverExits',
        line: 1,
        column: 1,
        endLine: 4,
        endColumn: 3,
        suggestions: [
          {
            messageId: 'addExit',
            output: `process.on('SIGTERM', async () => {
  await pool.end();
  process.kill(process.pid, 'SIGTERM');
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
    // BUG (false negative): exitAnalysis checks for early exits only when the exit's callee is a member expression
    // `….exit`; `exit` imported from 'node:process' is counted as an exit but never checked for running early.
    name: "exit imported from 'node:process' runs before pool.end() settles",
    filename: files.mjs,
    code: `import { exit, once } from 'node:process';
once('SIGTERM', () => {
  pool.end();
  exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'pool.end()' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 10,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'pool.end()' },
            output: `import { exit, once } from 'node:process';
once('SIGTERM', async () => {
  await pool.end();
  exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    // BUG (false negative): cleanupCallIn counts a same-file function as cleanup only when it is `async`. A plain
    // function that returns the cleanup promise is the same thing (indirect form of `Promise.all([...]); exit()`).
    name: 'a same-file non-async function returning the cleanup promise, fired before the exit',
    filename: files.ts,
    code: `function closeAll() {
  return Promise.all([pool.end(), redis.quit()]);
}
process.once('SIGTERM', () => {
  closeAll();
  process.exit(0);
});
`,
    errors: [
      {
        messageId: 'exitsEarly',
        data: { exit: 'process.exit()', cleanup: 'closeAll()' },
        line: 6,
        column: 3,
        suggestions: [
          {
            messageId: 'awaitCleanup',
            data: { cleanup: 'closeAll()' },
            output: `function closeAll() {
  return Promise.all([pool.end(), redis.quit()]);
}
process.once('SIGTERM', async () => {
  await closeAll();
  process.exit(0);
});
`,
          },
        ],
      },
    ],
  },
  {
    // BUG (false negative): only statements directly in the blocks around the exit are looked at; a cleanup started
    // inside an earlier `if` block is missed though it can still be pending at the exit.
    name: 'the cleanup is started in an if block before the exit',
    filename: files.ts,
    code: `process.once('SIGTERM', () => {
  if (pool) {
    pool.end();
  }
  process.exit(0);
});
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
            output: `process.once('SIGTERM', async () => {
  if (pool) {
    await pool.end();
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
    // BUG (duplicate report): the same function registered for SIGTERM and SIGINT is analysed once per listener, and
    // the same `process.exit` call is reported twice with the same message and suggestion. Spec: reported at that
    // `process.exit` call — once.
    name: 'one function registered for SIGTERM and SIGINT: the early exit is reported once',
    filename: files.ts,
    code: `function shutdown() {
  pool.end();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
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
            output: `async function shutdown() {
  await pool.end();
  process.exit(0);
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
    // BAD SUGGESTION: addExit appends `process.exit(0)` after a last statement that is a `return`, where it is
    // unreachable (the applied suggestion still never exits). Spec: the suggestion must make the listener exit; when
    // appending cannot, offer none.
    name: 'a listener whose last statement is a return: no unreachable exit is suggested',
    filename: files.ts,
    code: `process.on('SIGTERM', () => {
  console.log('closing');
  return pool.end();
});
`,
    errors: [{ messageId: 'neverExits', line: 1, column: 1, endLine: 4, endColumn: 3, suggestions: [] }],
  },
  {
    // BUG (false negative): listener events are read with `staticString` (literals only), so a SIGTERM listener
    // registered through a constant is never checked.
    name: 'a SIGTERM listener registered through a constant event name never exits',
    filename: files.ts,
    code: `const SHUTDOWN_SIGNAL = 'SIGTERM';
process.on(SHUTDOWN_SIGNAL, async () => {
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
            output: `const SHUTDOWN_SIGNAL = 'SIGTERM';
process.on(SHUTDOWN_SIGNAL, async () => {
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
    // BUG (false negative): a static method of a class in this file (`Lifecycle.stop`) is resolved by the scope code,
    // but `findListeners` marks only function literals and identifiers as `resolved`, so the listener is skipped.
    // Spec: only a listener that is not a function of this file is silent. makeAsync already puts `async` after
    // `static`.
    name: 'a static class method as the listener exits early',
    filename: files.ts,
    code: `class Lifecycle {
  static stop() {
    pool.end();
    process.exit(0);
  }
}
process.on('SIGTERM', Lifecycle.stop);
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
            output: `class Lifecycle {
  static async stop() {
    await pool.end();
    process.exit(0);
  }
}
process.on('SIGTERM', Lifecycle.stop);
`,
          },
        ],
      },
    ],
  },
];
