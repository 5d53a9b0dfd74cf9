/**
 * The one analysis of a file that every rule and codemod reads. It is computed once per parsed file (cached by
 * the AST object), lazily, and only as far as a caller asks: a module that exports no handler costs one look at
 * its top-level statements.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, isFunction, methodCallOn, staticString, unwrapExpression, valueExpression, walk, nodesStartingAt } from './ast.js';
import { CLEANUP_METHOD_NAMES, INEFFECTIVE_EVENTS } from './catalog.js';
import type { FunctionNode, Node } from './ast.js';
import { invocationCleanup, moduleCleanup, usesOf, wrapperCloses } from './cleanup.js';
import type { InvocationCleanup, ModuleCleanupStatus, ModuleListeners } from './cleanup.js';
import { InvocationReach, exportsHandlerName, findHandlers, mayBeHandlerModule, moduleExports } from './handlers.js';
import type { HandlerExport } from './handlers.js';
import { ANONYMOUS, CallReach, ListenerReach, findListeners, findProcessCalls, functionName } from './listeners.js';
import type { ProcessCall, ProcessListener } from './listeners.js';
import { addToTraceMap } from './modules.js';
import type { TraceMap } from './modules.js';
import { mayHaveResources, specifiersMayHaveResources, traceMapFor, trackResources } from './resources.js';
import type { ExtraCreations, Resource, ResourceTracking, TraceInfo, TrackedCalls } from './resources.js';
import { projectAt } from './graph/project.js';
import type { Project } from './graph/project.js';
import type { FileFacts, Loader, Specifier } from './graph/project.js';
import { exportFacts } from './graph/summary.js';
import type { ExportedFactory, ExportedValue, ModuleSummary, Reexport, ResourceRef } from './graph/summary.js';
import { parseFile, parsedFile } from './parse.js';
import { parseAsESLintWill } from './shared-parse.js';
import { forgetScopeFacts, moduleSpecifierList } from './modules.js';
import { isInside } from './deploy/paths.js';
import fs from 'node:fs';
import { findTypedCreations } from './typed-resources.js';
import type { TypeServices } from './typed-resources.js';
import { Scopes } from './scope.js';
import type { ParsedFile } from './scope.js';
import type { ResolvedSettings } from './settings.js';
import { codeEvidence, fileCodeEvidence } from './deploy/code-evidence.js';
import type { FunctionDeployment } from './deploy/model.js';
import { deployedExportNames, deploymentStatus, deploymentsFor } from './deploy/resolve.js';
import type { ConfigLookup } from './deploy/resolve.js';
import path from 'node:path';

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
  private handlersCache?: readonly HandlerExport[];
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

  /**
   * The module's Lambda handler exports: those its code shows (a handler name, an `aws-lambda` type, `(event, context)`,
   * an adapter), and for a module whose code shows none, those its deployment configuration names (`handler:
   * src/app.main`). Deployment files are read only then: parsing every YAML and CDK file for every module would cost
   * more than the whole analysis.
   */
  get handlers(): readonly HandlerExport[] {
    if (this.handlersCache) return this.handlersCache;
    const code = this.codeHandlers;
    const names = code.length > 0 ? NO_NAMES : this.deployedNames();
    return (this.handlersCache = names.size > 0 ? findHandlers(this.file, this.scopes, this.settings, names) : code);
  }

  private codeHandlersCache?: HandlerExport[];

  /** The handler exports the module's code shows, without reading deployment files. */
  get codeHandlers(): readonly HandlerExport[] {
    return (this.codeHandlersCache ??= findHandlers(this.file, this.scopes, this.settings));
  }

  /** The export names the file's deployments call (`handler: src/app.main` → `main`). */
  private deployedNames(): ReadonlySet<string> {
    const location = this.location;
    if (!location || !path.isAbsolute(location.filename) || this.settings.platform === 'container') return NO_NAMES;
    const { names } = deployedExportNames(location.filename, location.cwd);
    return names.length > 0 ? new Set(names) : NO_NAMES;
  }

  get isHandlerModule(): boolean {
    return this.handlers.length > 0;
  }

  /**
   * Does `fn` run while a handler runs (a handler, inside one, or a same-file function one calls)? `exact: false` (what
   * resource tracking asks, where it only decides how a finding is worded) follows the handlers the code shows.
   */
  isInvocation(fn: FunctionNode, exact = true): boolean {
    // a module whose code shows no handler: without asking the deployment files, nothing runs per invocation
    if (!exact && this.handlersCache === undefined && this.codeHandlers.length === 0) return false;
    // the search for the functions handlers call runs only as far as the questions asked need (InvocationReach)
    this.invocationCache ??= new InvocationReach(this.handlers, this.scopes, this.file.visitorKeys);
    // With the module graph a resource of any function of the module is reported alike: whether its function runs per
    // invocation only words the finding, and a "no" need not cost the whole search.
    if (!exact && this.project) return this.invocationCache.includesQuickly(fn);
    return this.invocationCache.includes(fn);
  }

  /** Is `node` run while a handler runs? */
  runsPerInvocation(node: TSESTree.Node): boolean {
    for (let n = node.parent; n; n = n.parent) if (isFunction(n)) return this.isInvocation(n);
    return false;
  }

  private dynamicImportsCache?: TSESTree.ImportExpression[];

  /** The file's `import('…')` expressions (walked for only when its text has one). */
  get dynamicImports(): readonly TSESTree.ImportExpression[] {
    if (this.dynamicImportsCache) return this.dynamicImportsCache;
    const text = this.file.text;
    const offsets: number[] = [];
    // one regex pass (a short needle's `includes` costs V8 more on a large module than this)
    for (const m of text.matchAll(/\bimport\s*\(/g)) offsets.push(m.index);
    return (this.dynamicImportsCache = offsets.length > 0 ? nodesStartingAt<TSESTree.ImportExpression>(this.file.ast, offsets, 'ImportExpression', this.file.visitorKeys) : []);
  }

  private get tracking(): ResourceTracking {
    if (this.resourcesCache) return this.resourcesCache;
    const traceMap = this.traceMap();
    const none = traceMap === null && !this.typedCreations() && !mayHaveResources(this.file.text, this.settings);
    return (this.resourcesCache = none
      ? { resources: [], calls: { closeFunctions: [], moduleCloses: [], consumers: [], importedCloses: [], closerCalls: [], paramCloserCalls: new Map(), importedValues: new Map() }, factories: new Map() }
      : trackResources(this.scopes, this.settings, (fn) => this.isInvocation(fn, false), this.typedCreations(), traceMap ?? traceMapFor(this.settings), this.dynamicImports));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The module graph (core/graph/): which functions load this module, and what other modules say about it

  private projectCache?: Project | null;
  factsCache?: FileFacts | null;
  private traceMapCache?: TraceMap<TraceInfo> | null;
  private loadersCache?: readonly Loader[] | null;
  private summaryCache?: ModuleSummary;

  /** The project the file belongs to (the ESLint cwd), when the file has a path on disk inside it. */
  get project(): Project | null {
    if (this.projectCache !== undefined) return this.projectCache;
    const location = this.location;
    if (!location || !path.isAbsolute(location.filename)) return (this.projectCache = null);
    const root = projectRoot(location);
    if (root === null) return (this.projectCache = null);
    return (this.projectCache = projectAt(root));
  }

  /** What this file's text says without a parse (the text linted, which an editor may not have saved). */
  get facts(): FileFacts | null {
    if (this.factsCache !== undefined) return this.factsCache;
    const project = this.project;
    // the specifiers from the AST in hand (a scan of a large module's text costs more than the rules)
    return (this.factsCache = project ? project.factsOfText(this.location!.filename, this.file.text, -1, this.file.text.length, false, this.specifierList()) : null);
  }

  /** The file's module specifiers from its AST (core/modules.ts), as the module graph's facts take them. */
  private specifierList(): { specifiers: Specifier[]; computedSpecifier: boolean } {
    const list = moduleSpecifierList(this.scopes.globalScope, this.dynamicImports);
    return { specifiers: [...list.specifiers], computedSpecifier: list.computed };
  }

  /** Another module's summary (null when it has none to give: unreadable, unparseable, outside the project). */
  summaryOf(file: string): ModuleSummary | null {
    const project = this.project;
    if (!project) return null;
    if (file === this.location?.filename) return this.summary();
    return moduleSummary(project, this.settings, file);
  }

  /**
   * The trace map for this file: the catalog's, plus what the local modules it imports hand out (their exported
   * resources, getters, factories and closers), under the specifiers it writes. Null when nothing is added.
   */
  private traceMap(): TraceMap<TraceInfo> | null {
    if (this.traceMapCache !== undefined) return this.traceMapCache;
    this.traceMapCache = null;
    const project = this.project;
    const facts = this.facts;
    if (!project || !facts || facts.specifiers.length === 0) return null;
    const local: TraceMap<TraceInfo> = {};
    const done = new Set<string>();
    for (const s of facts.specifiers) {
      if (done.has(s.text)) continue;
      done.add(s.text);
      const target = project.resolver.resolve(s.text, facts.file);
      if (target === null || target === facts.file || !mayExportResources(project, this.settings, target)) continue;
      for (const [name, fact] of exportFacts(target, (f) => this.summaryOf(f))) {
        const at = name === 'module.exports' ? [] : [name];
        if (fact.kind === 'value') {
          addToTraceMap(local, s.text, at, fact.value.getter ? 'call' : 'read', { tag: 'imported', value: fact.value });
        } else if (fact.kind === 'factory') {
          const info: TraceInfo = { tag: 'factory', factory: fact.factory.factory, spec: fact.factory.spec, checkout: fact.factory.spec !== fact.factory.factory, origin: { file: fact.factory.file, line: fact.factory.line, name: fact.factory.name } };
          addToTraceMap(local, s.text, at, 'call', info);
          addToTraceMap(local, s.text, at, 'construct', info);
        } else if (fact.kind === 'closer') {
          addToTraceMap(local, s.text, at, 'call', { tag: 'closer', refs: fact.refs });
        } else {
          addToTraceMap(local, s.text, at, 'call', { tag: 'paramCloser', params: fact.params });
        }
      }
    }
    if (Object.keys(local).length === 0) return null;
    // The catalog's entries that this file's specifiers name, not a copy of the whole catalog per file: ReferenceTracker
    // looks modules up by the specifier the file spells. A computed specifier may fold to any module: all of it then.
    const catalog = traceMapFor(this.settings);
    if (facts.computedSpecifier) return (this.traceMapCache = { ...catalog, ...local });
    const map: TraceMap<TraceInfo> = {};
    for (const s of facts.specifiers) if (Object.hasOwn(catalog, s.text)) map[s.text] = catalog[s.text]!;
    return (this.traceMapCache = Object.assign(map, local));
  }

  /** Is `file` an entry of a Lambda function by its code (a handler export), without reading deployment files? */
  private isCodeEntry(file: string): boolean {
    if (file === this.location?.filename) return this.codeHandlers.length > 0;
    const facts = this.project!.factsOf(file);
    if (!facts || !mayBeHandlerModule(facts.hints, this.settings, () => readText(file))) return false;
    // `export const handler = …`: a handler by its name, known without a parse of the module
    return exportsHandlerName(facts.hints, this.settings) || (this.summaryOf(file)?.handlers.length ?? 0) > 0;
  }

  /** Is `file` an entry of a Lambda function: deployed by a config, or exporting a handler? */
  private isEntry(file: string): boolean {
    if (file === this.location?.filename) return this.codeHandlers.length > 0 || this.isHandlerModule;
    const project = this.project!;
    // the code first (its parse is the one ESLint reuses when it lints the file), the deployment files only then
    const facts = project.factsOf(file);
    if (facts && mayBeHandlerModule(facts.hints, this.settings, () => readText(file)) && (this.summaryOf(file)?.handlers.length ?? 0) > 0) return true;
    return deploymentsFor(file, project.root).deployments.length > 0;
  }

  /**
   * The Lambda handler entries that load this module, nearest first (this module itself when it is one): empty when
   * no function loads it, null when it cannot be told (no path on disk, a project too large to index).
   */
  loaders(limit = 1): readonly Loader[] | null {
    if (limit === 1 && this.loadersCache !== undefined) return this.loadersCache;
    const project = this.project;
    if (!project) return null;
    const self = this.location!.filename;
    if (this.codeHandlers.length > 0) return [{ entry: self, chain: [self], lines: [] }];
    // handler entries by their code first (a parse ESLint reuses), the deployment files only when none is found
    let found = project.loadersOf(self, (f) => this.isCodeEntry(f), limit);
    if (found !== null && found.length === 0) found = project.loadersOf(self, (f) => this.isEntry(f), limit);
    if (limit === 1) this.loadersCache = found;
    return found;
  }

  /**
   * Is this module part of a Lambda function: a handler module, or a module some handler module loads? Without a
   * project (no path on disk) only a handler module is.
   */
  get isFunctionModule(): boolean {
    if (this.codeHandlers.length > 0) return true;
    const loaders = this.loaders();
    return loaders !== null && loaders.length > 0;
  }

  /** The ResourceRef of one of this module's resources. */
  refOf(resource: Resource): ResourceRef {
    const file = this.location?.filename ?? '';
    return {
      key: `${file}#${resource.node.range[0]}`,
      file,
      line: resource.node.loc.start.line,
      name: resource.name ?? resource.spec.label,
      library: resource.spec.library,
      label: resource.spec.label,
    };
  }

  private exportedReachCache?: { reaches: Map<string, CallReach>; handlerFunctions: Set<FunctionNode> };

  /** What each exported function runs (for closers and getters), by export name. */
  private get exportedReaches(): Map<string, CallReach> {
    if (!this.exportedReachCache) {
      const reaches = new Map<string, CallReach>();
      const handlerNames = new Set(this.codeHandlers.map((h) => h.name));
      for (const e of moduleExports(this.file.ast)) {
        if (handlerNames.has(e.name) || !e.value) continue;
        const functions = this.scopes.resolveFunctions(e.value);
        if (functions.length > 0) reaches.set(e.name, new CallReach(functions, this.scopes, this.file.visitorKeys));
      }
      this.exportedReachCache = { reaches, handlerFunctions: new Set() };
    }
    return this.exportedReachCache.reaches;
  }

  /** A close in an exported (non-handler) function that no handler here runs: a close only if some module calls it. */
  private closeOnly(node: Node): boolean {
    if (this.listeners.some((l) => l.listener !== null && contains(l.listener, node))) return false;
    for (const reach of this.exportedReaches.values()) if (reach.runs(node)) return !this.runsPerInvocation(node);
    return false;
  }

  /** This module's summary, for the other modules of the graph (core/graph/summary.ts). */
  summary(): ModuleSummary {
    if (this.summaryCache) return this.summaryCache;
    const file = this.location?.filename ?? '';
    const tracking = this.tracking;
    const calls = tracking.calls;
    const listeners = this.moduleListeners;
    const inSigterm = (node: Node) => listeners.sigterm.some((l) => l.covers(node));
    const inListener = (node: Node) => this.listeners.some((l) => l.listener !== null && contains(l.listener, node)) || listeners.ineffective.some((l) => l.covers(node));
    const exportsOf = exportNames(this);

    const values = new Map<string, ExportedValue>();
    const closers = new Map<string, ResourceRef[]>();
    const sigtermCloses = new Set<string>();
    const invocationCloses = new Set<string>();
    const reaches = this.exportedReaches;
    const addClose = (node: Node, refs: readonly ResourceRef[]) => {
      if (inSigterm(node)) for (const r of refs) sigtermCloses.add(r.key);
      else if (!inListener(node)) {
        let closer = false;
        for (const [name, reach] of reaches) {
          if (!reach.runs(node)) continue;
          closer = true;
          const list = closers.get(name) ?? [];
          for (const r of refs) if (!list.some((x) => x.key === r.key)) list.push(r);
          closers.set(name, list);
        }
        if (!closer || this.runsPerInvocation(node)) for (const r of refs) invocationCloses.add(r.key);
      }
    };
    for (const resource of tracking.resources) {
      if (resource.scope !== 'module') continue;
      const ref = this.refOf(resource);
      // the one process-wide connection (`mongoose.connect()`), closed by whichever module closes it; not a connection of
      // its own the library also made (`mongoose.createConnection()`)
      const singleton = resource.factory.singleton && !resource.checkout ? singletonKey(resource.spec.library) : null;
      for (const name of resource.variable ? exportsOf.get(resource.variable) ?? [] : resource.exportedAs ? [resource.exportedAs] : []) {
        values.set(name, { ref, factory: resource.factory, spec: resource.spec, getter: false, promise: resource.promise });
      }
      for (const [name, reach] of reaches) {
        if ([...reach.functions].some((fn) => returnsResource(fn, resource, this))) {
          values.set(name, { ref, factory: resource.factory, spec: resource.spec, getter: true, promise: resource.promise || [...reach.functions].some((fn) => fn.async) });
        }
      }
      for (const use of usesOf(resource, calls, this.scopes, false)) {
        if (use.kind === 'close' || use.kind === 'methodRef') addClose(use.node, singleton ? [ref, { ...ref, key: singleton }] : [ref]);
      }
      // closed through what holds it (`export const closeCache = () => cache.close()`)
      for (const call of wrapperCloses(resource)) addClose(call, [ref]);
    }
    // exported functions that hand out another module's resource (`export const connect = async () => dbClient.connect()`)
    for (const [name, reach] of reaches) {
      if (values.has(name)) continue;
      for (const fn of reach.functions) {
        const value = returnedImport(fn, calls.importedValues, this);
        if (value) {
          values.set(name, { ...value, getter: true, promise: value.promise || fn.async });
          break;
        }
      }
    }
    for (const c of calls.moduleCloses) {
      const key = singletonKey(c.factory.library);
      addClose(c.call, [{ key, file, line: c.call.loc.start.line, name: c.factory.library, library: c.factory.library, label: 'default connection' }]);
    }
    for (const c of calls.importedCloses) addClose(c.call, [c.ref]);
    for (const c of calls.closerCalls) addClose(c.call, c.refs);

    const factories = new Map<string, ExportedFactory>();
    for (const e of moduleExports(this.file.ast)) {
      if (!e.value) continue;
      for (const fn of this.scopes.resolveFunctions(e.value)) {
        const creation = tracking.factories.get(fn);
        if (!creation) continue;
        factories.set(e.whole ? 'module.exports' : e.name, {
          factory: creation.factory,
          spec: creation.spec,
          promise: fn.async || creation.factory.returnsPromise === true,
          file: creation.origin?.file ?? file,
          line: creation.origin?.line ?? creation.node.loc.start.line,
          // the function's own name where it has one (`export default async function connectQueue()`)
          name: creation.origin?.name ?? (functionName(fn, this.scopes) !== ANONYMOUS ? functionName(fn, this.scopes) : e.whole ? 'module.exports' : e.name),
        });
        break;
      }
    }

    // A SIGTERM listener that calls what the analysis cannot see into may close anything. A function of another local
    // module is seen into (its summary says what it closes, and what it does not), and so is a getter of one.
    const seenInto = (c: Node) =>
      calls.closerCalls.some((k) => k.call === c) || calls.importedCloses.some((k) => k.call === c) || calls.importedValues.has(valueExpression(c)) || this.callsLocalModule(c);
    const opaqueSigterm = listeners.sigterm.some((l) => !l.listener.resolved || l.unknownCalls.some((c) => !seenInto(c)));
    const paramClosers = new Map<string, number[]>();
    for (const e of moduleExports(this.file.ast)) {
      if (!e.value || e.whole) continue;
      const [fn] = this.scopes.resolveFunctions(e.value);
      const params = fn ? closedParameters(fn, this) : [];
      if (params.length > 0) paramClosers.set(e.name, params);
    }
    this.summaryCache = {
      file,
      // what the code shows: a module's deployment files are read only if nothing else makes it an entry (isEntry)
      handlers: this.codeHandlers.map((h) => h.name),
      values,
      factories,
      closers,
      paramClosers,
      reexports: this.reexports(),
      sigtermCloses,
      invocationCloses,
      opaqueSigterm,
      unclosedModuleResources: this.ownUnclosedModuleResources().length > 0,
      opened: openedImports(calls),
    };
    return this.summaryCache;
  }

  /** Does the call's callee come from a local module (`flushMetrics()` imported from './metrics', `lib.close()`)? */
  private callsLocalModule(call: Node): boolean {
    if (call.type !== 'CallExpression' || !this.project) return false;
    let root: Node = unwrapExpression(call.callee);
    while (root.type === 'MemberExpression') root = unwrapExpression(root.object);
    if (root.type !== 'Identifier') return false;
    const def = this.scopes.variableOf(root)?.defs[0];
    let source: string | null = null;
    if (def?.type === 'ImportBinding' && def.parent?.type === 'ImportDeclaration') source = def.parent.source.value;
    else if (def?.type === 'Variable' && def.node.type === 'VariableDeclarator' && def.node.init) {
      const init = unwrapExpression(def.node.init);
      const req = init.type === 'MemberExpression' ? unwrapExpression(init.object) : init;
      if (req.type === 'CallExpression' && req.callee.type === 'Identifier' && req.callee.name === 'require') source = staticString(req.arguments[0] as Node | undefined);
    }
    return source !== null && this.project.resolver.resolve(source, this.location!.filename) !== null;
  }

  /** `export { x } from './db'`, `export * from './db'`, `module.exports = require('./db')`: resolved. */
  private reexports(): Reexport[] {
    const project = this.project;
    if (!project) return [];
    const from = this.location!.filename;
    const out: Reexport[] = [];
    for (const stmt of this.file.ast.body) {
      if ((stmt.type === 'ExportAllDeclaration' || stmt.type === 'ExportNamedDeclaration') && stmt.source) {
        const file = project.resolver.resolve(stmt.source.value, from);
        if (!file) continue;
        if (stmt.type === 'ExportAllDeclaration') {
          if (stmt.exported) out.push({ file, names: new Map() });
          else out.push({ file, names: null });
          continue;
        }
        const names = new Map<string, string>();
        for (const spec of stmt.specifiers) {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          const local = spec.local.type === 'Identifier' ? spec.local.name : String(spec.local.value);
          names.set(exported, local);
        }
        out.push({ file, names });
      }
    }
    return out;
  }

  /** Resources by type, when there is type information and the settings ask for it. */
  private typedCreations(): ExtraCreations | undefined {
    const services = this.typeServices;
    if (!services || !this.settings.typedResources) return undefined;
    return (covered) => findTypedCreations(this.file, this.scopes, this.settings, services, covered, this.location?.filename ?? null);
  }

  /** The module's resources (module-lifetime, per invocation, or of some function). */
  get resources(): readonly Resource[] {
    return this.tracking.resources;
  }

  /** The calls the resource tracking found: close functions, module-wide closes, stream consumers, imported closes. */
  get trackedCalls(): TrackedCalls {
    return this.tracking.calls;
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
        ineffective: this.ineffectiveListeners.map(reach),
      };
    }
    return this.moduleListenersCache;
  }

  private ineffectiveCache?: readonly ProcessListener[];

  /**
   * Listeners for events that never fire when Lambda ends an environment (catalog INEFFECTIVE_EVENTS), less those whose
   * functions are all SIGTERM listeners as well (`process.on('beforeExit', shutdown)` beside `process.on('SIGTERM',
   * shutdown)`): that cleanup does run, on SIGTERM.
   */
  get ineffectiveListeners(): readonly ProcessListener[] {
    if (this.ineffectiveCache) return this.ineffectiveCache;
    const sigterm = new Set(this.listeners.filter((l) => l.event === 'SIGTERM').flatMap((l) => l.functions));
    return (this.ineffectiveCache = this.listeners.filter(
      (l) => l.event !== null && INEFFECTIVE_EVENTS.has(l.event) && !(l.functions.length > 0 && l.functions.every((fn) => sigterm.has(fn))),
    ));
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
      // the file's specifiers from the facts in hand (astSpecifiers), not another walk of it
      const code = codeEvidence(filename, this.file.ast, this.file.text, cwd, this.facts?.specifiers.map((s) => s.text));
      if (code) status = { kind: 'internal', evidence: code.file === filename ? `this file ${code.how}` : `${path.relative(cwd, code.file)} ${code.how}`, deployment: null };
      else status = combineDeployments(deploymentsFor(filename, cwd), this.settings, cwd);
    }
    return (this.extensionCache = status);
  }

  /**
   * For a module a handler entry loads (a shared `db.ts` with the SIGTERM listener): is an extension registered for the
   * function of that entry? From the entry's code (its file and what it imports) and its deployment configuration.
   * Null when no entry loads the module.
   */
  get loaderExtension(): { status: ExtensionStatus; entry: string } | null {
    if (this.isHandlerModule) return { status: this.extension, entry: this.location!.filename };
    const loader = this.loaders()?.[0];
    if (!loader || this.settings.platform === 'container') return loader ? { status: { kind: 'container' }, entry: loader.entry } : null;
    const { cwd } = this.location!;
    const entry = loader.entry;
    // the entry's text is scanned, and parsed only if it mentions a registration (ESLint parses it when it lints it)
    const code = fileCodeEvidence(entry, cwd);
    const status: ExtensionStatus = code
      ? { kind: 'internal', evidence: `${path.relative(cwd, code.file)} ${code.how}`, deployment: null }
      : combineDeployments(deploymentsFor(entry, cwd), this.settings, cwd);
    return { status, entry };
  }

  moduleCleanup(resource: Resource): ModuleCleanupStatus {
    // Without the module graph an exported close function may be what another module's listener calls: it counts.
    const closeOnly = this.project ? (node: Node) => this.closeOnly(node) : undefined;
    return moduleCleanup(resource, this.tracking.calls, this.moduleListeners, this.scopes, closeOnly);
  }

  invocationCleanup(resource: Resource): InvocationCleanup {
    const listeners = this.listeners.filter((l) => l.listener !== null);
    const inListener = (node: TSESTree.Node) => listeners.some((l) => contains(l.listener!, node));
    return invocationCleanup(resource, this.tracking.calls, this.scopes, inListener);
  }

  /** Module-scope resources of a function's module that no SIGTERM listener in the function's graph closes. */
  unclosedModuleResources(): Resource[] {
    return this.moduleFindings().map((f) => f.resource);
  }

  private moduleFindingsCache?: ModuleFinding[];

  /**
   * Module-lifetime resources that no SIGTERM listener closes, with the handler entry that loads this module. Without
   * a project (no path on disk) only a handler module's own, unexported resources are judged, as before the graph.
   */
  moduleFindings(): ModuleFinding[] {
    if (this.moduleFindingsCache) return this.moduleFindingsCache;
    const out: ModuleFinding[] = [];
    const candidates = this.ownUnclosedModuleResources();
    if (candidates.length > 0) {
      const project = this.project;
      if (!project) {
        if (this.isHandlerModule) for (const r of candidates) if (!r.exported) out.push({ resource: r, loader: null });
      } else {
        const loaders = this.codeHandlers.length > 0 ? this.loaders() : project.files() === null ? null : this.loadersUpTo(MAX_LOADERS);
        for (const r of candidates) {
          if (!loaders || loaders.length === 0) break;
          if (r.unopened && !this.openedElsewhere(r)) continue;
          // the first function that neither closes it per invocation nor has a SIGTERM listener that closes it
          const open = loaders.find((l) => !this.closedInFunction(r, l.entry) && !this.closedPerInvocationIn(r, l));
          if (open) out.push({ resource: r, loader: open });
        }
      }
    }
    return (this.moduleFindingsCache = out);
  }

  private ownUnclosedCache?: Resource[];

  /** Module-scope resources that this module's own SIGTERM listeners leave open (before the graph is asked). */
  private ownUnclosedModuleResources(): Resource[] {
    return (this.ownUnclosedCache ??= this.resources.filter((r) => r.scope === 'module' && r.name !== null && !(r.spec.perInvocationOnly && this.settings.platform === 'lambda') && this.moduleCleanup(r) === 'missing'));
  }

  /**
   * The other modules of the functions that load this one whose shutdown a SIGTERM listener added here would race: a
   * module that already has a SIGTERM listener (it may end the process), or one holding module resources that no
   * listener of its own closes (it needs one too). With several listeners the first one that ends the process cuts
   * the others' cleanup off, so a listener is added to a module only when its functions have no other: else the close
   * belongs in that one listener, which is a human's edit across modules. Empty without a project.
   */
  shutdownPeers(): readonly ShutdownPeer[] {
    return (this.shutdownPeersCache ??= this.findShutdownPeers());
  }

  private shutdownPeersCache?: readonly ShutdownPeer[];

  private findShutdownPeers(): ShutdownPeer[] {
    const project = this.project;
    if (!project) return [];
    const self = this.location!.filename;
    const loaders = this.codeHandlers.length > 0 ? this.loaders() : this.loadersUpTo(MAX_LOADERS);
    const peers = new Map<string, ShutdownPeer>();
    for (const loader of loaders ?? []) {
      for (const file of this.functionGraph(loader.entry)) {
        if (file === self || peers.has(file)) continue;
        const facts = project.factsOf(file);
        if (!facts) continue;
        if (facts.mentionsSigterm) {
          peers.set(file, { file, entry: loader.entry, kind: 'listener' });
        } else if (specifiersMayHaveResources(facts.specifiers, facts.computedSpecifier, this.settings) && this.summaryOf(file)?.unclosedModuleResources) {
          peers.set(file, { file, entry: loader.entry, kind: 'resources' });
        }
      }
    }
    return [...peers.values()];
  }

  private loadersUpToCache?: readonly Loader[] | null;

  private loadersUpTo(limit: number): readonly Loader[] | null {
    if (this.loadersUpToCache === undefined) {
      const self = this.location!.filename;
      let found = this.project!.loadersOf(self, (f) => this.isCodeEntry(f), limit);
      if (found !== null && found.length === 0) found = this.project!.loadersOf(self, (f) => this.isEntry(f), limit);
      this.loadersUpToCache = found;
      if (this.loadersUpToCache) this.loadersCache = this.loadersUpToCache.slice(0, 1);
    }
    return this.loadersUpToCache;
  }

  private readonly functionGraphs = new Map<string, readonly string[]>();

  /** The modules a handler entry loads (its function's module graph), itself included. */
  private functionGraph(entry: string): readonly string[] {
    let graph = this.functionGraphs.get(entry);
    if (!graph) {
      const facts = entry === this.location!.filename ? this.facts : this.project!.factsOf(entry);
      graph = facts ? this.project!.graphOf(facts) : [];
      this.functionGraphs.set(entry, graph);
    }
    return graph;
  }

  /**
   * Is the resource closed by a SIGTERM listener of a module in the function of `entry` (its module graph; this module's
   * own listeners are moduleCleanup's), or may it be: a listener there calls what the analysis cannot see into?
   */
  private closedInFunction(resource: Resource, entry: string): boolean {
    const project = this.project!;
    const self = this.location!.filename;
    const graph = this.functionGraph(entry);
    const keys = [this.refOf(resource).key];
    if (resource.spec.moduleClose) keys.push(singletonKey(resource.spec.library));
    for (const file of graph) {
      if (file === self || !project.factsOf(file)?.mentionsSigterm) continue;
      const summary = this.summaryOf(file);
      if (summary && (summary.opaqueSigterm || keys.some((k) => summary.sigtermCloses.has(k)))) return true;
    }
    return false;
  }

  /**
   * Is the resource closed per invocation by a module that imports it (`closeDb()` or `pool.end()` at the end of a
   * handler): managed there, not left for shutdown? Only a resource this module hands out or closes in an exported
   * function can be.
   */
  private closedPerInvocationIn(resource: Resource, loader: Loader): boolean {
    // The modules of this function that import it (its importers in the function's graph, the chain from the entry):
    // the closers of modules in between are followed by their summaries (a handler calling `getUser()` that closes the
    // connection it took counts as closing it). A test file or a script that imports it is no module of the function.
    const self = this.location!.filename;
    const graph = new Set(this.functionGraph(loader.entry));
    const files = new Set(loader.chain);
    for (const { file } of this.project!.importersOf(self) ?? []) if (graph.has(file)) files.add(file);
    files.delete(self);
    // none (the handler entry itself, which no module of its function imports): nothing to ask, nor this module's
    // summary to make
    if (files.size === 0 || (!resource.exported && !this.hasExportedCloser(resource))) return false;
    const keys = [this.refOf(resource).key];
    if (resource.spec.moduleClose) keys.push(singletonKey(resource.spec.library));
    for (const file of files) {
      const summary = this.summaryOf(file);
      if (summary && keys.some((k) => summary.invocationCloses.has(k))) return true;
    }
    return false;
  }

  /** Does a module that imports this one open the resource (`dataSource.initialize()`)? */
  private openedElsewhere(resource: Resource): boolean {
    const key = this.refOf(resource).key;
    return (this.project!.importersOf(this.location!.filename) ?? []).some(({ file }) => this.summaryOf(file)?.opened.has(key) ?? false);
  }

  /** Is the resource handed out (exported, or returned by an exported getter) or closed by an exported function? */
  private hasExportedCloser(resource: Resource): boolean {
    const summary = this.summary();
    const key = this.refOf(resource).key;
    for (const v of summary.values.values()) if (v.ref.key === key) return true;
    for (const refs of summary.closers.values()) if (refs.some((r) => r.key === key)) return true;
    return false;
  }

  /**
   * Resources opened in a function, not closed on every path: those a handler runs, and, in a module of a function's
   * graph, those of any other function too (a resolver or route helper that leaks leaks for whoever calls it).
   */
  unclosedInvocationResources(): { resource: Resource; cleanup: InvocationCleanup }[] {
    const out: { resource: Resource; cleanup: InvocationCleanup }[] = [];
    let inGraph: boolean | undefined;
    for (const resource of this.resources) {
      if (resource.name === null) continue;
      if (resource.scope === 'function') {
        if (!this.project || this.inListener(resource.node)) continue;
        inGraph ??= this.isFunctionModule;
        if (!inGraph) continue;
      } else if (resource.scope !== 'invocation') continue;
      const cleanup = this.invocationCleanup(resource);
      if (cleanup.status === 'missing' || cleanup.status === 'successOnly' || cleanup.status === 'errorOnly') out.push({ resource, cleanup });
    }
    return out;
  }

  /** Is `node` in a process listener's own code (`process.on('SIGTERM', () => …)`)? */
  private inListener(node: Node): boolean {
    return this.listeners.some((l) => l.listener !== null && contains(l.listener, node));
  }
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** How many handler entries that load a module are looked at for one that leaves its resources open. */
const MAX_LOADERS = 16;

