/**
 * The shareable configs, built from rule meta (`meta.docs?.recommended` / `meta.docs?.strict`), never listed by hand.
 * Each config is one flat-config object that works alone or after typescript-eslint's configs.
 *
 * `recommended-type-checked` is `recommended` for TypeScript files with type information: the parser gets a project
 * (typescript-eslint's project service) and `settings['lambda-shutdown'].typedResources` is on, so the resource
 * rules also recognise resources by type (core/typed-resources.ts). It is scoped to TS files so that JS files (config
 * files among them) are never type-checked; use it after `recommended`, which covers JS.
 */
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { sharedParser } from '../core/shared-parse.js';
import { rules } from './index.js';
import type { RuleName } from './index.js';

export const NAMESPACE = 'lambda-shutdown';

/** Every file type a Lambda function is written in. */
export const FILES = ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.jsx', '**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

/** The TypeScript files: the only ones `recommended-type-checked` type-checks. */
export const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.tsx'];

export type ConfigName = 'recommended' | 'strict' | 'container' | 'recommended-type-checked';

export function rulesFor(config: ConfigName): Record<string, TSESLint.SharedConfig.RuleEntry> {
  const out: Record<string, TSESLint.SharedConfig.RuleEntry> = {};
  for (const [name, rule] of Object.entries(rules) as [RuleName, (typeof rules)[RuleName]][]) {
    const docs = rule.meta.docs;
    const on = config === 'strict' ? docs?.recommended === true || docs?.strict === true : docs?.recommended === true;
    if (!on) continue;
    out[`${NAMESPACE}/${name}`] = config === 'strict' && docs?.strictOptions ? ['error', ...docs.strictOptions] : 'error';
  }
  return out;
}

export function buildConfig(config: ConfigName, plugin: TSESLint.FlatConfig.Plugin): TSESLint.FlatConfig.Config {
  if (config === 'recommended-type-checked') {
    return {
      name: `${NAMESPACE}/${config}`,
      files: TS_FILES,
      plugins: { [NAMESPACE]: plugin },
      languageOptions: {
        parser: tsParser as TSESLint.FlatConfig.Parser,
        // The project service finds each file's tsconfig.json, as typescript-eslint's own type-checked configs do.
        parserOptions: { projectService: true },
      },
      settings: { [NAMESPACE]: { typedResources: true } },
      rules: rulesFor('recommended'),
    };
  }
  return {
    name: `${NAMESPACE}/${config}`,
    files: FILES,
    plugins: { [NAMESPACE]: plugin },
    languageOptions: {
      // The TypeScript parser reads JS and TS alike, so one object serves every file type; through the wrapper that
      // shares its parses with the module graph (core/shared-parse.ts).
      parser: sharedParser,
    },
    // ECS, Kubernetes, Cloud Run: SIGTERM always arrives, and the grace period is seconds, not milliseconds.
    ...(config === 'container' ? { settings: { [NAMESPACE]: { platform: 'container' } } } : {}),
    rules: rulesFor(config),
  };
}
