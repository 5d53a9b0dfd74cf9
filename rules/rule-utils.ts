import { RuleCreator, getParserServices } from '@typescript-eslint/utils/eslint-utils';
import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import { analyze } from '../core/analysis.js';
import type { FileAnalysis } from '../core/analysis.js';
import type { ResolvedSettings } from '../core/settings.js';

/** Where rule docs live; `meta.docs.url` of every rule points at its page. */
export const REPOSITORY_URL = 'https://github.com/lambda-shutdown/eslint-plugin-lambda-shutdown';

export interface LambdaShutdownDocs {
  description: string;
  /** In `configs.recommended`. */
  recommended?: boolean;
  /** In `configs.strict` (every recommended rule is too). */
  strict?: boolean;
  /** Options the rule gets in `configs.strict`. */
  strictOptions?: unknown[];
}

/** The one rule factory: it gives every rule its docs URL. */
export const createRule = RuleCreator<LambdaShutdownDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);

/**
 * The shared analysis of the linted file, as every rule gets it: with the file's location (for deployment lookup)
 * and, when `settings['lambda-shutdown'].typedResources` is on and the parser has a TypeScript program for the file
 * (`configs['recommended-type-checked']`), the type checker, so that resources are also recognised by type. Every
 * rule asks through here, so the one cached analysis is the same whichever rule runs first.
 *
 * Type information stays optional: `getParserServices(context, true)` is only called when a program is there (it
 * throws for parsers that produce no services at all, such as espree for a JS file).
 */
export function analysisOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>, settings: ResolvedSettings): FileAnalysis {
  const parserServices = settings.typedResources && context.sourceCode.parserServices?.program ? getParserServices(context, true) : null;
  const services = parserServices?.program ? (parserServices as ParserServicesWithTypeInformation) : null;
  return analyze(context.sourceCode, settings, { filename: context.filename, cwd: context.cwd }, { services });
}
