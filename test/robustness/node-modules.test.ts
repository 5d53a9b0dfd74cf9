/**
 * Robustness: every rule of the plugin runs over at least 3,000 real files that nobody here wrote (the project's
 * own node_modules) and never throws. A file that does not parse is ESLint's parse error (a fatal message), never
 * a crash of ours. Rules are taken from `plugin.rules`, so a rule added later is covered without touching this test.
 *
 * Selection (deterministic, sorted walk of node_modules, nested node_modules included, symlinks not followed):
 * `.js` `.mjs` `.cjs` `.ts` files, not `.d.ts`, at most 500 KB, not generated bundles (see `generatedReason`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

import plugin from '../../dist/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE_MODULES = path.join(ROOT, 'node_modules');
const NAMESPACE = 'lambda-shutdown';
const MIN_FILES = 3000;
const MAX_BYTES = 500 * 1024;
const BATCH_SIZE = 200;
const SOURCE = /\.(?:js|mjs|cjs|ts)$/;
const DECLARATION = /\.d\.ts$/;

interface Skipped {
  large: number;
  minifiedName: number;
  bundle: number;
  longLines: number;
}

interface Crash {
  file: string;
  error: string;
}

/**
 * Why a file looks generated rather than written, or null. Bundler output is recognised by its runtime in the first
 * 2 KB (webpack, parcel, browserify); minified code by lines over 5,000 characters that make up most of the file
 * (an average line over 250 characters), which keeps hand-written files that merely contain one long regular
 * expression or data string.
 */
function generatedReason(file: string, text: string): keyof Skipped | null {
  if (/\.min\.[cm]?js$/.test(file)) return 'minifiedName';
  const head = text.slice(0, 2048);
  if (/__webpack_require__|webpackBootstrap|parcelRequire|\(function\(\)\{function r\(e,n,t\)/.test(head)) return 'bundle';
  let longest = 0;
  let lines = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    longest = Math.max(longest, i - start);
    start = i + 1;
    lines++;
  }
  longest = Math.max(longest, text.length - start);
  if (longest > 5000 && text.length / lines > 250) return 'longLines';
  return null;
}

/** Sorted, deterministic walk; symlinks (`.bin`, workspace links) are not followed. */
function collect(): { files: string[]; skipped: Skipped } {
  const files: string[] = [];
  const skipped: Skipped = { large: 0, minifiedName: 0, bundle: 0, longLines: 0 };
  const visit = (dir: string): void => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.bin' && entry.name !== '.cache') visit(full);
        continue;
      }
      if (!entry.isFile() || !SOURCE.test(entry.name) || DECLARATION.test(entry.name)) continue;
      if (fs.statSync(full).size > MAX_BYTES) {
        skipped.large++;
        continue;
      }
      const reason = generatedReason(full, fs.readFileSync(full, 'utf8'));
      if (reason) {
        skipped[reason]++;
        continue;
      }
      files.push(full);
    }
  };
  visit(NODE_MODULES);
  return { files, skipped };
}

/** `react` for node_modules/react/…, `@scope/name` for scoped packages; the innermost package for nested ones. */
function packageOf(file: string): string {
  const parts = path.relative(NODE_MODULES, file).split(path.sep);
  const at = parts.lastIndexOf('node_modules');
  const rest = at === -1 ? parts : parts.slice(at + 1);
  return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? '');
}

/** Every rule of the plugin, on, with the recommended config's files, parser and languageOptions. */
function allRulesConfig(): { config: Linter.Config[]; rules: string[]; typeChecked: string[] } {
  const recommended = [plugin.configs.recommended].flat() as unknown as Linter.Config[];
  const ruleModules = plugin.rules as unknown as Record<string, { meta?: { docs?: { requiresTypeChecking?: boolean } } }>;
  const names = Object.keys(ruleModules).sort();
  // A rule that requires type information needs a TypeScript program, which files in node_modules are not part of.
  const typeChecked = names.filter((name) => ruleModules[name]?.meta?.docs?.requiresTypeChecking === true);
  const rules = names.filter((name) => !typeChecked.includes(name)).map((name) => `${NAMESPACE}/${name}`);
  const ruleEntries: Linter.RulesRecord = Object.fromEntries(rules.map((id) => [id, 'error']));
  const config: Linter.Config[] = [
    // ESLint ignores node_modules by default (and `ignore: false` does not lift that); un-ignore it.
    { name: 'robustness/unignore-node-modules', ignores: ['!**/node_modules/'] },
    ...recommended.map((c, i): Linter.Config => (i === recommended.length - 1 ? { ...c, rules: ruleEntries } : { ...c, rules: {} })),
  ];
  return { config, rules, typeChecked };
}

