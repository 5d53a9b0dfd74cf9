/**
 * A project's JavaScript and TypeScript sources, as git sees them: in a git work tree `git ls-files` (tracked and
 * untracked, not ignored), outside one a walk that applies each directory's .gitignore as git would. Dependencies,
 * VCS data and build output are never entered. The codemod CLI (which files it may change) and the module graph
 * (which files may import a module, core/graph/project.ts) both list files here.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';

/** The file extensions of JavaScript and TypeScript sources. */
export const SOURCE_EXTENSIONS = ['js', 'mjs', 'cjs', 'jsx', 'ts', 'mts', 'cts', 'tsx'] as const;

/** Directories never entered, wherever they are: dependencies, VCS data, build output. */
export const NEVER_ENTER = ['node_modules', '.git', '.hg', '.svn', 'dist', 'build', '.aws-sam', 'cdk.out', '.serverless', 'coverage'] as const;

const EXTENSION_SET = new Set<string>(SOURCE_EXTENSIONS.map((e) => `.${e}`));
const NEVER_SET = new Set<string>(NEVER_ENTER);

export interface Skipped {
  file: string;
  reason: string;
}

/** A pathspec for `rel` (relative to the work tree's top), taken literally; the whole tree when empty. */
export function pathspec(rel: string): string {
  const posix = rel.split(path.sep).join('/');
  return posix === '' || posix === '.' ? ':(top)' : `:(top,literal)${posix}`;
}

export function git(args: string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.error ? r.error.message : (r.stderr ?? '') };
}

const rootCache = new Map<string, string | null>();

/** The top of the git work tree that holds `dir`, or null outside one (or when git is not installed). */
export function gitRoot(dir: string): string | null {
  let root = rootCache.get(dir);
  if (root === undefined) {
    const r = git(['rev-parse', '--show-toplevel'], dir);
    root = r.ok && r.stdout.trim() ? path.resolve(r.stdout.trim()) : null;
    rootCache.set(dir, root);
  }
  return root;
}

/** `file` relative to `cwd` with `/` separators, as messages and notes show it; `file` itself when it is `cwd`. */
export function relativePath(cwd: string, file: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || file;
}

export function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// -------------------------------------------------------------------------------------------------------------
// Outside git: a walk that applies .gitignore files as git would
// -------------------------------------------------------------------------------------------------------------

export interface IgnoreLevel {
  base: string;
  ig: Ignore;
}

const ignoreCache = new Map<string, { mtimeMs: number; size: number; level: IgnoreLevel }>();

/**
 * The .gitignore of `dir`, or null. A missing file costs a stat, not a thrown error (every directory above each
 * project root is asked); a compiled file is reused while its mtime and size are unchanged.
 */
export function readIgnore(dir: string): IgnoreLevel | null {
  const file = path.join(dir, '.gitignore');
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat?.isFile()) return null;
  const cached = ignoreCache.get(dir);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.level;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
  const level = { base: dir, ig: ignore().add(text) };
  ignoreCache.set(dir, { mtimeMs: stat.mtimeMs, size: stat.size, level });
  return level;
}

/** Deeper .gitignore files override shallower ones, negations included. */
export function ignoredBy(levels: IgnoreLevel[], file: string, isDir: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const rel = path.relative(level.base, file).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    const r = level.ig.test(isDir ? `${rel}/` : rel);
    if (r.ignored) ignored = true;
    else if (r.unignored) ignored = false;
  }
  return ignored;
}

export function walkSources(root: string, levels: IgnoreLevel[], files: string[], skipped: Skipped[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  // read only where the listing shows one (a failed read per directory costs more than the walk)
  const own = entries.some((e) => e.name === '.gitignore') ? readIgnore(root) : null;
  const here = own ? [...levels, own] : levels;
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) {
      if (NEVER_SET.has(e.name) || ignoredBy(here, p, true)) continue;
      walkSources(p, here, files, skipped);
    } else if (EXTENSION_SET.has(path.extname(e.name))) {
      if (ignoredBy(here, p, false)) continue;
      if (e.isSymbolicLink()) skipped.push({ file: p, reason: 'symbolic link' });
      else if (e.isFile()) files.push(p);
    }
  }
}

/** .gitignore files of the directories from `stop` (inclusive) down to `dir` (exclusive), outermost first. */
export function ancestorLevels(dir: string, stop: string): IgnoreLevel[] {
  const chain: string[] = [];
  for (let d = path.dirname(dir); isUnder(d, stop); d = path.dirname(d)) {
    chain.unshift(d);
    if (d === stop || path.dirname(d) === d) break;
  }
  return chain.map(readIgnore).filter((l): l is IgnoreLevel => l !== null);
}


/** The nearest directory at or above `dir` holding a `.git` entry, without running git. */
function findGitTop(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

/**
 * Every source file under `root` (absolute paths, sorted): git's list in a work tree, else the .gitignore-aware walk.
 * Never-entered directories are judged below `root` only. Links are left out. `git: false` never starts git: the walk
 * alone, which is what a lint rule does (a process per project costs more than the walk of a project's sources).
 */
export function listSourceFiles(root: string, options: { git?: boolean } = {}): string[] {
  if (path.parse(root).root === root) throw new Error(`lambda-shutdown: will not list the files of ${root}`);
  const out: string[] = [];
  if (options.git === false) {
    // no process to start (a lint rule's first look at a project): the walk, with the .gitignore files above the root
    // unless they ignore the root itself (a checkout inside another repository's ignored folder)
    const levels = ancestorLevels(root, findGitTop(root) ?? root);
    walkSources(root, ignoredBy(levels, root, true) ? [] : levels, out, []);
    return out.sort();
  }
  const top = gitRoot(root);
  if (top !== null) {
    const r = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', pathspec(path.relative(top, root))], top);
    if (r.ok) {
      for (const relFile of r.stdout.split('\0')) {
        if (!relFile || !EXTENSION_SET.has(path.extname(relFile))) continue;
        const file = path.join(top, relFile);
        const below = path.relative(root, file).split(path.sep);
        below.pop();
        if (below.some((s) => NEVER_SET.has(s))) continue;
        out.push(file);
      }
      if (out.length > 0) return out.sort();
      // Nothing: the root is ignored by an enclosing repository (a checkout inside another one's ignored folder). Its
      // own .gitignore files still apply.
      walkSources(root, [], out, []);
      return out.sort();
    }
  }
  walkSources(root, ancestorLevels(root, top ?? root), out, []);
  return out.sort();
}
