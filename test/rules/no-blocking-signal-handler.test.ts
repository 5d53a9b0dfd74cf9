/**
 * RuleTester suite for `no-blocking-signal-handler`: synchronous APIs, busy-wait loops and sleeps longer than the
 * shutdown budget in a SIGTERM / SIGINT listener, directly or through same-file functions the listener calls.
 *
 * Every invalid case asserts the message id, the start of the report and (on most) its end, and the message data,
 * whose `budget` names the budget and where it comes from. The full rendered message of each message id is pinned
 * once with `message:`. Cases the rule gets wrong today, with the expectation the spec asks for, live in
 * `no-blocking-signal-handler.pending.ts` (not run).
 */
import type { InvalidTestCase, TestCaseError, ValidTestCase } from '@typescript-eslint/rule-tester';
import rule from '../../rules/no-blocking-signal-handler.js';
import type { MessageIds, Options } from '../../rules/no-blocking-signal-handler.js';
import { commonjs, files, ruleTester } from './tester.js';
import { regressionInvalid, regressionValid } from './no-blocking-signal-handler.regressions.js';

/** The three budgets, as the messages name them. */
const BUDGET_300 = "300 ms, the function's share of Lambda's shutdown phase beside external extensions";
const BUDGET_500 = "500 ms, Lambda's shutdown phase with only the internal extension this file registers";
const BUDGET_CONTAINER = "10000 ms, set in settings['lambda-shutdown'].shutdownBudgetMs";

/** A container (ECS, Kubernetes): a 10 s grace period instead of Lambda's. */
const containerSettings = { 'lambda-shutdown': { shutdownBudgetMs: 10000 } };

type Signal = 'SIGTERM' | 'SIGINT';

/** `(through \`a()\` → \`b()\`)`, or nothing for work in the listener's own code. */
function via(...chain: string[]): string {
  return chain.length > 0 ? ` (through ${chain.map((c) => `\`${c}()\``).join(' → ')})` : '';
}

/** Data of a blockingCall / longSleep report: every placeholder of the message. */
function data(what: string, signal: Signal = 'SIGTERM', chain: string[] = [], budget = BUDGET_300) {
  return { what, signal, via: via(...chain), budget };
}

/** Data of a busyWait report (its message has no `what`). */
function busy(signal: Signal = 'SIGTERM', chain: string[] = [], budget = BUDGET_300) {
  return { signal, via: via(...chain), budget };
}

/** RuleTester compares `message` at run time, but its types only admit `messageId`: used to pin the wording. */
function byMessage(error: Omit<TestCaseError<MessageIds>, 'messageId' | 'data'> & { message: string }): TestCaseError<MessageIds> {
  return error as unknown as TestCaseError<MessageIds>;
}

const valid: ValidTestCase<Options>[] = [
  // ───────────────────────── real-world listeners that stay within the budget ─────────────────────────
  {
    name: 'aws-samples graceful-shutdown listener: the 200 ms setTimeout placeholder is under the 300 ms budget (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');

  console.info('[runtime] cleaning up');
  // perform actual clean up work here.
  await new Promise(resolve => setTimeout(resolve, 200));

  console.info('[runtime] exiting');
  process.exit(0)
});

exports.lambdaHandler = async (event, context) => {
  return { statusCode: 200, body: JSON.stringify({ message: 'hello world' }) };
};
`,
  },
  {
    name: 'aws-samples placeholder in an ES module with process imported from node:process',
    filename: files.mjs,
    code: `import process from 'node:process';
process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');
  await new Promise((resolve) => setTimeout(resolve, 200));
  process.exit(0);
});
export const handler = async () => ({ statusCode: 200 });
`,
  },
  {
    name: 'a listener that awaits async closes and exits',
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
    name: 'a force-exit fallback timer is not a sleep: the listener does not wait for it',
    filename: files.ts,
    code: `const TIME_TO_CLOSE_BEFORE_EXIT_IN_MS = 15_000;
export const onGracefulShutdown = (fn: () => Promise<void>) => {
  process.on('SIGTERM', () => {
    const timeout = setTimeout(() => process.exit(1), TIME_TO_CLOSE_BEFORE_EXIT_IN_MS);
    fn().then(() => {
      clearTimeout(timeout);
      process.exit(0);
    });
  });
};
`,
  },
  {
    name: 'an unref-ed fallback timer in a SIGINT listener',
    filename: files.js,
    code: `process.on('SIGINT', () => {
  setTimeout(() => process.exit(1), 5000).unref();
  server.close(() => process.exit(0));
});
`,
  },

  // ───────────────────────── sleeps at or under the budget ─────────────────────────
  {
    name: 'a sleep of exactly the 300 ms default budget',
    filename: files.ts,
    code: `process.on('SIGTERM', async () => {
  await new Promise<void>((resolve) => setTimeout(resolve, 300));
});
`,
  },
  {
    name: 'a local sleep helper at the budget (const arithmetic)',
    filename: files.ts,
    code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const FLUSH_MS = 3 * 100;
process.on('SIGTERM', async () => {
  await sleep(FLUSH_MS);
});
`,
  },
  {
    name: 'internal extension imported: a 500 ms sleep is within its 500 ms budget',
    filename: files.ts,
    code: `import './lambda-shutdown-extension.js';
import { setTimeout as sleep } from 'node:timers/promises';
process.on('SIGTERM', async () => {
  await sleep(500);
});
`,
  },
  {
    name: 'internal extension of a scoped package: a 450 ms sleep is within the 500 ms budget',
    filename: files.ts,
    code: `import '@acme/lambda-shutdown-extension';
process.on('SIGTERM', async () => {
  await new Promise((resolve) => setTimeout(resolve, 450));
});
`,
  },
  {
    name: 'the file registers an internal extension itself (Extensions API register path): 400 ms is within 500 ms',
    filename: files.mjs,
    code: `import http from 'node:http';
const api = process.env.AWS_LAMBDA_RUNTIME_API;
if (api) {
  const req = http.request(\`http://\${api}/2020-01-01/extension/register\`, {
    method: 'POST',
    headers: { 'Lambda-Extension-Name': 'shutdown-helper' },
  });
  req.end(JSON.stringify({ events: [] }));
}
process.on('SIGTERM', async () => {
  await new Promise((resolve) => setTimeout(resolve, 400));
  process.exit(0);
});
`,
  },
  {
    name: 'internal extension required (CommonJS): a 450 ms delay helper is within 500 ms',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `require('./lambda-shutdown-extension');
function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
process.on('SIGTERM', async () => {
  await delay(450);
  process.exit(0);
});
`,
  },
  {
    name: 'container budget from settings: a 5 s timers/promises sleep is within 10 s',
    filename: files.ts,
    settings: containerSettings,
    code: `import { setTimeout } from 'timers/promises';
process.on('SIGTERM', async () => {
  await setTimeout(5000);
  process.exit(0);
});
`,
  },
  {
    name: 'container budget from settings: a sleep helper of 9 s through a same-file function',
    filename: files.ts,
    settings: containerSettings,
    code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
async function drain() {
  await sleep(9_000);
}
process.on('SIGINT', async () => {
  await drain();
});
`,
  },
  {
    name: 'a sleep helper of 250 ms two calls deep',
    filename: files.js,
    code: `const delay = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitForDrain() { await delay(250); }
async function shutdown() { await waitForDrain(); }
process.on('SIGTERM', shutdown);
`,
  },

  // ───────────────────────── sleeps with non-constant delays ─────────────────────────
  {
    name: 'a sleep whose delay comes from the environment',
    filename: files.ts,
    code: `process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, Number(process.env.DRAIN_MS)));
});
`,
  },
  {
    name: 'a sleep helper called with a non-constant delay',
    filename: files.js,
    code: `const delay = (ms) => new Promise((r) => setTimeout(r, ms));
