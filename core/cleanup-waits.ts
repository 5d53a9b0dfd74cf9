/**
 * Making a signal listener wait for the cleanup it starts before it ends the process.
 *
 *   process.once('SIGTERM', () => {            process.once('SIGTERM', async () => {
 *     client.quit();                    →        await Promise.allSettled([client.quit(), new Promise((resolve) => server.close(resolve))]);
 *     server.close();                            process.exit(0);
 *     process.exit(0);                         });
 *   });
 *
 * How to wait for a close depends on what it returns, which the catalog says for the resources this file tracks
 * (its own, another local module's, a library's module-wide close): a promise is awaited (`await pool?.end()`); a
 * close that signals completion through a callback and returns the value itself (a stream's or socket's `end()`, a
 * server's `close()`: the close's `template`) is waited for through that callback
 * (`await new Promise((resolve) => server.close(resolve))`), since awaiting what it returns waits for nothing. A
 * cleanup whose return this file cannot know (a method of an unknown object, a hard close such as `disconnect()`)
 * gets no edit: `await` before it may wait for nothing.
 *
 * Closes on adjacent lines of one block are awaited together with `Promise.allSettled([...])`, as the listener
 * add-shutdown-hook writes: they run concurrently within the shutdown budget, and one that fails does not skip the
 * others.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from './analysis.js';
import { isFunction, memberPath, propertyName, unwrapExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import type { CloseSpec } from './catalog.js';
import { makeAsync } from './fixes.js';
import type { TextEdit } from './fixes.js';
import { allSettledLines } from './shutdown-hook.js';
import { exitFindings, unawaitedCleanupsBefore } from './signals.js';
import type { UnawaitedCleanup } from './signals.js';
import { detectStyle, lineIndent } from './style.js';

/** How to wait for one cleanup that a statement starts. */
interface Wait {
  /** Waiting for it alone, as a statement without its semicolon: `await pool?.end()`, `if (socket) await new Promise(…)`. */
  readonly statement: string;
  /** As an element of `Promise.allSettled([...])`: `pool?.end()`, `socket && new Promise(…)`. */
  readonly expression: string;
}

/** What a promise chain method returns is a promise too. */
const PROMISE_METHODS = new Set(['then', 'catch', 'finally']);

/** `Promise.all([...])` and its siblings. */
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);

/**
 * The catalog close spec of what `call` is a graceful close of: a resource of this file (by its binding), another local
 * module's resource (`pool` imported from './db', `getPool()`), or a library's module-wide close
 * (`mongoose.disconnect()`). Null when the receiver is none of those, or the method is not its graceful close (a hard
 * close such as ioredis `disconnect()` returns nothing to wait for).
 */
function gracefulCloseOf(analysis: FileAnalysis, call: TSESTree.CallExpression): CloseSpec | null {
  const moduleClose = analysis.trackedCalls.moduleCloses.find((c) => c.call === call);
  if (moduleClose) return moduleClose.factory.close.async && !moduleClose.factory.close.template ? moduleClose.factory.close : null;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'MemberExpression' || call.optional) return null;
  const method = propertyName(callee);
  const receiver = unwrapExpression(callee.object);
  const specs: CloseSpec[] = [];
  const imported = analysis.trackedCalls.importedValues.get(callee.object) ?? analysis.trackedCalls.importedValues.get(receiver);
  if (imported && !imported.promise) specs.push(imported.spec.close);
  if (receiver.type === 'Identifier') {
    const variable = analysis.scopes.variableOf(receiver);
    if (variable) for (const r of analysis.resources) if (r.variable === variable && !r.promise && !r.wrapper) specs.push(r.spec.close);
  }
  // every resource the binding may hold is closed the same way, or the file cannot say how to wait
  const [spec] = specs;
  if (!spec || specs.some((s) => s.method !== spec.method || s.async !== spec.async || s.template !== spec.template)) return null;
  return spec.method === method ? spec : null;
}

/** Does the call return a promise: a close the catalog says returns one, a `Promise` combinator, a same-file async function? */
function returnsPromise(analysis: FileAnalysis, call: TSESTree.CallExpression, depth = 0): boolean {
  const callee = unwrapExpression(call.callee);
  const path = memberPath(callee);
  if (path?.length === 2 && path[0] === 'Promise' && PROMISE_COMBINATORS.has(path[1]!)) return true;
  if (callee.type === 'Identifier') {
    const fns = analysis.scopes.resolveFunctions(callee);
    return fns.length > 0 && fns.every((fn) => fn.async || (depth < 3 && returnsPromiseAlways(analysis, fn, depth + 1)));
  }
  const close = gracefulCloseOf(analysis, call);
  return close !== null && close.async && !close.template;
}

