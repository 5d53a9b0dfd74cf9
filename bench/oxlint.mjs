#!/usr/bin/env node
/**
 * Our rules under oxlint and under ESLint, side by side (run as `npm run bench:oxlint`: build, then this script).
 *
 * Lints the bench corpus (bench/corpus.mjs: examples/src plus ≥2,000 generated Lambda-style files), copied to a
 * temporary directory (oxlint skips what git ignores, and bench/.corpus/ is), with `configs.recommended`'s rules in
 * two child processes started the same way, `node <bin> …` in that directory:
 *   eslint   the ESLint CLI with a config file that is `[plugin.configs.recommended]` (the TypeScript parser)
 *   oxlint   the pinned oxlint CLI with an `.oxlintrc.json` that loads the plugin through `jsPlugins` and turns on
 *            the same rules, oxlint's own rules off (`categories: { correctness: 'off' }`), so both run our rules only
 * alternating which goes first in every round. Each run is timed twice: wall clock, and the CPU time of the child
 * (user + system of all its threads: `process.cpuUsage()` written at exit by a preloaded module, `--import`), the
 * medians over rounds are compared. oxlint runs with its default thread count unless `--oxlint-threads N`.
 * Findings come from each tool's JSON output: the count per rule, and whether the two lists of (file, line, rule)
 * are equal (the first differences are printed).
 *
 * Options: --rounds N (3)  --count N (generated files, 2000)  --seed S  --corpus DIR  --plugin FILE (dist/index.js)
 *          --oxlint-threads N  --no-write  --check (exit 1 when the findings differ)
 * Output: a human table, bench/results/oxlint.json, and the same result as one JSON line at the end.
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
const NAMESPACE = 'lambda-shutdown';
const ESLINT_BIN = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const OXLINT_BIN = path.join(REPO_ROOT, 'node_modules', 'oxlint', 'bin', 'oxlint');

function parseArgs(argv) {
  return benchOptions(
    argv,
    {
      rounds: { type: 'int' },
      count: { type: 'int' },
      seed: { type: 'int', min: 0 },
      corpus: { type: 'path' },
      plugin: { type: 'path' },
      'oxlint-threads': { type: 'int' },
      'no-write': { type: 'boolean', key: 'write', negate: true },
      check: { type: 'boolean' },
    },
    {
      defaults: {
        rounds: 3,
        count: DEFAULT_COUNT,
        seed: DEFAULT_SEED,
        corpus: DEFAULT_OUT_DIR,
        plugin: path.join(REPO_ROOT, 'dist', 'index.js'),
        oxlintThreads: undefined,
        write: true,
        check: false,
      },
      usage: 'usage: node bench/oxlint.mjs [--rounds N] [--count N] [--seed S] [--corpus DIR] [--plugin FILE] [--oxlint-threads N] [--no-write] [--check]',
    },
  );
}

const s1 = (ms) => `${(ms / 1000).toFixed(1)} s`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const r1 = (x) => Math.round(x * 10) / 10;
const slash = (p) => p.split(path.sep).join('/');

/** The child's own CPU time at exit (user + system, all threads), written where BENCH_CPU_FILE says. */
const CPU_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(
    "import fs from 'node:fs'; process.on('exit', () => { const u = process.cpuUsage(); fs.writeFileSync(process.env.BENCH_CPU_FILE, JSON.stringify(u)); });",
  );

