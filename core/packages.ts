/**
 * The two packages this repository publishes, as messages, docs and the CLIs name them, and the codemods the second
 * one has (the table both CLIs list).
 *
 * - eslint-plugin-lambda-shutdown (the repository root): the rules, the configs and the `lambda-shutdown check` bin.
 *   It installs nothing that only the codemods need.
 * - lambda-shutdown-codemod (codemods/, an npm workspace): the codemods and their bin, run with
 *   `npx lambda-shutdown-codemod <name|all> [paths…]`. It carries its own build of core/ (the same analysis the rules
 *   use, from the same commit), so it never depends on a plugin version it could disagree with.
 */
export const PLUGIN_PACKAGE = 'eslint-plugin-lambda-shutdown';
export const CODEMOD_PACKAGE = 'lambda-shutdown-codemod';
/** The codemods' bin, which is also the package name, so `npx lambda-shutdown-codemod …` runs it with nothing installed. */
export const CODEMOD_COMMAND = CODEMOD_PACKAGE;
/** The plugin's `check` command as someone without the plugin in their project runs it. */
export const CHECK_COMMAND = `npx ${PLUGIN_PACKAGE} check`;

export type CodemodKind = 'jscodeshift' | 'project';

export interface CodemodInfo {
  name: string;
  /** jscodeshift: one file at a time through jscodeshift's Runner; project: a ts-morph pass over the whole project. */
  kind: CodemodKind;
  /** Rules (without the plugin prefix) whose findings this codemod fixes: what is left of them after it needs a human. */
  rules: string[];
  description: string;
}

/** The codemods, in the order `all` runs them. `all` runs only the jscodeshift ones. */
export const CODEMODS: readonly CodemodInfo[] = [
  {
    name: 'add-shutdown-hook',
    kind: 'jscodeshift',
    rules: ['require-sigterm-cleanup', 'exit-after-cleanup'],
    description: 'Close module-scope pools, clients, sockets and files in one SIGTERM listener that awaits them, then exits',
  },
  {
    name: 'add-finally-cleanup',
    kind: 'jscodeshift',
    rules: ['require-finally-cleanup'],
    description: 'Close per-invocation connections, sockets and files in `finally` (`await using` with --using)',
  },
  {
    name: 'register-extension',
    kind: 'project',
    rules: ['require-extension'],
    description: 'Add an internal extension that registers with the Extensions API, so Lambda sends SIGTERM at all',
  },
];

/** The help lines of the codemods, one per codemod and one for `all`. */
export function codemodListLines(indent = '  ', width = 20): string[] {
  return [
    ...CODEMODS.map((c) => `${indent}${c.name.padEnd(width)} ${c.description}`),
    `${indent}${'all'.padEnd(width)} ${CODEMODS.filter((c) => c.kind === 'jscodeshift').map((c) => c.name).join(', then ')}`,
  ];
}