export interface ModuleFinding {
  readonly resource: Resource;
  /** The handler entry that loads the module (the module itself for a handler module); null without a project. */
  readonly loader: Loader | null;
}

/** The key under which a library-wide singleton (mongoose's default connection) is closed, whoever opened it. */
function singletonKey(library: string): string {
  return `singleton:${library}`;
}

/** The names each module-level variable is exported under (`export const pool`, `export { pool as db }`, `module.exports = pool`). */
function exportNames(analysis: FileAnalysis): Map<unknown, string[]> {
  const out = new Map<unknown, string[]>();
  const add = (id: Node | null | undefined, name: string) => {
    const v = id && unwrapExpression(id);
    if (v?.type !== 'Identifier') return;
    const variable = analysis.scopes.variableOf(v);
    if (!variable) return;
    const list = out.get(variable) ?? [];
    list.push(name);
    out.set(variable, list);
  };
  for (const e of moduleExports(analysis.file.ast)) {
    if (e.node.type === 'VariableDeclarator') add(e.node.id, e.name);
    else if (e.value) add(e.value, e.whole ? 'module.exports' : e.name);
  }
  return out;
}

/**
 * Does `fn` return the resource: `return pool`, `return (pool ??= new Pool())`, `return cached || (cached = …)`,
 * `return clientPromise`, an arrow whose body is one of those? Returns of nested functions do not count.
 */
