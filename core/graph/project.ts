/**
 * A project's module graph: which local modules a file imports, which import it, and which Lambda handler entries
 * load it (directly or through other local modules). The root is the ESLint cwd: nothing outside it is read.
 *
 * Two levels of knowledge per file, each computed once per process and cached by path and content:
 *  - facts, from the text alone (a lexical scan, no parse): the module specifiers it writes, and whether it mentions
 *    `SIGTERM`, a resource library, or anything a handler entry needs (core/handlers.ts `mayBeHandlerModule`);
 *  - a summary (core/graph/summary.ts), from the same analysis the rules run (core/analysis.ts): what the module
 *    creates, exports, closes and listens for. Summaries cost a parse, so they are made only for files the facts
 *    cannot rule out, and the summary of a file ESLint lints is taken from that lint when it comes first.
 *
 * Imports resolve with TypeScript's resolver (core/graph/resolver.ts). Reverse look-ups ("who imports db.ts?") need
 * every file's specifiers: the project's sources are listed once (core/files.ts: git's list, or a .gitignore-aware
 * walk) and each is scanned when first needed; only specifiers that can name the target are resolved.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { listSourceFiles } from '../files.js';
import { isInside } from '../deploy/paths.js';
import { handlerHints } from '../handlers.js';
import type { HandlerHints } from '../handlers.js';
import { COMPUTED_SPECIFIER } from '../resources.js';
import { ModuleResolver } from './resolver.js';
import ts from '../typescript.js';

/** How long a file's stat is trusted before it is checked again (an editor session saves files). */
const RECHECK_MS = 2_000;
/** How long the project's file list is trusted: files are added less often than they are saved. */
const LIST_RECHECK_MS = 30_000;
/** A project larger than this is not indexed: reverse look-ups answer "unknown" there. */
export const MAX_PROJECT_FILES = 20_000;
/** Files larger than this are not scanned (generated bundles). */
const MAX_BYTES = 1024 * 1024;
/** How many modules a reverse search visits at most. */
const MAX_VISITS = 2_000;

export interface Specifier {
  readonly text: string;
  /** 1-based line of the specifier. */
  readonly line: number;
}

/**
 * What the text of a file says without a parse, whatever the settings: what the analysis asks of them (may it hold a
 * resource, may it export a handler) is answered from these with the settings (core/analysis.ts).
 */
export interface FileFacts {
  readonly file: string;
  readonly mtimeMs: number;
  readonly size: number;
  /** Of the text: a summary made from an ESLint lint of the same text is reused. */
  readonly hash: string;
  readonly specifiers: readonly Specifier[];
  /** A `require()` / `import()` whose specifier is not one string literal (core/resources.ts `COMPUTED_SPECIFIER`). */
  readonly computedSpecifier: boolean;
  readonly mentionsSigterm: boolean;
  /** What the text says about handler exports (core/handlers.ts `handlerHints`). */
  readonly hints: HandlerHints;
}

export interface Loader {
  /** The handler entry module. */
  readonly entry: string;
  /** The modules from the entry to the loaded module, the entry first and the loaded module last. */
  readonly chain: readonly string[];
  /** Line, in each module of the chain but the last, of the import that leads to the next. */
  readonly lines: readonly number[];
}

