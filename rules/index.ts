/** The rule map: every rule of the plugin, by name. */
import requireFinallyCleanup from './require-finally-cleanup.js';
import requireSigtermCleanup from './require-sigterm-cleanup.js';

export const rules = {
  'require-finally-cleanup': requireFinallyCleanup,
  'require-sigterm-cleanup': requireSigtermCleanup,
};

export type RuleName = keyof typeof rules;
