/**
 * RuleTester wired to vitest. The default parser is @typescript-eslint/parser; a case's `filename` picks JS, TS
 * or TSX parsing. RuleTester forces `parserOptions.sourceType: 'module'`, so CommonJS cases spread `commonjs`
 * into their `languageOptions`, which reaches the parser as a real commonjs config does.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** The fixture project of the type-aware cases: a tsconfig.json, project files, and fake packages' .d.ts files. */
export const TYPED_FIXTURES = fileURLToPath(new URL('../fixtures/typed/', import.meta.url));

/** A file of the typed fixture project (cases lint virtual files there; the project service types them). */
export const typedFile = (name = 'handler.ts') => path.join(TYPED_FIXTURES, name);

/**
 * RuleTester with type information, as typescript-eslint tests its type-aware rules: the project service, with files
 * outside the tsconfig's `include` (every case's virtual file) allowed in the default project, rooted at the fixture
 * project; and type-aware recognition switched on as `configs['recommended-type-checked']` does.
 */
export const typedRuleTester = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.ts'] },
      tsconfigRootDir: TYPED_FIXTURES,
    },
  },
  settings: { 'lambda-shutdown': { typedResources: true } },
});
