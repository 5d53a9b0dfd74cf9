import type { TSESLint } from '@typescript-eslint/utils';
import { isFunction, unwrapExpression } from '../core/ast.js';
import { endProcessLines, makeAsync } from '../core/fixes.js';
import type { TextEdit } from '../core/fixes.js';
import { exitFindings, isReRaise, unawaitedCleanupsBefore } from '../core/signals.js';
import type { UnawaitedCleanup } from '../core/signals.js';
import { awaitCleanupEdits } from '../core/cleanup-waits.js';
import type { FunctionNode } from '../core/ast.js';
import { resolveSettings } from '../core/settings.js';
import { detectStyle, lineIndent } from '../core/style.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'neverExits' | 'exitsEarly' | 'addExit' | 'awaitCleanup' | 'awaitCleanups';
export type Options = [];

/** `a`, `a and b`, `a, b and c`. */
function listOf(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * `await` before a cleanup whose return this file cannot know (a method of an object it does not track), and the
 * function made async: for a human to check, so a suggestion only. Null when the function cannot become async.
 */
function awaitEdits(early: UnawaitedCleanup & { fn: FunctionNode }, text: string): TextEdit[] | null {
  const asyncEdits = makeAsync(early.fn, text);
  if (!asyncEdits) return null;
  const expr = unwrapExpression(early.statement.expression);
  const range: [number, number] = expr.type === 'UnaryExpression' ? [expr.range[0], expr.argument.range[0]] : [early.statement.expression.range[0], early.statement.expression.range[0]];
  return [...asyncEdits, { range, text: 'await ' }];
}

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
      awaitCleanups: 'Await {{cleanups}} before ending the process.',
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
            const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
            // every cleanup the function starts before the exit, waited for as the catalog says (the codemod's edit),
            // else this one
            const all = unawaitedCleanupsBefore(analysis, early);
            const waitAll = all.length > 1 ? awaitCleanupEdits(analysis, early.fn, all, source.text) : null;
            const edits = waitAll ?? awaitCleanupEdits(analysis, early.fn, [early], source.text) ?? awaitEdits(early, source.text);
            if (edits) {
              const fix: TSESLint.ReportFixFunction = (fixer) => edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text));
              if (waitAll) suggest.push({ messageId: 'awaitCleanups', data: { cleanups: listOf(all.map((c) => `\`${source.getText(c.cleanup)}\``)) }, fix });
              else suggest.push({ messageId: 'awaitCleanup', data: { cleanup: cleanupText }, fix });
            }
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
