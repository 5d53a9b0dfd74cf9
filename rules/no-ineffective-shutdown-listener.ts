import type { TSESLint } from '@typescript-eslint/utils';
import { unwrapExpression } from '../core/ast.js';
import { doesAsyncWork } from '../core/signals.js';
import { resolveSettings } from '../core/settings.js';
import { detectStyle, endOfLine, lineIndent } from '../core/style.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'beforeExit' | 'asyncExit' | 'sigintOnly' | 'listenForSigterm';
export type Options = [];

export default createRule<Options, MessageIds>({
  name: 'no-ineffective-shutdown-listener',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow shutdown hooks that never run on Lambda: `beforeExit`, async `exit` listeners, SIGINT without SIGTERM',
      recommended: true,
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      beforeExit:
        'A `beforeExit` listener never runs on Lambda. ' +
        'The runtime keeps polling for the next invocation, so the event loop never empties, and at shutdown the process is killed. ' +
        "Clean up in `process.once('SIGTERM', …)` instead (it runs when an extension is registered).",
      asyncExit:
        'This `exit` listener starts async work that never completes. ' +
        'Node runs `exit` listeners synchronously and ends the process right after them, so on Lambda the promises, timers and closes it starts are dropped with the environment. ' +
        "Do the cleanup in `process.once('SIGTERM', …)` and end the process once it settles.",
      sigintOnly:
        'This SIGINT listener is the only shutdown hook of the module: nothing listens for SIGTERM. ' +
        'Lambda sends SIGTERM, not SIGINT, at shutdown (SIGINT comes only from Ctrl+C in a local terminal), so on Lambda this cleanup never runs. ' +
        'Listen for `SIGTERM` as well.',
      listenForSigterm: 'Register the same listener for SIGTERM.',
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
        // (a listener whose function also listens for SIGTERM is not one of them: that cleanup runs)
        const ineffective = analysis.ineffectiveListeners;
        if (ineffective.length === 0) return;
        // a handler module, or a module one loads (a shared db module's `beforeExit` never runs either)
        if (!analysis.isFunctionModule) return;
        const hasSigterm = analysis.listeners.some((l) => l.event === 'SIGTERM');
        for (const listener of ineffective) {
          if (listener.event === 'beforeExit') {
            context.report({ node: listener.call, messageId: 'beforeExit' });
          } else if (listener.event === 'exit') {
            if (listener.resolved && doesAsyncWork(analysis, analysis.reachOf(listener))) context.report({ node: listener.call, messageId: 'asyncExit' });
          } else if (listener.event === 'SIGINT' && !hasSigterm) {
            const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
            const arg = listener.listener && unwrapExpression(listener.listener);
            const statement = listener.call.parent;
            if (arg?.type === 'Identifier' && statement?.type === 'ExpressionStatement') {
              const style = detectStyle(source.text);
              const q = style.quote;
              const callee = source.getText(listener.call.callee);
              const text = `${style.newline}${lineIndent(source.text, statement.range[0])}${callee}(${q}SIGTERM${q}, ${arg.name})${style.semicolons ? ';' : ''}`;
              const at = endOfLine(source.text, statement.range[1]);
              suggest.push({ messageId: 'listenForSigterm', fix: (fixer) => fixer.insertTextAfterRange([at, at], text) });
            }
            context.report({ node: listener.call, messageId: 'sigintOnly', suggest });
          }
        }
      },
    };
  },
});
