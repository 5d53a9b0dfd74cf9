/**
 * The edits that fix a finding, as plain text edits. Rule suggestions and codemods apply the same edits, so a
 * suggestion and the codemod always agree.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { contains, enclosingFunction, enclosingStatement, isFunction, methodCallOn, unwrapExpression, valueExpression, walk } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import type { FileAnalysis } from './analysis.js';
import { analyze } from './analysis.js';
import { parseFile } from './parse.js';
import type { InvocationCleanup } from './cleanup.js';
import type { Resource } from './resources.js';
import type { ParsedFile, Scopes, Variable } from './scope.js';

type Reference = Variable['references'][number];
import { detectStyle, endOfLine, lineIndent } from './style.js';
import type { CodeStyle } from './style.js';
import { LISTENER_METHODS } from './catalog.js';
import { shutdownHookEdits } from './shutdown-hook.js';
import type { Platform } from './settings.js';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/**
 * Applies non-overlapping edits to a text. Edits at the same offset apply in the order given. An overlap is a bug in
 * an edit generator and throws.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = edits.map((edit, index) => ({ edit, index })).sort((a, b) => a.edit.range[0] - b.edit.range[0] || a.index - b.index);
  let out = '';
  let pos = 0;
  for (const { edit } of sorted) {
    const [start, end] = edit.range;
    if (start < pos || end < start || end > text.length) {
      throw new Error(`lambda-shutdown: overlapping edits at ${start}-${end} (internal error).`);
    }
    out += text.slice(pos, start) + edit.text;
    pos = end;
  }
  return out + text.slice(pos);
}

/** Why an edit generator writes nothing for a finding: what a codemod's note for the finding it leaves says. */
export interface NoFix {
  readonly noFix: string;
}

/** The edits that fix a finding, or why there are none. */
export type FixPlan = TextEdit[] | NoFix;

export function noFix(reason: string): NoFix {
  return { noFix: reason };
}

export function editsOf(plan: FixPlan): TextEdit[] | null {
  return Array.isArray(plan) ? plan : null;
}

/** `toPdf()`, `the function at line 8`: a function as a reason names it. */
export function functionLabel(fn: FunctionNode | null): string {
  if (!fn) return 'module scope';
  const id = fn.id ?? (fn.parent?.type === 'VariableDeclarator' && fn.parent.id.type === 'Identifier' ? fn.parent.id : null);
  return id ? `\`${id.name}()\`` : `the function at line ${fn.loc.start.line}`;
}

/**
 * The close a message names, as the fix writes it where there is one: `await pool.end()`, `client.release()`,
 * `fs.closeSync(fd)`; through what holds it (`await cache.close()`, `await cache.client.quit()`); and, where nothing here
 * names it, a placeholder (`await <the default export>.destroy()`, `await <the Pool held by db>.end()`).
 */
export function closeCall(resource: Resource, inAsync = true): string {
  const close = resource.spec.close;
  const wait = close.async && inAsync ? 'await ' : '';
  if (resource.exportedAs) return `${wait}${resource.exportedAs === 'default' ? '<the default export>' : '<module.exports>'}.${close.method}()`;
  if (resource.wrapper) {
    // a method of the holder's class that closes it, else the member that holds it, where code outside can name it
    const closer = resource.wrapperClosers ? [...resource.wrapperClosers][0] : undefined;
    if (closer) return `${wait}${resource.wrapper.name}.${closer}()`;
    return `${wait}${resource.wrapperPath ?? `<the ${resource.spec.label} held by ${resource.wrapper.name}>`}.${close.method}()`;
  }
  return closeStatement(resource, { inAsync, optional: false, semicolons: false }) ?? `${close.method}(${resource.name ?? '…'})`;
}