const errorText = (err: unknown): string => (err instanceof Error ? (err.stack ?? err.message) : String(err));

/** The first crashes in full (message and stack), then only the paths of the rest. */
function describeCrashes(crashes: readonly Crash[]): string {
  const shown = crashes.slice(0, 5).map((c) => `--- ${c.file}\n${c.error.split('\n').slice(0, 16).join('\n')}`);
  const rest = crashes.slice(5);
  const more = rest.length ? `\n--- and ${rest.length} more: ${rest.slice(0, 50).map((c) => c.file).join(', ')}${rest.length > 50 ? ', …' : ''}` : '';
  return `${crashes.length} file(s) made ESLint throw:\n${shown.join('\n')}${more}`;
}

describe('robustness: every rule over real code from node_modules', () => {
  it(
    `lints at least ${MIN_FILES} files with every rule on and never throws`,
    async () => {
      const started = Date.now();
      const { files, skipped } = collect();
      const packages = new Set(files.map(packageOf));
      expect(files.length, `only ${files.length} eligible files in node_modules`).toBeGreaterThanOrEqual(MIN_FILES);

      const { config, rules, typeChecked } = allRulesConfig();
      expect(rules.length, 'plugin.rules is empty').toBeGreaterThan(0);
      // allowInlineConfig: false, so the packages' own `eslint-disable` / `eslint rule: …` comments neither hide our
      // findings nor report rules we do not load.
      const eslint = new ESLint({ cwd: ROOT, overrideConfigFile: true, overrideConfig: config, cache: false, allowInlineConfig: false });

      const crashes: Crash[] = [];
      const results: ESLint.LintResult[] = [];
      const lintOneByOne = async (batch: readonly string[]): Promise<void> => {
        for (const file of batch) {
          try {
            results.push(...(await eslint.lintFiles([file])));
          } catch (err) {
            crashes.push({ file: path.relative(ROOT, file), error: errorText(err) });
          }
        }
      };
      for (let i = 0; i < files.length; i += BATCH_SIZE) {
        const batch = files.slice(i, i + BATCH_SIZE);
        try {
          results.push(...(await eslint.lintFiles(batch)));
        } catch {
          // Some file in the batch made ESLint throw: find which, and keep going.
          await lintOneByOne(batch);
        }
      }

      let parseErrors = 0;
      const ignored: string[] = [];
      const unexpected: string[] = [];
      const findings: Record<string, number> = Object.fromEntries(rules.map((id) => [id, 0]));
      for (const result of results) {
        for (const message of result.messages) {
          if (message.fatal === true) {
            parseErrors++;
          } else if (message.ruleId === null && /ignored/i.test(message.message)) {
            ignored.push(path.relative(ROOT, result.filePath));
          } else if (message.ruleId !== null && message.ruleId in findings) {
            findings[message.ruleId] = (findings[message.ruleId] ?? 0) + 1;
          } else {
            unexpected.push(`${path.relative(ROOT, result.filePath)}:${message.line}: ${message.ruleId ?? '(no rule)'}: ${message.message}`);
          }
        }
      }
      const linted = results.length - ignored.length;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const total = Object.values(findings).reduce((sum, n) => sum + n, 0);
      console.log(
        `[robustness] ${linted} files from ${packages.size} packages linted with ${rules.length} rule(s) in ${seconds} s ` +
          `(skipped ${skipped.large} > 500 KB, ${skipped.minifiedName} *.min.js, ${skipped.bundle} bundles, ${skipped.longLines} minified); ` +
          `${parseErrors} parse error(s), ${crashes.length} crash(es), ${total} finding(s): ` +
          Object.entries(findings)
            .map(([id, n]) => `${id.slice(NAMESPACE.length + 1)} ${n}`)
            .join(', ') +
          (typeChecked.length ? `; not run (need type information): ${typeChecked.join(', ')}` : ''),
      );

      expect(crashes.length, describeCrashes(crashes)).toBe(0);
      expect(ignored, 'files were ignored instead of linted').toEqual([]);
      expect(unexpected, 'messages that are neither parse errors nor findings of our rules').toEqual([]);
      expect(linted).toBe(files.length);
      expect(linted).toBeGreaterThanOrEqual(MIN_FILES);
      expect(packages.size).toBeGreaterThanOrEqual(50);
    },
    600_000,
  );
});
