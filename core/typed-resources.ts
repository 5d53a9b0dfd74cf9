/**
 * Type-aware resource recognition: resources found by what the type checker says a created value is, for the
 * creations the catalog's module references cannot see (a class of the project's own that wraps a socket, a
 * driver the catalog does not list, `export { Pool as Db } from 'pg'` re-exported through a local module).
 *
 * It feeds the one resource tracking (core/resources.ts `trackResources`, through `FileAnalysis`): a creation found
 * here becomes a `Resource` like any other, so every rule and codemod that reads the analysis sees it, with the same
 * scope, ownership and cleanup logic. It runs only when the file has type information (typescript-eslint parser
 * services with a program) and `settings['lambda-shutdown'].typedResources` is on; otherwise nothing here runs and
 * the analysis is what it was.
 *
 * What counts (precision first: a false positive in an editor is worse than a miss):
 * - A creation: `new X(…)`; a call of a library function or static method (`connect(…)`, `Client.create(…)`),
 *   awaited or not; a library instance method only when what it returns is a lease (closed with `release()`,
 *   `await pool.acquire()`). Calls of the project's own functions are not creations by type: one in this file is
 *   followed through the creation it returns (`function make() { return new X() }`), one in another file may
 *   hand out a shared value that another module closes. Only creations whose value is bound to a name (or
 *   returned from a named function) are looked at, and only those the catalog did not already find.
 * - Whose type has a close method (`release`, `end`, `close`, `quit`, `$disconnect`, `disconnect`, `destroy`, or
 *   `[Symbol.asyncDispose]`) and is known to hold a connection, handle or socket:
 *   - it is, or extends, a Node.js handle type (catalog.ts HANDLE_TYPES: net.Socket, dgram.Socket, http.Agent,
 *     fs.WriteStream, FileHandle, …);
 *   - it is, or extends, a type declared by a catalog module (pg, mysql2, ioredis, …) that has one of the close
 *     methods the catalog knows for that module;
 *   - it has a field of such a type: for the project's own classes, any evidence two fields deep (a class holding
 *     a pg Pool, or a class holding a class holding a socket); for a library's declared types, a Node.js handle
 *     in a declared field (a driver's `socket: net.Socket`), because library types also point back at their
 *     parents (a cursor's `client`, a pipeline's `redis`), which does not make them connections;
 *   - or it matches `typedResources.allow`.
 *   Never: a type matching the built-in deny list (AWS SDK clients, event emitters, streams, HTTP messages,
 *   timers) or `typedResources.deny`. The type and then its base classes are checked in order, nearest first,
 *   and the nearest match decides.
 * - A creation that receives an existing resource as an argument (`new Repository(pool)`) wraps it: whoever made
 *   the pool closes it, so the wrapper is not reported.
 *
 * Cost: the checker is asked for the type of each candidate expression only (a type typescript-eslint's own rules
 * ask for too, so one of them computes it and the other finds it cached), every answer about a type is cached per
 * type checker, and the callee is resolved only for the rare values whose type is a resource.
 */
import { isBuiltin } from 'node:module';
import path from 'node:path';
import ts from './typescript.js';
import type * as TS from 'typescript';
import type { ParserServicesWithTypeInformation, TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction, isFunction, methodCallOn, unwrapExpression, valueExpression, walk } from './ast.js';
import type { Node } from './ast.js';
import { ASYNC_DISPOSE_METHOD, HANDLE_TYPES, TYPED_CLOSE_METHODS, TYPED_EXTRA_CLOSE_METHODS, descendants, endAndWait } from './catalog.js';
import type { ChainMethod, CloseSpec, ResourceFactory, ResourceKind } from './catalog.js';
import { hasKeepAlive } from './resources.js';
import type { Creation } from './resources.js';
import type { ParsedFile, Scopes } from './scope.js';
import type { ResolvedSettings, TypeSpec, TypedResourceSettings } from './settings.js';

/** What the analysis needs of typescript-eslint's parser services: the program and the ESTree → TS node map. */
export type TypeServices = Pick<ParserServicesWithTypeInformation, 'program' | 'esTreeNodeToTSNodeMap'>;

