/**
 * Resource tracking: where the catalog's resources are created, which binding holds each one, whether it lives
 * for the whole module (module scope, or a lazily-initialised module cache) or for one invocation, and whether
 * its ownership leaves (exported, returned, stored elsewhere).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { contains, enclosingFunction, enclosingFunctions, isFunction, memberPath, methodCallOn, propertyName, staticString, unwrapExpression, valueExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import { CLEANUP_METHOD_NAMES, OWNERSHIP_TAKING_METHODS, RUNTIME_ENV_VARIABLES, STREAM_CONSUMERS } from './catalog.js';
import type { ChainMethod, ChildSpec, ResourceFactory, ResourceSpec, ValueSpec } from './catalog.js';
import { moduleExports } from './handlers.js';
import { addToTraceMap, globalReferences, moduleReferences, moduleSpecifierList } from './modules.js';
import type { TraceMap } from './modules.js';
import type { Scopes, Variable } from './scope.js';
import type { ResolvedSettings } from './settings.js';
import type { ExportedValue, ResourceRef } from './graph/summary.js';

export type TraceInfo =
  | { readonly tag: 'factory'; readonly factory: ResourceFactory; readonly spec?: ResourceSpec; readonly checkout?: boolean; readonly origin?: Origin }
  | { readonly tag: 'closeFunction'; readonly factory: ResourceFactory }
  | { readonly tag: 'moduleClose'; readonly factory: ResourceFactory }
  | { readonly tag: 'consumer' }
  /** A local module's export that is (READ) or returns (CALL, a getter) one of its module-lifetime resources. */
  | { readonly tag: 'imported'; readonly value: ExportedValue }
  /** A local module's exported function that closes resources (`closeDb()`). */
  | { readonly tag: 'closer'; readonly refs: readonly ResourceRef[] }
  /** A local module's exported function that closes what it is given (`closeConnection(client)`): the parameter indexes. */
  | { readonly tag: 'paramCloser'; readonly params: readonly number[] };

/** Where a resource created through another module's factory is really created, for messages. */
export interface Origin {
  readonly file: string;
  readonly line: number;
  /** The factory function's name. */
  readonly name: string;
}

const traceMaps = new WeakMap<ResolvedSettings, TraceMap<TraceInfo>>();

/** Adds what one factory makes, closes and opens under `mod`. */
function addFactory(map: TraceMap<TraceInfo>, mod: string, factory: ResourceFactory): void {
  if (factory.create !== 'call') addToTraceMap(map, mod, factory.path, 'construct', { tag: 'factory', factory });
  if (factory.create !== 'new') addToTraceMap(map, mod, factory.path, 'call', { tag: 'factory', factory });
  for (const path of factory.closeFunctions ?? []) addToTraceMap(map, mod, path, 'call', { tag: 'closeFunction', factory });
  for (const path of factory.moduleClose ?? []) addToTraceMap(map, mod, path, 'call', { tag: 'moduleClose', factory });
}

/** One trace map per settings object: every factory, close function and stream consumer the catalog knows. */
export function traceMapFor(settings: ResolvedSettings): TraceMap<TraceInfo> {
  let map = traceMaps.get(settings);
  if (map) return map;
  map = {};
  for (const factory of settings.factories) {
    for (const mod of factory.modules) addFactory(map, mod, factory);
  }
  for (const consumer of STREAM_CONSUMERS) {
    for (const mod of consumer.modules) addToTraceMap(map, mod, consumer.path, 'call', { tag: 'consumer' });
  }
  traceMaps.set(settings, map);
  return map;
}

/** The factories whose modules are matched by a pattern (`modulePattern`), per settings, with what each specifier maps to. */
interface ModulePatterns {
  /** Any of the patterns: one test per specifier. */
  readonly any: RegExp;
  readonly factories: readonly ResourceFactory[];
  /** The trace map entry of each specifier seen, or null when none of the patterns matches it. */
  readonly entries: Map<string, TraceMap<TraceInfo>[string] | null>;
}

const modulePatterns = new WeakMap<ResolvedSettings, ModulePatterns | null>();

function modulePatternsOf(settings: ResolvedSettings): ModulePatterns | null {
  let patterns = modulePatterns.get(settings);
  if (patterns !== undefined) return patterns;
  const factories = settings.factories.filter((f) => f.modulePattern !== undefined);
  patterns = factories.length === 0 ? null : { any: new RegExp(factories.map((f) => `(?:${f.modulePattern!.source})`).join('|')), factories, entries: new Map() };
  modulePatterns.set(settings, patterns);
  return patterns;
}

/**
 * The trace map for one file: `base` (the settings' map, `traceMapFor`, unless the caller adds entries of its own),
 * plus an entry for each of the file's module specifiers that a factory's `modulePattern` matches (a Prisma client
 * generated to `../generated/prisma`) and `base` does not have. ReferenceTracker looks modules up by their exact
 * specifier, so a pattern becomes entries for the specifiers that the file spells. `base` is returned as it is when
 * no specifier adds anything; a specifier's entry is built once per settings.
 */
export function traceMapForFile(settings: ResolvedSettings, specifiers: readonly string[], base: TraceMap<TraceInfo> = traceMapFor(settings)): TraceMap<TraceInfo> {
  const patterns = modulePatternsOf(settings);
  if (!patterns) return base;
  let map: TraceMap<TraceInfo> | null = null;
  for (const specifier of specifiers) {
    if (Object.hasOwn(base, specifier) || (map !== null && Object.hasOwn(map, specifier))) continue;
    let entry = patterns.entries.get(specifier);
    if (entry === undefined) {
      entry = null;
      if (patterns.any.test(specifier)) {
        const own: TraceMap<TraceInfo> = {};
        for (const factory of patterns.factories) if (factory.modulePattern!.test(specifier)) addFactory(own, specifier, factory);
        entry = own[specifier] ?? null;
      }
      patterns.entries.set(specifier, entry);
    }
    if (entry === null) continue;
    map ??= { ...base };
    map[specifier] = entry;
  }
  return map ?? base;
}


const specifierPatterns = new WeakMap<ResolvedSettings, { modules: RegExp; patterns: RegExp | null }>();

/**
 * Whether `text` can hold a resource at all: every resource starts at an import or require of a module that the
 * catalog (or the user's `resources` setting) lists, or that one of its module patterns matches, and so a file that
 * names none of those modules in a string has none. A cheap test on the text, for callers that would otherwise parse
 * a file only to find nothing in it (the codemods, over a whole repository). Without type information only: the
 * type-aware analysis also finds resources by their type, wherever they come from. A specifier that is not one literal
 * (`require(name)`, `require('p' + 'g')`) may fold to a module name the analysis follows, so any such call also answers
 * true.
 */
export function mayHaveResources(text: string, settings: ResolvedSettings): boolean {
  const tests = resourceTests(settings);
  if (tests.modules.test(text) || COMPUTED_SPECIFIER.test(text)) return true;
  if (tests.patterns) {
    // the specifiers of imports, re-exports and requires, against the module patterns
    for (const m of text.matchAll(SPECIFIER)) if (tests.patterns.test(m[2]!)) return true;
  }
  return false;
}

const moduleSets = new WeakMap<ResolvedSettings, ReadonlySet<string>>();

/**
 * `mayHaveResources()` from a file's module specifiers (what the module graph scans a file for): one of them is a
 * module the catalog or the settings list, or one a module pattern matches, or a specifier is computed.
 */
export function specifiersMayHaveResources(specifiers: readonly { text: string }[], computed: boolean, settings: ResolvedSettings): boolean {
  if (computed) return true;
  let modules = moduleSets.get(settings);
  if (!modules) moduleSets.set(settings, (modules = new Set(settings.factories.flatMap((f) => f.modules))));
  const patterns = modulePatternsOf(settings)?.any;
  return specifiers.some((s) => modules.has(s.text) || (patterns !== undefined && patterns.test(s.text)));
}

