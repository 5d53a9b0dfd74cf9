/** The rule map: every rule of the plugin, by name. */
import exitAfterCleanup from './exit-after-cleanup.js';
import noBlockingSignalHandler from './no-blocking-signal-handler.js';
import noIneffectiveShutdownListener from './no-ineffective-shutdown-listener.js';
import noProcessExitInHandler from './no-process-exit-in-handler.js';
import noProcessExitInSigtermListener from './no-process-exit-in-sigterm-listener.js';
import noSignalListenerInHandler from './no-signal-listener-in-handler.js';
import requireExtension from './require-extension.js';
import requireFinallyCleanup from './require-finally-cleanup.js';
import requireSigtermCleanup from './require-sigterm-cleanup.js';

export const rules = {
  'exit-after-cleanup': exitAfterCleanup,
  'no-blocking-signal-handler': noBlockingSignalHandler,
  'no-ineffective-shutdown-listener': noIneffectiveShutdownListener,
  'no-process-exit-in-handler': noProcessExitInHandler,
  'no-process-exit-in-sigterm-listener': noProcessExitInSigtermListener,
  'no-signal-listener-in-handler': noSignalListenerInHandler,
  'require-extension': requireExtension,
  'require-finally-cleanup': requireFinallyCleanup,
  'require-sigterm-cleanup': requireSigtermCleanup,
};

export type RuleName = keyof typeof rules;
