#!/usr/bin/env node
/**
 * Lint-time overhead of `configs.recommended` (run as `npm run bench:lint`: build, then this script).
 *
 * Lints a corpus of ≥2,000 Lambda-style files (bench/corpus.mjs: examples/src plus generated variations) with
 * three configs that share the parser setup, alternating them in every round:
 *   baseline     the recommended config's files / languageOptions / settings with its rules replaced by one
 *                no-op rule listening on `Program` (ESLint's floor for any plugin)
 *   recommended  plugin.configs.recommended, as users get it
 *   n            eslint-plugin-n's configs['flat/recommended'] rules (and its Node globals) on the same
 *                files and parser, for comparison
 * Overhead = (config − baseline) / baseline, the median over rounds of the per-round ratio (each round runs
 * all three back to back, in rotating order, so drift in machine speed cancels out). Target for recommended: ≤ 10%.
 * Each run is timed twice: wall clock (`process.hrtime.bigint()`) and the CPU time of this process
 * (`process.cpuUsage()`, user + system). The verdict uses CPU time by default (`--metric wall` to change): on a
 * shared 2-core machine other processes stretch wall time by tens of percent from one run to the next, while they
 * hardly change the CPU time the lint itself needs. Both are reported and recorded.
 * A warm-up lints every 10th file with each config first; after the rounds, one more run of recommended with
 * ESLint's `stats: true` gives the per-rule times (what `TIMING=all` prints on the CLI) and names the slowest rule.
 *
 * Rounds: `--rounds N` runs exactly N. Without it, up to 7 rounds, as many as fit in the time budget
 * (`--budget SECONDS`, 300) after the warm-up, but never fewer than 3.
 *
 * Options: --rounds N  --budget S (300)  --count N (generated files, 2000)  --seed S  --corpus DIR
 *          --plugin FILE (dist/index.js)  --target PCT (10)  --metric cpu|wall (cpu)  --no-n  --no-write
 *          --check (exit 1 when recommended is over the target)
 * Output: a human table, bench/results/lint.json, and the same result as one JSON line at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { ESLint } from 'eslint';

import { DEFAULT_COUNT, DEFAULT_OUT_DIR, DEFAULT_SEED, ensureCorpus } from './corpus.mjs';
import { benchOptions, gc, median, timedRuns, writeResult } from './common.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const NAMESPACE = 'lambda-shutdown';

// ---------------------------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  return benchOptions(
    argv,
    {
      rounds: { type: 'int' },
      budget: { type: 'int' },
      count: { type: 'int' },
      seed: { type: 'int', min: 0 },
      corpus: { type: 'path' },
      plugin: { type: 'path' },
      target: { type: 'number' },
      metric: { type: 'choice', choices: ['cpu', 'wall'] },
      'no-n': { type: 'boolean', key: 'n', negate: true },
      'no-write': { type: 'boolean', key: 'write', negate: true },
      check: { type: 'boolean' },
    },
    {
      defaults: {
        rounds: undefined,
        maxRounds: 7,
        minRounds: 3,
        budget: 300,
        count: DEFAULT_COUNT,
        seed: DEFAULT_SEED,
        corpus: DEFAULT_OUT_DIR,
        plugin: path.join(REPO_ROOT, 'dist', 'index.js'),
        target: 10,
        metric: 'cpu',
        n: true,
        write: true,
        check: false,
      },
      usage: 'usage: node bench/lint.mjs [--rounds N] [--budget S] [--count N] [--seed S] [--corpus DIR] [--plugin FILE] [--target PCT] [--metric cpu|wall] [--no-n] [--no-write] [--check]',
    },
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------


const pct = (x) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const ms = (x) => `${x.toFixed(0)} ms`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

async function loadPlugin(file) {
  if (!fs.existsSync(file)) {
    throw new Error(`${path.relative(process.cwd(), file)} does not exist: build first (\`npm run build\`; \`npm run bench:lint\` does it for you)`);
  }
  const mod = await import(pathToFileURL(file).href);
  const plugin = mod.default ?? mod;
  if (!plugin?.configs?.recommended || !plugin.rules) throw new Error(`${file} does not export a plugin with rules and configs.recommended`);
  return plugin;
}

/** The recommended config as an array, whatever shape it has (the plugin exports one object). */
const asArray = (config) => (Array.isArray(config) ? config : [config]);

