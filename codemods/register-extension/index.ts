/**
 * The `register-extension` codemod: for Lambda handler entry files that listen for SIGTERM but register no
 * extension (so Lambda never sends them SIGTERM), it adds one internal-extension module to the project,
 * `lambda-shutdown-extension.<ext>` in the project's language and module system, and imports it first in each
 * of those entry files. After it, `require-extension` is clean on them.
 *
 * It is a project codemod (ts-morph, several files at once), not a per-file jscodeshift transform:
 *   1. every file under `paths` is parsed and analysed with the same core analysis the rules use (handler
 *      exports, SIGTERM listeners, extension evidence in code and deployment files): a file is an entry to fix
 *      when it exports a handler, has a SIGTERM listener, and its extension status is `none` or `unknown`;
 *   2. entries are grouped by package (nearest package.json), language, tsconfig and module system; each group
 *      gets one module in its entries' common directory (an existing `lambda-shutdown-extension.*` there or in a
 *      parent directory of the same package, of the same language and module system, is reused);
 *   3. each entry gets `import './lambda-shutdown-extension.js';` (or `require(…)` in a CommonJS file that uses
 *      `require`) as its first statement: after a shebang, the directive prologue ('use strict') and header
 *      comments, in the file's quote and semicolon style; nothing else in the file changes.
 * With `dry`, nothing is written: the result lists what would change, with each file's text before and after.
 * A second run changes nothing: the imports it added are extension evidence.
 *
 * How the module system is decided, per entry file:
 *   - JavaScript: `.mjs` is ESM and `.cjs` CommonJS; `.js`/`.jsx` follow the nearest package.json `type`.
 *   - TypeScript (nearest tsconfig.json, `extends` followed): with `module` node16/node18/node20/nodenext, `.mts`
 *     is ESM, `.cts` CommonJS and `.ts`/`.tsx` follow package.json `type`; `module` commonjs/amd/umd is CommonJS;
 *     with es2022/esnext/preserve the output is ESM only when the package is `type: module` (or the file is
 *     `.mts`), otherwise a bundler (esbuild under SAM and CDK defaults to CommonJS output) takes it, and a
 *     top-level await would break that build; es2015/es2020 cannot have a top-level await at all.
 * ESM gets the module that awaits its registration at the top level; everything else gets the one that holds
 * the runtime's first poll until the registration is answered. Both come from one source (module.ts renders
 * templates/lambda-shutdown-extension.ts.tmpl), whose header comment says why each waits as it does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Node, Project, ts } from 'ts-morph';
import type { SourceFile } from 'ts-morph';
import type { TSESTree } from '@typescript-eslint/utils';
import { analyze } from '../../core/analysis.js';
import { INTERNAL_EXTENSION_MODULE } from '../../core/catalog.js';
import { moduleSpecifiers } from '../../core/deploy/code-evidence.js';
import { parseFile } from '../../core/parse.js';
import { SETTINGS_KEY, resolveSettings } from '../../core/settings.js';
import { detectStyle } from '../../core/style.js';
import { renderModule } from './module.js';
import type { HttpImport, Language, ModuleSystem } from './module.js';

export { MODULE_VARIANTS, renderModule } from './module.js';
export type { HttpImport, Language, ModuleSystem, ModuleVariant } from './module.js';

export const name = 'register-extension';

/** The base name of the module the codemod adds (core/catalog.ts `INTERNAL_EXTENSION_MODULE` recognises it). */
export const MODULE_BASENAME = 'lambda-shutdown-extension';

export interface RunOptions {
  dry: boolean;
  cwd: string;
  /** ESLint `settings` (with a `lambda-shutdown` key), or the `lambda-shutdown` settings object itself. */
  settings?: object;
}

export interface FileDiff {
  /** Absolute path. */
  file: string;
  /** '' for a created file. */
  before: string;
  after: string;
}

export interface RunResult {
  /** Absolute paths of the entry files that got the import (or would, with `dry`). */
  changed: string[];
  /** Absolute paths of the modules added (or that would be, with `dry`). */
  created: string[];
  diffs: FileDiff[];
  /** Files the codemod could not read or parse, with the reason. */
  skipped: { file: string; reason: string }[];
}

const SOURCE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);
/** Directories never entered when a directory is given: dependencies, VCS data, build output (as the CLI). */
const NEVER_ENTER = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'build', '.aws-sam', 'cdk.out', '.serverless', 'coverage']);
const MODULE_FILE = new RegExp(`^${MODULE_BASENAME}\\.[cm]?[jt]s$`);

