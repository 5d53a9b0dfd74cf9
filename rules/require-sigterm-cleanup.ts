import type { TSESLint } from '@typescript-eslint/utils';
import { analyze } from '../core/analysis.js';
import { closeStatement, sigtermCleanupEdits } from '../core/fixes.js';
import type { Resource } from '../core/resources.js';
import { resolveSettings } from '../core/settings.js';
import { createRule } from './create-rule.js';

export type MessageIds = 'missingSigtermCleanup' | 'addToListener' | 'addListener';
export type Options = [];

/** `await pool.end()`, `client.release()`, `fs.closeSync(fd)`: the close named in messages, as the fix writes it. */
export function closeCall(resource: Resource, inAsync = true): string {
  return (
    closeStatement(resource, { inAsync, optional: false, semicolons: false }) ??
    `${resource.spec.close.method}(${resource.name ?? '…'})`
  );
}

export default createRule<Options, MessageIds>({
  name: 'require-sigterm-cleanup',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require module-scope pools, clients, sockets and files of a Lambda handler module to be closed in a SIGTERM listener',
      recommended: true,
      strict: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      missingSigtermCleanup:
        '`{{name}}` ({{library}} {{label}}) is {{where}} and no SIGTERM listener closes it. ' +
        'When Lambda shuts the environment down its connections are cut and buffered data is lost; a SIGTERM listener gets 300–500 ms to close it, and only runs when an extension is registered. ' +
        "Close it with `{{close}}` in a module-scope `process.once('SIGTERM', …)` listener, then call `process.exit(0)`.",
      addToListener: 'Close `{{name}}` in the existing SIGTERM listener.',
      addListener: 'Add a SIGTERM listener that closes `{{name}}` and exits.',
    },
    defaultOptions: [],
  },
  defaultOptions: [],
  create(context) {
    const settings = resolveSettings(context.settings);
    return {
      Program() {
        const analysis = analyze(context.sourceCode, settings);
        if (!analysis.isHandlerModule) return;
        for (const resource of analysis.unclosedModuleResources()) {
          const text = context.sourceCode.text;
          const fix = sigtermCleanupEdits(analysis, resource, text);
          const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = fix
            ? [
                {
                  messageId: fix.extends ? 'addToListener' : 'addListener',
                  data: { name: resource.name! },
                  fix: (fixer) => fix.edits.map((e) => fixer.replaceTextRange([e.range[0], e.range[1]], e.text)),
                },
              ]
            : [];
          context.report({
            node: resource.node,
            messageId: 'missingSigtermCleanup',
            data: {
              name: resource.name!,
              library: resource.spec.library,
              label: resource.spec.label,
              where: resource.lazy ? 'cached at module scope' : 'opened at module scope',
              close: closeCall(resource),
            },
            suggest,
          });
        }
      },
    };
  },
});
