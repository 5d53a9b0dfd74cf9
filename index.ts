/**
 * eslint-plugin-lambda-shutdown: rules that make Node.js AWS Lambda functions shut down gracefully.
 *
 *   import lambdaShutdown from 'eslint-plugin-lambda-shutdown';
 *   export default [lambdaShutdown.configs.recommended];
 *   // TypeScript with type information: resources also recognised by their type
 *   export default [lambdaShutdown.configs.recommended, lambdaShutdown.configs['recommended-type-checked']];
 */
import { createRequire } from 'node:module';
import type { TSESLint } from '@typescript-eslint/utils';
import { PLUGIN_PACKAGE } from './core/packages.js';
import { NAMESPACE, buildConfig } from './rules/configs.js';
import { rules } from './rules/index.js';

/**
 * package.json sits one level up from the built dist/index.js, and beside index.ts in the sources. (In the codemods'
 * package, which carries its own build of the rules, it is that package's: the same version, another name.)
 */
function readVersion(): string {
  const require = createRequire(import.meta.url);
  try {
    return (require('../package.json') as { version: string }).version;
  } catch {
    return (require('./package.json') as { version: string }).version;
  }
}

const name = PLUGIN_PACKAGE;
const version = readVersion();

type Configs = Record<'recommended' | 'strict' | 'container' | 'recommended-type-checked', TSESLint.FlatConfig.Config>;

const plugin = {
  meta: { name, version, namespace: NAMESPACE },
  rules,
  configs: {} as Configs,
};

plugin.configs.recommended = buildConfig('recommended', plugin as unknown as TSESLint.FlatConfig.Plugin);
plugin.configs.strict = buildConfig('strict', plugin as unknown as TSESLint.FlatConfig.Plugin);
plugin.configs.container = buildConfig('container', plugin as unknown as TSESLint.FlatConfig.Plugin);
plugin.configs['recommended-type-checked'] = buildConfig('recommended-type-checked', plugin as unknown as TSESLint.FlatConfig.Plugin);

export default plugin;
// What `require('eslint-plugin-lambda-shutdown')` returns under Node's require(esm) (Node ≥ 20.19, 22.12): the plugin
// itself, not the module namespace, so an `eslint.config.cjs` (or a `.js` config of a CommonJS package) can write
// `lambdaShutdown.configs.recommended` as an ESM config does.
export { plugin as 'module.exports' };
export type { LambdaShutdownSettings } from './core/settings.js';
export type { UserResourceEntry } from './core/catalog.js';
