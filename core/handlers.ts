/**
 * Handler detection: which exports of a module are Lambda handlers, and which functions run while one runs.
 *
 * Export forms: `export const handler = …`, `export async function handler`, `export { main as handler }`,
 * `export default …`, `exports.handler = …`, `module.exports.handler = …`, `module.exports = { handler }`.
 * Values: function literals, names bound to them, wrappers (`middy(fn).use(…)`, `withSentry(fn)`), bound class
 * methods (Powertools' `handlerClass.handler.bind(handlerClass)`). A function whose type or parameters use the
 * `aws-lambda` types (`APIGatewayProxyHandler`, `(event: SQSEvent, context: Context)`) is a handler under any
 * export name.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { isFunction, memberPath, methodCallOn, propertyName, unwrapExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import { DEFAULT_HANDLER_NAMES, HANDLER_ADAPTERS, HANDLER_TYPE_PATTERN, LAMBDA_TYPE_MODULES, LISTENER_METHODS, ROUTE_METHODS } from './catalog.js';
import { addToTraceMap, moduleReferences } from './modules.js';
import type { TraceMap } from './modules.js';
import type { ParsedFile, Scope, Scopes, Variable } from './scope.js';
import type { ResolvedSettings } from './settings.js';

export interface HandlerExport {
  /** The exported name (`default` for a default export). */
  readonly name: string;
  /** The node that exports it. */
  readonly node: Node;
  /** The functions that run when it is invoked (the wrapped function and the wrapper's own literal functions). */
  readonly functions: readonly FunctionNode[];
}

/** One export of a module: what handler detection looks for handlers in, and what resource ownership looks at. */
export interface ModuleExport {
  /** The exported name (`default` for the default export, `module.exports` for a whole CommonJS export). */
  name: string;
  node: Node;
  value: Node | null;
  /** A type annotation on the exported binding (`export const h: APIGatewayProxyHandler = …`). */
  typeAnnotation?: TSESTree.TypeNode | undefined;
  /** `module.exports = x` / `export = x` with x not an object literal: the module is the value, with no names. */
  whole?: boolean;
}
type ExportCandidate = ModuleExport;

function lambdaTypeNames(program: TSESTree.Program): Set<string> {
  const names = new Set<string>();
  for (const stmt of program.body) {
    if (stmt.type === 'ImportDeclaration' && LAMBDA_TYPE_MODULES.has(stmt.source.value)) {
      for (const spec of stmt.specifiers) names.add(spec.local.name);
    }
  }
  return names;
}

function typeMentions(type: TSESTree.TypeNode | undefined, lambdaTypes: Set<string>, handlerOnly: boolean): boolean {
  if (!type || type.type !== 'TSTypeReference') return false;
  const path: string[] = [];
  for (let n: TSESTree.EntityName = type.typeName; ; n = n.left) {
    if (n.type === 'TSQualifiedName') path.unshift(n.right.name);
    else {
      if (n.type === 'Identifier') path.unshift(n.name);
      break;
    }
  }
  if (path.length === 0) return false;
  const head = path[0]!;
  const last = path.at(-1)!;
  // `AWSLambda.Handler` (the global namespace of @types/aws-lambda) or an import from 'aws-lambda'.
  const fromLambda = lambdaTypes.has(head) || head === 'AWSLambda';
  if (!fromLambda) return false;
  return handlerOnly ? HANDLER_TYPE_PATTERN.test(last) : true;
}

/**
 * A module's exports, from its top-level statements: ES exports, CommonJS `exports.x =` / `module.exports = { … }`
 * assignments, and TypeScript's `export =`. The one place the analysis learns what a module exports.
 */
export function moduleExports(program: TSESTree.Program): ModuleExport[] {
  const out: ExportCandidate[] = [];
  for (const stmt of program.body) {
    if (stmt.type === 'ExportNamedDeclaration') {
      const decl = stmt.declaration;
      if (decl?.type === 'FunctionDeclaration' && decl.id) out.push({ name: decl.id.name, node: decl, value: decl });
      if (decl?.type === 'VariableDeclaration') {
        for (const d of decl.declarations) {
          if (d.id.type === 'Identifier') {
            out.push({ name: d.id.name, node: d, value: d.init, typeAnnotation: d.id.typeAnnotation?.typeAnnotation });
          }
        }
      }
      if (!stmt.source) {
        for (const spec of stmt.specifiers) {
          const exported = spec.exported.type === 'Identifier' ? spec.exported.name : String(spec.exported.value);
          if (spec.local.type === 'Identifier') out.push({ name: exported, node: spec, value: spec.local });
        }
      }
    } else if (stmt.type === 'ExportDefaultDeclaration') {
      out.push({ name: 'default', node: stmt, value: stmt.declaration as Node });
    } else if (stmt.type === 'ExpressionStatement') {
      collectCommonJsExports(stmt.expression, out);
    } else if (stmt.type === 'TSExportAssignment') {
      out.push(...objectExports(stmt.expression, stmt));
    }
  }
  return out;
}

