/**
 * Scopes.variableOf() answers what eslint-utils' findVariable answers from the innermost scope at the name, without
 * its descent of the scope tree (see core/scope.ts). Compared on every identifier of every fixture file of this
 * repository and of modules written to hold the places where a name and its scope are far apart: function and class
 * names, parameters and their defaults, decorators, class fields and static blocks, catch clauses, loops, switch
 * cases, TypeScript namespaces, enums, generics and declaration merging.
 */
import path from 'node:path';
import { ASTUtils } from '@typescript-eslint/utils';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { walk } from '../../core/ast.js';
import { parseFile } from '../../core/parse.js';
import { Scopes } from '../../core/scope.js';
import { parseableFiles, repoRoot } from './fixture-corpus.js';


const SYNTHETIC = `
import { Pool } from 'pg';
function outer(a = (b = 1) => b, { c, d: [e] } = {}) { return a(c) + e; }
const named = function self(n: number): number { return n ? self(n - 1) : 0; };
const arrow = (x: number) => x;
@sealed
class Service<T> extends Base<T> {
  static pool = new Pool();
  field = arrow(1);
  #secret = Service.pool;
  static { Service.pool.on('error', (err) => console.error(err)); }
  constructor(@inject() private readonly dep: T, public other = dep) { super(); }
  method<U>(u: U): [T, U] { const t = this.dep; return [t, u]; }
  get value() { return this.#secret; }
}
try { outer(); } catch (err) { console.error(err); } finally { arrow(2); }
try { outer(); } catch { /* none */ }
for (let i = 0, j = i; i < 3; i++) { const k = i + j; label: for (const m of [k]) { if (m) break label; } }
for (const key in { a: 1 }) console.log(key);
switch (named(1)) { case 1: { const inner = 1; console.log(inner); break; } default: { let inner = 2; inner++; } }
namespace NS { export const value = 1; export namespace Deep { export const v = value; } }
enum Color { Red, Green = Red + 1 }
interface Box<T> { value: T }
type Mapped<K extends string> = { [P in K]: Box<P> };
type Cond<T> = T extends infer U ? U : never;
function overload(a: string): string;
function overload(a: number): number;
function overload(a: unknown) { return a; }
declare module 'pg' { interface Pool { extra: number } }
export default class { run() { return Color.Green + NS.Deep.v; } }
const obj = { method() { return obj; }, [Color.Red]: 1, arrow: () => obj };
export const handler = async (event: { id: string }) => { const pool = new Pool(); try { return await pool.query(event.id); } finally { await pool.end(); } };
`;

function compareAll(text: string, file: string): number {
  const parsed = parseFile(text, file, { tokens: false });
  const scopes = new Scopes(parsed);
  let count = 0;
  walk(parsed.ast, parsed.visitorKeys, (node) => {
    if (node.type !== 'Identifier') return true;
    const id = node as TSESTree.Identifier;
    const expected = ASTUtils.findVariable(scopes.scopeOf(id), id);
    const actual = scopes.variableOf(id);
    if (actual !== expected) {
      expect.fail(`${path.relative(repoRoot, file)}:${id.loc.start.line}:${id.loc.start.column} ${id.name}: ${actual?.name ?? 'null'}@${actual?.scope.type} instead of ${expected?.name ?? 'null'}@${expected?.scope.type}`);
    }
    count++;
    return true;
  });
  return count;
}

describe('Scopes.variableOf', () => {
  it('answers what findVariable answers, for every identifier of the fixture files', () => {
    let files = 0;
    let identifiers = 0;
    for (const { file, text } of parseableFiles(['test/codemods/__fixtures__', 'test/fixtures', 'examples'])) {
      identifiers += compareAll(text, file);
      files++;
    }
    expect(files).toBeGreaterThan(200);
    expect(identifiers).toBeGreaterThan(9_000);
  });

  it('answers what findVariable answers on a module of scope edge cases', () => {
    expect(compareAll(SYNTHETIC, '/tmp/scopes.ts')).toBeGreaterThan(140);
  });
});