function resourceTests(settings: ResolvedSettings): { modules: RegExp; patterns: RegExp | null } {
  let tests = specifierPatterns.get(settings);
  if (!tests) {
    const modules = [...new Set(settings.factories.flatMap((f) => f.modules))].sort((a, b) => b.length - a.length);
    const escaped = modules.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    tests = { modules: new RegExp(`['"\`](?:${escaped.join('|')})['"\`]`), patterns: modulePatternsOf(settings)?.any ?? null };
    specifierPatterns.set(settings, tests);
  }
  return tests;
}

/** A static specifier: `from 'x'`, `import 'x'`, `import('x')`, `require('x')`. */
const SPECIFIER = /(?:\bfrom|\bimport|\b(?:require|import)\s*\()\s*(['"`])([^'"`\r\n]*)\1/g;

/** `require(x)`, `import(x)`, `require('a' + b)`: a call whose specifier is not a single string literal. */
export const COMPUTED_SPECIFIER = /\b(?:require|import)\s*\(\s*(?:[^\s'"`)]|(['"`])[^'"`]*\1\s*[^\s)])/;

export type ResourceScope = 'module' | 'invocation' | 'function';

export interface Resource {
  readonly spec: ResourceSpec;
  /** The factory that made it, or the pool it was checked out of. */
  readonly factory: ResourceFactory;
  /** A pool checkout (`pool.connect()`), given back with `release()`. */
  readonly checkout: boolean;
  /** The creation expression, where findings are reported. */
  readonly node: TSESTree.Node;
  /** The outermost expression that carries the value (through `await`, `.connect()` chains, TS casts). */
  readonly value: TSESTree.Node;
  /** The binding that holds it, when there is one. */
  readonly variable: Variable | null;
  readonly name: string | null;
  /** `const x = …` / `let x = …` directly holding it. */
  readonly declarator: TSESTree.VariableDeclarator | null;
  readonly scope: ResourceScope;
  /** A module binding assigned inside a function (`pool ??= new Pool()`). */
  readonly lazy: boolean;
  /** The function whose local binding holds it (null for module scope). */
  readonly owner: FunctionNode | null;
  /** Exported from the module: someone else may own its shutdown. */
  readonly exported: boolean;
  /** Declared with `using` / `await using`. */
  readonly using: boolean;
  /** The binding holds a promise of the resource (`const clientPromise = new MongoClient(uri).connect()`). */
  readonly promise: boolean;
  /** Created by a factory function of another local module (`await connect()` from './db'): where it really is. */
  readonly origin?: Origin;
  /** Exported and not opened here (catalog `opensWith`): a resource only if a module that imports it opens it. */
  readonly unopened?: boolean;
  /** The module's export itself, with no binding of its own: `export default knex(config)`, `module.exports = new Pool()`. */
  readonly exportedAs?: 'default' | 'module.exports';
  /**
   * Held by what it is handed to at creation (`new RateLimiter({ db: new Redis() })`), or by the field of an instance
   * made at module scope (`this.client = new Redis()` in a class, `const cache = new Cache()`): that module variable.
   * Closed by a cleanup call on it (`limiter.close()`, `cache.client.quit()`), or a call of one of `wrapperClosers`.
   */
  readonly wrapper?: Variable;
  /** The holder's methods that close it (`close() { return this.client.quit() }` of the instance's class). */
  readonly wrapperClosers?: ReadonlySet<string>;
  /** How code outside the holder names it, when it can (`cache.client`; not a `#private` or `private` field). */
  readonly wrapperPath?: string;
}

export interface TrackedCalls {
  readonly closeFunctions: { call: TSESTree.CallExpression; factory: ResourceFactory }[];
  readonly moduleCloses: { call: TSESTree.CallExpression; factory: ResourceFactory }[];
  readonly consumers: TSESTree.CallExpression[];
  /** Closes of another local module's resource (`pool.end()` on an imported pool, `(await getPool()).end()`). */
  readonly importedCloses: { call: TSESTree.CallExpression; ref: ResourceRef }[];
  /** Calls of another local module's exported closer (`closeDb()`). */
  readonly closerCalls: { call: TSESTree.CallExpression; refs: readonly ResourceRef[] }[];
  /** Calls of another local module's function that closes its arguments at these indexes (`closeConnection(client)`). */
  readonly paramCloserCalls: Map<TSESTree.Node, readonly number[]>;
  /** Expressions that hold another local module's resource (`pool`, `db.pool`, `getPool()`), with what it is. */
  readonly importedValues: Map<TSESTree.Node, ExportedValue>;
}

/** Where a resource is created, and what made it. */
export interface Creation {
  node: TSESTree.Node;
  factory: ResourceFactory;
  spec: ResourceSpec;
  checkout: boolean;
  origin?: Origin;
  /** A child (`checkout` too): what opened it, from which parent. */
  child?: ChildOrigin;
}

/** How a child resource was opened. */
export interface ChildOrigin {
  readonly spec: ChildSpec;
  /** The parent's binding: what holds the child when the call makes the parent itself the resource (`ChildSpec.self`). */
  readonly parentVariable: Variable | null;
  /**
   * Where the parent resource lives: the function that holds it, or null at module scope. Undefined when the parent is
   * no resource (a holder, another module's resource), so that closing it closes nothing here.
   */
  readonly parentLives: FunctionNode | null | undefined;
}

/**
 * More creations, found another way than through the catalog's module references (by type: core/typed-resources.ts).
 * Called once, after every catalog creation and checkout has been tracked, with the nodes those cover, so that it
 * can skip them (a resource is never found twice) and ask the type checker about nothing else.
 */
export type ExtraCreations = (covered: readonly TSESTree.Node[]) => Creation[];

export function hasKeepAlive(node: TSESTree.Node): boolean {
  if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return false;
  const arg = node.arguments[0];
  if (arg?.type !== 'ObjectExpression') return false;
  return arg.properties.some(
    (p) => p.type === 'Property' && propertyName(p) === 'keepAlive' && p.value.type === 'Literal' && p.value.value === true,
  );
}

/**
 * Climbs `.connect()`/`$extends()`-style chains that return the resource itself, then pass-through parents.
 * `promise` when the value ends up as an un-awaited promise of the resource (`const clientPromise = client.connect()`).
 */
function resourceValue(node: TSESTree.Node, chainMethods: readonly ChainMethod[] | undefined): { value: TSESTree.Node; promise: boolean } {
  let value = valueExpression(node);
  for (;;) {
    const call = methodCallOn(value);
    const chain = call && chainMethods?.find((c) => c.method === call.name);
    if (!call || !chain) return { value, promise: false };
    value = valueExpression(call.call);
    // `const clientPromise = new MongoClient(uri).connect()`: the binding holds a promise of the resource
    if (chain.returnsPromise && call.call.parent?.type !== 'AwaitExpression') return { value, promise: true };
  }
}

type Binding =
  | { kind: 'declarator'; declarator: TSESTree.VariableDeclarator; id: TSESTree.Identifier }
  | { kind: 'assignment'; id: TSESTree.Identifier }
  /** A callback's parameter receives it: `connect().then((client) => …)`, `amqp.connect(url, (err, conn) => …)`. */
  | { kind: 'parameter'; id: TSESTree.Identifier }
  /** The module's export itself: `export default knex(config)`, `module.exports = new Pool()`. */
  | { kind: 'exported'; as: 'default' | 'module.exports' }
  | { kind: 'returned'; fn: FunctionNode }
  | { kind: 'statement' }
  | { kind: 'other' };

function bindingOf(value: TSESTree.Node, callbackParam?: number): Binding {
  const p = value.parent;
  if (!p) return { kind: 'other' };
  // `amqp.connect(url, (err, conn) => …)` (a callback API): the callback's parameter
  if (callbackParam !== undefined && (value.type === 'CallExpression' || value.type === 'NewExpression')) {
    const last = value.arguments.at(-1);
    const fn = last && unwrapExpression(last);
    const param = isFunction(fn) ? fn.params[callbackParam] : undefined;
    if (param?.type === 'Identifier') return { kind: 'parameter', id: param };
  }
  // `connect().then((client) => …)`: the first parameter of the fulfilment callback
  if (p.type === 'MemberExpression' && p.object === value && propertyName(p) === 'then' && p.parent?.type === 'CallExpression' && p.parent.callee === p) {
    const first = p.parent.arguments[0];
    const fn = first && unwrapExpression(first);
    const param = isFunction(fn) ? fn.params[0] : undefined;
    if (param?.type === 'Identifier') return { kind: 'parameter', id: param };
  }
  if (p.type === 'VariableDeclarator' && p.init === value && p.id.type === 'Identifier') {
    return { kind: 'declarator', declarator: p, id: p.id };
  }
  if (p.type === 'AssignmentExpression' && p.operator === '=' && p.right === value && memberPath(p.left)?.join('.') === 'module.exports' && p.parent?.type === 'ExpressionStatement') {
    return { kind: 'exported', as: 'module.exports' };
  }
  if (p.type === 'AssignmentExpression' && p.right === value) {
    const left = unwrapExpression(p.left);
    return left.type === 'Identifier' ? { kind: 'assignment', id: left } : { kind: 'other' };
  }
  if (p.type === 'ReturnStatement') {
    const fn = enclosingFunction(p);
    return fn ? { kind: 'returned', fn } : { kind: 'other' };
  }
  if (p.type === 'ArrowFunctionExpression' && p.body === value) return { kind: 'returned', fn: p };
  if (p.type === 'ExpressionStatement') return { kind: 'statement' };
  if (p.type === 'ExportDefaultDeclaration') return { kind: 'exported', as: 'default' };
  if (p.type === 'TSExportAssignment') return { kind: 'exported', as: 'module.exports' };
  return { kind: 'other' };
}

/** Is the variable exported (`export const`, `export { x }`, `export default x`, `exports.x = x`, `module.exports = { x }`)? */
function isExported(variable: Variable, scopes: Scopes): boolean {
  for (const def of variable.defs) {
    if (def.node.type === 'VariableDeclarator' && def.node.parent?.parent?.type === 'ExportNamedDeclaration') return true;
  }
  return exportedVariables(scopes).has(variable);
}

const exportedCache = new WeakMap<TSESTree.Program, ReadonlySet<Variable>>();

/**
 * The variables a file exports (handlers.ts `moduleExports`: the one list of a module's exports), found once per
 * file, not from the references of each resource's binding (a module pool has hundreds).
 */
function exportedVariables(scopes: Scopes): ReadonlySet<Variable> {
  const program = scopes.globalScope.block as TSESTree.Program;
  let exported = exportedCache.get(program);
  if (exported) return exported;
  const names: TSESTree.Identifier[] = [];
  for (const e of moduleExports(program)) if (e.value) exportedValues(e.value, names);
  const variables = new Set<Variable>();
  for (const id of names) {
    const variable = scopes.variableOf(id);
    if (variable) variables.add(variable);
  }
  exportedCache.set(program, variables);
  return variables;
}

/** The names an exported value holds: itself, or the values of an object literal (nested ones too). */
function exportedValues(node: Node, out: TSESTree.Identifier[]): void {
  const value = unwrapExpression(node);
  if (value.type === 'Identifier') out.push(value);
  else if (value.type === 'ObjectExpression') {
    for (const p of value.properties) if (p.type === 'Property') exportedValues(p.value, out);
  }
}

/**
 * Does this read of a per-invocation resource hand its ownership away: returned, thrown, yielded, assigned,
 * aliased, stored in a collection or a disposable stack?
 */
export function handsOff(ref: Node): boolean {
  let n = valueExpression(ref);
  for (;;) {
    const p = n.parent;
    if (p?.type === 'Property' && p.value === n && p.parent?.type === 'ObjectExpression') n = valueExpression(p.parent);
    else if (p?.type === 'ArrayExpression') n = valueExpression(p);
    else if (p?.type === 'SpreadElement' && p.parent?.type === 'ArrayExpression') n = valueExpression(p.parent);
    else break;
  }
  const p = n.parent;
  if (!p) return false;
  switch (p.type) {
    case 'ReturnStatement':
    case 'YieldExpression':
    case 'ThrowStatement':
      return true;
    case 'ArrowFunctionExpression':
      return p.body === n;
    case 'AssignmentExpression':
      return p.right === n;
    case 'VariableDeclarator':
      return p.init === n;
    case 'PropertyDefinition':
      return p.value === n;
    case 'CallExpression': {
      if (p.callee === n) return false;
      const callee = unwrapExpression(p.callee);
      if (callee.type === 'Identifier') return callee.name === 'resolve';
      if (callee.type === 'MemberExpression') {
        const name = propertyName(callee);
        return name !== null && OWNERSHIP_TAKING_METHODS.has(name);
      }
      return false;
    }
    default:
      return false;
  }
}

export interface ResourceTracking {
  readonly resources: Resource[];
  readonly calls: TrackedCalls;
  /** Functions of this file that create a new resource and return it: their calls create it (a module summary exports them). */
  readonly factories: ReadonlyMap<FunctionNode, Creation>;
}

/**
 * Finds the resources of a file. `isInvocation(fn)` says whether a function runs while a handler runs; it is
 * only asked about functions that hold a resource.
 */
export function trackResources(
  scopes: Scopes,
  settings: ResolvedSettings,
  isInvocation: (fn: FunctionNode) => boolean,
  extraCreations?: ExtraCreations,
  traceMap: TraceMap<TraceInfo> = traceMapFor(settings),
  dynamicImports: readonly TSESTree.ImportExpression[] = [],
): ResourceTracking {
  const calls: TrackedCalls = { closeFunctions: [], moduleCloses: [], consumers: [], importedCloses: [], closerCalls: [], paramCloserCalls: new Map(), importedValues: new Map() };
  const creations: Creation[] = [];
  const factories = new Map<FunctionNode, Creation>();
  // Every factory call the catalog saw, also those it rejected (an http.Agent without keepAlive): not resources by type either.
  const factoryCalls: TSESTree.Node[] = [];
  const specifiers = moduleSpecifierList(scopes.globalScope, dynamicImports).specifiers.map((s) => s.text);
  const refs = [...moduleReferences(scopes.globalScope, traceMapForFile(settings, specifiers, traceMap), dynamicImports)];
  for (const ref of refs) {
    if (ref.info.tag === 'paramCloser' && ref.node.type === 'CallExpression') calls.paramCloserCalls.set(ref.node, ref.info.params);
  }
  for (const ref of refs) {
    const info = ref.info;
    if (info.tag === 'imported') {
      // `pool` imported from './db', `db.pool`, `getPool()`: closes and checkouts of another module's resource
      if (ref.kind === 'construct' || (ref.kind === 'call') !== info.value.getter) continue;
      for (const value of withParameters(importedValues(ref.node, scopes), scopes)) {
        calls.importedValues.set(value, info.value);
        const m = methodCallOn(value);
        const outer = valueExpression(value).parent;
        if (outer?.type === 'CallExpression' && outer.callee !== valueExpression(value) && calls.paramCloserCalls.get(outer)?.includes(outer.arguments.indexOf(valueExpression(value) as TSESTree.CallExpressionArgument))) {
          calls.importedCloses.push({ call: outer, ref: info.value.ref });
        }
        if (!m) continue;
        if (info.value.spec.closeMethods.includes(m.name)) calls.importedCloses.push({ call: m.call, ref: info.value.ref });
        const checkout = checkoutOf(info.value, m);
        if (checkout) creations.push(checkout);
      }
      continue;
    }
    if (ref.node.type !== 'CallExpression' && ref.node.type !== 'NewExpression') continue;
    switch (info.tag) {
      case 'paramCloser':
        break;
      case 'closer':
        if (ref.node.type === 'CallExpression') calls.closerCalls.push({ call: ref.node, refs: info.refs });
        break;
      case 'factory':
        factoryCalls.push(ref.node);
        if (info.factory.requiresKeepAlive && !hasKeepAlive(ref.node)) break;
        creations.push({ node: ref.node, factory: info.factory, spec: info.spec ?? info.factory, checkout: info.checkout ?? false, ...(info.origin ? { origin: info.origin } : {}) });
        break;
      case 'closeFunction':
        if (ref.node.type === 'CallExpression') calls.closeFunctions.push({ call: ref.node, factory: info.factory });
        break;
      case 'moduleClose':
        if (ref.node.type === 'CallExpression') calls.moduleCloses.push({ call: ref.node, factory: info.factory });
        break;
      case 'consumer':
        if (ref.node.type === 'CallExpression') calls.consumers.push(ref.node);
        break;
    }
  }

  const resources: Resource[] = [];
  const seen = new Set<TSESTree.Node>();
  const queue = [...creations];
  const createdNodes = new Set<Node>(creations.map((c) => c.node));
  // functions whose every call a module variable keeps, asked once per function (a module of routes has many)
  const storedByCallers = new Map<FunctionNode, boolean>();
  let factoryDepth = 0;
  // Extra creations run in two stages once the catalog's are all tracked: first the resources, then the checkouts
  // among them (leases), so that a checkout of a resource found in the first stage (`db.connect()` of a re-exported
  // pg Pool) is tracked as that resource's checkout, which the first stage queues, not as a lease of its own.
  let extraStage = extraCreations ? 0 : 2;
  let leases: Creation[] = [];
  while (queue.length > 0 || extraStage < 2) {
    if (queue.length === 0) {
      if (extraStage === 0) {
        const extra = extraCreations!([...factoryCalls, ...seen]);
        queue.push(...extra.filter((c) => !c.checkout));
        leases = extra.filter((c) => c.checkout);
      } else {
        queue.push(...leases);
      }
      extraStage++;
      continue;
    }
    const creation = queue.shift()!;
    if (seen.has(creation.node)) continue;
    seen.add(creation.node);
    // `if (require.main === module) app.listen(3000)`: never runs when Lambda's runtime loads the module
    if (settings.platform === 'lambda' && runsOffLambdaOnly(creation.node)) continue;
    // what the value is and opens: its factory's, or its child spec's (a lease found by type has neither)
    const opens: ValueSpec | undefined = creation.child ? creation.child.spec : creation.checkout ? undefined : creation.factory;
    const chained = resourceValue(creation.node, opens?.chainMethods);
    const { value } = chained;
    // `const clientPromise = MongoClient.connect(uri)`: a factory that returns a promise, not awaited
    const promise = chained.promise || (opens?.returnsPromise === true && !isAwaited(creation.node, value));
    const binding = bindingOf(value, creation.checkout ? undefined : opens?.callbackParam);
    let variable: Variable | null = null;
    let declarator: TSESTree.VariableDeclarator | null = null;
    // `server.listen(port)`, fastify `await app.listen()`: the parent itself became the resource, held by its binding
    const self = creation.child?.spec.self;
    if (self && creation.child!.parentVariable && (self === 'receiver' || binding.kind === 'statement' || binding.kind === 'other')) {
      variable = creation.child!.parentVariable;
    } else if (binding.kind === 'declarator') {
      variable = scopes.variableOf(binding.id);
      declarator = binding.declarator;
    } else if (binding.kind === 'assignment' || binding.kind === 'parameter') {
      variable = scopes.variableOf(binding.id);
    } else if (binding.kind === 'returned' && factoryDepth < 40 && !(creation.factory.singleton && !creation.checkout)) {
      // A same-file factory (`function makePool() { return new Pool() }`): its calls create the resource. Not a getter
      // that returns a value it keeps elsewhere on another path: its callers do not each get a new one.
      if (returnsOtherValues(binding.fn, value, null, createdNodes)) continue;
      if (!factories.has(binding.fn)) factories.set(binding.fn, creation);
      factoryDepth++;
      for (const call of callsOf(scopes, binding.fn)) queue.push(createdBy(creation, call));
      continue;
    }

    const createdIn = enclosingFunction(creation.node);
    // in a function nothing calls (not exported, no reference to its name): dead code opens nothing
    if (createdIn && enclosingFunctions(creation.node).some((fn) => isDeadFunction(fn, scopes))) continue;
    const isHolder = opens?.holder === true;
    // A module-wide singleton (`mongoose.connect()`): module lifetime wherever it is opened. A local binding of it
    // (`const db = await mongoose.connect()` in a function) is not what a shutdown listener can close: the module is.
    const singletonCall = !creation.checkout && creation.factory.singleton === true;
    if (singletonCall && variable && !livesWithModule(variable, scopes)) {
      variable = null;
      declarator = null;
    }
    const moduleSingleton = singletonCall || (creation.spec.moduleClose !== undefined && binding.kind !== 'declarator' && binding.kind !== 'assignment');
    let scope: ResourceScope;
    let owner: FunctionNode | null = null;
    let lazy = false;
    if (moduleSingleton) {
      scope = 'module';
      lazy = createdIn !== null;
    } else if (variable) {
      if (livesWithModule(variable, scopes)) {
        scope = 'module';
        lazy = createdIn !== null && !isModuleInitializer(createdIn, scopes);
      } else {
        owner = variableFunction(variable);
        const handedBack = variable.references.some((ref) => {
          const v = valueExpression(ref.identifier as Node);
          return v.parent?.type === 'ReturnStatement' || (v.parent?.type === 'ArrowFunctionExpression' && v.parent.body === v);
        });
        if (owner && !handedBack && !isInvocation(owner) && isModuleInitializer(owner, scopes)) {
          // opened by an init function the module runs once at load, and kept by nothing: it lives as long as the module
          scope = 'module';
          owner = null;
        } else scope = owner && isInvocation(owner) ? 'invocation' : 'function';
      }
    } else {
      scope = createdIn === null ? 'module' : isInvocation(createdIn) ? 'invocation' : 'function';
    }
    const exportedAs = binding.kind === 'exported' && createdIn === null ? binding.as : undefined;
    // `const limiter = new RateLimiter({ db: new Redis() })`, `const db = drizzle(new Pool())` at module scope: the value
    // the wrapper holds it in names it, and closing the wrapper is its close
    const wrapped = !variable && !moduleSingleton && !exportedAs && createdIn === null ? wrapperOf(value, scopes) : null;
    // `this.client = new Redis()` in a class whose one instance the module makes at module scope: it lives as long as
    // the module, held by that instance
    const field = !variable && !moduleSingleton && !exportedAs && !wrapped && binding.kind === 'other' ? instanceFieldOf(value, scopes) : null;
    if (field) {
      scope = 'module';
      lazy = field.lazy;
      owner = null;
    }

    // A bound resource returned from its own function makes that function a factory, unless the function also
    // caches it in a module variable (`cachedClient = client; return client`): then its callers share one resource.
    if (variable && owner) {
      const returned = variable.references.some((r) => {
        const v = valueExpression(r.identifier as Node);
        return (v.parent?.type === 'ReturnStatement' || (v.parent?.type === 'ArrowFunctionExpression' && v.parent.body === v)) && enclosingFunction(v) === owner;
      });
      const cached = variable.references.some((r) => {
        const v = valueExpression(r.identifier as Node);
        const p = v.parent;
        if (p?.type !== 'AssignmentExpression' || p.right !== v || p.left.type !== 'Identifier') return false;
        const target = scopes.variableOf(p.left);
        return target !== null && livesWithModule(target, scopes);
      });
      // `return new Promise((resolve) => amqp.connect(url, (err, conn) => resolve(conn)))`: the function that returns the
      // promise hands the resource out, as a promise of it
      const promised = returned || cached ? null : promisedBy(variable, scopes);
      if (returned && !cached && factoryDepth < 40 && !returnsOtherValues(owner, value, variable, createdNodes)) {
        if (!factories.has(owner)) factories.set(owner, creation);
        factoryDepth++;
        for (const call of callsOf(scopes, owner)) queue.push(createdBy(creation, call));
      } else if (promised && factoryDepth < 40) {
        if (!factories.has(promised)) factories.set(promised, creation);
        factoryDepth++;
        for (const call of callsOf(scopes, promised)) queue.push(createdBy(creation, call));
      } else if (!returned && !cached && !closedBy(variable, creation.spec) && keptByModuleCache(scopes, owner, creation.node, storedByCallers)) {
        // Made once per environment and kept alive by what a module variable caches (the NestJS serverless template:
        // `server = server ?? (await bootstrap())`, or `if (!cachedServer) { … cachedServer = serverless(app) }`): a
        // module resource, lazily set, though no module binding names it (no fix can close it by that name).
        scope = 'module';
        lazy = true;
        owner = null;
      }
    }

    // A child that closing its parent closes, opened where the parent lives (a page of a browser that the same
    // invocation opens, a channel of a module-scope connection opened at module scope): the parent's close is its close.
    const parentLives = creation.child?.parentLives;
    if (creation.child?.spec.closedWithParent && parentLives !== undefined && (parentLives === null ? scope === 'module' : contains(parentLives, creation.node))) {
      continue;
    }

    // `const client = await connect(); cachedClient = client;`: the module variable holds it too.
    if (variable && owner && !isHolder) {
      for (const ref of variable.references) {
        const v = valueExpression(ref.identifier as Node);
        const p = v.parent;
        if (p?.type !== 'AssignmentExpression' || p.right !== v || p.left.type !== 'Identifier') continue;
        const target = scopes.variableOf(p.left);
        if (!target || !livesWithModule(target, scopes)) continue;
        resources.push({
          spec: creation.spec,
          factory: creation.factory,
          checkout: creation.checkout,
          node: creation.node,
          value,
          variable: target,
          name: target.name,
          declarator: null,
          scope: 'module',
          lazy: true,
          owner: null,
          exported: isExported(target, scopes),
          using: false,
          promise,
        });
      }
    }

    // TypeORM's `new DataSource(options)` opens nothing until `initialize()`: here, or (exported) by an importer
    let unopened = false;
    const opensWith = creation.checkout ? undefined : creation.factory.opensWith;
    if (opensWith) {
      const opening = (n: Node) => {
        const m = methodCallOn(n);
        return m !== null && opensWith.includes(m.name);
      };
      const opened = opening(creation.node) || (variable?.references.some((ref) => ref.isRead() && opening(ref.identifier as Node)) ?? false);
      if (!opened) {
        if (!(variable && scope === 'module' && isExported(variable, scopes))) continue;
        unopened = true;
      }
    }

    if (!isHolder) {
      // the fields written out, not spread from a shared object: a spread into this literal costs V8 a slow clone per
      // resource (half a millisecond per lint of a module with a hundred resources)
      resources.push({
        spec: creation.spec,
        factory: creation.factory,
        checkout: creation.checkout,
        node: creation.node,
        value,
        variable,
        name: variable?.name ?? (moduleSingleton ? (moduleName(creation.node) ?? creation.factory.library) : exportedAs === 'default' ? 'export default' : exportedAs ?? wrapped?.name ?? field?.name ?? null),
        declarator,
        scope,
        lazy,
        owner,
        exported: (variable !== null && scope === 'module' && isExported(variable, scopes)) || exportedAs !== undefined,
        using: declarator !== null && declarator.parent?.type === 'VariableDeclaration' && (declarator.parent.kind === 'using' || declarator.parent.kind === 'await using'),
        // a singleton named by its module (`mongoose`) is closed through the module, which is no promise
        promise: promise && (variable !== null || !moduleSingleton),
        ...(creation.origin ? { origin: creation.origin } : {}),
        ...(exportedAs ? { exportedAs } : {}),
        ...(wrapped ? { wrapper: wrapped.variable } : {}),
        ...(field ? { wrapper: field.variable, wrapperClosers: field.closers, ...(field.accessible ? { wrapperPath: field.name } : {}) } : {}),
        ...(unopened ? { unopened } : {}),
      });
    }

    // Children: `const client = await pool.connect()`, `const page = await browser.newPage()`, `kafka.producer()`,
    // through the binding's references and on the value itself (`express().listen(3000)`).
    const children = opens?.children;
    if (children && children.length > 0) {
      const lives = isHolder ? undefined : scope === 'module' ? null : (owner ?? createdIn);
      const starts: Node[] = [value];
      if (variable && !self) for (const ref of variable.references) if (ref.isRead()) starts.push(ref.identifier as Node);
      // `getPool().connect()`: the calls of a same-file getter that returns the module's resource
      if (variable && !self && scope === 'module') for (const getter of gettersOf(variable, scopes)) starts.push(...callsOf(scopes, getter).map((c) => valueExpression(c)));
      for (const start of starts) {
        const first = methodCallOn(start);
        if (!first) continue;
        for (const child of children) {
          if (child.path[0] !== first.name) continue;
          const call = childCall(first.call, child);
          if (!call) continue;
          queue.push({ node: call, factory: creation.factory, checkout: true, spec: childResourceSpec(child, creation.spec.library), child: { spec: child, parentVariable: variable, parentLives: lives } });
        }
      }
    }
  }
  resources.sort((a, b) => a.node.range[0] - b.node.range[0]);
  // an instance that is itself a resource (its class found by type: `const database = new Database()`) is judged as one:
  // the fields it holds are not judged again
  const holders = new Set(resources.map((r) => r.variable).filter((v): v is Variable => v !== null));
  const judged = resources.filter((r) => !(r.wrapperClosers && r.wrapper && holders.has(r.wrapper)));
  return { resources: judged, calls, factories };
}

/**
 * The expressions that hold an imported value, from what the module tracker yields for it: an import specifier or a
 * destructured `require` property (their binding's reads), or an expression (`db.pool`, `getPool()`, `require('./db')`)
 * with the reads of the name it is bound to (`const pool = getPool()`). Each through `await` and TS wrappers.
 */
function importedValues(node: TSESTree.Node, scopes: Scopes): TSESTree.Node[] {
  const reads = (id: TSESTree.Node | null | undefined): TSESTree.Node[] => {
    const target = id?.type === 'AssignmentPattern' ? id.left : id;
    if (target?.type !== 'Identifier') return [];
    const variable = scopes.variableOf(target);
    return variable ? variable.references.filter((r) => r.isRead()).map((r) => valueExpression(r.identifier as Node)) : [];
  };
  if (node.type === 'ImportSpecifier' || node.type === 'ImportDefaultSpecifier' || node.type === 'ImportNamespaceSpecifier') return reads(node.local);
  if (node.type === 'Property') return reads(node.value);
  if (node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportSpecifier') return [];
  const value = valueExpression(node);
  const p = value.parent;
  const bound = p?.type === 'VariableDeclarator' && p.init === value ? reads(p.id) : p?.type === 'AssignmentExpression' && p.right === value ? reads(p.left) : [];
  return [value, ...bound];
}

/**
 * The values and, a few calls deep, the parameters of same-file functions they are handed to (`exports.run(browser)`
 * with `exports.run = async (browser) => { const page = await browser.newPage() }`): the reads of those parameters.
 */
function withParameters(values: TSESTree.Node[], scopes: Scopes, depth = 0): TSESTree.Node[] {
  if (depth > 2) return values;
  const out = [...values];
  for (const value of values) {
    const v = valueExpression(value);
    const call = v.parent;
    if (call?.type !== 'CallExpression' || call.callee === v) continue;
    const index = call.arguments.indexOf(v as TSESTree.CallExpressionArgument);
    if (index < 0) continue;
    for (const fn of scopes.resolveFunctions(call.callee)) {
      const param = fn.params[index];
      const id = param?.type === 'AssignmentPattern' ? param.left : param;
      if (id?.type !== 'Identifier') continue;
      const reads = (scopes.variableOf(id)?.references ?? []).filter((r) => r.isRead()).map((r) => valueExpression(r.identifier as Node));
      out.push(...withParameters(reads, scopes, depth + 1));
    }
  }
  return out;
}

/**
 * `pool.connect()`, `browser.newPage()` on another module's resource: the child it opens, if `m` is one. The parent
 * lives in that module, so closing it here closes nothing (`parentLives` undefined).
 */
function checkoutOf(value: ExportedValue, m: { name: string; call: TSESTree.CallExpression }): Creation | null {
  for (const child of value.spec.children ?? []) {
    if (child.path[0] !== m.name) continue;
    const call = childCall(m.call, child);
    if (!call) continue;
    return { node: call, factory: value.factory, checkout: true, spec: childResourceSpec(child, value.spec.library), child: { spec: child, parentVariable: null, parentLives: undefined } };
  }
  return null;
}

/**
 * The creation made by a call of a same-file factory function: what `creation` made, created at `call`. A child that
 * its parent's binding held (`ChildSpec.self`) is held by whatever binds the call now.
 */
function createdBy(creation: Creation, call: TSESTree.CallExpression): Creation {
  const child = creation.child && creation.child.parentVariable !== null ? { ...creation.child, parentVariable: null } : creation.child;
  return { ...creation, node: call, child };
}

/**
 * The call that opens `child`, from the call of its first method: the rest of its path called on each result in turn
 * (`s3.getObject(params).createReadStream()`). Null when the chain is another, or when the child takes no callback and
 * is given one (`pool.connect((err, client, done) => …)`).
 */
function childCall(first: TSESTree.CallExpression, child: ChildSpec): TSESTree.CallExpression | null {
  let call = first;
  for (let i = 1; i < child.path.length; i++) {
    const next = methodCallOn(call);
    if (!next || next.name !== child.path[i]) return null;
    call = next.call;
  }
  if (child.noCallback && call.arguments.some((a) => isFunction(unwrapExpression(a)))) return null;
  return call;
}

/** What a child is, for messages and cleanup: its own label, kind and close, in its parent's library unless it names one. */
function childResourceSpec(child: ChildSpec, parentLibrary: string): ResourceSpec {
  return {
    library: child.library ?? parentLibrary,
    label: child.label,
    kind: child.kind,
    close: child.close,
    closeMethods: child.closeMethods,
    ...(child.autoClose ? { autoClose: true } : {}),
    ...(child.asyncDispose ? { asyncDispose: true } : {}),
    ...(child.perInvocationOnly ? { perInvocationOnly: true } : {}),
    ...(child.children ? { children: child.children } : {}),
  };
}

/** Does code call a close method of the spec on the variable (`client.release()`): it is given back, not kept? */
function closedBy(variable: Variable, spec: ResourceSpec): boolean {
  return variable.references.some((ref) => {
    const m = ref.isRead() ? methodCallOn(ref.identifier as Node) : null;
    return m !== null && spec.closeMethods.includes(m.name);
  });
}

/**
 * The module variable that holds a value given to a constructor or factory at its creation, directly or as an option
 * (`const db = drizzle(new Pool())`, `const limiter = new RateLimiter({ db: new Redis() })`), with the name a message
 * gives the value (`db(…)`, `limiter.db`).
 */
function wrapperOf(value: Node, scopes: Scopes): { variable: Variable; name: string } | null {
  let n = value;
  let key: string | null = null;
  const p = n.parent;
  if (p?.type === 'Property' && p.value === n && p.parent?.type === 'ObjectExpression') {
    key = propertyName(p);
    n = p.parent;
  }
  const call = n.parent;
  if ((call?.type !== 'NewExpression' && call?.type !== 'CallExpression') || !call.arguments.includes(n as TSESTree.CallExpressionArgument)) return null;
  const outer = valueExpression(call);
  const d = outer.parent;
  if (d?.type !== 'VariableDeclarator' || d.init !== outer || d.id.type !== 'Identifier') return null;
  const variable = scopes.variableOf(d.id);
  // an exported wrapper may be closed through in any module that imports it (`db.$client.end()` in a handler's
  // listener): not followed, so not judged
  if (!variable || !scopes.isModuleLevel(variable) || isExported(variable, scopes)) return null;
  return { variable, name: key ? `${d.id.name}.${key}` : `${d.id.name}(…)` };
}

/**
 * A class instance field a value is stored in (`this.client = new Redis()` in a method, `client = new Redis()` as a
 * field), when the module makes one instance of that class at module scope and keeps it in a variable it does not
 * export (`const cache = new Cache()`): that variable, the name a message gives the value (`cache.client`), whether it
 * is made lazily (in a method other than the constructor), whether code outside the class can name it, and the class's
 * methods that close it. An exported instance or class may be closed by any importer: not judged.
 */
function instanceFieldOf(
  value: Node,
  scopes: Scopes,
): { variable: Variable; name: string; lazy: boolean; accessible: boolean; closers: ReadonlySet<string> } | null {
  const p = value.parent;
  let key: TSESTree.Node | null = null;
  let body: Node | null | undefined = null;
  let lazy = false;
  if (p?.type === 'PropertyDefinition' && p.value === value && !p.static && !p.computed) {
    key = p.key;
    body = p.parent;
  } else if (p?.type === 'AssignmentExpression' && p.operator === '=' && p.right === value && p.left.type === 'MemberExpression' && p.left.object.type === 'ThisExpression' && !p.left.computed) {
    const fn = enclosingFunction(p);
    const method = fn?.type === 'FunctionExpression' ? fn.parent : null;
    if (method?.type !== 'MethodDefinition' || method.static || method.value !== fn) return null;
    key = p.left.property;
    body = method.parent;
    lazy = method.kind !== 'constructor';
  }
  const cls = body?.type === 'ClassBody' ? body.parent : null;
  if (!key || (key.type !== 'Identifier' && key.type !== 'PrivateIdentifier') || cls?.type !== 'ClassDeclaration' || !cls.id) return null;
  const prop = key.type === 'PrivateIdentifier' ? `#${key.name}` : key.name;
  // the class's name in the scope that declares the class (its own scope has an inner binding of the name, which `new`
  // outside the class does not reference)
  let classVariable: Variable | null = null;
  for (let scope: Variable['scope'] | null = scopes.scopeOf(cls.parent ?? cls); scope && !classVariable; scope = scope.upper) classVariable = scope.set.get(cls.id.name) ?? null;
  if (!classVariable || (cls.parent?.type === 'ExportNamedDeclaration' || cls.parent?.type === 'ExportDefaultDeclaration' || isExported(classVariable, scopes))) return null;
  let instance: Variable | null = null;
  for (const ref of classVariable.references) {
    const n = ref.identifier.parent;
    if (n?.type !== 'NewExpression' || n.callee !== ref.identifier) continue;
    const outer = valueExpression(n);
    const d = outer.parent;
    const v = d?.type === 'VariableDeclarator' && d.init === outer && d.id.type === 'Identifier' ? scopes.variableOf(d.id) : null;
    // one instance, made at module scope and kept there; any other `new` (per invocation, unbound) leaves it unjudged
    if (!v || instance || enclosingFunction(n) !== null || !scopes.isModuleLevel(v)) return null;
    instance = v;
  }
  if (!instance || isExported(instance, scopes)) return null;
  // `private client` (a TypeScript modifier on the field or the constructor parameter) cannot be named from outside
  const declared = cls.body.body.find((m) => m.type === 'PropertyDefinition' && !m.static && m.key.type === key!.type && (m.key as TSESTree.Identifier).name === (key as TSESTree.Identifier).name);
  const accessible = key.type === 'Identifier' && !(declared?.type === 'PropertyDefinition' && (declared.accessibility === 'private' || declared.accessibility === 'protected'));
  const closers = new Set<string>();
  for (const m of cls.body.body) {
    if (m.type !== 'MethodDefinition' || m.static || m.kind !== 'method') continue;
    const name = propertyName(m);
    if (!name || !m.value.body) continue;
    walk(m.value.body, visitorKeys, (n) => {
      if (n.type === 'MemberExpression' && n.object.type === 'ThisExpression' && !n.computed && (n.property.type === 'PrivateIdentifier' ? `#${n.property.name}` : propertyName(n)) === prop) {
        const call = methodCallOn(n);
        if (call && CLEANUP_METHOD_NAMES.has(call.name)) closers.add(name);
      }
    });
  }
  return { variable: instance, name: `${instance.name}.${prop}`, lazy, accessible, closers };
}

/**
 * The same-file functions that return a module variable's value (`function getPool() { if (!pool) pool = new Pool();
 * return pool }`, `const getPool = () => (pool ??= new Pool())`): getters whose calls give the resource.
 */
export function gettersOf(variable: Variable, scopes: Scopes): FunctionNode[] {
  const out = new Set<FunctionNode>();
  for (const ref of variable.references) {
    if (!ref.isRead() && !(ref.identifier.parent?.type === 'AssignmentExpression' && ref.identifier.parent.operator !== '=')) continue;
    // `pool ??= new Pool()`, `cached || (cached = …)`, `(init(), pool)`: the expression the function returns holds it
    let n: Node = ref.identifier as Node;
    for (;;) {
      n = valueExpression(n);
      const p = n.parent;
      if (p?.type === 'AssignmentExpression' || (p?.type === 'SequenceExpression' && p.expressions.at(-1) === n)) n = p;
      else break;
    }
    const p = n.parent;
    const fn = p?.type === 'ReturnStatement' ? enclosingFunction(p) : p?.type === 'ArrowFunctionExpression' && p.body === n ? p : null;
    if (fn && scopes.functionVariable(fn)) out.add(fn);
  }
  return [...out];
}

/**
 * The function that returns a promise the resource resolves: `resolve(conn)` in the executor of a `new Promise(…)` that
 * the function returns (`return new Promise((resolve, reject) => amqp.connect(url, (err, conn) => resolve(conn)))`).
 */
function promisedBy(variable: Variable, scopes: Scopes): FunctionNode | null {
  for (const ref of variable.references) {
    const id = ref.identifier as Node;
    const call = valueExpression(id).parent;
    if (call?.type !== 'CallExpression' || call.arguments[0] !== valueExpression(id)) continue;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== 'Identifier') continue;
    const def = scopes.variableOf(callee)?.defs[0];
    const executor = def?.type === 'Parameter' && isFunction(def.node) && def.node.params[0] === def.name ? def.node : null;
    const promise = executor?.parent;
    if (promise?.type !== 'NewExpression' || promise.arguments[0] !== executor || unwrapExpression(promise.callee).type !== 'Identifier') continue;
    if ((unwrapExpression(promise.callee) as TSESTree.Identifier).name !== 'Promise') continue;
    const outer = valueExpression(promise);
    const p = outer.parent;
    if (p?.type === 'ReturnStatement') return enclosingFunction(p);
    if (p?.type === 'ArrowFunctionExpression' && p.body === outer) return p;
  }
  return null;
}

/**
 * A named function nothing can call: its binding (`function f`, `const f = …`) is read nowhere and not exported. Where
 * a function has no name of its own (a callback, a method) nothing is said.
 */
function isDeadFunction(fn: FunctionNode, scopes: Scopes): boolean {
  const variable = scopes.functionVariable(fn);
  if (!variable) return false;
  const def = variable.defs[0]?.node;
  const declaration = def?.type === 'VariableDeclarator' ? def.parent?.parent : def?.parent;
  if (declaration?.type === 'ExportNamedDeclaration' || declaration?.type === 'ExportDefaultDeclaration') return false;
  return !variable.references.some((r) => r.isRead());
}

/** Is `node` awaited on its way up to `value`, the outermost expression that passes its value on? */
function isAwaited(node: TSESTree.Node, value: TSESTree.Node): boolean {
  for (let n: TSESTree.Node = node; n !== value && n.parent; n = n.parent) {
    if (n.parent.type === 'AwaitExpression') return true;
  }
  return false;
}

/** An IIFE run at module load (`(async () => { pool = await connect() })()`) initialises the module, not lazily. */
function isModuleInitializer(fn: FunctionNode, scopes?: Scopes): boolean {
  const p = fn.parent;
  if (p?.type === 'CallExpression' && p.callee === fn) return enclosingFunction(p) === null;
  // `async function bootstrap() { … }` with `bootstrap();` (or `await bootstrap()`, `bootstrap().catch(…)`) at the top
  // level and nowhere else: it runs once, at module load
  // An exported function (a handler run as a script under `if (import.meta.url === …)`) is not one: others call it.
  const variable = scopes?.functionVariable(fn);
  if (!scopes || !variable || fn.parent?.type === 'ExportNamedDeclaration' || isExported(variable, scopes)) return false;
  const calls = callsOf(scopes, fn);
  return calls.length > 0 && calls.every((call) => enclosingFunction(call) === null && !underCondition(call));
}

/** Under an `if` or a conditional expression at the top level: a main guard (`if (require.main === module) main()`), not load. */
function underCondition(node: Node): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'IfStatement' || n.type === 'ConditionalExpression' || n.type === 'LogicalExpression') return true;
  }
  return false;
}

function variableFunction(variable: Variable): FunctionNode | null {
  for (let n: Node | undefined = variable.scope.block as Node; n; n = n.parent) if (isFunction(n)) return n;
  return null;
}

function moduleName(node: TSESTree.Node): string | null {
  if (node.type !== 'CallExpression') return null;
  const path = memberPath(node.callee);
  return path && path.length > 1 ? path[0]! : null;
}

/**
 * Does the code that creates `node` in `fn` run once per execution environment, its result kept by a module variable?
 * - every call of `fn` is stored in a module variable (`server ??= await bootstrap()`, `cached = cached ?? await
 *   init()`, `if (!app) app = await createApp()`);
 * - or the creation sits under a guard on a module variable that the guarded code sets: `if (!cached) { …; cached = … }`,
 *   or after `if (cached) return cached;` in a function that sets it.
 */
function keptByModuleCache(scopes: Scopes, fn: FunctionNode, node: TSESTree.Node, storedByCallers: Map<FunctionNode, boolean>): boolean {
  let stored = storedByCallers.get(fn);
  if (stored === undefined) {
    const calls = callsOf(scopes, fn);
    stored =
      calls.length > 0 &&
      calls.every((call) => {
        const v = valueExpression(call);
        const p = v.parent;
        return p?.type === 'AssignmentExpression' && p.right === v && p.left.type === 'Identifier' && moduleVariable(scopes, p.left) !== null;
      });
    storedByCallers.set(fn, stored);
  }
  if (stored) return true;
  // `if (!cached) { … cached = … }` around the creation
  let child: Node = node;
  for (let p = node.parent as Node | undefined; p && child !== fn; child = p, p = p.parent as Node | undefined) {
    if (p.type === 'IfStatement' && p.consequent === child) {
      const cache = unsetTest(scopes, p.test);
      if (cache && writtenWithin(cache, p.consequent)) return true;
    }
  }
  // `if (cached) return cached;` before the statement that creates it, in a function that sets `cached`
  if (fn.body.type !== 'BlockStatement') return false;
  for (const statement of fn.body.body) {
    if (statement.range[0] >= node.range[0]) break;
    if (statement.type !== 'IfStatement' || statement.alternate) continue;
    const exits = statement.consequent.type === 'ReturnStatement' || (statement.consequent.type === 'BlockStatement' && statement.consequent.body.at(-1)?.type === 'ReturnStatement');
    const test = unwrapExpression(statement.test);
    const cache = exits && test.type === 'Identifier' ? moduleVariable(scopes, test) : null;
    if (cache && writtenWithin(cache, fn)) return true;
  }
  return false;
}

/**
 * Is `node` under a condition that holds only when the code does not run on Lambda: the module run directly
 * (`require.main === module`, `import.meta.main`), a Lambda runtime variable unset (`!process.env.AWS_LAMBDA_FUNCTION_NAME`),
 * or a local emulator's set (`process.env.IS_OFFLINE`)? A local dev server (`app.listen(3000)`) is not a resource of the
 * function. In a container the module is run directly: the caller asks only for `platform: 'lambda'`.
 */
function runsOffLambdaOnly(node: TSESTree.Node): boolean {
  let child: Node = node;
  for (let p = node.parent as Node | undefined; p; child = p, p = p.parent as Node | undefined) {
    if (p.type === 'IfStatement' || p.type === 'ConditionalExpression') {
      const where = runsWhere(p.test);
      if ((where === 'off' && p.consequent === child) || (where === 'on' && p.alternate === child)) return true;
    } else if (p.type === 'LogicalExpression' && p.right === child) {
      const where = runsWhere(p.left);
      if ((p.operator === '&&' && where === 'off') || (p.operator === '||' && where === 'on')) return true;
    }
  }
  return false;
}

/** Whether a condition holds only off Lambda (`off`), only on Lambda (`on`), or cannot tell (null). */
function runsWhere(test: Node): 'on' | 'off' | null {
  const t = unwrapExpression(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const inner = runsWhere(t.argument);
    return inner === 'on' ? 'off' : inner === 'off' ? 'on' : null;
  }
  if (t.type === 'BinaryExpression' && ['==', '===', '!=', '!=='].includes(t.operator)) {
    const sides = [unwrapExpression(t.left), unwrapExpression(t.right)];
    const main = sides.some((n) => n.type === 'MemberExpression' && memberPath(n)?.join('.') === 'require.main') && sides.some((n) => n.type === 'Identifier' && n.name === 'module');
    if (main) return t.operator.startsWith('=') ? 'off' : 'on';
    return null;
  }
  if (t.type === 'MemberExpression') {
    // import.meta.main
    if (t.object.type === 'MetaProperty' && propertyName(t) === 'main') return 'off';
    const path = memberPath(t);
    if (path?.length === 3 && path[0] === 'process' && path[1] === 'env') {
      if (RUNTIME_ENV_VARIABLES.lambda.has(path[2]!)) return 'on';
      if (RUNTIME_ENV_VARIABLES.local.has(path[2]!)) return 'off';
    }
  }
  return null;
}

/**
 * Does `fn` return, on some path, a value other than the resource it creates (`value`, held by `variable`)? Then it is
 * a getter that hands out something it keeps (`if (manager.has(name)) return manager.get(name)`: TypeORM's connection
 * manager), not a factory whose every call creates a new one. Returns of nothing, of a literal, or of another catalog
 * creation (`return type === 'pool' ? … : new Client()`) do not count.
 */
function returnsOtherValues(fn: FunctionNode, value: Node, variable: Variable | null, created: ReadonlySet<Node>): boolean {
  if (fn.body.type !== 'BlockStatement') return false;
  const others: Node[] = [];
  const visit = (n: Node): void => {
    if (n.type === 'ReturnStatement') {
      if (n.argument && !contains(n.argument, value)) others.push(n.argument);
      return;
    }
    if (isFunction(n)) return;
    for (const key of RETURN_CONTAINERS[n.type] ?? []) {
      const child = (n as unknown as Record<string, Node | Node[] | null | undefined>)[key];
      if (Array.isArray(child)) for (const c of child) visit(c);
      else if (child) visit(child);
    }
  };
  for (const statement of fn.body.body) visit(statement);
  return others.some((arg) => {
    let v = unwrapExpression(arg.type === 'AwaitExpression' ? arg.argument : arg);
    // `return Promise.resolve(cachedClient)`: the value itself, as a promise
    if (v.type === 'CallExpression' && memberPath(v.callee)?.join('.') === 'Promise.resolve' && v.arguments.length === 1 && v.arguments[0]!.type !== 'SpreadElement') {
      v = unwrapExpression(v.arguments[0] as Node);
    }
    if (v.type === 'Literal' || (v.type === 'Identifier' && v.name === 'undefined')) return false;
    if (variable && v.type === 'Identifier' && variable.references.some((r) => r.identifier === v)) return false;
    for (const node of created) if (contains(v, node)) return false;
    return true;
  });
}

/** The statements and clauses a return can sit in, without entering expressions or nested functions. */
const RETURN_CONTAINERS: Partial<Record<string, readonly string[]>> = {
  BlockStatement: ['body'],
  IfStatement: ['consequent', 'alternate'],
  TryStatement: ['block', 'handler', 'finalizer'],
  CatchClause: ['body'],
  SwitchStatement: ['cases'],
  SwitchCase: ['consequent'],
  ForStatement: ['body'],
  ForInStatement: ['body'],
  ForOfStatement: ['body'],
  WhileStatement: ['body'],
  DoWhileStatement: ['body'],
  LabeledStatement: ['body'],
};

/** The module variable an identifier reads, or null. */
function moduleVariable(scopes: Scopes, id: TSESTree.Identifier): Variable | null {
  const variable = scopes.variableOf(id);
  return variable !== null && livesWithModule(variable, scopes) ? variable : null;
}

/**
 * Does the variable live as long as the module: declared at its top level, or in a function run once at module load
 * (`exports.getBrowser = (() => { let browser; return async () => … })()`: the closure's `browser` is module state)?
 */
function livesWithModule(variable: Variable, scopes: Scopes): boolean {
  if (scopes.isModuleLevel(variable)) return true;
  for (let n: Node | undefined = variable.scope.block as Node; n && n.type !== 'Program'; n = n.parent as Node | undefined) {
    if (isFunction(n) && !isModuleInitializer(n)) return false;
  }
  return true;
}

/** The module variable a test asks to be unset: `!cached`, `cached == null`, `cached === undefined`, `null === cached`. */
function unsetTest(scopes: Scopes, test: TSESTree.Expression): Variable | null {
  const t = unwrapExpression(test);
  if (t.type === 'UnaryExpression' && t.operator === '!') {
    const arg = unwrapExpression(t.argument);
    return arg.type === 'Identifier' ? moduleVariable(scopes, arg) : null;
  }
  if (t.type === 'BinaryExpression' && (t.operator === '==' || t.operator === '===')) {
    const [a, b] = [unwrapExpression(t.left), unwrapExpression(t.right)];
    const empty = (n: Node) => (n.type === 'Literal' && n.value === null) || (n.type === 'Identifier' && n.name === 'undefined');
    if (a.type === 'Identifier' && empty(b)) return moduleVariable(scopes, a);
    if (b.type === 'Identifier' && empty(a)) return moduleVariable(scopes, b);
  }
  return null;
}

/** Is `variable` assigned somewhere inside `within`? */
function writtenWithin(variable: Variable, within: Node): boolean {
  return variable.references.some((r) => r.isWrite() && contains(within, r.identifier as Node));
}

/** The calls of a same-file function through its name. */
export function callsOf(scopes: Scopes, fn: FunctionNode): TSESTree.CallExpression[] {
  const variable = scopes.functionVariable(fn);
  if (!variable) return [];
  const out: TSESTree.CallExpression[] = [];
  for (const ref of variable.references) {
    const id = ref.identifier as Node;
    const p = id.parent;
    if (p?.type === 'CallExpression' && p.callee === id) out.push(p);
  }
  return out;
}
