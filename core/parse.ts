/**
 * Parses a file for the analysis outside ESLint (codemods, deployment readers, tests): the same parser, AST and
 * scope analysis ESLint uses with the plugin's configs.
 */
import { parseForESLint } from '@typescript-eslint/parser';
import { analyze } from '@typescript-eslint/scope-manager';
import { parse } from '@typescript-eslint/typescript-estree';
import type { TSESTree } from '@typescript-eslint/utils';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { ParsedFile } from './scope.js';

export interface ParseOptions {
  /**
   * Also collect the token and comment lists, as ESLint's SourceCode has them. Default true. The analysis and the
   * codemods' edits need neither, and leaving them out takes about a third off the parse.
   */
  readonly tokens?: boolean;
}

export function parseFile(text: string, filePath: string, options: ParseOptions = {}): ParsedFile {
  const sourceType = /\.c[jt]s$/.test(filePath) ? 'script' : 'module';
  if (options.tokens ?? true) {
    const { ast, scopeManager } = parseForESLint(text, {
      filePath,
      sourceType,
      ecmaVersion: 'latest',
      range: true,
      loc: true,
      tokens: true,
      comment: true,
      jsDocParsingMode: 'none',
    });
    setParents(ast);
    return { ast, scopeManager, visitorKeys, text };
  }
  // What parseForESLint does without a project, less the token and comment lists it always asks for: typescript-estree
  // with the parser's options, then the scope analysis with its defaults.
  const ast = parse(text, {
    filePath,
    jsx: false,
    range: true,
    loc: true,
    tokens: false,
    comment: false,
    jsDocParsingMode: 'none',
    errorOnTypeScriptSyntacticAndSemanticIssues: false,
    // TypeScript's own syntax errors still throw; what this skips are typescript-estree's extra grammar checks
    // (modifiers where they cannot go, and the like: errors tsc reports from its checker), a tenth of the parse. A
    // file with one is no less valid after a codemod's edits, and ESLint still reports it.
    allowInvalidAST: true,
  }) as TSESTree.Program;
  (ast as { sourceType: 'module' | 'script' }).sourceType = sourceType;
  const scopeManager = analyze(ast, { sourceType });
  setParents(ast);
  return { ast, scopeManager, visitorKeys, text };
}

/** A parse made by @typescript-eslint/parser's parseForESLint (core/shared-parse.ts), as a ParsedFile. */
export function parsedFile(text: string, result: { ast: TSESTree.Program; scopeManager: ParsedFile['scopeManager'] }): ParsedFile {
  setParents(result.ast);
  return { ast: result.ast, scopeManager: result.scopeManager, visitorKeys, text };
}

/** ESLint links every node to its parent before rules run; the parser alone does not. */
function setParents(root: TSESTree.Node): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    for (const key of visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(value)) {
        for (const child of value) {
          if (child && typeof (child as TSESTree.Node).type === 'string') {
            (child as { parent: TSESTree.Node }).parent = node;
            stack.push(child as TSESTree.Node);
          }
        }
      } else if (value && typeof (value as TSESTree.Node).type === 'string') {
        (value as { parent: TSESTree.Node }).parent = node;
        stack.push(value as TSESTree.Node);
      }
    }
  }
}
