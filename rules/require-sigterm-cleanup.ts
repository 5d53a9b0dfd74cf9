import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { closeCall, sigtermCleanupEdits } from '../core/fixes.js';
import { relativePath } from '../core/files.js';
import type { Loader } from '../core/graph/project.js';
import type { Resource } from '../core/resources.js';
import { resolveSettings } from '../core/settings.js';
import { shutdownBudget } from '../core/signals.js';
import { rememberAnalysis } from '../core/analysis.js';
import type { ExtensionStatus } from '../core/analysis.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'missingSigtermCleanup' | 'missingSigtermCleanupNoExtension' | 'missingSigtermCleanupContainer' | 'addToListener' | 'addListener';
export type Options = [];


/**
 * For a module that a handler entry loads (not the entry itself): ` of src/lib/db.ts:12, which src/handlers/get.ts:3
 * loads (through src/lib/index.ts)`, so that the message names both files and lines.
 */
export function loadedBy(loader: Loader | null, resource: Resource, filename: string, cwd: string): string {
  if (!loader || loader.chain.length < 2) return '';
  const rel = (f: string) => relativePath(cwd, f);
  const through = loader.chain.slice(1, -1).map(rel);
  return (
    ` of ${rel(filename)}:${resource.node.loc.start.line}, which ${rel(loader.entry)}:${loader.lines[0]} loads` +
    (through.length > 0 ? ` (through ${through.length > 2 ? `${through[0]} and ${through.length - 1} more modules` : through.join(', ')})` : '')
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
        rememberAnalysis(analysis);
        for (const { resource, loader } of analysis.moduleFindings()) {
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
            where: `${resource.lazy ? 'cached' : 'opened'} at module scope${loadedBy(loader, resource, context.filename, context.cwd)}`,
            close: closeCall(resource),
          };
          // the extension of this file's own deployment: a module a handler loads has none of its own to name
          const extension: ExtensionStatus = loader && loader.chain.length > 1 ? { kind: 'unknown', reason: 'loaded by another module' } : analysis.extension;
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
