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
import { EXTENSIONS, NEVER_TOUCH } from './codemod-shared.js';
import { ancestorLevels, git, gitRoot, ignoredBy, isUnder, pathspec, walkSources } from '../../core/files.js';
import type { Skipped } from '../../core/files.js';

export { gitRoot };
export type { Skipped };

const EXTENSION_SET = new Set<string>(EXTENSIONS.map((e) => `.${e}`));
const NEVER_SET = new Set<string>(NEVER_TOUCH);

export interface Discovery {
  files: string[];
  /** Files the user named, or links met on the way, that the codemod leaves alone. */
  skipped: Skipped[];
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
      walkSources(target, base !== null && base !== target ? ancestorLevels(target, base) : [], files, skipped);
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
