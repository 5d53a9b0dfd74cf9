/**
 * Resource tracking: where the catalog's resources are created, which binding holds each one, whether it lives
 * for the whole module (module scope, or a lazily-initialised module cache) or for one invocation, and whether
 * its ownership leaves (exported, returned, stored elsewhere).
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingFunction, isFunction, memberPath, methodCallOn, propertyName, unwrapExpression, valueExpression } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import { OWNERSHIP_TAKING_METHODS, STREAM_CONSUMERS } from './catalog.js';
import type { ChainMethod, ResourceFactory, ResourceSpec } from './catalog.js';
import { moduleExports } from './handlers.js';
import { addToTraceMap, moduleReferences } from './modules.js';
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

/** One trace map per settings object: every factory, close function and stream consumer the catalog knows. */
export function traceMapFor(settings: ResolvedSettings): TraceMap<TraceInfo> {
  let map = traceMaps.get(settings);
  if (map) return map;
  map = {};
  for (const factory of settings.factories) {
    for (const mod of factory.modules) {
      if (factory.create !== 'call') addToTraceMap(map, mod, factory.path, 'construct', { tag: 'factory', factory });
      if (factory.create !== 'new') addToTraceMap(map, mod, factory.path, 'call', { tag: 'factory', factory });
      for (const path of factory.closeFunctions ?? []) addToTraceMap(map, mod, path, 'call', { tag: 'closeFunction', factory });
      for (const path of factory.moduleClose ?? []) addToTraceMap(map, mod, path, 'call', { tag: 'moduleClose', factory });
    }
  }
  for (const consumer of STREAM_CONSUMERS) {
    for (const mod of consumer.modules) addToTraceMap(map, mod, consumer.path, 'call', { tag: 'consumer' });
  }
  traceMaps.set(settings, map);
  return map;
}

const specifierPatterns = new WeakMap<ResolvedSettings, RegExp>();

/**
 * Whether `text` can hold a resource at all: every resource starts at an import or require of a module that the
 * catalog (or the user's `resources` setting) lists, and so a file that names none of those modules in a string
 * has none. A cheap test on the text, for callers that would otherwise parse a file only to find nothing in it
 * (the codemods, over a whole repository). Without type information only: the type-aware analysis also finds
 * resources by their type, wherever they come from. A specifier that is not one literal (`require(name)`,
 * `require('p' + 'g')`) may fold to a module name the analysis follows, so any such call also answers true.
 */
export function mayHaveResources(text: string, settings: ResolvedSettings): boolean {
  return resourcePattern(settings).test(text) || COMPUTED_SPECIFIER.test(text);
}

const moduleSets = new WeakMap<ResolvedSettings, ReadonlySet<string>>();

/**
 * `mayHaveResources()` from a file's module specifiers (what the module graph scans a file for): one of them is a
 * module the catalog or the settings list, or a specifier is computed.
 */
export function specifiersMayHaveResources(specifiers: readonly { text: string }[], computed: boolean, settings: ResolvedSettings): boolean {
  if (computed) return true;
  let modules = moduleSets.get(settings);
  if (!modules) moduleSets.set(settings, (modules = new Set(settings.factories.flatMap((f) => f.modules))));
  return specifiers.some((s) => modules.has(s.text));
}

function resourcePattern(settings: ResolvedSettings): RegExp {
  let pattern = specifierPatterns.get(settings);
  if (!pattern) {
    const modules = [...new Set(settings.factories.flatMap((f) => f.modules))].sort((a, b) => b.length - a.length);
    const escaped = modules.map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
    pattern = new RegExp(`['"\`](?:${escaped.join('|')})['"\`]`);
    specifierPatterns.set(settings, pattern);
  }
  return pattern;
}

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
  | { kind: 'returned'; fn: FunctionNode }
  | { kind: 'statement' }
  | { kind: 'other' };

