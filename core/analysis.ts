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
import { InvocationReach, findHandlers } from './handlers.js';
import type { HandlerExport } from './handlers.js';
import { ListenerReach, findListeners, findProcessCalls } from './listeners.js';
import type { ProcessCall, ProcessListener } from './listeners.js';
import { trackResources } from './resources.js';
import type { ExtraCreations, Resource, ResourceTracking } from './resources.js';
import { findTypedCreations } from './typed-resources.js';
import type { TypeServices } from './typed-resources.js';
import { Scopes } from './scope.js';
import type { ParsedFile } from './scope.js';
import type { ResolvedSettings } from './settings.js';
import { codeEvidence } from './deploy/code-evidence.js';
import type { FunctionDeployment } from './deploy/model.js';
import { deploymentStatus, deploymentsFor } from './deploy/resolve.js';
import type { ConfigLookup } from './deploy/resolve.js';
import path from 'node:path';

/** Events whose listeners never run when Lambda shuts an environment down. */
const INEFFECTIVE_EVENTS = new Set(['SIGINT', 'beforeExit', 'exit']);

/** Where the file is: needed to find its deployment configuration. */
export interface FileLocation {
  readonly filename: string;
  readonly cwd: string;
}

/** Optional inputs a caller may have beside the parsed file. */
export interface AnalysisHooks {
  /**
   * The type checker for the file (typescript-eslint's parser services, when the config gives the parser a project).
   * With `settings['lambda-shutdown'].typedResources` on, resources are also recognised by type
   * (core/typed-resources.ts). Without it the analysis is purely syntactic.
   */
  readonly services?: TypeServices | null;
}

export class FileAnalysis {
  readonly scopes: Scopes;
  location: FileLocation | null = null;
  /** Set by `analyze()` from its hooks, before anything asks for resources. */
  typeServices: TypeServices | null = null;
  private extensionCache?: ExtensionStatus;
  private handlersCache?: HandlerExport[];
  private invocationCache?: InvocationReach;
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

  /** Does `fn` run while a handler runs (a handler, inside one, or a same-file function one calls)? */
  isInvocation(fn: FunctionNode): boolean {
    // the search for the functions handlers call runs only as far as the questions asked need (InvocationReach)
    this.invocationCache ??= new InvocationReach(this.handlers, this.scopes, this.file.visitorKeys);
    return this.invocationCache.includes(fn);
  }

  /** Is `node` run while a handler runs? */
  runsPerInvocation(node: TSESTree.Node): boolean {
    for (let n = node.parent; n; n = n.parent) if (isFunction(n)) return this.isInvocation(n);
    return false;
  }

  private get tracking(): ResourceTracking {
    return (this.resourcesCache ??= this.isHandlerModule
      ? trackResources(this.scopes, this.settings, (fn) => this.isInvocation(fn), this.typedCreations())
      : { resources: [], calls: { closeFunctions: [], moduleCloses: [], consumers: [] } });
  }

  /** Resources by type, when there is type information and the settings ask for it. */
  private typedCreations(): ExtraCreations | undefined {
    const services = this.typeServices;
    if (!services || !this.settings.typedResources) return undefined;
    return (covered) => findTypedCreations(this.file, this.scopes, this.settings, services, covered, this.location?.filename ?? null);
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

  /**
   * Is an extension registered for this file's function (so that Lambda sends SIGTERM)? From code (a register
   * call or the codemod's module, here or in relative imports) and from the deployment configuration that
   * deploys the file. Needs the file's location; without it the answer is unknown.
   */
  get extension(): ExtensionStatus {
    if (this.extensionCache) return this.extensionCache;
    let status: ExtensionStatus;
    if (this.settings.platform === 'container') status = { kind: 'container' };
    else if (!this.location || !path.isAbsolute(this.location.filename)) status = { kind: 'unknown', reason: 'the file has no path on disk' };
    else {
      const { filename, cwd } = this.location;
      const code = codeEvidence(filename, this.file.ast, this.file.text, cwd);
      if (code) status = { kind: 'internal', evidence: code.file === filename ? `this file ${code.how}` : `${path.relative(cwd, code.file)} ${code.how}`, deployment: null };
      else status = combineDeployments(deploymentsFor(filename, cwd), this.settings, cwd);
    }
    return (this.extensionCache = status);
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

/**
 * The analysis of a parsed file, shared by every rule that runs on it. Every rule passes the same hooks (rules/
 * rule-utils.ts `analysisOf`), so whichever rule asks first, the shared resources include those found by type.
 */
export function analyze(file: ParsedFile, settings: ResolvedSettings, location?: FileLocation, hooks?: AnalysisHooks): FileAnalysis {
  let bySettings = cache.get(file.ast);
  if (!bySettings) cache.set(file.ast, (bySettings = new WeakMap()));
  let analysis = bySettings.get(settings);
  if (!analysis) bySettings.set(settings, (analysis = new FileAnalysis(file, settings)));
  if (location && !analysis.location) analysis.location = location;
  if (hooks?.services && !analysis.typeServices) analysis.typeServices = hooks.services;
  return analysis;
}

export type ExtensionStatus =
  /** `platform: 'container'`: SIGTERM always arrives. */
  | { readonly kind: 'container' }
  | { readonly kind: 'internal'; readonly evidence: string; readonly deployment: FunctionDeployment | null }
  | { readonly kind: 'external'; readonly evidence: string; readonly deployment: FunctionDeployment }
  /** A deployment of this file registers no extension: Lambda sends it no SIGTERM. */
  | { readonly kind: 'none'; readonly deployment: FunctionDeployment }
  | { readonly kind: 'unknown'; readonly reason: string };

/** One answer from every deployment of the file: one without an extension is enough to make a listener dead there. */
function combineDeployments(lookup: ConfigLookup, settings: ResolvedSettings, cwd: string): ExtensionStatus {
  const statuses = lookup.deployments.map((d) => deploymentStatus(d, settings));
  const none = statuses.find((s) => s.kind === 'none');
  if (none) return { kind: 'none', deployment: none.deployment };
  const unknown = statuses.find((s) => s.kind === 'unknown');
  if (unknown && unknown.kind === 'unknown') return { kind: 'unknown', reason: `${unknown.deployment.name} in ${path.relative(cwd, unknown.deployment.configFile)}: ${unknown.reason}` };
  const external = statuses.find((s) => s.kind === 'external');
  if (external && external.kind === 'external') return { kind: 'external', evidence: external.evidence, deployment: external.deployment };
  const internal = statuses.find((s) => s.kind === 'internal');
  if (internal && internal.kind === 'internal') return { kind: 'internal', evidence: internal.evidence, deployment: internal.deployment };
  if (lookup.unreadable.length > 0) return { kind: 'unknown', reason: `${lookup.unreadable.map((f) => path.relative(cwd, f)).join(', ')} could not be read` };
  return { kind: 'unknown', reason: 'no deployment configuration for this file was found' };
}
