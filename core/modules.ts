/**
 * Follows values from `import` / `require()` and from the `process` global to where they are used, whatever the
 * spelling: named, default and namespace imports, renamed imports, `node:` prefixes, destructured and
 * member-access requires (`require('pg').Pool`), aliases (`const P = pg.Pool`).
 *
 * Built on @eslint-community/eslint-utils' ReferenceTracker (as eslint-plugin-n is). `require` and `process`
 * are found even when the user's config declares no Node globals.
 */
import { ReferenceTracker } from '@eslint-community/eslint-utils';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { staticString } from './ast.js';

type TraceMapNode<T> = {
  [key: string]: TraceMapNode<T>;
  [ReferenceTracker.CALL]?: T;
  [ReferenceTracker.CONSTRUCT]?: T;
  [ReferenceTracker.READ]?: T;
};
export type TraceMap<T> = Record<string, TraceMapNode<T>>;

export type RefKind = 'call' | 'construct' | 'read';
export interface TrackedRef<T> {
  node: TSESTree.Node;
  path: readonly string[];
  kind: RefKind;
  info: T;
}

const KIND = {
  call: ReferenceTracker.CALL,
  construct: ReferenceTracker.CONSTRUCT,
  read: ReferenceTracker.READ,
} as const;

/** Adds `info` at `module` + `path` for the given kind of use. */
export function addToTraceMap<T>(map: TraceMap<T>, module: string, path: readonly string[], kind: RefKind, info: T): void {
  let node: TraceMapNode<T> = (map[module] ??= {} as TraceMapNode<T>);
  for (const key of path) node = node[key] ??= {} as TraceMapNode<T>;
  node[KIND[kind]] = info;
}

function kindOf(type: symbol): RefKind {
  return type === ReferenceTracker.CALL ? 'call' : type === ReferenceTracker.CONSTRUCT ? 'construct' : 'read';
}

type Scope = TSESLint.Scope.Scope;

/** Read references to a global name, whether or not the config declares it. */
export function globalReferences(globalScope: Scope, name: string): TSESTree.Identifier[] {
  const out: TSESTree.Identifier[] = [];
  const variable = globalScope.set.get(name);
  if (variable) {
    if (variable.defs.length > 0) return out; // shadowed by a declaration of the user's
    for (const ref of variable.references) if (ref.isRead()) out.push(ref.identifier as TSESTree.Identifier);
  }
  for (const ref of throughByName(globalScope).get(name) ?? []) {
    if (ref.isRead()) out.push(ref.identifier as TSESTree.Identifier);
  }
  return out;
}

const throughIndexes = new WeakMap<Scope, Map<string, TSESLint.Scope.Reference[]>>();

/** The global scope's unresolved references by name, in their order: several traces look names up there. */
function throughByName(globalScope: Scope): Map<string, TSESLint.Scope.Reference[]> {
  let index = throughIndexes.get(globalScope);
  if (!index) {
    index = new Map();
    for (const ref of globalScope.through) {
      const list = index.get(ref.identifier.name);
      if (list) list.push(ref);
      else index.set(ref.identifier.name, [ref]);
    }
    throughIndexes.set(globalScope, index);
  }
  return index;
}

/** Forget the index of a global scope's unresolved references (its parse is handed on to ESLint, which resolves some). */
export function forgetScopeFacts(globalScope: Scope): void {
  throughIndexes.delete(globalScope);
}

/** What one file's module-level facts are, computed once: every trace of the file reads them. */
interface ModuleFacts {
  /** The sources of the program's top-level imports and re-exports (what ReferenceTracker's ESM pass looks at). */
  readonly sources: readonly string[];
  /** Module-level variables declared by `import x = require('…')`, with the module's name (null when not static). */
  readonly importEquals: readonly { variable: TSESLint.Scope.Variable; key: string | null }[];
}
const moduleFacts = new WeakMap<Scope, ModuleFacts>();

