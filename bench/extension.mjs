#!/usr/bin/env node
/**
 * Lint-time cost of `lambda-shutdown/require-extension` on a generated monorepo (the issue: "a generated monorepo of
 * 200 functions across 20 SAM/serverless/CDK/Terraform apps and 2,000 files: lint time with require-extension on is
 * ≤ 1.1× the time with it off").
 *
 * Run after `npm run build` (it imports ../dist/index.js):  node bench/extension.mjs [options]
 *
 * 1. Generates the monorepo when it is missing or stale (bench/monorepo.mjs; deterministic, seeded).
 * 2. Probe (one process, no lint): times a cold deployment lookup for each of the 200 handlers, split into
 *    deploymentsFor (config files) and codeEvidence (relative imports), and checks every function's resolved status
 *    against the generator's ground truth.
 * 3. Warm-up: one on/off pair linting a single app (loads ESLint, the parser and the plugin from disk once).
 * 4. R rounds (default 7). Each round lints the whole monorepo, one `lintFiles(['.'])` call per run, with two configs
 *    that differ only in `lambda-shutdown/require-extension`:
 *      on   plugin.configs.recommended as it is
 *      off  the same object with that rule 'off'
 *    Every run is a fresh `node bench/extension-worker.mjs` process, so the plugin's per-process caches (directory
 *    listings, parsed configs, code evidence, the HCL parser) start cold, as in a user's `eslint` run.
 *    The two runs of a round execute concurrently, one per core (`--serial` runs them one after the other, in
 *    alternating order): on this 2-core machine a run costs ~25–45 s of CPU, so 14 serial runs do not fit in the
 *    5-minute budget, and a concurrent pair sees the same background load, which a pair 30 s apart does not.
 *    Which of the two starts first alternates between rounds.
 * 5. Verdict: ratio = median(on) / median(off) of the lint's CPU time (user + system of the worker, around the
 *    lintFiles call; `--metric wall` for wall time). Target ≤ 1.10. CPU time is the default for the reason
 *    bench/lint.mjs gives: on a shared 2-core machine, other processes stretch wall time by tens of percent.
 * 6. Sanity (asserted): the on run reports require-extension exactly for the handlers the generator expects
 *    (status "none" and a SIGTERM listener; same files, one finding each), the off run reports none, every other
 *    rule reports the same counts in both, no file fails to parse, at least 2,000 files are linted.
 *
 * `--floor` adds a third series per round: the off config with settings['lambda-shutdown'].platform = 'container',
 * which skips every deployment lookup. require-sigterm-cleanup and no-blocking-signal-handler also read the
 * extension status (for their message and budget), so the off config still resolves deployments for many handlers:
 * on/off measures what require-extension ADDS, on/floor what resolving deployments costs in all.
 *
 * Options: --rounds N (7)  --budget S (300; fewer rounds, never under 3, when 7 would not fit; ignored with --rounds)
 *          --metric cpu|wall (cpu)  --target X (1.10)  --serial  --floor  --no-probe  --no-write
 *          --out DIR (the monorepo; default see bench/monorepo.mjs)  --seed N  --cdk-layout infra|app  --regenerate
 *          --plugin FILE (dist/index.js)  --no-snapshot
 * The plugin is copied first (dist/ and package.json, to node_modules/.cache/lambda-shutdown-bench/plugin-<pid>/,
 * where its dependencies still resolve) and every worker loads that copy: a `npm run build` elsewhere during the
 * bench cannot mix two builds into one result. `--no-snapshot` loads --plugin directly.
 * Output: a table, bench/results/extension.json, and the result as one JSON line at the end. Exit code 1 when the
 * ratio is over the target or a sanity check fails.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DEFAULT_OUT_DIR, DEFAULT_SEED, ensureMonorepo, generateMonorepo } from './monorepo.mjs';
import { benchOptions, median, writeResult } from './common.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const WORKER = path.join(BENCH_DIR, 'extension-worker.mjs');
const RULE = 'lambda-shutdown/require-extension';

function parseArgs(argv) {
  return benchOptions(
    argv,
    {
      rounds: { type: 'int' },
      budget: { type: 'int' },
      metric: { type: 'choice', choices: ['cpu', 'wall'] },
      target: { type: 'number' },
      serial: { type: 'boolean' },
      floor: { type: 'boolean' },
      'no-probe': { type: 'boolean', key: 'probe', negate: true },
      'no-write': { type: 'boolean', key: 'write', negate: true },
      out: { type: 'path' },
      seed: { type: 'int', min: 0 },
      'cdk-layout': { type: 'choice', choices: ['infra', 'app'] },
      regenerate: { type: 'boolean' },
      plugin: { type: 'path' },
      'no-snapshot': { type: 'boolean', key: 'snapshot', negate: true },
    },
    {
      defaults: {
        rounds: undefined,
        maxRounds: 7,
        minRounds: 3,
        budget: 300,
        metric: 'cpu',
        target: 1.1,
        serial: false,
        floor: false,
        probe: true,
        write: true,
        out: DEFAULT_OUT_DIR,
        seed: DEFAULT_SEED,
        cdkLayout: 'infra',
        regenerate: false,
        plugin: path.join(REPO_ROOT, 'dist', 'index.js'),
        snapshot: true,
      },
      usage:
        'usage: node bench/extension.mjs [--rounds N] [--budget S] [--metric cpu|wall] [--target X] [--serial] [--floor] [--no-probe] [--no-write] [--out DIR] [--seed N] [--cdk-layout infra|app] [--regenerate] [--plugin FILE] [--no-snapshot]',
    },
  );
}

const r1 = (x) => Math.round(x * 10) / 10;
const r4 = (x) => Math.round(x * 10000) / 10000;
const ms = (x) => `${Math.round(x).toLocaleString('en-US')} ms`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

/** Workers still running: killed (by their pid) when the bench fails, so that none outlives it. */
const running = new Set();

