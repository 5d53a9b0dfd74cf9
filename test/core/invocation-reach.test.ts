/**
 * InvocationReach answers "does this function run while a handler runs?" lazily: by the call sites of a function's
 * name back to functions already reached, else by expanding the search as far as the question needs. Whatever the
 * order of the questions, every answer must be what the complete closure (invocationFunctions) says: checked for
 * every function of every fixture file with a handler, asked in source order, in reverse and in shuffled orders.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isFunction, walk } from '../../core/ast.js';
import type { FunctionNode } from '../../core/ast.js';
import { InvocationReach, findHandlers, invocationFunctions, isInsideAny } from '../../core/handlers.js';
import { parseFile } from '../../core/parse.js';
import { Scopes } from '../../core/scope.js';
import { resolveSettings } from '../../core/settings.js';
import { parseableFiles, repoRoot, seededRandom } from './fixture-corpus.js';

const settings = resolveSettings(undefined);

/** A seeded shuffle. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Helpers called only from other helpers, callbacks, aliases, wrappers, methods, listeners, recursion. */
const SYNTHETIC = `
import { Pool } from 'pg';
const pool = new Pool();
async function query(sql: string) { return withRetry(() => pool.query(sql)); }
async function withRetry<T>(fn: () => Promise<T>) { try { return await fn(); } catch { return fn(); } }
function format(rows: unknown[]) { return rows.map(formatRow); }
function formatRow(row: unknown) { return JSON.stringify(row); }
function unused() { return format([]); }
const alias = format;
function viaAlias() { return alias([]); }
function recursive(n: number): number { return n > 0 ? recursive(n - 1) : helperOfRecursive(); }
function helperOfRecursive() { return 0; }
function onlyInListener() { return 1; }
function registers() { process.on('SIGTERM', () => onlyInListener()); }
class Repo { load() { return this.read(); } read() { return readHelper(); } }
function readHelper() { return 2; }
const repo = new Repo();
function initOnly() { return new Pool(); }
const initPool = initOnly();
export const handler = async (event: { q: string }) => {
  registers();
  recursive(2);
  viaAlias();
  repo.load();
  const rows = await query(event.q);
  return format(rows.rows);
};
`;

function checkFile(text: string, file: string): number {
  const parsed = parseFile(text, file, { tokens: false });
  const scopes = new Scopes(parsed);
  const handlers = findHandlers(parsed, scopes, settings);
  if (handlers.length === 0) return 0;
  const closure = invocationFunctions(handlers, scopes, parsed.visitorKeys);
  const functions: FunctionNode[] = [];
  walk(parsed.ast, parsed.visitorKeys, (node) => {
    if (isFunction(node)) functions.push(node);
    return true;
  });
  const orders = [functions, [...functions].reverse(), shuffled(functions, 1), shuffled(functions, 2), shuffled(functions, 3)];
  for (const order of orders) {
    const reach = new InvocationReach(handlers, scopes, parsed.visitorKeys);
    for (const fn of order) {
      const expected = isInsideAny(fn, closure);
      if (reach.includes(fn) !== expected) expect.fail(`${path.relative(repoRoot, file)}:${fn.loc.start.line}: includes() says ${!expected}, the closure ${expected}`);
    }
    // and the complete set is the same after the lazy answers
    expect([...reach.all()].every((fn) => closure.has(fn)) && closure.size === reach.all().size, path.relative(repoRoot, file)).toBe(true);
  }
  return functions.length;
}

describe('InvocationReach', () => {
  it('answers as the complete closure does, in any order, for every function of the fixture files', () => {
    let functions = 0;
    for (const { file, text } of parseableFiles(['test/codemods/__fixtures__', 'test/fixtures', 'examples'])) functions += checkFile(text, file);
    expect(functions).toBeGreaterThan(400);
  });

  it.each([1, 2, 3])('answers as the complete closure does on the editor bench module (seed %i)', async (seed) => {
    // @ts-expect-error: a JavaScript bench script without types
    const { generateHandlerModule } = await import('../../bench/editor.mjs');
    const { text } = generateHandlerModule({ seed, lines: 900 }) as { text: string };
    expect(checkFile(text, '/tmp/api.ts')).toBeGreaterThan(40);
  });

  it('answers as the complete closure does on helpers of helpers, aliases, methods, listeners and recursion', () => {
    expect(checkFile(SYNTHETIC, '/tmp/reach.ts')).toBeGreaterThan(15);
  });
});
