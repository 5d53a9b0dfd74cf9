#!/usr/bin/env node
/**
 * The package's one bin: `lambda-shutdown` (so `npx eslint-plugin-lambda-shutdown …` runs it).
 *
 *   lambda-shutdown check [paths…] [--format <name>] [--strict]
 *   lambda-shutdown list
 *   lambda-shutdown codemod …   runs the lambda-shutdown-codemod package's bin when it is installed, and otherwise
 *                               says how to run it (`npx lambda-shutdown-codemod …`): the codemods are a package of
 *                               their own, so that the plugin installs nothing only they need.
 *
 * Exit codes: 0 no findings, 1 findings, 2 bad usage or an internal error.
 */
import { parseArgs } from 'node:util';
import type { Linter } from 'eslint';
import { CODEMOD_COMMAND, CODEMOD_PACKAGE, CODEMODS, codemodListLines } from '../core/packages.js';

const USAGE = `Usage: lambda-shutdown <command> [options]

Commands:
  check [paths...]   Lint Lambda code with the plugin's recommended config, no ESLint setup needed.
                     --format <name>  an ESLint formatter (stylish, json, compact, ...); default stylish
                     --strict         use configs.strict instead of configs.recommended
                     Exit 0: nothing found; 1: findings; 2: a path (or glob) that matches no file to lint.
  list               List the rules and the codemods.

The codemods that fix what the rules find are their own package, ${CODEMOD_PACKAGE}:
  npx ${CODEMOD_COMMAND} <${[...CODEMODS.map((c) => c.name), 'all'].join('|')}> [paths...] [--dry]
(\`lambda-shutdown codemod ...\` runs it too when it is installed.)

Options:
  -h, --help         Show this help.
  -v, --version      Show the version.`;

/** Folders that hold build output or dependencies, never source to lint. */
const IGNORES = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/.aws-sam/**', '**/cdk.out/**', '**/.serverless/**', '**/coverage/**'];

/** The plugin (and with it ESLint, typescript-eslint and TypeScript) loads only for the commands that need it. */
async function loadPlugin(): Promise<typeof import('../index.js').default> {
  return (await import('../index.js')).default;
}

async function check(paths: string[], format: string, strict: boolean): Promise<number> {
  const [plugin, { ESLint }] = await Promise.all([loadPlugin(), import('eslint')]);
  const config = strict ? plugin.configs.strict : plugin.configs.recommended;
  const eslint = new ESLint({
    overrideConfigFile: true,
    overrideConfig: [{ ignores: IGNORES }, config as Linter.Config],
    // a mistyped path (or a glob that matches nothing) is an error, not a clean run: in CI it would pass for nothing
    errorOnUnmatchedPattern: true,
  });
  let results: Awaited<ReturnType<typeof eslint.lintFiles>>;
  try {
    results = await eslint.lintFiles(paths.length > 0 ? paths : ['.']);
  } catch (error) {
    // ESLint names the pattern: `No files matching 'src/hander.ts' were found.`, `All files matched by 'dist' are ignored.`
    const template = (error as { messageTemplate?: unknown }).messageTemplate;
    if (template !== 'file-not-found' && template !== 'all-matched-files-ignored') throw error;
    process.stderr.write(`lambda-shutdown check: ${(error as Error).message}\n`);
    return 2;
  }
  const formatter = await eslint.loadFormatter(format);
  const output = await formatter.format(results);
  if (output) process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  const problems = results.reduce((n, r) => n + r.errorCount + r.warningCount, 0);
  if (format === 'stylish' && problems === 0) process.stdout.write(`No shutdown problems found in ${results.length} file(s).\n`);
  return problems > 0 ? 1 : 0;
}

async function list(): Promise<number> {
  const plugin = await loadPlugin();
  const width = Math.max(...Object.keys(plugin.rules).map((n) => n.length));
  process.stdout.write('Rules:\n');
  for (const [name, rule] of Object.entries(plugin.rules)) {
    const docs = rule.meta.docs;
    const tag = docs?.recommended ? 'recommended' : 'strict';
    process.stdout.write(`  ${name.padEnd(width)}  ${tag.padEnd(11)}  ${docs?.description ?? ''}\n`);
  }
  process.stdout.write(`\n${CODEMODS_NOTE}\n`);
  return 0;
}

const CODEMODS_NOTE = `Codemods (the ${CODEMOD_PACKAGE} package: npx ${CODEMOD_COMMAND} <name|all> [paths...] [--dry]):\n${codemodListLines().join('\n')}`;

/**
 * `lambda-shutdown codemod …`: the codemods' own bin when their package is installed beside the plugin (resolved from
 * here, as Node resolves any dependency), and otherwise the command that runs it. Exit 2 then, as for bad usage.
 */
async function codemod(argv: string[]): Promise<number> {
  // Resolving alone says whether the package is there; an error while loading it (a dependency of its own missing)
  // is that error, not "not installed".
  let entry: string;
  try {
    entry = import.meta.resolve(`${CODEMOD_PACKAGE}/cli`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw error;
    process.stderr.write(
      `lambda-shutdown: the codemods are a package of their own (${CODEMOD_PACKAGE}), which is not installed here. Run:\n` +
        `  npx ${CODEMOD_COMMAND} ${argv.length > 0 ? argv.join(' ') : '--help'}\n`,
    );
    return 2;
  }
  const mod = (await import(entry)) as { codemod(argv: string[]): Promise<number> };
  return mod.codemod(argv);
}

export async function main(argv: string[]): Promise<number> {
  // The codemod command has options of its own.
  if (argv[0] === 'codemod') return codemod(argv.slice(1));
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
    process.stdout.write(`${(await loadPlugin()).meta.version}\n`);
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
    case 'codemod':
      return codemod(rest);
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
