import { contains } from '../core/ast.js';
import { isShutdownEvent } from '../core/signals.js';
import { resolveSettings } from '../core/settings.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'exitInHandler';
export type Options = [];

export default createRule<Options, MessageIds>({
  name: 'no-process-exit-in-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow `process.exit()` while a Lambda handler runs',
      recommended: true,
      strict: true,
    },
    schema: [],
    messages: {
      exitInHandler:
        '`process.exit()` runs while a handler runs. ' +
        'Lambda fails the invocation with `Runtime.ExitError` and throws the execution environment away, so the next request pays a cold start. ' +
        'Return a response or throw an error instead.',
    },
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const settings = resolveSettings(context.settings);
    return {
      Program() {
        const analysis = analysisOf(context, settings);
        const exits = analysis.processCalls.filter((c) => c.method === 'exit');
        if (exits.length === 0 || !analysis.isHandlerModule) return;
        // a listener's own code runs at its event, not per invocation: the listener rules' business
        const listenerCode = analysis.listeners
          .filter((l) => isShutdownEvent(l.event) && l.listener)
          .flatMap((l) => [l.listener!, ...l.functions]);
        for (const { call } of exits) {
          if (listenerCode.some((code) => contains(code, call))) continue;
          if (!analysis.runsPerInvocation(call)) continue;
          context.report({ node: call, messageId: 'exitInHandler' });
        }
      },
    };
  },
});
