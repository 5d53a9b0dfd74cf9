/**
 * Extension registration in code: a call of the Extensions API register endpoint, or an import of the
 * internal-extension module the `register-extension` codemod writes, in the handler module or in a module it
 * imports (relative imports are followed a few levels deep; files are read once and cached by path and mtime).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/typescript-estree';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { TSESTree } from '@typescript-eslint/utils';
import { staticString } from '../ast.js';
import { EXTENSION_REGISTER_PATH, INTERNAL_EXTENSION_MODULE } from '../catalog.js';

const MAX_DEPTH = 4;
const MAX_FILES = 60;
const MAX_BYTES = 1024 * 1024;
const EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

export interface CodeEvidence {
  /** The file that registers, and how. */
  readonly file: string;
  readonly how: string;
}

interface ModuleFacts {
  mtimeMs: number;
  /** When the file's mtime was last compared (an editor lints the same file many times a second). */
  checkedAt: number;
  evidence: string | null;
  imports: string[];
}
const cache = new Map<string, ModuleFacts>();

/**
 * Module specifiers of a program: imports and re-exports (top level), and `require()` / `import()` calls with
 * string arguments anywhere (walked only when the text has such a call).
 */
export function moduleSpecifiers(program: TSESTree.Program, text: string): string[] {
  const out: string[] = [];
  for (const node of program.body) {
    if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration') out.push(node.source.value);
    else if (node.type === 'ExportNamedDeclaration' && node.source) out.push(node.source.value);
  }
  if (!callsRequireOrImport(text)) return out;
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'ImportExpression') {
      const s = staticString(node.source);
      if (s !== null) out.push(s);
    } else if (node.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
      const s = staticString(node.arguments[0]);
      if (s !== null) out.push(s);
    }
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof (c as TSESTree.Node).type === 'string') stack.push(c as TSESTree.Node);
      } else if (child && typeof (child as TSESTree.Node).type === 'string') stack.push(child as TSESTree.Node);
    }
  }
  return out;
}

/**
 * Does `text` match /\brequire\s*\(|\bimport\s*\(/? Found from each `(` backwards (over whitespace, to the word
 * before it): one regex over the whole text of a large module costs several times more.
 */
export function callsRequireOrImport(text: string): boolean {
  for (let paren = text.indexOf('('); paren !== -1; paren = text.indexOf('(', paren + 1)) {
    let end = paren;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    if (wordEndsAt(text, end, 'require') || wordEndsAt(text, end, 'import')) return true;
  }
  return false;
}

/** Is `word` in `text` right before `end`, with no word character (\w) before it? */
function wordEndsAt(text: string, end: number, word: string): boolean {
  const start = end - word.length;
  if (start < 0 || !text.startsWith(word, start)) return false;
  if (start === 0) return true;
  const c = text.charCodeAt(start - 1);
  return !((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
}

/** The regex \s (what String.prototype.trim removes). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(String.fromCharCode(c));
}

/** Does a string literal or template of the program contain `needle` (a comment does not count)? */
function hasStringWith(program: TSESTree.Program, needle: string): boolean {
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === 'Literal' && typeof node.value === 'string' && node.value.includes(needle)) return true;
    if (node.type === 'TemplateElement' && node.value.raw.includes(needle)) return true;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const c of child) if (c && typeof (c as TSESTree.Node).type === 'string') stack.push(c as TSESTree.Node);
      } else if (child && typeof (child as TSESTree.Node).type === 'string') stack.push(child as TSESTree.Node);
    }
  }
  return false;
}

/** evidenceIn() per program: the rules ask about the linted file more than once. */
const evidenceCache = new WeakMap<TSESTree.Program, { text: string; evidence: string | null }>();

/** How a program registers an extension, if it does: a register-path string, or the codemod's module. */
export function evidenceIn(program: TSESTree.Program, text: string, specifiers?: string[]): string | null {
  const hit = evidenceCache.get(program);
  if (hit && hit.text === text) return hit.evidence;
  const evidence = findEvidence(program, text, specifiers);
  evidenceCache.set(program, { text, evidence });
  return evidence;
}

