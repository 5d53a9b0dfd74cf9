/**
 * What the codemods share: reading the options jscodeshift hands a transform, parsing with the analysis' parser
 * (errors name the file and line), applying text edits, and counting the findings a run leaves.
 *
 * A codemod is parse → analyze → text edits → new text. Nothing is reprinted: quotes, semicolons, indentation,
 * comments, `'use strict'` and shebangs stay as they are, and a file with nothing to fix comes back as the very
 * string it came in as (jscodeshift then counts it as unchanged and does not write it).
 */
import { createRequire } from 'node:module';
import tsParser from '@typescript-eslint/parser';
import { diffLines } from 'diff';
import path from 'node:path';
import type { Linter } from 'eslint';
import ts from '../core/typescript.js';
import type * as TS from 'typescript';
import plugin from '../index.js';
import { analyze } from '../core/analysis.js';
import type { FileAnalysis, FileLocation } from '../core/analysis.js';
import type { TextEdit } from '../core/fixes.js';
import { applyEdits } from '../core/fixes.js';

export { applyEdits };
import { parseFile } from '../core/parse.js';
import { exitFindings, hangingExits } from '../core/signals.js';
import { SETTINGS_KEY, resolveSettings } from '../core/settings.js';
import type { LambdaShutdownSettings, ResolvedSettings } from '../core/settings.js';
import type { ParsedFile } from '../core/scope.js';

/** The file jscodeshift hands a transform. */
export interface FileInfo {
  readonly path: string;
  readonly source: string;
}

/** jscodeshift's options object: the command line options, plus ours. */
export type TransformOptions = Readonly<Record<string, unknown>>;

/** A jscodeshift-compatible transform. */
export type Transform = (file: FileInfo, api: unknown, options?: TransformOptions) => string;

export type CodemodName = 'add-shutdown-hook' | 'add-finally-cleanup';

/** What a codemod's run gets besides the text. */
export interface RunContext {
  readonly path: string;
  readonly settings: ResolvedSettings;
  readonly options: TransformOptions;
  /**
   * A note for the run's summary: a finding left for a human, and why (jscodeshift's `api.report`), with the line of
   * the finding when it is about one (`lambda-shutdown-codemod` shows it, and lists the finding once, with the note).
   * The line is one of the text the run was given; createTransform() moves it to where it is in the output. The
   * message does not repeat it.
   */
  readonly report: (message: string, line?: number) => void;
}

/**
 * Where line `line` of `from` is in `to`: moved by the lines inserted and removed above it (a line that was removed
 * maps to where the lines that replaced it start). What keeps a note's line right once later edits move it.
 */
export function remapLine(from: string, to: string, line: number): number {
  if (from === to) return line;
  let a = 1;
  let b = 1;
  for (const part of diffLines(from, to)) {
    const n = part.count ?? 0;
    if (part.added) {
      b += n;
    } else if (part.removed) {
      if (line < a + n) return b;
      a += n;
    } else {
      if (line < a + n) return b + (line - a);
      a += n;
      b += n;
    }
  }
  return b;
}

/** A file the parser rejects. jscodeshift reports the message and leaves the file as it is. */
export class CodemodParseError extends Error {
  override name = 'CodemodParseError';
  constructor(
    message: string,
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
  ) {
    super(message);
  }
}

/**
 * The settings: `options.settings` is what a flat config has under `settings['lambda-shutdown']`. A JSON string
 * (from a command line) is read too.
 */
export function settingsFrom(options: TransformOptions | undefined): ResolvedSettings {
  const raw = options?.['settings'];
  // The same settings value (a worker passes one object to every file) resolves to the same object, which is what
  // lets analyzeText() reuse an analysis across the codemods of one run.
  if (raw === undefined || raw === null) return (defaultSettings ??= resolveSettingsValue(undefined));
  if (typeof raw === 'object') {
    let hit = resolvedByObject.get(raw);
    if (!hit) resolvedByObject.set(raw, (hit = resolveSettingsValue(raw)));
    return hit;
  }
  if (typeof raw === 'string' && lastStringSettings?.raw === raw) return lastStringSettings.resolved;
  const resolved = resolveSettingsValue(raw);
  if (typeof raw === 'string') lastStringSettings = { raw, resolved };
  return resolved;
}