/** Runs the worker in a fresh process; resolves with its JSON line plus the process's own wall time. */
function runWorker(args) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [WORKER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      running.delete(child);
      const processWallMs = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code !== 0) return reject(new Error(`worker ${args.join(' ')} exited with ${code}:\n${err.trim()}`));
      try {
        const line = out.trim().split('\n').pop();
        resolve({ ...JSON.parse(line), processWallMs: r1(processWallMs), stderr: err.trim() });
      } catch (e) {
        reject(new Error(`worker ${args.join(' ')} printed no result: ${e}\n${out}\n${err}`));
      }
    });
  });
}

const MODES = { on: ['--mode', 'on'], off: ['--mode', 'off'], floor: ['--mode', 'floor'] };

/** Runs one series each, concurrently (default) or one after the other, in the given order. */
async function runRound(order, common, serial) {
  const results = {};
  if (serial) {
    for (const n of order) results[n] = await runWorker([...MODES[n], ...common]);
  } else {
    // Stagger nothing: all start now; `order` only decides who is spawned first.
    const pending = order.map((n) => runWorker([...MODES[n], ...common]).then((r) => (results[n] = r)));
    await Promise.all(pending);
  }
  return results;
}

function sanity(manifest, first) {
  const expected = manifest.expected.requireExtension;
  const found = first.on.requireExtension.map((f) => f.file);
  const foundSet = new Set(found);
  const expectedSet = new Set(expected);
  const missing = expected.filter((f) => !foundSet.has(f));
  const unexpected = [...foundSet].filter((f) => !expectedSet.has(f));
  const duplicates = found.length - foundSet.size;
  const otherRules = (byRule) => Object.fromEntries(Object.entries(byRule).filter(([k]) => k !== RULE).sort());
  const sameOtherRules = JSON.stringify(otherRules(first.on.byRule)) === JSON.stringify(otherRules(first.off.byRule));
  const byApp = (list) => {
    const out = {};
    const fnByHandler = new Map(manifest.functions.list.map((f) => [f.handler, f]));
    for (const h of list) {
      const f = fnByHandler.get(h);
      const key = f ? `${f.app} (${f.tool})` : path.dirname(h);
      out[key] = (out[key] ?? 0) + 1;
    }
    return out;
  };
  const checks = [
    { name: 'require-extension findings > 0', ok: found.length > 0 },
    { name: `require-extension findings = expected (${expected.length})`, ok: found.length === expected.length && missing.length === 0 && unexpected.length === 0 && duplicates === 0 },
    { name: 'off reports no require-extension', ok: (first.off.byRule[RULE] ?? 0) === 0 },
    { name: 'other rules report the same counts on and off', ok: sameOtherRules },
    { name: 'no parse errors', ok: first.on.fatal === 0 && first.off.fatal === 0 },
    { name: 'at least 2,000 files linted, the same in both', ok: first.on.files >= 2000 && first.on.files === first.off.files },
  ];
  return {
    ok: checks.every((c) => c.ok),
    checks,
    requireExtension: { found: found.length, expected: expected.length, missing, unexpected, duplicates, missingByApp: byApp(missing), unexpectedByApp: byApp(unexpected) },
    otherRules: { on: otherRules(first.on.byRule), off: otherRules(first.off.byRule) },
  };
}

