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
 * --real: the labelled real-world corpus of `bench:real` instead (bench/real-world: the manifest's source files in its
 * git-ignored cache; without the cache it says so and exits 0). The repositories' folders are copied to a temporary
 * directory as they are laid out in the cache (so that relative imports and deployment files resolve), and:
 *   eslint   one child process that lints as bench:real does (bench/real-world/lint.mjs: one ESLint instance per
 *            repository, its folder the cwd, `configs.recommended`)
 *   oxlint   one oxlint process per repository, in its folder (the rules' project is oxlint's cwd), on that repository's
 *            source files, with the `.oxlintrc.json` above; plus, each round, three on a one-line file in an empty
 *            folder: what each of those processes pays before it lints
 * timed as above (CPU of the child processes and wall, summed over oxlint's processes), alternating which goes first.
 * Findings are compared by repository, file, line and rule: equal, only in ESLint, only in oxlint (every difference
 * listed), the messages of equal ones too; and each is matched with the labels as bench:real matches (recall,
 * precision). Writes bench/results/oxlint-real.json.
 *
 * Options: --rounds N (3)  --count N (generated files, 2000)  --seed S  --corpus DIR  --plugin FILE (dist/index.js)
 *          --oxlint-threads N  --no-write  --check (exit 1 when the findings differ)  --real (--count, --seed and
 *          --corpus are then unused)
 * Output: a human table, bench/results/oxlint.json (--real: oxlint-real.json), and the same result as one JSON line at
 * the end (--real: its summary).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { DEFAULT_COUNT, DEFAULT_OUT_DIR, DEFAULT_SEED, ensureCorpus } from './corpus.mjs';
import { benchOptions, timedRuns, writeResult } from './common.mjs';
import { accuracy, addFinding, eslintFindings as realEslintFindings, lintAll, realCorpus } from './real-world/lint.mjs';
import { CACHE_DIR } from './real-world/manifest.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const NAMESPACE = 'lambda-shutdown';
const ESLINT_BIN = path.join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const OXLINT_BIN = path.join(REPO_ROOT, 'node_modules', 'oxlint', 'bin', 'oxlint');
const SELF = fileURLToPath(import.meta.url);
/** --real: how many times per round oxlint's start alone is timed. */
const STARTUP_RUNS = 3;

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
      real: { type: 'boolean' },
      'real-eslint-child': { type: 'path' },
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
        real: false,
        realEslintChild: undefined,
      },
      usage: 'usage: node bench/oxlint.mjs [--real] [--rounds N] [--count N] [--seed S] [--corpus DIR] [--plugin FILE] [--oxlint-threads N] [--no-write] [--check]',
    },
  );
}

const s1 = (ms) => `${(ms / 1000).toFixed(1)} s`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
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

/** An `.oxlintrc.json` that loads the built plugin by its absolute path and turns on `rules`, oxlint's own off. */
function writeOxlintrc(file, plugin, rules) {
  fs.writeFileSync(file, JSON.stringify({ jsPlugins: [plugin], categories: { correctness: 'off' }, rules }, null, 2));
}

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

/** The plugin, `recommended`'s rules (all 'error'), and the two tools' versions; the binaries must be there. */
async function setup(opts) {
  if (!fs.existsSync(opts.plugin)) throw new Error(`${path.relative(process.cwd(), opts.plugin)} does not exist: build first (\`npm run bench:oxlint\` does it for you)`);
  for (const bin of [ESLINT_BIN, OXLINT_BIN]) if (!fs.existsSync(bin)) throw new Error(`${path.relative(REPO_ROOT, bin)} is missing: npm ci`);
  const { default: plugin } = await import(pathToFileURL(opts.plugin).href);
  const rules = Object.fromEntries(Object.keys(plugin.configs.recommended.rules).map((r) => [r, 'error']));
  const eslintVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'eslint', 'package.json'), 'utf8')).version;
  const oxlintVersion = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'node_modules', 'oxlint', 'package.json'), 'utf8')).version;
  return { plugin, rules, eslintVersion, oxlintVersion };
}

