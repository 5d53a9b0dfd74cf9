/**
 * no-signal-listener-in-handler: cases that an earlier version of the analysis got wrong (each comment says how). Run by
 * no-signal-listener-in-handler.test.ts.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/no-signal-listener-in-handler.js';
import { files } from './tester.js';

export const regressionValid: ValidTestCase<Options>[] = [];

export const regressionInvalid: InvalidTestCase<MessageIds, Options>[] = [
  // BUG (capturesLocals): only bindings of the function the call is in count as captured. Registered in a nested
  // callback, the listener's use of the handler's `client` is missed, and the suggestion moves
  // `() => client.end()` to module scope, where `client` is not defined.
  // Spec: no suggestion when the listener captures a per-invocation client.
  {
    name: 'a listener registered in a nested callback that captures a binding of the handler: no suggestion',
    filename: files.js,
    code: `import { Client } from 'pg';
export const handler = async (event) => {
  const client = new Client();
  await Promise.all(event.Records.map(async (record) => {
    process.on('SIGTERM', () => client.end());
  }));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 5,
        column: 5,
        endLine: 5,
        endColumn: 46,
        suggestions: [],
      },
    ],
  },

  // BUG (capturesLocals): an object key is looked up as if it were a variable, so `{ context: 'shutdown' }` counts
  // as capturing the handler's `context` parameter and the suggestion is dropped. The listener captures nothing.
  {
    name: 'an object key named like a handler parameter is not a capture: the suggestion is offered',
    filename: files.js,
    code: `export const handler = async (event, context) => {
  process.on('SIGTERM', () => console.log({ context: 'shutdown' }));
  return 1;
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 68,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.on('SIGTERM', () => console.log({ context: 'shutdown' }));

export const handler = async (event, context) => {
  return 1;
};
`,
          },
        ],
      },
    ],
  },

  // BUG (suggestion breaks the module): the listener is a module-level `const` declared after the handler. Moved
  // before the handler, `process.once('SIGTERM', shutdown)` reads `shutdown` in its temporal dead zone and the module
  // throws a ReferenceError at load. Expected: no suggestion (placing the statement after the declaration would also do).
  {
    name: 'a listener given by the name of a const declared after the handler: no suggestion (TDZ at module scope)',
    filename: files.ts,
    code: `export const handler = async () => {
  process.once('SIGTERM', shutdown);
  return 1;
};

const shutdown = async () => {
  process.exit(0);
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 2,
        column: 3,
        endLine: 2,
        endColumn: 36,
        suggestions: [],
      },
    ],
  },

  // BUG (moveStatementToModuleScope): the statement goes between the handler's JSDoc and the handler, so the doc
  // comment ends up on `process.once(…)`. "Before the top-level statement that contains the handler" should mean
  // before its leading comments too.
  {
    name: 'the moved listener goes above the JSDoc of the handler, not between it and the handler',
    filename: files.ts,
    code: `/** Handles the API Gateway request. */
export const handler = async () => {
  process.once('SIGTERM', () => process.exit(0));
  return { statusCode: 200 };
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'once', event: 'SIGTERM' },
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 49,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `process.once('SIGTERM', () => process.exit(0));

/** Handles the API Gateway request. */
export const handler = async () => {
  return { statusCode: 200 };
};
`,
          },
        ],
      },
    ],
  },

  // BUG (findListeners uses staticString, not getStaticValue): an event held in a module-level constant is not
  // recognised, so a per-invocation SIGTERM listener goes unreported. Spec: any `SIG*` signal.
  {
    name: 'a signal held in a module-level const',
    filename: files.ts,
    code: `const SIGNAL = 'SIGTERM';

export const handler = async () => {
  process.on(SIGNAL, () => process.exit(0));
};
`,
    errors: [
      {
        messageId: 'listenerPerInvocation',
        data: { method: 'on', event: 'SIGTERM' },
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 44,
        suggestions: [
          {
            messageId: 'moveToModuleScope',
            output: `const SIGNAL = 'SIGTERM';

process.on(SIGNAL, () => process.exit(0));

export const handler = async () => {
};
`,
          },
        ],
      },
    ],
  },
];
