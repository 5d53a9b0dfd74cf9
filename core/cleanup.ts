/**
 * Cleanup detection: is a resource closed where it has to be?
 *
 * - Module-scope resources: closed by a SIGTERM listener (directly, through same-file functions the listener
 *   calls, through a wrapper that owns it such as `drizzle(pool)` / `new Kysely({ dialect })`, or by handing it
 *   to a helper inside the listener).
 * - Per-invocation resources: closed on every path: in a `finally`, in both the `try` and every `catch`, by
 *   `using` / `await using`, or by `stream.pipeline` / `finished`.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { contains, isFunction, methodCallOn, methodReferenceOn, propertyName, unwrapExpression, valueExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import { CLEANUP_METHOD_NAMES } from './catalog.js';
import type { ListenerReach } from './listeners.js';
import { callsOf, gettersOf, handsOff } from './resources.js';
import type { Resource, TrackedCalls } from './resources.js';
import type { Scopes } from './scope.js';


export type UseKind = 'close' | 'methodRef' | 'consumed' | 'argument' | 'handOff' | 'other';
export interface Use {
  readonly kind: UseKind;
  /** The node of the use: the close call, the call the value is handed to, or the reference. */
  readonly node: Node;
  readonly ref: TSESTree.Identifier;
}

/** `source.pipe(ref)`. */
function isPipeInto(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return call.type === 'CallExpression' && callee.type === 'MemberExpression' && propertyName(callee) === 'pipe';
}

/** Is `ref` passed to a same-file function that calls a close method on the matching parameter? */
function closesParameter(call: TSESTree.CallExpression | TSESTree.NewExpression, ref: Node, resource: Resource, scopes: Scopes): boolean {
  const index = call.arguments.findIndex((a) => unwrapExpression(a) === ref || valueExpression(ref) === a);
  if (index < 0) return false;
  for (const fn of scopes.resolveFunctions(call.callee)) {
    const param = fn.params[index];
    const id = param?.type === 'AssignmentPattern' ? param.left : param;
    if (id?.type !== 'Identifier') continue;
    const variable = scopes.variableOf(id);
    if (variable?.references.some((r) => {
      const m = methodCallOn(r.identifier as Node);
      return m !== null && resource.spec.closeMethods.includes(m.name);
    })) {
      return true;
    }
  }
  return false;
}

/** Is `ref` passed to another local module's function that closes its argument there (`closeConnection(client)`)? */
function closesImportedParameter(call: TSESTree.CallExpression | TSESTree.NewExpression, ref: Node, calls: TrackedCalls): boolean {
  const params = calls.paramCloserCalls.get(call);
  if (!params) return false;
  const index = call.arguments.findIndex((a) => unwrapExpression(a) === ref || valueExpression(ref) === a);
  return index >= 0 && params.includes(index);
}

/** Is the call's result returned, directly or at the end of a chain of methods on it (`return a.b(x).c()`)? */
function returnedCall(call: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  let n: Node = valueExpression(call);
  for (;;) {
    const p = n.parent;
    if (p?.type === 'MemberExpression' && p.object === n && p.parent?.type === 'CallExpression' && p.parent.callee === p) n = valueExpression(p.parent);
    else break;
  }
  const p = n.parent;
  return p?.type === 'ReturnStatement' || (p?.type === 'ArrowFunctionExpression' && p.body === n);
}

/** Climbs from a reference through the object and array literals it is put in (`{ pool }`, `[pool, redis]`). */
function climbLiterals(ref: Node): Node {
  let n = valueExpression(ref);
  for (;;) {
    const p = n.parent;
    if (p?.type === 'Property' && p.value === n && p.parent?.type === 'ObjectExpression') n = valueExpression(p.parent);
    else if (p?.type === 'ArrayExpression') n = valueExpression(p);
    else if (p?.type === 'SpreadElement' && p.parent?.type === 'ArrayExpression') n = valueExpression(p.parent);
    else return n;
  }
}

/** The call or `new` that receives the reference as an argument, directly or inside object/array literals. */
function argumentOf(ref: Node): TSESTree.CallExpression | TSESTree.NewExpression | null {
  const n = climbLiterals(ref);
  const p = n.parent;
  if ((p?.type === 'CallExpression' || p?.type === 'NewExpression') && p.callee !== n && p.arguments.includes(n as TSESTree.CallExpressionArgument)) {
    return p;
  }
  return null;
}

