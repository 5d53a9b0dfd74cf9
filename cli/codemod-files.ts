/**
 * Which files a codemod may touch, and whether it may touch them now (the git check).
 *
 * The file list is computed here and handed to jscodeshift's Runner as explicit files, rather than letting the
 * Runner walk directories with its `ignorePattern` / `gitignore` options, because:
 *  - the Runner matches ignore globs against the whole path, so `**\/build/**` would drop every file of a project
 *    that happens to live under a directory named `build`; here the never-touched directories are matched only
 *    below the project (the git work tree, else the working directory);
 *  - its `gitignore: true` reads only `./.gitignore` (and throws when there is none), while a project has nested
 *    .gitignore files, negations and `.git/info/exclude`; in a git work tree `git ls-files` answers exactly, and
 *    outside one each directory's .gitignore is applied as git would;
 *  - it follows symbolic links, and replacing a link's target by rename would turn the link into a file; here
 *    links are skipped;
 *  - the main process needs the count up front for progress.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { EXTENSIONS, NEVER_TOUCH } from './codemod-shared.js';

const EXTENSION_SET = new Set<string>(EXTENSIONS.map((e) => `.${e}`));
const NEVER_SET = new Set<string>(NEVER_TOUCH);

export interface Skipped {
  file: string;
  reason: string;
}

export interface Discovery {
  files: string[];
  /** Files the user named, or links met on the way, that the codemod leaves alone. */
  skipped: Skipped[];
}

/** A pathspec for `rel` (relative to the work tree's top), taken literally; the whole tree when empty. */
function pathspec(rel: string): string {
  const posix = rel.split(path.sep).join('/');
  return posix === '' || posix === '.' ? ':(top)' : `:(top,literal)${posix}`;
}

function git(args: string[], cwd: string): { ok: boolean; stdout: string; stderr: string } {
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

function dirOf(target: string): string {
  try {
    return fs.statSync(target).isDirectory() ? target : path.dirname(target);
  } catch {
    return path.dirname(target);
  }
}

/** The nearest ancestor directory with a `.git` entry (what git would find), for when git itself cannot answer. */
function findDotGit(dir: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return null;
  }
}

export interface DirtyReport {
  root: string;
  /** `git status --porcelain` lines, or git's error when it could not read the repository. */
  lines: string[];
  error?: string;
}

/**
 * Uncommitted changes (modified, staged, untracked; not ignored) under the targets, per work tree. A codemod's
 * changes must be reviewable and revertible on their own, so they must not mix with the user's.
 */
export function dirtyWorkTrees(targets: string[]): DirtyReport[] {
  const byRoot = new Map<string, string[]>();
  const out: DirtyReport[] = [];
  for (const t of targets) {
    const dir = dirOf(t);
    const root = gitRoot(dir);
    if (root === null) {
      // Not a work tree for git, yet a .git is there: git is missing or refuses this repository (say, "dubious
      // ownership"). Nothing can be checked, so say so instead of running unchecked.
      const dotGit = findDotGit(dir);
      if (dotGit !== null) {
        const r = git(['rev-parse', '--show-toplevel'], dir);
        if (!(r.ok === false && /not a git repository/i.test(r.stderr))) {
          out.push({ root: dotGit, lines: [], error: (r.stderr || 'git could not read the repository').trim() });
        }
      }
      continue;
    }
    const list = byRoot.get(root) ?? [];
    list.push(path.relative(root, t));
    byRoot.set(root, list);
  }
  for (const [root, specs] of byRoot) {
    const r = git(['status', '--porcelain', '--untracked-files=all', '--', ...specs.map(pathspec)], root);
    if (!r.ok) {
      out.push({ root, lines: [], error: r.stderr.trim() });
      continue;
    }
    const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 0) out.push({ root, lines });
  }
  return out;
}

/** The never-touched directory a path lies in, judged only by the segments below `base`. */
function neverTouchedSegment(file: string, base: string | null): string | null {
  if (base === null) return null;
  const rel = path.relative(base, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const segments = rel.split(path.sep);
  segments.pop(); // the file's own name
  return segments.find((s) => NEVER_SET.has(s)) ?? null;
}

function isUnder(file: string, dir: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// -------------------------------------------------------------------------------------------------------------
// Outside git: a walk that applies .gitignore files as git would
// -------------------------------------------------------------------------------------------------------------

interface IgnoreLevel {
  base: string;
  ig: Ignore;
}

function readIgnore(dir: string): IgnoreLevel | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return null;
  }
  return { base: dir, ig: ignore().add(text) };
}

