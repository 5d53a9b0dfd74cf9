#!/usr/bin/env node
/**
 * One lint run for bench/extension.mjs, in a fresh process, so that every module-level cache the plugin keeps
 * (deployment listings and parsed configs in core/deploy/resolve.ts, code evidence, the HCL parser's WebAssembly
 * bridge) starts cold, as it does for a user's `eslint` process.
 *
 *   node bench/extension-worker.mjs --mode on|off|floor --cwd DIR [--plugin FILE] [--stats] [--only GLOB]
 *   node bench/extension-worker.mjs --mode probe --cwd DIR --manifest FILE [--plugin FILE]
 *
 * on     plugin.configs.recommended as it is
 * off    the same config object with `lambda-shutdown/require-extension` set to 'off'
 * floor  off, plus settings['lambda-shutdown'].platform = 'container': no deployment lookup at all (the other rules
 *        that read the extension status get 'container' without resolving anything)
 * probe  no lint: times the deployment lookup the rule makes for every function's handler, cold, in this process
 *        (deploymentsFor, plus codeEvidence over the handler's relative imports), to show where the time goes
 *
 * Prints one JSON line on stdout. Timings: wall (hrtime) and CPU (process.cpuUsage, user + system) around the single
 * `lintFiles(['.'])` call; `startupMs` is the time from process start to the point the lint begins (imports, config).
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchOptions } from './common.mjs';

const RULE = 'lambda-shutdown/require-extension';
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));

function parseArgs(argv) {
  const o = benchOptions(
    argv,
    {
      mode: { type: 'choice', choices: ['on', 'off', 'floor', 'probe'] },
      cwd: { type: 'path' },
      plugin: { type: 'path' },
      stats: { type: 'boolean' },
      only: { type: 'string' },
      manifest: { type: 'path' },
    },
    { defaults: { mode: null, cwd: null, plugin: path.join(BENCH_DIR, '..', 'dist', 'index.js'), stats: false, only: null, manifest: null } },
  );
  if (!o.mode) throw new Error('--mode is on, off, floor or probe');
  if (!o.cwd) throw new Error('--cwd is required');
  return o;
}

const cpuMs = (u) => (u.user + u.system) / 1000;
const r1 = (x) => Math.round(x * 10) / 10;

/** on and off: identical objects except for the one rule. floor: off without any deployment lookup. */
export function configsFor(plugin) {
  const rec = plugin.configs.recommended;
  if (Array.isArray(rec)) throw new Error('configs.recommended is expected to be one flat-config object');
  if (!rec.rules || !(RULE in rec.rules)) throw new Error(`configs.recommended does not enable ${RULE}`);
  const off = { ...rec, name: `${rec.name ?? 'recommended'} (bench: ${RULE} off)`, rules: { ...rec.rules, [RULE]: 'off' } };
  const settings = rec.settings ?? {};
  return {
    on: rec,
    off,
    floor: { ...off, name: `${off.name}, platform container`, settings: { ...settings, 'lambda-shutdown': { ...(settings['lambda-shutdown'] ?? {}), platform: 'container' } } },
  };
}

async function lint(o) {
  const warnings = [];
  process.on('warning', (w) => {
    if (w.name === 'LambdaShutdownWarning') warnings.push(w.message);
  });
  const { ESLint } = await import('eslint');
  const plugin = (await import(pathToFileURL(o.plugin).href)).default;
  const config = configsFor(plugin)[o.mode];
  const eslint = new ESLint({ cwd: o.cwd, overrideConfigFile: true, overrideConfig: [config], cache: false, stats: o.stats });
  const startupMs = performance.now();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const results = await eslint.lintFiles([o.only ?? '.']);
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = cpuMs(process.cpuUsage(cpu0));

  const byRule = {};
  const requireExtension = [];
  const fatal = [];
  const ruleTimes = {};
  let parseMs = 0;
  for (const r of results) {
    for (const m of r.messages) {
      if (m.fatal) fatal.push(`${path.relative(o.cwd, r.filePath)}:${m.line ?? 0} ${m.message}`);
      else if (m.ruleId) byRule[m.ruleId] = (byRule[m.ruleId] ?? 0) + 1;
      if (m.ruleId === RULE) requireExtension.push({ file: path.relative(o.cwd, r.filePath).split(path.sep).join('/'), line: m.line, messageId: m.messageId ?? null });
    }
    for (const pass of r.stats?.times?.passes ?? []) {
      parseMs += pass.parse?.total ?? 0;
      for (const [id, t] of Object.entries(pass.rules ?? {})) ruleTimes[id] = (ruleTimes[id] ?? 0) + (t?.total ?? 0);
    }
  }
  return {
    mode: o.mode,
    lintWallMs: r1(wall),
    lintCpuMs: r1(cpu),
    startupMs: r1(startupMs),
    files: results.length,
    fatal: fatal.length,
    fatalSamples: fatal.slice(0, 5),
    byRule,
    requireExtension,
    warnings,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ...(o.stats ? { ruleTimesMs: Object.fromEntries(Object.entries(ruleTimes).map(([k, v]) => [k, r1(v)])), parseMs: r1(parseMs) } : {}),
  };
}

