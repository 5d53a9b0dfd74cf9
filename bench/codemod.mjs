#!/usr/bin/env node
/**
 * The cost of `lambda-shutdown-codemod all` (run as `npm run bench:codemod`: build, then this script).
 *
 * Issue: "on the 2,000-file corpus, the time of `codemod all` against a no-op jscodeshift transform over the same
 * files in one run; target ≤ 1.5×". The corpus is bench/.corpus (bench/corpus.mjs: 2,000 generated Lambda-style
 * files plus examples/src). Every timed run gets a fresh copy of it in a temp dir (the codemod writes), and is a
 * separate process, timed from outside:
 *   read     jscodeshift's Runner (`require('jscodeshift/src/Runner').run`) with a transform that only returns
 *            `file.source`, over the copy's directory, default worker pool: spawning workers, walking the tree,
 *            reading every file. No codemod is this cheap; shown for reference.
 *   noop     the same Runner with the no-op jscodeshift codemod: `j(file.source)` with the parser for the file's
 *            extension (ts, tsx, babel), then `file.source`. Any jscodeshift codemod parses every file to find out
 *            there is nothing to do; this is the baseline and the one the verdict uses.
 *   raw      the same Runner with the two real transforms chained in one transform (add-shutdown-hook, then
 *            add-finally-cleanup) and jscodeshift's own writes: what the transforms cost by themselves
 *   codemod  `node codemods/dist/codemods/cli/index.js all --force` (the temp dir is no git work tree): the real command, with
 *            its file discovery, worker pool, atomic writes (temp file, fsync, rename), re-lint of changed files for
 *            the findings left, and summary
 * Each round runs the four back to back, in rotating order. Reported: the medians of wall time and of CPU time (user
 * + system of the whole process tree, workers included, from bash's `time`), and the ratios codemod/noop (the
 * issue's target) and codemod/raw (what the command adds over the bare transforms); each ratio is the median of the
 * per-round ratios, so drift in machine speed between rounds cancels out. The verdict uses wall time by default
 * (`--metric cpu` to change): the issue asks for time, and both Runners use the same number of workers.
 *
 * Rounds: `--rounds N` runs exactly N. Without it, up to 5 rounds, as many as fit in `--budget SECONDS` (900),
 * never fewer than 3.
 *
 * Options: --rounds N  --budget S  --count N (generated files, 2000)  --seed S  --corpus DIR  --target X (1.5)
 *          --metric wall|cpu (wall)  --cpus N (passed to both Runners)  --no-write  --check (exit 1 over the target)
 *          --real (the real-world corpus, bench/real-world/.cache, as it is; results in bench/results/codemod-real.json)
 * Output: a human table, bench/results/codemod.json, and the same result as one JSON line at the end.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { DEFAULT_COUNT, DEFAULT_OUT_DIR, DEFAULT_SEED, ensureCorpus } from './corpus.mjs';
import { benchOptions, median, writeResult } from './common.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
/** The codemods package's bin and transforms, from its own build (codemods/dist). */
const BIN = path.join(REPO_ROOT, 'codemods', 'dist', 'codemods', 'cli', 'index.js');
const TRANSFORMS = ['add-shutdown-hook', 'add-finally-cleanup'].map((n) => path.join(REPO_ROOT, 'codemods', 'dist', 'codemods', n, 'transform.js'));
const EXTENSIONS = 'js,mjs,cjs,jsx,ts,mts,cts,tsx';