function findEvidence(program: TSESTree.Program, text: string, specifiers?: string[]): string | null {
  // cheap text checks first: most files mention neither
  const mentionsModule = text.includes('lambda-shutdown-extension');
  if (!mentionsModule && !text.includes(EXTENSION_REGISTER_PATH)) return null;
  const internal = mentionsModule ? (specifiers ?? moduleSpecifiers(program, text)).find((s) => INTERNAL_EXTENSION_MODULE.test(s)) : undefined;
  if (internal) return `imports ${internal}`;
  if (text.includes(EXTENSION_REGISTER_PATH) && hasStringWith(program, EXTENSION_REGISTER_PATH)) {
    return `calls the Extensions API (${EXTENSION_REGISTER_PATH})`;
  }
  return null;
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

const resolved = new Map<string, { file: string | null; checkedAt: number }>();

function resolveRelative(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), specifier);
  const now = Date.now();
  const hit = resolved.get(base);
  if (hit !== undefined && (now - hit.checkedAt < RECHECK_MS || hit.file === null || isFile(hit.file))) {
    if (hit.file !== null) hit.checkedAt = now;
    return hit.file;
  }
  // TypeScript sources import './x.js' for './x.ts'
  const stripped = base.replace(/\.(m|c)?js$/, '');
  const candidates = [base, ...EXTENSIONS.map((e) => stripped + e), ...EXTENSIONS.map((e) => path.join(base, `index${e}`))];
  const found = candidates.find(isFile) ?? null;
  resolved.set(base, { file: found, checkedAt: now });
  return found;
}

/** Relative module specifiers in a module's text (`from './x'`, `import './x'`, `require('./x')`, `import('./x')`). */
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)(['"])(\.{1,2}\/[^'"\n]*)\1/g;

/** How long a module's facts and a resolved specifier are trusted before the disk is asked again. */
const RECHECK_MS = 2_000;

function factsOf(file: string): ModuleFacts | null {
  const now = Date.now();
  const hit = cache.get(file);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit;
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return null;
  if (hit && hit.mtimeMs === stat.mtimeMs) {
    hit.checkedAt = now;
    return hit;
  }
  const facts: ModuleFacts = { mtimeMs: stat.mtimeMs, checkedAt: now, evidence: null, imports: [] };
  if (stat.size <= MAX_BYTES) {
    try {
      const text = readFileSync(file, 'utf8');
      // imports by a lexical scan: the file is not parsed unless it mentions a registration
      facts.imports = [...text.matchAll(RELATIVE_SPECIFIER)].map((m) => m[2]!);
      if (text.includes('lambda-shutdown-extension') || text.includes(EXTENSION_REGISTER_PATH)) {
        const program = parse(text, { jsx: /x$/.test(file), range: true, comment: false, loc: false });
        facts.evidence = evidenceIn(program, text);
      }
    } catch {
      // an unparseable module gives no evidence; ESLint reports its parse error when it lints it
    }
  }
  cache.set(file, facts);
  return facts;
}

/** Registration in the file itself (already parsed) or in the relative imports it follows, within `root`. */
export function codeEvidence(file: string, program: TSESTree.Program, text: string, root: string, known?: readonly string[]): CodeEvidence | null {
  const specifiers = known ? [...known] : moduleSpecifiers(program, text);
  const own = evidenceIn(program, text, specifiers);
  if (own) return { file, how: own };
  return evidenceInImports(file, specifiers, root);
}

/**
 * The same for a file on disk that is not parsed here (the entry of a function that loads the linted module): its
 * lexical facts, parsed only if it mentions a registration, then the relative imports it follows.
 */
export function fileCodeEvidence(file: string, root: string): CodeEvidence | null {
  const facts = factsOf(file);
  if (!facts) return null;
  if (facts.evidence) return { file, how: facts.evidence };
  return evidenceInImports(file, facts.imports, root);
}

/** Registration in the relative imports of `file` (its `specifiers`), followed a few levels deep within `root`. */
function evidenceInImports(file: string, specifiers: readonly string[], root: string): CodeEvidence | null {
  const seen = new Set<string>([file]);
  let frontier = specifiers.map((s) => resolveRelative(file, s)).filter((f): f is string => f !== null);
  for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0 && seen.size < MAX_FILES; depth++) {
    const next: string[] = [];
    for (const f of frontier) {
      if (seen.has(f) || seen.size >= MAX_FILES) continue;
      const rel = path.relative(root, f);
      if (rel.startsWith('..') || path.isAbsolute(rel)) continue;
      seen.add(f);
      const facts = factsOf(f);
      if (!facts) continue;
      if (facts.evidence) return { file: f, how: facts.evidence };
      for (const s of facts.imports) {
        const r = resolveRelative(f, s);
        if (r) next.push(r);
      }
    }
    frontier = next;
  }
  return null;
}