/** Deeper .gitignore files override shallower ones, negations included. */
function ignoredBy(levels: IgnoreLevel[], file: string, isDir: boolean): boolean {
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

function walk(root: string, levels: IgnoreLevel[], files: string[], skipped: Skipped[]): void {
  const own = readIgnore(root);
  const here = own ? [...levels, own] : levels;
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) {
      if (NEVER_SET.has(e.name) || ignoredBy(here, p, true)) continue;
      walk(p, here, files, skipped);
    } else if (EXTENSION_SET.has(path.extname(e.name))) {
      if (ignoredBy(here, p, false)) continue;
      if (e.isSymbolicLink()) skipped.push({ file: p, reason: 'symbolic link' });
      else if (e.isFile()) files.push(p);
    }
  }
}

/** .gitignore files of the directories from `stop` (inclusive) down to `dir` (exclusive), outermost first. */
function ancestorLevels(dir: string, stop: string): IgnoreLevel[] {
  const chain: string[] = [];
  for (let d = path.dirname(dir); isUnder(d, stop); d = path.dirname(d)) {
    chain.unshift(d);
    if (d === stop || path.dirname(d) === d) break;
  }
  return chain.map(readIgnore).filter((l): l is IgnoreLevel => l !== null);
}

// -------------------------------------------------------------------------------------------------------------
// Discovery
// -------------------------------------------------------------------------------------------------------------

/**
 * The files under `targets` (absolute paths of files or directories that exist) that a codemod may read and change:
 * JavaScript and TypeScript sources, not ignored by git, not inside a never-touched directory, not links.
 */
export function discoverFiles(targets: string[], cwd: string): Discovery {
  const found = new Set<string>();
  const skipped: Skipped[] = [];
  const skip = (file: string, reason: string): void => {
    skipped.push({ file, reason });
  };

  const explicitByRoot = new Map<string, string[]>();
  for (const target of targets) {
    const st = fs.lstatSync(target);
    const root = gitRoot(dirOf(target));
    const base = root ?? (isUnder(target, cwd) ? cwd : null);

    if (!st.isDirectory()) {
      const never = neverTouchedSegment(target, base);
      if (st.isSymbolicLink()) skip(target, 'symbolic link');
      else if (!st.isFile()) skip(target, 'not a regular file');
      else if (!EXTENSION_SET.has(path.extname(target))) skip(target, `not a ${EXTENSIONS.map((e) => `.${e}`).join(' ')} file`);
      else if (never) skip(target, `inside ${never}/`);
      else if (root !== null) explicitByRoot.set(root, [...(explicitByRoot.get(root) ?? []), target]);
      else if (base !== null && ignoredBy(ancestorLevels(path.join(target), base), target, false)) skip(target, 'ignored by .gitignore');
      else found.add(target);
      continue;
    }

    const never = neverTouchedSegment(path.join(target, 'x'), base);
    if (never) {
      skip(target, `inside ${never}/`);
      continue;
    }
    if (root !== null) {
      const r = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', pathspec(path.relative(root, target))], root);
      if (!r.ok) throw new Error(`git ls-files failed in ${root}: ${r.stderr.trim()}`);
      for (const relFile of r.stdout.split('\0')) {
        if (!relFile || !EXTENSION_SET.has(path.extname(relFile))) continue;
        const file = path.join(root, relFile);
        if (neverTouchedSegment(file, root)) continue;
        let fst: fs.Stats;
        try {
          fst = fs.lstatSync(file);
        } catch {
          continue; // deleted from the work tree
        }
        if (fst.isSymbolicLink()) skip(file, 'symbolic link');
        else if (fst.isFile()) found.add(file);
      }
    } else {
      const files: string[] = [];
      walk(target, base !== null && base !== target ? ancestorLevels(target, base) : [], files, skipped);
      for (const f of files) found.add(f);
    }
  }

  // Files named one by one inside a work tree: git decides whether they are ignored (tracked files never are).
  for (const [root, list] of explicitByRoot) {
    const r = spawnSync('git', ['check-ignore', '-z', '--stdin'], { cwd: root, input: list.map((f) => path.relative(root, f)).join('\0'), encoding: 'utf8' });
    const ignoredSet = new Set((r.status === 0 ? (r.stdout ?? '') : '').split('\0').filter(Boolean).map((rel) => path.join(root, rel)));
    for (const f of list) {
      if (ignoredSet.has(f)) skip(f, 'ignored by .gitignore');
      else found.add(f);
    }
  }

  const uniqueSkipped = new Map<string, Skipped>();
  for (const s of skipped) if (!uniqueSkipped.has(s.file)) uniqueSkipped.set(s.file, s);
  const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    files: [...found].filter((f) => !uniqueSkipped.has(f)).sort(byName),
    skipped: [...uniqueSkipped.values()].sort((a, b) => byName(a.file, b.file)),
  };
}
