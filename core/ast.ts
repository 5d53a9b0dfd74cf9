/**
 * Small AST helpers shared by the analysis, the rules and the codemods. They work on ESTree as produced by
 * ESLint's parsers and by @typescript-eslint/typescript-estree.
 */
import type { TSESTree } from '@typescript-eslint/utils';

export type Node = TSESTree.Node;
export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export function isFunction(node: Node | null | undefined): node is FunctionNode {
  return (
    node?.type === 'FunctionDeclaration' ||
    node?.type === 'FunctionExpression' ||
    node?.type === 'ArrowFunctionExpression'
  );
}

/** The innermost function that contains `node` (not `node` itself), or null at module scope. */
export function enclosingFunction(node: Node): FunctionNode | null {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunction(n)) return n;
  }
  return null;
}

/** Every function that contains `node`, innermost first. */
export function enclosingFunctions(node: Node): FunctionNode[] {
  const out: FunctionNode[] = [];
  for (let n = node.parent; n; n = n.parent) {
    if (isFunction(n)) out.push(n);
  }
  return out;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** Strips TypeScript-only wrappers and chain expressions: `x!`, `x as T`, `x satisfies T`, `<T>x`, `a?.b`. */
export function unwrapExpression(node: Node): Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'ChainExpression':
        n = n.expression;
        break;
      default:
        return n;
    }
  }
}

/**
 * Climbs from an expression through the parents that pass its value on unchanged (`await x`, `x!`, `x as T`,
 * `(a, x)`, `c ? x : y`, `a ?? x`) and returns the outermost such expression.
 */
export function valueExpression(node: Node): Node {
  let n = node;
  for (;;) {
    const p = n.parent;
    if (!p) return n;
    switch (p.type) {
      case 'AwaitExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'ChainExpression':
        n = p;
        break;
      case 'ConditionalExpression':
        if (p.test === n) return n;
        n = p;
        break;
      case 'LogicalExpression':
        n = p;
        break;
      case 'SequenceExpression':
        if (p.expressions.at(-1) !== n) return n;
        n = p;
        break;
      default:
        return n;
    }
  }
}