process.on('SIGTERM', async () => {
  await delay(Number(process.env.DRAIN_MS ?? 100));
});
`,
  },
  {
    name: 'a let delay that other code reassigns is not a constant',
    filename: files.js,
    code: `let wait = 1000;
export function configure(ms) { wait = ms; }
process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, wait));
});
`,
  },

  // ───────────────────────── loops that await, or do not read the clock ─────────────────────────
  {
    name: 'a deadline loop that awaits in its body',
    filename: files.ts,
    code: `const pending = new Set<Promise<void>>();
process.on('SIGTERM', async () => {
  const deadline = Date.now() + 250;
  while (Date.now() < deadline && pending.size > 0) {
    await Promise.race([...pending]);
  }
  process.exit(0);
});
`,
  },
  {
    name: 'a do-while on performance.now() that awaits',
    filename: files.mjs,
    code: `import { performance } from 'node:perf_hooks';
process.on('SIGINT', async () => {
  const start = performance.now();
  do {
    await new Promise((r) => setImmediate(r));
  } while (performance.now() - start < 100);
});
`,
  },
  {
    name: 'a for loop that does not read the clock, and a clock read outside any loop',
    filename: files.js,
    code: `process.on('SIGTERM', async () => {
  const start = Date.now();
  for (let i = 0; i < 3; i++) {
    console.log('closing', i);
  }
  console.log('shutdown took', Date.now() - start);
});
`,
  },

  // ───────────────────────── asynchronous APIs ─────────────────────────
  {
    name: 'async fs APIs: fs.promises.writeFile, await writeFile from fs/promises, the callback writeFile',
    filename: files.ts,
    code: `import fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
