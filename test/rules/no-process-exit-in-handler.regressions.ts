/**
 * no-process-exit-in-handler: cases that an earlier version of the analysis got wrong (each comment says how). Run by
 * no-process-exit-in-handler.test.ts.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/no-process-exit-in-handler.js';
import { files } from './tester.js';

export const regressionValid: ValidTestCase<Options>[] = [
  // BUG (ListenerReach follows only plain-name calls): the SIGTERM listener registered in the handler calls
  // `this.shutdown()`. invocationFunctions follows `this.shutdown()` (so the exit counts as per-invocation), but the
  // listener's reach does not, so the exit is reported although it only runs inside the signal listener.
  {
    name: 'exit in a class method that only a SIGTERM listener calls, through this.shutdown()',
    filename: files.ts,
    code: `import { Client } from 'pg';

class Lambda {
  private client = new Client();

  public async handler(_event: unknown, _context: unknown) {
    process.once('SIGTERM', () => this.shutdown());
    return this.client.query('select 1');
  }

  private async shutdown() {
    await this.client.end();
    process.exit(0);
  }
}

const handlerClass = new Lambda();
export const handler = handlerClass.handler.bind(handlerClass);
`,
  },
];

export const regressionInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // BUG (an exit any listener reaches is skipped, even when the handler calls it too): a shared `shutdown(code)` helper
  // used by the module-level SIGTERM listener and by the handler on a validation error. The handler's call exits
  // mid-invocation (Runtime.ExitError, cold start), but the rule skips the exit because a listener also reaches it.
  {
    name: 'a shutdown helper the SIGTERM listener and the handler both call',
    filename: files.ts,
    code: `import { Pool } from 'pg';

const pool = new Pool();

async function shutdown(code: number) {
  await pool.end();
  process.exit(code);
}

process.once('SIGTERM', () => shutdown(0));

export const handler = async (event: { body?: string }) => {
  if (!event.body) await shutdown(1);
  return pool.query('select 1');
};
`,
    errors: [{ messageId: 'exitInHandler', line: 7, column: 3, endLine: 7, endColumn: 21, suggestions: [] }],
  },

  // BUG (same cause, and the exemption covers every event): `onFatal` is an `uncaughtException` listener and also the
  // handler's `.catch(onFatal)` callback. Only signal/exit listeners are exempt; the catch callback runs while the
  // handler runs.
  {
    name: 'a fatal-error function used as an uncaughtException listener and as the handler catch callback',
    filename: files.ts,
    code: `function onFatal(err: unknown) {
  console.error(err);
  process.exit(1);
}

process.on('uncaughtException', onFatal);

export const handler = async (event: { url: string }) => {
  return fetch(event.url).catch(onFatal);
};
`,
    errors: [{ messageId: 'exitInHandler', line: 3, column: 3, endLine: 3, endColumn: 18, suggestions: [] }],
  },

  // BUG (the listener exemption is not limited to signal/exit listeners): an `unhandledRejection` listener registered
  // in the handler exits when a promise of the invocation rejects unhandled, i.e. while the handler runs. The spec
  // exempts only signal/exit listeners (which other rules check); no rule looks at this exit.
  {
    name: 'exit in an unhandledRejection listener registered inside the handler',
    filename: files.js,
    code: `export const handler = async () => {
  process.on('unhandledRejection', (reason) => {
    console.error(reason);
    process.exit(1);
  });
  return { statusCode: 200 };
};
`,
    errors: [{ messageId: 'exitInHandler', line: 4, column: 5, endLine: 4, endColumn: 20, suggestions: [] }],
  },
];
