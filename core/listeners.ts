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

/**
 * The code a listener runs: its own argument expression and the same-file functions it calls, up to `depth`
 * calls deep. Recursion is followed once.
 */
export class ListenerReach {
  readonly functions = new Set<FunctionNode>();
  /** Calls of functions the analysis cannot see into (imported or dynamic), made by the listener. */
  unknownCalls = 0;

  constructor(
    readonly listener: ProcessListener,
    scopes: Scopes,
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
          if (targets.length === 0) this.unknownCalls++;
          for (const t of targets) {
            if (!this.functions.has(t)) {
              this.functions.add(t);
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
    if (this.listener.listener && contains(this.listener.listener, node)) return true;
    for (const fn of this.functions) if (contains(fn, node)) return true;
    return false;
  }
}
