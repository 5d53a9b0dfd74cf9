#!/usr/bin/env node
/**
 * What installing each package costs a user (run as `npm run bench:footprint`: build, then this script).
 *
 * Packs both packages of this repository as npm publishes them (`npm pack`: the plugin from the root, the codemods
 * from the codemods workspace) and installs them into fresh projects from the registry, as a user would:
 *   baseline   npm install eslint @typescript-eslint/parser         (what any TypeScript ESLint setup has)
 *   plugin     npm install eslint @typescript-eslint/parser <the plugin's tarball>
 *   codemods   npm install <the codemods' tarball>                  (what `npx lambda-shutdown-codemod` fetches)
 * and measures each node_modules with `du -sk` (disk usage, the figure `du -sh node_modules` shows) and by its
 * package count. Both projects are installed in the same run from the same registry, as a user's `npm install` would
 * (the newest versions the ranges allow; the result records which), so the difference is the plugin and what it
 * brings alone.
 *
 * Verdict: plugin − baseline ≤ --target MB (8, the figure). Also checked: the plugin's install holds none
 * of the codemods' own dependencies.
 *
 * Options: --target MB (8)  --keep (leave the temp projects)  --no-write  --check (exit 1 over the target)
 * Output: a human table, bench/results/footprint.json, and the same result as one JSON line at the end.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchOptions, writeResult } from './common.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Packages only the codemods use: none may be in a lint-only install. */
const CODEMOD_ONLY = ['jscodeshift', 'ts-morph', '@ts-morph/common', '@babel/core', 'flow-parser', 'recast', 'lambda-shutdown-codemod'];

const opts = benchOptions(
  process.argv.slice(2),
  {
    target: { type: 'number' },
    keep: { type: 'boolean' },
    'no-write': { type: 'boolean', key: 'write', negate: true },
    check: { type: 'boolean' },
  },
  { defaults: { target: 8, keep: false, write: true, check: false }, usage: 'usage: npm run bench:footprint -- [--target MB] [--keep] [--no-write] [--check]' },
);

const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });

/** `npm pack` into `dir`; the tarball's path. */
function pack(dir, workspace) {
  const out = npm(['pack', '--json', '--pack-destination', dir, ...(workspace ? ['--workspace', workspace] : [])], REPO_ROOT);
  const [info] = JSON.parse(out);
  return path.join(dir, info.filename);
}

/** A fresh project with `specs` installed; its node_modules' size (du -sk) and package count. */
function install(dir, specs) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: path.basename(dir), version: '1.0.0', private: true }));
  npm(['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], dir);
  const kb = Number(execFileSync('du', ['-sk', 'node_modules'], { cwd: dir, encoding: 'utf8' }).split(/\s/)[0]);
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
  const names = Object.keys(lock.packages).filter((k) => k.startsWith('node_modules/')).map((k) => k.slice(k.lastIndexOf('node_modules/') + 'node_modules/'.length));
  const version = (name) => lock.packages[`node_modules/${name}`]?.version;
  return { kb, packages: names.length, names: new Set(names), version };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-footprint-'));
try {
  const pluginTgz = pack(tmp);
  const codemodsTgz = pack(tmp, 'codemods');
  const base = ['eslint', '@typescript-eslint/parser'];
  const baseline = install(path.join(tmp, 'baseline'), base);
  const plugin = install(path.join(tmp, 'plugin'), [...base, pluginTgz]);
  const codemods = install(path.join(tmp, 'codemods'), [codemodsTgz]);
  const leaked = CODEMOD_ONLY.filter((n) => plugin.names.has(n));
  const mb = (kb) => Math.round((kb / 1024) * 10) / 10;
  const overMb = mb(plugin.kb - baseline.kb);
  const result = {
    bench: 'footprint',
    generated: new Date().toISOString(),
    node: process.version,
    npm: npm(['--version'], REPO_ROOT).trim(),
    measure: 'du -sk node_modules of a fresh project, each installed in this run from the registry',
    baseline: { install: `npm install ${base.join(' ')}`, versions: Object.fromEntries(base.map((n) => [n, baseline.version(n)])), mb: mb(baseline.kb), packages: baseline.packages },
    plugin: { install: `npm install ${base.join(' ')} eslint-plugin-lambda-shutdown`, tarballKb: Math.round(fs.statSync(pluginTgz).size / 1024), mb: mb(plugin.kb), packages: plugin.packages },
    codemods: { install: 'npm install lambda-shutdown-codemod (what npx fetches)', tarballKb: Math.round(fs.statSync(codemodsTgz).size / 1024), mb: mb(codemods.kb), packages: codemods.packages },
    pluginOverBaselineMb: overMb,
    codemodOnlyPackagesInPluginInstall: leaked,
    targetMb: opts.target,
    verdict: overMb <= opts.target && leaked.length === 0 ? 'pass' : 'fail',
  };
  console.log(`install                                   node_modules   packages`);
  console.log(`eslint + @typescript-eslint/parser        ${String(result.baseline.mb).padStart(8)} MB   ${String(result.baseline.packages).padStart(8)}`);
  console.log(`  + eslint-plugin-lambda-shutdown         ${String(result.plugin.mb).padStart(8)} MB   ${String(result.plugin.packages).padStart(8)}   (+${overMb} MB; target ≤ ${opts.target} MB: ${result.verdict})`);
  console.log(`lambda-shutdown-codemod alone (npx)       ${String(result.codemods.mb).padStart(8)} MB   ${String(result.codemods.packages).padStart(8)}`);
  console.log(`codemod-only packages in the plugin's install: ${leaked.length ? leaked.join(', ') : 'none'}`);
  if (opts.write) {
    writeResult('footprint.json', result);
  }
  console.log(JSON.stringify(result));
  if (opts.check && result.verdict !== 'pass') process.exitCode = 1;
} finally {
  if (opts.keep) console.log(`kept: ${tmp}`);
  else fs.rmSync(tmp, { recursive: true, force: true });
}