function moduleFactsOf(globalScope: Scope): ModuleFacts {
  let facts = moduleFacts.get(globalScope);
  if (facts) return facts;
  const sources: string[] = [];
  const importEquals: ModuleFacts['importEquals'][number][] = [];
  const moduleScopes = [globalScope, ...globalScope.childScopes.filter((s) => s.type === 'module')];
  // One pass over the top-level statements, not over every module-level variable (most of those are declared
  // globals): `import x = require('…')` declares its module-level variable only at the top level.
  for (const node of (globalScope.block as TSESTree.Program).body) {
    if ((node.type === 'ImportDeclaration' || node.type === 'ExportAllDeclaration' || node.type === 'ExportNamedDeclaration') && node.source != null) {
      sources.push(node.source.value);
    }
    const decl = node.type === 'ExportNamedDeclaration' ? node.declaration : node;
    if (decl?.type !== 'TSImportEqualsDeclaration' || decl.moduleReference.type !== 'TSExternalModuleReference') continue;
    for (const scope of moduleScopes) {
      const variable = scope.set.get(decl.id.name);
      // the declaration's own variable, as a scan of the scopes' variables would find it (its first definition)
      if (variable?.defs[0]?.node === decl) importEquals.push({ variable, key: staticString(decl.moduleReference.expression) });
    }
  }
  moduleFacts.set(globalScope, (facts = { sources, importEquals }));
  return facts;
}

const specifierLists = new WeakMap<Scope, { specifiers: { text: string; line: number }[]; computed: boolean }>();

/**
 * The module specifiers a parsed file loads, with their lines, in source order: what core/graph/project.ts
 * `scanSpecifiers` finds in a text, from the AST in hand. Imports and re-exports (not `import type` / `export type …
 * from`, which no build loads), `import x = require('…')`, `require('…')` calls (the global scope's references to
 * `require`), and the file's `import('…')` expressions. `computed`: one of them is not a static string. The one list
 * of a parsed file's specifiers, for the module graph (core/analysis.ts facts) and the trace map (core/resources.ts).
 */
export function moduleSpecifierList(
  globalScope: Scope,
  dynamicImports: readonly TSESTree.ImportExpression[],
): { readonly specifiers: readonly { readonly text: string; readonly line: number }[]; readonly computed: boolean } {
  const hit = specifierLists.get(globalScope);
  if (hit) return hit;
  const specifiers: { text: string; line: number }[] = [];
  let computed = false;
  const add = (node: TSESTree.Node | null | undefined, at: TSESTree.Node) => {
    const text = node ? staticString(node) : null;
    if (text !== null) specifiers.push({ text, line: at.loc.start.line });
    else computed = true;
  };
  for (const stmt of (globalScope.block as TSESTree.Program).body) {
    if ((stmt.type === 'ImportDeclaration' || stmt.type === 'ExportAllDeclaration' || stmt.type === 'ExportNamedDeclaration') && stmt.source) {
      if ((stmt.type === 'ImportDeclaration' ? stmt.importKind : stmt.exportKind) !== 'type') add(stmt.source, stmt.source);
    }
    const decl = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (decl?.type === 'TSImportEqualsDeclaration' && decl.moduleReference.type === 'TSExternalModuleReference') add(decl.moduleReference.expression, decl.moduleReference.expression);
  }
  for (const id of globalReferences(globalScope, 'require')) {
    const call = id.parent;
    if (call?.type === 'CallExpression' && call.callee === id) add(call.arguments[0], call);
  }
  for (const node of dynamicImports) add(node.source, node);
  specifiers.sort((a, b) => a.line - b.line);
  const list = { specifiers, computed };
  specifierLists.set(globalScope, list);
  return list;
}

/**
 * What ReferenceTracker's `iterateEsmReferences` yields in `legacy` mode (the trace maps here never mark a module as
 * ESM), the same references in the same order. Only how is different, for speed on large modules: an import's
 * variable is taken from the module scope it is declared in (the tracker finds it by descending the scope tree from
 * the global scope, past every top-level function's scope, for each import), and the module's map is not copied per
 * import. What the variable's references lead to is still followed by the tracker (`iteratePropertyReferences`).
 */
