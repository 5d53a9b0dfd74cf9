import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { closeStatement, sigtermCleanupEdits } from '../core/fixes.js';
import type { Resource } from '../core/resources.js';
import { resolveSettings } from '../core/settings.js';
import { shutdownBudget } from '../core/signals.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'missingSigtermCleanup' | 'missingSigtermCleanupNoExtension' | 'missingSigtermCleanupContainer' | 'addToListener' | 'addListener';
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
        "Close it with `{{close}}` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process.",
      missingSigtermCleanupNoExtension:
        '`{{name}}` ({{library}} {{label}}) is {{where}} and no SIGTERM listener closes it. ' +
        'Function `{{fn}}` ({{config}}:{{line}}) also registers no extension, so Lambda ends the environment with SIGKILL, without SIGTERM: its connections are cut and buffered data is lost. ' +
        "Close it with `{{close}}` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process, and register an extension so the listener runs.",
      missingSigtermCleanupContainer:
        '`{{name}}` ({{library}} {{label}}) is {{where}} and no SIGTERM listener closes it. ' +
        'When the container is stopped the process gets SIGTERM and {{budget}} before SIGKILL; without a listener Node exits at once and its connections are cut. ' +
        "Close it with `{{close}}` in a module-scope `process.once('SIGTERM', …)` listener that then ends the process.",
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
        const analysis = analysisOf(context, settings);
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
          const data = {
            name: resource.name!,
            library: resource.spec.library,
            label: resource.spec.label,
            where: resource.lazy ? 'cached at module scope' : 'opened at module scope',
            close: closeCall(resource),
          };
          const extension = analysis.extension;
          if (extension.kind === 'none') {
            const { deployment } = extension;
            const config = path.relative(context.cwd, deployment.configFile) || deployment.configFile;
            context.report({
              node: resource.node,
              messageId: 'missingSigtermCleanupNoExtension',
              data: { ...data, fn: deployment.name, config, line: deployment.line },
              suggest,
            });
          } else if (extension.kind === 'container') {
            context.report({ node: resource.node, messageId: 'missingSigtermCleanupContainer', data: { ...data, budget: shutdownBudget(analysis).description }, suggest });
          } else {
            context.report({ node: resource.node, messageId: 'missingSigtermCleanup', data, suggest });
          }
        }
      },
    };
  },
});
