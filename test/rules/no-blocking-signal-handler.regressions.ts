/**
 * no-blocking-signal-handler: cases that an earlier version of the analysis got wrong (each comment says how). Run by
 * no-blocking-signal-handler.test.ts.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/no-blocking-signal-handler.js';
import { files } from './tester.js';

const BUDGET_300 = "300 ms, the function's share of Lambda's shutdown phase beside external extensions";

export const regressionValid: ValidTestCase<Options>[] = [
  {
    // FALSE POSITIVE. The listener argument `shutdown.bind(null, readFileSync(...))` is evaluated once, when the listener
    // is registered at module load, not when SIGTERM arrives. ListenerReach.covers() counts everything inside the
    // listener argument expression (and blockingWork() walks it as a root) when the argument is not a function.
    // Today: blockingCall `fs.readFileSync()` at 3:43.
    name: 'a blocking call in the listener argument runs at registration, not in the listener',
    filename: files.ts,
    code: `import { readFileSync } from 'node:fs';
function shutdown(config: string) { console.log('bye', config.length); }
process.on('SIGTERM', shutdown.bind(null, readFileSync('/var/task/config.json', 'utf8')));
`,
  },
  {
    // WRONG BUDGET (false positive). Spec: 500 ms when the file "imports/requires a module matching
    // lambda-shutdown-extension". A dynamic `import()` is an import, but registersInternalExtension() only looks at
    // ImportDeclaration and require(): the budget stays 300 ms and the 400 ms sleep is reported.
    name: "a dynamic import('./lambda-shutdown-extension.js') gives the 500 ms budget",
    filename: files.mjs,
    code: `await import('./lambda-shutdown-extension.js');
process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, 400));
});
`,
  },
];

export const regressionInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // MISS. `process.on()` returns `process`, so `process.on('SIGTERM', a).on('SIGINT', b)` registers b for SIGINT (a
    // common real-world shape). findProcessCalls() only tracks property reads of `process` itself, not of the return
    // value of a registration. Today only the SIGTERM error is reported.
    name: "a chained registration: process.on('SIGTERM', …).on('SIGINT', …)",
    filename: files.js,
    code: `import fs from 'fs';
process
  .on('SIGTERM', () => fs.writeFileSync('/tmp/a', 'y'))
  .on('SIGINT', () => fs.writeFileSync('/tmp/b', 'y'));
`,
    errors: [
      { messageId: 'blockingCall', data: { what: '`fs.writeFileSync()`', signal: 'SIGTERM', via: '', budget: BUDGET_300 }, line: 3, column: 24, endLine: 3, endColumn: 55 },
      { messageId: 'blockingCall', data: { what: '`fs.writeFileSync()`', signal: 'SIGINT', via: '', budget: BUDGET_300 }, line: 4, column: 23, endLine: 4, endColumn: 54 },
    ],
  },
  {
    // MISS. The real-world `signals.forEach((signal) => process.on(signal, handler))` registers the listener for SIGTERM
    // and SIGINT, but the event argument is a parameter, so ProcessListener.event is null and the rule skips it. The
    // event can be evaluated from the array literal the callback iterates. (Which signal the message names is open:
    // no `data` here.)
    name: "['SIGTERM', 'SIGINT'].forEach((signal) => process.on(signal, shutdown))",
    filename: files.js,
    code: `import fs from 'fs';
function shutdown() { fs.writeFileSync('/tmp/x', 'y'); }
['SIGTERM', 'SIGINT'].forEach((signal) => process.on(signal, shutdown));
`,
    errors: [{ messageId: 'blockingCall', line: 2, column: 23, endLine: 2, endColumn: 54 }],
  },
  {
    // MISS. Same as above with a for-of loop over the signal names.
    name: "for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, …)",
    filename: files.ts,
    code: `import { execSync } from 'node:child_process';
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    execSync('sync');
  });
}
`,
    errors: [{ messageId: 'blockingCall', line: 4, column: 5, endLine: 4, endColumn: 21 }],
  },
  {
    // MISS. The event is a `const` string: staticString() only reads literals, so ProcessListener.event is null.
    // getStaticValue() (as used for the sleep delays) would evaluate it.
    name: "the event named by a const: const SIGNAL = 'SIGTERM'",
    filename: files.ts,
    code: `import fs from 'node:fs';
const SIGNAL = 'SIGTERM';
process.on(SIGNAL, () => {
  fs.writeFileSync('/tmp/report.json', '{}');
});
`,
    errors: [
      { messageId: 'blockingCall', data: { what: '`fs.writeFileSync()`', signal: 'SIGTERM', via: '', budget: BUDGET_300 }, line: 4, column: 3, endLine: 4, endColumn: 45 },
    ],
  },
  {
    // MISS. The listener is the arrow a same-file factory returns (`.on('SIGTERM', shutdown('SIGTERM'))`, a real-world
    // shape). resolveFunctions() of a call only looks at its arguments, not at what the callee returns, so the listener
    // has no functions and its blocking work is not seen. Expected: reported at the factory call with the chain.
    name: "a listener returned by a same-file factory: process.on('SIGTERM', onSignal('SIGTERM'))",
    filename: files.js,
    code: `import fs from 'fs';
function onSignal(name) {
  return () => { fs.writeFileSync('/tmp/' + name, 'y'); };
}
process.on('SIGTERM', onSignal('SIGTERM'));
`,
    // the returned function is the listener itself, so the call is reported where it is
    errors: [{ messageId: 'blockingCall', line: 3, column: 18, endLine: 3, endColumn: 55 }],
  },
  {
    // MISS. "through functions of the same file that the listener calls": a method of a class declared in this file is
    // one. ListenerReach only follows calls whose callee is a plain identifier; Scopes.classMethod() could resolve
    // `server.close`. Expected: reported at `server.close()` with the chain (the method's name; no `data` here because
    // functionName() has no name for a method yet).
    name: 'a method of a same-file class: server.close()',
    filename: files.ts,
    code: `import { execSync } from 'node:child_process';
class Server {
  close() {
    execSync('sync');
  }
}
const server = new Server();
process.on('SIGTERM', () => {
  server.close();
});
`,
    errors: [{ messageId: 'blockingCall', line: 9, column: 3, endLine: 9, endColumn: 17 }],
  },
  {
    // MISS. A method of a same-file object literal, as above.
    name: 'a method of a same-file object literal: logger.flush()',
    filename: files.js,
    code: `import fs from 'fs';
const logger = {
  flush() { fs.writeFileSync('/tmp/app.log', 'bye'); },
};
process.on('SIGTERM', () => { logger.flush(); });
`,
    errors: [{ messageId: 'blockingCall', line: 5, column: 31, endLine: 5, endColumn: 45 }],
  },
  {
    // MISS. A sleep helper whose delay is a constant default: `sleep()` waits 1000 ms, a constant the analysis can
    // evaluate. sleepHelperParam() only matches plain identifier parameters, not `ms = 1000` (AssignmentPattern), and
    // a call that passes no argument is never evaluated.
    name: 'a sleep helper with a constant default delay: sleep()',
    filename: files.js,
    code: `const sleep = (ms = 1000) => new Promise((r) => setTimeout(r, ms));
process.on('SIGTERM', async () => {
  await sleep();
});
`,
    errors: [{ messageId: 'longSleep', data: { what: '`sleep(1000)`', signal: 'SIGTERM', via: '', budget: BUDGET_300 }, line: 3, column: 9, endLine: 3, endColumn: 16 }],
  },
];
