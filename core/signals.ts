/**
 * Signal-listener analysis: the shutdown budget, blocking work in listeners, how listeners end the process, and
 * listeners registered where they do not belong. Read by the signal-handler rules and the shutdown-hook codemod.
 */
import { getStaticValue } from '@eslint-community/eslint-utils';
import type { TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from './analysis.js';
import { contains, enclosingFunction, isFunction, memberPath, propertyName, staticString, unwrapExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import {
  ASYNC_CLEANUP_NAMES,
  BLOCKING_APIS,
  BLOCKING_GLOBALS,
  CLEANUP_METHOD_NAMES,
  VOID_CLEANUP_OBJECTS,
  CLOCK_READS,
  LAMBDA_BUDGET_MS,
  PROCESS_EXIT_EVENTS,
  PROMISE_SLEEPS,
} from './catalog.js';
import type { ResourceSpec } from './catalog.js';
import type { ListenerReach } from './listeners.js';
import type { ProcessListener } from './listeners.js';
import { evidenceIn } from './deploy/code-evidence.js';
import { CONTAINER_BUDGET_MS } from './settings.js';
import { addToTraceMap, globalReferences, moduleReferences } from './modules.js';
import type { TraceMap } from './modules.js';

// ---------------------------------------------------------------------------------------------------------------
// The shutdown budget

export interface Budget {
  readonly ms: number;
  /** Where the number comes from, for messages: "300 ms, the function's share of Lambda's shutdown phase …". */
  readonly description: string;
}

/** Does the file register an internal extension (a register call, or an import of the codemod's extension module)? */
export function registersInternalExtension(analysis: FileAnalysis): boolean {
  return evidenceIn(analysis.file.ast, analysis.file.text) !== null;
}

export function shutdownBudget(analysis: FileAnalysis): Budget {
  const set = analysis.settings.shutdownBudgetMs;
  if (set !== undefined) return { ms: set, description: `${set} ms, set in settings['lambda-shutdown'].shutdownBudgetMs` };
  if (analysis.settings.platform === 'container') {
    return { ms: CONTAINER_BUDGET_MS, description: `${CONTAINER_BUDGET_MS} ms, the container default; set shutdownBudgetMs to your grace period` };
  }
  if (registersInternalExtension(analysis)) {
    return {
      ms: LAMBDA_BUDGET_MS.internalOnly,
      description: `${LAMBDA_BUDGET_MS.internalOnly} ms, Lambda's shutdown phase with only the internal extension this file registers`,
    };
  }
  const extension = analysis.location ? analysis.extension : null;
  if (extension?.kind === 'internal') {
    return { ms: LAMBDA_BUDGET_MS.internalOnly, description: `${LAMBDA_BUDGET_MS.internalOnly} ms, Lambda's shutdown phase with only an internal extension (${extension.evidence})` };
  }
  return {
    ms: LAMBDA_BUDGET_MS.external,
    description: `${LAMBDA_BUDGET_MS.external} ms, the function's share of Lambda's shutdown phase beside external extensions`,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Blocking work

export type BlockingKind = 'sync' | 'busyWait' | 'sleep';
export interface BlockingFinding {
  readonly kind: BlockingKind;
  /** The blocking call or loop. */
  readonly node: Node;
  /** `fs.writeFileSync`, `a busy-wait loop`, `sleep(1000)`. */
  readonly what: string;
  /** For sleeps: the delay. */
  readonly ms?: number;
}

type SyncInfo = { kind: 'sync'; name: string } | { kind: 'sleep' };
const syncTraceMap: TraceMap<SyncInfo> = (() => {
  const map: TraceMap<SyncInfo> = {};
  for (const api of BLOCKING_APIS) {
    for (const mod of api.modules) addToTraceMap(map, mod, api.path, 'call', { kind: 'sync', name: `${mod.replace(/^node:/, '')}.${api.path.join('.')}` });
  }
  for (const sleep of PROMISE_SLEEPS) for (const mod of sleep.modules) addToTraceMap(map, mod, sleep.path, 'call', { kind: 'sleep' });
  return map;
})();

interface FileSignals {
  sync: { call: TSESTree.CallExpression; name: string }[];
  promiseSleeps: Set<Node>;
  /** Memo of sleepHelperParam per function. */
  helpers: Map<FunctionNode, { index: number; fallback: Node | null } | null>;
}
const fileSignals = new WeakMap<FileAnalysis, FileSignals>();

function signalsOf(analysis: FileAnalysis): FileSignals {
  let found = fileSignals.get(analysis);
  if (found) return found;
  found = { sync: [], promiseSleeps: new Set(), helpers: new Map() };
  for (const ref of moduleReferences(analysis.scopes.globalScope, syncTraceMap)) {
    if (ref.kind !== 'call' || ref.node.type !== 'CallExpression') continue;
    if (ref.info.kind === 'sync') found.sync.push({ call: ref.node, name: ref.info.name });
    else found.promiseSleeps.add(ref.node);
  }
  for (const path of BLOCKING_GLOBALS) {
    for (const id of globalReferences(analysis.scopes.globalScope, path[0]!)) {
      const member = id.parent;
      if (member?.type === 'MemberExpression' && member.object === id && propertyName(member) === path[1]) {
        const call = member.parent;
        if (call?.type === 'CallExpression' && call.callee === member) found.sync.push({ call, name: path.join('.') });
      }
    }
  }
  fileSignals.set(analysis, found);
  return found;
}

function staticNumber(analysis: FileAnalysis, node: Node | undefined): number | null {
  if (!node || node.type === 'SpreadElement') return null;
  const result = getStaticValue(node as never, analysis.scopes.scopeOf(node) as never);
  return result && typeof result.value === 'number' ? result.value : null;
}

function isClockRead(node: Node): boolean {
  if (node.type === 'NewExpression') return unwrapExpression(node.callee).type === 'Identifier' && (unwrapExpression(node.callee) as TSESTree.Identifier).name === 'Date';
  if (node.type !== 'CallExpression') return false;
  const path = memberPath(node.callee);
  return path !== null && CLOCK_READS.some((c) => c.length === path.length && c.every((p, i) => p === path[i]));
}

/** `new Promise((resolve) => setTimeout(resolve, ms))` / `setTimeout(() => resolve(), ms)`: the delay argument. */
function promiseTimeoutDelay(call: TSESTree.CallExpression): Node | null {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== 'Identifier' || callee.name !== 'setTimeout') return null;
  const executor = enclosingFunction(call);
  const promise = executor?.parent;
  if (!executor || promise?.type !== 'NewExpression' || promise.arguments[0] !== executor) return null;
  const ctor = unwrapExpression(promise.callee);
  if (ctor.type !== 'Identifier' || ctor.name !== 'Promise') return null;
  const resolve = executor.params[0];
  if (resolve?.type !== 'Identifier') return null;
  const cb = call.arguments[0] && unwrapExpression(call.arguments[0]);
  const resolves =
    (cb?.type === 'Identifier' && cb.name === resolve.name) ||
    (isFunction(cb) && cb.body.type !== 'BlockStatement' && cb.body.type === 'CallExpression' && unwrapExpression(cb.body.callee).type === 'Identifier' && (unwrapExpression(cb.body.callee) as TSESTree.Identifier).name === resolve.name) ||
    (isFunction(cb) && cb.body.type === 'BlockStatement' && cb.body.body.length === 1 && cb.body.body[0]!.type === 'ExpressionStatement' && (cb.body.body[0] as TSESTree.ExpressionStatement).expression.type === 'CallExpression' && memberPath(((cb.body.body[0] as TSESTree.ExpressionStatement).expression as TSESTree.CallExpression).callee)?.[0] === resolve.name);
  return resolves ? (call.arguments[1] ?? null) : null;
}

/** Is the call a sleep (a promise-wrapped timer or timers/promises `setTimeout`)? Its delay expression, or undefined. */
function sleepDelay(analysis: FileAnalysis, call: TSESTree.CallExpression): Node | null | undefined {
  if (signalsOf(analysis).promiseSleeps.has(call)) return call.arguments[0] ?? null;
  return promiseTimeoutDelay(call) ?? undefined;
}

/** Sleeps under `root`, with their delay expressions. */
function sleepsIn(analysis: FileAnalysis, root: Node): { call: TSESTree.CallExpression; delay: Node | null }[] {
  const out: { call: TSESTree.CallExpression; delay: Node | null }[] = [];
  walk(root, analysis.file.visitorKeys, (node) => {
    if (node.type !== 'CallExpression') return;
    const delay = sleepDelay(analysis, node);
    if (delay !== undefined) out.push({ call: node, delay });
  });
  return out;
}

/**
 * A same-file sleep helper (`const sleep = (ms = 100) => new Promise((r) => setTimeout(r, ms))`): the delay
 * parameter's index and its default value, if any.
 */
function sleepHelperParam(analysis: FileAnalysis, fn: FunctionNode): { index: number; fallback: Node | null } | null {
  const memo = signalsOf(analysis).helpers;
  if (!memo.has(fn)) memo.set(fn, findSleepHelperParam(analysis, fn));
  return memo.get(fn)!;
}

function findSleepHelperParam(analysis: FileAnalysis, fn: FunctionNode): { index: number; fallback: Node | null } | null {
  for (const { delay } of sleepsIn(analysis, fn.body)) {
    if (delay?.type !== 'Identifier') continue;
    const index = fn.params.findIndex(
      (p) => (p.type === 'Identifier' && p.name === delay.name) || (p.type === 'AssignmentPattern' && p.left.type === 'Identifier' && p.left.name === delay.name),
    );
    if (index >= 0) {
      const param = fn.params[index]!;
      return { index, fallback: param.type === 'AssignmentPattern' ? param.right : null };
    }
  }
  return null;
}

/** A sleep raced against cleanup (`Promise.race([pool.end(), sleep(5000)])`) is a time guard, not a wait. */
function isRaceGuard(call: Node): boolean {
  let n: Node = call;
  for (let p = n.parent; p && !(isFunction(p) && p !== enclosingFunction(call)); n = p, p = p.parent) {
    if (p.type === 'ArrayExpression') {
      const race = p.parent;
      const path = race?.type === 'CallExpression' ? memberPath(race.callee) : null;
      return path?.[0] === 'Promise' && path[1] === 'race';
    }
    if (p.type === 'ExpressionStatement' || p.type === 'VariableDeclaration' || p.type === 'ReturnStatement') return false;
  }
  return false;
}

function hasAwait(node: Node, analysis: FileAnalysis): boolean {
  let found = false;
  walk(node, analysis.file.visitorKeys, (n) => {
    if (found || (isFunction(n) && n !== node)) return false;
    if (n.type === 'AwaitExpression' || n.type === 'YieldExpression' || (n.type === 'ForOfStatement' && n.await)) found = true;
    return !found;
  });
  return found;
}

/** The `new Promise(…)` a promise-wrapped timer belongs to, or the call itself. */
function promiseOf(call: TSESTree.CallExpression): Node {
  const executor = enclosingFunction(call);
  return executor?.parent?.type === 'NewExpression' ? executor.parent : call;
}

/**
 * Blocking or over-budget work that a listener runs. `budget` is asked for only when a sleep of a constant length is
 * found: finding it means looking for the function's deployment configuration.
 */
export function blockingWork(analysis: FileAnalysis, reach: ListenerReach, budget: () => Budget): BlockingFinding[] {
  const out: BlockingFinding[] = [];
  const signals = signalsOf(analysis);
  for (const { call, name } of signals.sync) {
    if (reach.runs(call)) out.push({ kind: 'sync', node: call, what: `\`${name}()\`` });
  }
  const roots: Node[] = [...reach.functions];
  if (reach.listener.listener && !isFunction(unwrapExpression(reach.listener.listener))) roots.push(reach.listener.listener);
  const seen = new Set<Node>();
  for (const root of roots) {
    walk(isFunction(root) ? root.body : root, analysis.file.visitorKeys, (node) => {
      if (seen.has(node)) return false;
      seen.add(node);
      // busy-wait: a loop whose condition reads the clock and whose body never awaits
      if (node.type === 'WhileStatement' || node.type === 'DoWhileStatement' || node.type === 'ForStatement') {
        let clock = false;
        if (node.test) walk(node.test, analysis.file.visitorKeys, (n) => void (clock ||= isClockRead(n)));
        if (clock && !hasAwait(node.body, analysis)) out.push({ kind: 'busyWait', node, what: 'a busy-wait loop on the clock' });
      }
      if (node.type === 'CallExpression') {
        const delay = sleepDelay(analysis, node);
        if (delay !== undefined) {
          const ms = staticNumber(analysis, delay ?? undefined);
          if (ms !== null && ms > budget().ms && !isRaceGuard(promiseOf(node))) out.push({ kind: 'sleep', node, what: `a ${ms} ms sleep`, ms });
        } else {
          // a call of a same-file sleep helper with a constant delay
          const callee = unwrapExpression(node.callee);
          if (callee.type === 'Identifier' && !isRaceGuard(node)) {
            for (const fn of analysis.scopes.resolveFunctions(callee)) {
              const param = sleepHelperParam(analysis, fn);
              if (!param) continue;
              const arg = node.arguments[param.index];
              const ms = staticNumber(analysis, arg ?? param.fallback ?? undefined);
              const shown = node.arguments.length <= 1 ? `\`${callee.name}(${ms})\`` : `\`${callee.name}(…)\` (${ms} ms)`;
              if (ms !== null && ms > budget().ms) out.push({ kind: 'sleep', node, what: shown, ms });
            }
          }
        }
      }
      return true;
    });
  }
  out.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Exit discipline

export interface ExitAnalysis {
  /** `process.exit()` calls (and re-raises with `process.kill(process.pid, …)`) the listener runs. */
  readonly exits: TSESTree.CallExpression[];
  /** The listener calls functions this file cannot see into: one of them may exit. */
  readonly callsUnknown: boolean;
  /** Exits that can run before a cleanup started earlier has settled, with that cleanup. */
  readonly early: { exit: TSESTree.CallExpression; cleanup: TSESTree.CallExpression; statement: TSESTree.ExpressionStatement; fn: FunctionNode }[];
}

/** `process.kill(process.pid, …)`: the process signals itself. */
export function isReRaise(call: TSESTree.CallExpression): boolean {
  const arg = call.arguments[0];
  const path = arg ? memberPath(arg) : null;
  return path?.length === 2 && path[0] === 'process' && path[1] === 'pid';
}

/** A call that starts cleanup work: `pool.end()`, `Promise.allSettled([...])`, a same-file async function. */
function cleanupCallIn(expr: Node, analysis: FileAnalysis): TSESTree.CallExpression | null {
  let n: Node = unwrapExpression(expr);
  if (n.type === 'UnaryExpression' && n.operator === 'void') n = unwrapExpression(n.argument);
  while (n.type === 'CallExpression') {
    const callee = unwrapExpression(n.callee);
    if (callee.type === 'MemberExpression') {
      const name = propertyName(callee);
      const path = memberPath(callee);
      // `process.disconnect()`, `process.stdin.destroy()`: the process's own methods return nothing to wait for
      if (path !== null && VOID_CLEANUP_OBJECTS.has(path[0]!)) return null;
      if (name !== null && CLEANUP_METHOD_NAMES.has(name) && !isSyncClose(path, analysis)) return n;
      if (path?.length === 2 && path[0] === 'Promise' && ['all', 'allSettled', 'any', 'race'].includes(path[1]!)) return n;
      // pool.end().then(log): look at what the chain starts with
      n = unwrapExpression(callee.object);
      continue;
    }
    if (callee.type === 'Identifier' && analysis.scopes.resolveFunctions(callee).some((fn) => fn.async || returnsCleanup(fn, analysis))) return n;
    return null;
  }
  return null;
}

/**
 * `client.release()`, `agent.destroy()`: the synchronous close of a resource this file tracks (the catalog says
 * its close returns nothing to wait for), so an exit right after it cuts nothing off.
 */
function isSyncClose(path: string[] | null, analysis: FileAnalysis): boolean {
  if (path?.length !== 2) return false;
  return analysis.resources.some((r) => r.name === path[0] && r.spec.close.method === path[1] && closeIsSynchronous(r.spec));
}

/**
 * Is the resource's graceful close done when it returns (`client.release()`, `agent.destroy()`): no promise, no
 * callback to wait for, and not a socket's or stream's, whose data goes out after it returns?
 */
export function closeIsSynchronous(spec: ResourceSpec): boolean {
  return !spec.close.async && !spec.close.template && spec.kind !== 'socket' && spec.kind !== 'stream';
}

/** `function closeAll() { return Promise.all([...]) }`: a plain function that returns cleanup work. */
function returnsCleanup(fn: FunctionNode, analysis: FileAnalysis): boolean {
  if (fn.body.type !== 'BlockStatement') return cleanupCallIn(fn.body, analysis) !== null;
  return fn.body.body.some((s) => s.type === 'ReturnStatement' && s.argument !== null && cleanupCallIn(s.argument, analysis) !== null);
}

export function exitAnalysis(analysis: FileAnalysis, reach: ListenerReach): ExitAnalysis {
  const inReach = analysis.processCalls.filter((c) => reach.covers(c.call));
  // a re-raise ends the process only once the listener is gone: a `once` listener, or one it removes
  const removes = reach.listener.method === 'once' || reach.listener.method === 'prependOnceListener' || inReach.some((c) => c.method === 'removeListener' || c.method === 'off' || c.method === 'removeAllListeners');
  const exits = inReach.filter((c) => c.method === 'exit' || (c.method === 'kill' && removes && isReRaise(c.call))).map((c) => c.call);
  const early: ExitAnalysis['early'][number][] = [];
  for (const exit of exits) {
    const fn = enclosingFunction(exit);
    if (!fn) continue;
    // the nearest cleanup before the exit is the one to name: the last one of the innermost block that has one
    const nearest = cleanupBlocksBefore(exit, fn, analysis)[0]?.at(-1);
    if (nearest) early.push({ exit, ...nearest, fn });
  }
  return { exits, callsUnknown: reach.unknownCalls.length > 0, early };
}

/** A statement that starts cleanup without awaiting it (`pool.end();`, `void redis.quit();`), and that cleanup call. */
export interface UnawaitedCleanup {
  readonly cleanup: TSESTree.CallExpression;
  readonly statement: TSESTree.ExpressionStatement;
}

/**
 * The statements of `fn` before `exit` that start cleanup without awaiting it, in the exit's block and the blocks
 * around it up to the function (a cleanup may sit in an earlier block: `if (pool) { pool.end(); }`), not in nested
 * functions: per block, innermost first, each in source order; blocks without one are left out.
 */
function cleanupBlocksBefore(exit: TSESTree.CallExpression, fn: FunctionNode, analysis: FileAnalysis): UnawaitedCleanup[][] {
  const out: UnawaitedCleanup[][] = [];
  let child: Node = exit;
  for (let p: Node | undefined = exit.parent; p && p !== fn; child = p, p = p.parent) {
    if (p.type !== 'BlockStatement') continue;
    const found: UnawaitedCleanup[] = [];
    for (const stmt of p.body) {
      if (stmt === child) break;
      walk(stmt, analysis.file.visitorKeys, (n) => {
        if (isFunction(n)) return false;
        if (n.type === 'ExpressionStatement') {
          const cleanup = cleanupCallIn(n.expression, analysis);
          if (cleanup) found.push({ cleanup, statement: n });
        }
        return true;
      });
    }
    if (found.length > 0) out.push(found);
  }
  return out;
}

/** Every statement of the exit's function that starts cleanup before the exit without awaiting it, in source order. */
export function unawaitedCleanupsBefore(analysis: FileAnalysis, early: ExitAnalysis['early'][number]): UnawaitedCleanup[] {
  return cleanupBlocksBefore(early.exit, early.fn, analysis)
    .flat()
    .sort((a, b) => a.statement.range[0] - b.statement.range[0]);
}

/** What `exit-after-cleanup` reports: an exit that can cut off cleanup, or a SIGTERM listener that never exits. */
export type ExitFinding =
  | { readonly kind: 'exitsEarly'; readonly listener: ProcessListener; readonly early: ExitAnalysis['early'][number] }
  | { readonly kind: 'neverExits'; readonly listener: ProcessListener };

/**
 * The exit findings of a file's SIGTERM and SIGINT listeners, each node once (listeners that share a function
 * share its findings). The rule reports them; the add-shutdown-hook codemod counts what its listener leaves.
 */
export function exitFindings(analysis: FileAnalysis): ExitFinding[] {
  const out: ExitFinding[] = [];
  const reported = new Set<Node>();
  for (const listener of analysis.listeners) {
    if (listener.event !== 'SIGTERM' && listener.event !== 'SIGINT') continue;
    if (!listener.resolved) continue;
    const exits = exitAnalysis(analysis, analysis.reachOf(listener));
    for (const early of exits.early) {
      if (reported.has(early.exit)) continue;
      reported.add(early.exit);
      out.push({ kind: 'exitsEarly', listener, early });
    }
    if (listener.event !== 'SIGTERM' || exits.exits.length > 0 || exits.callsUnknown || reported.has(listener.call)) continue;
    reported.add(listener.call);
    out.push({ kind: 'neverExits', listener });
  }
  return out;
}

/** A `process.exit()` that a SIGTERM listener runs on Lambda, where it does not return (see `hangingExits`). */
export interface HangingExit {
  readonly listener: ProcessListener;
  readonly exit: TSESTree.CallExpression;
}

/**
 * The `process.exit()` calls that the file's SIGTERM listeners run (in the listener or the same-file functions it
 * calls), each once, on `platform: 'lambda'`. Under the Lambda Node.js runtime interface client they do not return:
 * the client waits for the next invocation with a blocking request on a libuv worker thread and Node's exit joins
 * those threads, so the process lives on until the Shutdown phase's SIGKILL. Measured in test/e2e/runtime.test.ts.
 */
export function hangingExits(analysis: FileAnalysis): HangingExit[] {
  if (analysis.settings.platform !== 'lambda') return [];
  const exits = analysis.processCalls.filter((c) => c.method === 'exit');
  if (exits.length === 0) return [];
  const out: HangingExit[] = [];
  const seen = new Set<Node>();
  for (const listener of analysis.listeners) {
    if (listener.event !== 'SIGTERM' || !listener.resolved) continue;
    const reach = analysis.reachOf(listener);
    for (const { call } of exits) {
      if (seen.has(call) || !reach.covers(call)) continue;
      seen.add(call);
      out.push({ listener, exit: call });
    }
  }
  return out.sort((a, b) => a.exit.range[0] - b.exit.range[0]);
}

// ---------------------------------------------------------------------------------------------------------------
// Where listeners are registered

/** Signals and exit events: the listeners that act as shutdown hooks. */
export function isShutdownEvent(event: string | null): event is string {
  return event !== null && (event.startsWith('SIG') || PROCESS_EXIT_EVENTS.has(event));
}

/**
 * Does the listener capture anything from the functions it is registered in (so it cannot move to module scope)?
 * Also true when it uses a module-level binding declared after `before` (moving it up would read it too early).
 */
export function capturesLocals(analysis: FileAnalysis, listener: ProcessListener, before?: Node): boolean {
  const arg = listener.listener;
  if (!arg) return true;
  let captures = false;
  walk(arg, analysis.file.visitorKeys, (node) => {
    if (captures) return false;
    if (node.type === 'ThisExpression') captures = true;
    if (node.type !== 'Identifier') return true;
    const p = node.parent;
    // property keys and member names are not variables
    if (p?.type === 'MemberExpression' && p.property === node && !p.computed) return true;
    if (p?.type === 'Property' && p.key === node && !p.computed && !p.shorthand) return true;
    const variable = analysis.scopes.variableOf(node);
    if (!variable) return true;
    const declaredIn = variable.scope.block as Node;
    if (contains(arg, declaredIn)) return true; // the listener's own
    if (!analysis.scopes.isModuleLevel(variable)) captures = true;
    else if (before && variable.defs.some((d) => d.node.range[0] > before.range[0] && d.type !== 'FunctionName' && d.type !== 'ImportBinding')) captures = true;
    return true;
  });
  return captures;
}

/**
 * Does a listener do async work that an `exit` listener cannot wait for: be `async`, await, start a timer, chain
 * a promise, `fetch`, or call the async close of a resource this file creates? Same-file functions it calls count.
 * A close method of something the analysis does not know (`db.close()` of better-sqlite3 is synchronous) does not.
 */
export function doesAsyncWork(analysis: FileAnalysis, reach: ListenerReach): Node | null {
  const asyncCloses = new Set<string>();
  for (const r of analysis.resources) {
    if (r.name && r.spec.close.async) for (const m of r.spec.closeMethods) asyncCloses.add(`${r.name}.${m}`);
  }
  let found: Node | null = null;
  // `mongoose.connection.close()`: a catalog library's module-wide close, asynchronous
  for (const c of analysis.trackedCalls.moduleCloses) if (c.factory.close.async && reach.runs(c.call)) return c.call;
  for (const fn of reach.functions) {
    if (fn.async) return fn;
    walk(fn.body, analysis.file.visitorKeys, (node) => {
      if (found) return false;
      if (node.type === 'AwaitExpression') found = node;
      if (node.type === 'CallExpression') {
        const callee = unwrapExpression(node.callee);
        const path = memberPath(callee);
        if (callee.type === 'Identifier' && ['setTimeout', 'setImmediate', 'fetch', 'queueMicrotask'].includes(callee.name)) found = node;
        if (callee.type === 'MemberExpression' && ['then', 'catch', 'finally'].includes(propertyName(callee) ?? '')) found = node;
        if (path && path.length === 2 && asyncCloses.has(path.join('.'))) found = node;
        if (callee.type === 'MemberExpression' && ASYNC_CLEANUP_NAMES.has(propertyName(callee) ?? '')) found = node;
        if (path?.[0] === 'Promise') found = node;
      }
      return !found;
    });
    if (found) return found;
  }
  return null;
}
