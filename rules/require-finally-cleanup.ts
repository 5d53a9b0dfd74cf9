import type { TSESLint } from '@typescript-eslint/utils';
import { ANONYMOUS, functionName } from '../core/listeners.js';
import { relativePath } from '../core/files.js';
import { enclosingFunction } from '../core/ast.js';
import type { FunctionNode } from '../core/ast.js';
import type { FileAnalysis } from '../core/analysis.js';
import { closeCall, finallyCleanupEdits } from '../core/fixes.js';
import { resolveSettings } from '../core/settings.js';
import { rememberAnalysis } from '../core/analysis.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'missingCleanup' | 'successOnlyCleanup' | 'errorOnlyCleanup' | 'consumedLate' | 'wrapInFinally';
export type Options = [];

/** `in \`getUser()\``, or for a callback `in a callback in \`getUser()\`` (`in a callback` when nothing around it has a name). */
function whereOpened(owner: FunctionNode, analysis: FileAnalysis): string {
  for (let fn: FunctionNode | null = owner, depth = 0; fn; fn = enclosingFunction(fn), depth++) {
    const name = functionName(fn, analysis.scopes);
    if (name !== ANONYMOUS) return depth === 0 ? `in \`${name}()\`` : `in a callback in \`${name}()\``;
  }
  return 'in a callback';
}

export default createRule<Options, MessageIds>({
  name: 'require-finally-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require connections, sockets and files opened during a Lambda invocation to be closed on every path (`finally` or `using`)',
      recommended: true,
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingCleanup:
        '`{{name}}` ({{library}} {{label}}{{origin}}) is opened {{when}} and never closed. ' +
        'Each invocation leaks it, and Lambda keeps the leaked {{label}} open while the environment is frozen and reused, until the environment is killed. ' +
        'Close it with `{{close}}` in a `finally` block (or declare it with `await using` where the library supports it).',
      successOnlyCleanup:
        '`{{name}}` ({{library}} {{label}}{{origin}}) is closed only when the invocation succeeds. ' +
        'An error thrown before `{{close}}` skips the close, and the {{label}} leaks for the life of the execution environment. ' +
        'Move the close into a `finally` block (or declare it with `await using` where the library supports it).',
      errorOnlyCleanup:
        '`{{name}}` ({{library}} {{label}}{{origin}}) is closed only when the invocation fails. ' +
        'On the success path `{{close}}` never runs, and the {{label}} leaks for the life of the execution environment. ' +
        'Move the close into a `finally` block (or declare it with `await using` where the library supports it).',
      consumedLate:
        '`{{name}}` ({{library}} {{label}}{{origin}}) is consumed only after an `await` that can throw. ' +
        'It is opened before that `await` and piped into (or handed to `pipeline`) after it: when the await throws nothing consumes or ends the {{label}}, and it leaks for the life of the execution environment. ' +
        'Open it after the await, or destroy it in a `catch` when it was not consumed.',
      wrapInFinally: 'Close `{{name}}` in a `finally` block.',
    },
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const settings = resolveSettings(context.settings);
    return {
      Program() {
        const analysis = analysisOf(context, settings);
        // what other modules of the graph may ask of this one, from this lint rather than a parse of its own later
        rememberAnalysis(analysis);
        for (const { resource, cleanup } of analysis.unclosedInvocationResources()) {
          const edits = finallyCleanupEdits(resource, cleanup, context.sourceCode.text, analysis);
          const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = edits
            ? [
                {
                  messageId: 'wrapInFinally',
                  data: { name: resource.name! },
                  fix: (fixer) => edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)),
                },
              ]
            : [];
          context.report({
            node: resource.node,
            messageId: cleanup.consumedLate ? 'consumedLate' : cleanup.status === 'successOnly' ? 'successOnlyCleanup' : cleanup.status === 'errorOnly' ? 'errorOnlyCleanup' : 'missingCleanup',
            data: {
              name: resource.name!,
              library: resource.spec.library,
              label: resource.spec.label,
              origin: resource.origin ? `, from \`${resource.origin.name}()\` at ${relativePath(context.cwd, resource.origin.file)}:${resource.origin.line}` : '',
              when: resource.scope === 'invocation' || !resource.owner ? 'on every invocation' : whereOpened(resource.owner, analysis),
              close: closeCall(resource, resource.owner?.async ?? false),
            },
            suggest,
          });
        }
      },
    };
  },
});
