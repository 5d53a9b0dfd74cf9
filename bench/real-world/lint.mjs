/**
 * Linting the real-world corpus and scoring findings against its labels: what bench/real.mjs and
 * `bench/oxlint.mjs --real` share, so that both lint the same files the same way and match findings the same way.
 *
 *  - realCorpus(): the manifest's source files that are in the cache, grouped by repository.
 *  - lintAll(): one ESLint instance per repository with that repository as the cwd (relative imports, path aliases and
 *    deployment files resolve as they do in the repository), under `root` (the cache, or a copy of it).
 *  - eslintFindings() / addFinding(): findings keyed by repository, file, line and rule.
 *  - accuracy(): the findings matched with the labels by file, line and rule; recall, precision, misses and extras.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ESLint } from 'eslint';
import { CACHE_DIR, readManifest } from './manifest.mjs';

/** Our rules' prefix in ESLint's rule ids. */
export const PREFIX = 'lambda-shutdown/';

/** The manifest's source files that are in the cache, grouped by repository (`file`: the path in the cache). */
export function realCorpus() {
  const entries = readManifest();
  const byRepo = new Map();
  let missing = 0;
  for (const entry of entries) {
    if (entry.kind !== 'source') continue;
    const file = path.join(CACHE_DIR, entry.repo, entry.path);
    if (!fs.existsSync(file)) {
      missing++;
      continue;
    }
    const list = byRepo.get(entry.repo) ?? [];
    list.push({ ...entry, file });
    byRepo.set(entry.repo, list);
  }
  return { entries, byRepo, missing };
}

/** Lints every repository of the corpus with `config`, each in `root/<owner>/<repo>`; the results by repository. */
export async function lintAll(byRepo, config, root = CACHE_DIR) {
  const out = new Map();
  for (const [repo, files] of byRepo) {
    const cwd = path.join(root, repo);
    const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, cache: false, errorOnUnmatchedPattern: false, warnIgnored: false });
    out.set(repo, await eslint.lintFiles(files.map((f) => path.join(cwd, f.path))));
  }
  return out;
}

export const keyOf = (repo, file, line, rule) => `${repo}\u0000${file}\u0000${line}\u0000${rule}`;

/** The library a finding names: the first `(library label)` of a cleanup rule's message. */
export const libraryOf = (message) => /^`[^`]*` \(([^ )]+)/.exec(message)?.[1] ?? '-';

/** Adds one finding of our rule `rule` (without prefix) to `findings` (a Map by keyOf); the same key counts once. */
export function addFinding(findings, repo, file, line, rule, message) {
  const key = keyOf(repo, file, line, rule);
  if (!findings.has(key)) findings.set(key, { repo, path: file, line, rule, message, library: libraryOf(message) });
}

/**
 * ESLint's results of lintAll() as findings of our rules (`findings`, by keyOf; `all`, every one, in order) and its
 * parse errors (`repo/file:line message`).
 */
export function eslintFindings(results, root = CACHE_DIR) {
  const findings = new Map();
  const all = [];
  const fatal = [];
  for (const [repo, list] of results) {
    for (const r of list) {
      const rel = path.relative(path.join(root, repo), r.filePath).split(path.sep).join('/');
      for (const m of r.messages) {
        if (m.fatal) {
          fatal.push(`${repo}/${rel}:${m.line ?? 0} ${m.message}`);
          continue;
        }
        if (!m.ruleId?.startsWith(PREFIX)) continue;
        const rule = m.ruleId.slice(PREFIX.length);
        all.push({ repo, path: rel, line: m.line, rule, message: m.message });
        addFinding(findings, repo, rel, m.line, rule, m.message);
      }
    }
  }
  return { findings, all, fatal };
}

const ratio = (a, b) => (b === 0 ? null : a / b);

/** Recall = labelled findings reported / labelled findings; precision = labelled findings reported / findings. */
export const score = (r) => ({ ...r, recall: ratio(r.tp, r.tp + r.fn), precision: ratio(r.tp, r.tp + r.fp) });

/**
 * The findings matched with the corpus's labels by file, line and rule: per rule and per library (tp, fn, fp), the
 * total with recall and precision, every labelled finding missed and every finding not labelled `report`.
 */
export function accuracy(byRepo, findings) {
  const labels = new Map();
  for (const files of byRepo.values()) {
    for (const f of files) for (const l of f.labels) labels.set(keyOf(f.repo, f.path, l.line, l.rule), { ...l, repo: f.repo, path: f.path });
  }
  const rules = new Map();
  const libraries = new Map();
  const row = (map, name) => {
    let r = map.get(name);
    if (!r) map.set(name, (r = { tp: 0, fn: 0, fp: 0 }));
    return r;
  };
  const misses = [];
  const extras = [];
  for (const [key, label] of labels) {
    if (label.expect !== 'report') continue;
    const hit = findings.has(key);
    row(rules, label.rule)[hit ? 'tp' : 'fn']++;
    row(libraries, label.library ?? '-')[hit ? 'tp' : 'fn']++;
    if (!hit) misses.push(label);
  }
  for (const [key, finding] of findings) {
    const label = labels.get(key);
    if (label?.expect === 'report') continue;
    row(rules, finding.rule).fp++;
    row(libraries, label?.library ?? finding.library).fp++;
    extras.push({ ...finding, labelledSilent: label?.expect === 'silent', note: label?.note });
  }
  const total = score([...rules.values()].reduce((s, r) => ({ tp: s.tp + r.tp, fn: s.fn + r.fn, fp: s.fp + r.fp }), { tp: 0, fn: 0, fp: 0 }));
  return { rules, libraries, total, misses, extras };
}
