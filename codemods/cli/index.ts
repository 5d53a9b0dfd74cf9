#!/usr/bin/env node
/**
 * The bin of the lambda-shutdown-codemod package: `npx lambda-shutdown-codemod <name|all> [paths…] [options]`.
 * Everything is in codemod.ts; this adds `--version` and sets the exit code.
 */
import { readFileSync } from 'node:fs';
import { codemod } from './codemod.js';

/** The version of the package this file is built into (codemods/package.json, beside dist/). */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

export async function main(argv: string[]): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  return codemod(argv);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`lambda-shutdown-codemod: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