function returnsResource(fn: FunctionNode, resource: Resource, analysis: FileAnalysis): boolean {
  const variable = resource.variable;
  const holds = (expr: Node | null | undefined, depth = 0): boolean => {
    if (!expr || depth > 6) return false;
    const e = unwrapExpression(expr);
    if (e === resource.node || e === resource.value) return true;
    switch (e.type) {
      case 'Identifier':
        return variable !== null && analysis.scopes.variableOf(e) === variable;
      case 'AwaitExpression':
        return holds(e.argument, depth + 1);
      case 'AssignmentExpression':
        return holds(e.left, depth + 1) || holds(e.right, depth + 1);
      case 'LogicalExpression':
        return holds(e.left, depth + 1) || holds(e.right, depth + 1);
      case 'ConditionalExpression':
        return holds(e.consequent, depth + 1) || holds(e.alternate, depth + 1);
      case 'SequenceExpression':
        return holds(e.expressions.at(-1), depth + 1);
      default:
        return false;
    }
  };
  if (fn.body.type !== 'BlockStatement') return holds(fn.body);
  let found = false;
  walk(fn.body, analysis.file.visitorKeys, (node) => {
    if (found) return false;
    if (isFunction(node)) return false;
    if (node.type === 'ReturnStatement' && holds(node.argument)) found = true;
    return true;
  });
  return found;
}