/** The statement that closes a resource: `await pool.end();`, `client.release();`, `await pool?.end();`. */
export function closeStatement(resource: Resource, opts: { inAsync: boolean; optional: boolean; semicolons: boolean }): string | null {
  const name = resource.name;
  // `export default knex(…)`, `new RateLimiter({ db: new Redis() })`: nothing here names it to close
  if (name === null || resource.exportedAs || resource.wrapper) return null;
  const close = resource.spec.close;
  const semi = opts.semicolons ? ';' : '';
  let expr: string;
  if (resource.spec.closeFunctions) {
    // fs.openSync(...) → fs.closeSync(fd): needs the module object the factory was called on
    const callee = resource.node.type === 'CallExpression' ? unwrapExpression(resource.node.callee) : null;
    if (callee?.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return null;
    const call = `${callee.object.name}.${close.method}(${name})`;
    return opts.optional ? `if (${name} !== undefined) ${call}${semi}` : `${call}${semi}`;
  }
  if (close.template && opts.inAsync) {
    const stmt = `${close.template.replaceAll('{binding}', name)}${semi}`;
    return opts.optional ? `if (${name}) ${stmt}` : stmt;
  }
  const target = resource.promise ? `(await ${name})` : name;
  expr = `${target}${opts.optional ? '?.' : '.'}${close.method}()`;
  if (close.async && opts.inAsync) expr = `await ${expr}`;
  return `${expr}${semi}`;
}

/**
 * The close of a resource as an expression, for a list of closes that run concurrently
 * (`Promise.allSettled([pool.end(), redis.quit()])`): `pool.end()`, `pool?.end()` (`optional`: a lazily set cache),
 * `clientPromise.then((client) => client.close())`, `new Promise((resolve) => out.end(resolve))`, `fs.closeSync(fd)`.
 * Null when the resource has no name or its close cannot be written.
 */
export function closeExpression(resource: Resource, opts: { optional: boolean }): string | null {
  const name = resource.name;
  if (name === null) return null;
  const close = resource.spec.close;
  if (resource.spec.closeFunctions) {
    const callee = resource.node.type === 'CallExpression' ? unwrapExpression(resource.node.callee) : null;
    if (callee?.type !== 'MemberExpression' || callee.object.type !== 'Identifier') return null;
    const call = `${callee.object.name}.${close.method}(${name})`;
    return opts.optional ? `${name} !== undefined && ${call}` : call;
  }
  if (close.template) {
    const expr = close.template.replaceAll('{binding}', name).replace(/^await\s+/, '');
    return opts.optional ? `${name} && ${expr}` : expr;
  }
  const dot = opts.optional ? '?.' : '.';
  if (resource.promise) {
    // a binding that holds a promise of the resource: close what it resolves to, without waiting in line for it
    const param = resource.spec.kind;
    return `${name}${dot}then((${param}) => ${param}.${close.method}())`;
  }
  return `${name}${dot}${close.method}()`;
}

function isAsync(fn: FunctionNode): boolean {
  return fn.async;
}

/** Edits that make `fn` async, if it is not; null when that cannot be done safely (a non-void return type). */
export function makeAsync(fn: FunctionNode, text: string): TextEdit[] | null {
  if (fn.async) return [];
  if (fn.generator) return null;
  const edits: TextEdit[] = [];
  const returnType = fn.returnType?.typeAnnotation;
  if (returnType) {
    if (returnType.type !== 'TSVoidKeyword') return null;
    edits.push({ range: [returnType.range[0], returnType.range[1]], text: 'Promise<void>' });
  }
  // For methods and object properties the function starts at its parameters: `async` goes before the key.
  const p = fn.parent;
  if (p && (p.type === 'MethodDefinition' || (p.type === 'Property' && (p.method || p.kind !== 'init')))) {
    if (p.type === 'Property' && p.kind !== 'init') return null;
    const start = p.type === 'MethodDefinition' && p.static ? text.indexOf('static', p.range[0]) + 'static '.length : p.key.range[0];
    return [...edits, { range: [start, start], text: 'async ' }];
  }
  return [...edits, { range: [fn.range[0], fn.range[0]], text: 'async ' }];
}

/**
 * The statements that end the process once a SIGTERM listener's cleanup has settled.
 *
 * On Lambda: remove the SIGTERM listeners and re-raise the signal, so Node's default action ends the process at once.
 * Not `process.exit()`: under the Lambda Node.js runtime interface client it does not return. The client waits for
 * the next invocation with a blocking request on one of libuv's worker threads, and Node's exit joins those threads,
 * so the process would live on, its cleanup long done, until the Shutdown phase's SIGKILL (measured in
 * test/e2e/runtime.test.ts, see docs/rules/exit-after-cleanup.md). Without listeners a SIGTERM is fatal and ends
 * the process without that join. Removing every listener first keeps a second listener from running again, as an
 * exit would have cut it off too.
 *
 * In a container (`platform: 'container'`): `process.exit(0)`. Node is often PID 1 there, and the kernel does not
 * deliver a signal whose action is the default to PID 1, so a re-raise would be ignored; nothing there holds a
 * worker thread.
 */
export function endProcessStatements(style: CodeStyle, platform: Platform): string[] {
  const q = style.quote;
  if (platform === 'container') return ['process.exit(0)'];
  return [`process.removeAllListeners(${q}SIGTERM${q})`, `process.kill(process.pid, ${q}SIGTERM${q})`];
}

/** `endProcessStatements` as lines with the file's semicolons. */
export function endProcessLines(style: CodeStyle, platform: Platform): string[] {
  const semi = style.semicolons ? ';' : '';
  return endProcessStatements(style, platform).map((s) => `${s}${semi}`);
}

/**
 * The guard that ends the process `ms` after SIGTERM even if a close hangs. On Lambda a SIGKILL, which cannot wait
 * for the runtime client's thread either; in a container `process.exit(1)` (see `endProcessStatements`).
 */
export function guardStatement(style: CodeStyle, platform: Platform, ms: number): string {
  return `setTimeout(() => ${platform === 'container' ? 'process.exit(1)' : killStatement(style)}, ${ms}).unref()`;
}

/** The guard's end of the process on Lambda: a SIGKILL to itself, which no listener and no thread can hold up. */
function killStatement(style: CodeStyle): string {
  return `process.kill(process.pid, ${style.quote}SIGKILL${style.quote})`;
}

/** `setTimeout(() => …, ms)`: the arrow is the callback of a timer (a guard against a hanging close). */
function isTimerCallback(fn: TSESTree.ArrowFunctionExpression): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return false;
  const callee = unwrapExpression(call.callee);
  const name = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' ? callee.property.name : null;
  return name === 'setTimeout';
}

/** `process.on('SIGTERM', () => …)`: the arrow is the listener argument of a `process` listener method. */
function isProcessListenerArgument(fn: TSESTree.ArrowFunctionExpression): boolean {
  const call = fn.parent;
  if (call?.type !== 'CallExpression' || call.arguments.at(-1) !== fn) return false;
  const callee = unwrapExpression(call.callee);
  return callee.type === 'MemberExpression' && !callee.computed && callee.property.type === 'Identifier' && LISTENER_METHODS.has(callee.property.name);
}

/**
 * Replaces a `process.exit()` that a SIGTERM listener runs on Lambda (core/signals.ts `hangingExits`) with the re-raise
 * of `endProcessStatements`: two statements where the exit is one, a block where it is an arrow's body, else one
 * expression. As the callback of a timer (a guard) it becomes a SIGKILL.
 */
