/**
 * One parse per file for ESLint and the module graph.
 *
 * The graph reads other modules of a function (core/graph/): when a handler is linted before the `db.ts` it imports,
 * `db.ts` has to be parsed for its summary first, and ESLint parses it again when its turn comes. The configs' parser
 * is this wrapper of @typescript-eslint/parser: it remembers the options ESLint parses with, the graph parses a module
 * it needs with those same options, and when ESLint then asks for that file with the same text and options it gets
 * that parse back instead of a new one. Where it cannot be the same parse (no lint of a file of that kind yet, a
 * project for type information, another parser in the user's config) the graph parses on its own, as before.
 *
 * A parse handed to ESLint must look as if ESLint made it: the graph's analysis of it is dropped first (core/analysis.ts
 * `forgetAnalysis`), since ESLint adds the configured globals to its scope manager before the rules run.
 */
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';

type ParseResult = ReturnType<typeof tsParser.parseForESLint>;
type Options = Record<string, unknown>;

/** How many parses wait for ESLint at most (a lint of part of a project never asks for the others). */
const MAX_PENDING = 128;

interface Pending {
  readonly text: string;
  readonly key: string;
  readonly result: ParseResult;
}

/** Parses made for the graph that ESLint has not asked for yet, by file, oldest first. */
const pending = new Map<string, Pending>();
/** The options of ESLint's last parse of each kind of file (by extension), without the file's path. */
const optionsByKind = new Map<string, Options>();

let hits = 0;
let misses = 0;

function kindOf(filePath: string): string {
  const dot = filePath.lastIndexOf('.');
  return dot < 0 ? '' : filePath.slice(dot);
}

/** The options as a key, or null when they cannot be shared: a project (type information), or values that are not data. */
function keyOf(options: Options): string | null {
  const { filePath: _filePath, ...rest } = options;
  if (rest.project || rest.projectService || rest.programs) return null;
  const stable = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') {
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new Error('not data');
      return value;
    }
    if (Array.isArray(value)) return value.map(stable);
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw new Error('not data');
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k])]));
  };
  try {
    return JSON.stringify(stable(rest));
  } catch {
    return null;
  }
}

/** The parser the plugin's configs give ESLint. */
export const sharedParser: TSESLint.FlatConfig.Parser = {
  meta: { name: 'eslint-plugin-lambda-shutdown/parser', version: tsParser.version },
  parseForESLint(text: string, options?: Options) {
    const opts = options ?? {};
    const filePath = typeof opts.filePath === 'string' ? opts.filePath : null;
    const key = keyOf(opts);
    if (filePath && key !== null) {
      const { filePath: _, ...rest } = opts;
      optionsByKind.set(kindOf(filePath), rest);
      const hit = pending.get(filePath);
      if (hit) {
        pending.delete(filePath);
        if (hit.text === text && hit.key === key) {
          hits++;
          return hit.result;
        }
      }
    }
    misses++;
    return tsParser.parseForESLint(text, opts as never);
  },
} as TSESLint.FlatConfig.Parser;

/**
 * Parses a module for the graph exactly as ESLint will parse it, and keeps the result for ESLint's turn. Null when
 * ESLint has parsed no file of this kind with the shared parser yet: the caller parses on its own.
 */
export function parseAsESLintWill(text: string, filePath: string): ParseResult | null {
  const template = optionsByKind.get(kindOf(filePath));
  if (!template) return null;
  const options = { ...template, filePath };
  const key = keyOf(options);
  if (key === null) return null;
  const result = tsParser.parseForESLint(text, options as never);
  if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value!);
  pending.set(filePath, { text, key, result });
  return result;
}

/** How many of ESLint's parses were the graph's (tests and benchmarks). */
export function sharedParseStats(): { hits: number; misses: number; pending: number } {
  return { hits, misses, pending: pending.size };
}
