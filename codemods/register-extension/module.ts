/**
 * The module the `register-extension` codemod adds to a project (`lambda-shutdown-extension.<ext>`), in every
 * variant it can write, rendered from one annotated source: templates/lambda-shutdown-extension.ts.tmpl. The
 * source is TypeScript with line-level branches (`// #if ts`, `// #else`, `// #endif`, …; its first lines describe
 * them); a variant keeps the lines of the branches that hold for it, and no branch line is left in its text.
 *
 * A variant is what index.ts decides about the module's text: the language, the module system and, for TypeScript
 * that does not await, how it imports node:http. (The file extension and the line endings are decided there too,
 * but do not change the text.) The JavaScript variants are written out in the source rather than derived with
 * `ts.transpileModule`: that re-indents, splits one-line `if`s, drops blank lines and loses the types, which the
 * JavaScript variants keep in JSDoc so that they type-check under `checkJs`.
 *
 * The source is read from templates/ beside this module, in the sources and in the build (scripts/build.mjs copies
 * the folder to dist/codemods/register-extension/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type Language = 'ts' | 'js';
/** `esm`: Node loads the output as an ES module, which can await at the top level. `cjs`: everything else. */
export type ModuleSystem = 'esm' | 'cjs';
/**
 * How the TypeScript module that does not await imports node:http: `require` (`import http = require(…)`, for
 * CommonJS output), `namespace` (`import * as http from …`, for ESM syntax a bundler or an ES2015/ES2020 target
 * takes), `const` (`const http: typeof import(…) = require(…)`, for CommonJS under `erasableSyntaxOnly`).
 */
export type HttpImport = 'require' | 'namespace' | 'const';

export interface ModuleVariant {
  readonly lang: Language;
  readonly system: ModuleSystem;
  /** Only for TypeScript CommonJS: the other variants have one way to import node:http. */
  readonly httpImport?: HttpImport;
}

/** Every variant the codemod can write, each once. */
export const MODULE_VARIANTS: readonly ModuleVariant[] = [
  { lang: 'js', system: 'esm' },
  { lang: 'js', system: 'cjs' },
  { lang: 'ts', system: 'esm' },
  { lang: 'ts', system: 'cjs', httpImport: 'require' },
  { lang: 'ts', system: 'cjs', httpImport: 'namespace' },
  { lang: 'ts', system: 'cjs', httpImport: 'const' },
];

/** The variant for a language and module system: the import of node:http counts only for TypeScript CommonJS. */
export function moduleVariant(lang: Language, system: ModuleSystem, httpImport: HttpImport = 'require'): ModuleVariant {
  return lang === 'ts' && system === 'cjs' ? { lang, system, httpImport } : { lang, system };
}

/** A variant's name, such as `js-esm` or `ts-cjs-const`. */
export function variantName(variant: ModuleVariant): string {
  return [variant.lang, variant.system, ...(variant.httpImport ? [variant.httpImport] : [])].join('-');
}

export const TEMPLATE_FILE = 'lambda-shutdown-extension.ts.tmpl';

/** The templates folder, beside this module: in the sources, and in dist/ (scripts/build.mjs copies it there). */
export function templatesDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');
}

/** The names a condition may use. */
const CONDITION_NAMES = new Set(['ts', 'js', 'esm', 'cjs', 'http=require', 'http=namespace', 'http=const']);

/** The names that hold for a variant. */
function conditionsOf(variant: ModuleVariant): Set<string> {
  const names = new Set<string>([variant.lang, variant.system]);
  if (variant.httpImport) names.add(`http=${variant.httpImport}`);
  return names;
}

const DIRECTIVE = /^\s*\/\/ #(.*)$/;
const BRANCH = /^(if|elif|else|endif)(?:\s+(.*?))?\s*$/;

interface Branch {
  /** The enclosing branches are all taken. */
  outer: boolean;
  /** One of this chain's conditions has held already. */
  done: boolean;
  /** The lines now are kept. */
  keeping: boolean;
  sawElse: boolean;
  line: number;
}

/**
 * Keeps the lines of the branches whose condition holds (a name of `holds`, or one of several joined by `||`) and
 * drops every `// #` line. Throws on an unknown directive or name and on unbalanced branches, naming the line.
 */
export function preprocess(source: string, holds: ReadonlySet<string>, file = TEMPLATE_FILE): string {
  const out: string[] = [];
  const stack: Branch[] = [];
  const lines = source.split('\n');
  const fail = (index: number, message: string): never => {
    throw new Error(`${file}:${index + 1}: ${message}`);
  };
  const test = (condition: string | undefined, index: number): boolean => {
    if (!condition) return fail(index, 'a condition is missing');
    return condition
      .split('||')
      .map((name) => name.trim())
      .map((name) => (CONDITION_NAMES.has(name) ? holds.has(name) : fail(index, `unknown name \`${name}\` in a condition`)))
      .some(Boolean);
  };
  lines.forEach((line, index) => {
    const directive = DIRECTIVE.exec(line);
    const top = stack[stack.length - 1];
    if (!directive) {
      if (top?.keeping ?? true) out.push(line);
      return;
    }
    const body = directive[1]!;
    if (body.startsWith('#')) return; // a note about the source itself
    const branch = BRANCH.exec(body) ?? fail(index, `unknown directive \`// #${body}\``);
    const [, keyword, condition] = branch;
    if (keyword === 'if') {
      const outer = top?.keeping ?? true;
      const held = test(condition, index);
      stack.push({ outer, done: held, keeping: outer && held, sawElse: false, line: index });
      return;
    }
    if (!top) return fail(index, `\`// #${keyword}\` without \`// #if\``);
    if (keyword === 'endif') {
      stack.pop();
      return;
    }
    if (top.sawElse) return fail(index, `\`// #${keyword}\` after \`// #else\``);
    if (keyword === 'else') {
      if (condition) fail(index, '`// #else` takes no condition');
      top.sawElse = true;
    }
    const held = keyword === 'else' || test(condition, index);
    top.keeping = top.outer && !top.done && held;
    top.done ||= held;
  });
  const open = stack[stack.length - 1];
  if (open) fail(open.line, '`// #if` without `// #endif`');
  return out.join('\n');
}

const rendered = new Map<string, string>();
let source: string | undefined;

/** The text of the module for a variant, as the codemod writes it (with `\n` line endings). */
export function renderVariant(variant: ModuleVariant): string {
  const name = variantName(variant);
  let text = rendered.get(name);
  if (text === undefined) {
    // one source for every checkout: a CRLF checkout of the template gives the same text
    source ??= fs.readFileSync(path.join(templatesDir(), TEMPLATE_FILE), 'utf8').replace(/\r\n/g, '\n');
    text = preprocess(source, conditionsOf(variant));
    rendered.set(name, text);
  }
  return text;
}

/** The text of the module for a language and module system (and, for TypeScript that does not await, its import of node:http). */
export function renderModule(lang: Language, system: ModuleSystem, httpImport: HttpImport = 'require'): string {
  return renderVariant(moduleVariant(lang, system, httpImport));
}
