/**
 * Re-linting a codemod's output with the rules it targets: what is left is what needs a human. Used by the workers
 * (cli/runner-transform.ts) for the jscodeshift codemods and by the main process for register-extension. ESLint and
 * the plugin load on first use only, so a run that changes nothing never pays for them.
 */
import path from 'node:path';
import type { Linter as LinterType } from 'eslint';
import type { Finding } from './codemod-shared.js';

interface LintSetup {
  linter: LinterType;
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
    // Absolute file names are matched against the config's `files` relative to the file system root.
    return { linter: new Linter({ cwd: path.parse(process.cwd()).root }), base: pluginModule.default.configs.recommended };
  })();
  return setup;
}

export interface LintOutcome {
  findings: Finding[];
  /** Set when the text does not parse. */
  fatal?: { line: number; column: number; message: string };
}

/** Lints `text` as the file `file` with only `rules` (prefixed ids) on, and the user's `lambda-shutdown` settings. */
export async function lintText(text: string, file: string, rules: string[], settings: Record<string, unknown>): Promise<LintOutcome> {
  const { linter, base } = await getSetup();
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