/**
 * Copies the built plugin (its dist/ directory and the package.json beside it) under node_modules/.cache, where bare
 * imports still resolve to the repository's node_modules. Returns the copy's entry point and a cleanup function.
 */
function snapshotPlugin(entry) {
  const distDir = path.dirname(entry);
  const pkg = path.join(distDir, '..', 'package.json');
  const dir = path.join(REPO_ROOT, 'node_modules', '.cache', 'lambda-shutdown-bench', `plugin-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(distDir, path.join(dir, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  if (fs.existsSync(pkg)) fs.copyFileSync(pkg, path.join(dir, 'package.json'));
  return { entry: path.join(dir, 'dist', path.basename(entry)), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function gitDescribe() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return { commit: head, dirty };
  } catch {
    return null;
  }
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const started = Date.now();
  if (!fs.existsSync(o.plugin)) throw new Error(`${path.relative(process.cwd(), o.plugin)} does not exist: run \`npm run build\` first`);
  const { ESLint } = await import('eslint');
  const plugin = { builtAt: fs.statSync(o.plugin).mtime.toISOString(), git: gitDescribe() };
  const snapshot = o.snapshot ? snapshotPlugin(o.plugin) : null;
  try {
    await bench(o, started, ESLint, snapshot ? snapshot.entry : o.plugin, plugin);
  } finally {
    for (const child of running) child.kill();
    snapshot?.cleanup();
  }
}