let defaultSettings: ResolvedSettings | undefined;
const resolvedByObject = new WeakMap<object, ResolvedSettings>();
let lastStringSettings: { raw: string; resolved: ResolvedSettings } | undefined;

function resolveSettingsValue(value: unknown): ResolvedSettings {
  let raw = value;
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw new Error(`lambda-shutdown-codemod: options.settings is not valid JSON: ${raw}`);
    }
  }
  return resolveSettings(raw === undefined || raw === null ? undefined : { [SETTINGS_KEY]: raw });
}

/**
 * Parses like the rules do (TS for .ts/.mts/.cts, JSX for .tsx/.jsx and JS, CommonJS for .cjs/.cts), without the
 * token and comment lists, which no edit needs; a failure names the file and line.
 */
export function parseOrThrow(text: string, file: string, codemod?: string): ParsedFile {
  try {
    return parseFile(text, file, { tokens: false });
  } catch (error) {
    const e = error as { message?: string; lineNumber?: number; column?: number; location?: { start?: { line?: number; column?: number } } };
    const line = e.lineNumber ?? e.location?.start?.line;
    const column = e.column ?? e.location?.start?.column;
    const where = line === undefined ? '' : ` at line ${line}${column === undefined ? '' : `, column ${column + 1}`}`;
    const what = codemod ? `${codemod}: ` : '';
    throw new CodemodParseError(`${what}cannot parse ${file}${where}: ${e.message ?? String(error)}`, file, line, column);
  }
}

/** Where the file is on disk, so that the analysis can find its deployment configuration (the shutdown budget). */
export function locationOf(file: string): FileLocation {
  return { filename: path.resolve(file), cwd: process.cwd() };
}

export interface AnalyzedText {
  readonly parsed: ParsedFile;
  readonly analysis: FileAnalysis;
}

/**
 * The last few analyses, by file, text and settings object. In one run of `codemod all` a file's text is analyzed
 * by add-shutdown-hook, then by add-finally-cleanup (the same text when the first changed nothing, or the text the
 * first one checked its own edits with), then by findingsLeft() for what is left: each of those is one parse, not
 * three. An analysis is read-only once made, so sharing it is safe. Small on purpose: a worker goes through
 * thousands of files and needs only the one at hand.
 */
const recent: { file: string; text: string; settings: ResolvedSettings; result: AnalyzedText }[] = [];
const RECENT_SIZE = 4;

/**
 * What a transform knows about a text it produced without analyzing it. add-shutdown-hook's edits (re-raised exits,
 * a module-scope listener, closes added to a listener that already ends the process) leave the handlers, every
 * per-invocation resource and its cleanup, and every other listener as they were. So add-finally-cleanup and
 * findingsLeft() can read what they need about the output from the input's analysis, and the output needs no parse
 * of its own beyond a syntax check: most changed files are changed by add-shutdown-hook alone, and this saves each of
 * them a parse.
 */
export interface Derivation {
  /** The analysis of the text the edits were made to. */
  readonly from: FileAnalysis;
  /** The findings of add-shutdown-hook's rules that the output keeps (what findingsIn() would count for it). */
  readonly hookFindingsLeft: number;
}

const derivations: { file: string; text: string; settings: ResolvedSettings; derivation: Derivation }[] = [];

/** Records that `text` was made from `derivation.from` by edits that keep everything add-finally-cleanup reads. */
export function recordDerivation(text: string, file: string, settings: ResolvedSettings, derivation: Derivation): void {
  derivations.unshift({ file, text, settings, derivation });
  if (derivations.length > RECENT_SIZE) derivations.pop();
}

