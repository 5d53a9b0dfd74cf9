/**
 * Process listeners: `process.on|once|addListener|prependListener|prependOnceListener(event, listener)` in every
 * spelling the module tracker follows, the functions the listener runs, and the same-file functions those call.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { getStaticValue } from '@eslint-community/eslint-utils';
import { contains, enclosingFunction, isFunction, propertyName, staticString, unwrapExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import { LISTENER_METHODS } from './catalog.js';
import { addToTraceMap, processReferences } from './modules.js';
import type { TraceMap } from './modules.js';
import type { ParsedFile, Scopes } from './scope.js';

export interface ProcessListener {
  /** The event name: `SIGTERM`, `SIGINT`, `beforeExit`, `exit`, …; null when it is not a constant. */
  readonly event: string | null;
  readonly method: string;
  /** The registration call. */
  readonly call: TSESTree.CallExpression;
  /** The listener argument as written. */
  readonly listener: Node | null;
  /** The functions the listener argument stands for; empty when it cannot be resolved in this file. */
  readonly functions: readonly FunctionNode[];
  /** True when the listener argument is a plain function or a name of this file: the analysis sees all it does. */
  readonly resolved: boolean;
  /** Registered at module level (runs once per process), not inside a function. */
  readonly moduleLevel: boolean;
}

export interface ProcessCall {
  readonly method: string;
  readonly call: TSESTree.CallExpression;
}

const processTraceMap = (() => {
  const map: TraceMap<string> = {};
  for (const m of [...LISTENER_METHODS, 'exit', 'kill', 'removeListener', 'off', 'removeAllListeners']) {
    addToTraceMap(map, 'process', [m], 'call', m);
  }
  return map['process']!;
})();

/** Every `process.<method>(...)` call the analysis cares about. */
export function findProcessCalls(scopes: Scopes): ProcessCall[] {
  const out: ProcessCall[] = [];
  for (const ref of processReferences(scopes.globalScope, processTraceMap)) {
    if (ref.kind !== 'call' || ref.node.type !== 'CallExpression') continue;
    out.push({ method: ref.info, call: ref.node });
    // process.on('SIGTERM', a).on('SIGINT', b): listener methods return process
    for (let call: TSESTree.CallExpression = ref.node; LISTENER_METHODS.has(out.at(-1)!.method); ) {
      const member = call.parent;
      if (member?.type !== 'MemberExpression' || member.object !== call) break;
      const name = propertyName(member);
      const next = member.parent;
      if (name === null || next?.type !== 'CallExpression' || next.callee !== member || !processTraceMap[name]) break;
      out.push({ method: name, call: next });
      call = next;
    }
  }
  out.sort((a, b) => a.call.range[0] - b.call.range[0]);
  return out;
}

/**
 * The event names a registration's first argument can stand for: a constant (`'SIGTERM'`, `const SIGNAL =
 * 'SIGTERM'`), or the element of a literal list it iterates over (`for (const s of ['SIGTERM', 'SIGINT'])`,
 * `['SIGTERM', 'SIGINT'].forEach((s) => process.on(s, …))`). Empty when unknown.
 */
function eventsOf(arg: Node | undefined, scopes: Scopes): string[] {
  if (!arg || arg.type === 'SpreadElement') return [];
  const value = getStaticValue(arg as never, scopes.scopeOf(arg) as never);
  if (value && typeof value.value === 'string') return [value.value];
  const id = unwrapExpression(arg);
  if (id.type !== 'Identifier') return [];
  const def = scopes.variableOf(id)?.defs[0];
  if (!def) return [];
  const literalStrings = (list: Node | null | undefined): string[] => {
    const l = list && unwrapExpression(list);
    if (l?.type !== 'ArrayExpression') return [];
    const strings = l.elements.map((e) => (e ? staticString(e) : null));
    return strings.every((x): x is string => x !== null) ? strings : [];
  };
  // for (const s of ['SIGTERM', 'SIGINT'])
  if (def.type === 'Variable' && def.parent?.parent?.type === 'ForOfStatement') return literalStrings(def.parent.parent.right);
  // ['SIGTERM', 'SIGINT'].forEach((s) => …)
  if (def.type === 'Parameter' && isFunction(def.node) && def.node.params[0] === def.name) {
    const call = def.node.parent;
    if (call?.type === 'CallExpression' && call.arguments[0] === def.node && call.callee.type === 'MemberExpression' && propertyName(call.callee) === 'forEach') {
      return literalStrings(call.callee.object);
    }
  }
  return [];
}

/**
 * Is the registration run once, at module load: not inside a function, or inside a function that module-level code
 * runs once on the spot (`['SIGINT', 'SIGTERM'].forEach((s) => process.on(s, …))`, an immediately invoked function)?
 */
function registeredOnce(call: Node): boolean {
  const fn = enclosingFunction(call);
  if (!fn) return true;
  const p = fn.parent;
  if (p?.type !== 'CallExpression') return false;
  if (p.callee === fn) return registeredOnce(p);
  const callee = unwrapExpression(p.callee);
  const overLiteralList = callee.type === 'MemberExpression' && propertyName(callee) === 'forEach' && unwrapExpression(callee.object).type === 'ArrayExpression';
  return overLiteralList && p.arguments[0] === fn && registeredOnce(p);
}