/** A plain function whose every return (or expression body) is a call that returns a promise. */
function returnsPromiseAlways(analysis: FileAnalysis, fn: FunctionNode, depth: number): boolean {
  const returned = (expr: Node | null | undefined): boolean => {
    const n = expr ? unwrapExpression(expr) : null;
    return n?.type === 'CallExpression' && promiseChainHead(analysis, n, depth) !== null;
  };
  if (fn.body.type !== 'BlockStatement') return returned(fn.body);
  const returns = ownReturns(fn, analysis);
  return returns.length > 0 && returns.every((r) => returned(r.argument));
}

/**
 * For an expression that is a promise-returning call, or a `.then()`/`.catch()`/`.finally()` chain starting with one
 * (`pool.end().then(log)`): that first call. Null otherwise.
 */
function promiseChainHead(analysis: FileAnalysis, expr: TSESTree.CallExpression, depth = 0): TSESTree.CallExpression | null {
  let call = expr;
  for (;;) {
    if (returnsPromise(analysis, call, depth)) return call;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'MemberExpression' || !PROMISE_METHODS.has(propertyName(callee) ?? '')) return null;
    const object = unwrapExpression(callee.object);
    if (object.type !== 'CallExpression') return null;
    call = object;
  }
}

/** The `return` statements of `fn` itself (not of functions inside it). */
function ownReturns(fn: FunctionNode, analysis: FileAnalysis): TSESTree.ReturnStatement[] {
  const out: TSESTree.ReturnStatement[] = [];
  walk(fn.body, analysis.file.visitorKeys, (n) => {
    if (isFunction(n)) return false;
    if (n.type === 'ReturnStatement') out.push(n);
    return true;
  });
  return out;
}

/** How to wait for the cleanup `statement` starts, or null when this file cannot tell what the cleanup returns. */
function waitFor(analysis: FileAnalysis, { statement, cleanup }: UnawaitedCleanup, text: string): Wait | null {
  let expr: Node = unwrapExpression(statement.expression);
  if (expr.type === 'UnaryExpression' && expr.operator === 'void') expr = unwrapExpression(expr.argument);
  if (expr.type !== 'CallExpression') return null;
  const source = (n: Node) => text.slice(n.range[0], n.range[1]);
  // the statement's call itself, without the `void` (and with any TS wrapper or optional chain it is written with)
  const outer = statement.expression.type === 'UnaryExpression' ? statement.expression.argument : statement.expression;
  if (promiseChainHead(analysis, expr) !== null) return { statement: `await ${source(outer)}`, expression: source(outer) };
  // a close that calls back when done, and returns the value itself: wait for the callback
  if (expr !== cleanup || cleanup.arguments.length > 0) return null;
  const close = gracefulCloseOf(analysis, cleanup);
  const callee = unwrapExpression(cleanup.callee);
  if (!close?.template || callee.type !== 'MemberExpression') return null;
  const receiver = source(callee.object);
  const waiting = close.template.replaceAll('{binding}', receiver);
  const bare = waiting.replace(/^await\s+/, '');
  // `socket?.end()`: a close of something that may not be set; a callback that is never called would wait forever
  if (callee.optional) return { statement: `if (${receiver}) ${waiting}`, expression: `${receiver} && ${bare}` };
  return { statement: waiting, expression: bare };
}

/** Is the statement in a statement list (a block or the program), where a run of closes can be merged? */
function inList(statement: TSESTree.ExpressionStatement): (TSESTree.BlockStatement | TSESTree.Program) | null {
  const p = statement.parent;
  return p?.type === 'BlockStatement' || p?.type === 'Program' ? p : null;
}

/**
 * The edits that make `fn` async and wait for `cleanups` (statements of `fn`), or null when one of them cannot be
 * waited for (see `waitFor`) or `fn` cannot become async: a generator, a non-void return type, or a function that
 * returns a value (a promise instead would change what its callers get).
 */