/**
 * The derivation of `text`, if a transform just made it. Never for a text with an eslint-disable comment: what the
 * rules report there is ESLint's to say (reportedStarts), on the text itself.
 */
export function derivationOf(text: string, file: string, settings: ResolvedSettings): Derivation | undefined {
  if (text.includes('eslint-disable')) return undefined;
  return derivations.find((d) => d.file === file && d.settings === settings && d.text === text)?.derivation;
}

/** Forgets every analysis and derivation (tests compare derived counts with fresh analyses). */
export function clearAnalysisCache(): void {
  recent.length = 0;
  derivations.length = 0;
}

const SCRIPT_KINDS: Record<string, TS.ScriptKind> = { '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX, '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS };

/**
 * Throws a CodemodParseError when `text` (a transform's own output) has a syntax error: TypeScript's parser alone,
 * about a third of the cost of parseOrThrow(), which also converts the tree and analyzes its scopes.
 */
export function checkSyntax(text: string, file: string, codemod: string): void {
  const kind = SCRIPT_KINDS[path.extname(file)] ?? ts.ScriptKind.JS;
  const source = ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, kind);
  const [first] = (source as unknown as { parseDiagnostics: readonly TS.DiagnosticWithLocation[] }).parseDiagnostics;
  if (!first) return;
  const { line, character } = source.getLineAndCharacterOfPosition(first.start);
  const message = ts.flattenDiagnosticMessageText(first.messageText, '\n');
  throw new CodemodParseError(`${codemod}: cannot parse ${file} at line ${line + 1}, column ${character + 1}: ${message}`, file, line + 1, character);
}

/** Parses and analyzes a file (or reuses the analysis of the same text, file and settings made just before). */
export function analyzeText(text: string, file: string, settings: ResolvedSettings, codemod?: string): AnalyzedText {
  const i = recent.findIndex((r) => r.file === file && r.settings === settings && r.text === text);
  if (i >= 0) {
    const [hit] = recent.splice(i, 1);
    recent.unshift(hit!);
    return hit!.result;
  }
  const parsed = parseOrThrow(text, file, codemod);
  const result = { parsed, analysis: analyze(parsed, settings, locationOf(file)) };
  recent.unshift({ file, text, settings, result });
  if (recent.length > RECENT_SIZE) recent.pop();
  return result;
}

/**
 * Wraps a codemod's run as a jscodeshift transform: reads the settings, runs, and returns `file.source` itself when
 * nothing changed. Parse errors throw with the file and line; jscodeshift reports them and leaves the file alone.
 */
export function createTransform(codemod: CodemodName, run: (text: string, context: RunContext) => string): Transform {
  return function transform(file: FileInfo, api: unknown, options: TransformOptions = {}): string {
    let settings: ResolvedSettings;
    try {
      settings = settingsFrom(options);
    } catch (error) {
      throw new Error(`${codemod}: ${(error as Error).message}`, { cause: error });
    }
    const apiReport = (api as { report?: unknown } | null | undefined)?.report;
    // a note's line is one of the input (the contract of run()): reported once the output is known, at its line there
    const notes: [string, number | undefined][] = [];
    const report = (message: string, line?: number) => void notes.push([message, line]);
    const out = run(file.source, { path: file.path, settings, options, report });
    if (typeof apiReport === 'function') {
      // a host that takes the line (`lambda-shutdown-codemod`: `report.lines`) gets it apart; jscodeshift's own
      // runner prints the message alone, so there it leads the message
      const apart = (apiReport as { lines?: unknown }).lines === true;
      for (const [message, line] of notes) {
        const at = line === undefined ? undefined : remapLine(file.source, out, line);
        apiReport(apart || at === undefined ? message : `line ${at}: ${message}`, at);
      }
    }
    return out === file.source ? file.source : out;
  };
}