export function findListeners(calls: readonly ProcessCall[], scopes: Scopes): ProcessListener[] {
  const out: ProcessListener[] = [];
  for (const { method, call } of calls) {
    if (!LISTENER_METHODS.has(method)) continue;
    const listener = (call.arguments[1] as Node | undefined) ?? null;
    const functions = scopes.resolveFunctions(listener);
    const l = listener ? unwrapExpression(listener) : null;
    const resolved = l !== null && (isFunction(l) || functions.length > 0);
    const events = eventsOf(call.arguments[0], scopes);
    for (const event of events.length > 0 ? events : [null]) {
      out.push({ event, method, call, listener, functions, resolved, moduleLevel: registeredOnce(call) });
    }
  }
  return out;
}

/** How the listener reaches a same-file function: the call that first reached it, and from which function. */
export interface ReachStep {
  readonly call: TSESTree.CallExpression | TSESTree.NewExpression;
  readonly from: FunctionNode;
}

/**
 * The code some functions run: the functions themselves and the same-file functions they call, up to `depth` calls
 * deep. Recursion is followed once. What a listener runs (ListenerReach), and what an exported function runs (the
 * closers of a module summary, core/graph/summary.ts).
 */
export class CallReach {
  readonly functions = new Set<FunctionNode>();
  /** For each function reached through a call, the step that reached it first (breadth first: the shortest chain). */
  readonly via = new Map<FunctionNode, ReachStep>();
  /** Calls of functions the analysis cannot see into (imported or dynamic), made by the functions reached. */
  readonly unknownCalls: (TSESTree.CallExpression | TSESTree.NewExpression)[] = [];

  constructor(
    roots: readonly FunctionNode[],
    protected readonly scopes: Scopes,
    visitorKeys: ParsedFile['visitorKeys'],
    depth = 5,
  ) {
    let frontier: FunctionNode[] = [...roots];
    frontier.forEach((f) => this.functions.add(f));
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const next: FunctionNode[] = [];
      for (const fn of frontier) {
        walk(fn.body, visitorKeys, (node) => {
          if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
          const callee = unwrapExpression(node.callee);
          const targets: FunctionNode[] = [];
          if (node.type === 'CallExpression' && (callee.type === 'Identifier' || callee.type === 'MemberExpression')) {
            targets.push(...scopes.resolveFunctions(callee));
            if (targets.length === 0 && isUnknownFunction(callee, scopes)) this.unknownCalls.push(node);
          }
          // named callbacks handed to a call (`server.close(onClosed)`, `.then(exitNow)`) run as part of it
          for (const arg of node.arguments) {
            const a = unwrapExpression(arg);
            if (a.type === 'Identifier') targets.push(...scopes.resolveFunctions(a));
          }
          for (const t of targets) {
            if (!this.functions.has(t)) {
              this.functions.add(t);
              this.via.set(t, { call: node, from: fn });
              next.push(t);
            }
          }
        });
      }
      frontier = next;
    }
  }

  /** Is `node` run by one of the functions reached? */
  runs(node: Node): boolean {
    return this.owner(node) !== null;
  }

  /** The innermost reached function that contains `node`. */
  owner(node: Node): FunctionNode | null {
    let best: FunctionNode | null = null;
    for (const fn of this.functions) {
      if (contains(fn, node) && (!best || contains(best, fn))) best = fn;
    }
    return best;
  }
}

/** The code a listener runs: its own argument expression and the same-file functions it calls. */
export class ListenerReach extends CallReach {
  constructor(
    readonly listener: ProcessListener,
    scopes: Scopes,
    visitorKeys: ParsedFile['visitorKeys'],
    depth = 5,
  ) {
    super(listener.functions, scopes, visitorKeys, depth);
  }

  /** Does the listener run `node`, or hold it in its argument (`pool.end.bind(pool)`)? */
  covers(node: Node): boolean {
    return this.owner(node) !== null || (this.listener.listener !== null && contains(this.listener.listener, node));
  }

  /**
   * Where to report something the listener runs: the node itself when it is in the listener's own code, else the
   * listener's call that leads to it, with the names of the functions on the way (`['shutdown', 'flushLogs']`).
   */
  entry(node: Node): { node: Node; chain: string[] } {
    let fn = this.owner(node);
    if (!fn || !this.via.has(fn)) return { node, chain: [] };
    const chain: string[] = [];
    let call: Node = node;
    while (fn && this.via.has(fn)) {
      const step: ReachStep = this.via.get(fn)!;
      chain.unshift(functionName(fn, this.scopes));
      call = step.call;
      fn = step.from;
    }
    return { node: call, chain };
  }
}

/** What functionName() answers for a function with no name. */
export const ANONYMOUS = 'an anonymous function';

/** A function's name for messages: its declared name, or the variable it is assigned to. */
export function functionName(fn: FunctionNode, scopes: Scopes): string {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  const p = fn.parent;
  if ((p?.type === 'MethodDefinition' || p?.type === 'Property' || p?.type === 'PropertyDefinition') && p.value === fn) {
    const key = propertyName(p);
    if (key !== null) return key;
  }
  return scopes.functionVariable(fn)?.name ?? ANONYMOUS;
}

/**
 * A call the analysis cannot see into that may do anything, exit included: a function bound in this file
 * (imported, a parameter, a variable of unknown value), or a member of an imported namespace
 * (`lifecycle.shutdown()`). Globals (`console.log`) and methods of values (`pool.end()`) are not.
 */
function isUnknownFunction(callee: Node, scopes: Scopes): boolean {
  if (callee.type === 'Identifier') {
    const variable = scopes.variableOf(callee);
    return variable !== null && variable.defs.length > 0;
  }
  if (callee.type === 'MemberExpression') {
    const object = unwrapExpression(callee.object);
    if (object.type !== 'Identifier') return false;
    const def = scopes.variableOf(object)?.defs[0];
    return def?.type === 'ImportBinding' && def.node.type === 'ImportNamespaceSpecifier';
  }
  return false;
}