export function reRaiseEdits(exit: TSESTree.CallExpression, text: string): TextEdit[] {
  const style = detectStyle(text);
  const [remove, kill] = endProcessStatements(style, 'lambda') as [string, string];
  const semi = style.semicolons ? ';' : '';
  const parent = exit.parent;
  if (parent?.type === 'ExpressionStatement' && parent.expression === exit) {
    const list = parent.parent;
    if (list?.type === 'BlockStatement' || list?.type === 'Program' || list?.type === 'SwitchCase' || list?.type === 'StaticBlock') {
      // one statement per line when the exit has a line of its own; its own semicolon, if any, stays after the second
      const lineStart = text.lastIndexOf('\n', parent.range[0] - 1) + 1;
      const ownLine = text.slice(lineStart, parent.range[0]).trim() === '';
      const between = ownLine ? `${semi}${style.newline}${lineIndent(text, parent.range[0])}` : '; ';
      return [{ range: [exit.range[0], exit.range[1]], text: `${remove}${between}${kill}` }];
    }
    // `if (done) process.exit(0);`: a block keeps both statements under the `if`
    return [{ range: [parent.range[0], parent.range[1]], text: `{ ${remove}; ${kill}${semi} }` }];
  }
  // a parenthesized arrow body takes the expression form: a block there would read as an object literal
  if (parent?.type === 'ArrowFunctionExpression' && parent.body === exit && !/\($/.test(text.slice(0, exit.range[0]).trimEnd())) {
    if (isTimerCallback(parent)) return [{ range: [exit.range[0], exit.range[1]], text: killStatement(style) }];
    if (isProcessListenerArgument(parent)) {
      // the listener itself, `process.on('SIGTERM', () => process.exit(0))`: a block of its own lines
      const outer = lineIndent(text, parent.range[0]);
      const inner = outer + style.indent;
      const nl = style.newline;
      return [{ range: [exit.range[0], exit.range[1]], text: `{${nl}${inner}${remove}${semi}${nl}${inner}${kill}${semi}${nl}${outer}}` }];
    }
    // `.finally(() => process.exit(0))`: one line, as written
    return [{ range: [exit.range[0], exit.range[1]], text: `{ ${remove}; ${kill}${semi} }` }];
  }
  // anywhere else an expression: `(a, exit())`, `done && exit()`. `removeAllListeners` returns `process`, `kill` true
  const sequence = `${remove}, ${kill}`;
  return [{ range: [exit.range[0], exit.range[1]], text: parent?.type === 'SequenceExpression' ? sequence : `(${sequence})` }];
}

/** Is `name` a binding of the module's top level (an import, a module-scope declaration)? */
function moduleBinding(analysis: FileAnalysis, name: string): boolean {
  const global = analysis.scopes.globalScope;
  return [global, ...global.childScopes.filter((s) => s.type === 'module')].some((s) => s.set.get(name)?.defs.length);
}

/**
 * Can a module-scope SIGTERM listener name what it must close? Not the local `app` of a cached `bootstrap()`, nor a
 * closure's variable: a module resource of those has no name at the top level. A module-wide singleton is closed
 * through its module (`mongoose.disconnect()`), which the file must bind: `import { connect } from 'mongoose'` binds
 * no `mongoose`. Every writer of a SIGTERM close asks this (the rule's suggestion, add-shutdown-hook).
 */
export function nameableAtModuleLevel(analysis: FileAnalysis, resource: Resource): boolean {
  // its own binding, or the one of what holds it (`limiter` of `limiter.storeClient`)
  const binding = resource.variable ?? resource.wrapper;
  if (binding) return binding.scope.block.type === 'Program';
  if (resource.factory.singleton && !resource.checkout && resource.name !== null) return moduleBinding(analysis, resource.name);
  return true;
}

/**
 * Adds the close of a module-scope resource to the file's SIGTERM listener, or adds a listener: the listener the
 * add-shutdown-hook codemod writes for that one resource (core/shutdown-hook.ts), so that the rule's suggestion and
 * the codemod write the same text. An existing listener only gets the close (and becomes async): ending the process
 * there is exit-after-cleanup's suggestion.
 */
export function sigtermCleanupEdits(analysis: FileAnalysis, resource: Resource, text: string): { edits: TextEdit[]; extends: boolean } | null {
  if (needsBinding(analysis, resource)) return boundSigtermCleanupEdits(analysis, resource, text);
  const hook = shutdownHookEdits(analysis, [resource], text, { exit: false });
  return hook && { edits: hook.edits, extends: hook.extends };
}

/**
 * The edits that give a resource no module-level listener can name a binding that one can: a module-level variable
 * for a function's local (`app` of a cached `bootstrap()`), the module for a singleton used through named imports, a
 * constant for what the module exports without a name. Null when none of those applies.
 */
export function bindingPlan(analysis: FileAnalysis, resource: Resource, text: string, typescript: boolean): FixPlan | null {
  if (resource.variable) return moduleBindingPlan(analysis, resource, text, typescript);
  if (resource.factory.singleton && !resource.checkout) return singletonBindingPlan(analysis, resource, text);
  if (resource.exportedAs) return exportBindingPlan(analysis, resource, text);
  return null;
}

/** Does `resource` need a binding edit before a listener can close it: not nameable at module level, or exported without a name. */
export function needsBinding(analysis: FileAnalysis, resource: Resource): boolean {
  return !nameableAtModuleLevel(analysis, resource) || resource.exportedAs !== undefined;
}

/** TypeScript syntax, by file name: a module-level binding gets a type. */
export function isTypeScriptFile(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}

/**
 * sigtermCleanupEdits() for a resource that needs a binding first: the binding's edits, then the listener written on
 * an analysis of the bound text, as one edit over the span the two change. What add-shutdown-hook writes for the
 * resource. Null when either step has no edit.
 */
function boundSigtermCleanupEdits(analysis: FileAnalysis, resource: Resource, text: string): { edits: TextEdit[]; extends: boolean } | null {
  const filename = analysis.location?.filename;
  if (!filename) return null;
  const plan = bindingPlan(analysis, resource, text, isTypeScriptFile(filename));
  if (!plan || !Array.isArray(plan)) return null;
  let bound: string;
  let parsed: ParsedFile;
  try {
    bound = applyEdits(text, plan);
    parsed = parseFile(bound, filename, { tokens: false });
  } catch {
    return null;
  }
  const after = analyze(parsed, analysis.settings, analysis.location ?? undefined);
  // the resource in the bound text: where it starts, moved by the edits before it
  const start = resource.node.range[0] + plan.filter((e) => e.range[1] <= resource.node.range[0]).reduce((n, e) => n + e.text.length - (e.range[1] - e.range[0]), 0);
  const same = after.unclosedModuleResources().find((r) => r.node.range[0] === start);
  if (!same || needsBinding(after, same)) return null;
  const hook = shutdownHookEdits(after, [same], bound, { exit: false });
  if (!hook) return null;
  const final = applyEdits(bound, hook.edits);
  let head = 0;
  while (head < text.length && head < final.length && text[head] === final[head]) head++;
  let tail = 0;
  while (tail < text.length - head && tail < final.length - head && text[text.length - 1 - tail] === final[final.length - 1 - tail]) tail++;
  return { edits: [{ range: [head, text.length - tail], text: final.slice(head, final.length - tail) }], extends: hook.extends };
}

/** The module-level statement after which a new listener goes: the one declaring the resource's binding. */
export function moduleStatementOf(resource: Resource): Node | null {
  const def = resource.variable?.defs[0]?.node as Node | undefined;
  let n: Node | undefined = def ?? resource.node;
  while (n?.parent && n.parent.type !== 'Program') n = n.parent;
  return n?.parent ? n : null;
}

/**
 * Makes a per-invocation resource close on every path: wraps the statements from after its creation to its last
 * use (extended so that declarations used later stay in scope) in `try { … } finally { close }`, moving closes
 * that ran only on the success path into the `finally`.
 */
export function finallyCleanupEdits(resource: Resource, cleanup: InvocationCleanup, text: string, analysis: FileAnalysis): TextEdit[] | null {
  return editsOf(finallyCleanupPlan(resource, cleanup, text, analysis));
}

/** finallyCleanupEdits(), or why it writes nothing (what the codemod's note for a finding it leaves says). */
export function finallyCleanupPlan(resource: Resource, cleanup: InvocationCleanup, text: string, analysis: FileAnalysis): FixPlan {
  if (cleanup.consumedLate) return noFix('it is piped (or handed to `pipeline`) only after an `await` that can throw, and it could not be opened after that `await` instead');
  if (!resource.declarator || !resource.variable) {
    const def = resource.variable?.defs[0];
    const fn = def?.type === 'Parameter' ? (def.node as Node) : null;
    const call = fn?.parent?.type === 'CallExpression' ? fn.parent : null;
    const then = call && call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.type === 'Identifier' ? call.callee.property.name : null;
    if (then === 'then' || then === 'catch' || then === 'finally') {
      return noFix(`it arrives as the parameter of a \`.${then}()\` callback (line ${call!.loc.start.line}), and a promise chain has no block that a \`finally\` could follow: rewrite the chain with \`await\``);
    }
    return noFix('it is not held in a variable of its own that a `finally` could close');
  }
  if (!resource.owner) return noFix('it is not opened inside a function');
  const style = detectStyle(text);
  const place = enclosingStatement(resource.declarator);
  if (!place) return noFix('its declaration is not a statement of a block that a `try` could follow');
  const { statement, body } = place;
  const index = body.indexOf(statement);
  const owner = resource.owner;
  const close = closeStatement(resource, { inAsync: isAsync(owner), optional: false, semicolons: style.semicolons });
  if (!close) return noFix(resource.exportedAs ? 'it is exported, so its close belongs to the code that imports it' : resource.wrapper ? `it is held by \`${resource.wrapper.name}\`, whose close is not known here` : 'no close statement can be written for it');
  // Outside an async function a finally runs before callback or promise work on the resource has finished
  // (a stream's end() is the exception: it flushes what was written before it).
  if (!owner.async && resource.spec.kind !== 'stream') {
    if (resource.spec.close.async) return noFix(`the function that opens it is not async, so a \`finally\` could not await \`${closeCall(resource, false)}\``);
    const late = resource.variable.references.find((r) => enclosingFunction(r.identifier as Node) !== owner);
    if (late) return noFix(`it is used in a callback (line ${late.identifier.loc.start.line}) that can run after the function returns: a \`finally\` would close it under that callback`);
  }

  const statementIndexOf = (node: Node): number => {
    for (let n: Node | undefined = node; n; n = n.parent) {
      if (n.parent === statement.parent) return body.indexOf(n as TSESTree.Statement);
      if (isFunction(n) && n === owner) return -1;
    }
    return -1;
  };

  let end = -1;
  for (const ref of resource.variable.references) {
    const i = statementIndexOf(ref.identifier as Node);
    if (i > end) end = i;
  }
  if (end <= index) return noFix('nothing uses it after the statement that opens it, in the same block');
  // Keep declarations that later statements use in scope: extend the range over those statements. What each
  // statement after the resource's declares in their block (`const`, and function and class declarations, which
  // are block-scoped as well), found once from the block's scope.
  const declared = new Map<number, Variable[]>();
  for (const variable of analysis.scopes.scopeOf(statement).variables) {
    for (const def of variable.defs) {
      const i = statementIndexOf(def.node as Node);
      if (i <= index) continue;
      const list = declared.get(i);
      if (!list) declared.set(i, [variable]);
      else if (list.at(-1) !== variable) list.push(variable);
    }
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = index + 1; i <= end; i++) {
      for (const variable of declared.get(i) ?? []) {
        for (const ref of variable.references) {
          const j = statementIndexOf(ref.identifier as Node);
          // used before the range (a closure declared earlier): no range keeps it in scope
          if (j <= index) return noFix(`\`${variable.name}\`, declared after it, is used before it (line ${ref.identifier.loc.start.line}): no \`try\` block keeps both in scope`);
          if (j > end) {
            end = j;
            changed = true;
          }
        }
      }
    }
  }

  const from = body[index + 1]!.range[0];
  const to = body[end]!.range[1];
  let closeText = close;
  // Success-path closes inside the range move into the finally; each must be a statement of its own, and
  // nothing after it may use the resource (`ws.end(); await once(ws, 'finish')` would wait forever).
  const edits: TextEdit[] = [];
  const moved = new Set<Node>();
  for (const use of cleanup.straightCloses) {
    let stmt: Node = use.node;
    if (stmt.parent?.type === 'AwaitExpression') stmt = stmt.parent;
    stmt = stmt.parent as Node;
    const movable = stmt?.type === 'ExpressionStatement' && (stmt.parent?.type === 'BlockStatement' || stmt.parent?.type === 'Program');
    const handedTo = !movable && use.node.type === 'CallExpression' && use.node.arguments.includes(use.ref) ? use.node.callee : null;
    if (handedTo) {
      const name = handedTo.type === 'Identifier' ? `\`${handedTo.name}()\`` : 'the function';
      return noFix(`it is closed in ${name} it is passed to at line ${use.node.loc.start.line}, on the success path only: a \`finally\` here would close it a second time, and moving that close is an edit in another function`);
    }
    if (!movable && stmt?.type === 'ExpressionStatement') return noFix(`its close at line ${use.node.loc.start.line} runs under a condition or in a loop, which a \`finally\` would make unconditional`);
    if (!movable) return noFix(`its close at line ${use.node.loc.start.line} is part of a larger expression, which cannot move into a \`finally\``);
    if (stmt.range[0] < from || stmt.range[1] > to) {
      const fn = enclosingFunction(stmt);
      const where = fn !== owner ? `in ${functionLabel(fn)}, which it is passed to` : 'outside the block that opens it';
      return noFix(`it is closed at line ${use.node.loc.start.line}, ${where}, on the success path only: a \`finally\` here would close it a second time, and moving that close is an edit outside this function`);
    }
    // a close under a condition or in a loop (`if (!keep) await client.end()`) cannot become unconditional
    if (!unconditionalWithin(stmt, statement.parent!)) return noFix(`its close at line ${use.node.loc.start.line} runs under a condition or in a loop, which a \`finally\` would make unconditional`);
    const after = stmt.range[1];
    const closeTry = enclosingTryBlock(stmt);
    const exitBlock = exitBlockOf(stmt);
    const usedLater = resource.variable.references.some((r) => {
      const id = r.identifier as Node;
      if (id.range[0] <= after || id.range[0] >= to) return false;
      // after a close that belongs to a `return`/`throw`, only that block runs on
      if (exitBlock && !contains(exitBlock, id)) return false;
      // the catch of a try whose block holds the close runs only when the block threw before it finished
      return !(closeTry && closeTry.handler && contains(closeTry.handler, id));
    });
    if (usedLater) return noFix(`it is used after its close at line ${use.node.loc.start.line}, which a \`finally\` would move past that use`);
    const removal = removeStatement(stmt, text);
    edits.push(removal);
    moved.add(stmt);
    // the moved close keeps its trailing comment: `await client.end(); // done`
    if (removal.comment && edits.length === 1) closeText = `${close}${removal.comment}`;
  }
  // `return client.query()` inside the new try would let the finally close the client before the query settles:
  // await what is returned when it uses the resource, or calls what it opened (`return page.pdf()` of a browser's
  // page). Such a return is found from the resource's references (and its children's): the
  // nearest return above one, with no function between them or between it and the wrapped statement.
  // (only when the statements' text has a `return` at all)
  const returnAt = text.indexOf('return', body[index + 1]!.range[0]);
  if (owner.async && returnAt >= 0 && returnAt < body[end]!.range[1]) {
    const returns = new Set<TSESTree.ReturnStatement>();
    for (const ref of [...resource.variable.references, ...childReferences(resource, analysis.scopes)]) {
      let candidate: TSESTree.ReturnStatement | null = null;
      let n: Node | undefined = ref.identifier as Node;
      for (; n && n !== owner; n = n.parent) {
        if (isFunction(n)) candidate = null;
        else if (n.type === 'ReturnStatement') candidate = n;
        if (n.parent === statement.parent) break;
      }
      if (!candidate || !n || n === owner) continue;
      const i = body.indexOf(n as TSESTree.Statement);
      if (i > index && i <= end && candidate.argument && unwrapExpression(candidate.argument).type === 'CallExpression') returns.add(candidate);
    }
    for (const r of [...returns].sort((a, b) => a.range[0] - b.range[0])) edits.push({ range: [r.argument!.range[0], r.argument!.range[0]], text: 'await ' });
  }

  const nl = style.newline;
  // One try statement already covers every use, the closes that move aside (a transaction's `try { BEGIN … COMMIT }
  // catch { ROLLBACK; throw }` and the `client.release()` after it): add the close to its finally, or give it one.
  const staying = body.slice(index + 1, end + 1).filter((s) => !moved.has(s));
  const first = staying.length === 1 ? staying[0]! : body[index + 1]!;
  const last = staying.length === 1 ? first : body[end]!;
  if (first === last && first.type === 'TryStatement') {
    const indent = lineIndent(text, first.range[0]);
    if (first.finalizer) {
      const fin = first.finalizer;
      const lastInFinally = fin.body.at(-1);
      if (!lastInFinally) return [{ range: [fin.range[0], fin.range[1]], text: `{${nl}${indent}${style.indent}${closeText}${nl}${indent}}` }, ...edits];
      const at = lastInFinally.range[1];
      return [{ range: [at, at], text: `${nl}${indent}${style.indent}${closeText}` }, ...edits];
    }
    // first in the list: the removal of a close right after the try starts where this insertion does
    return [{ range: [first.range[1], first.range[1]], text: ` finally {${nl}${indent}${style.indent}${closeText}${nl}${indent}}` }, ...edits];
  }
  const indent = lineIndent(text, first.range[0]);
  const inner = indentLines(text, from, to, style.indent, templateRanges(body.slice(index + 1, end + 1), analysis), edits);
  const wrapped = `try {${nl}${style.indent}${indent}${inner}${nl}${indent}} finally {${nl}${indent}${style.indent}${closeText}${nl}${indent}}`;
  return [{ range: [from, to], text: wrapped }];
}