interface Timed<T> {
  value: T;
  checkedAt: number;
}

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function lineAt(text: string, index: number, lineStarts: number[]): number {
  // lineStarts grows lazily from the last known line start
  let last = lineStarts.at(-1)!;
  while (last <= index) {
    const next = text.indexOf('\n', last);
    if (next === -1 || next >= index) break;
    lineStarts.push((last = next + 1));
  }
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/**
 * The module specifiers a text writes, with their lines: imports, re-exports, `require('…')`, `import('…')`,
 * `import x = require('…')`, as TypeScript's own lexical pre-processor finds them (comments and strings are no
 * imports). Type-only imports and re-exports (`import type`, `export type … from`) are left out: no build loads them.
 */
export function scanSpecifiers(text: string): Specifier[] {
  const out: Specifier[] = [];
  const lineStarts = [0];
  for (const f of ts.preProcessFile(text, true, true).importedFiles) {
    if (typeOnly(text, f.pos)) continue;
    out.push({ text: f.fileName, line: lineAt(text, f.pos, lineStarts) });
  }
  return out;
}

/** Is the specifier at `pos` that of an `import type … from` / `export type … from` statement? */
function typeOnly(text: string, pos: number): boolean {
  const before = text.slice(Math.max(0, pos - 4000), pos);
  if (/\b(?:require|import)\s*\(\s*['"`]?$/.test(before)) return false;
  const keyword = Math.max(before.lastIndexOf('import'), before.lastIndexOf('export'));
  if (keyword < 0) return false;
  const statement = before.slice(keyword);
  return /^(?:import|export)\s+type\b/.test(statement) && !statement.includes(';');
}

const projects = new Map<string, Project>();

/** The module graph of a project root, shared by every settings object (what it knows does not depend on them). */
export function projectAt(root: string): Project {
  let project = projects.get(root);
  if (!project) projects.set(root, (project = new Project(root)));
  return project;
}

/** Forget every project (tests). */
export function clearProjects(): void {
  projects.clear();
}

export class Project {
  readonly resolver: ModuleResolver;
  private listing: Timed<readonly string[] | null> | null = null;
  private readonly facts = new Map<string, Timed<FileFacts | null>>();
  /** By the facts of one version of a file (factsOf gives the same object while the file is unchanged). */
  private resolvedImports = new WeakMap<FileFacts, readonly { file: string; line: number }[]>();

  private sourceSet: { list: readonly string[]; set: ReadonlySet<string> } | null = null;
  private reverse: { list: readonly string[]; importers: Map<string, { file: string; line: number }[]> } | null = null;

  constructor(readonly root: string) {
    this.resolver = new ModuleResolver(
      root,
      () => this.sources(),
      () => this.files(),
    );
  }

  /** The project's source files as a set (for the resolver's existence checks), or null when there are too many. */
  private sources(): ReadonlySet<string> | null {
    const list = this.files();
    if (list === null) return null;
    if (this.sourceSet?.list !== list) this.sourceSet = { list, set: new Set(list) };
    return this.sourceSet.set;
  }

  /** The project's source files, or null when there are too many to index. */
  files(now = Date.now()): readonly string[] | null {
    if (this.listing && now - this.listing.checkedAt < LIST_RECHECK_MS) return this.listing.value;
    let value: readonly string[] | null;
    try {
      const files = listSourceFiles(this.root, { git: false });
      value = files.length > MAX_PROJECT_FILES ? null : files;
    } catch {
      value = null;
    }
    if (this.listing && value && this.listing.value && (value.length !== this.listing.value.length || value.some((f, i) => f !== this.listing!.value![i]))) {
      this.resolver.clear();
      this.resolvedImports = new WeakMap();
    }
    this.listing = { value, checkedAt: now };
    return value;
  }

  /** The facts of a file on disk (null when it cannot be read, is too large, or lies outside the root). */
  factsOf(file: string, now = Date.now()): FileFacts | null {
    const hit = this.facts.get(file);
    if (hit && now - hit.checkedAt < RECHECK_MS) return hit.value;
    if (!isInside(this.root, file)) return null;
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (hit?.value && stat && stat.mtimeMs === hit.value.mtimeMs && stat.size === hit.value.size) {
      hit.checkedAt = now;
      return hit.value;
    }
    let value: FileFacts | null = null;
    if (stat?.isFile() && stat.size <= MAX_BYTES) {
      try {
        value = this.factsOfText(file, fs.readFileSync(file, 'utf8'), stat.mtimeMs, stat.size, true);
      } catch {
        value = null;
      }
    }
    this.facts.set(file, { value, checkedAt: now });
    return value;
  }

  /**
   * The facts of a text (the one an editor lints may differ from the disk). The hash and the handler hints are computed
   * when first read: the linted file's own are often never needed, and on a large module each costs a pass over it.
   */
  factsOfText(
    file: string,
    text: string,
    mtimeMs = -1,
    size = text.length,
    eager = false,
    known?: { specifiers: readonly Specifier[]; computedSpecifier: boolean },
  ): FileFacts {
    let hash: string | undefined;
    let hints: HandlerHints | undefined;
    // a file read from disk keeps no text: its hash, asked only of the modules that get summarized, reads it again
    let source: string | null = text;
    const facts: FileFacts = {
      file,
      mtimeMs,
      size,
      get hash() {
        return (hash ??= hashText(source ?? readOrEmpty(file)));
      },
      specifiers: known?.specifiers ?? scanSpecifiers(text),
      computedSpecifier: known?.computedSpecifier ?? COMPUTED_SPECIFIER.test(text),
      mentionsSigterm: text.includes('SIGTERM'),
      get hints() {
        return (hints ??= handlerHints(text));
      },
    };
    // a file read from disk: its hints computed now, so that its text need not be kept
    if (eager) {
      void facts.hints;
      source = null;
    }
    return facts;
  }

  /** The local modules a file imports, with the line of each import. */
  importsOf(facts: FileFacts): readonly { file: string; line: number }[] {
    const hit = this.resolvedImports.get(facts);
    if (hit) return hit;
    const targets: { file: string; line: number }[] = [];
    const seen = new Set<string>();
    for (const s of facts.specifiers) {
      const target = this.resolver.resolve(s.text, facts.file);
      if (target !== null && target !== facts.file && !seen.has(target)) {
        seen.add(target);
        targets.push({ file: target, line: s.line });
      }
    }
    this.resolvedImports.set(facts, targets);
    return targets;
  }

  /**
   * The files that import `target`, with the line of the import. Only specifiers whose last segment can name the
   * target (its stem, or its directory for an index file) are resolved, and those of aliases (`#db`, `@/db`).
   */
  importersOf(target: string): { file: string; line: number }[] | null {
    const files = this.files();
    if (files === null) return null;
    // one reverse index per file list: every file's local imports resolved once (cached by content in importsOf)
    if (this.reverse?.list !== files) {
      const importers = new Map<string, { file: string; line: number }[]>();
      for (const file of files) {
        const facts = this.factsOf(file);
        if (!facts) continue;
        for (const t of this.importsOf(facts)) {
          const list = importers.get(t.file);
          if (list) list.push({ file, line: t.line });
          else importers.set(t.file, [{ file, line: t.line }]);
        }
      }
      this.reverse = { list: files, importers };
    }
    // (rebuilt with the file list, so an editor sees a new import of a module within LIST_RECHECK_MS)
    return (this.reverse.importers.get(target) ?? []).filter((i) => i.file !== target);
  }

  /**
   * The handler entries that load `file`, nearest first (a breadth-first search up the importers), at most `limit`.
   * `isEntry` decides for each module met; `file` itself is asked first. Null when the project cannot be indexed.
   */
  loadersOf(file: string, isEntry: (candidate: string) => boolean, limit = 1): Loader[] | null {
    const found: Loader[] = [];
    if (isEntry(file)) {
      found.push({ entry: file, chain: [file], lines: [] });
      if (found.length >= limit) return found;
    }
    const parent = new Map<string, { next: string; line: number }>();
    const queue = [file];
    const seen = new Set([file]);
    while (queue.length > 0 && seen.size <= MAX_VISITS) {
      const current = queue.shift()!;
      const importers = this.importersOf(current);
      if (importers === null) return null;
      for (const { file: importer, line } of importers) {
        if (seen.has(importer)) continue;
        seen.add(importer);
        parent.set(importer, { next: current, line });
        if (isEntry(importer)) {
          const chain = [importer];
          const lines: number[] = [];
          for (let at = importer; at !== file; ) {
            const step = parent.get(at)!;
            lines.push(step.line);
            chain.push(step.next);
            at = step.next;
          }
          found.push({ entry: importer, chain, lines });
          if (found.length >= limit) return found;
        }
        queue.push(importer);
      }
    }
    return found;
  }

  /** Every module a file loads, itself included (a breadth-first search down its local imports). */
  graphOf(facts: FileFacts): string[] {
    const out = [facts.file];
    const seen = new Set(out);
    for (let i = 0; i < out.length && out.length <= MAX_VISITS; i++) {
      const f = i === 0 ? facts : this.factsOf(out[i]!);
      if (!f) continue;
      for (const t of this.importsOf(f)) {
        if (!seen.has(t.file)) {
          seen.add(t.file);
          out.push(t.file);
        }
      }
    }
    return out;
  }
}