function objectExports(value: Node, node: Node): ExportCandidate[] {
  const v = unwrapExpression(value);
  if (v.type !== 'ObjectExpression') return [{ name: 'module.exports', node, value, whole: true }];
  const out: ExportCandidate[] = [];
  for (const prop of v.properties) {
    if (prop.type !== 'Property') continue;
    const name = propertyName(prop);
    if (name !== null) out.push({ name, node: prop, value: prop.value });
  }
  return out;
}

function collectCommonJsExports(expr: Node, out: ExportCandidate[]): void {
  if (expr.type !== 'AssignmentExpression' || expr.operator !== '=') return;
  // exports.a = module.exports.a = fn
  if (expr.right.type === 'AssignmentExpression') collectCommonJsExports(expr.right, out);
  const path = memberPath(expr.left);
  if (!path) return;
  let value: Node = expr.right;
  while (value.type === 'AssignmentExpression') value = value.right;
  if (path.length === 2 && path[0] === 'module' && path[1] === 'exports') {
    out.push(...objectExports(value, expr));
    return;
  }
  if (path.length === 2 && path[0] === 'exports') out.push({ name: path[1]!, node: expr, value });
  if (path.length === 3 && path[0] === 'module' && path[1] === 'exports') out.push({ name: path[2]!, node: expr, value });
}

function looksLikeHandlerFunction(fn: FunctionNode, lambdaTypes: Set<string>): boolean {
  if (fn.params.some((p) => p.type === 'Identifier' && typeMentions(p.typeAnnotation?.typeAnnotation, lambdaTypes, false))) {
    return true;
  }
  // (event, context) / (event, context, callback)
  const names = fn.params.map((p) => (p.type === 'Identifier' ? p.name : ''));
  // A lone `(event)` is too common outside Lambda to decide on: such handlers (`module.exports.hello = async (event) =>
  // …` of the Serverless Framework's templates) are found through the export name their deployment file gives.
  return names.length >= 2 && /^_?(event|evt)$/i.test(names[0]!) && /^_?(context|ctx)$/i.test(names[1]!);
}

const adapterMaps = new WeakMap<object, TraceMap<string>>();

/** The trace map of HANDLER_ADAPTERS (built once). */
function adapterTraceMap(): TraceMap<string> {
  let map = adapterMaps.get(HANDLER_ADAPTERS);
  if (!map) {
    map = {};
    for (const adapter of HANDLER_ADAPTERS) {
      for (const mod of adapter.modules) {
        addToTraceMap(map, mod, adapter.path, 'call', adapter.label);
        addToTraceMap(map, mod, adapter.path, 'construct', adapter.label);
      }
    }
    adapterMaps.set(HANDLER_ADAPTERS, map);
  }
  return map;
}

/** The adapter calls of a file (`serverless(app)`, `handle(app)`, `middy(fn)`), by call node. */
function adapterCalls(scopes: Scopes): Map<Node, string> {
  const out = new Map<Node, string>();
  for (const ref of moduleReferences(scopes.globalScope, adapterTraceMap())) {
    if (ref.kind !== 'read') out.set(ref.node, ref.info);
  }
  return out;
}

/**
 * The adapter call an export's value is, or ends in: the call itself, a chain of methods on its result
 * (`middy(fn).use(…)`, `ServerlessAdapter.new(app)….build()`), or a name bound to one. Null for anything else.
 */