/**
 * Opens a stream that is piped only after an `await` right before the statement that pipes it, as
 * require-finally-cleanup's `consumedLate` finding asks first: `const file = createWriteStream(p); const res = await
 * s3.send(…); res.Body.pipe(file)` gets the `await` first, so that when it throws there is no stream to leak. Only when
 * its creation awaits nothing, nothing in between uses the stream or assigns what its creation reads, and the
 * statements in between are in the same block.
 */
export function openAfterAwaitPlan(resource: Resource, cleanup: InvocationCleanup, text: string, analysis: FileAnalysis): FixPlan {
  if (!cleanup.consumedLate) return noFix('it is not consumed after an `await`');
  const { declarator, variable } = resource;
  if (!declarator || !variable) return noFix('it is not held in a variable of its own, which could be opened later');
  const place = enclosingStatement(declarator);
  const declaration = place?.statement;
  if (!place || declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1) {
    return noFix('its declaration declares other variables as well, so it cannot move after the `await` alone');
  }
  const { body } = place;
  const index = body.indexOf(declaration);
  const indexIn = (node: Node): number => {
    for (let n: Node | undefined = node; n; n = n.parent) if (n.parent === declaration.parent) return body.indexOf(n as TSESTree.Statement);
    return -1;
  };
  let consumer = Infinity;
  for (const ref of variable.references) {
    if (ref.init) continue;
    const i = indexIn(ref.identifier as Node);
    if (i <= index) return noFix(`it is used at line ${ref.identifier.loc.start.line}, outside the statements after it in its block`);
    consumer = Math.min(consumer, i);
  }
  if (consumer === Infinity || consumer === index + 1) return noFix('the `await` that can throw is in the statement that consumes it');
  const between = body.slice(index + 1, consumer);
  const init = declarator.init;
  let blocker: string | null = null;
  if (init) {
    walk(init, visitorKeys, (n) => {
      if (blocker) return false;
      if (n.type === 'AwaitExpression' || n.type === 'YieldExpression') blocker = 'opening it awaits';
      else if (n.type === 'Identifier' && !isPropertyName(n)) {
        const v = analysis.scopes.variableOf(n);
        const write = v?.references.find((r) => r.isWrite() && between.some((b) => contains(b, r.identifier as Node)));
        if (write) blocker = `\`${v!.name}\`, which opening it reads, is assigned at line ${write.identifier.loc.start.line}, before it is piped`;
      }
      return true;
    });
  }
  if (blocker) return noFix(blocker);
  const removal = removeStatement(declaration, text);
  const moved = text.slice(declaration.range[0], declaration.range[1]) + (removal.comment ?? '');
  const nl = detectStyle(text).newline;
  // above the comments right over the consuming statement (`// @ts-ignore` belongs to the line after it)
  const at = lineAboveComments(text, body[consumer]!.range[0]);
  // a blank line the removal leaves first in its block goes with it
  let range = removal.range;
  const afterRemoved = text.slice(range[1]);
  if (/[{(]\s*$/.test(text.slice(0, range[0])) && /^\r?\n[ \t]*\r?\n/.test(afterRemoved)) range = [range[0], range[1] + /^\r?\n[ \t]*(?=\r?\n)/.exec(afterRemoved)![0].length];
  return [
    { range, text: '' },
    { range: [at, at], text: `${lineIndent(text, body[consumer]!.range[0])}${moved}${nl}` },
  ];
}

/**
 * The start of the line of `offset`, or of the comment lines right above it (`// @ts-ignore`, a JSDoc block): where a
 * statement inserted before it goes, so that it does not come between a comment and what the comment is about. From
 * the text: the codemods parse without a comment list.
 */
function lineAboveComments(text: string, offset: number): number {
  let at = lineStartOf(text, offset);
  let inBlock = false;
  while (at > 0) {
    const prev = lineStartOf(text, at - 1);
    const line = text.slice(prev, at - 1).replace(/\r$/, '').trim();
    if (inBlock) inBlock = !line.startsWith('/*');
    else if (line.startsWith('//') || (line.startsWith('/*') && line.endsWith('*/'))) {
      // one line of comment
    } else if (line.endsWith('*/')) inBlock = !line.startsWith('/*');
    else break;
    at = prev;
  }
  return at;
}

/**
 * Gives a module-lifetime resource held by a function's local variable a module-level binding, so that a module-scope
 * SIGTERM listener can close it: `async function bootstrap() { const app = await NestFactory.create(AppModule); … }`
 * becomes `let app: Awaited<ReturnType<typeof NestFactory.create>> | undefined;` before the function and
 * `app = await NestFactory.create(AppModule);` in it (in JavaScript, `let app;`). The listener then closes it if it
 * was made: `await app?.close()`. Only when the name means nothing else at module level or between, the variable is
 * assigned once, and (in TypeScript) every use is in the function itself, where the assignment narrows the type.
 */
export function moduleBindingPlan(analysis: FileAnalysis, resource: Resource, text: string, typescript: boolean): FixPlan {
  const { variable, declarator } = resource;
  if (variable && !declarator) {
    const block = variable.scope.block as Node;
    const holder = isFunction(block) ? functionLabel(block) : 'a block';
    return noFix(`it is held by \`${variable.name}\`, a variable of ${holder} that a nested function assigns, which a module-scope SIGTERM listener cannot name`);
  }
  if (!variable || !declarator || declarator.id.type !== 'Identifier' || !declarator.init) return noFix('it is not held in a variable of its own');
  const declaration = declarator.parent;
  if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.kind === 'var' || declaration.declare) {
    return noFix('its declaration declares other variables as well');
  }
  const fn = enclosingFunction(declaration);
  if (!fn) return noFix('it is not declared in a function');
  const name = variable.name;
  const where = functionLabel(fn);
  const cannotName = `it is held by \`${name}\`, a variable of ${where}, which a module-scope SIGTERM listener cannot name`;
  if (variable.references.some((r) => r.isWrite() && !r.init)) return noFix(`${cannotName}, and \`${name}\` is assigned more than once`);
  for (let scope = variable.scope.upper; scope; scope = scope.upper) {
    if (scope.set.get(name)?.defs.length) return noFix(`${cannotName}, and \`${name}\` names another variable there`);
  }
  if (analysis.scopes.globalScope.through.some((r) => r.identifier.name === name)) return noFix(`${cannotName}, and \`${name}\` is a global this file uses`);
  let type = '';
  if (typescript) {
    if (variable.references.some((r) => enclosingFunction(r.identifier as Node) !== fn)) {
      return noFix(`${cannotName}, and it is used in a nested function, where a module-level \`${name}\` would be possibly undefined`);
    }
    const written = declarator.id.typeAnnotation ? text.slice(declarator.id.typeAnnotation.typeAnnotation.range[0], declarator.id.typeAnnotation.typeAnnotation.range[1]) : typeOfValue(declarator.init, text);
    if (written === null) return noFix(`${cannotName}, and no type for a module-level \`${name}\` can be written from \`${text.slice(declarator.init.range[0], declarator.init.range[1]).split('\n')[0]}\``);
    type = `: ${written} | undefined`;
  }
  let top: Node = fn;
  while (top.parent && top.parent.type !== 'Program') top = top.parent;
  const style = detectStyle(text);
  const semi = style.semicolons ? ';' : '';
  const at = lineAboveComments(text, top.range[0]);
  return [
    { range: [at, at], text: `let ${name}${type}${semi}${style.newline}${style.newline}` },
    { range: [declaration.range[0], declarator.init.range[0]], text: `${name} = ` },
  ];
}

/**
 * Binds the module of a module-wide singleton that the file uses through named imports only, so that a listener can
 * close it through the module: `import { connect, set } from 'mongoose'` becomes `import mongoose, { connect, set }
 * from 'mongoose'` (its default export is the singleton), and `const { connect } = require('mongoose')` gets
 * `const mongoose = require('mongoose');` before it. Only when the name is free at module level.
 */
export function singletonBindingPlan(analysis: FileAnalysis, resource: Resource, text: string): FixPlan {
  const name = resource.name;
  if (!resource.factory.singleton || resource.checkout || name === null || resource.node.type !== 'CallExpression') return noFix('it is not a module-wide singleton');
  const unbound = `this file binds no \`${name}\` to call \`${closeCall(resource)}\` on`;
  if (moduleBinding(analysis, name) || analysis.scopes.globalScope.through.some((r) => r.identifier.name === name)) return noFix(`${unbound}, and \`${name}\` names something else here`);
  let root: TSESTree.Node = unwrapExpression(resource.node.callee);
  while (root.type === 'MemberExpression') root = unwrapExpression(root.object);
  const def = root.type === 'Identifier' ? analysis.scopes.variableOf(root)?.defs[0] : undefined;
  if (def?.type === 'ImportBinding' && def.parent?.type === 'ImportDeclaration') {
    const declaration = def.parent;
    if (declaration.importKind === 'type' || declaration.specifiers.some((sp) => sp.type !== 'ImportSpecifier')) return noFix(unbound);
    const brace = text.indexOf('{', declaration.range[0]);
    if (brace < 0 || brace > declaration.source.range[0]) return noFix(unbound);
    return [{ range: [brace, brace], text: `${name}, ` }];
  }
  if (def?.type === 'Variable' && def.node.type === 'VariableDeclarator' && def.node.id.type === 'ObjectPattern' && def.node.init) {
    const init = unwrapExpression(def.node.init);
    const declaration = def.node.parent;
    const source = init.type === 'CallExpression' && init.callee.type === 'Identifier' && init.callee.name === 'require' ? init.arguments[0] : undefined;
    if (source?.type !== 'Literal' || typeof source.value !== 'string' || declaration?.parent?.type !== 'Program') return noFix(unbound);
    const style = detectStyle(text);
    const keyword = declaration.type === 'VariableDeclaration' && declaration.kind !== 'var' ? 'const' : 'var';
    const at = lineStartOf(text, declaration.range[0]);
    return [{ range: [at, at], text: `${keyword} ${name} = require(${text.slice(source.range[0], source.range[1])})${style.semicolons ? ';' : ''}${style.newline}` }];
  }
  return noFix(unbound);
}

/**
 * Names a resource that a module exports without a name (`export default knex({…})`, `module.exports = new Pool()`),
 * so that a listener can close it: `const db = knex({…});` and `export default db;` (or `module.exports = db;`) right
 * after it. The name is the first of a few usual ones that nothing in the file uses.
 */
export function exportBindingPlan(analysis: FileAnalysis, resource: Resource, text: string): FixPlan {
  const kind = resource.exportedAs;
  if (!kind) return noFix('it is not exported without a name');
  const reason = `it is ${kind === 'default' ? 'the default export' : '`module.exports`'}, with no name in this file that a listener could close it by`;
  let statement: Node | undefined = resource.node;
  while (statement && statement.parent && statement.parent.type !== 'Program') statement = statement.parent;
  let prefixEnd: number;
  if (statement?.type === 'ExportDefaultDeclaration' && statement.declaration.range[0] <= resource.node.range[0]) prefixEnd = statement.declaration.range[0];
  else if (statement?.type === 'ExpressionStatement' && statement.expression.type === 'AssignmentExpression' && statement.expression.operator === '=') prefixEnd = statement.expression.right.range[0];
  else return noFix(`${reason}, and its export is not a statement of its own`);
  // a name of the module (or a top-level function's), or a global the file uses, is taken
  const taken = (n: string): boolean =>
    analysis.scopes.globalScope.through.some((r) => r.identifier.name === n) ||
    [analysis.scopes.globalScope, ...analysis.scopes.globalScope.childScopes].some((scope) => scope.set.get(n)?.defs.length);
  const candidates = resource.spec.kind === 'pool' ? ['pool', 'db'] : ['db', 'client', 'connection'];
  const name = [...candidates, `${resource.spec.kind}Resource`].find((n) => !taken(n));
  if (!name) return noFix(`${reason}, and every name the codemod would give it is taken`);
  const style = detectStyle(text);
  const semi = style.semicolons ? ';' : '';
  const nl = style.newline;
  const exportText = kind === 'default' ? `export default ${name}${semi}` : `module.exports = ${name}${semi}`;
  const at = endOfLine(text, statement.range[1]);
  return [
    { range: [statement.range[0], prefixEnd], text: `const ${name} = ` },
    { range: [at, at], text: `${nl}${nl}${exportText}` },
  ];
}

/**
 * The type of what `value` evaluates to, written from its expression: `InstanceType<typeof Redis>` for `new Redis()`,
 * `Awaited<ReturnType<typeof NestFactory.create>>` for `await NestFactory.create(…)` (with its type arguments, if
 * any: `typeof create<T>`). Null for anything else.
 */
function typeOfValue(value: TSESTree.Expression, text: string): string | null {
  let v: TSESTree.Node = value;
  while (v.type === 'AwaitExpression' || v.type === 'TSNonNullExpression') v = v.type === 'AwaitExpression' ? v.argument : v.expression;
  if (v.type === 'TSAsExpression' || v.type === 'TSSatisfiesExpression') return v.type === 'TSAsExpression' ? text.slice(v.typeAnnotation.range[0], v.typeAnnotation.range[1]) : null;
  if (v.type !== 'NewExpression' && v.type !== 'CallExpression') return null;
  const callee = v.callee;
  const nameable = (n: TSESTree.Node): boolean => n.type === 'Identifier' || (n.type === 'MemberExpression' && !n.computed && !n.optional && n.property.type === 'Identifier' && nameable(n.object));
  if (!nameable(callee)) return null;
  const calleeText = text.slice(callee.range[0], callee.range[1]);
  const args = v.typeArguments ? text.slice(v.typeArguments.range[0], v.typeArguments.range[1]) : '';
  return v.type === 'NewExpression' ? `InstanceType<typeof ${calleeText}${args}>` : `Awaited<ReturnType<typeof ${calleeText}${args}>>`;
}

/** `b` of `a.b` and of `{ b: 1 }`: a name that is no variable's. */
function isPropertyName(id: TSESTree.Identifier): boolean {
  const p = id.parent;
  if (p?.type === 'MemberExpression') return p.property === id && !p.computed;
  if (p?.type === 'Property') return p.key === id && !p.computed && !p.shorthand;
  return false;
}

/**
 * Calls on what the resource opened for the function (`const page = await browser.newPage()`, `const session =
 * driver.session()`: the catalog's children of the resource), which live on the resource: returning such a call
 * (`return page.pdf()`) from the new `try` would let the `finally` close the resource under it.
 */
function childReferences(resource: Resource, scopes: Scopes): Reference[] {
  const children = resource.spec.children;
  if (!children || !resource.variable) return [];
  const out: Reference[] = [];
  for (const ref of resource.variable.references) {
    const m = methodCallOn(ref.identifier as Node);
    if (!m || !children.some((c) => c.path.length === 1 && c.path[0] === m.name)) continue;
    const v = valueExpression(m.call);
    const p = v.parent;
    if (p?.type !== 'VariableDeclarator' || p.init !== v || p.id.type !== 'Identifier') continue;
    for (const r of scopes.variableOf(p.id)?.references ?? []) if (methodCallOn(r.identifier as Node)) out.push(r);
  }
  return out;
}

/**
 * Makes a per-invocation resource close on every path with explicit resource management: `const x = …` becomes
 * `await using x = …`, success-path closes are removed, and `return x.query()` awaits what it returns (the dispose runs
 * when the function returns, before a returned promise settles). Only where the resource's `Symbol.asyncDispose` is
 * its graceful close (catalog `asyncDispose`), the function is async, the binding is a plain `const` (or a `let`
 * never reassigned) declared alone in a block, and a `finally` fix would be possible too (same preconditions).
 * Null otherwise: use `finallyCleanupEdits`.
 */
export function usingEdits(resource: Resource, cleanup: InvocationCleanup, text: string, analysis: FileAnalysis): TextEdit[] | null {
  const { declarator, variable, owner } = resource;
  if (!resource.spec.asyncDispose || resource.checkout || resource.promise || resource.using) return null;
  if (!declarator || !variable || !owner?.async) return null;
  const declaration = declarator.parent;
  if (declaration?.type !== 'VariableDeclaration' || declaration.declarations.length !== 1 || declaration.declare) return null;
  if (declaration.kind !== 'const' && declaration.kind !== 'let') return null;
  if (declaration.kind === 'let' && variable.references.some((r) => r.isWrite() && !r.init)) return null;
  // `using` is not allowed directly in a `case` clause or at the top of a script
  if (declaration.parent?.type !== 'BlockStatement') return null;
  if (enclosingFunction(declaration) !== owner) return null;
  // the same checks a finally needs: closes that can move, and no use of the resource after them
  if (!finallyCleanupEdits(resource, cleanup, text, analysis)) return null;

  const edits: TextEdit[] = [{ range: [declaration.range[0], declaration.range[0] + declaration.kind.length], text: 'await using' }];
  for (const use of cleanup.straightCloses) {
    let stmt: Node = use.node;
    if (stmt.parent?.type === 'AwaitExpression') stmt = stmt.parent;
    stmt = stmt.parent as Node;
    if (stmt?.type !== 'ExpressionStatement') return null;
    const removal = removeStatement(stmt, text);
    edits.push({ range: removal.range, text: '' });
  }
  const block = declaration.parent;
  const usesResource = (node: Node) => variable.references.some((r) => contains(node, r.identifier as Node));
  for (const stmt of block.body.slice(block.body.indexOf(declaration) + 1)) {
    walk(stmt, analysis.file.visitorKeys, (node) => {
      if (isFunction(node)) return false;
      if (node.type === 'ReturnStatement' && node.argument && unwrapExpression(node.argument).type === 'CallExpression' && usesResource(node.argument)) {
        edits.push({ range: [node.argument.range[0], node.argument.range[0]], text: 'await ' });
      }
      return true;
    });
  }
  return edits;
}

/**
 * May this close become the `finally`'s? Yes when it runs whenever the block it is in runs to the end (only blocks
 * and `try`/`catch` between it and `body`), or when it belongs to an exit: its block ends in `return` or `throw`
 * (`if (!found) { await client.end(); return notFound(); }`). Not when the code may skip it and carry on
 * (`if (!keep) await client.end()`).
 */
function unconditionalWithin(stmt: Node, body: Node): boolean {
  if (exitBlockOf(stmt)) return true;
  for (let n = stmt.parent; n && n !== body; n = n.parent) {
    if (n.type !== 'BlockStatement' && n.type !== 'TryStatement' && n.type !== 'CatchClause') return false;
  }
  return true;
}

/** The block `stmt` is in when that block ends by leaving the function (`return` / `throw`). */
function exitBlockOf(stmt: Node): TSESTree.BlockStatement | null {
  const block = stmt.parent;
  if (block?.type !== 'BlockStatement') return null;
  const last = block.body.at(-1);
  return last && last !== stmt && (last.type === 'ReturnStatement' || last.type === 'ThrowStatement') ? block : null;
}

/** The try statement whose protected block contains `node`, if any. */
function enclosingTryBlock(node: Node): TSESTree.TryStatement | null {
  let child: Node = node;
  for (let p = node.parent; p && !isFunction(p); child = p, p = p.parent) {
    if (p.type === 'TryStatement' && p.block === child) return p;
  }
  return null;
}

/** Removes a statement: its whole line (with a trailing comment) when it stands alone, else it and the blanks after it. */
function removeStatement(stmt: Node, text: string): TextEdit & { comment?: string } {
  const lineStart = text.lastIndexOf('\n', stmt.range[0] - 1) + 1;
  const before = text.slice(lineStart, stmt.range[0]);
  const nextNl = text.indexOf('\n', stmt.range[1]);
  const lineEnd = nextNl === -1 ? text.length : nextNl;
  const after = text.slice(stmt.range[1], lineEnd).replace(/\r$/, '');
  if (/^\s*$/.test(before) && /^\s*(\/\/.*|\/\*.*\*\/\s*)?$/.test(after)) {
    const comment = after.trim() === '' ? undefined : ` ${after.trim()}`;
    return { range: [lineStart > 0 ? lineStart - 1 : 0, lineEnd], text: '', comment };
  }
  const blanks = /^[ \t]*/.exec(after)![0].length;
  return { range: [stmt.range[0], stmt.range[1] + blanks], text: '' };
}

/**
 * The text ranges of the template literal parts (`TemplateElement`s, delimiters included) inside `nodes`: their
 * lines are the string's content, which re-indenting would change. Found in the AST, so that the parse needs no
 * token list.
 */
function templateRanges(nodes: readonly Node[], analysis: FileAnalysis): (readonly [number, number])[] {
  const out: (readonly [number, number])[] = [];
  const first = nodes[0];
  const last = nodes.at(-1);
  if (!first || !last || !spansLineInBackquotes(analysis.file.text, first.range[0], last.range[1])) return out;
  for (const node of nodes) {
    walk(node, analysis.file.visitorKeys, (n) => {
      if (n.type === 'TemplateElement') out.push(n.range);
      return true;
    });
  }
  return out;
}

/**
 * Is there a line break between two consecutive backquotes of text[from, to)? Only then can a template literal part
 * there span lines (a part lies inside its literal, which starts and ends with a backquote, so a line break in it
 * has a backquote somewhere before it and one after it), and only a part that spans lines matters to re-indenting.
 * Backquotes in strings or comments, or escaped ones, only make this say yes more often.
 */
function spansLineInBackquotes(text: string, from: number, to: number): boolean {
  for (let open = text.indexOf('`', from); open !== -1 && open < to; ) {
    const close = text.indexOf('`', open + 1);
    if (close === -1 || close >= to) return false;
    const newline = text.indexOf('\n', open + 1);
    if (newline !== -1 && newline < close) return true;
    open = close;
  }
  return false;
}

/** The text from `from` to `to`, with `edits` applied and each line after the first indented one more level (not inside template literals). */
function indentLines(text: string, from: number, to: number, unit: string, templates: readonly (readonly [number, number])[], edits: readonly TextEdit[]): string {
  const inTemplate = (offset: number) => templates.some((t) => t[0] < offset && offset < t[1]);
  const sorted = [...edits].sort((a, b) => a.range[0] - b.range[0]);
  let out = '';
  let pos = from;
  // copies whole lines at a time: a line break gets the unit after it unless the next line is empty or inside a
  // template literal (whose text is the string's content)
  const emit = (start: number, stop: number) => {
    let i = start;
    for (let nl = text.indexOf('\n', i); nl >= 0 && nl < stop; nl = text.indexOf('\n', i)) {
      out += text.slice(i, nl + 1);
      i = nl + 1;
      if (i < to && !inTemplate(i) && text[i] !== '\n' && text[i] !== '\r') out += unit;
    }
    out += text.slice(i, stop);
  };
  for (const r of sorted) {
    emit(pos, Math.max(pos, r.range[0]));
    out += r.text;
    pos = Math.max(pos, r.range[1]);
  }
  emit(pos, to);
  return out;
}

/**
 * Moves a statement out of a function to module scope, before the top-level statement that contains it, with its
 * indentation taken off. Null when the statement is not on lines of its own.
 */
export function moveStatementToModuleScope(statement: TSESTree.ExpressionStatement, text: string, comments: readonly TSESTree.Comment[] = []): TextEdit[] | null {
  let top: Node = statement;
  while (top.parent && top.parent.type !== 'Program') top = top.parent;
  if (!top.parent || top === statement) return null;
  const removal = removeStatement(statement, text);
  if (removal.range[1] - removal.range[0] <= statement.range[1] - statement.range[0] + 1 && removal.range[0] === statement.range[0]) return null;
  const indent = lineIndent(text, statement.range[0]);
  const body = text
    .slice(statement.range[0], statement.range[1])
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(indent) ? line.slice(indent.length) : line))
    .join('\n');
  const nl = detectStyle(text).newline;
  const topStart = lineStartOf(text, leadingCommentStart(top, comments, text));
  return [
    { range: [topStart, topStart], text: `${body}${removal.comment ?? ''}${nl}${nl}` },
    { range: removal.range, text: '' },
  ];
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where a statement starts once the comments right above it (its JSDoc) are counted in. */
function leadingCommentStart(node: Node, comments: readonly TSESTree.Comment[], text: string): number {
  let start = node.range[0];
  const before = comments.filter((c) => c.range[1] <= start).sort((a, b) => b.range[0] - a.range[0]);
  for (const c of before) {
    if (!/^\s*$/.test(text.slice(c.range[1], start))) break;
    start = c.range[0];
  }
  return start;
}