export function esmReferences<T>(globalScope: Scope, tracker: ReferenceTracker, traceMap: TraceMap<T>): TrackedRef<T>[] {
  const out: TrackedRef<T>[] = [];
  const moduleScope = globalScope.childScopes.find((s) => s.type === 'module') ?? globalScope;
  for (const node of (globalScope.block as TSESTree.Program).body) {
    if (node.type !== 'ImportDeclaration' && node.type !== 'ExportAllDeclaration' && node.type !== 'ExportNamedDeclaration') continue;
    if (node.source == null) continue;
    const moduleId = node.source.value;
    if (!Object.hasOwn(traceMap, moduleId)) continue;
    const next = traceMap[moduleId]!;
    const moduleRead = next[ReferenceTracker.READ];
    if (moduleRead !== undefined) out.push({ node, path: [moduleId], kind: 'read', info: moduleRead });
    if (node.type === 'ExportAllDeclaration') {
      for (const key of Object.keys(next)) {
        const info = next[key]![ReferenceTracker.READ];
        if (info !== undefined) out.push({ node, path: [moduleId, key], kind: 'read', info });
      }
      continue;
    }
    for (const specifier of node.specifiers) specifierReferences(specifier, moduleScope, tracker, moduleId, next, out);
  }
  return out;
}

/**
 * ReferenceTracker's `_iterateImportReferences` for one specifier, in legacy mode: the module's map is looked at as
 * `{ default: map, ...map }` (a default import is the CommonJS module object), and `default` is left out of the
 * paths, where only reads of the module itself (a path of one key) are not reported.
 */
function specifierReferences<T>(
  specifier: TSESTree.ImportClause | TSESTree.ExportSpecifier,
  moduleScope: Scope,
  tracker: ReferenceTracker,
  moduleId: string,
  map: TraceMapNode<T>,
  out: TrackedRef<T>[],
): void {
  const member = (key: string): TraceMapNode<T> | undefined => (key === 'default' && !Object.hasOwn(map, 'default') ? map : Object.hasOwn(map, key) ? map[key] : undefined);
  const report = (ref: TrackedRef<T>) => {
    const path = ref.path.includes('default') ? ref.path.filter((key) => key !== 'default') : ref.path;
    if (path.length >= 2 || ref.kind !== 'read') out.push(path === ref.path ? ref : { ...ref, path });
  };
  if (specifier.type === 'ExportSpecifier') {
    const key = specifier.local.type === 'Identifier' ? specifier.local.name : specifier.local.value;
    const info = member(key)?.[ReferenceTracker.READ];
    if (info !== undefined) report({ node: specifier, path: [moduleId, key], kind: 'read', info });
    return;
  }
  let sub: TraceMapNode<T>;
  let path: string[];
  if (specifier.type === 'ImportNamespaceSpecifier') {
    sub = { default: map, ...map };
    path = [moduleId];
  } else {
    const key = specifier.type === 'ImportDefaultSpecifier' ? 'default' : specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
    const found = member(key);
    if (!found) return;
    sub = found;
    path = [moduleId, key];
    const info = sub[ReferenceTracker.READ];
    if (info !== undefined) report({ node: specifier, path, kind: 'read', info });
  }
  const variable = moduleScope.set.get(specifier.local.name);
  if (!variable) return;
  for (const reference of variable.references) {
    if (!reference.isRead()) continue;
    for (const ref of tracker.iteratePropertyReferences(reference.identifier as never, sub as never)) {
      report({ node: ref.node as TSESTree.Node, path: [...path, ...ref.path], kind: kindOf(ref.type as symbol), info: ref.info as T });
    }
  }
}

