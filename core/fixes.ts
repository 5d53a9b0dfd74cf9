/**
 * The edits that fix a finding, as plain text edits. Rule suggestions and codemods apply the same edits, so a
 * suggestion and the codemod always agree.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingStatement, isFunction, unwrapExpression } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import type { FileAnalysis } from './analysis.js';
import type { InvocationCleanup } from './cleanup.js';
import type { Resource } from './resources.js';
import { detectStyle, lineIndent } from './style.js';

export interface TextEdit {
  readonly range: readonly [number, number];
  readonly text: string;
}

/** The statement that closes a resource: `await pool.end();`, `client.release();`, `await pool?.end();`. */
export function closeStatement(resource: Resource, opts: { inAsync: boolean; optional: boolean; semicolons: boolean }): string | null {
  const name = resource.name;
  if (name === null) return null;
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
  expr = `${name}${opts.optional ? '?.' : '.'}${close.method}()`;
  if (close.async && opts.inAsync) expr = `await ${expr}`;
  return `${expr}${semi}`;
}

function isAsync(fn: FunctionNode): boolean {
  return fn.async;
}

/** Edits that make `fn` async, if it is not. */
function makeAsync(fn: FunctionNode, text: string): TextEdit[] {
  if (fn.async || fn.generator) return [];
  // For methods and object properties the function starts at its parameters: `async` goes before the key.
  const p = fn.parent;
  if (p && (p.type === 'MethodDefinition' || (p.type === 'Property' && (p.method || p.kind !== 'init')))) {
    if (p.type === 'Property' && p.kind !== 'init') return [];
    const start = p.type === 'MethodDefinition' && p.static ? text.indexOf('static', p.range[0]) + 'static '.length : p.key.range[0];
    return [{ range: [start, start], text: 'async ' }];
  }
  return [{ range: [fn.range[0], fn.range[0]], text: 'async ' }];
}

/** Adds the close of a module-scope resource to the file's SIGTERM listener, or adds a listener. */
export function sigtermCleanupEdits(analysis: FileAnalysis, resource: Resource, text: string): { edits: TextEdit[]; extends: boolean } | null {
  const style = detectStyle(text);
  const hook = analysis.sigtermHook;
  if (hook) {
    const close = closeStatement(resource, { inAsync: true, optional: resource.lazy, semicolons: style.semicolons });
    if (!close) return null;
    const body = hook.fn.body;
    const first = body.body[0];
    const indent = first ? lineIndent(text, first.range[0]) : lineIndent(text, hook.fn.range[0]) + style.indent;
    const at = body.range[0] + 1;
    return { edits: [...makeAsync(hook.fn, text), { range: [at, at], text: `${style.newline}${indent}${close}` }], extends: true };
  }
  const close = closeStatement(resource, { inAsync: true, optional: resource.lazy, semicolons: style.semicolons });
  if (!close) return null;
  const anchor = moduleStatementOf(resource);
  if (!anchor) return null;
  const q = style.quote;
  const semi = style.semicolons ? ';' : '';
  const nl = style.newline;
  const listener =
    `${nl}${nl}process.once(${q}SIGTERM${q}, async () => {${nl}` +
    `${style.indent}${close}${nl}` +
    `${style.indent}process.exit(0)${semi}${nl}` +
    `})${semi}`;
  return { edits: [{ range: [anchor.range[1], anchor.range[1]], text: listener }], extends: false };
}