/** `files` of the recommended config (the first element that has them), so every config lints the same files. */
function filesOf(configs) {
  for (const c of configs) if (c.files) return c.files;
  return undefined;
}

/**
 * The recommended config with its rules switched off: same files, parser, languageOptions, settings and plugin
 * registration, so that the configs below differ only in which rules run.
 */
function withoutRules(configs) {
  return configs.map((c) => {
    const { rules: _rules, ...rest } = c;
    return { ...rest, name: `bench/${c.name ?? 'recommended'}-without-rules` };
  });
}

const noopPlugin = {
  meta: { name: 'bench-noop', version: '0.0.0' },
  rules: {
    noop: {
      meta: { type: 'problem', docs: { description: 'Listens on Program and does nothing: the floor cost of any rule.' }, schema: [] },
      create() {
        return { Program() {} };
      },
    },
  },
};

async function buildConfigs(plugin, withN) {
  const rec = asArray(plugin.configs.recommended);
  const files = filesOf(rec);
  const scoped = (c) => (files ? { files, ...c } : c);
  const configs = {
    baseline: [...withoutRules(rec), scoped({ name: 'bench/noop', plugins: { bench: noopPlugin }, rules: { 'bench/noop': 'error' } })],
    recommended: rec,
  };
  if (withN) {
    const { default: n } = await import('eslint-plugin-n');
    const nRec = n.configs['flat/recommended'];
    configs.n = [
      ...withoutRules(rec),
      scoped({
        name: 'bench/n-recommended',
        plugins: nRec.plugins,
        // n's globals (its rules track `process`, `Buffer`, … through them); not its sourceType: the parser setup
        // stays the recommended config's.
        languageOptions: { globals: nRec.languageOptions?.globals ?? {} },
        ...(nRec.settings ? { settings: nRec.settings } : {}),
        rules: nRec.rules,
      }),
    ];
  }
  return configs;
}

function makeESLint(cwd, overrideConfig, extra = {}) {
  return new ESLint({ cwd, overrideConfigFile: true, overrideConfig, cache: false, fix: false, ...extra });
}

/** Counts per lint run: linted files, fatal (parse) errors, ignored-file warnings, findings per rule. */
function summarize(results) {
  let fatal = 0;
  let ignored = 0;
  const byRule = {};
  const fatalSamples = [];
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) {
        fatal++;
        if (fatalSamples.length < 3) fatalSamples.push(`${r.filePath}:${m.line ?? 0} ${m.message}`);
      } else if (!m.ruleId && /ignored/i.test(m.message)) ignored++;
      else if (m.ruleId) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
    }
  }
  return { files: results.length - ignored, fatal, ignored, fatalSamples, byRule, findings: Object.values(byRule).reduce((s, x) => s + x, 0) };
}

/** One lint of `targets`: wall time (hrtime) and CPU time of this process (user + system, all its threads). */
async function timedRun(eslint, targets = ['.']) {
  gc();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const results = await eslint.lintFiles(targets);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, results };
}

/** Source files of the corpus, sorted (for the warm-up slice). */
function listSources(dir) {
  const out = [];
  const visit = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) visit(p);
      else if (/\.[cm]?[jt]sx?$/.test(e.name) && !/\.d\.[cm]?ts$/.test(e.name)) out.push(p);
    }
  };
  visit(dir);
  return out;
}

/** Per-rule totals from ESLint's `stats` (the data behind `TIMING`), plus parse time. */
function ruleTimes(results) {
  const rules = {};
  let parse = 0;
  for (const r of results) {
    for (const pass of r.stats?.times?.passes ?? []) {
      parse += pass.parse?.total ?? 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) rules[id] = (rules[id] ?? 0) + (t?.total ?? 0);
    }
  }
  return { rules, parse };
}