/** Where a declaration comes from. */
interface Origin {
  /** The npm package or Node.js module (`pg`, `@aws-sdk/client-s3`, `net`); null for the project's own files and globals. */
  readonly module: string | null;
  /** The package with the declaring file's subpath (`mysql2/promise`), to tell a package's catalog entries apart. */
  readonly specifier: string | null;
  /** Declared by a library (a .d.ts file or node_modules), not by the project's sources. */
  readonly library: boolean;
  readonly fileName: string;
}

/** Why a type is a resource. */
type Evidence =
  | { readonly via: 'handle'; readonly kind: ResourceKind }
  | { readonly via: 'catalog'; readonly factory: ResourceFactory | null }
  | { readonly via: 'allow' }
  | { readonly via: 'field'; readonly inner: Evidence };

/** A decision about a class or interface: evidence, denied, or nothing known. */
type Decision = Evidence | 'denied' | null;

/** What a type that is a resource looks like to the analysis (cached per type). */
interface TypeVerdict {
  readonly evidence: Evidence;
  readonly origin: Origin;
  readonly label: string;
  readonly kind: ResourceKind;
  readonly close: CloseSpec;
  readonly closeMethods: readonly string[];
  readonly asyncDispose: boolean;
}

/** A bound creation expression that may be a resource. */
interface Candidate {
  readonly node: TSESTree.NewExpression | TSESTree.CallExpression;
  /** The outermost expression that carries its value to the binding. */
  readonly value: Node;
  /** `new Client(url).connect()`: the one chained call between the creation and the binding. */
  readonly chain: { readonly call: TSESTree.CallExpression; readonly name: string } | null;
}

const PROMISE_LIKE_NAMES = new Set(['Promise', 'PromiseLike']);

/** A symbol without a declaration: a library global of nowhere in particular. */
const NO_ORIGIN: Origin = { module: null, specifier: null, library: true, fileName: '' };

/**
 * Answers about types, for one type checker and one settings object. Types and symbols are interned per checker,
 * so the caches stay valid for every file linted against the same program (an editor's new program gets a new
 * checker and a new oracle).
 */
class TypeOracle {
  private readonly checker: TS.TypeChecker;
  private readonly verdicts = new Map<TS.Type, TypeVerdict | null>();
  private readonly decisions = [new Map<TS.Symbol, Decision>(), new Map<TS.Symbol, Decision>(), new Map<TS.Symbol, Decision>()];
  private readonly origins = new Map<TS.Node, Origin>();
  private readonly catalogModules: Map<string, { factories: ResourceFactory[]; closeMethods: Set<string> }>;