/**
 * Is the value of `expr` kept in a module variable, directly (`cachedDb = client.db('app')`) or through a local
 * (`const db = client.db('app'); cachedDb = db`)? A handle made from a resource keeps the resource in use after the
 * invocation (the MongoDB `cachedDb` pattern), so the resource is not per-invocation any more.
 */
function cachedInModule(expr: Node, scopes: Scopes): boolean {
  const storedInModule = (node: Node): boolean => {
    const v = valueExpression(node);
    const p = v.parent;
    if (p?.type !== 'AssignmentExpression' || p.right !== v || p.left.type !== 'Identifier') return false;
    const target = scopes.variableOf(p.left);
    return target !== null && scopes.isModuleLevel(target);
  };
  if (storedInModule(expr)) return true;
  const v = valueExpression(expr);
  const p = v.parent;
  if (p?.type !== 'VariableDeclarator' || p.init !== v || p.id.type !== 'Identifier') return false;
  const local = scopes.variableOf(p.id);
  return local !== null && local.references.some((r) => r.isRead() && storedInModule(r.identifier as Node));
}

/**
 * Classifies every read of a resource's binding. `handOffsByMethod: false` leaves out one distinction, between
 * `other` and `handOff` for a method call whose result is kept in a module variable: module cleanup counts neither,
 * and a module pool's hundreds of `pool.query()` calls would each have their result followed.
 */
export function usesOf(resource: Resource, calls: TrackedCalls, scopes: Scopes, handOffsByMethod = true): Use[] {
  const uses: Use[] = [];
  if (!resource.variable) return uses;
  const closeFunctionCalls = new Set(calls.closeFunctions.filter((c) => c.factory === resource.factory).map((c) => c.call));
  const consumers = new Set<Node>(calls.consumers);
  for (const reference of resource.variable.references) {
    if (!reference.isRead()) continue;
    const ref = reference.identifier as TSESTree.Identifier;
    // `pool ??= new Pool()` reads pool before creating it (a callback's parameter is read inside the call that makes it)
    if (contains(resource.value, ref) && resource.variable.defs[0]?.type !== 'Parameter') continue;
    // a promise of the resource is closed through `(await clientPromise).close()` or `clientPromise.then(…)`
    const awaited = resource.promise && ref.parent?.type === 'AwaitExpression' ? ref.parent : ref;
    const m = methodCallOn(awaited);
    if (resource.promise && m?.name === 'then') {
      uses.push({ kind: 'argument', node: m.call, ref });
      continue;
    }
    if (m && resource.spec.closeMethods.includes(m.name)) {
      uses.push({ kind: 'close', node: m.call, ref });
      continue;
    }
    if (m && m.name === 'pipe' && resource.spec.autoClose) {
      uses.push({ kind: 'consumed', node: m.call, ref });
      continue;
    }
    const methodName = methodReferenceOn(ref);
    if (!m && methodName !== null && resource.spec.closeMethods.includes(methodName)) {
      uses.push({ kind: 'methodRef', node: ref.parent!, ref });
      continue;
    }
    if (m) {
      // `cachedDb = client.db('app')`: what the method made from the resource is kept for later invocations
      uses.push({ kind: handOffsByMethod && cachedInModule(m.call, scopes) ? 'handOff' : 'other', node: ref, ref });
      continue;
    }
    const call = argumentOf(ref);
    if (call) {
      const first = call.arguments[0] && valueExpression(unwrapExpression(call.arguments[0]));
      if (call.type === 'CallExpression' && closeFunctionCalls.has(call) && first && contains(first, ref)) {
        uses.push({ kind: 'close', node: call, ref });
      } else if (consumers.has(call) || resource.spec.autoClose || isPipeInto(call)) {
        // stream.pipeline/finished take the stream over; a read stream closes itself once consumed;
        // source.pipe(writeStream) ends the write stream when the source ends
        uses.push({ kind: 'consumed', node: call, ref });
      } else if (closesParameter(call, ref, resource, scopes) || closesImportedParameter(call, ref, calls)) {
        // a helper that closes what it is given: `await closeQuietly(client)`, here or imported from a local module
        uses.push({ kind: 'close', node: call, ref });
      } else if (handsOff(ref) || (call.arguments.includes(valueExpression(ref) as TSESTree.CallExpressionArgument) && returnedCall(call))) {
        // `return wrap(app)`, `return sls.enableCors(app).build()`: what the call makes of it leaves with the return (not
        // an option it is given: `return fetch(url, { agent })` only uses the agent)
        uses.push({ kind: 'handOff', node: ref, ref });
      } else {
        uses.push({ kind: 'argument', node: call, ref });
      }
      continue;
    }
    const p = valueExpression(ref).parent;
    if ((p?.type === 'ForOfStatement' && p.right === valueExpression(ref)) && resource.spec.autoClose) {
      uses.push({ kind: 'consumed', node: p, ref });
      continue;
    }
    if (handsOff(ref)) {
      uses.push({ kind: 'handOff', node: ref, ref });
      continue;
    }
    const collection = climbLiterals(ref);
    // put in a list or object (`for (const c of [primary, replica]) await c.end()`): handed to whatever uses it
    uses.push(collection !== valueExpression(ref) ? { kind: 'argument', node: collection, ref } : { kind: 'other', node: ref, ref });
  }
  // A module resource handed out by a same-file getter is closed through what the getter returns too
  // (`const db = await getDb(); … .finally(() => db.close())`).
  if (resource.scope === 'module') {
    for (const getter of gettersOf(resource.variable, scopes)) {
      for (const call of callsOf(scopes, getter)) {
        const value = valueExpression(call);
        const reads: Node[] = [value];
        const p = value.parent;
        if (p?.type === 'VariableDeclarator' && p.init === value && p.id.type === 'Identifier') {
          for (const r of scopes.variableOf(p.id)?.references ?? []) if (r.isRead()) reads.push(r.identifier as Node);
        }
        for (const read of reads) {
          const m = methodCallOn(read);
          if (m && resource.spec.closeMethods.includes(m.name)) uses.push({ kind: 'close', node: m.call, ref: (read.type === 'Identifier' ? read : call.callee) as TSESTree.Identifier });
        }
      }
    }
  }
  return uses;
}

