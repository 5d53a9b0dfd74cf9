/**
 * RuleTester wired to vitest. The default parser is @typescript-eslint/parser; a case's `filename` picks JS, TS
 * or TSX parsing, and `languageOptions.sourceType: 'commonjs'` gives CommonJS scoping.
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