function bindingOf(value: TSESTree.Node): Binding {
  const p = value.parent;
  if (!p) return { kind: 'other' };
  if (p.type === 'VariableDeclarator' && p.init === value && p.id.type === 'Identifier') {
    return { kind: 'declarator', declarator: p, id: p.id };
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
): ResourceTracking {
  const calls: TrackedCalls = { closeFunctions: [], moduleCloses: [], consumers: [], importedCloses: [], closerCalls: [], paramCloserCalls: new Map(), importedValues: new Map() };
  const creations: Creation[] = [];
  const factories = new Map<FunctionNode, Creation>();
  // Every factory call the catalog saw, also those it rejected (an http.Agent without keepAlive): not resources by type either.
  const factoryCalls: TSESTree.Node[] = [];
  const refs = [...moduleReferences(scopes.globalScope, traceMap)];
  for (const ref of refs) {
    if (ref.info.tag === 'paramCloser' && ref.node.type === 'CallExpression') calls.paramCloserCalls.set(ref.node, ref.info.params);
  }
  for (const ref of refs) {
    const info = ref.info;
    if (info.tag === 'imported') {
      // `pool` imported from './db', `db.pool`, `getPool()`: closes and checkouts of another module's resource
      if (ref.kind === 'construct' || (ref.kind === 'call') !== info.value.getter) continue;
      for (const value of importedValues(ref.node, scopes)) {
        calls.importedValues.set(value, info.value);
        const m = methodCallOn(value);
        const outer = valueExpression(value).parent;
        if (outer?.type === 'CallExpression' && outer.callee !== valueExpression(value) && calls.paramCloserCalls.get(outer)?.includes(outer.arguments.indexOf(valueExpression(value) as TSESTree.CallExpressionArgument))) {
          calls.importedCloses.push({ call: outer, ref: info.value.ref });
        }
        if (!m) continue;
        if (info.value.spec.closeMethods.includes(m.name)) calls.importedCloses.push({ call: m.call, ref: info.value.ref });
        const checkout = checkoutOf(info.value.factory, m);
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
    const chained = resourceValue(creation.node, creation.checkout ? undefined : creation.factory.chainMethods);
    const { value } = chained;
    // `const clientPromise = MongoClient.connect(uri)`: a factory that returns a promise, not awaited
    const promise = chained.promise || (creation.factory.returnsPromise === true && !creation.checkout && !isAwaited(creation.node, value));
    const binding = bindingOf(value);
    let variable: Variable | null = null;
    let declarator: TSESTree.VariableDeclarator | null = null;
    if (binding.kind === 'declarator') {
      variable = scopes.variableOf(binding.id);
      declarator = binding.declarator;
    } else if (binding.kind === 'assignment') {
      variable = scopes.variableOf(binding.id);
    } else if (binding.kind === 'returned' && factoryDepth < 40) {
      // A same-file factory (`function makePool() { return new Pool() }`): its calls create the resource.
      if (!factories.has(binding.fn)) factories.set(binding.fn, creation);
      factoryDepth++;
      for (const call of callsOf(scopes, binding.fn)) {
        queue.push({ ...creation, node: call });
      }
      continue;
    }

    const createdIn = enclosingFunction(creation.node);
    const moduleSingleton = creation.spec.moduleClose !== undefined && binding.kind !== 'declarator' && binding.kind !== 'assignment';
    let scope: ResourceScope;
    let owner: FunctionNode | null = null;
    let lazy = false;
    if (moduleSingleton) {
      scope = 'module';
      lazy = createdIn !== null;
    } else if (variable) {
      if (scopes.isModuleLevel(variable)) {
        scope = 'module';
        lazy = createdIn !== null && !isModuleInitializer(createdIn);
      } else {
        owner = variableFunction(variable);
        scope = owner && isInvocation(owner) ? 'invocation' : 'function';
      }
    } else {
      scope = createdIn === null ? 'module' : isInvocation(createdIn) ? 'invocation' : 'function';
    }

    // A bound resource returned from its own function makes that function a factory, unless the function also
    // caches it in a module variable (`cachedClient = client; return client`): then its callers share one resource.
    if (variable && owner && factoryDepth < 40) {
      const returned = variable.references.some((r) => {
        const v = valueExpression(r.identifier as Node);
        return (v.parent?.type === 'ReturnStatement' || (v.parent?.type === 'ArrowFunctionExpression' && v.parent.body === v)) && enclosingFunction(v) === owner;
      });
      const cached = variable.references.some((r) => {
        const v = valueExpression(r.identifier as Node);
        const p = v.parent;
        if (p?.type !== 'AssignmentExpression' || p.right !== v || p.left.type !== 'Identifier') return false;
        const target = scopes.variableOf(p.left);
        return target !== null && scopes.isModuleLevel(target);
      });
      if (returned && !cached) {
        if (!factories.has(owner)) factories.set(owner, creation);
        factoryDepth++;
        for (const call of callsOf(scopes, owner)) queue.push({ ...creation, node: call });
      }
    }

    // `const client = await connect(); cachedClient = client;`: the module variable holds it too.
    if (variable && owner) {
      for (const ref of variable.references) {
        const v = valueExpression(ref.identifier as Node);
        const p = v.parent;
        if (p?.type !== 'AssignmentExpression' || p.right !== v || p.left.type !== 'Identifier') continue;
        const target = scopes.variableOf(p.left);
        if (!target || !scopes.isModuleLevel(target)) continue;
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

    const resource: Resource = {
      spec: creation.spec,
      factory: creation.factory,
      checkout: creation.checkout,
      node: creation.node,
      value,
      variable,
      name: variable?.name ?? (moduleSingleton ? moduleName(creation.node) : null),
      declarator,
      scope,
      lazy,
      owner,
      exported: variable !== null && scope === 'module' && isExported(variable, scopes),
      using: declarator !== null && declarator.parent?.type === 'VariableDeclaration' && (declarator.parent.kind === 'using' || declarator.parent.kind === 'await using'),
      promise,
      ...(creation.origin ? { origin: creation.origin } : {}),
    };
    resources.push(resource);

    // Checkouts from a pool: `const client = await pool.connect()`.
    if (variable && !creation.checkout) {
      for (const checkout of creation.factory.checkouts ?? []) {
        for (const ref of variable.references) {
          const m = methodCallOn(ref.identifier as Node);
          if (!m || m.name !== checkout.method) continue;
          if (checkout.noCallback && m.call.arguments.some((a) => isFunction(unwrapExpression(a)))) continue;
          queue.push({
            node: m.call,
            factory: creation.factory,
            checkout: true,
            spec: {
              library: creation.factory.library,
              label: checkout.label,
              kind: 'connection',
              close: checkout.close,
              closeMethods: checkout.closeMethods,
            },
          });
        }
      }
    }
  }
  resources.sort((a, b) => a.node.range[0] - b.node.range[0]);
  return { resources, calls, factories };
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

/** `pool.connect()` on a pool (or any resource with checkouts): the checkout it creates, if `m` is one. */
function checkoutOf(factory: ResourceFactory, m: { name: string; call: TSESTree.CallExpression }): Creation | null {
  for (const checkout of factory.checkouts ?? []) {
    if (m.name !== checkout.method) continue;
    if (checkout.noCallback && m.call.arguments.some((a) => isFunction(unwrapExpression(a)))) continue;
    return {
      node: m.call,
      factory,
      checkout: true,
      spec: { library: factory.library, label: checkout.label, kind: 'connection', close: checkout.close, closeMethods: checkout.closeMethods },
    };
  }
  return null;
}

/** Is `node` awaited on its way up to `value`, the outermost expression that passes its value on? */
function isAwaited(node: TSESTree.Node, value: TSESTree.Node): boolean {
  for (let n: TSESTree.Node = node; n !== value && n.parent; n = n.parent) {
    if (n.parent.type === 'AwaitExpression') return true;
  }
  return false;
}

/** An IIFE run at module load (`(async () => { pool = await connect() })()`) initialises the module, not lazily. */
function isModuleInitializer(fn: FunctionNode): boolean {
  const p = fn.parent;
  return p?.type === 'CallExpression' && p.callee === fn && enclosingFunction(p) === null;
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

/** The calls of a same-file function through its name. */
function callsOf(scopes: Scopes, fn: FunctionNode): TSESTree.CallExpression[] {
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
