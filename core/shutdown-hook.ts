/**
 * The shutdown hook for several module-scope resources at once: the edits the `add-shutdown-hook` codemod applies.
 *
 * A new hook is a module-level `process.once('SIGTERM', async () => { … })` placed after the statement of the last
 * resource it closes. It arms a guard that exits before the shutdown budget runs out even if a close hangs, logs one
 * line, closes the resources (one awaited close, or `Promise.allSettled([...])` for several, so one failing close
 * does not skip the others and all run concurrently), then exits:
 *
 *   process.once('SIGTERM', async () => {
 *     setTimeout(() => process.kill(process.pid, 'SIGKILL'), 450).unref();
 *     console.info('[lambda-shutdown] SIGTERM: closing pool, redis');
 *     await Promise.allSettled([pool.end(), redis.quit()]);
 *     process.removeAllListeners('SIGTERM');
 *     process.kill(process.pid, 'SIGTERM');
 *   });
 *
 * The process ends by re-raising the signal, not with `process.exit()`: see `endProcessStatements`.
 *
 * An existing module-level listener (`analysis.sigtermHook`) is extended instead: the closes go first (awaited), the
 * function becomes async if it is not, and the re-raise goes at its end when it never ends the process. What it did
 * is kept. Everything is plain text edits, in the file's own quotes, semicolons, indentation and newlines.
 */
import type { TSESTree } from '@typescript-eslint/utils';
import type { FileAnalysis } from './analysis.js';
import { contains, enclosingFunction } from './ast.js';
import type { FunctionNode, Node } from './ast.js';
import { closeExpression, closeStatement, endProcessLines, endProcessStatements, guardStatement, makeAsync, moduleStatementOf, nameableAtModuleLevel } from './fixes.js';
import type { TextEdit } from './fixes.js';
import type { Resource } from './resources.js';
import { closeIsSynchronous, exitAnalysis, shutdownBudget } from './signals.js';
import { detectStyle, endOfLine, lineIndent } from './style.js';
import type { CodeStyle } from './style.js';

/** The guard exits this long before the shutdown budget ends, leaving time for the exit itself. */
export const GUARD_MARGIN_MS = 50;

/** The prefix of the hook's log line. */
export const LOG_PREFIX = '[lambda-shutdown]';

/** A `Promise.allSettled([...])` longer than this goes on several lines. */
const MAX_LINE = 100;

export interface ShutdownHookOptions {
  /**
   * End the process (`endProcessStatements`) at the end of an existing listener that never exits (default true). The codemod turns it
   * off when the exit would cut off cleanup the listener starts without awaiting.
   */
  readonly exit?: boolean;
}

export interface ShutdownHookEdits {
  readonly edits: TextEdit[];
  /** True when an existing listener was extended, false when a new one was added. */
  readonly extends: boolean;
  /** The resources the hook now closes. */
  readonly closes: readonly Resource[];
  /** An existing listener that never ended the process now does. */
  readonly addedExit: boolean;
}

/** The guard's delay: the shutdown budget less the margin (half the budget when the budget is tiny). */
export function guardDelayMs(analysis: FileAnalysis): number {
  const budget = shutdownBudget(analysis).ms;
  return Math.max(budget - GUARD_MARGIN_MS, Math.floor(budget / 2));
}

interface Close {
  readonly resource: Resource;
  /** The close as a statement (`await pool.end();`), used when it is the only one. */
  readonly statement: string;
  /** The close as an expression for `Promise.allSettled([...])`. */
  readonly expression: string;
}

/** Lazily set module caches are closed only if set: `pool?.end()`. */
function isOptional(resource: Resource): boolean {
  return resource.lazy && resource.variable !== null;
}