export type ModuleCleanupStatus =
  /** A SIGTERM listener closes it. */
  | 'closed'
  /** It is closed somewhere other than a shutdown listener (per invocation, an exported shutdown function). */
  | 'elsewhere'
  /** The analysis cannot tell (a SIGTERM listener this file cannot see into). */
  | 'unknown'
  /** Nothing closes it on SIGTERM. */
  | 'missing';

export interface ModuleListeners {
  readonly sigterm: readonly ListenerReach[];
  /** Listeners that never run on Lambda shutdown (`SIGINT`, `beforeExit`, `exit`): closes there do not count. */
  readonly ineffective: readonly ListenerReach[];
}

/**
 * The calls that close a resource through what holds it (Resource.wrapper): a cleanup call on the holder
 * (`limiter.close()`), on the member that holds it (`db.$client.end()`, `cache.client.quit()`), or a call of one of the
 * holder's methods that close it (`cache.shutdownAll()`).
 */
export function wrapperCloses(resource: Resource): TSESTree.CallExpression[] {
  const out: TSESTree.CallExpression[] = [];
  if (!resource.wrapper) return out;
  const closer = (name: string) => CLEANUP_METHOD_NAMES.has(name) || (resource.wrapperClosers?.has(name) ?? false);
  for (const r of resource.wrapper.references) {
    if (!r.isRead()) continue;
    const m = methodCallOn(r.identifier as Node);
    const deep = !m && r.identifier.parent?.type === 'MemberExpression' ? methodCallOn(r.identifier.parent as Node) : null;
    const close = (m && closer(m.name) ? m.call : null) ?? (deep && CLEANUP_METHOD_NAMES.has(deep.name) ? deep.call : null);
    if (close) out.push(close);
  }
  return out;
}

/**
 * Does a SIGTERM listener close this module-scope resource? `closeOnly(node)` tells closes that do not count as
 * closing it elsewhere by themselves: those in an exported function that nothing here calls per invocation
 * (`export const closeDb = () => pool.end()`), which close it only if some module calls them (the module graph says).
 */
