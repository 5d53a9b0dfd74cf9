/**
 * RuleTester wired to vitest. The default parser is @typescript-eslint/parser; a case's `filename` picks JS, TS
 * or TSX parsing. RuleTester forces `parserOptions.sourceType: 'module'`, so CommonJS cases spread `commonjs`
 * into their `languageOptions`, which reaches the parser as a real commonjs config does.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { RuleTesterConfig, RunTests } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** One `run()` of a suite, as recorded in capture mode: the rule as the suite passes it (maybe wrapped), and its cases. */
export interface CapturedSuite {
  name: string;
  rule: TSESLint.RuleModule<string, readonly unknown[]>;
  /** Run by `typedRuleTester` (type information from the fixture project's program). */
  typed: boolean;
  tests: RunTests<string, readonly unknown[]>;
}

let captured: CapturedSuite[] | null = null;

/**
 * Capture mode, for test/oxlint (which runs the same cases under oxlint): from this call on, `run()` records the
 * suite's cases and registers no test. Returns the list that the suites imported afterwards fill.
 */
export function captureSuites(): CapturedSuite[] {
  return (captured ??= []);
}

/** RuleTester with the capture hook; otherwise typescript-eslint's RuleTester as it is. */
class CapturingRuleTester extends RuleTester {
  readonly #typed: boolean;

  constructor(config: RuleTesterConfig | undefined, typed: boolean) {
    super(config);
    this.#typed = typed;
  }

  override run<MessageIds extends string, Options extends readonly unknown[]>(
    name: string,
    rule: TSESLint.RuleModule<MessageIds, Options>,
    tests: RunTests<MessageIds, Options>,
  ): void {
    if (captured) {
      captured.push({ name, rule, typed: this.#typed, tests } as unknown as CapturedSuite);
      return;
    }
    super.run(name, rule, tests);
  }
}

export const ruleTester: RuleTester = new CapturingRuleTester(undefined, false);

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
export const typedRuleTester: RuleTester = new CapturingRuleTester(
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.ts'] },
        tsconfigRootDir: TYPED_FIXTURES,
      },
    },
    settings: { 'lambda-shutdown': { typedResources: true } },
  },
  true,
);
