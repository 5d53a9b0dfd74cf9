/**
 * Parses a file for the analysis outside ESLint (codemods, tests): the same parser and scope analysis
 * ESLint uses with the plugin's configs.
 */
import { parseForESLint } from '@typescript-eslint/parser';
import type { TSESTree } from '@typescript-eslint/utils';
import type { ParsedFile } from './scope.js';

export function parseFile(text: string, filePath: string): ParsedFile {
  const commonjs = /\.c[jt]s$/.test(filePath);
  const { ast, scopeManager, visitorKeys } = parseForESLint(text, {
    filePath,
    sourceType: commonjs ? 'script' : 'module',
    ecmaVersion: 'latest',
    range: true,
    loc: true,
    tokens: true,
    comment: true,
    jsDocParsingMode: 'none',
  });
  setParents(ast, visitorKeys);
  return { ast, scopeManager, visitorKeys, text };
}

/** ESLint links every node to its parent before rules run; the parser alone does not. */
function setParents(root: TSESTree.Node, keys: ParsedFile['visitorKeys']): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child && typeof (child as TSESTree.Node).type === 'string') {
          (child as { parent: TSESTree.Node }).parent = node;
          stack.push(child as TSESTree.Node);
        }
      }
    }
  }
}