export function moduleCleanup(resource: Resource, calls: TrackedCalls, listeners: ModuleListeners, scopes: Scopes, closeOnly: (node: Node) => boolean = () => false): ModuleCleanupStatus {
  if (listeners.sigterm.some((l) => !l.listener.resolved)) return 'unknown';
  const inSigterm = (node: Node) => listeners.sigterm.some((l) => l.covers(node));
  const inIneffective = (node: Node) => listeners.ineffective.some((l) => l.covers(node)) || closeOnly(node);

  if (resource.spec.moduleClose) {
    const closes = calls.moduleCloses.filter((c) => c.factory.library === resource.spec.library);
    if (closes.some((c) => inSigterm(c.call))) return 'closed';
    if (closes.some((c) => !inIneffective(c.call))) return 'elsewhere';
  }
  let elsewhere = false;
  for (const close of wrapperCloses(resource)) {
    if (inSigterm(close)) return 'closed';
    if (!inIneffective(close)) elsewhere = true;
  }
  for (const use of usesOf(resource, calls, scopes, false)) {
    if (use.kind === 'close' || use.kind === 'methodRef' || use.kind === 'consumed') {
      if (inSigterm(use.node)) return 'closed';
      if (!inIneffective(use.node)) elsewhere = true;
    } else if (use.kind === 'argument') {
      if (inSigterm(use.node)) return 'closed'; // handed to a helper that closes it
      // `registerShutdown(pool)` at module level: a call made for its effect may take over the shutdown
      const statement = valueExpression(use.node).parent;
      if (statement?.type === 'ExpressionStatement' && statement.parent?.type === 'Program') return 'unknown';
      const wrapper = wrapperVariable(use.node, scopes);
      if (wrapper) {
        for (const r of wrapper.references) {
          const m = methodCallOn(r.identifier as Node);
          const closes = m && CLEANUP_METHOD_NAMES.has(m.name);
          // `db.$client.end()`: a close on a property of the wrapper
          const deep = !m && r.identifier.parent?.type === 'MemberExpression' && methodCallOn(r.identifier.parent as Node);
          if ((closes && inSigterm(m.call)) || (deep && CLEANUP_METHOD_NAMES.has(deep.name) && inSigterm(deep.call))) return 'closed';
          if (closes && !inIneffective(m.call)) elsewhere = true;
        }
      }
    }
  }
  return elsewhere ? 'elsewhere' : 'missing';
}

/** `const db = drizzle(pool)`: the variable that holds what the resource was handed to. */
function wrapperVariable(call: Node, scopes: Scopes) {
  let n = valueExpression(call);
  // new Kysely({ dialect: new PostgresDialect({ pool }) }): climb to the outermost constructor
  for (;;) {
    const p = n.parent;
    if (p?.type === 'Property' && p.value === n && p.parent?.type === 'ObjectExpression') {
      const outer = p.parent.parent;
      if ((outer?.type === 'NewExpression' || outer?.type === 'CallExpression') && outer.arguments.includes(p.parent)) {
        n = valueExpression(outer);
        continue;
      }
    }
    break;
  }
  const p = n.parent;
  if (p?.type === 'VariableDeclarator' && p.init === n && p.id.type === 'Identifier') return scopes.variableOf(p.id);
  if (p?.type === 'AssignmentExpression' && p.right === n && p.left.type === 'Identifier') return scopes.variableOf(p.left);
  return null;
}

export type InvocationCleanupStatus =
  | 'closed'
  /** Closed in a callback, handed off, or otherwise beyond what the analysis can follow. */
  | 'unknown'
  /** Never closed. */
  | 'missing'
  /** Closed only on the success path: an exception before the close leaks it. */
  | 'successOnly'
  /** Closed only in a `catch`: the success path leaks it. */
  | 'errorOnly';

export interface InvocationCleanup {
  readonly status: InvocationCleanupStatus;
  /**
   * Consumed (`source.pipe(file)`, `pipeline(…)`) only after an `await` that may throw first: then nothing ends it. No
   * close can be moved into a `finally` for it (a close there would cut the consumer off): the fix is the user's.
   */
  readonly consumedLate?: boolean;
  /** The closes that run on some paths only, success or error (to move into a `finally`). */
  readonly straightCloses: readonly Use[];
}

/** Is the close at `node` guaranteed to run once the resource exists? */
function closePath(node: Node, resource: Resource, owner: FunctionNode | null): 'finally' | 'try' | 'catch' | 'deferred' | 'straight' | 'fulfilled' | 'rejected' {
  let child: Node = node;
  let path: 'straight' | 'fulfilled' | 'rejected' = 'straight';
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (isFunction(p)) {
      if (p === owner) return path;
      // a callback of a promise chain in the owner: `.then(cb)` runs on success, `.catch(cb)` / `.then(_, cb)` on
      // failure, `.finally(cb)` on both (`pool.connect().then((c) => c.query(q).then(() => c.release()))`)
      const chain = promiseCallback(p);
      if (chain === 'finally') return 'finally';
      if (chain === null) return 'deferred';
      path = chain === 'catch' ? 'rejected' : path === 'straight' ? 'fulfilled' : path;
      continue;
    }
    if (p.type === 'TryStatement') {
      const covers = contains(p.block, resource.node) || p.range[0] >= resource.node.range[1];
      if (covers && p.finalizer === child) return 'finally';
      if (covers && p.block === child && p.handler) return 'try';
      if (covers && p.handler === child) return 'catch';
    }
    if (p.type === 'Program') return owner === null ? 'straight' : 'deferred';
  }
  return 'straight';
}