function adapterCallOf(value: Node | null | undefined, calls: ReadonlyMap<Node, string>, scopes: Scopes, depth = 0): Node | null {
  if (!value || depth > 8 || calls.size === 0) return null;
  const v = unwrapExpression(value);
  if (calls.has(v)) return v;
  if (v.type === 'AwaitExpression') return adapterCallOf(v.argument, calls, scopes, depth + 1);
  if (v.type === 'CallExpression' || v.type === 'NewExpression') {
    const callee = unwrapExpression(v.callee);
    if (callee.type === 'MemberExpression') return adapterCallOf(callee.object, calls, scopes, depth + 1);
    return null;
  }
  if (v.type === 'Identifier') {
    const def = scopes.variableOf(v)?.defs[0];
    if (def?.type === 'Variable' && def.node.type === 'VariableDeclarator' && def.node.id.type === 'Identifier') return adapterCallOf(def.node.init, calls, scopes, depth + 1);
  }
  return null;
}

/**
 * The functions an adapted app runs per request: the function arguments of its route methods (`app.get('/x', fn)`,
 * `app.use(auth)`, `router.post(…)`), and those of routers it mounts (`app.use('/api', router)`), for every app or
 * router an adapter call is given (`serverless(app)`, `serverlessExpress({ app })`, `handle(app)`).
 */
function routeFunctions(call: Node, scopes: Scopes): FunctionNode[] {
  if (call.type !== 'CallExpression' && call.type !== 'NewExpression') return [];
  const out: FunctionNode[] = [];
  const seen = new Set<Variable>();
  const apps: Node[] = [];
  for (const arg of call.arguments) {
    const a = unwrapExpression(arg);
    if (a.type === 'ObjectExpression') {
      for (const p of a.properties) if (p.type === 'Property') apps.push(p.value);
    } else apps.push(a);
  }
  const visit = (expr: Node, depth: number): void => {
    const e = unwrapExpression(expr);
    if (e.type !== 'Identifier' || depth > 3) return;
    const variable = scopes.variableOf(e);
    if (!variable || seen.has(variable)) return;
    seen.add(variable);
    for (const ref of variable.references) {
      // app.get(…).post(…): every call of the chain
      for (let m = methodCallOn(ref.identifier as Node); m && ROUTE_METHODS.has(m.name); m = methodCallOn(m.call)) {
        for (const arg of m.call.arguments) {
          const fns = scopes.resolveFunctions(arg);
          if (fns.length > 0) out.push(...fns);
          else visit(arg, depth + 1);
        }
      }
    }
  };
  for (const app of apps) visit(app, 0);
  return out;
}

/**
 * Finds the module's handler exports. `deployedNames` are the export names the file's deployment configuration calls
 * (`handler: src/app.main`): handlers under any name.
 */
