/**
 * Process listeners: `process.on|once|addListener|prependListener|prependOnceListener(event, listener)` in every
 * spelling the module tracker follows, the functions the listener runs, and the same-file functions those call.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction, isFunction, staticString, unwrapExpression, walk } from './ast.js';
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
    if (ref.kind === 'call' && ref.node.type === 'CallExpression') out.push({ method: ref.info, call: ref.node });
  }
  out.sort((a, b) => a.call.range[0] - b.call.range[0]);
  return out;
}

export function findListeners(calls: readonly ProcessCall[], scopes: Scopes): ProcessListener[] {
  const out: ProcessListener[] = [];
  for (const { method, call } of calls) {
    if (!LISTENER_METHODS.has(method)) continue;
    const listener = (call.arguments[1] as Node | undefined) ?? null;
    const functions = scopes.resolveFunctions(listener);
    const l = listener ? unwrapExpression(listener) : null;
    const resolved = l !== null && (isFunction(l) || (l.type === 'Identifier' && functions.length > 0));
    out.push({
      event: staticString(call.arguments[0]),
      method,
      call,
      listener,
      functions,
      resolved,
      moduleLevel: enclosingFunction(call) === null,
    });
  }
  return out;
}

/** How the listener reaches a same-file function: the call that first reached it, and from which function. */
export interface ReachStep {
  readonly call: TSESTree.CallExpression;
  readonly from: FunctionNode;
}

/**
 * The code a listener runs: its own argument expression and the same-file functions it calls, up to `depth`
 * calls deep. Recursion is followed once.
 */
export class ListenerReach {
  readonly functions = new Set<FunctionNode>();
  /** For each function reached through a call, the step that reached it first (breadth first: the shortest chain). */
  readonly via = new Map<FunctionNode, ReachStep>();
  /** Calls of functions the analysis cannot see into (imported or dynamic), made by the listener. */
  readonly unknownCalls: TSESTree.CallExpression[] = [];

  constructor(
    readonly listener: ProcessListener,
    private readonly scopes: Scopes,
    visitorKeys: ParsedFile['visitorKeys'],
    depth = 5,
  ) {
    let frontier: FunctionNode[] = [...listener.functions];
    frontier.forEach((f) => this.functions.add(f));
    for (let level = 0; level < depth && frontier.length > 0; level++) {
      const next: FunctionNode[] = [];
      for (const fn of frontier) {
        walk(fn.body, visitorKeys, (node) => {
          if (node.type !== 'CallExpression') return;
          const callee = unwrapExpression(node.callee);
          if (callee.type !== 'Identifier') return;
          const targets = scopes.resolveFunctions(callee);
          if (targets.length === 0) {
            const variable = scopes.variableOf(callee);
            if (variable && variable.defs.length > 0) this.unknownCalls.push(node);
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

  /** Does the listener run `node`? */
  covers(node: Node): boolean {
    return this.owner(node) !== null || (this.listener.listener !== null && contains(this.listener.listener, node));
  }

  /** The innermost reached function that contains `node`. */
  owner(node: Node): FunctionNode | null {
    let best: FunctionNode | null = null;
    for (const fn of this.functions) {
      if (contains(fn, node) && (!best || contains(best, fn))) best = fn;
    }
    return best;
  }

  /**
   * Where to report something the listener runs: the node itself when it is in the listener's own code, else the
   * listener's call that leads to it, with the names of the functions on the way (`['shutdown', 'flushLogs']`).
   */
  entry(node: Node): { node: Node; chain: string[] } {
    let fn = this.owner(node);
    if (!fn || !this.via.has(fn)) return { node, chain: [] };
    const chain: string[] = [];
    let call: TSESTree.CallExpression = node as TSESTree.CallExpression;
    while (fn && this.via.has(fn)) {
      const step: ReachStep = this.via.get(fn)!;
      chain.unshift(functionName(fn, this.scopes));
      call = step.call;
      fn = step.from;
    }
    return { node: call, chain };
  }
}

/** A function's name for messages: its declared name, or the variable it is assigned to. */
export function functionName(fn: FunctionNode, scopes: Scopes): string {
  if (fn.type !== 'ArrowFunctionExpression' && fn.id) return fn.id.name;
  return scopes.functionVariable(fn)?.name ?? 'an anonymous function';
}