// ---------------------------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();

  const corpus = ensureCorpus({ outDir: opts.corpus, count: opts.count, seed: opts.seed });
  const plugin = await loadPlugin(opts.plugin);
  const configs = await buildConfigs(plugin, opts.n);
  const names = Object.keys(configs);
  const instances = Object.fromEntries(names.map((n) => [n, makeESLint(opts.corpus, configs[n])]));

  const ourRules = Object.keys(plugin.rules).map((r) => `${NAMESPACE}/${r}`);
  const enabled = Object.entries(Object.assign({}, ...asArray(plugin.configs.recommended).map((c) => c.rules ?? {})))
    .filter(([, v]) => (Array.isArray(v) ? v[0] : v) !== 'off' && (Array.isArray(v) ? v[0] : v) !== 0)
    .map(([k]) => k);

  console.log(`eslint ${ESLint.version}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'})`);
  console.log(`plugin ${plugin.meta?.name ?? '?'}@${plugin.meta?.version ?? '?'}: ${enabled.length} rule(s) in recommended (${ourRules.length} in the plugin)`);
  console.log(`corpus ${path.relative(process.cwd(), opts.corpus) || opts.corpus}: ${corpus.count} generated + ${corpus.examples.files} example files${corpus.reused ? ' (reused)' : ''}`);

  // Warm-up on every 10th file: JIT, module loading and the file-system cache, without a full run per config.
  const sources = listSources(opts.corpus);
  const slice = sources.filter((_, i) => i % 10 === 0);
  const warm = {};
  for (const n of names) {
    const { wall } = await timedRun(instances[n], slice);
    warm[n] = wall;
  }
  const perRoundEstimate = names.reduce((sum, n) => sum + warm[n], 0) * (sources.length / slice.length);
  console.log(`warm-up on ${slice.length} files: ${names.map((n) => `${n} ${ms(warm[n])}`).join(', ')}`);
  let rounds = opts.rounds;
  if (rounds === undefined) {
    // Budget: what is left after the warm-up, less one stats run of recommended at the end.
    const left = opts.budget * 1000 - (Date.now() - started) - warm.recommended * (sources.length / slice.length);
    rounds = Math.max(opts.minRounds, Math.min(opts.maxRounds, Math.floor(left / perRoundEstimate)));
    console.log(`rounds: ${rounds} (about ${(perRoundEstimate / 1000).toFixed(0)} s per round, ${opts.budget} s budget; --rounds N to override)`);
  }

  // Timed rounds, rotating the order so no config always runs first or last. Counts come from round 1.
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  const counts = {};
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]);
    const line = [];
    for (const n of order) {
      const run = await timedRun(instances[n]);
      wall[n].push(run.wall);
      cpu[n].push(run.cpu);
      counts[n] ??= summarize(run.results);
      line.push(`${n} ${ms(run.wall)} (cpu ${ms(run.cpu)})`);
    }
    console.log(`round ${round + 1}/${rounds}: ${line.join(', ')}`);
    if (round === 0) {
      for (const n of names) console.log(`  ${pad(n, 12)} ${counts[n].files} files, ${counts[n].fatal} parse errors, ${counts[n].findings} findings`);
      const fileCounts = new Set(names.map((n) => counts[n].files));
      if (fileCounts.size !== 1) console.warn(`WARNING: the configs linted different numbers of files: ${names.map((n) => `${n}=${counts[n].files}`).join(', ')}`);
      if (counts.baseline.files < 2000) console.warn(`WARNING: only ${counts.baseline.files} files linted (the issue asks for at least 2,000)`);
      if (counts.baseline.fatal > 0) console.warn(`WARNING: ${counts.baseline.fatal} file(s) did not parse, e.g.\n  ${counts.baseline.fatalSamples.join('\n  ')}`);
    }
  }

  // Per-rule times: one more run of recommended with ESLint's `stats` (the data behind TIMING=all).
  const statsRun = await timedRun(makeESLint(opts.corpus, configs.recommended, { stats: true }));
  const recTiming = ruleTimes(statsRun.results);

  const overheads = (series, n) => series[n].map((t, i) => (t - series.baseline[i]) / series.baseline[i]);
  const r4 = (x) => Math.round(x * 10000) / 10000;
  const summary = Object.fromEntries(
    names.map((n) => [
      n,
      {
        ...timedRuns(wall[n], cpu[n]),
        overheadWall: n === 'baseline' ? 0 : r4(median(overheads(wall, n))),
        overheadCpu: n === 'baseline' ? 0 : r4(median(overheads(cpu, n))),
        files: counts[n].files,
        parseErrors: counts[n].fatal,
        findings: counts[n].findings,
        findingsByRule: counts[n].byRule,
      },
    ]),
  );
  for (const n of names) summary[n].overhead = opts.metric === 'wall' ? summary[n].overheadWall : summary[n].overheadCpu;

  // Report
  const target = opts.target / 100;
  const recOverhead = summary.recommended.overhead;
  const pass = recOverhead <= target;
  console.log('');
  console.log(`${pad('config', 14)}${lpad('cpu median', 12)}${lpad('overhead', 10)}${lpad('wall median', 13)}${lpad('overhead', 10)}${lpad('findings', 10)}`);
  for (const n of names) {
    const s = summary[n];
    const verdict = n === 'recommended' ? `  ${pass ? 'PASS' : 'FAIL'} (${opts.metric} overhead, target ≤ ${opts.target}%)` : '';
    const base = n === 'baseline';
    console.log(
      `${pad(n, 14)}${lpad(ms(s.cpuMedianMs), 12)}${lpad(base ? '—' : pct(s.overheadCpu), 10)}${lpad(ms(s.wallMedianMs), 13)}${lpad(base ? '—' : pct(s.overheadWall), 10)}${lpad(s.findings, 10)}${verdict}`,
    );
  }
  console.log(`(${counts.baseline.files} files, ${rounds} rounds; overhead = median over rounds of (config − baseline) / baseline, paired per round)`);

  // Stats times are wall clock inside that one run, so shares are taken of the same run's wall time.
  const statsWall = statsRun.wall;
  const ours = Object.entries(recTiming.rules)
    .filter(([id]) => id.startsWith(`${NAMESPACE}/`))
    .sort((a, b) => b[1] - a[1]);
  const oursTotal = ours.reduce((s, [, t]) => s + t, 0);
  console.log('');
  console.log(`Rule times with configs.recommended (ESLint stats, one extra run of ${ms(statsWall)}; parse ${ms(recTiming.parse)}):`);
  console.log(`${pad('rule', 58)}${lpad('time', 10)}${lpad('share', 9)}${lpad('of the run', 12)}${lpad('findings', 10)}`);
  for (const [id, t] of ours) {
    console.log(
      `${pad(id, 58)}${lpad(`${t.toFixed(1)} ms`, 10)}${lpad(`${((t / (oursTotal || 1)) * 100).toFixed(1)}%`, 9)}${lpad(`${((t / statsWall) * 100).toFixed(2)}%`, 12)}${lpad(summary.recommended.findingsByRule[id] ?? 0, 10)}`,
    );
  }
  console.log(`${pad('total', 58)}${lpad(`${oursTotal.toFixed(1)} ms`, 10)}${lpad('100%', 9)}${lpad(`${((oursTotal / statsWall) * 100).toFixed(2)}%`, 12)}`);
  const slowest = ours[0] ? { rule: ours[0][0], ms: Math.round(ours[0][1] * 10) / 10, share: Math.round((ours[0][1] / (oursTotal || 1)) * 1000) / 1000 } : null;
  if (slowest) console.log(`slowest rule: ${slowest.rule} (${slowest.ms} ms, ${(slowest.share * 100).toFixed(1)}% of the plugin's rule time)`);

  const result = {
    bench: 'lint',
    date: new Date().toISOString(),
    node: process.version,
    eslint: ESLint.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? null,
    plugin: { name: plugin.meta?.name ?? null, version: plugin.meta?.version ?? null, rulesInRecommended: enabled.length, rules: ourRules.length },
    corpus: {
      files: summary.baseline.files,
      generated: corpus.count,
      examples: corpus.examples.files,
      seed: corpus.seed,
      generatorVersion: corpus.generatorVersion,
      byExt: corpus.generated.byExt,
      lines: corpus.generated.lines,
    },
    rounds,
    metric: opts.metric,
    target: opts.target / 100,
    pass,
    configs: summary,
    ruleTimesMs: Object.fromEntries(ours.map(([id, t]) => [id, Math.round(t * 10) / 10])),
    // The plugin's rules as a share of that run: a second estimate of the overhead that other processes disturb
    // less than the difference of two runs (it slightly overstates: stats time every listener call).
    statsRun: { wallMs: Math.round(statsWall), parseMs: Math.round(recTiming.parse), rulesMs: Math.round(oursTotal), rulesShare: Math.round((oursTotal / statsWall) * 10000) / 10000 },
    slowestRule: slowest,
    durationS: Math.round((Date.now() - started) / 100) / 10,
  };
  if (opts.write) {
    writeResult('lint.json', result);
  }
  console.log(JSON.stringify(result));
  if (opts.check && !pass) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