  constructor(
    private readonly program: TS.Program,
    settings: ResolvedSettings,
    private readonly typed: TypedResourceSettings,
  ) {
    this.checker = program.getTypeChecker();
    this.catalogModules = new Map();
    for (const factory of settings.factories) {
      for (const module of factory.modules) {
        let entry = this.catalogModules.get(module);
        if (!entry) this.catalogModules.set(module, (entry = { factories: [], closeMethods: new Set() }));
        entry.factories.push(factory);
        for (const m of factory.closeMethods) entry.closeMethods.add(m);
        for (const c of descendants(factory)) for (const m of c.closeMethods) entry.closeMethods.add(m);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Creations
  // ---------------------------------------------------------------------------------------------------------------

  /**
   * The creation a candidate is, or null. The value's type comes first: it is what typescript-eslint's own rules ask
   * about every initialiser and assigned value (`no-unsafe-assignment`), so the checker has it cached or will reuse
   * it, and almost every type is rejected there at once (cached per type). Only for the rare value whose type is a
   * resource is the callee resolved, which costs a symbol look-up that nothing else would have made.
   */
  creation(candidate: Candidate, services: TypeServices, filename: string | null): Creation | null {
    const isNew = candidate.node.type === 'NewExpression';
    const tsNode = services.esTreeNodeToTSNodeMap.get(candidate.node) as TS.NewExpression | TS.CallExpression;
    const { type, promise } = this.awaited(this.checker.getTypeAtLocation(tsNode));
    const verdict = this.verdict(type);
    if (!verdict) return null;

    const callee = this.callee(tsNode, isNew);
    // The project's own functions hand out values the analysis cannot see the ownership of (see the file comment).
    if (!isNew && (!callee || !callee.origin.library)) return null;
    // TypeScript's own lib declares no handles.
    if (callee?.defaultLib) return null;

    // A catalog factory reached another way (a re-export, an alias the module tracking does not follow): the catalog's
    // own entry, so the resource is exactly what the catalog would have found.
    if (callee?.origin.library) {
      const factory = this.catalogFactoryOf(callee.declaration, callee.origin, isNew ? 'new' : 'call');
      if (factory) {
        if (factory.requiresKeepAlive && !hasKeepAlive(candidate.node)) return null;
        if (candidate.chain && !factory.chainMethods?.some((c) => c.method === candidate.chain!.name)) return null;
        return { node: candidate.node, factory, spec: factory, checkout: false };
      }
    }

    // A library instance method that returns a resource is a checkout only when it acquires a lease: a promise of a
    // value closed with `release()` (`await pool.acquire()`). Any other (`conn.getSocket()`, `redis.pipeline()`, a
    // synchronous `pool.current()`) may hand out something its receiver still owns.
    const lease = !isNew && callee?.instanceMethod === true;
    if (lease && (verdict.close.method !== 'release' || !promise)) return null;
    // A value closed only through `[Symbol.asyncDispose]()` cannot be closed by a synchronous function that holds it.
    if (verdict.close.method === ASYNC_DISPOSE_METHOD) {
      const fn = enclosingFunction(candidate.node);
      if (fn && !fn.async) return null;
    }

    let chainMethods: ChainMethod[] | undefined;
    if (candidate.chain) {
      // `new Tunnel(opts).open()` bound: a resource only when the chained call gives back the same value.
      const chained = this.awaited(this.checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(candidate.chain.call)));
      if (chained.type !== type) return null;
      chainMethods = [{ method: candidate.chain.name, returnsPromise: chained.promise }];
    }
    const catalogFactory = verdict.evidence.via === 'catalog' ? verdict.evidence.factory : null;
    if (!catalogFactory && this.wrapsResource(tsNode)) return null;

    const factory: ResourceFactory = catalogFactory
      ? // a class extending a catalog type (`class Db extends Pool`): the catalog's close, checkouts and messages
        { ...catalogFactory, create: isNew ? 'new' : 'call', returnsPromise: promise, chainMethods: chainMethods ?? catalogFactory.chainMethods, source: 'types' }
      : {
          modules: verdict.origin.module ? [verdict.origin.module] : [],
          path: [verdict.label],
          create: isNew ? 'new' : 'call',
          library: libraryName(verdict.origin, filename),
          label: verdict.label,
          kind: verdict.kind,
          close: verdict.close,
          closeMethods: verdict.closeMethods,
          asyncDispose: verdict.asyncDispose,
          returnsPromise: promise,
          chainMethods,
          source: 'types',
        };
    return { node: candidate.node, factory, spec: factory, checkout: lease };
  }

  /** The declaration a `new` or call reaches, with where it comes from. */
  private callee(
    tsNode: TS.NewExpression | TS.CallExpression,
    isNew: boolean,
  ): { declaration: TS.Declaration; origin: Origin; instanceMethod: boolean; defaultLib: boolean } | null {
    const expr = skipOuter(tsNode.expression);
    const nameNode = ts.isPropertyAccessExpression(expr) ? expr.name : expr;
    const symbol = this.resolveAlias(this.checker.getSymbolAtLocation(nameNode));
    let declaration: TS.Declaration | undefined = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
    if (!declaration && !isNew) declaration = this.checker.getResolvedSignature(tsNode as TS.CallExpression)?.declaration;
    if (!declaration) return null;
    let instanceMethod = false;
    if (!isNew && isMemberDeclaration(declaration) && !(ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static)) {
      // `db.connect()` on a namespace import or a module object is a module function, not an instance method
      const receiver = ts.isPropertyAccessExpression(expr) ? this.resolveAlias(this.checker.getSymbolAtLocation(expr.expression)) : undefined;
      instanceMethod = !(receiver && receiver.flags & (ts.SymbolFlags.ValueModule | ts.SymbolFlags.NamespaceModule));
    }
    const defaultLib = this.program.isSourceFileDefaultLibrary(declaration.getSourceFile());
    return { declaration, origin: this.origin(declaration), instanceMethod, defaultLib };
  }

  private resolveAlias(symbol: TS.Symbol | undefined): TS.Symbol | undefined {
    return symbol && symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
  }

  /** The catalog factory a library declaration is (`Pool` of pg, `createPool` of mysql2/promise), if any. */
  private catalogFactoryOf(declaration: TS.Declaration, origin: Origin, create: 'new' | 'call'): ResourceFactory | null {
    const path = declarationPath(declaration);
    if (!path) return null;
    for (const module of moduleKeys(origin)) {
      const entry = this.catalogModules.get(module);
      // a holder (kafkajs `Kafka`, an express app) is no resource: only what it opens is
      const factory = entry?.factories.find((f) => !f.holder && f.create !== (create === 'new' ? 'call' : 'new') && samePath(f.path, path));
      if (factory) return factory;
    }
    return null;
  }

  /** A promise's awaited type (`await connect()` and `connect()` alike), and whether it was one. */
  private awaited(type: TS.Type): { type: TS.Type; promise: boolean } {
    if (!this.isThenable(type)) return { type, promise: false };
    const awaited = this.checker.getAwaitedType(type);
    return awaited && awaited !== type ? { type: awaited, promise: true } : { type, promise: false };
  }

  private isThenable(type: TS.Type): boolean {
    if (type.isUnion()) return type.types.some((t) => this.isThenable(t));
    const symbol = type.getSymbol();
    if (symbol && PROMISE_LIKE_NAMES.has(symbol.name)) return true;
    if (!(type.flags & ts.TypeFlags.Object)) return false;
    const then = this.checker.getPropertyOfType(type, 'then');
    return then !== undefined && this.checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
  }

  /**
   * Does the creation receive an existing resource (`new Repository(pool)`, `new Service({ db })`)? Then it wraps a
   * value someone else made and closes: not a resource of its own (the catalog treats `drizzle(pool)` the same way).
   */
  private wrapsResource(tsNode: TS.NewExpression | TS.CallExpression): boolean {
    for (const arg of tsNode.arguments ?? []) {
      const type = this.checker.getNonNullableType(this.checker.getTypeAtLocation(arg));
      if (this.holdsResource(type)) return true;
      if (ts.isObjectLiteralExpression(skipOuter(arg))) {
        for (const prop of this.checker.getPropertiesOfType(type)) {
          if (this.holdsResource(this.checker.getNonNullableType(this.checker.getTypeOfSymbol(prop)))) return true;
        }
      }
    }
    return false;
  }

  private holdsResource(type: TS.Type): boolean {
    for (const t of type.isUnion() ? type.types : [type]) {
      const decision = this.decideType(this.elementType(t), 1);
      if (decision !== null && decision !== 'denied') return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Types
  // ---------------------------------------------------------------------------------------------------------------

  /** Is a value of this type a resource, and how is it closed? Cached per type. */
  verdict(raw: TS.Type): TypeVerdict | null {
    const cached = this.verdicts.get(raw);
    if (cached !== undefined) return cached;
    this.verdicts.set(raw, null);
    const verdict = this.computeVerdict(raw);
    this.verdicts.set(raw, verdict);
    return verdict;
  }

  private computeVerdict(raw: TS.Type): TypeVerdict | null {
    const type = this.checker.getNonNullableType(raw);
    if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection))) return null;
    // A class constructor or a function is not an instance.
    if (type.getConstructSignatures().length > 0 || type.getCallSignatures().length > 0) return null;
    const symbols = (type.isIntersection() ? type.types : [type]).map((t) => t.getSymbol()).filter((s): s is TS.Symbol => s !== undefined && isClassLike(s));
    if (symbols.length === 0) return null;
    const close = this.closeOf(type);
    if (!close) return null;

    let evidence: Evidence | null = null;
    for (const symbol of symbols) {
      const decision = this.decide(symbol, this.origin(declarationOf(symbol)).library ? 1 : 2);
      if (decision === 'denied') return null;
      evidence ??= decision;
    }
    if (!evidence) return null;
    const primary = symbols[0]!;
    const label = type.aliasSymbol?.name ?? primary.name;
    const kind: ResourceKind =
      close.method.method === 'release' ? 'connection' : evidence.via === 'handle' ? evidence.kind : evidence.via === 'catalog' && evidence.factory ? evidence.factory.kind : 'client';
    // A socket's or write stream's own `end()` returns before its data is out: closed as the catalog closes them.
    const writable = evidence.via === 'handle' && (kind === 'socket' || kind === 'stream') && close.method.method === 'end' && !close.method.async;
    return {
      evidence,
      origin: this.origin(declarationOf(primary)),
      label,
      kind,
      close: writable ? endAndWait : close.method,
      closeMethods: close.methods,
      asyncDispose: close.asyncDispose,
    };
  }

  /** The close methods of a type, the graceful one chosen by catalog.ts TYPED_CLOSE_METHODS' order. */
  private closeOf(type: TS.Type): { method: CloseSpec; methods: string[]; asyncDispose: boolean } | null {
    const methods: string[] = [];
    let chosen: { name: string; symbol: TS.Symbol } | null = null;
    for (const name of [...TYPED_CLOSE_METHODS, ...TYPED_EXTRA_CLOSE_METHODS]) {
      const symbol = this.checker.getPropertyOfType(type, name);
      if (!symbol || !this.isMethod(symbol)) continue;
      methods.push(name);
      if (!chosen && TYPED_CLOSE_METHODS.includes(name)) chosen = { name, symbol };
    }
    // `[Symbol.asyncDispose]` is a late-bound member named `__@asyncDispose@<id>`.
    const dispose = this.checker.getPropertiesOfType(type).find((p) => (p.escapedName as string).startsWith('__@asyncDispose@'));
    // A stream's disposer (net.Socket inherits Readable's) destroys it, pending writes lost: not the graceful close.
    const graceful = dispose !== undefined && this.isMethod(dispose) && dispose.declarations?.some((d) => this.origin(d).module === 'stream') !== true;
    if (dispose) methods.push(ASYNC_DISPOSE_METHOD);
    if (chosen) return { method: { method: chosen.name, async: this.returnsPromise(chosen.symbol) }, methods, asyncDispose: graceful };
    if (!graceful) return null;
    return {
      method: { method: ASYNC_DISPOSE_METHOD, async: true, template: `await {binding}${ASYNC_DISPOSE_METHOD}()` },
      methods,
      asyncDispose: true,
    };
  }

  private isMethod(symbol: TS.Symbol): boolean {
    return this.checker.getTypeOfSymbol(symbol).getCallSignatures().length > 0;
  }

  private returnsPromise(symbol: TS.Symbol): boolean {
    return this.checker
      .getTypeOfSymbol(symbol)
      .getCallSignatures()
      .some((s) => this.isThenable(this.checker.getReturnTypeOfSignature(s)));
  }

  /** The decision for an instance type (through unions' members is the caller's job). */
  private decideType(type: TS.Type, depth: number): Decision {
    if (!(type.flags & ts.TypeFlags.Object) || type.getConstructSignatures().length > 0 || type.getCallSignatures().length > 0) return null;
    const symbol = type.getSymbol();
    return symbol && isClassLike(symbol) ? this.decide(symbol, depth) : null;
  }

  /**
   * Walks a class or interface and then its base types, nearest first; at each one: the user's deny list, the
   * user's allow list, the built-in deny list, a Node.js handle type, a catalog module's type with a catalog close
   * method, then (while `depth` allows) a field that holds a resource. The first match decides.
   */
  private decide(symbol: TS.Symbol, depth: number): Decision {
    const memo = this.decisions[Math.max(0, Math.min(depth, 2))]!;
    const cached = memo.get(symbol);
    if (cached !== undefined) return cached;
    memo.set(symbol, null); // a type that reaches itself through its fields decides nothing there
    let decision: Decision = null;
    const visited = new Set<TS.Symbol>();
    let level = [symbol];
    outer: for (let i = 0; i < 12 && level.length > 0; i++) {
      const next: TS.Symbol[] = [];
      for (const s of level) {
        if (visited.has(s)) continue;
        visited.add(s);
        const named = this.matchName(s);
        if (named !== undefined) {
          decision = named;
          break outer;
        }
        const field = depth > 0 ? this.fieldEvidence(s, depth) : null;
        if (field) {
          decision = field;
          break outer;
        }
        next.push(...this.baseSymbols(s));
      }
      level = next;
    }
    memo.set(symbol, decision);
    return decision;
  }

  /** A decision from the type's name and module alone, or undefined. */
  private matchName(symbol: TS.Symbol): Decision | undefined {
    const origin = this.origin(declarationOf(symbol));
    const name = symbol.name;
    const matches = (specs: readonly TypeSpec[]) => specs.some((spec) => specMatches(spec, name, origin));
    if (matches(this.typed.deny)) return 'denied';
    if (matches(this.typed.allow)) return { via: 'allow' };
    if (matches(this.typed.builtinDeny)) return 'denied';
    if (origin.module !== null) {
      const handle = HANDLE_TYPES.find((h) => h.module === origin.module && h.name === name);
      if (handle) return { via: 'handle', kind: handle.kind };
    }
    if (origin.library && origin.module !== null && !isBuiltin(origin.module)) {
      for (const module of moduleKeys(origin)) {
        const entry = this.catalogModules.get(module);
        if (!entry) continue;
        const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
        if (![...entry.closeMethods].some((m) => this.checker.getPropertyOfType(declared, m) !== undefined)) continue;
        const factory = entry.factories.find((f) => !f.holder && f.create !== 'call' && f.path.length === 1 && f.path[0] === name) ?? null;
        return { via: 'catalog', factory };
      }
    }
    return undefined;
  }

  /**
   * A field (an instance property, a constructor parameter property, an ES private field) that holds a resource.
   * A library's declared types count only a Node.js handle there (see the file comment); the project's own classes
   * count any evidence, one level shallower each time.
   */
  private fieldEvidence(symbol: TS.Symbol, depth: number): Evidence | null {
    if (!symbol.members) return null;
    const library = this.origin(declarationOf(symbol)).library;
    for (const member of symbol.members.values()) {
      if (!(member.flags & ts.SymbolFlags.Property)) continue;
      const type = this.checker.getNonNullableType(this.checker.getTypeOfSymbol(member));
      for (const t of type.isUnion() ? type.types : [type]) {
        const decision = this.decideType(this.elementType(t), library ? 0 : depth - 1);
        if (decision === null || decision === 'denied') continue;
        if (library && decision.via !== 'handle' && decision.via !== 'allow') continue;
        return { via: 'field', inner: decision };
      }
    }
    return null;
  }

  /** `Socket[]` → `Socket`: a field holding several handles holds handles. */
  private elementType(type: TS.Type): TS.Type {
    if (this.checker.isArrayType(type)) return this.checker.getTypeArguments(type as TS.TypeReference)[0] ?? type;
    return type;
  }

  private baseSymbols(symbol: TS.Symbol): TS.Symbol[] {
    const declared = this.checker.getDeclaredTypeOfSymbol(symbol);
    if (!(declared.flags & ts.TypeFlags.Object) || !((declared as TS.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) return [];
    return this.checker
      .getBaseTypes(declared as TS.InterfaceType)
      .flatMap((b) => (b.isIntersection() ? b.types : [b]))
      .map((b) => b.getSymbol())
      .filter((s): s is TS.Symbol => s !== undefined);
  }

  private origin(node: TS.Node | undefined): Origin {
    if (!node) return NO_ORIGIN;
    let origin = this.origins.get(node);
    if (!origin) this.origins.set(node, (origin = computeOrigin(node, this.program)));
    return origin;
  }
}

// -----------------------------------------------------------------------------------------------------------------
// Declarations and modules
// -----------------------------------------------------------------------------------------------------------------

/** `(x)`, `x!`, `x as T`, `x satisfies T`, `<T>x` → `x`. */
function skipOuter(node: TS.Expression): TS.Expression {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isNonNullExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n)) n = n.expression;
  return n;
}

function isClassLike(symbol: TS.Symbol): boolean {
  return (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface)) !== 0;
}