/** The name of a non-computed (or string-literal computed) member property, or null. */
export function propertyName(node: TSESTree.MemberExpression | TSESTree.Property | TSESTree.MethodDefinition | TSESTree.PropertyDefinition): string | null {
  const key = node.type === 'MemberExpression' ? node.property : node.key;
  if (!node.computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  if (key.type === 'PrivateIdentifier') return null;
  if (key.type === 'TemplateLiteral' && key.expressions.length === 0) return key.quasis[0]?.value.cooked ?? null;
  return null;
}

/** The string value of a literal or a template without expressions. */
export function staticString(node: Node | undefined | null): string | null {
  if (!node) return null;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? null;
  return null;
}

/** `a.b.c` as ['a', 'b', 'c'] when every step is a plain name, else null. */
export function memberPath(node: Node): string[] | null {
  const n = unwrapExpression(node);
  if (n.type === 'Identifier') return [n.name];
  if (n.type === 'MemberExpression') {
    const name = propertyName(n);
    const head = memberPath(n.object);
    return name !== null && head ? [...head, name] : null;
  }
  return null;
}

/** Is `node` the callee of a call (through TS wrappers and optional chains)? Returns the call. */
export function calledAs(node: Node): TSESTree.CallExpression | null {
  let n: Node = node;
  while (
    n.parent &&
    (n.parent.type === 'ChainExpression' || n.parent.type === 'TSNonNullExpression') &&
    n.parent.expression === n
  ) {
    n = n.parent;
  }
  const p = n.parent;
  return p?.type === 'CallExpression' && p.callee === n ? p : null;
}

/** For `ref.method(...)` returns [method name, the call]; else null. */
export function methodCallOn(ref: Node): { name: string; call: TSESTree.CallExpression; member: TSESTree.MemberExpression } | null {
  let n: Node = ref;
  while (n.parent && (n.parent.type === 'TSNonNullExpression' || n.parent.type === 'TSAsExpression') && n.parent.expression === n) {
    n = n.parent;
  }
  const member = n.parent;
  if (member?.type !== 'MemberExpression' || member.object !== n) return null;
  const name = propertyName(member) ?? wellKnownSymbolName(member);
  if (name === null) return null;
  const call = calledAs(member);
  return call ? { name, call, member } : null;
}

/**
 * `x[Symbol.asyncDispose]`, `x[Symbol.dispose]`: `'[Symbol.asyncDispose]'`, `'[Symbol.dispose]'`, so that a value
 * closed only through its disposer (a type-recognised resource, catalog.ts ASYNC_DISPOSE_METHOD) is seen closed.
 */
function wellKnownSymbolName(member: TSESTree.MemberExpression): string | null {
  if (!member.computed) return null;
  const path = memberPath(member.property);
  return path?.length === 2 && path[0] === 'Symbol' && (path[1] === 'asyncDispose' || path[1] === 'dispose') ? `[Symbol.${path[1]}]` : null;
}

/** For `ref.method` used as a value (`ref.end.bind(ref)`, `.then(ref.end)`), the method name. */
export function methodReferenceOn(ref: Node): string | null {
  let n: Node = ref;
  while (n.parent && n.parent.type === 'TSNonNullExpression' && n.parent.expression === n) n = n.parent;
  const member = n.parent;
  if (member?.type !== 'MemberExpression' || member.object !== n) return null;
  return propertyName(member);
}

/** The statement that directly contains `node` within a block or program body. */
export function enclosingStatement(node: Node): { statement: TSESTree.Statement; body: TSESTree.Statement[] } | null {
  for (let n: Node = node; n.parent; n = n.parent) {
    const p = n.parent;
    if (p.type === 'BlockStatement' || p.type === 'Program' || p.type === 'StaticBlock') {
      return { statement: n as TSESTree.Statement, body: p.body as TSESTree.Statement[] };
    }
    if (p.type === 'SwitchCase' && p.consequent.includes(n as TSESTree.Statement)) {
      return { statement: n as TSESTree.Statement, body: p.consequent };
    }
    if (isFunction(p)) return null;
  }
  return null;
}

/**
 * The nodes of `type` that start at the given offsets (each the start of a match in the text), found by descending from
 * `root` along the children whose range holds the offset, not by a walk of the whole tree: a few descents of a large
 * module cost less than one walk of it. An offset in a comment or a string finds nothing.
 */
export function nodesStartingAt<T extends Node>(
  root: Node,
  offsets: Iterable<number>,
  type: string,
  visitorKeys: Readonly<Record<string, readonly string[] | undefined>>,
): T[] {
  const out: T[] = [];
  for (const at of offsets) {
    let node: Node | null = root;
    while (node) {
      if (node.type === type && node.range[0] === at) {
        out.push(node as T);
        break;
      }
      const keys: readonly string[] | undefined = visitorKeys[node.type];
      let next: Node | null = null;
      for (let k = 0; keys && k < keys.length && !next; k++) {
        const child: unknown = (node as unknown as Record<string, unknown>)[keys[k]!];
        const list: (Node | null)[] = Array.isArray(child) ? (child as (Node | null)[]) : [child as Node | null];
        for (let i = 0; i < list.length; i++) {
          const c: Node | null = list[i] ?? null;
          if (c && typeof c.type === 'string' && c.range[0] <= at && at < c.range[1]) {
            next = c;
            break;
          }
        }
      }
      node = next;
    }
  }
  return out;
}

/** Walks a subtree in source order. `visit` returns false to skip a node's children. */
export function walk(node: Node, visitorKeys: Readonly<Record<string, readonly string[] | undefined>>, visit: (node: Node) => boolean | void): void {
  if (visit(node) === false) return;
  const keys = visitorKeys[node.type];
  if (!keys) return;
  // indexed loops: the walk runs over large subtrees on every lint, and for…of may allocate an iterator per node
  for (let k = 0; k < keys.length; k++) {
    const child = (node as unknown as Record<string, unknown>)[keys[k]!];
    if (Array.isArray(child)) {
      for (let i = 0; i < child.length; i++) {
        const c = child[i] as Node | null;
        if (c && typeof c.type === 'string') walk(c, visitorKeys, visit);
      }
    } else if (child && typeof (child as Node).type === 'string') {
      walk(child as Node, visitorKeys, visit);
    }
  }
}