/**
 * The imported resource `fn` returns, if it returns one: the imported value itself (`return dbClient`), awaited, or
 * through a method of its library that returns the resource itself (`return dbClient.connect()`).
 */
function returnedImport(fn: FunctionNode, imported: ReadonlyMap<Node, ExportedValue>, analysis: FileAnalysis): ExportedValue | null {
  if (imported.size === 0) return null;
  const of = (expr: Node | null | undefined, depth = 0): ExportedValue | null => {
    if (!expr || depth > 4) return null;
    let e = unwrapExpression(expr);
    if (e.type === 'AwaitExpression') e = unwrapExpression(e.argument);
    const direct = imported.get(e);
    if (direct) return direct;
    // `const client = await dbClient.connect(); return client;`
    if (e.type === 'Identifier') {
      const def = analysis.scopes.variableOf(e)?.defs[0];
      if (def?.type === 'Variable' && def.node.type === 'VariableDeclarator' && def.node.id.type === 'Identifier' && contains(fn, def.node)) return of(def.node.init, depth + 1);
      return null;
    }
    if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression') {
      const inner = imported.get(valueExpression(e.callee.object)) ?? imported.get(unwrapExpression(e.callee.object));
      const method = e.callee.property.type === 'Identifier' ? e.callee.property.name : null;
      const chain = inner && inner.factory.chainMethods?.find((c) => c.method === method);
      if (inner && chain) return { ...inner, promise: inner.promise || chain.returnsPromise };
    }
    return null;
  };
  if (fn.body.type !== 'BlockStatement') return of(fn.body);
  let found: ExportedValue | null = null;
  walk(fn.body, analysis.file.visitorKeys, (node) => {
    if (found || isFunction(node)) return false;
    if (node.type === 'ReturnStatement') found = of(node.argument);
    return true;
  });
  return found;
}