/** The module-level statement after which a new listener goes: the one declaring the resource's binding. */
function moduleStatementOf(resource: Resource): Node | null {
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
export function finallyCleanupEdits(resource: Resource, cleanup: InvocationCleanup, text: string, tokens: readonly TSESTree.Token[] | undefined, analysis: FileAnalysis): TextEdit[] | null {
  if (!resource.declarator || !resource.variable || !resource.owner) return null;
  const style = detectStyle(text);
  const place = enclosingStatement(resource.declarator);
  if (!place) return null;
  const { statement, body } = place;
  const index = body.indexOf(statement);
  const owner = resource.owner;
  const close = closeStatement(resource, { inAsync: isAsync(owner), optional: false, semicolons: style.semicolons });
  if (!close) return null;

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
  if (end <= index) return null;
  // Keep declarations that later statements use in scope: extend the range over those statements.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = index + 1; i <= end; i++) {
      const stmt = body[i]!;
      for (const variable of analysis.scopes.scopeOf(stmt).variables) {
        if (!variable.defs.some((d) => stmt.range[0] <= d.node.range[0] && d.node.range[1] <= stmt.range[1])) continue;
        for (const ref of variable.references) {
          const j = statementIndexOf(ref.identifier as Node);
          if (j > end) {
            end = j;
            changed = true;
          }
        }
      }
    }
  }

  // Success-path closes inside the range move into the finally; each must be a statement of its own.
  const removals: TextEdit[] = [];
  for (const use of cleanup.straightCloses) {
    let stmt: Node = use.node;
    if (stmt.parent?.type === 'AwaitExpression') stmt = stmt.parent;
    stmt = stmt.parent as Node;
    if (stmt?.type !== 'ExpressionStatement' || (stmt.parent?.type !== 'BlockStatement' && stmt.parent?.type !== 'Program')) return null;
    if (stmt.range[0] < body[index + 1]!.range[0] || stmt.range[1] > body[end]!.range[1]) return null;
    removals.push(removeLine(stmt, text));
  }

  const first = body[index + 1]!;
  const last = body[end]!;
  const nl = style.newline;
  // One try statement already covers every use: add the close to its finally, or give it one.
  if (first === last && first.type === 'TryStatement') {
    const indent = lineIndent(text, first.range[0]);
    if (first.finalizer) {
      const fin = first.finalizer;
      const lastInFinally = fin.body.at(-1);
      const at = lastInFinally ? lastInFinally.range[1] : fin.range[0] + 1;
      return [...removals, { range: [at, at], text: `${nl}${indent}${style.indent}${close}` }];
    }
    return [...removals, { range: [first.range[1], first.range[1]], text: ` finally {${nl}${indent}${style.indent}${close}${nl}${indent}}` }];
  }
  const indent = lineIndent(text, first.range[0]);
  const from = first.range[0];
  const to = last.range[1];
  const inner = indentLines(text, from, to, style.indent, tokens, removals);
  const wrapped = `try {${nl}${style.indent}${indent}${inner}${nl}${indent}} finally {${nl}${indent}${style.indent}${close}${nl}${indent}}`;
  return [{ range: [from, to], text: wrapped }];
}

function removeLine(stmt: Node, text: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', stmt.range[0] - 1) + 1;
  const before = text.slice(lineStart, stmt.range[0]);
  let end = stmt.range[1];
  const nextNl = text.indexOf('\n', end);
  const after = text.slice(end, nextNl === -1 ? text.length : nextNl);
  if (/^\s*$/.test(before) && /^\s*$/.test(after)) {
    // the statement has its line to itself: drop the line
    return { range: [lineStart - (lineStart > 0 ? 1 : 0), nextNl === -1 ? text.length : nextNl], text: '' };
  }
  return { range: [stmt.range[0], end], text: '' };
}

/** The text from `from` to `to`, with `removals` applied and each line after the first indented one more level (not inside template literals). */
function indentLines(text: string, from: number, to: number, unit: string, tokens: readonly TSESTree.Token[] | undefined, removals: readonly TextEdit[]): string {
  const templates = (tokens ?? []).filter((t) => t.type === 'Template' && t.range[1] > from && t.range[0] < to);
  const inTemplate = (offset: number) => templates.some((t) => t.range[0] < offset && offset < t.range[1]);
  const sorted = [...removals].sort((a, b) => a.range[0] - b.range[0]);
  let out = '';
  let pos = from;
  const emit = (start: number, stop: number) => {
    for (let i = start; i < stop; i++) {
      const ch = text[i]!;
      out += ch;
      if (ch === '\n' && i + 1 < to && !inTemplate(i + 1) && text[i + 1] !== '\n' && text[i + 1] !== '\r') out += unit;
    }
  };
  for (const r of sorted) {
    emit(pos, Math.max(pos, r.range[0]));
    pos = Math.max(pos, r.range[1]);
  }
  emit(pos, to);
  return out;
}