export function awaitCleanupEdits(analysis: FileAnalysis, fn: FunctionNode, cleanups: readonly UnawaitedCleanup[], text: string): TextEdit[] | null {
  const waits: { cleanup: UnawaitedCleanup; wait: Wait }[] = [];
  for (const cleanup of cleanups) {
    const wait = waitFor(analysis, cleanup, text);
    if (!wait) return null;
    waits.push({ cleanup, wait });
  }
  if (waits.length === 0) return null;
  if (!fn.async && ownReturns(fn, analysis).some((r) => r.argument !== null)) return null;
  const asyncEdits = makeAsync(fn, text);
  if (!asyncEdits) return null;
  const style = detectStyle(text);
  const edits: TextEdit[] = [...asyncEdits];
  // runs of closes on adjacent statements of one list, with nothing but whitespace between them
  const runs: (typeof waits)[] = [];
  for (const w of waits) {
    const run = runs.at(-1);
    const last = run?.at(-1)?.cleanup.statement;
    const list = inList(w.cleanup.statement);
    const adjacent =
      last !== undefined && list !== null && inList(last) === list && list.body.indexOf(last) + 1 === list.body.indexOf(w.cleanup.statement) && /^\s*$/.test(text.slice(last.range[1], w.cleanup.statement.range[0]));
    if (run && adjacent) run.push(w);
    else runs.push([w]);
  }
  for (const run of runs) {
    const first = run[0]!.cleanup.statement;
    const last = run.at(-1)!.cleanup.statement;
    const semi = text[last.range[1] - 1] === ';' ? ';' : '';
    if (run.length === 1) {
      const { statement } = run[0]!.wait;
      // `if (a) socket?.end(); else …`: an `if` of our own in its place would take the `else`
      const braces = inList(first) === null && statement.startsWith('if ');
      edits.push({ range: [first.range[0], last.range[1]], text: braces ? `{ ${statement}${semi} }` : `${statement}${semi}` });
      continue;
    }
    const indent = lineIndent(text, first.range[0]);
    const lines = allSettledLines(
      run.map((w) => w.wait.expression),
      style,
      indent,
      false,
      semi,
    );
    edits.push({ range: [first.range[0], last.range[1]], text: lines.join(`${style.newline}${indent}`) });
  }
  return edits;
}

/** A listener function the codemod could not make wait, and the cleanup it could not wait for. */
export interface UnwaitedListener {
  readonly fn: FunctionNode;
  readonly cleanup: TSESTree.CallExpression;
  /** Its exits that exit-after-cleanup reports as early: where the findings are. */
  readonly exits: readonly TSESTree.CallExpression[];
}

/**
 * The edits that make every signal listener of the file (and the same-file functions they call) wait for the cleanup
 * it starts before an exit that `exit-after-cleanup` reports as early (`include` says which are reported), one
 * function at a time: every unawaited cleanup before its early exits is waited for, or none is. `left` lists the
 * functions that could not be changed.
 */
export function listenerWaitEdits(analysis: FileAnalysis, text: string, include: (exit: TSESTree.CallExpression) => boolean = () => true): { edits: TextEdit[]; left: UnwaitedListener[] } {
  const byFn = new Map<FunctionNode, Map<TSESTree.ExpressionStatement, UnawaitedCleanup>>();
  const exitsOf = new Map<FunctionNode, TSESTree.CallExpression[]>();
  for (const finding of exitFindings(analysis)) {
    if (finding.kind !== 'exitsEarly' || !include(finding.early.exit)) continue;
    const statements = byFn.get(finding.early.fn) ?? new Map<TSESTree.ExpressionStatement, UnawaitedCleanup>();
    byFn.set(finding.early.fn, statements);
    exitsOf.set(finding.early.fn, [...(exitsOf.get(finding.early.fn) ?? []), finding.early.exit]);
    for (const c of unawaitedCleanupsBefore(analysis, finding.early)) statements.set(c.statement, c);
  }
  const edits: TextEdit[] = [];
  const left: UnwaitedListener[] = [];
  for (const [fn, statements] of byFn) {
    const cleanups = [...statements.values()].sort((a, b) => a.statement.range[0] - b.statement.range[0]);
    const own = awaitCleanupEdits(analysis, fn, cleanups, text);
    // (a function inside another's cleanup statement would edit text that statement's edit replaces)
    const overlaps = own?.some((e) => edits.some((o) => e.range[0] < o.range[1] && o.range[0] < e.range[1]));
    if (own && !overlaps) edits.push(...own);
    else left.push({ fn, cleanup: cleanups.find((c) => !waitFor(analysis, c, text))?.cleanup ?? cleanups[0]!.cleanup, exits: exitsOf.get(fn) ?? [] });
  }
  return { edits, left };
}
