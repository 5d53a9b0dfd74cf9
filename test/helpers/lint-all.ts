/**
 * Every rule of the plugin on a text, through ESLint's Linter with typescript-eslint's parser: what the codemod and
 * suggestion tests check their outputs with (a fix must leave every rule clean, not only its own).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import plugin from '../../index.js';

/** The repository root: relative file names are linted as if they were there. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const ALL_RULES = Object.fromEntries(Object.keys(plugin.rules).map((name) => [`lambda-shutdown/${name}`, 'error' as const]));

/**
 * Lints `code` as the file `filename` (absolute, or relative to the repository root) with every rule on, and the
 * plugin's settings `settings`. `.cjs`/`.cts` files are CommonJS.
 */
export function lintAllRules(code: string, filename: string, settings: Record<string, unknown> = {}): Linter.LintMessage[] {
  const commonjs = /\.c[jt]s$/.test(filename);
  return new Linter({ cwd: ROOT }).verify(
    code,
    [
      {
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        languageOptions: {
          parser: tsParser as Linter.Parser,
          ecmaVersion: 'latest',
          sourceType: commonjs ? 'commonjs' : 'module',
          parserOptions: commonjs ? { sourceType: 'script' } : {},
        },
        plugins: { 'lambda-shutdown': plugin as unknown as NonNullable<Linter.Config['plugins']>[string] },
        rules: ALL_RULES,
        settings: { 'lambda-shutdown': settings },
      },
    ],
    { filename: path.resolve(ROOT, filename) },
  );
}
