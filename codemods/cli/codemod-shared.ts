/**
 * What the `codemod` command (codemods/cli/codemod.ts, main process) and the transform it hands to jscodeshift's worker
 * pool (codemods/cli/runner-transform.ts, one copy per worker process) share: the codemod table, the options that travel
 * to the workers, the per-file record that travels back, and the unified-diff format.
 */
import path from 'node:path';
import { structuredPatch } from 'diff';

/**
 * Extensions the codemods read (the same file types the configs lint), and directories a codemod never enters and
 * never writes to (dependencies, VCS data, build output): core/files.ts, which the module graph lists files with too.
 */
export { SOURCE_EXTENSIONS as EXTENSIONS, NEVER_ENTER as NEVER_TOUCH } from '../../core/files.js';

export { CODEMODS } from '../../core/packages.js';
export type { CodemodInfo, CodemodKind } from '../../core/packages.js';

/** One transform of the pipeline a worker applies to each file, in order. */
export interface PipelineTransform {
  name: string;
  /** Absolute path of the transform module (ESM or CommonJS; default export or module.exports is the transform). */
  path: string;
  /** Rule ids, with the plugin prefix, to re-lint the result with when the module exports no `findingsLeft`. */
  rules: string[];
}

/** What the main process sends to every worker, inside jscodeshift's options object (it must survive IPC as JSON). */
export interface WorkerOptions {
  transforms: PipelineTransform[];
  /** Each worker appends its records, one JSON line per file, to `<resultsDir>/<pid>.jsonl`. */
  resultsDir: string;
  dry: boolean;
  /** Diff paths are relative to this directory. */
  cwd: string;
  /** Passed to every transform as its third argument. */
  transformOptions: { using: boolean; settings: Record<string, unknown> };
  /** Re-lint changed files to count the findings left (and to refuse output that no longer parses). */
  lint: boolean;
}

/** Rule ids in findings carry the plugin's namespace. */
export const NAMESPACE_PREFIX = 'lambda-shutdown/';

/** The key under which WorkerOptions ride in jscodeshift's options. */
export const OPTIONS_KEY = 'lambdaShutdown';

export interface Finding {
  /** `lambda-shutdown/<rule>` for lint findings; the codemod's name for a transform's own report. */
  source: string;
  line?: number;
  column?: number;
  message: string;
}

export type FileStatus = 'changed' | 'unchanged' | 'skipped' | 'failed';

/** The outcome for one file, as a worker reports it. */
export interface FileRecord {
  file: string;
  status: FileStatus;
  /** Why the file was skipped or failed. */
  reason?: string;
  /** Where, for a parse error. */
  line?: number;
  column?: number;
  /** The transforms that changed the file, in order. */
  changedBy?: string[];
  /** With --dry: the unified diff the run would apply. */
  diff?: string;
  /** After the change: findings of the targeted rules, and what the transforms reported (`api.report`). */
  findings?: Finding[];
}

/** Forward slashes, relative to `cwd`: how a path is shown to the user and in diff headers. */
export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file) || path.basename(file);
  return rel.split(path.sep).join('/');
}

/**
 * A git-style unified diff (`diff --git a/… b/…`, 3 lines of context) that `git apply` and `patch -p1` accept.
 * `before === null` is a created file.
 */
export function unifiedDiff(name: string, before: string | null, after: string): string {
  const a = before === null ? '/dev/null' : `a/${name}`;
  const b = `b/${name}`;
  const patch = structuredPatch(a, b, before ?? '', after, '', '', { context: 3 });
  if (patch.hunks.length === 0) return '';
  const out = [`diff --git a/${name} b/${name}`];
  if (before === null) out.push('new file mode 100644');
  out.push(`--- ${a}`, `+++ ${b}`);
  for (const h of patch.hunks) {
    const oldRange = before === null ? '-0,0' : `-${h.oldLines === 0 ? h.oldStart - 1 : h.oldStart}${h.oldLines === 1 ? '' : `,${h.oldLines}`}`;
    out.push(`@@ ${oldRange} +${h.newLines === 0 ? h.newStart - 1 : h.newStart}${h.newLines === 1 ? '' : `,${h.newLines}`} @@`);
    out.push(...h.lines);
  }
  return `${out.join('\n')}\n`;
}