/** Every use of the trace map's modules in the file, through imports and `require()`. */
export function* moduleReferences<T>(globalScope: Scope, traceMap: TraceMap<T>, dynamicImports: readonly TSESTree.ImportExpression[] = []): Generator<TrackedRef<T>> {
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  const facts = moduleFactsOf(globalScope);
  // The ESM pass finds nothing unless an import or re-export names a module of the map: skip it then.
  if (facts.sources.some((source) => Object.hasOwn(traceMap, source))) yield* esmReferences(globalScope, tracker, traceMap);
  // TypeScript's CommonJS import: `import pg = require('pg')`
  for (const { variable, key } of facts.importEquals) {
    if (key === null || !Object.hasOwn(traceMap, key)) continue;
    const sub = traceMap[key]!;
    for (const reference of variable.references) {
      if (!reference.isRead()) continue;
      const id = reference.identifier as TSESTree.Node;
      const rootInfo = sub[ReferenceTracker.READ];
      if (rootInfo !== undefined) yield { node: id, path: [key], kind: 'read', info: rootInfo };
      for (const ref of tracker.iteratePropertyReferences(id as never, sub as never)) {
        yield { node: ref.node as TSESTree.Node, path: [key, ...ref.path], kind: kindOf(ref.type as symbol), info: ref.info as T };
      }
    }
  }
  for (const id of globalReferences(globalScope, 'require')) {
    const call = id.parent;
    if (call?.type !== 'CallExpression' || call.callee !== id) continue;
    const key = staticString(call.arguments[0]);
    if (key === null || !Object.hasOwn(traceMap, key)) continue;
    const sub = traceMap[key]!;
    const rootInfo = sub[ReferenceTracker.READ];
    if (rootInfo !== undefined) yield { node: call, path: [key], kind: 'read', info: rootInfo };
    for (const ref of tracker.iteratePropertyReferences(call as never, sub as never)) {
      yield {
        node: ref.node as TSESTree.Node,
        path: [key, ...ref.path],
        kind: kindOf(ref.type as symbol),
        info: ref.info as T,
      };
    }
  }
  // `const fs = await import('node:fs')`, `const { Pool } = (await import('pg')).default`: the module namespace, whose
  // `default` is a CommonJS module's value
  for (const node of dynamicImports) {
    const key = staticString(node.source);
    if (key === null || !Object.hasOwn(traceMap, key)) continue;
    const sub = traceMap[key]!;
    const value = node.parent?.type === 'AwaitExpression' && node.parent.argument === node ? node.parent : node;
    for (const ref of tracker.iteratePropertyReferences(value as never, { default: sub, ...sub } as never)) {
      const path = ref.path.filter((p: string) => p !== 'default');
      yield { node: ref.node as TSESTree.Node, path: [key, ...path], kind: kindOf(ref.type as symbol), info: ref.info as T };
    }
  }
}

/**
 * `process.env`, with `env` not in the trace map: ReferenceTracker.iteratePropertyReferences() would find nothing
 * there (it follows only the map's keys), so the common case is answered without starting its generators.
 */
function readsUntracked<T>(id: TSESTree.Identifier, traceMap: TraceMapNode<T>): boolean {
  const member = id.parent;
  return member?.type === 'MemberExpression' && member.object === id && !member.computed && member.property.type === 'Identifier' && !Object.hasOwn(traceMap, member.property.name);
}

/** Uses of the `process` object: the global, `globalThis.process`, and imports/requires of `node:process`. */
export function* processReferences<T>(globalScope: Scope, traceMap: TraceMapNode<T>): Generator<TrackedRef<T>> {
  const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
  for (const id of globalReferences(globalScope, 'process')) {
    if (readsUntracked(id, traceMap)) continue;
    for (const ref of tracker.iteratePropertyReferences(id as never, traceMap as never)) {
      yield { node: ref.node as TSESTree.Node, path: ref.path, kind: kindOf(ref.type as symbol), info: ref.info as T };
    }
  }
  for (const name of ['globalThis', 'global']) {
    for (const id of globalReferences(globalScope, name)) {
      for (const ref of tracker.iteratePropertyReferences(id as never, { process: traceMap } as never)) {
        yield { node: ref.node as TSESTree.Node, path: ref.path.slice(1), kind: kindOf(ref.type as symbol), info: ref.info as T };
      }
    }
  }
  const modules: TraceMap<T> = { process: traceMap, 'node:process': traceMap };
  for (const ref of moduleReferences(globalScope, modules)) yield { ...ref, path: ref.path.slice(1) };
}