/** One run of `node --import <preload> bin …args` in `cwd`: wall and CPU time, stdout. */
function timedChild(bin, args, cwd, cpuFile) {
  fs.rmSync(cpuFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', CPU_PRELOAD, bin, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, BENCH_CPU_FILE: cpuFile },
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${path.basename(bin)} exited ${r.status}: ${r.stderr || r.stdout.slice(0, 2000)}`);
  const cpu = JSON.parse(fs.readFileSync(cpuFile, 'utf8'));
  return { wall, cpu: (cpu.user + cpu.system) / 1000, stdout: r.stdout };
}

/** `file:line rule` of every finding of ESLint's JSON output, sorted; plus files linted and parse errors. */
function eslintFindings(jsonFile, corpus) {
  const results = JSON.parse(fs.readFileSync(jsonFile, 'utf8'));
  const found = [];
  let fatal = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) fatal++;
      else if (m.ruleId) found.push(`${slash(path.relative(corpus, r.filePath))}:${m.line} ${m.ruleId}`);
    }
  }
  return { files: results.length, fatal, found: found.sort() };
}

/** The same from oxlint's JSON output (`lambda-shutdown(rule)` codes; other diagnostics are parse errors). */
function oxlintFindings(stdout) {
  const out = JSON.parse(stdout);
  const found = [];
  let fatal = 0;
  for (const d of out.diagnostics) {
    const m = /^lambda-shutdown\((.+)\)$/.exec(d.code ?? '');
    if (m) found.push(`${slash(d.filename)}:${d.labels?.[0]?.span.line} ${NAMESPACE}/${m[1]}`);
    else fatal++;
  }
  return { files: out.number_of_files, fatal, found: found.sort() };
}

const byRule = (found) => {
  const out = {};
  for (const f of found) {
    const rule = f.slice(f.lastIndexOf(' ') + 1);
    out[rule] = (out[rule] ?? 0) + 1;
  }
  return out;
};

/** What one list has that the other has not (as multisets). */
function difference(a, b) {
  const left = new Map();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (!fs.existsSync(opts.plugin)) throw new Error(`${path.relative(process.cwd(), opts.plugin)} does not exist: build first (\`npm run bench:oxlint\` does it for you)`);
  for (const bin of [ESLINT_BIN, OXLINT_BIN]) if (!fs.existsSync(bin)) throw new Error(`${path.relative(REPO_ROOT, bin)} is missing: npm ci`);
  const { default: plugin } = await import(pathToFileURL(opts.plugin).href);
  const rules = Object.fromEntries(Object.keys(plugin.configs.recommended.rules).map((r) => [r, 'error']));
  const eslintVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'eslint', 'package.json'), 'utf8')).version;
  const oxlintVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'oxlint', 'package.json'), 'utf8')).version;

  const corpus = ensureCorpus({ outDir: opts.corpus, count: opts.count, seed: opts.seed });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-bench-oxlint-'));
  try {
    // Both lint a copy outside the repository: oxlint skips the files git ignores (bench/.corpus/ is), even with
    // --no-ignore. The copy is the project for both (their cwd).
    const dir = path.join(tmp, 'corpus');
    fs.cpSync(opts.corpus, dir, { recursive: true });
    const eslintConfig = path.join(tmp, 'eslint.config.mjs');
    fs.writeFileSync(eslintConfig, `import plugin from ${JSON.stringify(pathToFileURL(opts.plugin).href)};\nexport default [plugin.configs.recommended];\n`);
    const oxlintConfig = path.join(tmp, '.oxlintrc.json');
    fs.writeFileSync(oxlintConfig, JSON.stringify({ jsPlugins: [opts.plugin], categories: { correctness: 'off' }, rules }, null, 2));
    const eslintOut = path.join(tmp, 'eslint.json');
    const runs = {
      eslint: () => {
        const t = timedChild(ESLINT_BIN, ['--config', eslintConfig, '--format', 'json', '--output-file', eslintOut, '.'], dir, path.join(tmp, 'eslint.cpu'));
        return { ...t, findings: eslintFindings(eslintOut, dir) };
      },
      oxlint: () => {
        const threads = opts.oxlintThreads ? [`--threads=${opts.oxlintThreads}`] : [];
        const t = timedChild(OXLINT_BIN, ['--config', oxlintConfig, '--format', 'json', ...threads, '.'], dir, path.join(tmp, 'oxlint.cpu'));
        return { ...t, findings: oxlintFindings(t.stdout) };
      },
    };
    const names = Object.keys(runs);

    console.log(`eslint ${eslintVersion}, oxlint ${oxlintVersion}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'})`);
    console.log(`plugin ${plugin.meta?.name ?? '?'}@${plugin.meta?.version ?? '?'}: the ${Object.keys(rules).length} rules of configs.recommended`);
    console.log(`corpus ${path.relative(process.cwd(), opts.corpus) || opts.corpus}: ${corpus.count} generated + ${corpus.examples.files} example files${corpus.reused ? ' (reused)' : ''}`);

    const wall = Object.fromEntries(names.map((n) => [n, []]));
    const cpu = Object.fromEntries(names.map((n) => [n, []]));
    const findings = {};
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? names : [...names].reverse();
      const line = [];
      for (const n of order) {
        const run = runs[n]();
        wall[n].push(run.wall);
        cpu[n].push(run.cpu);
        findings[n] ??= run.findings;
        if (run.findings.found.length !== findings[n].found.length) console.warn(`WARNING: ${n} found ${run.findings.found.length} in round ${round + 1}, ${findings[n].found.length} in round 1`);
        line.push(`${n} ${s1(run.wall)} (cpu ${s1(run.cpu)})`);
      }
      console.log(`round ${round + 1}/${opts.rounds}: ${line.join(', ')}`);
    }

    if (findings.eslint.files !== findings.oxlint.files) console.warn(`WARNING: eslint linted ${findings.eslint.files} files, oxlint ${findings.oxlint.files}`);
    for (const n of names) if (findings[n].fatal > 0) console.warn(`WARNING: ${n}: ${findings[n].fatal} parse error(s) or other diagnostics`);
    const onlyESLint = difference(findings.eslint.found, findings.oxlint.found);
    const onlyOxlint = difference(findings.oxlint.found, findings.eslint.found);
    const equal = onlyESLint.length === 0 && onlyOxlint.length === 0;
    const counts = Object.fromEntries(names.map((n) => [n, byRule(findings[n].found)]));
    const ruleIds = [...new Set([...Object.keys(rules), ...Object.keys(counts.eslint), ...Object.keys(counts.oxlint)])].sort();
    const summary = Object.fromEntries(
      names.map((n) => [
        n,
        {
          wallMedianMs: r1(median(wall[n])),
          cpuMedianMs: r1(median(cpu[n])),
          wallRunsMs: wall[n].map(r1),
          cpuRunsMs: cpu[n].map(r1),
          files: findings[n].files,
          parseErrors: findings[n].fatal,
          findings: findings[n].found.length,
          findingsByRule: counts[n],
        },
      ]),
    );

    console.log('');
    console.log(`${pad('', 10)}${lpad('wall median', 13)}${lpad('cpu median', 12)}${lpad('files', 8)}${lpad('findings', 10)}`);
    for (const n of names) {
      const s = summary[n];
      console.log(`${pad(n, 10)}${lpad(s1(s.wallMedianMs), 13)}${lpad(s1(s.cpuMedianMs), 12)}${lpad(s.files, 8)}${lpad(s.findings, 10)}`);
    }
    const ratio = (k) => Math.round((summary.eslint[k] / summary.oxlint[k]) * 100) / 100;
    console.log(`eslint / oxlint: wall ${ratio('wallMedianMs')}x, cpu ${ratio('cpuMedianMs')}x (${opts.rounds} rounds, medians)`);
    console.log('');
    console.log(`${pad('rule', 58)}${lpad('eslint', 8)}${lpad('oxlint', 8)}`);
    for (const id of ruleIds) console.log(`${pad(id, 58)}${lpad(counts.eslint[id] ?? 0, 8)}${lpad(counts.oxlint[id] ?? 0, 8)}${(counts.eslint[id] ?? 0) === (counts.oxlint[id] ?? 0) ? '' : '  ≠'}`);
    console.log(
      equal
        ? `findings: equal (${findings.eslint.found.length}, same file, line and rule)`
        : `findings: DIFFERENT: ${onlyESLint.length} only in ESLint, ${onlyOxlint.length} only in oxlint, e.g.\n  eslint only: ${onlyESLint.slice(0, 5).join('\n               ')}\n  oxlint only: ${onlyOxlint.slice(0, 5).join('\n               ')}`,
    );

    const result = {
      bench: 'oxlint',
      date: new Date().toISOString(),
      node: process.version,
      eslint: eslintVersion,
      oxlint: oxlintVersion,
      oxlintThreads: opts.oxlintThreads ?? 'default',
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model.trim() ?? null,
      plugin: { name: plugin.meta?.name ?? null, version: plugin.meta?.version ?? null, rules: Object.keys(rules).length },
      corpus: { files: summary.eslint.files, generated: corpus.count, examples: corpus.examples.files, seed: corpus.seed, generatorVersion: corpus.generatorVersion },
      rounds: opts.rounds,
      runs: summary,
      ratio: { wall: ratio('wallMedianMs'), cpu: ratio('cpuMedianMs') },
      findingsEqual: equal,
      onlyESLint: onlyESLint.slice(0, 20),
      onlyOxlint: onlyOxlint.slice(0, 20),
      durationS: Math.round((Date.now() - started) / 100) / 10,
    };
    if (opts.write) {
      writeResult('oxlint.json', result);
    }
    console.log(JSON.stringify(result));
    if (opts.check && !equal) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