/** A symbol's declaration; undefined for the few the checker makes up (globals without source). */
function declarationOf(symbol: TS.Symbol): TS.Node | undefined {
  return symbol.valueDeclaration ?? symbol.declarations?.[0];
}

function isMemberDeclaration(node: TS.Declaration): boolean {
  return ts.isMethodDeclaration(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node);
}

/** Where a declaration comes from: an ambient module (`declare module 'net'`), a package in node_modules, or the project. */
function computeOrigin(node: TS.Node, program: TS.Program): Origin {
  const sourceFile = node.getSourceFile();
  const fileName = sourceFile.fileName;
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) {
      const module = n.name.text.replace(/^node:/, '');
      return { module, specifier: module, library: true, fileName };
    }
  }
  const at = fileName.lastIndexOf('/node_modules/');
  if (at >= 0) {
    const parts = fileName.slice(at + '/node_modules/'.length).split('/');
    const scoped = parts[0]?.startsWith('@') === true;
    let module = scoped ? `${parts[0]}/${parts[1]}` : parts[0]!;
    // @types/pg declares pg; @types/scope__name declares @scope/name
    if (module.startsWith('@types/')) {
      const name = module.slice('@types/'.length);
      module = name.includes('__') ? `@${name.replace('__', '/')}` : name;
    }
    const sub = parts
      .slice(scoped ? 2 : 1)
      .join('/')
      .replace(/\.d\.[cm]?ts$|\.[cm]?tsx?$|\.[cm]?jsx?$/, '')
      .replace(/(^|\/)index$/, '');
    return { module, specifier: sub ? `${module}/${sub}` : module, library: true, fileName };
  }
  const library = sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile);
  return { module: null, specifier: null, library, fileName };
}

