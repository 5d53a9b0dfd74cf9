/**
 * What the codemods share: reading the options jscodeshift hands a transform, parsing with the analysis' parser
 * (errors name the file and line), applying text edits, and counting the findings a run leaves.
 *
 * A codemod is parse → analyze → text edits → new text. Nothing is reprinted: quotes, semicolons, indentation,
 * comments, `'use strict'` and shebangs stay as they are, and a file with nothing to fix comes back as the very
 * string it came in as (jscodeshift then counts it as unchanged and does not write it).
 */
import path from 'node:path';
import { analyze } from '../core/analysis.js';
import type { FileAnalysis, FileLocation } from '../core/analysis.js';
import type { TextEdit } from '../core/fixes.js';
import { parseFile } from '../core/parse.js';
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
  let raw = options?.['settings'];
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw) as unknown;
    } catch {
      throw new Error(`lambda-shutdown codemod: options.settings is not valid JSON: ${raw}`);
    }
  }
  return resolveSettings(raw === undefined || raw === null ? undefined : { [SETTINGS_KEY]: raw });
}

/** Parses like the rules do (TS for .ts/.mts/.cts, JSX for .tsx/.jsx and JS, CommonJS for .cjs/.cts); a failure names the file and line. */
export function parseOrThrow(text: string, file: string, codemod?: string): ParsedFile {
  try {
    return parseFile(text, file);
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

/** Parses and analyzes a file. */
export function analyzeText(text: string, file: string, settings: ResolvedSettings, codemod?: string): { parsed: ParsedFile; analysis: FileAnalysis } {
  const parsed = parseOrThrow(text, file, codemod);
  return { parsed, analysis: analyze(parsed, settings, locationOf(file)) };
}

/**
 * Applies non-overlapping edits to a text. Edits at the same offset apply in the order given. An overlap is a bug in
 * an edit generator and throws.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.index - b.index);
  let out = '';
  let pos = 0;
  for (const { edit } of sorted) {
    const [start, end] = edit.range;
    if (start < pos || end < start || end > text.length) {
      throw new Error(`lambda-shutdown codemod: overlapping edits at ${start}-${end} (internal error).`);
    }
    out += text.slice(pos, start) + edit.text;
    pos = end;
  }
  return out + text.slice(pos);
}

/**
 * Wraps a codemod's run as a jscodeshift transform: reads the settings, runs, and returns `file.source` itself when
 * nothing changed. Parse errors throw with the file and line; jscodeshift reports them and leaves the file alone.
 */
export function createTransform(codemod: CodemodName, run: (text: string, context: RunContext) => string): Transform {
  return function transform(file: FileInfo, _api: unknown, options: TransformOptions = {}): string {
    let settings: ResolvedSettings;
    try {
      settings = settingsFrom(options);
    } catch (error) {
      throw new Error(`${codemod}: ${(error as Error).message}`, { cause: error });
    }
    const out = run(file.source, { path: file.path, settings, options });
    return out === file.source ? file.source : out;
  };
}

/** The unclosed resources the rule a codemod targets reports in an analysis. */
export function findingsIn(analysis: FileAnalysis, codemod?: CodemodName): number {
  if (!analysis.isHandlerModule) return 0;
  let n = 0;
  if (codemod !== 'add-finally-cleanup') n += analysis.unclosedModuleResources().length;
  if (codemod !== 'add-shutdown-hook') n += analysis.unclosedInvocationResources().length;
  return n;
}

/**
 * How many findings of `require-sigterm-cleanup` and `require-finally-cleanup` (or of the one rule `codemod`
 * targets) a file has: after a run, what the codemod left because no safe fix exists. `settings` is what a flat
 * config has under `settings['lambda-shutdown']`. Throws like the transforms for a file that does not parse.
 */
export function findingsLeft(source: string, file: string, settings?: LambdaShutdownSettings, codemod?: CodemodName): number {
  const resolved = settingsFrom(settings === undefined ? undefined : { settings });
  const { analysis } = analyzeText(source, file, resolved, codemod);
  return findingsIn(analysis, codemod);
}
