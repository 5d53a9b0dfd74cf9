import type { TSESLint } from '@typescript-eslint/utils';
import { isFunction, unwrapExpression } from '../core/ast.js';
import { endProcessLines, makeAsync } from '../core/fixes.js';
import { exitFindings, isReRaise } from '../core/signals.js';
import { resolveSettings } from '../core/settings.js';
import { detectStyle, lineIndent } from '../core/style.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'neverExits' | 'exitsEarly' | 'addExit' | 'awaitCleanup';
export type Options = [];

export default createRule<Options, MessageIds>({
  name: 'exit-after-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require SIGTERM listeners to let their cleanup settle and then end the process',
      recommended: true,
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      neverExits:
        'This SIGTERM listener never ends the process. ' +
        "Adding a SIGTERM listener removes Node's default exit, so the process waits for SIGKILL on Lambda and hangs in a container. " +
        'End the process with {{end}} once the cleanup has settled.',
      exitsEarly:
        '`{{exit}}` can run before `{{cleanup}}` settles. ' +
        'It ends the process at once, and Lambda then ends the environment for good: the close is cut off and whatever it was flushing is lost. ' +
        'Await the cleanup first, or end the process in its `.finally()`.',
      addExit: 'End the process at the end of the listener.',
      awaitCleanup: 'Await `{{cleanup}}` before ending the process.',
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
        for (const finding of exitFindings(analysis)) {
          if (finding.kind === 'exitsEarly') {
            const { early } = finding;
            const cleanupText = source.getText(early.cleanup);
            const expr = unwrapExpression(early.statement.expression);
            const asyncEdits = makeAsync(early.fn, source.text);
            const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = asyncEdits
              ? [
                  {
                    messageId: 'awaitCleanup',
                    data: { cleanup: cleanupText },
                    fix: (fixer) => [
                      ...asyncEdits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)),
                      expr.type === 'UnaryExpression'
                        ? fixer.replaceTextRange([expr.range[0], expr.argument.range[0]], 'await ')
                        : fixer.insertTextBefore(early.statement.expression, 'await '),
                    ],
                  },
                ]
              : [];
            const exit = isReRaise(early.exit) ? `process.kill(process.pid, …)` : 'process.exit()';
            context.report({ node: early.exit, messageId: 'exitsEarly', data: { exit, cleanup: cleanupText }, suggest });
            continue;
          }
          const { listener } = finding;
          const fn = listener.functions[0];
          const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
          const last = fn && isFunction(fn) && fn.body.type === 'BlockStatement' ? fn.body.body.at(-1) : undefined;
          if (last && last.type !== 'ReturnStatement' && last.type !== 'ThrowStatement') {
            const style = detectStyle(source.text);
            const indent = lineIndent(source.text, last.range[0]);
            const text = endProcessLines(style, settings.platform).map((l) => `${style.newline}${indent}${l}`).join('');
            suggest.push({ messageId: 'addExit', fix: (fixer) => fixer.insertTextAfter(last, text) });
          }
          const end =
            settings.platform === 'container'
              ? '`process.exit(0)`'
              : "`process.removeAllListeners('SIGTERM')` and a re-raise, `process.kill(process.pid, 'SIGTERM')` (`process.exit()` does not return under the runtime client)";
          context.report({ node: listener.call, messageId: 'neverExits', data: { end }, suggest });
        }
      },
    };
  },
});