/** The imported resources this module opens (catalog `opensWith`): `dataSource.initialize()` on an imported DataSource. */
function openedImports(calls: TrackedCalls): Set<string> {
  const out = new Set<string>();
  for (const [node, value] of calls.importedValues) {
    const opensWith = value.factory.opensWith;
    const m = opensWith && methodCallOn(node);
    if (m && opensWith.includes(m.name)) out.add(value.ref.key);
  }
  return out;
}

/** The parameters a function closes (`function close(client) { client.close() }`): their indexes. */
function closedParameters(fn: FunctionNode, analysis: FileAnalysis): number[] {
  const out: number[] = [];
  fn.params.forEach((param, index) => {
    const id = param.type === 'AssignmentPattern' ? param.left : param;
    if (id.type !== 'Identifier') return;
    const variable = analysis.scopes.variableOf(id);
    if (variable?.references.some((r) => {
      const m = methodCallOn(r.identifier as Node);
      return m !== null && CLEANUP_METHOD_NAMES.has(m.name);
    })) {
      out.push(index);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Projects and summaries, once per process

/**
 * The root of the project a file belongs to: the ESLint cwd. A cwd that is a file-system root is no project (a test
 * runner's, or a lint of absolute paths from `/`): then the nearest directory above the file with a package.json is.
 * Null for a file outside its root.
 */
function projectRoot(location: FileLocation): string | null {
  let root = path.resolve(location.cwd);
  if (path.parse(root).root === root) {
    root = '';
    for (let d = path.dirname(location.filename); path.parse(d).root !== d; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'package.json'))) {
        root = d;
        break;
      }
    }
    if (!root) return null;
  }
  return isInside(root, location.filename) && location.filename !== root ? root : null;
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Summaries depend on the settings (what is a resource, a handler): per settings object, then per file. */
const summaries = new WeakMap<ResolvedSettings, Map<string, { hash: string; summary: ModuleSummary | null }>>();
const summarizing = new Set<string>();

/**
 * The summary of a module on disk: from the lint of the same text when ESLint linted it first in this process, else
 * from a parse of its own. Null for a file that cannot be read or parsed, and while the file is being summarized (an
 * import cycle).
 */
export function moduleSummary(project: Project, settings: ResolvedSettings, file: string): ModuleSummary | null {
  const facts = project.factsOf(file);
  if (!facts) return null;
  let cache = summaries.get(settings);
  if (!cache) summaries.set(settings, (cache = new Map()));
  const hit = cache.get(file);
  if (hit && hit.hash === facts.hash) return hit.summary;
  if (summarizing.has(file)) return null;
  const linted = remembered.get(settings)?.get(file);
  if (linted && linted.facts.hash === facts.hash) {
    summarizing.add(file);
    try {
      const summary = linted.analysis.summary();
      cache.set(file, { hash: facts.hash, summary });
      return summary;
    } finally {
      summarizing.delete(file);
    }
  }
  summarizing.add(file);
  let summary: ModuleSummary | null = null;
  try {
    const text = fs.readFileSync(file, 'utf8');
    // the parse ESLint will reuse when it lints the file, if it can be the same; else one of our own
    const shared = parseAsESLintWill(text, file);
    const parsed = shared ? parsedFile(text, shared as never) : parseFile(text, file, { tokens: false });
    const analysis = analyze(parsed, settings, { filename: file, cwd: project.root });
    analysis.factsCache = facts;
    summary = analysis.summary();
    // ESLint adds its configured globals to this scope manager before its rules run (moving their references out of the
    // global scope's `through`): what is indexed from `through` must be read again then. The rest of the analysis is
    // the same for ESLint's lint of the same text and options, and is kept for it.
    if (shared) forgetThroughIndex(parsed);
  } catch {
    summary = null;
  } finally {
    summarizing.delete(file);
  }
  cache.set(file, { hash: facts.hash, summary });
  return summary;
}

/** How many linted files' analyses are kept for the summaries other modules may ask of them. */
const MAX_REMEMBERED = 64;
const remembered = new WeakMap<ResolvedSettings, Map<string, { facts: FileFacts; analysis: FileAnalysis }>>();

/**
 * Keeps the analysis of a file ESLint lints, so that a module that imports it, linted later, gets its summary from this
 * lint instead of a parse of its own (the summary is made only if asked for). Only files whose summary can be asked
 * for: a module that can hand out a resource, a handler entry, a module with a SIGTERM listener. The newest are kept.
 */
export function rememberAnalysis(analysis: FileAnalysis): void {
  const facts = analysis.facts;
  const project = analysis.project;
  // summaries are made without type information: one from a typed lint would not be the same
  if (!facts || !project || analysis.typeServices) return;
  // both rules that need it ask, once per lint: the second time it is already kept
  if (remembered.get(analysis.settings)?.get(facts.file)?.analysis === analysis) return;
  const askable =
    facts.mentionsSigterm ||
    analysis.codeHandlers.length > 0 ||
    factsMayHoldResources(project, analysis.settings, facts);
  if (!askable) return;
  let kept = remembered.get(analysis.settings);
  if (!kept) remembered.set(analysis.settings, (kept = new Map()));
  kept.delete(facts.file);
  // a lint of another project (ESLint run from another root) will not ask for these: an AST kept is memory the GC walks
  for (const [file, k] of kept) if (k.analysis.project !== project) kept.delete(file);
  if (kept.size >= MAX_REMEMBERED) kept.delete(kept.keys().next().value!);
  // the text's hash is taken only if a module asks for this summary (an editor lints the same file again and again)
  kept.set(facts.file, { facts, analysis });
}

/**
 * Can a text hold a resource: its own (it names a resource library, `mayHaveResources`), or one that a local module it
 * imports hands out (`const c = await connectRabbitMQ()` from '../config/rabbitmq')? A test without a parse of the
 * text, for callers that would otherwise parse every file of a repository only to find nothing (the codemods).
 */
export function mayHoldResources(text: string, location: FileLocation, settings: ResolvedSettings): boolean {
  if (mayHaveResources(text, settings)) return true;
  const root = path.isAbsolute(location.filename) ? projectRoot(location) : null;
  if (root === null) return false;
  const project = projectAt(root);
  return factsMayHoldResources(project, settings, project.factsOfText(location.filename, text));
}

/**
 * Can the module these facts are of hold a resource (its specifiers name a resource library) or hand one out from a
 * local module it imports? Cycles answer no.
 */
function factsMayHoldResources(project: Project, settings: ResolvedSettings, facts: FileFacts, seen = new Set<string>()): boolean {
  return specifiersMayHaveResources(facts.specifiers, facts.computedSpecifier, settings) || project.importsOf(facts).some((t) => mayExportResources(project, settings, t.file, seen));
}

const mayExport = new WeakMap<ResolvedSettings, Map<string, { facts: FileFacts; value: boolean }>>();

/**
 * Can a local module hand out a resource (by the text of it and of what it imports): it names a resource library, or
 * re-exports or imports a local module that can. Cycles answer no. Modules that cannot are never summarized.
 */
function mayExportResources(project: Project, settings: ResolvedSettings, file: string, seen = new Set<string>()): boolean {
  const facts = project.factsOf(file);
  if (!facts || seen.has(file)) return false;
  let memo = mayExport.get(settings);
  if (!memo) mayExport.set(settings, (memo = new Map()));
  const hit = memo.get(file);
  if (hit && hit.facts === facts) return hit.value;
  seen.add(file);
  const value = factsMayHoldResources(project, settings, facts, seen);
  memo.set(file, { facts, value });
  return value;
}

const cache = new WeakMap<TSESTree.Program, WeakMap<ResolvedSettings, FileAnalysis>>();

/** Drops the index of unresolved global references of a parse that is handed on to ESLint (core/shared-parse.ts). */
function forgetThroughIndex(file: ParsedFile): void {
  if (file.scopeManager?.globalScope) forgetScopeFacts(file.scopeManager.globalScope);
}

/**
 * The analysis of a parsed file, shared by every rule that runs on it. Every rule passes the same hooks (rules/
 * rule-utils.ts `analysisOf`), so whichever rule asks first, the shared resources include those found by type.
 *
 * The analysis keeps the file's parts (text, AST, scope manager, visitor keys), not the object it is given: it can
 * outlive the lint of its file (`rememberAnalysis`: a module linted later asks for its summary), and oxlint's
 * `context.sourceCode` is one object for every file, whose `ast` and `text` become the next file's. ESLint's SourceCode
 * is one object per file, with the same parts.
 */
export function analyze(file: ParsedFile, settings: ResolvedSettings, location?: FileLocation, hooks?: AnalysisHooks): FileAnalysis {
  const ast = file.ast;
  let bySettings = cache.get(ast);
  if (!bySettings) cache.set(ast, (bySettings = new WeakMap()));
  let analysis = bySettings.get(settings);
  if (!analysis) {
    const parts: ParsedFile = { text: file.text, ast, scopeManager: file.scopeManager, visitorKeys: file.visitorKeys };
    bySettings.set(settings, (analysis = new FileAnalysis(parts, settings)));
  }
  if (location && !analysis.location) analysis.location = location;
  if (hooks?.services && !analysis.typeServices) analysis.typeServices = hooks.services;
  return analysis;
}

/** Another module of a function that also takes part in its shutdown (FileAnalysis.shutdownPeers). */
export interface ShutdownPeer {
  readonly file: string;
  /** The handler entry of the function both modules are part of. */
  readonly entry: string;
  /** `listener`: it has a SIGTERM listener; `resources`: it holds module resources no listener of its own closes. */
  readonly kind: 'listener' | 'resources';
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