function closesOf(analysis: FileAnalysis, resources: readonly Resource[], style: CodeStyle): Close[] {
  const out: Close[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    if (!nameableAtModuleLevel(analysis, resource)) continue;
    const optional = isOptional(resource);
    const statement = closeStatement(resource, { inAsync: true, optional, semicolons: style.semicolons });
    const expression = closeExpression(resource, { optional });
    if (statement === null || expression === null || seen.has(expression)) continue;
    seen.add(expression);
    out.push({ resource, statement, expression });
  }
  // pool checkouts are given back before pools end (`pool.end()` waits for its clients); the array is built in
  // order, so a synchronous `release()` listed first runs first
  return out.sort((a, b) => Number(b.resource.checkout) - Number(a.resource.checkout) || a.resource.node.range[0] - b.resource.node.range[0]);
}

/**
 * The statements that close, one per line (lines after the first of a statement carry their own extra indentation):
 * the close statement when there is one close that is awaited, else `await Promise.allSettled([...])`.
 */
function closeLines(closes: readonly Close[], style: CodeStyle, indent: string, oneLine: boolean): string[] {
  const semi = style.semicolons ? ';' : '';
  const only = closes.length === 1 ? closes[0]! : null;
  // a close done when it returns (`client.release()`, `agent.destroy()`) is the statement itself; any other that is
  // not awaited goes through allSettled: exiting right after it would cut it off (exit-after-cleanup)
  if (only && (/^(if \(.*\) )?await /.test(only.statement) || closeIsSynchronous(only.resource.spec))) return [only.statement];
  return allSettledLines(closes.map((c) => c.expression), style, indent, oneLine, semi);
}

/**
 * `await Promise.allSettled([a, b])` (with `semi`), on one line, or on several (lines after the first carry their own
 * extra indentation) when it would be longer than MAX_LINE at `indent` and `oneLine` does not ask for one line.
 */
export function allSettledLines(expressions: readonly string[], style: CodeStyle, indent: string, oneLine: boolean, semi: string): string[] {
  const single = `await Promise.allSettled([${expressions.join(', ')}])${semi}`;
  if (oneLine || indent.length + single.length <= MAX_LINE) return [single];
  return ['await Promise.allSettled([', ...expressions.map((e, i) => `${style.indent}${e}${i < expressions.length - 1 ? ',' : ''}`), `])${semi}`];
}