/**
 * Cold deployment lookups for every handler, in path order (as ESLint meets them): what require-extension pays on
 * top of the lint. Timed per function and summed per tool; the first lookup also loads whatever every lookup meets
 * (the root infra/*.tf and with it the HCL parser). codeEvidence is timed on its own: it re-parses the handler's
 * relative imports, which ESLint has parsed (or will parse) already.
 */
async function probe(o) {
  const fs = await import('node:fs');
  const manifest = JSON.parse(fs.readFileSync(o.manifest, 'utf8'));
  const dist = path.dirname(o.plugin);
  const t0 = performance.now();
  const { deploymentsFor, deploymentStatus } = await import(pathToFileURL(path.join(dist, 'core', 'deploy', 'resolve.js')).href);
  const { codeEvidence } = await import(pathToFileURL(path.join(dist, 'core', 'deploy', 'code-evidence.js')).href);
  const { resolveSettings } = await import(pathToFileURL(path.join(dist, 'core', 'settings.js')).href);
  const { parse } = await import('@typescript-eslint/typescript-estree');
  const importMs = performance.now() - t0;
  const settings = resolveSettings({});

  const fns = [...manifest.functions.list].sort((a, b) => (a.handler < b.handler ? -1 : a.handler > b.handler ? 1 : 0));
  const perTool = {};
  const rows = [];
  let first = null;
  let deployTotal = 0;
  let evidenceTotal = 0;
  const statuses = {};
  for (const fn of fns) {
    const file = path.join(o.cwd, fn.handler);
    const text = fs.readFileSync(file, 'utf8');
    const program = parse(text, { range: true, loc: false, comment: false, jsx: false });
    const e0 = performance.now();
    const evidence = codeEvidence(file, program, text, o.cwd);
    const e1 = performance.now();
    const lookup = deploymentsFor(file, o.cwd);
    const d1 = performance.now();
    const deployMs = d1 - e1;
    const evidenceMs = e1 - e0;
    deployTotal += deployMs;
    evidenceTotal += evidenceMs;
    first ??= { handler: fn.handler, deployMs: r1(deployMs) };
    const t = (perTool[fn.tool] ??= { lookups: 0, deployMs: 0, evidenceMs: 0, maxDeployMs: 0, maxHandler: null });
    t.lookups++;
    t.deployMs += deployMs;
    t.evidenceMs += evidenceMs;
    if (deployMs > t.maxDeployMs) (t.maxDeployMs = deployMs), (t.maxHandler = fn.handler);
    const st = evidence ? 'internal' : combine(lookup, settings, deploymentStatus);
    statuses[fn.handler] = st;
    rows.push({ handler: fn.handler, tool: fn.tool, deployMs: r1(deployMs), evidenceMs: r1(evidenceMs), status: st, expected: fn.status });
  }
  // Second pass: everything cached (what each later lookup costs inside one process).
  const w0 = performance.now();
  for (const fn of fns) deploymentsFor(path.join(o.cwd, fn.handler), o.cwd);
  const warmMs = performance.now() - w0;
  for (const t of Object.values(perTool)) {
    t.deployMs = r1(t.deployMs);
    t.evidenceMs = r1(t.evidenceMs);
    t.maxDeployMs = r1(t.maxDeployMs);
  }
  const mismatches = rows.filter((r) => r.status !== r.expected).map((r) => ({ handler: r.handler, status: r.status, expected: r.expected }));
  return {
    mode: 'probe',
    importMs: r1(importMs),
    lookups: rows.length,
    coldDeployMs: r1(deployTotal),
    coldEvidenceMs: r1(evidenceTotal),
    warmDeployMs: r1(warmMs),
    first,
    perTool,
    slowest: [...rows].sort((a, b) => b.deployMs - a.deployMs).slice(0, 8),
    statusCounts: Object.values(statuses).reduce((acc, s) => ((acc[s] = (acc[s] ?? 0) + 1), acc), {}),
    mismatches,
  };
}

/** core/analysis.ts combineDeployments, condensed: the status the rule acts on. */
function combine(lookup, settings, deploymentStatus) {
  const statuses = lookup.deployments.map((d) => deploymentStatus(d, settings).kind);
  for (const k of ['none', 'unknown', 'external', 'internal']) if (statuses.includes(k)) return k;
  return 'unknown';
}

try {
  const o = parseArgs(process.argv.slice(2));
  const out = o.mode === 'probe' ? await probe(o) : await lint(o);
  process.stdout.write(JSON.stringify(out) + '\n');
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
}
