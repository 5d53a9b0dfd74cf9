import { reRaiseEdits } from '../core/fixes.js';
import { hangingExits } from '../core/signals.js';
import { resolveSettings } from '../core/settings.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'exitInSigtermListener' | 'reRaise';
export type Options = [];

export default createRule<Options, MessageIds>({
  name: 'no-process-exit-in-sigterm-listener',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `process.exit()` in SIGTERM listeners on Lambda, where it does not return',
      recommended: true,
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      exitInSigtermListener:
        '`process.exit()` in a SIGTERM listener does not return on Lambda. ' +
        "The runtime client waits for the next invocation on a worker thread that Node's exit waits for, so the process outlives its cleanup until the Shutdown phase's SIGKILL. " +
        "End the process with `process.removeAllListeners('SIGTERM')` and a re-raise, `process.kill(process.pid, 'SIGTERM')`.",
      reRaise: 'Remove the SIGTERM listeners and re-raise the signal instead.',
    },
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const settings = resolveSettings(context.settings);
    const text = context.sourceCode.text;
    return {
      Program() {
        if (settings.platform !== 'lambda') return;
        const analysis = analysisOf(context, settings);
        // Only under the Lambda runtime client: in a module of a function's graph (a dev server, an extension's own
        // process or a Lambda Web Adapter app exits as any Node process does). Without the graph, every module.
        const exits = hangingExits(analysis);
        if (exits.length === 0 || (analysis.project && !analysis.isFunctionModule)) return;
        for (const { exit } of exits) {
          const edits = reRaiseEdits(exit, text);
          context.report({
            node: exit,
            messageId: 'exitInSigtermListener',
            suggest: [{ messageId: 'reRaise', fix: (fixer) => edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)) }],
          });
        }
      },
    };
  },
});
