import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { capturesLocals, isShutdownEvent } from '../core/signals.js';
import { moveStatementToModuleScope } from '../core/fixes.js';
import { resolveSettings } from '../core/settings.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'listenerPerInvocation' | 'moveToModuleScope';
export type Options = [];

/** The top-level statement that contains `node`: where a moved listener goes before. */
function moduleStatementOf(node: TSESTree.Node): TSESTree.Node {
  let top = node;
  while (top.parent && top.parent.type !== 'Program') top = top.parent;
  return top;
}

export default createRule<Options, MessageIds>({
  name: 'no-signal-listener-in-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow registering signal, `exit` or `beforeExit` listeners while a Lambda handler runs',
      recommended: true,
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      listenerPerInvocation:
        "`process.{{method}}('{{event}}', …)` runs on every invocation, so each invocation adds one more listener. " +
        'Lambda reuses the process for many invocations: after ten Node warns `MaxListenersExceededWarning`, and at SIGTERM every copy runs, each closing the same resources again. ' +
        'Register the listener once, at module scope.',
      moveToModuleScope: 'Move the listener to module scope.',
    },
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const settings = resolveSettings(context.settings);
    const source = context.sourceCode;
    return {
      Program() {
        const analysis = analysisOf(context, settings);
        if (!analysis.listeners.some((l) => !l.moduleLevel) || !analysis.isHandlerModule) return;
        const seen = new Set<TSESTree.Node>();
        for (const listener of analysis.listeners) {
          if (!isShutdownEvent(listener.event) || listener.moduleLevel || seen.has(listener.call)) continue;
          seen.add(listener.call);
          if (!analysis.runsPerInvocation(listener.call)) continue;
          const statement = listener.call.parent;
          const edits =
            statement?.type === 'ExpressionStatement' && !capturesLocals(analysis, listener, moduleStatementOf(statement))
              ? moveStatementToModuleScope(statement as TSESTree.ExpressionStatement, source.text, source.getAllComments())
              : null;
          const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = edits
            ? [{ messageId: 'moveToModuleScope', fix: (fixer) => edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)) }]
            : [];
          context.report({
            node: listener.call,
            messageId: 'listenerPerInvocation',
            data: { method: listener.method, event: listener.event },
            suggest,
          });
        }
      },
    };
  },
});