/** Is `fn` a callback of a promise method: `.then(fn)` ('then'), `.catch(fn)` / `.then(_, fn)` ('catch'), `.finally(fn)`? */
function promiseCallback(fn: FunctionNode): 'then' | 'catch' | 'finally' | null {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.callee.type !== 'MemberExpression') return null;
  const name = propertyName(call.callee);
  const index = call.arguments.indexOf(fn as TSESTree.CallExpressionArgument);
  if (name === 'then') return index === 0 ? 'then' : index === 1 ? 'catch' : null;
  if (name === 'catch' && index === 0) return 'catch';
  if (name === 'finally' && index === 0) return 'finally';
  return null;
}

/**
 * Is this per-invocation resource closed on every path? `inListener` tells closes inside process listeners
 * (`process.once('SIGTERM', () => socket.destroy())`), which never run during the invocation and do not count.
 */
export function invocationCleanup(resource: Resource, calls: TrackedCalls, scopes: Scopes, inListener: (node: Node) => boolean = () => false): InvocationCleanup {
  if (resource.using) return { status: 'closed', straightCloses: [] };
  if (!resource.variable) return { status: 'unknown', straightCloses: [] };
  const owner = resource.owner;
  const straight: Use[] = [];
  const inTry = new Set<Node>();
  const inCatch = new Set<Node>();
  const errorPath: Use[] = [];
  let closed = false;
  let unknown = false;
  let consumedLate = false;
  // closes in a promise chain's callbacks: `.then(() => c.release())` and `.catch(() => c.release())`
  let fulfilled = false;
  let rejected = false;
  for (const use of usesOf(resource, calls, scopes)) {
    switch (use.kind) {
      case 'close': {
        if (inListener(use.node)) break;
        const path = closePath(use.node, resource, owner);
        if (path === 'finally') closed = true;
        else if (path === 'deferred') unknown = true;
        else if (path === 'try') {
          inTry.add(tryOf(use.node, 'block')!);
          straight.push(use);
        } else if (path === 'catch') {
          inCatch.add(tryOf(use.node, 'handler')!);
          errorPath.push(use);
        } else if (path === 'fulfilled') {
          fulfilled = true;
          straight.push(use);
        } else if (path === 'rejected') {
          rejected = true;
          errorPath.push(use);
        } else straight.push(use);
        break;
      }
      case 'consumed':
        // `source.pipe(file)` after an `await` that can throw: on that throw nothing consumes (or ends) it
        if (!inListener(use.node) && closePath(use.node, resource, owner) === 'straight' && awaitsBetween(resource.node, use.node, owner)) consumedLate = true;
        else unknown = true;
        break;
      case 'methodRef':
      case 'handOff':
        unknown = true;
        break;
      default:
        break;
    }
  }
  if (closed || (fulfilled && rejected)) return { status: 'closed', straightCloses: straight };
  for (const t of inTry) if (inCatch.has(t)) return { status: 'closed', straightCloses: [] };
  if (unknown) return { status: 'unknown', straightCloses: straight };
  if (consumedLate) return { status: 'successOnly', straightCloses: [], consumedLate: true };
  const moved = [...straight, ...errorPath].sort((a, b) => a.node.range[0] - b.node.range[0]);
  if (straight.length > 0) return { status: 'successOnly', straightCloses: moved };
  return { status: errorPath.length > 0 ? 'errorOnly' : 'missing', straightCloses: moved };
}

/** Is there an `await` (or `yield`) of `fn` itself between the end of `from` and the start of `to`? */
function awaitsBetween(from: Node, to: Node, fn: FunctionNode | null): boolean {
  if (!fn) return false;
  const lo = from.range[1];
  const hi = to.range[0];
  let found = false;
  walk(fn.body, visitorKeys, (n) => {
    if (found || n.range[1] <= lo || n.range[0] >= hi) return false;
    if ((n.type === 'AwaitExpression' || n.type === 'YieldExpression') && n.range[0] >= lo && n.range[1] <= hi) found = true;
    return !isFunction(n);
  });
  return found;
}

function tryOf(node: Node, part: 'block' | 'handler'): TSESTree.TryStatement | null {
  let child: Node = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    if (p.type === 'TryStatement' && p[part] === child) return p;
  }
  return null;
}