function parseArgs(argv) {
  return benchOptions(
    argv,
    {
      rounds: { type: 'int' },
      budget: { type: 'int' },
      count: { type: 'int' },
      seed: { type: 'int', min: 0 },
      corpus: { type: 'path' },
      target: { type: 'number' },
      metric: { type: 'choice', choices: ['wall', 'cpu'] },
      cpus: { type: 'int' },
      real: { type: 'boolean' },
      'no-write': { type: 'boolean', key: 'write', negate: true },
      check: { type: 'boolean' },
    },
    {
      defaults: { rounds: undefined, maxRounds: 5, minRounds: 3, budget: 900, count: DEFAULT_COUNT, seed: DEFAULT_SEED, corpus: DEFAULT_OUT_DIR, target: 1.5, metric: 'wall', cpus: undefined, real: false, write: true, check: false },
      usage: 'usage: node bench/codemod.mjs [--rounds N] [--budget S] [--count N] [--seed S] [--corpus DIR] [--target X] [--metric wall|cpu] [--cpus N] [--real] [--no-write] [--check]',
    },
  );
}

const sec = (x) => `${x.toFixed(2)} s`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

// ---------------------------------------------------------------------------------------------------------------
// The two Runner variants: a driver script and its transforms, written to a temp dir
// ---------------------------------------------------------------------------------------------------------------

function writeDrivers(dir) {
  const runner = path.join(REPO_ROOT, 'node_modules', 'jscodeshift', 'src', 'Runner.js');
  const driver = path.join(dir, 'runner-driver.cjs');
  fs.writeFileSync(
    driver,
    `// node runner-driver.cjs <transform> [cpus]: jscodeshift's Runner over the current directory, as jscodeshift's CLI would run it.
const Runner = require(${JSON.stringify(runner)});
const [transform, cpus] = process.argv.slice(2);
Runner.run(transform, ['.'], {
  extensions: ${JSON.stringify(EXTENSIONS)},
  ignorePattern: ['**/node_modules/**'],
  silent: true,
  verbose: 0,
  babel: false,
  dry: false,
  ...(cpus ? { cpus: Number(cpus) } : {}),
}).then((r) => console.log(JSON.stringify(r)), (e) => { console.error(e); process.exit(2); });
`,
  );
  const read = path.join(dir, 'read-transform.cjs');
  fs.writeFileSync(read, 'module.exports = function read(file) {\n  return file.source;\n};\n');
  const noop = path.join(dir, 'noop-transform.cjs');
  fs.writeFileSync(
    noop,
    `// The no-op jscodeshift codemod: parses the file into a Collection, as any jscodeshift codemod must to find out that
// there is nothing to change, and returns the source unchanged. The parser by extension, as \`lambda-shutdown codemod\`
// chooses it (the Runner's own \`parser\` option is one for all files): ts, tsx for .tsx, babel for JavaScript.
const path = require('node:path');
const byParser = new Map();
module.exports = function noop(file, api) {
  const ext = path.extname(file.path).toLowerCase();
  const parser = ext === '.tsx' ? 'tsx' : ext === '.ts' || ext === '.mts' || ext === '.cts' ? 'ts' : 'babel';
  let j = byParser.get(parser);
  if (!j) byParser.set(parser, (j = api.jscodeshift.withParser(parser)));
  j(file.source);
  return file.source;
};
`,
  );
  const raw = path.join(dir, 'raw-transform.mjs');
  fs.writeFileSync(
    raw,
    `// add-shutdown-hook, then add-finally-cleanup, on one file: the real transforms and nothing else.
import shutdownHook from ${JSON.stringify(pathToFileURL(TRANSFORMS[0]).href)};
import finallyCleanup from ${JSON.stringify(pathToFileURL(TRANSFORMS[1]).href)};
export default function transform(file, api, options) {
  const once = shutdownHook(file, api, options);
  return finallyCleanup({ path: file.path, source: once }, api, options);
}
`,
  );
  return { driver, read, noop, raw };
}

// ---------------------------------------------------------------------------------------------------------------
// One timed run
// ---------------------------------------------------------------------------------------------------------------

/** Runs `argv` in `cwd` under bash's `time`: wall and CPU (user + sys of the process and all its waited-for children). */
function timed(argv, cwd, logPrefix) {
  const out = `${logPrefix}.out`;
  const err = `${logPrefix}.err`;
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%3R %3U %3S"; time "$@" >"$OUT" 2>"$ERR"', 'bash', ...argv], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, OUT: out, ERR: err },
  });
  const m = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr ?? '');
  if (!m) throw new Error(`could not time ${argv.join(' ')}: ${r.stderr}`);
  return { wall: Number(m[1]), cpu: Number(m[2]) + Number(m[3]), status: r.status, stdout: fs.readFileSync(out, 'utf8'), stderr: fs.readFileSync(err, 'utf8') };
}

