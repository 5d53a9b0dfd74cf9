import { ESLintUtils } from '@typescript-eslint/utils';

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
export const createRule = ESLintUtils.RuleCreator<LambdaShutdownDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
