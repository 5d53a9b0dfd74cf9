#!/usr/bin/env node
/**
 * The package's one bin: `lambda-shutdown` (so `npx eslint-plugin-lambda-shutdown …` runs it).
 *
 *   lambda-shutdown check [paths…] [--format <name>] [--strict]
 *   lambda-shutdown list
 *
 * Exit codes: 0 no findings, 1 findings, 2 bad usage or an internal error.
 */
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import type { Linter } from 'eslint';
import plugin from '../index.js';

const USAGE = `Usage: lambda-shutdown <command> [options]

Commands:
  check [paths...]   Lint Lambda code with the plugin's recommended config, no ESLint setup needed.
                     --format <name>  an ESLint formatter (stylish, json, compact, ...); default stylish
                     --strict         use configs.strict instead of configs.recommended
  list               List the rules.

Options:
  -h, --help         Show this help.
  -v, --version      Show the version.`;

/** Folders that hold build output or dependencies, never source to lint. */
const IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.aws-sam/**', '**/cdk.out/**', '**/.serverless/**', '**/coverage/**'];

async function check(paths: string[], format: string, strict: boolean): Promise<number> {
  const config = strict ? plugin.configs.strict : plugin.configs.recommended;
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ ignores: IGNORES }, config as Linter.Config],
    errorOnUnmatchedPattern: false,
  });
  const results = await eslint.lintFiles(paths.length > 0 ? paths : ['.']);
  const formatter = await eslint.loadFormatter(format);
  const output = await formatter.format(results);
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
  if (format === 'stylish' && problems === 0) process.stdout.write(`No shutdown problems found in ${results.length} file(s).\n`);
  return problems > 0 ? 1 : 0;
}

function list(): number {
  const width = Math.max(...Object.keys(plugin.rules).map((n) => n.length));
  process.stdout.write('Rules:\n');
  for (const [name, rule] of Object.entries(plugin.rules)) {
    const docs = rule.meta.docs;
    const tag = docs?.recommended ? 'recommended' : 'strict';
    process.stdout.write(`  ${name.padEnd(width)}  ${tag.padEnd(11)}  ${docs?.description ?? ''}\n`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'f', default: 'stylish' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.version) {
    process.stdout.write(`${plugin.meta.version}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'check':
      return check(rest, values.format, values.strict);
    case 'list':
      return list();
    default:
      process.stderr.write(`lambda-shutdown: unknown command '${command}'.\n\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lambda-shutdown: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