// ---------------------------------------------------------------------------------------------------------------
// Project facts: package.json type, tsconfig options

const packageCache = new Map<string, { root: string; type: string | undefined } | null>();

/** The nearest package.json above `dir`: its directory and `type`. */
function nearestPackage(dir: string): { root: string; type: string | undefined } | null {
  if (packageCache.has(dir)) return packageCache.get(dir)!;
  let found: { root: string; type: string | undefined } | null = null;
  const file = path.join(dir, 'package.json');
  if (fs.existsSync(file)) {
    let type: string | undefined;
    try {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { type?: unknown };
      type = typeof json.type === 'string' ? json.type : undefined;
    } catch {
      type = undefined;
    }
    found = { root: dir, type };
  } else {
    const parent = path.dirname(dir);
    found = parent === dir ? null : nearestPackage(parent);
  }
  packageCache.set(dir, found);
  return found;
}

interface TsFacts {
  configFile: string | null;
  module: ts.ModuleKind | undefined;
  moduleResolution: ts.ModuleResolutionKind | undefined;
  target: ts.ScriptTarget | undefined;
  erasableSyntaxOnly: boolean;
}

const tsconfigCache = new Map<string, TsFacts>();
const NO_TSCONFIG: TsFacts = { configFile: null, module: undefined, moduleResolution: undefined, target: undefined, erasableSyntaxOnly: false };

/** The options of the nearest tsconfig.json above `dir` (with `extends` followed; files are not enumerated). */
function tsFacts(dir: string): TsFacts {
  const hit = tsconfigCache.get(dir);
  if (hit) return hit;
  let facts: TsFacts;
  const file = path.join(dir, 'tsconfig.json');
  if (fs.existsSync(file)) {
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error) facts = { ...NO_TSCONFIG, configFile: file };
    else {
      const host: ts.ParseConfigHost = { ...ts.sys, useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames, readDirectory: () => [] };
      const { options } = ts.parseJsonConfigFileContent(read.config, host, dir, undefined, file);
      facts = {
        configFile: file,
        module: options.module,
        moduleResolution: options.moduleResolution,
        target: options.target,
        erasableSyntaxOnly: options.erasableSyntaxOnly === true,
      };
    }
  } else {
    const parent = path.dirname(dir);
    facts = parent === dir ? NO_TSCONFIG : tsFacts(parent);
  }
  tsconfigCache.set(dir, facts);
  return facts;
}

const NODE_MODULE_KINDS = new Set([ts.ModuleKind.Node16, ts.ModuleKind.Node18, ts.ModuleKind.Node20, ts.ModuleKind.NodeNext]);
const COMMONJS_MODULE_KINDS = new Set([ts.ModuleKind.CommonJS, ts.ModuleKind.AMD, ts.ModuleKind.UMD, ts.ModuleKind.None]);
const AWAIT_MODULE_KINDS = new Set([ts.ModuleKind.ES2022, ts.ModuleKind.ESNext, ts.ModuleKind.Preserve, ...NODE_MODULE_KINDS]);

function languageOf(file: string): Language {
  return /\.[cm]?tsx?$/.test(file) ? 'ts' : 'js';
}

/** How a file is loaded at run time, and how the module beside it must be written. */
interface ModuleFacts {
  lang: Language;
  system: ModuleSystem;
  /** Node resolves the output's relative imports as ES module URLs: the extension is required. */
  needsExtension: boolean;
  /** The module system package.json `type` alone gives `.js`/`.ts` files there. */
  packageSystem: ModuleSystem;
  packageRoot: string;
  ts: TsFacts;
  httpImport: HttpImport;
}