function freshCopy(corpusDir, tmp, name) {
  const dir = path.join(tmp, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(corpusDir, dir, { recursive: true });
  return dir;
}

function countsOf(summary) {
  const out = {};
  for (const m of summary.matchAll(/^ {2}(changed|unchanged|skipped|failed|left for a human) +([\d,]+)/gm)) out[m[1]] = Number(m[2].replace(/,/g, ''));
  return out;
}

function runVariant(name, ctx, round) {
  const dir = freshCopy(ctx.corpusDir, ctx.tmp, `${name}-${round}`);
  const log = path.join(ctx.tmp, `${name}-${round}`);
  const cpus = ctx.opts.cpus ? [String(ctx.opts.cpus)] : [];
  let t;
  let check;
  if (name === 'codemod') {
    t = timed([process.execPath, BIN, 'all', '--force', ...(ctx.opts.cpus ? ['--cpus', String(ctx.opts.cpus)] : [])], dir, log);
    if (t.status !== 0 && t.status !== 1) throw new Error(`codemod all exited ${t.status}: ${t.stderr.slice(-2000)}`);
    check = countsOf(t.stdout);
  } else {
    t = timed([process.execPath, ctx.drivers.driver, ctx.drivers[name], ...cpus], dir, log);
    if (t.status !== 0) throw new Error(`${name} exited ${t.status}: ${t.stderr.slice(-2000)}`);
    const r = JSON.parse(t.stdout.trim().split('\n').pop());
    check = { changed: r.ok, unchanged: r.nochange, skipped: r.skip, failed: r.error };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return { wall: t.wall, cpu: t.cpu, counts: check };
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

/**
 * `--real`: the real-world corpus that `npm run bench:real` lints (bench/real-world/.cache, laid out by repository by
 * bench/real-world/materialize.mjs), used as it is: nothing is generated into it, and each run gets a fresh copy like the generated corpus.
 */
function realCorpus() {
  const outDir = path.join(BENCH_DIR, 'real-world', '.cache');
  if (!fs.existsSync(outDir)) throw new Error('bench/real-world/.cache does not exist: fetch the repositories of bench/real-world/manifest.jsonl, then run `node bench/real-world/materialize.mjs`');
  let files = 0;
  let bytes = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (new RegExp(`\\.(${EXTENSIONS.split(',').join('|')})$`).test(e.name)) {
        files++;
        bytes += fs.statSync(p).size;
      }
    }
  };
  walk(outDir);
  const repositories = fs.readdirSync(outDir).flatMap((owner) => (fs.statSync(path.join(outDir, owner)).isDirectory() ? fs.readdirSync(path.join(outDir, owner)) : [])).length;
  return { outDir, repositories, generated: { files, bytes }, examples: { files: 0 } };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const f of [BIN, ...TRANSFORMS]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(process.cwd(), f)} does not exist: build first (\`npm run build\`; \`npm run bench:codemod\` does it for you)`);
  }
  const corpus = opts.real ? realCorpus() : ensureCorpus({ outDir: opts.corpus, count: opts.count, seed: opts.seed });
  const corpusFiles = corpus.generated.files + corpus.examples.files;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-bench-codemod-'));
  const ctx = { opts, corpusDir: corpus.outDir, tmp, drivers: writeDrivers(tmp) };
  const variants = ['read', 'noop', 'raw', 'codemod'];
  const runs = { read: [], noop: [], raw: [], codemod: [] };
  const what = opts.real ? `real-world files of ${corpus.repositories} repositories (bench/real-world/.cache)` : `files (${corpus.generated.files} generated + ${corpus.examples.files} examples)`;
  console.log(`codemod bench: ${corpusFiles.toLocaleString('en-US')} ${what}, node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const started = Date.now();
  try {
    for (let round = 0; ; round++) {
      const target = opts.rounds ?? opts.maxRounds;
      if (round >= target) break;
      if (opts.rounds === undefined && round >= opts.minRounds) {
        const perRound = (Date.now() - started) / round;
        if (Date.now() - started + perRound > opts.budget * 1000) break;
      }
      const order = variants.map((_, i) => variants[(i + round) % variants.length]);
      const line = [];
      for (const v of order) {
        const r = runVariant(v, ctx, round);
        runs[v].push(r);
        line.push(`${v} ${sec(r.wall)} (cpu ${sec(r.cpu)})`);
      }
      console.log(`round ${round + 1}: ${line.join(', ')}`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  const rounds = runs.codemod.length;
  const stat = (v) => ({
    wall: runs[v].map((r) => r.wall),
    cpu: runs[v].map((r) => r.cpu),
    medianWall: median(runs[v].map((r) => r.wall)),
    medianCpu: median(runs[v].map((r) => r.cpu)),
    counts: runs[v][0]?.counts,
  });
  const ratio = (a, b, metric) => median(runs[a].map((r, i) => r[metric] / runs[b][i][metric]));
  const result = {
    bench: 'codemod',
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
    corpus: opts.real
      ? { files: corpusFiles, realWorld: true, repositories: corpus.repositories, bytes: corpus.generated.bytes }
      : { files: corpusFiles, generated: corpus.generated.files, examples: corpus.examples.files, seed: corpus.seed, bytes: corpus.generated.bytes },
    rounds,
    metric: opts.metric,
    target: opts.target,
    variants: { read: stat('read'), noop: stat('noop'), raw: stat('raw'), codemod: stat('codemod') },
    ratios: {
      codemodOverNoop: { wall: ratio('codemod', 'noop', 'wall'), cpu: ratio('codemod', 'noop', 'cpu') },
      codemodOverRead: { wall: ratio('codemod', 'read', 'wall'), cpu: ratio('codemod', 'read', 'cpu') },
      rawOverNoop: { wall: ratio('raw', 'noop', 'wall'), cpu: ratio('raw', 'noop', 'cpu') },
      codemodOverRaw: { wall: ratio('codemod', 'raw', 'wall'), cpu: ratio('codemod', 'raw', 'cpu') },
    },
  };
  result.verdict = result.ratios.codemodOverNoop[opts.metric] <= opts.target ? 'within target' : 'over target';

  console.log('');
  console.log(`${pad('variant', 9)}${lpad('wall (median)', 15)}${lpad('cpu (median)', 15)}   files changed / unchanged / failed`);
  for (const v of variants) {
    const s = result.variants[v];
    console.log(`${pad(v, 9)}${lpad(sec(s.medianWall), 15)}${lpad(sec(s.medianCpu), 15)}   ${s.counts?.changed} / ${s.counts?.unchanged} / ${s.counts?.failed}`);
  }
  const x = (r) => `${r.wall.toFixed(2)}× wall, ${r.cpu.toFixed(2)}× cpu`;
  console.log('');
  console.log(`codemod all / no-op codemod:    ${x(result.ratios.codemodOverNoop)}   (target ≤ ${opts.target}× ${opts.metric}: ${result.verdict})`);
  console.log(`raw transforms / no-op codemod: ${x(result.ratios.rawOverNoop)}`);
  console.log(`codemod all / read-only Runner: ${x(result.ratios.codemodOverRead)}   (against a transform that does not even parse)`);
  console.log(`codemod all / raw transforms:   ${x(result.ratios.codemodOverRaw)}   (what the command adds over the bare transforms)`);

  if (opts.write) {
    writeResult(opts.real ? 'codemod-real.json' : 'codemod.json', result);
  }
  console.log(JSON.stringify(result));
  if (opts.check && result.verdict !== 'within target') process.exitCode = 1;
}

main();