/** The module names to look a declaration's origin up by in the catalog: the file's own specifier first. */
function moduleKeys(origin: Origin): string[] {
  const keys: string[] = [];
  for (const key of [origin.specifier, origin.module]) if (key !== null && !keys.includes(key)) keys.push(key);
  return keys;
}

/** The property path of a declaration inside its module: `['Pool']`, `['MongoClient', 'connect']`. */
function declarationPath(declaration: TS.Node): string[] | null {
  const out: string[] = [];
  for (let n: TS.Node | undefined = declaration; n && !ts.isSourceFile(n); n = n.parent) {
    if (ts.isModuleDeclaration(n)) {
      if (ts.isStringLiteral(n.name)) break;
      out.unshift(n.name.text);
    } else if (
      ts.isClassDeclaration(n) ||
      ts.isFunctionDeclaration(n) ||
      ts.isInterfaceDeclaration(n) ||
      ts.isVariableDeclaration(n) ||
      isMemberDeclaration(n as TS.Declaration)
    ) {
      const name = (n as TS.NamedDeclaration).name;
      if (!name) out.unshift('default');
      else if (ts.isIdentifier(name)) out.unshift(name.text);
      else return null;
    }
  }
  return out;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function specMatches(spec: TypeSpec, name: string, origin: Origin): boolean {
  if (spec.name !== null && spec.name !== name) return false;
  if (spec.module === null) return true;
  if (spec.modulePrefix) return origin.module?.startsWith(spec.module) === true;
  return origin.module === spec.module || origin.specifier === spec.module;
}

/** What messages call the type's source: `some-db`, `node:net`, or the project file relative to the linted one. */
function libraryName(origin: Origin, filename: string | null): string {
  if (origin.module !== null) return isBuiltin(origin.module) ? `node:${origin.module}` : origin.module;
  if (filename && path.isAbsolute(filename) && path.isAbsolute(origin.fileName)) {
    const rel = path.relative(path.dirname(filename), origin.fileName).split(path.sep).join('/');
    return rel.startsWith('.') ? rel : `./${rel}`;
  }
  return path.basename(origin.fileName);
}

// -----------------------------------------------------------------------------------------------------------------
// Candidates
// -----------------------------------------------------------------------------------------------------------------

/** Is this value bound where the resource tracking follows it: a name, or the return value of a named function? */
function isBound(value: Node, scopes: Scopes): boolean {
  const p = value.parent;
  if (!p) return false;
  if (p.type === 'VariableDeclarator') return p.init === value && p.id.type === 'Identifier';
  if (p.type === 'AssignmentExpression') return p.right === value && unwrapExpression(p.left).type === 'Identifier';
  const fn = p.type === 'ReturnStatement' ? enclosingFunction(p) : p.type === 'ArrowFunctionExpression' && p.body === value ? p : null;
  return fn !== null && isFunction(fn) && scopes.functionVariable(fn) !== null;
}

/** The identifier a callee chain starts from (`a` of `a.b.c`, of `a.b().c`), or null (`this.x`, `(await f()).g`). */
function calleeRoot(callee: Node): TSESTree.Identifier | null {
  let n = unwrapExpression(callee);
  for (;;) {
    if (n.type === 'MemberExpression') n = unwrapExpression(n.object);
    else if (n.type === 'CallExpression') n = unwrapExpression(n.callee);
    else return n.type === 'Identifier' ? n : null;
  }
}

/**
 * Creations that cannot be resources by type, told from the scope alone, before any type is asked for: a callee
 * chain rooted in a global (`new Date()`, `JSON.parse()`, `String(n).padStart()`, `setTimeout()`: the language's and
 * Node's globals create no connection), and a call of a function defined in this file (followed through what it
 * returns; see the file comment) or passed in as a parameter. Most calls of a file are one of these.
 */
function obviouslyNone(node: TSESTree.NewExpression | TSESTree.CallExpression, scopes: Scopes): boolean {
  const root = calleeRoot(node.callee);
  if (!root) return false;
  if (node.type === 'CallExpression' && root.name === 'require') return true;
  const variable = scopes.variableOf(root);
  if (!variable || variable.defs.length === 0) return true;
  if (node.type !== 'CallExpression' || unwrapExpression(node.callee) !== root) return false;
  const def = variable.defs[0]!;
  // a function of this file, or one passed in (`fn()` in `withRetry(fn)`): the project's own
  if (def.type === 'FunctionName' || def.type === 'Parameter') return true;
  // (A function imported from a relative path is left to the checker: it may be a library's, re-exported.)
  return def.type === 'Variable' && def.node.type === 'VariableDeclarator' && isFunction(def.node.init && unwrapExpression(def.node.init));
}

function candidateOf(node: TSESTree.NewExpression | TSESTree.CallExpression, scopes: Scopes): Candidate | null {
  if (node.type === 'CallExpression' && node.callee.type === 'Super') return null;
  const value = valueExpression(node);
  if (isBound(value, scopes)) return { node, value, chain: null };
  const chained = methodCallOn(value);
  if (chained) {
    const outer = valueExpression(chained.call);
    if (isBound(outer, scopes)) return { node, value: outer, chain: { call: chained.call, name: chained.name } };
  }
  return null;
}

const oracles = new WeakMap<TS.Program, WeakMap<ResolvedSettings, TypeOracle>>();

function oracleFor(program: TS.Program, settings: ResolvedSettings, typed: TypedResourceSettings): TypeOracle {
  let bySettings = oracles.get(program);
  if (!bySettings) oracles.set(program, (bySettings = new WeakMap()));
  let oracle = bySettings.get(settings);
  if (!oracle) bySettings.set(settings, (oracle = new TypeOracle(program, settings, typed)));
  return oracle;
}

/**
 * The creations of a file that are resources by type and that the catalog did not find (`covered`: the nodes the
 * catalog's tracking already took). `filename` names project types in messages relative to the file.
 */
export function findTypedCreations(
  file: ParsedFile,
  scopes: Scopes,
  settings: ResolvedSettings,
  services: TypeServices,
  covered: readonly Node[],
  filename: string | null,
): Creation[] {
  const typed = settings.typedResources;
  if (!typed) return [];
  // Candidates, grouped by the value they end up in: `await new Client(url).connect()` has two, the innermost wins.
  const byValue = new Map<Node, Candidate[]>();
  walk(file.ast, file.visitorKeys, (node) => {
    if (node.type !== 'NewExpression' && node.type !== 'CallExpression') return;
    const candidate = candidateOf(node, scopes);
    if (!candidate || obviouslyNone(node, scopes)) return;
    if (covered.some((c) => contains(candidate.value, c) || contains(c, node))) return;
    const group = byValue.get(candidate.value);
    if (group) group.push(candidate);
    else byValue.set(candidate.value, [candidate]);
  });
  if (byValue.size === 0) return [];
  const oracle = oracleFor(services.program, settings, typed);
  const out: Creation[] = [];
  for (const group of byValue.values()) {
    group.sort((a, b) => a.node.range[1] - a.node.range[0] - (b.node.range[1] - b.node.range[0]));
    for (const candidate of group) {
      const creation = oracle.creation(candidate, services, filename);
      if (creation) {
        out.push(creation);
        break;
      }
    }
  }
  return out;
}