export function findHandlers(file: ParsedFile, scopes: Scopes, settings: ResolvedSettings, deployedNames: ReadonlySet<string> = NO_NAMES): HandlerExport[] {
  const lambdaTypes = lambdaTypeNames(file.ast);
  const handlers: HandlerExport[] = [];
  let adapters: Map<Node, string> | undefined;
  for (const candidate of moduleExports(file.ast)) {
    // a whole-module export has no name for Lambda to look up (`index.handler` reads a property of the module)
    if (candidate.whole) continue;
    const byName = settings.handlerNames.has(candidate.name) || deployedNames.has(candidate.name);
    const byType = typeMentions(candidate.typeAnnotation, lambdaTypes, true);
    if (!byName && !byType && candidate.value === null) continue;
    const functions = scopes.resolveFunctions(candidate.value);
    adapters ??= adapterCalls(scopes);
    const adapted = adapterCallOf(candidate.value, adapters, scopes);
    if (functions.length === 0 && !byName && !byType && !adapted) continue;
    const ok =
      byName ||
      byType ||
      adapted !== null ||
      functions.some((fn) => looksLikeHandlerFunction(fn, lambdaTypes)) ||
      (candidate.name === 'default' && functions.some((fn) => fn.type !== 'ArrowFunctionExpression' && fn.id !== null && settings.handlerNames.has(fn.id.name)));
    if (!ok) continue;
    const routes = adapted ? routeFunctions(adapted, scopes) : [];
    handlers.push({ name: candidate.name, node: candidate.node, functions: routes.length > 0 ? [...new Set([...functions, ...routes])] : functions });
  }
  return handlers;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** What a module's text says about handler exports, whatever the settings: what mayBeHandlerModule() reads. */
export interface HandlerHints {
  /** It exports something (`export`, `exports.x`, `module.exports`, `export =`). */
  readonly exports: boolean;
  /** It names a default handler export (`handler`, `lambdaHandler`). */
  readonly defaultNames: boolean;
  /** It names the `aws-lambda` types (an import from 'aws-lambda', or the `AWSLambda` namespace). */
  readonly lambdaTypes: boolean;
  /** A function's first parameter is named as looksLikeHandlerFunction() reads it (`event`, `evt`). */
  readonly eventParameter: boolean;
  /** It names an adapter module of HANDLER_ADAPTERS in a string. */
  readonly adapter: boolean;
  /**
   * Names it exports in the spellings that leave no doubt (`export const x`, `export [async] function x`, `exports.x =`,
   * `module.exports.x =`): findHandlers takes an export named as a handler for one whatever its value, so such a name
   * makes the module a handler entry without a parse.
   */
  readonly exportedNames: readonly string[];
}

const EXPORTED_NAME = /\bexport\s+(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)|\bexport\s+(?:const|let|var)\s+([A-Za-z_$][\w$]*)|(?:\bmodule\.)?\bexports\.([A-Za-z_$][\w$]*)\s*=[^=]/g;

const DEFAULT_NAMES_RE = new RegExp(`\\b(?:${DEFAULT_HANDLER_NAMES.join('|')})\\b`);
const ADAPTER_RE = new RegExp(`['"\`](?:${[...new Set(HANDLER_ADAPTERS.flatMap((a) => a.modules))].map((m) => m.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})['"\`]`);
/** A first parameter named as looksLikeHandlerFunction() reads it. */
const EVENT_PARAMETER = /\(\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*_?(?:event|evt)\b/i;

export function handlerHints(text: string): HandlerHints {
  return {
    exports: /\bexports?\b|export\s*=/.test(text),
    defaultNames: DEFAULT_NAMES_RE.test(text),
    lambdaTypes: /aws-lambda|AWSLambda/.test(text),
    eventParameter: EVENT_PARAMETER.test(text),
    adapter: ADAPTER_RE.test(text),
    exportedNames: [...new Set([...text.matchAll(EXPORTED_NAME)].map((m) => (m[1] ?? m[2] ?? m[3])!))],
  };
}

/** Does the text export a handler by name, in a spelling that leaves no doubt (HandlerHints.exportedNames)? */
export function exportsHandlerName(hints: HandlerHints, settings: ResolvedSettings): boolean {
  return hints.exportedNames.some((n) => settings.handlerNames.has(n));
}

/**
 * Can a module export a handler (findHandlers finding one)? Answered from its text's hints, so that the module graph
 * parses only the modules that may be handler entries. True for every text findHandlers can find a handler in: a
 * handler name of the settings, an `aws-lambda` type, an adapter module, or a first parameter named `event`/`evt`
 * (test/core/handler-hints.test.ts checks this on every fixture). Handler names beyond the defaults are looked for in
 * `text()`, read only then. Deployment-named exports are found from the deployment files, not here.
 */
export function mayBeHandlerModule(hints: HandlerHints, settings: ResolvedSettings, text: () => string | null): boolean {
  if (!hints.exports) return false;
  if (hints.defaultNames || hints.lambdaTypes || hints.eventParameter || hints.adapter) return true;
  const extra = [...settings.handlerNames].filter((n) => !DEFAULT_HANDLER_NAMES.includes(n));
  if (extra.length === 0) return false;
  const t = text();
  return t !== null && extra.some((n) => new RegExp(`\\b${n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\b`).test(t));
}

/** What unwrapExpression() looks through: `(f as Handler)()` still calls `f`. */
const WRAPPERS = new Set(['TSAsExpression', 'TSSatisfiesExpression', 'TSNonNullExpression', 'TSTypeAssertion', 'TSInstantiationExpression', 'ChainExpression']);

/**
 * The functions that run while a handler runs: the handler functions, the same-file functions they call
 * (directly, as `this.method()` in a class, or handed over as callbacks such as `records.map(processRecord)`),
 * transitively. Functions nested inside any of these are part of them by containment.
 *
 * Calls by name are found through the scope manager's references (each reference already knows its variable),
 * not by walking every node of every function reached: in a large module that walk was most of the analysis'
 * time. Only functions in or around a class are walked, for `this.method()` calls, which are no references.
 *
 * The search runs only as far as a question needs: `includes(fn)` expands it until `fn` (or a function around it)
 * is reached, and only a "no" needs the whole closure. The closure does not depend on the order functions are
 * expanded in, so a partial search answers every "yes" exactly as the complete one would.
 */
export class InvocationReach {
  private readonly reached = new Set<FunctionNode>();
  /** Reached functions whose calls are not followed yet. */
  private readonly queue: FunctionNode[] = [];
  /**
   * `scopes.functionsOfVariable(v)` per variable (a helper such as `json()` is called from every route); null for a
   * variable whose definition may stand for a function but that was not resolved yet.
   */
  private readonly targets = new Map<Variable, readonly FunctionNode[] | null>();

  constructor(
    handlers: readonly HandlerExport[],
    private readonly scopes: Scopes,
    private readonly visitorKeys: ParsedFile['visitorKeys'],
  ) {
    for (const h of handlers) for (const fn of h.functions) this.add(fn);
  }

  /** Is `node` inside a function that runs while a handler runs (or one itself)? */
  includes(node: Node): boolean {
    const around: FunctionNode[] = [];
    for (let n: Node | undefined = node; n; n = n.parent) if (isFunction(n)) around.push(n);
    if (around.some((fn) => this.reached.has(fn))) return true;
    // A helper such as `inTransaction()` is called from a few routes, which the router calls: the call sites of its
    // name, and of theirs, say so at once, where the search would expand routes from the last one until one calls it.
    const visiting = new Set<FunctionNode>();
    if (around.some((fn) => this.provenByCallers(fn, visiting))) return true;
    for (;;) {
      if (around.some((fn) => this.reached.has(fn))) return true;
      const next = this.queue.pop();
      if (!next) return false;
      this.expand(next);
    }
  }

  /**
   * Is `fn` called by its own name (or handed over as a callback) where expanding a function of the closure would
   * find the call: in that function's scope, or in scopes nested in it other than a listener's? The callers are
   * proven the same way, back to reached functions. A proof adds the functions it went through. Only a shortcut to
   * a "yes": a "no" says nothing (`fn` may be reached through an alias or `this.method()`), and the search decides.
   */
  private provenByCallers(fn: FunctionNode, visiting: Set<FunctionNode>): boolean {
    if (this.reached.has(fn)) return true;
    if (visiting.has(fn) || visiting.size >= 64) return false;
    visiting.add(fn);
    const variable = this.scopes.functionVariable(fn);
    if (!variable) return false;
    let targets = this.targets.get(variable);
    if (targets === undefined) this.targets.set(variable, (targets = mayStandForFunction(variable) ? null : NO_FUNCTIONS));
    if (targets !== null && !targets.includes(fn)) return false;
    for (const ref of variable.references) {
      if (!isCallOrCallback(ref.identifier as Node)) continue;
      if (targets === null) this.targets.set(variable, (targets = this.scopes.functionsOfVariable(variable)));
      if (!targets.includes(fn)) return false;
      for (let scope: Scope | null = ref.from; scope; scope = scope.upper) {
        const block = scope.block as Node;
        if (!isFunction(block)) continue;
        if (this.provenByCallers(block, visiting)) {
          this.add(fn);
          return true;
        }
        // expanding a function does not look into the listeners registered in it
        if (isListenerArgument(block)) break;
      }
    }
    return false;
  }

  /**
   * `includes()` without expanding the search: true when `fn` (or a function around it) is reached already or proven
   * by its call sites; false may be wrong (a function reached only through an alias or `this.method()`). For questions
   * where a wrong "no" only words a finding differently, so that a "no" does not cost the whole closure.
   */
  includesQuickly(node: Node): boolean {
    const around: FunctionNode[] = [];
    for (let n: Node | undefined = node; n; n = n.parent) if (isFunction(n)) around.push(n);
    if (around.some((fn) => this.reached.has(fn))) return true;
    const visiting = new Set<FunctionNode>();
    return around.some((fn) => this.provenByCallers(fn, visiting));
  }

  /** The complete set. */
  all(): ReadonlySet<FunctionNode> {
    for (let next = this.queue.pop(); next; next = this.queue.pop()) this.expand(next);
    return this.reached;
  }

  private add(fn: FunctionNode): void {
    if (!this.reached.has(fn)) {
      this.reached.add(fn);
      this.queue.push(fn);
    }
  }


  /** Adds what `fn` calls (or hands over as a callback) by name, and in a class through `this.method()`. */
  private expand(fn: FunctionNode): void {
    const root = this.scopes.functionScope(fn);
    const stack = root ? [root] : [];
    let classes = enclosingClass(fn) !== null;
    while (stack.length > 0) {
      const scope = stack.pop()!;
      if (scope.type === 'class') classes = true;
      const references = scope.references;
      for (let r = 0; r < references.length; r++) {
        const ref = references[r]!;
        // an unresolved name (a global) stands for no function of this file
        const variable = ref.resolved;
        if (!variable) continue;
        // Most names (parameters, imports, `const rows = await …`) can stand for no function: skip them before
        // looking at where the reference is, which touches its nodes.
        let targets = this.targets.get(variable);
        if (targets === undefined) this.targets.set(variable, (targets = mayStandForFunction(variable) ? null : NO_FUNCTIONS));
        if (targets !== null && targets.length === 0) continue;
        if (isCallOrCallback(ref.identifier as Node)) {
          if (targets === null) this.targets.set(variable, (targets = this.scopes.functionsOfVariable(variable)));
          for (const target of targets) this.add(target);
        }
      }
      const children = scope.childScopes;
      for (let c = 0; c < children.length; c++) {
        const child = children[c]!;
        // a listener registered here runs at its event, not as part of the invocation
        if (isFunction(child.block as Node) && isListenerArgument(child.block as FunctionNode)) continue;
        stack.push(child);
      }
    }
    if (classes) {
      walk(fn.body, this.visitorKeys, (node) => {
        if (isFunction(node) && isListenerArgument(node)) return false;
        if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return true;
        const callee = unwrapExpression(node.callee);
        if (callee.type === 'MemberExpression' && unwrapExpression(callee.object).type === 'ThisExpression') {
          const name = propertyName(callee);
          const cls = enclosingClass(node);
          if (name !== null && cls) {
            for (const m of cls.body.body) {
              if ((m.type === 'MethodDefinition' || m.type === 'PropertyDefinition') && propertyName(m) === name && isFunction(m.value)) this.add(m.value);
            }
          }
        }
        return true;
      });
    }
  }
}

const NO_FUNCTIONS: readonly FunctionNode[] = [];

/** `f()`, `new F()`, `(f as Handler)()`: the callee; `records.map(processRecord)`: an argument. */
function isCallOrCallback(id: Node): boolean {
  let top: Node = id;
  while (top.parent && WRAPPERS.has(top.parent.type) && (top.parent as { expression?: Node }).expression === top) top = top.parent;
  const call = top.parent;
  if (call?.type !== 'CallExpression' && call?.type !== 'NewExpression') return false;
  return call.callee === top || (id.parent === call && call.arguments.includes(id as TSESTree.CallExpressionArgument));
}

/**
 * Can `scopes.functionsOfVariable(variable)` be non-empty? Only for a function declaration's name, or a
 * `const`/`let` whose initialiser is a function, a name, a call or a member (what Scopes.resolveFunctions follows).
 */
function mayStandForFunction(variable: Variable): boolean {
  const def = variable.defs[0];
  if (!def) return false;
  if (def.type === 'FunctionName') return def.node.type === 'FunctionDeclaration';
  if (def.type !== 'Variable' || def.node.type !== 'VariableDeclarator' || def.node.id.type !== 'Identifier' || !def.node.init) return false;
  const init = unwrapExpression(def.node.init);
  return isFunction(init) || init.type === 'Identifier' || init.type === 'CallExpression' || init.type === 'MemberExpression';
}

/** The complete set of functions that run while a handler runs (see InvocationReach). */
export function invocationFunctions(handlers: readonly HandlerExport[], scopes: Scopes, visitorKeys: ParsedFile['visitorKeys']): ReadonlySet<FunctionNode> {
  return new InvocationReach(handlers, scopes, visitorKeys).all();
}

/** `process.on('SIGTERM', <this function>)`. */
function isListenerArgument(fn: FunctionNode): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const path = memberPath(call.callee);
  return path !== null && path.length === 2 && (path[0] === 'process' || path[0] === 'globalThis') && LISTENER_METHODS.has(path[1]!);
}

function enclosingClass(node: Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'ClassBody') return n.parent;
  }
  return null;
}

/** Is `node` inside one of `functions` (or one of them)? */
export function isInsideAny(node: Node, functions: ReadonlySet<FunctionNode>): boolean {
  for (let n: Node | undefined = node; n; n = n.parent) {
    if (isFunction(n) && functions.has(n)) return true;
  }
  return false;
}

