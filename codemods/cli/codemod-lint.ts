/**
 * Re-linting a codemod's output with the rules it targets: what is left is what needs a human. Used by the workers
 * (codemods/cli/runner-transform.ts) for the jscodeshift codemods and by the main process for register-extension. The lint
 * itself is the codemods' own (codemods/transform-utils.ts `lintWithRules`): ESLint loads on first use only, so a run
 * that changes nothing never pays for it.
 */
import { lintWithRules } from '../transform-utils.js';
import type { Finding } from './codemod-shared.js';

export interface LintOutcome {
  findings: Finding[];
  /** Set when the text does not parse. */
  fatal?: { line: number; column: number; message: string };
}

/** Lints `text` as the file `file` with only `rules` (prefixed ids) on, and the user's `lambda-shutdown` settings. */
export function lintText(text: string, file: string, rules: string[], settings: Record<string, unknown>): Promise<LintOutcome> {
  const messages = lintWithRules(text, file, rules, settings);
  const fatal = messages.find((m) => m.fatal);
  if (fatal) return Promise.resolve({ findings: [], fatal: { line: fatal.line, column: fatal.column, message: fatal.message } });
  return Promise.resolve({
    findings: messages
      .filter((m) => m.ruleId !== null)
      .map((m) => ({ source: m.ruleId ?? '', line: m.line, column: m.column, message: m.message })),
  });
}