/**
 * The findings of the rules a codemod targets (both codemods' without `codemod`): add-shutdown-hook,
 * require-sigterm-cleanup's unclosed module-scope resources, and exit-after-cleanup's and
 * no-process-exit-in-sigterm-listener's findings in the file's SIGTERM listeners (the listener it writes or extends
 * must pass); add-finally-cleanup, require-finally-cleanup's.
 */
export function findingsIn(analysis: FileAnalysis, codemod?: CodemodName): number {
  let n = 0;
  if (codemod !== 'add-finally-cleanup') n += exitFindings(analysis).length + hangingExits(analysis).length;
  // what the rules report, wherever the module is in a function's graph (they ask the graph themselves)
  if (codemod !== 'add-finally-cleanup') n += analysis.unclosedModuleResources().length;
  if (codemod !== 'add-shutdown-hook') n += analysis.unclosedInvocationResources().length;
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// eslint-disable comments

const requireCjs = createRequire(import.meta.url);
const linters = new Map<string, Linter>();

/**
 * The working directory to lint `file` with: the current one when the file is inside it (the rules look for
 * deployment configuration up to there and never above, as `lambda-shutdown check` does), else the root of the
 * file's file system (ESLint matches a config's `files` relative to it, and a file outside it matches nothing).
 */
export function lintCwdFor(file: string): string {
  const cwd = process.cwd();
  const rel = path.relative(cwd, path.resolve(file));
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel) ? cwd : path.parse(path.resolve(file)).root;
}

function linterFor(file: string): Linter {
  const cwd = lintCwdFor(file);
  let linter = linters.get(cwd);
  if (!linter) {
    // Loaded on first use only (a file with an eslint-disable comment, or a re-lint for what a codemod left),
    // synchronously because transforms are synchronous: ESLint's CommonJS entry.
    const { Linter: LinterClass } = requireCjs('eslint') as { Linter: new (options: { cwd: string }) => Linter };
    linters.set(cwd, (linter = new LinterClass({ cwd })));
  }
  return linter;
}

/**
 * Lints `text` as the file `file` with `configs.recommended`, only `rules` (prefixed ids) on, and the user's
 * `lambda-shutdown` settings (`rawSettings`: an object, or its JSON). What the codemods read eslint-disable comments
 * with, and what `lambda-shutdown-codemod` re-lints a changed file with for the findings left (codemods/cli/codemod-lint.ts).
 */
