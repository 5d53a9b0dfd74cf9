/**
 * eslint-plugin-lambda-shutdown: rules that make Node.js AWS Lambda functions shut down gracefully.
 *
 *   import lambdaShutdown from 'eslint-plugin-lambda-shutdown';
 *   export default [lambdaShutdown.configs.recommended];
 */
import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import { NAMESPACE, buildConfig } from './rules/configs.js';
import { rules } from './rules/index.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

type Configs = Record<'recommended' | 'strict', TSESLint.FlatConfig.Config>;

const plugin = {
  meta: { name, version, namespace: NAMESPACE },
  rules,
  configs: {} as Configs,
};

plugin.configs.recommended = buildConfig('recommended', plugin as unknown as TSESLint.FlatConfig.Plugin);
plugin.configs.strict = buildConfig('strict', plugin as unknown as TSESLint.FlatConfig.Plugin);

export default plugin;
export type { LambdaShutdownSettings } from './core/settings.js';
export type { UserResourceEntry } from './core/catalog.js';
