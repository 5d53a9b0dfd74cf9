import { blockingWork, shutdownBudget } from '../core/signals.js';
import type { Budget } from '../core/signals.js';
import { resolveSettings } from '../core/settings.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'blockingCall' | 'busyWait' | 'longSleep';
export type Options = [];

/** The signals whose listeners are shutdown paths (SIGINT: local runs and containers). */
const SIGNALS = new Set(['SIGTERM', 'SIGINT']);

export default createRule<Options, MessageIds>({
  name: 'no-blocking-signal-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow synchronous, busy-waiting or over-budget work in SIGTERM and SIGINT listeners',
      recommended: true,
      strict: true,
    },
    schema: [],
    messages: {
      blockingCall:
        '{{what}} blocks the event loop in this {{signal}} listener{{via}}. ' +
        'While it runs no other cleanup can progress, and Lambda sends SIGKILL when the shutdown budget ({{budget}}) runs out. ' +
        'Use the asynchronous API and await it, or move the work out of the shutdown path.',
      busyWait:
        'This {{signal}} listener spins in a busy-wait loop on the clock{{via}}. ' +
        'The loop holds the event loop, so pending closes cannot finish while the shutdown budget ({{budget}}) burns away. ' +
        'Await the cleanup promises instead of polling the clock.',
      longSleep:
        'This {{signal}} listener waits with {{what}}{{via}}, longer than the shutdown budget ({{budget}}). ' +
        'Lambda sends SIGKILL when the budget ends, so nothing after the wait runs. ' +
        'Remove the wait, or keep it well below the budget.',
    },
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const settings = resolveSettings(context.settings);
    return {
      Program() {
        const analysis = analysisOf(context, settings);
        const listeners = analysis.listeners.filter((l) => l.event !== null && SIGNALS.has(l.event));
        if (listeners.length === 0) return;
        let budget: Budget | undefined;
        const getBudget = () => (budget ??= shutdownBudget(analysis));
        const reported = new Set<string>();
        for (const listener of listeners) {
          const reach = analysis.reachOf(listener);
          for (const finding of blockingWork(analysis, reach, getBudget)) {
            const { node, chain } = reach.entry(finding.node);
            const key = `${node.range[0]}:${finding.node.range[0]}`;
            if (reported.has(key)) continue;
            reported.add(key);
            context.report({
              node,
              messageId: finding.kind === 'sync' ? 'blockingCall' : finding.kind === 'busyWait' ? 'busyWait' : 'longSleep',
              data: {
                what: finding.what,
                signal: listener.event!,
                via: chain.length > 0 ? ` (through ${chain.map((c) => `\`${c}()\``).join(' → ')})` : '',
                budget: getBudget().description,
              },
            });
          }
        }
      },
    };
  },
});
