/**
 * RuleTester wired to vitest. The default parser is @typescript-eslint/parser; a case's `filename` picks JS, TS
 * or TSX parsing. RuleTester forces `parserOptions.sourceType: 'module'`, so CommonJS cases spread `commonjs`
 * into their `languageOptions`, which reaches the parser as a real commonjs config does.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export const ruleTester = new RuleTester();

/** Filenames for the cases' languages. */
export const files = {
  ts: 'src/handler.ts',
  tsx: 'src/handler.tsx',
  js: 'src/handler.js',
  mjs: 'src/handler.mjs',
  cjs: 'src/handler.cjs',
} as const;

/** languageOptions for CommonJS cases (the RuleTester types do not list `sourceType`). */
export const commonjs = { sourceType: 'commonjs', parserOptions: { sourceType: 'commonjs' } } as never;