function moduleFacts(file: string, cwd: string): ModuleFacts {
  const lang = languageOf(file);
  const ext = path.extname(file);
  const pkg = nearestPackage(path.dirname(file));
  const packageSystem: ModuleSystem = pkg?.type === 'module' ? 'esm' : 'cjs';
  const packageRoot = pkg?.root ?? cwd;
  if (lang === 'js') {
    const system: ModuleSystem = ext === '.mjs' ? 'esm' : ext === '.cjs' ? 'cjs' : packageSystem;
    return { lang, system, needsExtension: system === 'esm', packageSystem, packageRoot, ts: NO_TSCONFIG, httpImport: 'require' };
  }
  const facts = tsFacts(path.dirname(file));
  const byExtension: ModuleSystem = ext === '.mts' ? 'esm' : ext === '.cts' ? 'cjs' : packageSystem;
  const kind = facts.module;
  const nodeResolution =
    facts.moduleResolution === ts.ModuleResolutionKind.Node16 ||
    facts.moduleResolution === ts.ModuleResolutionKind.NodeNext ||
    (facts.moduleResolution === undefined && kind !== undefined && NODE_MODULE_KINDS.has(kind));
  let system: ModuleSystem;
  let commonjsOutput: boolean;
  if (kind === undefined || NODE_MODULE_KINDS.has(kind)) {
    system = byExtension;
    commonjsOutput = system === 'cjs';
  } else if (COMMONJS_MODULE_KINDS.has(kind)) {
    system = 'cjs';
    commonjsOutput = true;
  } else {
    // ESM syntax out; Node loads it as ESM only in a `type: module` package or as .mjs, else a bundler takes it
    system = byExtension === 'esm' && AWAIT_MODULE_KINDS.has(kind) ? 'esm' : 'cjs';
    commonjsOutput = false;
  }
  if (system === 'esm' && facts.target !== undefined && facts.target < ts.ScriptTarget.ES2017) {
    // no top-level await before ES2017: the module that holds the first poll instead, which under node16/nodenext is
    // then a CommonJS file (a .cts, or a .ts in a CommonJS package) where verbatimModuleSyntax forbids ESM imports
    system = 'cjs';
    if (kind !== undefined && NODE_MODULE_KINDS.has(kind)) commonjsOutput = true;
  }
  const httpImport: HttpImport = !commonjsOutput ? 'namespace' : facts.erasableSyntaxOnly ? 'const' : 'require';
  return { lang, system, needsExtension: system === 'esm' && nodeResolution, packageSystem, packageRoot, ts: facts, httpImport };
}

/** The module's file extension for a group: `.js`/`.ts` where package.json `type` gives the right system, else explicit. */
function moduleExtension(facts: ModuleFacts): string {
  if (facts.lang === 'js') return facts.system === facts.packageSystem ? '.js' : facts.system === 'esm' ? '.mjs' : '.cjs';
  const kind = facts.ts.module;
  const perFile = kind === undefined || NODE_MODULE_KINDS.has(kind);
  if (!perFile || facts.system === facts.packageSystem) return '.ts';
  return facts.system === 'esm' ? '.mts' : '.cts';
}

// ---------------------------------------------------------------------------------------------------------------
// Entry files

interface Entry {
  file: string;
  text: string;
  facts: ModuleFacts;
  /** `import` when the file has ESM syntax (or is TypeScript that does not use require), else `require`. */
  statement: 'import' | 'require';
  /** How the file writes the extension of its relative imports, when it has any. */
  importStyle: 'runtime' | 'source' | 'none' | null;
}

function listFiles(paths: string[], cwd: string): string[] {
  const out = new Set<string>();
  const visit = (p: string, explicit: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      if (!explicit && NEVER_ENTER.has(path.basename(p))) return;
      for (const child of fs.readdirSync(p).sort()) visit(path.join(p, child), false);
    } else if (stat.isFile() && SOURCE_EXTENSIONS.has(path.extname(p)) && !/\.d\.[cm]?ts$/.test(p) && !MODULE_FILE.test(path.basename(p))) {
      out.add(p);
    }
  };
  for (const p of paths.length > 0 ? paths : ['.']) visit(path.resolve(cwd, p), true);
  return [...out];
}

function importStyleOf(specifiers: string[]): Entry['importStyle'] {
  for (const s of specifiers) {
    if (!s.startsWith('.')) continue;
    const ext = path.extname(s);
    if (['.js', '.mjs', '.cjs', '.jsx'].includes(ext)) return 'runtime';
    if (['.ts', '.mts', '.cts', '.tsx'].includes(ext)) return 'source';
    if (ext === '') return 'none';
  }
  return null;
}