async function bench(o, started, ESLint, pluginEntry, plugin) {

  const manifest = o.regenerate ? generateMonorepo({ outDir: o.out, seed: o.seed, cdkLayout: o.cdkLayout }) : ensureMonorepo({ outDir: o.out, seed: o.seed, cdkLayout: o.cdkLayout });
  const fnTotal = manifest.functions.total;
  console.log(`eslint ${ESLint.version}, node ${process.version}, ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(
    `monorepo ${path.relative(process.cwd(), o.out) || o.out}${manifest.reused ? ' (reused)' : ''}: ${manifest.apps.length} apps, ${fnTotal} functions ` +
      `(${Object.entries(manifest.functions.byTool).map(([t, v]) => `${t} ${v.functions}`).join(', ')}; ${manifest.functions.sigterm} listen for SIGTERM), ` +
      `${manifest.files.sources} source files, ${manifest.files.lines.toLocaleString('en-US')} lines, ${manifest.files.deploymentConfigs} deployment configs; CDK layout ${manifest.cdkLayout}`,
  );
  console.log(`expected require-extension findings: ${manifest.expected.requireExtension.length} (functions whose deployment registers no extension and whose handler listens for SIGTERM)`);

  const common = ['--cwd', o.out, '--plugin', pluginEntry];

  // Probe: cold lookups in isolation, and the resolver's answer for every function against the ground truth.
  let probe = null;
  if (o.probe) {
    probe = await runWorker(['--mode', 'probe', '--manifest', path.join(o.out, 'manifest.json'), ...common]);
    const wrong = probe.mismatches;
    console.log(
      `probe (cold, one process, ${probe.lookups} handlers): deploymentsFor ${ms(probe.coldDeployMs)} (first lookup ${ms(probe.first.deployMs)}; all again, cached: ${ms(probe.warmDeployMs)}), ` +
        `codeEvidence ${ms(probe.coldEvidenceMs)}; per tool: ${Object.entries(probe.perTool).map(([t, v]) => `${t} ${ms(v.deployMs)} + ${ms(v.evidenceMs)}`).join(', ')}`,
    );
    if (wrong.length) {
      const byApp = {};
      for (const m of wrong) {
        const key = `${m.handler.split('/').slice(0, 2).join('/')}: ${m.expected} → ${m.status}`;
        byApp[key] = (byApp[key] ?? 0) + 1;
      }
      console.log(`  resolver status differs from the generator's for ${wrong.length} function(s): ${Object.entries(byApp).map(([k, v]) => `${k} ×${v}`).join('; ')}`);
    } else console.log('  resolver status matches the generator for every function');
  }

  // Warm-up: one app's handlers, each config once (loads ESLint, the parser, the plugin, a SAM template and the root
  // Terraform from disk; nothing else carries over to the timed runs, which are fresh processes).
  const warmOnly = `${manifest.apps[0].dir}/src/handlers`;
  const warmStart = Date.now();
  await runRound(['on', 'off'], [...common, '--only', warmOnly], o.serial);
  console.log(`warm-up on ${warmOnly}: ${((Date.now() - warmStart) / 1000).toFixed(1)} s`);

  const names = o.floor ? ['on', 'off', 'floor'] : ['on', 'off'];
  const series = Object.fromEntries(names.map((n) => [n, { lintCpuMs: [], lintWallMs: [], processWallMs: [], startupMs: [], maxRssMb: [] }]));
  let first = null;
  let rounds = o.rounds ?? o.maxRounds;
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? names : [...names].reverse();
    const t0 = Date.now();
    const res = await runRound(order, common, o.serial);
    const roundS = (Date.now() - t0) / 1000;
    for (const n of names) {
      for (const k of Object.keys(series[n])) series[n][k].push(res[n][k]);
    }
    first ??= res;
    console.log(
      `round ${round + 1}/${rounds} (${roundS.toFixed(0)} s${o.serial ? `, ${order.join(' → ')}` : `, concurrent, ${order[0]} spawned first`}): ` +
        names.map((n) => `${n} cpu ${ms(res[n].lintCpuMs)} wall ${ms(res[n].lintWallMs)}`).join(' | ') +
        ` | on/off ${(res.on[o.metric === 'cpu' ? 'lintCpuMs' : 'lintWallMs'] / res.off[o.metric === 'cpu' ? 'lintCpuMs' : 'lintWallMs']).toFixed(3)}`,
    );
    if (round === 0 && o.rounds === undefined) {
      const left = o.budget - (Date.now() - started) / 1000;
      const fit = Math.floor(left / roundS) + 1;
      if (fit < rounds) {
        rounds = Math.max(o.minRounds, fit);
        console.log(`  about ${roundS.toFixed(0)} s per round: ${rounds} rounds fit the ${o.budget} s budget (--rounds N to insist)`);
      }
    }
  }

  const key = o.metric === 'cpu' ? 'lintCpuMs' : 'lintWallMs';
  const med = Object.fromEntries(names.map((n) => [n, Object.fromEntries(Object.entries(series[n]).map(([k, v]) => [k, r1(median(v))]))]));
  const ratio = med.on[key] / med.off[key];
  const ratioOther = med.on[o.metric === 'cpu' ? 'lintWallMs' : 'lintCpuMs'] / med.off[o.metric === 'cpu' ? 'lintWallMs' : 'lintCpuMs'];
  const paired = median(series.on[key].map((v, i) => v / series.off[key][i]));
  const ratioPass = ratio <= o.target;
  const check = sanity(manifest, first);
  const pass = ratioPass && check.ok;

  console.log('');
  console.log(`${pad('config', 8)}${lpad('lint cpu', 12)}${lpad('lint wall', 12)}${lpad('process', 12)}${lpad('startup', 10)}${lpad('rss', 9)}${lpad('findings', 10)}  (medians of ${rounds} rounds)`);
  for (const n of names) {
    const findings = Object.values(first[n].byRule).reduce((s, x) => s + x, 0);
    console.log(
      `${pad(n, 8)}${lpad(ms(med[n].lintCpuMs), 12)}${lpad(ms(med[n].lintWallMs), 12)}${lpad(ms(med[n].processWallMs), 12)}${lpad(ms(med[n].startupMs), 10)}${lpad(`${med[n].maxRssMb} MB`, 9)}${lpad(findings, 10)}`,
    );
  }
  console.log(
    `ratio on/off (${o.metric}, medians): ${ratio.toFixed(3)}  ${ratioPass ? 'PASS' : 'FAIL'} (target ≤ ${o.target.toFixed(2)}); ` +
      `${o.metric === 'cpu' ? 'wall' : 'cpu'} ${ratioOther.toFixed(3)}; median of per-round ratios ${paired.toFixed(3)}`,
  );
  if (o.floor) {
    const fr = med.on[key] / med.floor[key];
    console.log(`ratio on/floor (${o.metric}): ${fr.toFixed(3)}; off/floor ${(med.off[key] / med.floor[key]).toFixed(3)}  (floor = off + platform 'container': no deployment lookups at all)`);
  }
  console.log(`sanity: ${check.ok ? 'PASS' : 'FAIL'}`);
  for (const c of check.checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}`);
  const re = check.requireExtension;
  if (re.missing.length) {
    console.log(`  not reported (${re.missing.length}) by app: ${Object.entries(re.missingByApp).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    for (const f of re.missing.slice(0, 10)) console.log(`    ${f}`);
    if (manifest.cdkLayout === 'infra' && Object.keys(re.missingByApp).every((k) => k.includes('(cdk)'))) {
      console.log('    (all in CDK apps whose stacks live in infra/lib/: the resolver looks into infra/ beside each ancestor, one level only, so it never lists infra/lib/)');
    }
  }
  if (re.unexpected.length) {
    console.log(`  reported but not expected (${re.unexpected.length}) by app: ${Object.entries(re.unexpectedByApp).map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    for (const f of re.unexpected.slice(0, 10)) console.log(`    ${f}`);
  }
  const warnings = [...new Set(names.flatMap((n) => first[n].warnings))];
  if (warnings.length) console.log(`LambdaShutdownWarning(s): ${warnings.join(' | ')}`);

  const result = {
    bench: 'extension',
    date: new Date().toISOString(),
    node: process.version,
    eslint: ESLint.version,
    git: plugin.git,
    pluginBuiltAt: plugin.builtAt,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? null,
    loadAvgAtEnd: os.loadavg().map((x) => r1(x)),
    monorepo: {
      seed: manifest.seed,
      generatorVersion: manifest.generatorVersion,
      cdkLayout: manifest.cdkLayout,
      apps: manifest.apps.length,
      files: first.on.files,
      sourceFiles: manifest.files.sources,
      byExt: manifest.files.byExt,
      lines: manifest.files.lines,
      deploymentConfigs: manifest.files.deploymentConfigs,
    },
    functions: {
      total: fnTotal,
      sigterm: manifest.functions.sigterm,
      byStatus: manifest.functions.byStatus,
      byTool: manifest.functions.byTool,
    },
    method: {
      process: 'fresh worker process per run (cold plugin caches)',
      schedule: o.serial ? 'serial, alternating order' : 'concurrent pairs, alternating spawn order',
      metric: o.metric,
    },
    rounds,
    medians: med,
    runs: series,
    ratio: r4(ratio),
    ratioOtherMetric: r4(ratioOther),
    ratioPairedMedian: r4(paired),
    ...(o.floor ? { ratioOnFloor: r4(med.on[key] / med.floor[key]), ratioOffFloor: r4(med.off[key] / med.floor[key]) } : {}),
    target: o.target,
    ratioPass,
    sanity: { ok: check.ok, checks: check.checks, requireExtension: { ...re, missing: re.missing, unexpected: re.unexpected }, otherRules: check.otherRules },
    probe: probe && {
      lookups: probe.lookups,
      coldDeployMs: probe.coldDeployMs,
      coldEvidenceMs: probe.coldEvidenceMs,
      warmDeployMs: probe.warmDeployMs,
      firstLookup: probe.first,
      perTool: probe.perTool,
      slowest: probe.slowest.slice(0, 5),
      statusCounts: probe.statusCounts,
      mismatches: probe.mismatches.length,
    },
    pass,
    durationS: r1((Date.now() - started) / 1000),
  };
  if (o.write) {
    writeResult('extension.json', result);
  }
  console.log(`${pass ? 'PASS' : 'FAIL'}: ratio ${ratio.toFixed(3)} (${ratioPass ? 'ok' : 'over target'}), sanity ${check.ok ? 'ok' : 'failed'}`);
  console.log(JSON.stringify({ ...result, runs: undefined, sanity: { ok: check.ok } }));
  if (!pass) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