export function lintWithRules(text: string, file: string, rules: readonly string[], rawSettings: unknown): Linter.LintMessage[] {
  const base = plugin.configs.recommended as Linter.Config;
  const baseSettings = (base.settings ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const user = (typeof rawSettings === 'string' ? JSON.parse(rawSettings) : rawSettings) as Record<string, unknown> | undefined;
  const config: Linter.Config = {
    ...base,
    // typescript-eslint's parser itself, not the config's shared one: that one teaches the module graph to parse
    // sibling modules the way ESLint will (tokens and all) and keep the result for ESLint's lint of them, which in a
    // codemod's worker never comes
    languageOptions: { ...base.languageOptions, parser: tsParser as Linter.Parser },
    settings: { ...baseSettings, [SETTINGS_KEY]: { ...baseSettings[SETTINGS_KEY], ...user } },
    rules: Object.fromEntries(rules.map((r) => [r, 'error'])),
  };
  return linterFor(file).verify(text, [config], { filename: path.resolve(file) });
}

/** The rules whose findings the codemods fix or count. */
export type TargetRule = 'require-sigterm-cleanup' | 'require-finally-cleanup' | 'exit-after-cleanup' | 'no-process-exit-in-sigterm-listener';
const TARGET_RULES: readonly TargetRule[] = ['require-sigterm-cleanup', 'require-finally-cleanup', 'exit-after-cleanup', 'no-process-exit-in-sigterm-listener'];

let lastReported: { text: string; file: string; settings: unknown; result: Map<TargetRule, Set<number>> } | undefined;

/**
 * Where the codemods' rules report in `text` once the file's `eslint-disable` comments have had their say: per rule,
 * the start offsets of its findings. Null when the text has no such comment: then every finding of the analysis is
 * reported. The codemods fix what the rules report and nothing else, so a resource whose finding a comment turns off
 * is left alone. ESLint itself applies the comments (every directive form, rule lists, block ranges); it is loaded
 * only for files that have one.
 */
export function reportedStarts(text: string, file: string, rawSettings: unknown): Map<TargetRule, Set<number>> | null {
  if (!text.includes('eslint-disable')) return null;
  if (lastReported && lastReported.text === text && lastReported.file === file && lastReported.settings === rawSettings) return lastReported.result;
  const messages = lintWithRules(
    text,
    file,
    TARGET_RULES.map((r) => `lambda-shutdown/${r}`),
    rawSettings,
  );
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const result = new Map<TargetRule, Set<number>>(TARGET_RULES.map((r) => [r, new Set<number>()]));
  for (const m of messages) {
    const rule = m.ruleId?.replace(/^lambda-shutdown\//, '') as TargetRule | undefined;
    result.get(rule!)?.add((lineStarts[m.line - 1] ?? 0) + m.column - 1);
  }
  lastReported = { text, file, settings: rawSettings, result };
  return result;
}

/** Is the finding of `rule` at `node` reported (not turned off by a comment)? `reported` from reportedStarts(). */
export function isReported(reported: Map<TargetRule, Set<number>> | null, rule: TargetRule, node: { range: readonly [number, number] }): boolean {
  return reported === null || reported.get(rule)!.has(node.range[0]);
}

/**
 * How many findings of `require-sigterm-cleanup` and `require-finally-cleanup` (or of the one rule `codemod`
 * targets) a file has: after a run, what the codemod left because no safe fix exists. `settings` is what a flat
 * config has under `settings['lambda-shutdown']`. Throws like the transforms for a file that does not parse.
 * Right after a transform ran on the file this costs nothing: the transform's last analysis is the one of its output.
 */
export function findingsLeft(source: string, file: string, settings?: LambdaShutdownSettings, codemod?: CodemodName): number {
  const resolved = settingsFrom(settings === undefined ? undefined : { settings });
  const derivation = derivationOf(source, file, resolved);
  if (derivation) {
    const { from, hookFindingsLeft } = derivation;
    const invocation = codemod !== 'add-shutdown-hook' ? from.unclosedInvocationResources().length : 0;
    return (codemod !== 'add-finally-cleanup' ? hookFindingsLeft : 0) + invocation;
  }
  const { analysis } = analyzeText(source, file, resolved, codemod);
  const n = findingsIn(analysis, codemod);
  const reported = n > 0 ? reportedStarts(source, file, settings) : null;
  if (reported === null) return n;
  // the file turns some findings off: count what the rules report
  let left = 0;
  if (codemod !== 'add-finally-cleanup') {
    for (const f of exitFindings(analysis)) if (isReported(reported, 'exit-after-cleanup', f.kind === 'exitsEarly' ? f.early.exit : f.listener.call)) left++;
    for (const h of hangingExits(analysis)) if (isReported(reported, 'no-process-exit-in-sigterm-listener', h.exit)) left++;
  }
  if (codemod !== 'add-finally-cleanup') left += analysis.unclosedModuleResources().filter((r) => isReported(reported, 'require-sigterm-cleanup', r.node)).length;
  if (codemod !== 'add-shutdown-hook') left += analysis.unclosedInvocationResources().filter(({ resource }) => isReported(reported, 'require-finally-cleanup', resource.node)).length;
  return left;
}

/**
 * The `findingsLeft` export of a transform module, for `lambda-shutdown-codemod`: the count for that codemod's rule.
 * The command re-lints a file with the rule only when the count is not 0, to show each finding's message.
 */
export function findingsLeftFor(codemod: CodemodName): (source: string, file: string, settings?: LambdaShutdownSettings) => number {
  return (source, file, settings) => findingsLeft(source, file, settings, codemod);
}
