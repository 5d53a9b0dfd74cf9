import path from 'node:path';
import { CODEMOD_COMMAND } from '../core/packages.js';
import { resolveSettings } from '../core/settings.js';
import { analysisOf, createRule } from './rule-utils.js';

export type MessageIds = 'noExtension' | 'unknownExtension';
export type Options = [{ reportUnknown?: boolean }];

export default createRule<Options, MessageIds>({
  name: 'require-extension',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a Lambda extension for functions that listen for SIGTERM, since Lambda sends SIGTERM only when one is registered',
      recommended: true,
      strict: true,
      strictOptions: [{ reportUnknown: true }],
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          reportUnknown: {
            type: 'boolean',
            description: 'Also report when no deployment configuration is found for the file and its code registers no extension (the answer is unknown). On in `strict`.',
          },
        },
      },
    ],
    messages: {
      noExtension:
        'This SIGTERM listener never runs: function `{{fn}}` ({{config}}:{{line}}) registers no Lambda extension. ' +
        'Lambda sends SIGTERM only when at least one extension is registered; without one it ends the environment with SIGKILL. ' +
        `Add an extension layer, or register an internal extension (\`npx ${CODEMOD_COMMAND} register-extension\`).`,
      unknownExtension:
        'This SIGTERM listener may never run: {{reason}}, and this code registers no extension. ' +
        'Lambda sends SIGTERM only when at least one extension is registered; without one it ends the environment with SIGKILL. ' +
        `Make sure the function has an extension layer, or register an internal extension (\`npx ${CODEMOD_COMMAND} register-extension\`).`,
    },
    defaultOptions: [{ reportUnknown: false }],
  },
  defaultOptions: [{ reportUnknown: false }],
  create(context, [options]) {
    const settings = resolveSettings(context.settings);
    if (settings.platform === 'container') return {};
    return {
      Program() {
        const analysis = analysisOf(context, settings);
        const listeners = analysis.listeners.filter((l) => l.event === 'SIGTERM');
        if (listeners.length === 0) return;
        // a handler module's own deployment, or for a module a handler loads (a shared db.ts), that handler's
        const loaded = analysis.isHandlerModule ? null : analysis.loaderExtension;
        if (!analysis.isHandlerModule && !loaded) return;
        const status = loaded ? loaded.status : analysis.extension;
        const seen = new Set<unknown>();
        for (const listener of listeners) {
          if (seen.has(listener.call)) continue;
          seen.add(listener.call);
          if (status.kind === 'none') {
            context.report({
              node: listener.call,
              messageId: 'noExtension',
              data: {
                fn: status.deployment.name,
                config: path.relative(context.cwd, status.deployment.configFile) || status.deployment.configFile,
                line: status.deployment.line,
              },
            });
          } else if (status.kind === 'unknown' && options.reportUnknown) {
            context.report({ node: listener.call, messageId: 'unknownExtension', data: { reason: status.reason } });
          }
        }
      },
    };
  },
});