/** The versions, the machine and the plugin, as both modes print them first. */
function printHeader({ plugin, rules, eslintVersion, oxlintVersion }) {
  console.log(`eslint ${eslintVersion}, oxlint ${oxlintVersion}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'})`);
  console.log(`plugin ${plugin.meta?.name ?? '?'}@${plugin.meta?.version ?? '?'}: the ${Object.keys(rules).length} rules of configs.recommended`);
}

/**
 * Runs each of `runs` (name → () => { wall, cpu, … }) once a round, alternating which goes first, and prints a line a
 * round; `onRun(name, run, round)` sees every run. Their wall and CPU times, by name.
 */
function alternate(runs, rounds, onRun) {
  const names = Object.keys(runs);
  const wall = Object.fromEntries(names.map((n) => [n, []]));
  const cpu = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const line = [];
    for (const n of order) {
      const run = runs[n]();
      wall[n].push(run.wall);
      cpu[n].push(run.cpu);
      onRun(n, run, round);
      line.push(`${n} ${s1(run.wall)} (cpu ${s1(run.cpu)})`);
    }
    console.log(`round ${round + 1}/${rounds}: ${line.join(', ')}`);
  }
  return { wall, cpu };
}

/** What both modes' results start with: when, on what, which versions, the plugin. */
function resultHeader(opts, { plugin, rules, eslintVersion, oxlintVersion }) {
  return {
    date: new Date().toISOString(),
    node: process.version,
    eslint: eslintVersion,
    oxlint: oxlintVersion,
    oxlintThreads: opts.oxlintThreads ?? 'default',
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? null,
    plugin: { name: plugin.meta?.name ?? null, version: plugin.meta?.version ?? null, rules: Object.keys(rules).length },
  };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (opts.realEslintChild) return realEslintChild(opts);
  const { plugin, rules, eslintVersion, oxlintVersion } = await setup(opts);
  if (opts.real) return mainReal(opts, { plugin, rules, eslintVersion, oxlintVersion, started });

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
    writeOxlintrc(oxlintConfig, opts.plugin, rules);
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

    printHeader({ plugin, rules, eslintVersion, oxlintVersion });
    console.log(`corpus ${path.relative(process.cwd(), opts.corpus) || opts.corpus}: ${corpus.count} generated + ${corpus.examples.files} example files${corpus.reused ? ' (reused)' : ''}`);

    const findings = {};
    const { wall, cpu } = alternate(runs, opts.rounds, (n, run, round) => {
      findings[n] ??= run.findings;
      if (run.findings.found.length !== findings[n].found.length) console.warn(`WARNING: ${n} found ${run.findings.found.length} in round ${round + 1}, ${findings[n].found.length} in round 1`);
    });

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
          ...timedRuns(wall[n], cpu[n]),
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
      ...resultHeader(opts, { plugin, rules, eslintVersion, oxlintVersion }),
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

// ---------------------------------------------------------------------------------------------------------------
// --real: the labelled real-world corpus of bench:real, one repository at a time
// ---------------------------------------------------------------------------------------------------------------

const REAL_NO_CACHE =
  `no real-world files in ${path.relative(process.cwd(), CACHE_DIR)} (the cache is git-ignored: third-party code is never committed).\n` +
  'Fetch the repositories of bench/real-world/manifest.jsonl, then run `node bench/real-world/materialize.mjs`.';

/** `repo/file:line rule` of a finding. */
const realKey = (f) => `${f.repo}/${f.path}:${f.line} ${f.rule}`;

/** The child of --real that ESLint runs in: bench:real's lintAll() on the copy `root`; its results to eslint-real.json beside it. */
async function realEslintChild(opts) {
  const root = opts.realEslintChild;
  const { default: plugin } = await import(pathToFileURL(opts.plugin).href);
  const { byRepo } = realCorpus();
  const results = await lintAll(byRepo, [plugin.configs.recommended].flat(), root);
  const out = [...results].map(([repo, list]) => [repo, list.map((r) => ({ filePath: r.filePath, messages: r.messages.map(({ line, ruleId, message, fatal }) => ({ line, ruleId, message, fatal })) }))]);
  fs.writeFileSync(path.join(root, '..', 'eslint-real.json'), JSON.stringify(out));
}

/** oxlint's JSON output for one repository as findings (`repo`-relative paths) and other diagnostics (parse errors). */
function oxlintRepoFindings(stdout, repo, cwd) {
  const out = JSON.parse(stdout);
  const all = [];
  const fatal = [];
  for (const d of out.diagnostics) {
    const rel = slash(path.relative(cwd, path.resolve(cwd, d.filename ?? '')));
    const line = d.labels?.[0]?.span.line;
    const m = /^lambda-shutdown\((.+)\)$/.exec(d.code ?? '');
    if (m) all.push({ repo, path: rel, line, rule: m[1], message: d.message });
    else fatal.push(`${repo}/${rel}:${line ?? 0} ${d.code ?? ''} ${d.message}`);
  }
  return { all, fatal, files: out.number_of_files };
}

async function mainReal(opts, { plugin, rules, eslintVersion, oxlintVersion, started }) {
  const { byRepo, missing } = realCorpus();
  if (byRepo.size === 0) {
    console.log(`bench:oxlint --real: ${REAL_NO_CACHE}`);
    return;
  }
  const sourceCount = [...byRepo.values()].reduce((s, l) => s + l.length, 0);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-bench-oxlint-real-'));
  try {
    // Both lint a copy of the cache outside this repository (oxlint skips what git ignores, and the cache is), each
    // repository's folder as it is in the cache, so that relative imports and deployment files resolve. ESLint runs as
    // bench:real lints (one instance per repository, its folder the cwd) in one child process; oxlint runs once per
    // repository in its folder (the rules' project is oxlint's cwd), on the manifest's source files of that repository.
    const root = path.join(tmp, 'repos');
    for (const repo of byRepo.keys()) fs.cpSync(path.join(CACHE_DIR, repo), path.join(root, repo), { recursive: true });
    const oxlintConfig = path.join(tmp, '.oxlintrc.json');
    writeOxlintrc(oxlintConfig, opts.plugin, rules);
    const threads = opts.oxlintThreads ? [`--threads=${opts.oxlintThreads}`] : [];
    const emptyDir = path.join(tmp, 'empty');
    fs.mkdirSync(emptyDir);
    fs.writeFileSync(path.join(emptyDir, 'empty.js'), 'export {};\n');
    const runs = {
      eslint: () => {
        const t = timedChild(SELF, ['--real-eslint-child', root, '--plugin', opts.plugin], REPO_ROOT, path.join(tmp, 'eslint.cpu'));
        const results = new Map(JSON.parse(fs.readFileSync(path.join(tmp, 'eslint-real.json'), 'utf8')));
        const { all, fatal } = realEslintFindings(results, root);
        return { wall: t.wall, cpu: t.cpu, all, fatal, files: [...results.values()].reduce((s, l) => s + l.length, 0) };
      },
      oxlint: () => {
        const got = { wall: 0, cpu: 0, all: [], fatal: [], files: 0 };
        for (const [repo, files] of byRepo) {
          const cwd = path.join(root, repo);
          const t = timedChild(OXLINT_BIN, ['--config', oxlintConfig, '--format', 'json', ...threads, ...files.map((f) => f.path)], cwd, path.join(tmp, 'oxlint.cpu'));
          const r = oxlintRepoFindings(t.stdout, repo, cwd);
          got.wall += t.wall;
          got.cpu += t.cpu;
          got.all.push(...r.all);
          got.fatal.push(...r.fatal);
          got.files += r.files;
        }
        // what each of those processes pays before it lints: oxlint on a one-line file in an empty folder, same config,
        // STARTUP_RUNS times (most of it is the plugin's load in oxlint's JS runtime, which the one ESLint process pays once)
        got.startup = [];
        for (let i = 0; i < STARTUP_RUNS; i++) {
          const t = timedChild(OXLINT_BIN, ['--config', oxlintConfig, '--format', 'json', ...threads, 'empty.js'], emptyDir, path.join(tmp, 'oxlint.cpu'));
          got.startup.push({ wall: t.wall, cpu: t.cpu });
        }
        return got;
      },
    };
    const names = Object.keys(runs);

    printHeader({ plugin, rules, eslintVersion, oxlintVersion });
    console.log(`real-world corpus: ${sourceCount} source files from ${byRepo.size} repositories (${missing} listed files not in the cache); oxlint: one process per repository`);

    const startup = { wall: [], cpu: [] };
    const got = {};
    const { wall, cpu } = alternate(runs, opts.rounds, (n, run, round) => {
      got[n] ??= run;
      const diff = difference(run.all.map(realKey), got[n].all.map(realKey)).concat(difference(got[n].all.map(realKey), run.all.map(realKey)));
      if (diff.length > 0) console.warn(`WARNING: ${n}'s findings in round ${round + 1} are not those of round 1: ${diff.join(', ')}`);
      for (const t of run.startup ?? []) {
        startup.wall.push(t.wall);
        startup.cpu.push(t.cpu);
      }
    });

    const found = Object.fromEntries(names.map((n) => [n, got[n].all.map(realKey).sort()]));
    const onlyESLint = difference(found.eslint, found.oxlint);
    const onlyOxlint = difference(found.oxlint, found.eslint);
    const equal = onlyESLint.length === 0 && onlyOxlint.length === 0;
    // Where both report the same file, line and rule: the same message too?
    const messages = Object.fromEntries(names.map((n) => [n, new Map()]));
    for (const n of names) for (const f of got[n].all) messages[n].set(realKey(f), [...(messages[n].get(realKey(f)) ?? []), f.message].sort());
    const messagesDiffer = [...messages.eslint].filter(([k, m]) => messages.oxlint.has(k) && JSON.stringify(m) !== JSON.stringify(messages.oxlint.get(k))).map(([k]) => k);
    const scored = Object.fromEntries(
      names.map((n) => {
        const map = new Map();
        for (const f of got[n].all) addFinding(map, f.repo, f.path, f.line, f.rule, f.message);
        return [n, accuracy(byRepo, map)];
      }),
    );
    const counts = Object.fromEntries(names.map((n) => [n, byRule(got[n].all.map(realKey))]));
    const summary = Object.fromEntries(
      names.map((n) => [
        n,
        {
          ...timedRuns(wall[n], cpu[n]),
          processes: n === 'oxlint' ? byRepo.size : 1,
          files: got[n].files,
          parseErrors: got[n].fatal,
          findings: got[n].all.length,
          findingsByRule: counts[n],
          accuracy: {
            total: scored[n].total,
            rules: Object.fromEntries([...scored[n].rules].sort(([a], [b]) => (a < b ? -1 : 1))),
            misses: scored[n].misses.map(realKey),
            extras: scored[n].extras.map(realKey),
          },
        },
      ]),
    );

    const fmt = (x) => (x === null ? '—' : x.toFixed(2));
    console.log('');
    console.log(`${pad('', 10)}${lpad('wall median', 13)}${lpad('cpu median', 12)}${lpad('processes', 11)}${lpad('files', 8)}${lpad('findings', 10)}${lpad('recall', 8)}${lpad('precision', 11)}`);
    for (const n of names) {
      const s = summary[n];
      const t = s.accuracy.total;
      console.log(`${pad(n, 10)}${lpad(s1(s.wallMedianMs), 13)}${lpad(s1(s.cpuMedianMs), 12)}${lpad(s.processes, 11)}${lpad(s.files, 8)}${lpad(s.findings, 10)}${lpad(fmt(t.recall), 8)}${lpad(fmt(t.precision), 11)}`);
    }
    const ratio = (k) => Math.round((summary.eslint[k] / summary.oxlint[k]) * 100) / 100;
    console.log(`eslint / oxlint: wall ${ratio('wallMedianMs')}x, cpu ${ratio('cpuMedianMs')}x (${opts.rounds} rounds, medians)`);
    const oxStartup = timedRuns(startup.wall, startup.cpu);
    console.log(
      `oxlint's start in each of its ${byRepo.size} processes (a one-line file, same config, ${startup.cpu.length} runs): ${s1(oxStartup.cpuMedianMs)} cpu, ${s1(oxStartup.wallMedianMs)} wall (median); ` +
        `${byRepo.size} of them: ${s1(oxStartup.cpuMedianMs * byRepo.size)} cpu, ${s1(oxStartup.wallMedianMs * byRepo.size)} wall of oxlint's ${s1(summary.oxlint.cpuMedianMs)}, ${s1(summary.oxlint.wallMedianMs)}`,
    );
    console.log('');
    console.log(`${pad('rule', 58)}${lpad('eslint', 8)}${lpad('oxlint', 8)}   labelled: found / missed / extra (eslint | oxlint)`);
    const ruleIds = [...new Set([...Object.keys(rules).map((r) => r.slice(NAMESPACE.length + 1)), ...Object.keys(counts.eslint), ...Object.keys(counts.oxlint)])].sort();
    for (const id of ruleIds) {
      const acc = names.map((n) => scored[n].rules.get(id)).map((r) => (r ? `${r.tp} / ${r.fn} / ${r.fp}` : '-'));
      console.log(`${pad(id, 58)}${lpad(counts.eslint[id] ?? 0, 8)}${lpad(counts.oxlint[id] ?? 0, 8)}   ${acc.join(' | ')}${(counts.eslint[id] ?? 0) === (counts.oxlint[id] ?? 0) ? '' : '  ≠'}`);
    }
    for (const n of names) {
      const t = summary[n].accuracy.total;
      console.log(`${n}: recall ${fmt(t.recall)} (${t.tp} of ${t.tp + t.fn} labelled), precision ${fmt(t.precision)} (${t.fp} extra)`);
    }
    for (const n of names) if (got[n].fatal.length > 0) console.warn(`WARNING: ${n}: ${got[n].fatal.length} parse error(s) or other diagnostics:\n  ${got[n].fatal.join('\n  ')}`);
    if (got.eslint.files !== got.oxlint.files) console.warn(`WARNING: eslint linted ${got.eslint.files} files, oxlint ${got.oxlint.files}`);
    console.log(
      equal
        ? `findings: equal (${found.eslint.length}, same file, line and rule)`
        : `findings: DIFFERENT: ${found.eslint.length - onlyESLint.length} equal, ${onlyESLint.length} only in ESLint, ${onlyOxlint.length} only in oxlint:` +
            `${onlyESLint.map((f) => `\n  eslint only: ${f}`).join('')}${onlyOxlint.map((f) => `\n  oxlint only: ${f}`).join('')}`,
    );
    if (messagesDiffer.length > 0) console.log(`messages differ (same file, line and rule):\n  ${messagesDiffer.join('\n  ')}`);

    const result = {
      bench: 'oxlint-real',
      ...resultHeader(opts, { plugin, rules, eslintVersion, oxlintVersion }),
      corpus: { files: sourceCount, repositories: byRepo.size, missing },
      rounds: opts.rounds,
      runs: summary,
      ratio: { wall: ratio('wallMedianMs'), cpu: ratio('cpuMedianMs') },
      oxlintStartup: oxStartup,
      findingsEqual: equal,
      equal: found.eslint.length - onlyESLint.length,
      onlyESLint,
      onlyOxlint,
      messagesDiffer,
      durationS: Math.round((Date.now() - started) / 100) / 10,
    };
    if (opts.write) writeResult('oxlint-real.json', result);
    console.log(JSON.stringify({ bench: result.bench, findingsEqual: equal, equal: result.equal, onlyESLint: onlyESLint.length, onlyOxlint: onlyOxlint.length, ratio: result.ratio }));
    if (opts.check && !equal) process.exitCode = 1;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
