/**
 * What an editor shows of each rule: the hover (the message, with a link from the rule id to `meta.docs.url`) and
 * the quick-fix menu (suggestion messages).
 *
 * - Every rule's docs URL is its page in this repository, and the page exists and is that rule's page.
 * - Every report message reads as a hover should: exactly three sentences: what is wrong with the code under the
 *   squiggle, why it matters on Lambda, what to do. Suggestion messages are one imperative sentence (a menu item).
 *
 * Which message ids are reports and which are suggestions comes from the rule sources: an object with a
 * `messageId` passed to `context.report()` is a report, one with a `fix` is a suggestion.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { describe, expect, it } from 'vitest';
import plugin from '../../index.js';
import { REPOSITORY_URL } from '../../rules/rule-utils.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const rules = Object.entries(plugin.rules) as [string, { meta: { docs?: { url?: string }; messages: Record<string, string> } }][];

// ---------------------------------------------------------------------------------------------------------------
// Which message ids are reports, which are suggestions (from the rule source)
// ---------------------------------------------------------------------------------------------------------------

type Use = 'report' | 'suggestion';

function walk(node: unknown, visit: (node: TSESTree.Node, parent: TSESTree.Node | undefined) => void, parent?: TSESTree.Node): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit, parent);
    return;
  }
  if (typeof node !== 'object' || node === null || typeof (node as { type?: unknown }).type !== 'string') return;
  const n = node as TSESTree.Node;
  visit(n, parent);
  for (const [key, value] of Object.entries(n)) if (key !== 'parent' && key !== 'loc' && key !== 'range') walk(value, visit, n);
}

/** The string literals an expression can evaluate to (`a ? 'x' : b ? 'y' : 'z'`); undefined when it is anything else. */
function literalValues(node: TSESTree.Node): string[] | undefined {
  if (node.type === 'Literal' && typeof node.value === 'string') return [node.value];
  if (node.type === 'ConditionalExpression') {
    const a = literalValues(node.consequent);
    const b = literalValues(node.alternate);
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

const keyName = (p: TSESTree.ObjectLiteralElement) => (p.type === 'Property' && p.key.type === 'Identifier' ? p.key.name : undefined);

/** messageId → how the rule uses it, from `rules/<name>.ts`. */
function messageUses(rule: string): { uses: Map<string, Set<Use>>; unresolved: string[] } {
  const file = path.join(root, 'rules', `${rule}.ts`);
  const ast = parse(fs.readFileSync(file, 'utf8'), { loc: true, range: true });
  const uses = new Map<string, Set<Use>>();
  const unresolved: string[] = [];
  walk(ast, (node, parent) => {
    if (node.type !== 'ObjectExpression') return;
    const prop = node.properties.find((p) => keyName(p) === 'messageId');
    if (!prop || prop.type !== 'Property') return;
    const isReport =
      parent?.type === 'CallExpression' &&
      parent.arguments[0] === node &&
      parent.callee.type === 'MemberExpression' &&
      parent.callee.property.type === 'Identifier' &&
      parent.callee.property.name === 'report';
    const isSuggestion = !isReport && node.properties.some((p) => keyName(p) === 'fix');
    const values = literalValues(prop.value as TSESTree.Node);
    if (!values || (!isReport && !isSuggestion)) {
      unresolved.push(`${path.relative(root, file)}:${prop.loc.start.line}`);
      return;
    }
    for (const id of values) {
      const set = uses.get(id) ?? new Set<Use>();
      set.add(isReport ? 'report' : 'suggestion');
      uses.set(id, set);
    }
  });
  return { uses, unresolved };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a message
// ---------------------------------------------------------------------------------------------------------------

/**
 * Sentences of a message: a sentence ends at `.`, `!` or `?` followed by a space or the end. Code spans
 * (`process.exit()`) and placeholders ({{close}}) are opaque, so periods inside them do not end a sentence.
 */
function sentences(message: string): string[] {
  const masked = message.replace(/`[^`]*`/g, (s) => '_'.repeat(s.length)).replace(/\{\{\s*\w+\s*\}\}/g, (s) => '_'.repeat(s.length));
  const out: string[] = [];
  let start = 0;
  for (const m of masked.matchAll(/[.!?](?=\s|$)/g)) {
    const before = masked.slice(start, m.index + 1);
    if (/\b(?:e\.g|i\.e|etc|vs)\.$/.test(before)) continue;
    out.push(message.slice(start, m.index + 1).trim());
    start = m.index + 1;
  }
  const rest = message.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/**
 * Verbs an instruction starts with. A what-to-do sentence is imperative, so its first word is one of these (add
 * the verb here when a new message needs another).
 */
const IMPERATIVE = new Set([
  'Add', 'Await', 'Avoid', 'Call', 'Catch', 'Clean', 'Close', 'Configure', 'Declare', 'Deploy', 'Destroy', 'Do', 'End', 'Exit', 'Flush', 'Guard',
  'Handle', 'Keep', 'Let', 'Listen', 'Make', 'Move', 'Open', 'Pass', 'Put', 'Register', 'Release', 'Remove', 'Replace', 'Return', 'Run', 'Set',
  'Throw', 'Use', 'Wrap',
]);

/**
 * Words that make a sentence about Lambda rather than about Node in general: Lambda itself, its runtime and
 * invocations, the execution environment it reuses and ends, SIGKILL, cold starts, the shutdown budget (Lambda's
 * shutdown phase; the {{budget}} placeholder spells it out), and the container platform (`configs.container`).
 */
const PLATFORM = /\bLambda\b|\bthe runtime\b|\binvocations?\b|\bSIGKILL\b|\b(?:execution )?environment\b|\bcold start|\bshutdown budget\b|\bcontainer\b/;
const NO_WHY = 'why: the second sentence does not say what happens on Lambda (Lambda, the runtime, invocation, environment, SIGKILL, cold start, shutdown budget, container)';

/** Why a report message would not read well in a hover; [] when it does. */
function reportProblems(message: string): string[] {
  const problems: string[] = [];
  const s = sentences(message);
  if (s.length !== 3) return [`has ${s.length} sentence(s), not 3 (what, why on Lambda, what to do)`];
  const [what, why, todo] = s as [string, string, string];
  // The what points at the code under the squiggle: by a code span or placeholder, or as "This …".
  if (!/`[^`]+`|\{\{\s*\w+\s*\}\}/.test(what) && !/^This\b/.test(what)) problems.push('what: the first sentence does not point at the reported code (no `code`, {{placeholder}} or "This …")');
  if (what.length > 120) problems.push(`what: the first sentence is ${what.length} characters (≤ 120, one line of a hover)`);
  if (!PLATFORM.test(why)) problems.push(NO_WHY);
  const verb = /^[A-Za-z]+/.exec(todo)?.[0] ?? '';
  if (!IMPERATIVE.has(verb)) problems.push(`what to do: the last sentence does not start with an instruction ("${verb}")`);
  return problems;
}

/** Why a suggestion message would not read well in the quick-fix menu; [] when it does. */
function suggestionProblems(message: string): string[] {
  const problems: string[] = [];
  if (sentences(message).length !== 1) problems.push('is not one sentence');
  if (!message.endsWith('.')) problems.push('does not end with a period');
  if (!IMPERATIVE.has(/^[A-Za-z]+/.exec(message)?.[0] ?? '')) problems.push('does not start with an instruction');
  if (message.length > 80) problems.push(`is ${message.length} characters (≤ 80, one menu line)`);
  return problems;
}

/**
 * Messages that fail the hover check today, with the rewrite proposed for them (issue 7). The test pins their
 * problems: once a message is rewritten its entry must go, and every proposed rewrite must pass the check.
 */
const PENDING: Record<string, { problems: string[]; proposed: string }> = {
};

// ---------------------------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------------------------

describe('rule docs links', () => {
  it('point at this repository', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { repository: { url: string }; homepage: string };
    expect(REPOSITORY_URL).toBe('https://github.com/lambda-shutdown/eslint-plugin-lambda-shutdown');
    expect(pkg.repository.url).toBe(`git+${REPOSITORY_URL}.git`);
    expect(pkg.homepage).toBe(`${REPOSITORY_URL}#readme`);
  });

  it.each(rules)('%s: meta.docs.url is its page in docs/rules/, and the page is about it', (name, rule) => {
    expect(rule.meta.docs?.url).toBe(`https://github.com/lambda-shutdown/eslint-plugin-lambda-shutdown/blob/main/docs/rules/${name}.md`);
    const page = path.join(root, 'docs', 'rules', `${name}.md`);
    expect(fs.existsSync(page)).toBe(true);
    expect(fs.readFileSync(page, 'utf8').split('\n')[0]).toBe(`# lambda-shutdown/${name}`);
  });
});

describe('rule messages in a hover', () => {
  it('splits sentences around code spans and placeholders', () => {
    expect(sentences("Call `process.exit()` now. See {{config}}:{{line}} (e.g. `a.b`). Then `x.y()`.")).toEqual([
      'Call `process.exit()` now.',
      'See {{config}}:{{line}} (e.g. `a.b`).',
      'Then `x.y()`.',
    ]);
  });

  it.each(rules)('%s: every message id is used, as a report or as a suggestion', (name, rule) => {
    const { uses, unresolved } = messageUses(name);
    expect(unresolved, 'messageIds must be string literals (or conditionals of them) in context.report() or in a suggestion with a fix').toEqual([]);
    expect([...uses.keys()].sort()).toEqual(Object.keys(rule.meta.messages).sort());
    for (const [id, how] of uses) expect([id, [...how]]).toEqual([id, [expect.stringMatching(/^(report|suggestion)$/)]]);
  });

  const cases = rules.flatMap(([name, rule]) => {
    const { uses } = messageUses(name);
    return Object.entries(rule.meta.messages).map(([id, message]) => ({ key: `${name}/${id}`, message, use: [...(uses.get(id) ?? [])][0] }));
  });

  it.each(cases.filter((c) => c.use === 'report'))('$key: what, why on Lambda, what to do', ({ key, message }) => {
    expect(reportProblems(message)).toEqual(PENDING[key]?.problems ?? []);
  });

  it.each(cases.filter((c) => c.use === 'suggestion'))('$key: one imperative sentence', ({ message }) => {
    expect(suggestionProblems(message)).toEqual([]);
  });

  it.each(Object.entries(PENDING))('the rewrite proposed for %s passes and keeps its placeholders', (key, { proposed }) => {
    expect(reportProblems(proposed)).toEqual([]);
    const current = cases.find((c) => c.key === key)?.message ?? '';
    const placeholders = (m: string) => [...m.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((x) => x[1]).sort();
    expect(placeholders(proposed)).toEqual(placeholders(current));
  });
});