process.on('SIGTERM', async () => {
  await fs.promises.writeFile('/tmp/report.json', '{}');
  await writeFile('/tmp/report.json', '{}');
  fs.writeFile('/tmp/report.json', '{}', () => process.exit(0));
});
`,
  },
  {
    name: 'async child_process, zlib and crypto (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { promisify } = require('node:util');
const execAsync = promisify(require('node:child_process').exec);
const zlib = require('zlib');
const crypto = require('crypto');
process.on('SIGTERM', async () => {
  await execAsync('sync');
  await promisify(zlib.gzip)('logs');
  crypto.pbkdf2('a', 'b', 1, 32, 'sha256', () => process.exit(0));
});
`,
  },
  {
    name: 'fs.closeSync is deliberately not a blocking API',
    filename: files.js,
    code: `import fs from 'fs';
const fd = 3;
process.on('SIGTERM', () => {
  fs.closeSync(fd);
  process.exit(0);
});
`,
  },

  // ───────────────────────── the same work outside SIGTERM / SIGINT listeners ─────────────────────────
  {
    name: 'sync, busy-wait and sleep at module scope and in the handler, outside any listener',
    filename: files.ts,
    code: `import fs from 'node:fs';
const config = fs.readFileSync('/var/task/config.json', 'utf8');
process.on('SIGTERM', () => {
  console.log('bye', config.length);
});
export const handler = async () => {
  fs.writeFileSync('/tmp/x', 'y');
  const end = Date.now() + 10;
  while (Date.now() < end) {}
  await new Promise((r) => setTimeout(r, 5000));
};
`,
  },
  {
    name: 'exit and beforeExit listeners belong to other rules',
    filename: files.js,
    code: `import fs from 'fs';
process.on('exit', () => {
  fs.writeFileSync('/tmp/report.json', '{}');
});
process.on('beforeExit', async () => {
  const end = Date.now() + 1000;
  while (Date.now() < end) {}
  await new Promise((r) => setTimeout(r, 5000));
});
`,
  },
  {
    name: 'a same-file function shared by an exit listener and the handler',
    filename: files.js,
    code: `import fs from 'fs';
function report() { fs.writeFileSync('/tmp/report.json', '{}'); }
process.on('exit', report);
export const handler = async () => { report(); };
`,
  },
  {
    name: 'SIGHUP and SIGUSR2 listeners are not shutdown paths',
    filename: files.js,
    code: `import fs from 'fs';
process.on('SIGHUP', () => fs.writeFileSync('/tmp/x', 'y'));
process.on('SIGUSR2', () => fs.writeFileSync('/tmp/x', 'y'));
`,
  },
  {
    name: 'removing a listener does not register one',
    filename: files.js,
    code: `import fs from 'fs';
function flush() { fs.writeFileSync('/tmp/x', 'y'); }
process.removeListener('SIGTERM', flush);
process.off('SIGINT', flush);
`,
  },
  {
    name: 'a SIGTERM listener on another emitter than process',
    filename: files.ts,
    code: `import { EventEmitter } from 'node:events';
import { execSync } from 'node:child_process';
const bus = new EventEmitter();
bus.on('SIGTERM', () => execSync('sync'));
`,
  },
  {
    name: 'a blocking function the listener only refers to, without calling it',
    filename: files.js,
    code: `import fs from 'fs';
function flush() { fs.writeFileSync('/tmp/x', 'y'); }
process.on('SIGTERM', () => {
  const later = flush;
  console.log(later.name);
});
`,
  },
  {
    name: 'a blocking function that only the handler calls',
    filename: files.ts,
    code: `import { execSync } from 'node:child_process';
function snapshot() { return execSync('df -h').toString(); }
async function shutdown() { console.log('bye'); }
process.on('SIGTERM', shutdown);
export const handler = async () => snapshot();
`,
  },
  {
    name: 'a listener imported from another file cannot be followed',
    filename: files.ts,
    code: `import { shutdown } from './shutdown.js';
process.on('SIGTERM', shutdown);
`,
  },
  {
    name: 'a recursive listener function without blocking work terminates',
    filename: files.js,
    code: `async function drain(n) { if (n > 0) await drain(n - 1); }
function a(n) { if (n) b(n - 1); }
function b(n) { a(n); }
process.on('SIGTERM', async () => { a(5); await drain(10); });
`,
  },
  {
    name: 'a local object named fs is not node:fs',
    filename: files.ts,
    code: `const fs = { writeFileSync(p: string, d: string) { console.log(p, d); } };
process.on('SIGTERM', () => { fs.writeFileSync('/tmp/x', 'y'); });
`,
  },
  {
    name: 'a local function named execSync is not child_process.execSync',
    filename: files.js,
    code: `function execSync(cmd) { return Promise.resolve(cmd); }
process.on('SIGTERM', async () => { await execSync('sync'); });
`,
  },
  {
    name: 'Atomics.wait in a function the listener never calls',
    filename: files.js,
    code: `function pause() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1000); }
process.on('SIGTERM', () => process.exit(0));
export { pause };
`,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────────────────────── real-world shapes ─────────────────────────
  {
    name: 'a listener that writes a final report with fs.writeFileSync (full message)',
    filename: files.ts,
    code: `import fs from 'node:fs';
const stats = { invocations: 0 };
process.on('SIGTERM', () => {
  fs.writeFileSync('/tmp/final-report.json', JSON.stringify(stats));
  process.exit(0);
});
export const handler = async () => { stats.invocations++; };
`,
    errors: [
      byMessage({
        message:
          '`fs.writeFileSync()` blocks the event loop in this SIGTERM listener. ' +
          "While it runs no other cleanup can progress, and Lambda sends SIGKILL when the shutdown budget (300 ms, the function's share of Lambda's shutdown phase beside external extensions) runs out. " +
          'Use the asynchronous API and await it, or move the work out of the shutdown path.',
        line: 4,
        column: 3,
        endLine: 4,
        endColumn: 68,
      }),
    ],
  },
  {
    name: "a listener that runs execSync('sync') (CommonJS, destructured require)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { execSync } = require('child_process');
process.on('SIGTERM', () => {
  execSync('sync');
  process.exit(0);
});
exports.handler = async (event) => event;
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execSync()`'), line: 3, column: 3, endLine: 3, endColumn: 19 }],
  },
  {
    name: 'aws-samples listener with the placeholder raised to 1 s (full message)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('SIGTERM', async () => {
  console.info('[runtime] SIGTERM received');

  console.info('[runtime] cleaning up');
  // perform actual clean up work here.
  await new Promise(resolve => setTimeout(resolve, 1000));

  console.info('[runtime] exiting');
  process.exit(0)
});
`,
    errors: [
      byMessage({
        message:
          'This SIGTERM listener waits with a 1000 ms sleep, longer than the shutdown budget (300 ms, the function\'s share of Lambda\'s shutdown phase beside external extensions). ' +
          'Lambda sends SIGKILL when the budget ends, so nothing after the wait runs. ' +
          'Remove the wait, or keep it well below the budget.',
        line: 6,
        column: 32,
        endLine: 6,
        endColumn: 57,
      }),
    ],
  },
  {
    name: 'a listener that spins until its logs are flushed (full message)',
    filename: files.ts,
    code: `process.on('SIGTERM', (): void => {
  const deadline: number = Date.now() + 250;
  while (Date.now() < deadline) {
    // wait for logs to flush
  }
  process.exit(0);
});
`,
    errors: [
      byMessage({
        message:
          'This SIGTERM listener spins in a busy-wait loop on the clock. ' +
          "The loop holds the event loop, so pending closes cannot finish while the shutdown budget (300 ms, the function's share of Lambda's shutdown phase beside external extensions) burns away. " +
          'Await the cleanup promises instead of polling the clock.',
        line: 3,
        column: 3,
        endLine: 5,
        endColumn: 4,
      }),
    ],
  },

  // ───────────────────────── synchronous APIs, every family and import spelling ─────────────────────────
  {
    name: "require('fs').readFileSync inline (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('SIGTERM', () => {
  const pending = require('fs').readFileSync('/tmp/pending.json', 'utf8');
  console.log(pending);
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.readFileSync()`'), line: 2, column: 19, endLine: 2, endColumn: 74 }],
  },
  {
    name: "namespace import of 'node:fs'",
    filename: files.ts,
    code: `import * as fs from 'node:fs';
process.on('SIGTERM', () => {
  fs.appendFileSync('/tmp/app.log', 'shutting down\\n');
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.appendFileSync()`'), line: 3, column: 3, endLine: 3, endColumn: 55 }],
  },
  {
    name: "renamed import from 'node:child_process'",
    filename: files.mjs,
    code: `import { execSync as sh } from 'node:child_process';
process.on('SIGTERM', () => {
  sh('sync');
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execSync()`'), line: 3, column: 3, endLine: 3, endColumn: 13 }],
  },
  {
    name: "default import of 'fs': two blocking calls, two reports",
    filename: files.js,
    code: `import fs from 'fs';
process.on('SIGTERM', () => {
  if (!fs.existsSync('/tmp/out')) fs.mkdirSync('/tmp/out');
});
`,
    errors: [
      { messageId: 'blockingCall', data: data('`fs.existsSync()`'), line: 3, column: 8, endLine: 3, endColumn: 33 },
      { messageId: 'blockingCall', data: data('`fs.mkdirSync()`'), line: 3, column: 35, endLine: 3, endColumn: 59 },
    ],
  },
  {
    name: "import { default as fs } from 'fs'",
    filename: files.ts,
    code: `import { default as fs } from 'fs';
process.on('SIGTERM', () => { fs.rmSync('/tmp/cache', { recursive: true }); });
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.rmSync()`'), line: 2, column: 31, endLine: 2, endColumn: 75 }],
  },
  {
    name: "node: requires in CommonJS, process.prependListener",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const fs = require('node:fs');
const cp = require('node:child_process');
process.prependListener('SIGTERM', () => {
  fs.writeFileSync('/tmp/x', 'y');
  cp.spawnSync('sync');
});
`,
    errors: [
      { messageId: 'blockingCall', data: data('`fs.writeFileSync()`'), line: 4, column: 3, endLine: 4, endColumn: 34 },
      { messageId: 'blockingCall', data: data('`child_process.spawnSync()`'), line: 5, column: 3, endLine: 5, endColumn: 23 },
    ],
  },
  {
    name: "require('child_process').execFileSync inline, process.addListener",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.addListener('SIGTERM', () => {
  require('child_process').execFileSync('/opt/bin/flush');
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execFileSync()`'), line: 2, column: 3, endLine: 2, endColumn: 58 }],
  },
  {
    name: 'fs.openSync is reported, fs.closeSync is not',
    filename: files.js,
    code: `import fs from 'fs';
process.on('SIGTERM', () => {
  const fd = fs.openSync('/tmp/x', 'w');
  fs.closeSync(fd);
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.openSync()`'), line: 3, column: 14, endLine: 3, endColumn: 40 }],
  },
  {
    name: "zlib: namespace import of 'node:zlib'",
    filename: files.ts,
    code: `import * as zlib from 'node:zlib';
process.on('SIGTERM', () => {
  const gz = zlib.gzipSync(Buffer.from('logs'));
  console.log(gz.length);
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`zlib.gzipSync()`'), line: 3, column: 14, endLine: 3, endColumn: 48 }],
  },
  {
    name: 'crypto: named import of pbkdf2Sync in a SIGINT listener',
    filename: files.ts,
    code: `import { pbkdf2Sync } from 'crypto';
process.on('SIGINT', () => {
  pbkdf2Sync('secret', 'salt', 100000, 64, 'sha512');
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`crypto.pbkdf2Sync()`', 'SIGINT'), line: 3, column: 3, endLine: 3, endColumn: 53 }],
  },
  {
    name: "crypto: require('node:crypto').scryptSync (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const crypto = require('node:crypto');
process.once('SIGTERM', () => {
  crypto.scryptSync('p', 's', 64);
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`crypto.scryptSync()`'), line: 3, column: 3, endLine: 3, endColumn: 34 }],
  },
  {
    name: 'Atomics.wait',
    filename: files.js,
    code: `const lock = new Int32Array(new SharedArrayBuffer(4));
process.on('SIGTERM', () => {
  Atomics.wait(lock, 0, 0, 1000);
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`Atomics.wait()`'), line: 3, column: 3, endLine: 3, endColumn: 33 }],
  },
  {
    name: "process imported from 'node:process'",
    filename: files.ts,
    code: `import process from 'node:process';
import { execSync } from 'node:child_process';
process.once('SIGTERM', () => {
  execSync('sync');
  process.exit(0);
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execSync()`'), line: 4, column: 3, endLine: 4, endColumn: 19 }],
  },
  {
    name: "once imported by name from 'node:process'",
    filename: files.ts,
    code: `import { once } from 'node:process';
import { writeFileSync } from 'node:fs';
once('SIGTERM', () => writeFileSync('/tmp/x', 'y'));
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`'), line: 3, column: 23, endLine: 3, endColumn: 51 }],
  },
  {
    name: 'a type assertion around the module object (TSX file)',
    filename: files.tsx,
    code: `import * as fs from 'node:fs';
const banner = <b>bye</b>;
process.on('SIGTERM', (): void => {
  (fs as typeof import('node:fs')).writeFileSync('/tmp/x', String(banner));
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`'), line: 4, column: 3, endLine: 4, endColumn: 75 }],
  },
  {
    name: 'a multi-line blocking call is reported over its whole extent',
    filename: files.js,
    code: `import { execSync } from 'child_process';
process.on('SIGTERM', () => {
  execSync(
    'sync',
    { stdio: 'inherit' },
  );
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execSync()`'), line: 3, column: 3, endLine: 6, endColumn: 4 }],
  },
  {
    name: 'a listener registered inside the handler still runs blocking work',
    filename: files.ts,
    code: `import fs from 'fs';
export const handler = async () => {
  process.once('SIGTERM', () => fs.writeFileSync('/tmp/x', 'y'));
};
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`'), line: 3, column: 33, endLine: 3, endColumn: 64 }],
  },

  // ───────────────────────── reached through same-file functions ─────────────────────────
  {
    name: 'two calls deep: shutdown() → flushLogs() (full message, reported at the listener call)',
    filename: files.ts,
    code: `import { writeFileSync } from 'fs';
function flushLogs() {
  writeFileSync('/tmp/app.log', 'bye');
}
function shutdown() {
  flushLogs();
}
process.on('SIGTERM', () => {
  shutdown();
  process.exit(0);
});
`,
    errors: [
      byMessage({
        message:
          '`fs.writeFileSync()` blocks the event loop in this SIGTERM listener (through `shutdown()` → `flushLogs()`). ' +
          "While it runs no other cleanup can progress, and Lambda sends SIGKILL when the shutdown budget (300 ms, the function's share of Lambda's shutdown phase beside external extensions) runs out. " +
          'Use the asynchronous API and await it, or move the work out of the shutdown path.',
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 13,
      }),
    ],
  },
  {
    name: 'three calls deep: a() → b() → c(), arrow functions in a SIGINT listener',
    filename: files.ts,
    code: `import * as cp from 'node:child_process';
const c = () => cp.execSync('sync');
const b = () => c();
function a() { b(); }
process.once('SIGINT', async () => {
  a();
});
`,
    errors: [
      { messageId: 'blockingCall', data: data('`child_process.execSync()`', 'SIGINT', ['a', 'b', 'c']), line: 6, column: 3, endLine: 6, endColumn: 6 },
    ],
  },
  {
    name: 'four calls deep: a() → b() → c() → d()',
    filename: files.js,
    code: `import fs from 'fs';
const d = () => fs.writeFileSync('/tmp/x', 'y');
const c = () => d();
const b = () => c();
const a = () => b();
process.on('SIGTERM', () => a());
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`', 'SIGTERM', ['a', 'b', 'c', 'd']), line: 6, column: 29, endLine: 6, endColumn: 32 }],
  },
  {
    name: 'a recursive function is followed once (CommonJS)',
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const fs = require('fs');
function retry(n) {
  if (n > 0) retry(n - 1);
  fs.readFileSync('/tmp/x');
}
process.on('SIGTERM', () => retry(3));
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.readFileSync()`', 'SIGTERM', ['retry']), line: 6, column: 29, endLine: 6, endColumn: 37 }],
  },
  {
    name: 'mutual recursion a() ↔ b()',
    filename: files.js,
    code: `import fs from 'fs';
function a(n) { if (n) b(n - 1); }
function b(n) { a(n); fs.appendFileSync('/tmp/x', 'y'); }
process.on('SIGTERM', () => a(2));
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.appendFileSync()`', 'SIGTERM', ['a', 'b']), line: 4, column: 29, endLine: 4, endColumn: 33 }],
  },
  {
    name: 'a function declared inside the listener',
    filename: files.js,
    code: `import fs from 'fs';
process.on('SIGTERM', () => {
  function flush() { fs.writeFileSync('/tmp/x', 'y'); }
  flush();
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`', 'SIGTERM', ['flush']), line: 4, column: 3, endLine: 4, endColumn: 10 }],
  },
  {
    name: 'a function expression assigned to a const',
    filename: files.js,
    code: `import { execSync } from 'child_process';
const flush = function () { execSync('sync'); };
process.on('SIGTERM', () => { flush(); });
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execSync()`', 'SIGTERM', ['flush']), line: 3, column: 31, endLine: 3, endColumn: 38 }],
  },
  {
    name: 'the listener passed by name: work in it is reported where it is',
    filename: files.js,
    code: `import fs from 'fs';
process.on('SIGTERM', onSigterm);
function onSigterm() {
  fs.writeFileSync('/tmp/x', 'y');
}
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`'), line: 4, column: 3, endLine: 4, endColumn: 34 }],
  },
  {
    name: 'a nested call inside Promise.all: closeAll() → b()',
    filename: files.ts,
    code: `import fs from 'fs';
async function closeAll() { await Promise.all([a(), b()]); }
async function a() {}
function b() { fs.rmSync('/tmp/x', { recursive: true }); }
process.on('SIGTERM', async () => { await closeAll(); process.exit(0); });
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.rmSync()`', 'SIGTERM', ['closeAll', 'b']), line: 5, column: 43, endLine: 5, endColumn: 53 }],
  },
  {
    name: 'one blocking function, a SIGTERM and a SIGINT listener that both call it',
    filename: files.js,
    code: `import fs from 'fs';
function flush() { fs.writeFileSync('/tmp/x', 'y'); }
process.on('SIGTERM', () => flush());
process.on('SIGINT', () => flush());
`,
    errors: [
      { messageId: 'blockingCall', data: data('`fs.writeFileSync()`', 'SIGTERM', ['flush']), line: 3, column: 29, endLine: 3, endColumn: 36 },
      { messageId: 'blockingCall', data: data('`fs.writeFileSync()`', 'SIGINT', ['flush']), line: 4, column: 28, endLine: 4, endColumn: 35 },
    ],
  },
  {
    name: 'one function registered for SIGTERM and SIGINT: the blocking call is reported once',
    filename: files.js,
    code: `import fs from 'fs';
function shutdown() { fs.writeFileSync('/tmp/x', 'y'); }
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
`,
    errors: [{ messageId: 'blockingCall', data: data('`fs.writeFileSync()`'), line: 2, column: 23, endLine: 2, endColumn: 54 }],
  },
  {
    name: 'a zlib call in a helper',
    filename: files.js,
    code: `import * as zlib from 'zlib';
const compress = (b) => zlib.brotliCompressSync(b);
process.on('SIGTERM', () => { compress(Buffer.from('x')); });
`,
    errors: [{ messageId: 'blockingCall', data: data('`zlib.brotliCompressSync()`', 'SIGTERM', ['compress']), line: 3, column: 31, endLine: 3, endColumn: 57 }],
  },

  // ───────────────────────── busy-wait loops ─────────────────────────
  {
    name: 'busy-wait on Date.now() (JavaScript)',
    filename: files.js,
    code: `process.on('SIGTERM', () => {
  const end = Date.now() + 1000;
  while (Date.now() < end) {}
  process.exit(0);
});
`,
    errors: [{ messageId: 'busyWait', data: busy(), line: 3, column: 3, endLine: 3, endColumn: 30 }],
  },
  {
    name: 'busy-wait on process.hrtime.bigint() in a do-while, SIGINT',
    filename: files.ts,
    code: `process.on('SIGINT', () => {
  const end = process.hrtime.bigint() + 1_000_000n;
  do {} while (process.hrtime.bigint() < end);
});
`,
    errors: [{ messageId: 'busyWait', data: busy('SIGINT'), line: 3, column: 3, endLine: 3, endColumn: 47 }],
  },
  {
    name: 'busy-wait on new Date() in a for loop',
    filename: files.js,
    code: `process.on('SIGTERM', () => {
  const start = new Date();
  for (let i = 0; new Date() - start < 500; i++) {}
});
`,
    errors: [{ messageId: 'busyWait', data: busy(), line: 3, column: 3, endLine: 3, endColumn: 52 }],
  },
  {
    name: 'busy-wait on process.hrtime(start)',
    filename: files.js,
    code: `process.on('SIGTERM', () => {
  const start = process.hrtime();
  while (process.hrtime(start)[0] < 1) {}
});
`,
    errors: [{ messageId: 'busyWait', data: busy(), line: 3, column: 3, endLine: 3, endColumn: 42 }],
  },
  {
    name: 'busy-wait on performance.now() two calls deep: cleanup() → spin()',
    filename: files.mjs,
    code: `import { performance } from 'perf_hooks';
function spin(ms) {
  const s = performance.now();
  while (performance.now() - s < ms);
}
function cleanup() { spin(100); }
process.on('SIGTERM', () => cleanup());
`,
    errors: [{ messageId: 'busyWait', data: busy('SIGTERM', ['cleanup', 'spin']), line: 7, column: 29, endLine: 7, endColumn: 38 }],
  },
  {
    name: 'a loop whose only await is inside a callback still spins',
    filename: files.js,
    code: `const pending = [];
process.on('SIGTERM', () => {
  const end = Date.now() + 200;
  while (Date.now() < end) {
    pending.forEach(async (p) => { await p; });
  }
});
`,
    errors: [{ messageId: 'busyWait', data: busy(), line: 4, column: 3, endLine: 6, endColumn: 4 }],
  },

  // ───────────────────────── sleeps longer than the budget ─────────────────────────
  {
    name: 'new Promise with setTimeout(() => resolve(), 1000)',
    filename: files.js,
    code: `process.on('SIGTERM', async () => {
  await new Promise((resolve) => {
    setTimeout(() => resolve(), 1000);
  });
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 1000 ms sleep'), line: 3, column: 5, endLine: 3, endColumn: 38 }],
  },
  {
    name: "timers/promises setTimeout renamed to sleep, 2 * 1000 ('node:' prefix)",
    filename: files.ts,
    code: `import { setTimeout as sleep } from 'node:timers/promises';
process.on('SIGTERM', async () => {
  await sleep(2 * 1000);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 2000 ms sleep'), line: 3, column: 9, endLine: 3, endColumn: 24 }],
  },
  {
    name: "require('timers').promises.setTimeout (CommonJS)",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `process.on('SIGTERM', async () => {
  await require('timers').promises.setTimeout(1000);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 1000 ms sleep'), line: 2, column: 9, endLine: 2, endColumn: 52 }],
  },
  {
    name: "destructured require of 'node:timers/promises': 301 ms is just over the budget, prependOnceListener",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `const { setTimeout: wait } = require('node:timers/promises');
process.prependOnceListener('SIGTERM', async () => {
  await wait(301);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 301 ms sleep'), line: 3, column: 9, endLine: 3, endColumn: 18 }],
  },
  {
    name: "namespace import of 'timers/promises'",
    filename: files.ts,
    code: `import * as timers from 'timers/promises';
process.on('SIGINT', async () => {
  await timers.setTimeout(1000);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 1000 ms sleep', 'SIGINT'), line: 3, column: 9, endLine: 3, endColumn: 32 }],
  },
  {
    name: "import { promises } from 'node:timers'",
    filename: files.mjs,
    code: `import { promises } from 'node:timers';
process.on('SIGTERM', async () => {
  await promises.setTimeout(1000);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 1000 ms sleep'), line: 3, column: 9, endLine: 3, endColumn: 34 }],
  },
  {
    name: 'a const delay with arithmetic in a TS generic promise',
    filename: files.ts,
    code: `const GRACE_MS = 5_000;
process.on('SIGTERM', async () => {
  await new Promise<void>((resolve) => setTimeout(resolve, GRACE_MS / 2));
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 2500 ms sleep'), line: 3, column: 40, endLine: 3, endColumn: 73 }],
  },
  {
    name: 'a local sleep helper called with a const',
    filename: files.js,
    code: `const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const DELAY = 400;
process.on('SIGTERM', async () => {
  await sleep(DELAY);
});
`,
    errors: [{ messageId: 'longSleep', data: data('`sleep(400)`'), line: 4, column: 9, endLine: 4, endColumn: 21 }],
  },
  {
    name: 'a local sleep helper wrapping timers/promises',
    filename: files.ts,
    code: `import { setTimeout as st } from 'timers/promises';
function sleep(ms: number) { return st(ms); }
process.on('SIGTERM', async () => {
  await sleep(1000);
});
`,
    errors: [{ messageId: 'longSleep', data: data('`sleep(1000)`'), line: 4, column: 9, endLine: 4, endColumn: 20 }],
  },
  {
    name: 'a sleep helper called through a same-file function: drain() (TypeScript)',
    filename: files.ts,
    code: `const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
async function drain() {
  await sleep(1_000);
}
process.on('SIGTERM', async () => {
  await drain();
});
`,
    errors: [{ messageId: 'longSleep', data: data('`sleep(1000)`', 'SIGTERM', ['drain']), line: 6, column: 9, endLine: 6, endColumn: 16 }],
  },
  {
    name: 'a delay helper two calls deep, the listener passed by name',
    filename: files.js,
    code: `const delay = (ms) => new Promise((r) => setTimeout(r, ms));
async function waitForDrain() { await delay(2000); }
async function shutdown() { await waitForDrain(); }
process.on('SIGTERM', shutdown);
`,
    errors: [{ messageId: 'longSleep', data: data('`delay(2000)`', 'SIGTERM', ['waitForDrain']), line: 3, column: 35, endLine: 3, endColumn: 49 }],
  },
  {
    name: 'a helper with its own constant delay',
    filename: files.js,
    code: `const wait = () => new Promise((r) => setTimeout(r, 1000));
process.on('SIGTERM', async () => {
  await wait();
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 1000 ms sleep', 'SIGTERM', ['wait']), line: 3, column: 9, endLine: 3, endColumn: 15 }],
  },
  {
    name: 'a sleep three calls deep through a recursive retry: shutdown() → close() → retry()',
    filename: files.ts,
    code: `import { setTimeout as sleep } from 'node:timers/promises';
async function retry(n: number): Promise<void> {
  if (n > 0) {
    await sleep(1000);
    return retry(n - 1);
  }
}
async function close() { await retry(3); }
async function shutdown() { await close(); }
process.once('SIGTERM', async () => {
  await shutdown();
  process.exit(0);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 1000 ms sleep', 'SIGTERM', ['shutdown', 'close', 'retry']), line: 11, column: 9, endLine: 11, endColumn: 19 }],
  },

  // ───────────────────────── the three budgets ─────────────────────────
  {
    name: 'internal extension imported: 400 ms passes, 600 ms is over the 500 ms budget',
    filename: files.ts,
    code: `import './lambda-shutdown-extension.js';
function delay(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
process.on('SIGTERM', async () => {
  await delay(400);
  await delay(600);
});
`,
    errors: [{ messageId: 'longSleep', data: data('`delay(600)`', 'SIGTERM', [], BUDGET_500), line: 7, column: 9, endLine: 7, endColumn: 19 }],
  },
  {
    name: 'the file registers the internal extension itself: 501 ms is over 500 ms',
    filename: files.mjs,
    code: `const url = \`http://\${process.env.AWS_LAMBDA_RUNTIME_API}/2020-01-01/extension/register\`;
await fetch(url, { method: 'POST', headers: { 'Lambda-Extension-Name': 'shutdown' }, body: '{"events":[]}' });
process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, 501));
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 501 ms sleep', 'SIGTERM', [], BUDGET_500), line: 4, column: 28, endLine: 4, endColumn: 46 }],
  },
  {
    name: "internal extension required (CommonJS): require('./lambda-shutdown-extension'), 450 passes, 501 is over",
    filename: files.cjs,
    languageOptions: commonjs,
    code: `require('./lambda-shutdown-extension');
process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, 450));
  await new Promise((r) => setTimeout(r, 501));
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 501 ms sleep', 'SIGTERM', [], BUDGET_500), line: 4, column: 28, endLine: 4, endColumn: 46 }],
  },
  {
    name: 'internal extension: a blocking call names the 500 ms budget',
    filename: files.ts,
    code: `import { registerExtension } from './lambda-shutdown-extension.js';
import { execSync } from 'node:child_process';
await registerExtension();
process.on('SIGTERM', () => {
  execSync('sync');
});
`,
    errors: [{ messageId: 'blockingCall', data: data('`child_process.execSync()`', 'SIGTERM', [], BUDGET_500), line: 5, column: 3, endLine: 5, endColumn: 19 }],
  },
  {
    name: 'a module that only looks like the extension does not raise the budget',
    filename: files.ts,
    code: `import './lambda-shutdown-extension-test.js';
process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, 400));
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 400 ms sleep'), line: 3, column: 28, endLine: 3, endColumn: 46 }],
  },
  {
    name: 'container budget from settings: 5 s passes, 15 s is over 10 s',
    filename: files.ts,
    settings: containerSettings,
    code: `import { setTimeout } from 'timers/promises';
process.on('SIGTERM', async () => {
  await setTimeout(5000);
  await setTimeout(15000);
});
`,
    errors: [{ messageId: 'longSleep', data: data('a 15000 ms sleep', 'SIGTERM', [], BUDGET_CONTAINER), line: 4, column: 9, endLine: 4, endColumn: 26 }],
  },
  {
    name: 'container budget from settings: a blocking call and a busy-wait name the configured budget',
    filename: files.js,
    settings: containerSettings,
    code: `import fs from 'fs';
process.on('SIGINT', () => {
  fs.writeFileSync('/tmp/x', 'y');
  const end = Date.now() + 100;
  while (Date.now() < end);
});
`,
    errors: [
      { messageId: 'blockingCall', data: data('`fs.writeFileSync()`', 'SIGINT', [], BUDGET_CONTAINER), line: 3, column: 3 },
      { messageId: 'busyWait', data: busy('SIGINT', [], BUDGET_CONTAINER), line: 5, column: 3 },
    ],
  },
  {
    name: 'settings win over the internal extension: a 250 ms budget',
    filename: files.ts,
    settings: { 'lambda-shutdown': { shutdownBudgetMs: 250 } },
    code: `import './lambda-shutdown-extension.js';
process.on('SIGTERM', async () => {
  await new Promise((r) => setTimeout(r, 400));
});
`,
    errors: [
      {
        messageId: 'longSleep',
        data: data('a 400 ms sleep', 'SIGTERM', [], "250 ms, set in settings['lambda-shutdown'].shutdownBudgetMs"),
        line: 3,
        column: 28,
      },
    ],
  },

  // ───────────────────────── several kinds in one listener ─────────────────────────
  {
    name: 'a blocking call, a long sleep and a busy-wait in one listener, in source order',
    filename: files.js,
    code: `import { execSync } from 'child_process';
process.on('SIGTERM', async () => {
  execSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const end = Date.now() + 50;
  while (Date.now() < end);
  process.exit(0);
});
`,
    errors: [
      { messageId: 'blockingCall', data: data('`child_process.execSync()`'), line: 3, column: 3 },
      { messageId: 'longSleep', data: data('a 1000 ms sleep'), line: 4, column: 34 },
      { messageId: 'busyWait', data: busy(), line: 6, column: 3 },
    ],
  },
];

ruleTester.run('no-blocking-signal-handler', rule, { valid: [...valid, ...regressionValid], invalid: [...invalid, ...regressionInvalid] });
