/**
 * add-shutdown-hook: closes every module-scope pool, client, socket and file that `require-sigterm-cleanup` reports
 * in a module-scope SIGTERM listener, by extending the file's listener or adding one after the last resource. First it
 * replaces the `process.exit()` calls of the file's SIGTERM listeners that `no-process-exit-in-sigterm-listener`
 * reports with the re-raise that ends the process on Lambda (they would not return there), in any module.
 *
 * jscodeshift-compatible: `export default function transform(file, api, options)`. Options: `settings` (what a flat
 * config has under `settings['lambda-shutdown']`).
 */
import type { FileAnalysis } from '../../core/analysis.js';
import { mayHaveResources } from '../../core/resources.js';
import { reRaiseEdits } from '../../core/fixes.js';
import { exitAnalysis, hangingExits } from '../../core/signals.js';
import { shutdownHookEdits } from '../../core/shutdown-hook.js';
import { analyzeText, applyEdits, createTransform, findingsLeftFor, isReported, reportedStarts } from '../transform-utils.js';
import type { RunContext } from '../transform-utils.js';

const NAME = 'add-shutdown-hook';

/** Exits of the file's hook that can run before cleanup it started has settled. */
function earlyExits(analysis: FileAnalysis): number {
  const hook = analysis.sigtermHook;
  return hook ? exitAnalysis(analysis, analysis.reachOf(hook.listener)).early.length : 0;
}

/** The file with its SIGTERM listeners' reported `process.exit()` calls replaced by the re-raise. */
function reRaiseExits(text: string, { path, settings, options }: RunContext): string {
  const { analysis } = analyzeText(text, path, settings, NAME);
  const hanging = hangingExits(analysis);
  if (hanging.length === 0) return text;
  const reported = reportedStarts(text, path, options['settings']);
  const edits = hanging.filter((h) => isReported(reported, 'no-process-exit-in-sigterm-listener', h.exit)).flatMap((h) => reRaiseEdits(h.exit, text));
  return applyEdits(text, edits);
}

export function addShutdownHook(input: string, context: RunContext): string {
  const { path, settings, options } = context;
  // no import of a resource module and no SIGTERM listener: nothing to parse for
  if (!mayHaveResources(input, settings) && !input.includes('SIGTERM')) return input;
  const text = reRaiseExits(input, context);
  const { analysis } = analyzeText(text, path, settings, `${NAME} (internal error: the edited file does not parse)`);
  if (!analysis.isHandlerModule) return text;
  // what an eslint-disable comment turns off is not reported, so not fixed either
  const reported = reportedStarts(text, path, options['settings']);
  const resources = analysis.unclosedModuleResources().filter((r) => isReported(reported, 'require-sigterm-cleanup', r.node));
  if (resources.length === 0) return text;
  const attempt = (exit: boolean): string | null => {
    const plan = shutdownHookEdits(analysis, resources, text, { exit });
    if (!plan) return null;
    const out = applyEdits(text, plan.edits);
    const after = analyzeText(out, path, settings, `${NAME} (internal error: the edited file does not parse)`).analysis;
    // an exit added after cleanup the listener starts without awaiting would cut that cleanup off: leave the exit out
    if (plan.addedExit && earlyExits(after) > earlyExits(analysis)) return exit ? attempt(false) : null;
    return out;
  };
  return attempt(true) ?? text;
}

export default createTransform(NAME, addShutdownHook);

/** What is left after a run: the findings of require-sigterm-cleanup in `source` (the run's last analysis, reused). */
export const findingsLeft = findingsLeftFor(NAME);
