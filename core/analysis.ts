/**
 * The one analysis of a file that every rule and codemod reads. It is computed once per parsed file (cached by
 * the AST object), lazily, and only as far as a caller asks: a module that exports no handler costs one look at
 * its top-level statements.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction } from './ast.js';
import type { FunctionNode } from './ast.js';
import { invocationCleanup, moduleCleanup } from './cleanup.js';
import type { InvocationCleanup, ModuleCleanupStatus, ModuleListeners } from './cleanup.js';
import { findHandlers, invocationFunctions, isInsideAny } from './handlers.js';
import type { HandlerExport } from './handlers.js';
import { ListenerReach, findListeners, findProcessCalls } from './listeners.js';
import type { ProcessCall, ProcessListener } from './listeners.js';
import { trackResources } from './resources.js';
import type { Resource, ResourceTracking } from './resources.js';
import { Scopes } from './scope.js';
import type { ParsedFile } from './scope.js';
import type { ResolvedSettings } from './settings.js';

/** Events whose listeners never run when Lambda shuts an environment down. */
const INEFFECTIVE_EVENTS = new Set(['SIGINT', 'beforeExit', 'exit']);

export class FileAnalysis {
  readonly scopes: Scopes;
  private handlersCache?: HandlerExport[];
  private invocationCache?: Set<FunctionNode>;
  private handlerFunctionsCache?: Set<FunctionNode>;
  private resourcesCache?: ResourceTracking;
  private processCallsCache?: ProcessCall[];
  private listenersCache?: ProcessListener[];
  private moduleListenersCache?: ModuleListeners;

  constructor(
    readonly file: ParsedFile,
    readonly settings: ResolvedSettings,
  ) {
    this.scopes = new Scopes(file);
  }

  /** The module's Lambda handler exports. */
  get handlers(): readonly HandlerExport[] {
    return (this.handlersCache ??= findHandlers(this.file, this.scopes, this.settings));
  }

  get isHandlerModule(): boolean {
    return this.handlers.length > 0;
  }

  private get handlerFunctions(): Set<FunctionNode> {
    return (this.handlerFunctionsCache ??= new Set(this.handlers.flatMap((h) => h.functions)));
  }

  /** Does `fn` run while a handler runs (a handler, inside one, or a same-file function one calls)? */
  isInvocation(fn: FunctionNode): boolean {
    if (isInsideAny(fn, this.handlerFunctions)) return true;
    this.invocationCache ??= invocationFunctions(this.handlers, this.scopes, this.file.visitorKeys);
    return isInsideAny(fn, this.invocationCache);
  }

  /** Is `node` run while a handler runs? */
  runsPerInvocation(node: TSESTree.Node): boolean {
    for (let n = node.parent; n; n = n.parent) if (isFunction(n)) return this.isInvocation(n);
    return false;
  }

  private get tracking(): ResourceTracking {
    return (this.resourcesCache ??= this.isHandlerModule
      ? trackResources(this.scopes, this.settings, (fn) => this.isInvocation(fn))
      : { resources: [], calls: { closeFunctions: [], moduleCloses: [], consumers: [] } });
  }

  /** Resources of a handler module (none for other modules). */
  get resources(): readonly Resource[] {
    return this.tracking.resources;
  }

  get processCalls(): readonly ProcessCall[] {
    return (this.processCallsCache ??= findProcessCalls(this.scopes));
  }

  /** `process.on(…)`-style listeners, in source order. */
  get listeners(): readonly ProcessListener[] {
    return (this.listenersCache ??= findListeners(this.processCalls, this.scopes));
  }

  private readonly reachCache = new Map<ProcessListener, ListenerReach>();

  /** What a listener runs: its function and the same-file functions it calls. */
  reachOf(listener: ProcessListener): ListenerReach {
    let reach = this.reachCache.get(listener);
    if (!reach) this.reachCache.set(listener, (reach = new ListenerReach(listener, this.scopes, this.file.visitorKeys)));
    return reach;
  }

  private get moduleListeners(): ModuleListeners {
    if (!this.moduleListenersCache) {
      const reach = (l: ProcessListener) => this.reachOf(l);
      this.moduleListenersCache = {
        sigterm: this.listeners.filter((l) => l.event === 'SIGTERM').map(reach),
        ineffective: this.listeners.filter((l) => l.event !== null && INEFFECTIVE_EVENTS.has(l.event)).map(reach),
      };
    }
    return this.moduleListenersCache;
  }

  /** The module-level SIGTERM listener a fix should extend: one this file defines. */
  get sigtermHook(): { listener: ProcessListener; fn: FunctionNode } | null {
    for (const l of this.listeners) {
      if (l.event !== 'SIGTERM' || !l.moduleLevel || !l.resolved) continue;
      const fn = l.functions[0];
      if (fn) return { listener: l, fn };
    }
    return null;
  }

  moduleCleanup(resource: Resource): ModuleCleanupStatus {
    return moduleCleanup(resource, this.tracking.calls, this.moduleListeners, this.scopes);
  }

  invocationCleanup(resource: Resource): InvocationCleanup {
    const listeners = this.listeners.filter((l) => l.listener !== null);
    const inListener = (node: TSESTree.Node) => listeners.some((l) => contains(l.listener!, node));
    return invocationCleanup(resource, this.tracking.calls, this.scopes, inListener);
  }

  /** Module-scope resources of a handler module that no SIGTERM listener closes. */
  unclosedModuleResources(): Resource[] {
    return this.resources.filter((r) => r.scope === 'module' && !r.exported && r.name !== null && this.moduleCleanup(r) === 'missing');
  }

  /** Per-invocation resources not closed on every path. */
  unclosedInvocationResources(): { resource: Resource; cleanup: InvocationCleanup }[] {
    const out: { resource: Resource; cleanup: InvocationCleanup }[] = [];
    for (const resource of this.resources) {
      if (resource.scope !== 'invocation' || resource.name === null) continue;
      const cleanup = this.invocationCleanup(resource);
      if (cleanup.status === 'missing' || cleanup.status === 'successOnly' || cleanup.status === 'errorOnly') out.push({ resource, cleanup });
    }
    return out;
  }
}

const cache = new WeakMap<TSESTree.Program, WeakMap<ResolvedSettings, FileAnalysis>>();

/** The analysis of a parsed file, shared by every rule that runs on it. */
export function analyze(file: ParsedFile, settings: ResolvedSettings): FileAnalysis {
  let bySettings = cache.get(file.ast);
  if (!bySettings) cache.set(file.ast, (bySettings = new WeakMap()));
  let analysis = bySettings.get(settings);
  if (!analysis) bySettings.set(settings, (analysis = new FileAnalysis(file, settings)));
  return analysis;
}