/** Code that starts with one of these continues the previous line when that line has no semicolon. */
function startsAsiHazard(code: string): boolean {
  return /^[([`+\-/]/.test(code);
}

/** Is `name` declared between the function's body and module scope (a parameter or local that shadows the module binding)? */
function shadowed(analysis: FileAnalysis, fn: FunctionNode, name: string): boolean {
  for (let scope: ReturnType<FileAnalysis['scopes']['scopeOf']> | null = analysis.scopes.scopeOf(fn.body); scope; scope = scope.upper) {
    if (scope.block.type === 'Program') return false;
    if (scope.set.has(name)) return true;
  }
  return false;
}

/**
 * The edits that close `resources` (module-scope resources no SIGTERM listener closes) in one SIGTERM listener.
 * Null when nothing can be closed this way: no resource has a close that can be written, or the existing listener
 * cannot be extended (it cannot become async, or a local name shadows a resource).
 */
export function shutdownHookEdits(analysis: FileAnalysis, resources: readonly Resource[], text: string, options: ShutdownHookOptions = {}): ShutdownHookEdits | null {
  const style = detectStyle(text);
  const closes = closesOf(analysis, resources, style);
  if (closes.length === 0) return null;
  const hook = analysis.sigtermHook;
  if (hook) return extendListener(analysis, hook, closes, text, style, options.exit !== false);
  return addListener(analysis, closes, text, style);
}

function addListener(analysis: FileAnalysis, closes: readonly Close[], text: string, style: CodeStyle): ShutdownHookEdits | null {
  // Another SIGTERM listener (registered in a function, say) that exits, or may, would cut the new one's awaited
  // closes off: with several listeners the first exit ends the process.
  for (const l of analysis.listeners) {
    if (l.event !== 'SIGTERM') continue;
    const exits = l.resolved ? exitAnalysis(analysis, analysis.reachOf(l)) : null;
    if (!exits || exits.exits.length > 0 || exits.callsUnknown) return null;
  }
  // and so would one in another module of a function that loads this one, or one that module needs for its own
  // resources: the function's closes belong in one listener
  if (analysis.shutdownPeers().length > 0) return null;
  let anchor: Node | null = null;
  for (const c of closes) {
    const statement = moduleStatementOf(c.resource);
    if (!statement) return null;
    if (!anchor || statement.range[1] > anchor.range[1]) anchor = statement;
  }
  if (!anchor) return null;
  // past the statements that finish setting the resources up: `await client.connect();`
  const program = analysis.file.ast.body as Node[];
  const uses = (stmt: Node) =>
    closes.some((c) => c.resource.variable?.references.some((r) => contains(stmt, r.identifier as Node) && enclosingFunction(r.identifier as Node) === null));
  for (let i = program.indexOf(anchor) + 1; i > 0 && i < program.length && program[i]!.type === 'ExpressionStatement' && uses(program[i]!); i++) {
    anchor = program[i]!;
  }
  const { quote: q, indent, newline: nl } = style;
  const semi = style.semicolons ? ';' : '';
  const names = closes.map((c) => c.resource.name!).join(', ');
  const lines = [
    `${guardStatement(style, analysis.settings.platform, guardDelayMs(analysis))}${semi}`,
    `console.info(${q}${LOG_PREFIX} SIGTERM: closing ${names}${q})${semi}`,
    ...closeLines(closes, style, indent, false),
    ...endProcessLines(style, analysis.settings.platform),
  ];
  const listener = `${nl}${nl}process.once(${q}SIGTERM${q}, async () => {${nl}${lines.map((l) => `${indent}${l}`).join(nl)}${nl}})${semi}`;
  // after a trailing comment on the same line, not before it
  const at = endOfLine(text, anchor.range[1]);
  // a blank line on either side, as between the file's other top-level statements
  const rest = text.slice(at);
  const blankAfter = /^\r?\n[ \t]*(\r?\n|$)/.test(rest) || !/\n/.test(rest);
  return { edits: [{ range: [at, at], text: blankAfter ? listener : `${listener}${nl}` }], extends: false, closes: closes.map((c) => c.resource), addedExit: false };
}

function extendListener(
  analysis: FileAnalysis,
  hook: NonNullable<FileAnalysis['sigtermHook']>,
  closes: readonly Close[],
  text: string,
  style: CodeStyle,
  allowExit: boolean,
): ShutdownHookEdits | null {
  const fn = hook.fn;
  if (closes.some((c) => shadowed(analysis, fn, c.resource.name!))) return null;
  const asyncEdits = makeAsync(fn, text);
  if (!asyncEdits) return null;
  const nl = style.newline;
  const semi = style.semicolons ? ';' : '';
  const exits = exitAnalysis(analysis, analysis.reachOf(hook.listener));
  const wantsExit = allowExit && exits.exits.length === 0 && !exits.callsUnknown;
  const exitLines = endProcessLines(style, analysis.settings.platform);
  const resourcesClosed = closes.map((c) => c.resource);
  const body = fn.body;
  const outer = lineIndent(text, body.range[0]);
  const inner = outer + style.indent;
  const indentAll = (lines: readonly string[], indent: string) => lines.map((l) => `${indent}${l}`).join(nl);

  if (body.type !== 'BlockStatement') {
    // () => cleanup()  →  async () => {\n  await pool.end();\n  cleanup();\n  <end the process>\n}
    const parenthesized = isParenthesized(text, body);
    let expr = text.slice(body.range[0], body.range[1]);
    // as a statement, `{`, `function` and `class` would start a declaration or a block
    if (parenthesized || /^(\{|function\b|class\b|async\s+function\b|let\s*\[)/.test(expr)) expr = `(${expr})`;
    const lines = [...closeLines(closes, style, inner, false), `${expr}${semi}`];
    if (wantsExit) lines.push(...exitLines);
    const block = `{${nl}${indentAll(lines, inner)}${nl}${outer}}`;
    // `async () => (a, b)`: the parentheses around the body go with it
    const range: [number, number] = parenthesized ? parenthesizedRange(text, body) : [body.range[0], body.range[1]];
    return { edits: [...asyncEdits, { range, text: block }], extends: true, closes: resourcesClosed, addedExit: wantsExit };
  }

  const statements = body.body;
  const first = statements[0];
  const last = statements.at(-1);
  const edits: TextEdit[] = [...asyncEdits];
  let addedExit = false;
  if (!first) {
    // an empty body (perhaps holding only comments)
    const innerText = text.slice(body.range[0] + 1, body.range[1] - 1).trim();
    const lines = [...(innerText ? [innerText] : []), ...closeLines(closes, style, inner, false), ...(wantsExit ? exitLines : [])];
    edits.push({ range: [body.range[0], body.range[1]], text: `{${nl}${indentAll(lines, inner)}${nl}${outer}}` });
    return { edits, extends: true, closes: resourcesClosed, addedExit: wantsExit };
  }
  // after a `'use strict'` prologue, if any
  let prologue = 0;
  while (prologue < statements.length && isDirective(statements[prologue]!)) prologue++;
  const leading = statements.slice(0, prologue);
  const next = statements[prologue];
  const sameLine = leading.length === 0 && !text.slice(body.range[0], first.range[0]).includes('\n');
  if (sameLine) {
    // { process.exit(0) }  →  { await pool.end(); process.exit(0) }
    const lines = closeLines(closes, style, '', true).map((l) => (l.endsWith(';') ? l : `${l};`));
    edits.push({ range: [first.range[0], first.range[0]], text: `${lines.join(' ')} ` });
  } else {
    const indent = lineIndent(text, first.range[0]);
    const lines = closeLines(closes, style, indent, false);
    if (!style.semicolons && next && startsAsiHazard(text.slice(next.range[0], next.range[1]))) lines[lines.length - 1] += ';';
    // at the end of the line of `{` (or of the prologue), after a comment there
    const at = endOfLine(text, leading.length > 0 ? leading.at(-1)!.range[1] : body.range[0] + 1);
    edits.push({ range: [at, at], text: `${nl}${indentAll(lines, indent)}` });
  }
  if (wantsExit && last && last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement') {
    addedExit = true;
    const lastLineBreak = text.slice(last.range[1], body.range[1]).includes('\n');
    if (!lastLineBreak) {
      // the body ends on the line of its last statement: `{ server.close() }`
      const needsSemi = !/[;}]$/.test(text.slice(last.range[0], last.range[1]));
      edits.push({ range: [last.range[1], last.range[1]], text: `${needsSemi ? ';' : ''} ${endProcessStatements(style, analysis.settings.platform).join('; ')}${semi}` });
    } else {
      const at = endOfLine(text, last.range[1]);
      const indent = lineIndent(text, last.range[0]);
      edits.push({ range: [at, at], text: exitLines.map((l) => `${nl}${indent}${l}`).join('') });
    }
  }
  return { edits, extends: true, closes: resourcesClosed, addedExit };
}

function isDirective(stmt: TSESTree.Statement): boolean {
  return stmt.type === 'ExpressionStatement' && typeof stmt.directive === 'string';
}

/** Is the expression written inside parentheses of its own (`() => (a, b)`)? */
function isParenthesized(text: string, node: TSESTree.Node): boolean {
  const before = text.slice(0, node.range[0]).trimEnd();
  const after = text.slice(node.range[1]).trimStart();
  return /=>\s*\($/.test(before) && after.startsWith(')');
}

/** The range of the expression with its own parentheses. */
function parenthesizedRange(text: string, node: TSESTree.Node): [number, number] {
  const open = text.lastIndexOf('(', node.range[0]);
  const close = text.indexOf(')', node.range[1]);
  return [open, close + 1];
}