function statementKind(program: TSESTree.Program, lang: Language, text: string): Entry['statement'] {
  const esm = program.body.some(
    (s) => s.type === 'ImportDeclaration' || s.type === 'ExportNamedDeclaration' || s.type === 'ExportDefaultDeclaration' || s.type === 'ExportAllDeclaration',
  );
  if (esm) return 'import';
  if (lang === 'ts' && !/\brequire\s*\(/.test(text)) return 'import';
  return 'require';
}

function toSettings(settings: object | undefined): Readonly<Record<string, unknown>> | undefined {
  if (!settings) return undefined;
  const record = settings as Record<string, unknown>;
  if (SETTINGS_KEY in record) return record;
  return Object.keys(record).length > 0 ? { [SETTINGS_KEY]: record } : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Where the import goes

const PRAGMA = /^(@ts-(no)?check\b|eslint-disable(\s|$)|eslint-env\b|globals?\s|jshint\b|@flow\b|@noflow\b|@jsx\b|@jsxImportSource\b|@format\b)/;

function commentBody(text: string): string {
  return text
    .replace(/^\/\/\/?|^\/\*+!?|\*+\/$/g, '')
    .trim();
}

/** The start of the first line after `offset`'s line that has something on it (or the end of the text). */
function nextNonBlankLine(text: string, offset: number): number {
  let i = text.indexOf('\n', offset);
  while (i !== -1) {
    const next = text.indexOf('\n', i + 1);
    const line = text.slice(i + 1, next === -1 ? text.length : next);
    if (line.trim() !== '') return i + 1;
    if (next === -1) return text.length;
    i = next;
  }
  return text.length;
}

/**
 * Where the first statement goes: after a BOM and shebang, after the directive prologue, and after header
 * comments (a comment followed by a blank line, or a pragma such as `@ts-check` or `eslint-disable`); comments
 * attached to the first statement stay with it.
 */
export function insertionPoint(sf: SourceFile): number {
  const text = sf.getFullText();
  const statements = sf.getStatements();
  let directives = 0;
  while (directives < statements.length) {
    const st = statements[directives]!;
    if (!Node.isExpressionStatement(st) || !Node.isStringLiteral(st.getExpression())) break;
    directives++;
  }
  if (directives > 0) {
    const end = statements[directives - 1]!.getEnd();
    const lineEnd = text.indexOf('\n', end);
    return lineEnd === -1 ? text.length : lineEnd + 1;
  }
  let pos = text.startsWith('\uFEFF') ? 1 : 0;
  const shebang = ts.getShebang(text.slice(pos));
  if (shebang) {
    const lineEnd = text.indexOf('\n', pos);
    pos = lineEnd === -1 ? text.length : lineEnd + 1;
  }
  // from 0: at a later position TypeScript takes the comments on its first line for trailing ones
  for (const c of ts.getLeadingCommentRanges(text, 0) ?? []) {
    if (c.pos < pos) continue;
    const comment = text.slice(c.pos, c.end);
    const restOfLine = text.slice(c.end, text.indexOf('\n', c.end) === -1 ? text.length : text.indexOf('\n', c.end));
    if (restOfLine.trim() !== '') break;
    const afterLine = text.indexOf('\n', c.end);
    const blankAfter = afterLine !== -1 && nextNonBlankLine(text, c.end) > afterLine + 1;
    const body = commentBody(comment);
    const header = blankAfter || comment.startsWith('///') || comment.startsWith('/*!') || PRAGMA.test(body) || /@license|@preserve/.test(body);
    if (header) pos = nextNonBlankLine(text, c.end);
  }
  return pos;
}

function statementText(entry: Entry, specifier: string, nextChar: string): string {
  const style = detectStyle(entry.text);
  const q = style.quote;
  const literal = `${q}${specifier.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`)}${q}`;
  const body = entry.statement === 'import' ? `import ${literal}` : `require(${literal})`;
  // without semicolons, a call followed by a line starting with ( [ ` + - / would run on into it
  const hazard = entry.statement === 'require' && /^[([`+\-/]/.test(nextChar);
  return style.semicolons || hazard ? `${body};` : body;
}

const RUNTIME_EXTENSION: Record<string, string> = { '.ts': '.js', '.mts': '.mjs', '.cts': '.cjs', '.js': '.js', '.mjs': '.mjs', '.cjs': '.cjs' };

/** The specifier that imports `modulePath` from `entry`, written the way the entry writes its relative imports. */
export function specifierFor(entry: Pick<Entry, 'file' | 'facts' | 'importStyle'>, modulePath: string): string {
  let rel = path.relative(path.dirname(entry.file), modulePath).split(path.sep).join('/');
  if (!rel.startsWith('.')) rel = `./${rel}`;
  const ext = path.extname(modulePath);
  const stem = rel.slice(0, -ext.length);
  const runtime = stem + (RUNTIME_EXTENSION[ext] ?? ext);
  if (entry.importStyle === 'source' && entry.facts.lang === 'ts') return stem + ext;
  if (entry.facts.needsExtension) return runtime;
  const extensionless = ext === '.js' || ext === '.ts';
  if (entry.importStyle === 'none' || (entry.importStyle === null && entry.facts.system === 'cjs')) return extensionless ? stem : runtime;
  return runtime;
}

// ---------------------------------------------------------------------------------------------------------------

function commonDirectory(files: string[]): string {
  let dir = path.dirname(files[0]!);
  for (const f of files.slice(1)) {
    while (!(path.dirname(f) + path.sep).startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)) {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return dir;
}

/** An existing module in `dir` or a parent up to `root` that has the group's language and module system. */
function existingModule(dir: string, root: string, facts: ModuleFacts, cwd: string): string | null {
  for (let d = dir; ; d = path.dirname(d)) {
    for (const ext of facts.lang === 'ts' ? ['.ts', '.mts', '.cts'] : ['.js', '.mjs', '.cjs']) {
      const candidate = path.join(d, MODULE_BASENAME + ext);
      if (fs.existsSync(candidate) && moduleFacts(candidate, cwd).system === facts.system) return candidate;
    }
    const rel = path.relative(root, d);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || path.dirname(d) === d) return null;
  }
}

export async function run(paths: string[], options: RunOptions): Promise<RunResult> {
  const cwd = path.resolve(options.cwd);
  const settings = resolveSettings(toSettings(options.settings));
  const result: RunResult = { changed: [], created: [], diffs: [], skipped: [] };
  if (settings.platform === 'container') return result;
  packageCache.clear();
  tsconfigCache.clear();

  const entries: Entry[] = [];
  for (const file of listFiles(paths, cwd)) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      result.skipped.push({ file, reason: `cannot be read: ${(error as Error).message}` });
      continue;
    }
    let parsed;
    try {
      parsed = parseFile(text, file, { tokens: false });
    } catch (error) {
      result.skipped.push({ file, reason: `cannot be parsed: ${(error as Error).message}` });
      continue;
    }
    const analysis = analyze(parsed, settings, { filename: file, cwd });
    if (!analysis.isHandlerModule) continue;
    if (!analysis.listeners.some((l) => l.event === 'SIGTERM')) continue;
    const kind = analysis.extension.kind;
    if (kind !== 'none' && kind !== 'unknown') continue;
    const specifiers = moduleSpecifiers(parsed.ast, text);
    if (specifiers.some((s) => INTERNAL_EXTENSION_MODULE.test(s))) continue;
    const facts = moduleFacts(file, cwd);
    entries.push({ file, text, facts, statement: statementKind(parsed.ast, facts.lang, text), importStyle: importStyleOf(specifiers) });
  }
  if (entries.length === 0) return result;

  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = [e.facts.packageRoot, e.facts.lang, e.facts.system, e.facts.ts.configFile ?? '', e.facts.httpImport].join('\0');
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }

  const project = new Project({
    compilerOptions: { allowJs: true },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });

  for (const group of groups.values()) {
    const facts = group[0]!.facts;
    const dir = commonDirectory(group.map((e) => e.file));
    let modulePath = existingModule(dir, facts.packageRoot, facts, cwd);
    if (!modulePath) {
      modulePath = path.join(dir, MODULE_BASENAME + moduleExtension(facts));
      if (!project.getSourceFile(modulePath) && !fs.existsSync(modulePath)) {
        const newline = detectStyle(group[0]!.text).newline;
        let content = renderModule(facts.lang, facts.system, facts.httpImport);
        if (newline === '\r\n') content = content.replace(/\r?\n/g, '\r\n');
        project.createSourceFile(modulePath, content, { overwrite: false });
        result.created.push(modulePath);
        result.diffs.push({ file: modulePath, before: '', after: content });
      }
    }
    for (const entry of group) {
      const sf = project.createSourceFile(entry.file, entry.text, { overwrite: true });
      const pos = insertionPoint(sf);
      const newline = detectStyle(entry.text).newline;
      // ts-morph rewrites the newlines of inserted text to this setting
      project.manipulationSettings.set({ newLineKind: newline === '\r\n' ? ts.NewLineKind.CarriageReturnLineFeed : ts.NewLineKind.LineFeed });
      let insert = statementText(entry, specifierFor(entry, modulePath), entry.text.slice(pos).trimStart().charAt(0)) + newline;
      if (pos > 0 && pos === entry.text.length && !entry.text.endsWith('\n')) insert = newline + insert;
      sf.insertText(pos, insert);
      const after = sf.getFullText();
      result.changed.push(entry.file);
      result.diffs.push({ file: entry.file, before: entry.text, after });
    }
  }

  if (!options.dry) await project.save();
  return result;
}

export default run;
