/**
 * Re-linting a codemod's output with the rules it targets: what is left is what needs a human. Used by the workers
 * (cli/runner-transform.ts) for the jscodeshift codemods and by the main process for register-extension. ESLint and
 * the plugin load on first use only, so a run that changes nothing never pays for them.
 */
import type { Linter as LinterType } from 'eslint';
import { lintCwdFor } from '../codemods/transform-utils.js';
import type { Finding } from './codemod-shared.js';

interface LintSetup {
  Linter: typeof LinterType;
  linters: Map<string, LinterType>;
  base: LinterType.Config;
}
let setup: Promise<LintSetup> | undefined;

function getSetup(): Promise<LintSetup> {
  setup ??= (async () => {
    const [{ Linter }, pluginModule] = await Promise.all([
      import('eslint'),
      // dist/cli/codemod-lint.js → dist/index.js
      import(new URL('../index.js', import.meta.url).href) as Promise<{ default: { configs: { recommended: LinterType.Config } } }>,
    ]);
    return { Linter, linters: new Map(), base: pluginModule.default.configs.recommended };
  })();
  return setup;
}

/** One Linter per working directory (see lintCwdFor: the current one for files inside it). */
function linterFor(s: LintSetup, file: string): LinterType {
  const cwd = lintCwdFor(file);
  let linter = s.linters.get(cwd);
  if (!linter) s.linters.set(cwd, (linter = new s.Linter({ cwd })));
  return linter;
}

export interface LintOutcome {
  findings: Finding[];
  /** Set when the text does not parse. */
  fatal?: { line: number; column: number; message: string };
}

/** Lints `text` as the file `file` with only `rules` (prefixed ids) on, and the user's `lambda-shutdown` settings. */
export async function lintText(text: string, file: string, rules: string[], settings: Record<string, unknown>): Promise<LintOutcome> {
  const s = await getSetup();
  const { base } = s;
  const linter = linterFor(s, file);
  const baseSettings = (base.settings ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const config: LinterType.Config = {
    ...base,
    settings: { ...baseSettings, 'lambda-shutdown': { ...baseSettings['lambda-shutdown'], ...settings } },
    rules: Object.fromEntries(rules.map((r) => [r, 'error'])),
  };
  const messages = linter.verify(text, [config], { filename: file });
  const fatal = messages.find((m) => m.fatal);
  if (fatal) return { findings: [], fatal: { line: fatal.line, column: fatal.column, message: fatal.message } };
  return {
    findings: messages
      .filter((m) => m.ruleId !== null)
      .map((m) => ({ source: m.ruleId ?? '', line: m.line, column: m.column, message: m.message })),
  };
}
