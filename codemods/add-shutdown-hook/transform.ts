/**
 * add-shutdown-hook: closes every module-scope pool, client, socket and file that `require-sigterm-cleanup` reports
 * in a module-scope SIGTERM listener, by extending the file's listener or adding one after the last resource. It
 * also replaces the `process.exit()` calls of the file's SIGTERM listeners that `no-process-exit-in-sigterm-listener`
 * reports with the re-raise that ends the process on Lambda (they would not return there), in any module. First, a
 * signal listener that ends the process before the cleanup it started settles (`exit-after-cleanup`'s early exits)
 * is made async and awaits that cleanup, as the catalog says it can be waited for (core/cleanup-waits.ts).
 *
 * jscodeshift-compatible: `export default function transform(file, api, options)`. Options: `settings` (what a flat
 * config has under `settings['lambda-shutdown']`).
 */
import type { FileAnalysis } from '../../core/analysis.js';
import { relativePath } from '../../core/files.js';
import { reRaiseEdits } from '../../core/fixes.js';
import type { TextEdit } from '../../core/fixes.js';
import { mayHoldResources } from '../../core/analysis.js';
import type { Resource } from '../../core/resources.js';
import { exitAnalysis, exitFindings, hangingExits } from '../../core/signals.js';
import { shutdownHookEdits } from '../../core/shutdown-hook.js';
import { listenerWaitEdits } from '../../core/cleanup-waits.js';
import { analyzeText, applyEdits, checkSyntax, createTransform, findingsLeftFor, isReported, locationOf, recordDerivation, reportedStarts } from '../transform-utils.js';
import type { RunContext } from '../transform-utils.js';

const NAME = 'add-shutdown-hook';
const INTERNAL = `${NAME} (internal error: the edited file does not parse)`;

/** Exits of the file's hook that can run before cleanup it started has settled. */
function earlyExits(analysis: FileAnalysis): number {
  const hook = analysis.sigtermHook;
  return hook ? exitAnalysis(analysis, analysis.reachOf(hook.listener)).early.length : 0;
}

/** What a text needs: its reported `process.exit()` calls re-raised, its reported unclosed resources closed. */
function todo(text: string, analysis: FileAnalysis, { path, options }: RunContext): { exits: TextEdit[]; resources: Resource[] } {
  // what an eslint-disable comment turns off is not reported, so not fixed either
  const reported = reportedStarts(text, path, options['settings']);
  const exits = hangingExits(analysis)
    .filter((h) => isReported(reported, 'no-process-exit-in-sigterm-listener', h.exit))
    .flatMap((h) => reRaiseEdits(h.exit, text));
  const resources = analysis.unclosedModuleResources().filter((r) => isReported(reported, 'require-sigterm-cleanup', r.node));
  return { exits, resources };
}

/** `applyEdits`, or null when the edits overlap (a listener whose expression body is the exit it re-raises). */
function tryApply(text: string, edits: readonly TextEdit[]): string | null {
  try {
    return applyEdits(text, edits);
  } catch {
    return null;
  }
}

/**
 * Why the resources were left open: another module of a function that loads this one has, or needs, a SIGTERM listener
 * of its own, and a second listener that ends the process would cut its cleanup off.
 */
function peerNote(analysis: FileAnalysis, resources: readonly Resource[]): string | null {
  const [peer, ...more] = analysis.shutdownPeers();
  if (!peer || resources.length === 0) return null;
  const rel = (f: string) => relativePath(process.cwd(), f);
  const names = resources.map((r) => `\`${r.name}\` (line ${r.node.loc.start.line})`).join(', ');
  const what = peer.kind === 'listener' ? 'has a SIGTERM listener' : 'holds resources that need a SIGTERM listener too';
  const others = more.length > 0 ? ` (and ${more.length} more module${more.length === 1 ? '' : 's'})` : '';
  return (
    `left ${names} open: ${rel(peer.file)}${others}, in the function of ${rel(peer.entry)}, ${what}. ` +
    `With two listeners the first that ends the process cuts the other's cleanup off: close ${resources.length === 1 ? 'it' : 'them'} in one listener for the function.`
  );
}

/**
 * The text with its signal listeners made to wait for the cleanup they start before an exit (core/cleanup-waits.ts),
 * or the text itself. A listener whose cleanup cannot be waited for is left as it is, with a note.
 */
function waitForCleanup(text: string, analysis: FileAnalysis, { path, options, report }: RunContext): string {
  const reported = reportedStarts(text, path, options['settings']);
  const { edits, left } = listenerWaitEdits(analysis, text, (exit) => isReported(reported, 'exit-after-cleanup', exit));
  for (const { fn, cleanup } of left) {
    const call = text.slice(cleanup.range[0], cleanup.range[1]);
    report(
      `left the listener function at line ${fn.loc.start.line} ending the process before \`${call}\` settles: ` +
        'this file does not say whether it returns a promise or calls back, so there is nothing known to await. Wait for it before the exit.',
    );
  }
  if (edits.length === 0) return text;
  const out = applyEdits(text, edits);
  checkSyntax(out, path, INTERNAL);
  return out;
}

export function addShutdownHook(input: string, context: RunContext): string {
  const { path, settings } = context;
  // no import of a resource module and no SIGTERM listener: nothing to parse for
  if (!input.includes('SIGTERM') && !mayHoldResources(input, locationOf(path), settings)) return input;
  const first = analyzeText(input, path, settings, NAME).analysis;
  // listeners that end the process before their cleanup settles wait for it first; the rest works on that text
  const waited = waitForCleanup(input, first, context);
  return waited === input ? closeAndReRaise(input, first, context) : closeAndReRaise(waited, analyzeText(waited, path, settings, INTERNAL).analysis, context);
}

/** Re-raises the reported exits and closes the reported resources of `input`, whose analysis is `analysis`. */
function closeAndReRaise(input: string, analysis: FileAnalysis, context: RunContext): string {
  const { path, settings } = context;
  const { exits, resources } = todo(input, analysis, context);
  if (exits.length === 0 && resources.length === 0) return input;
  // a listener of its own would race another module's: left for a human, with the reason (no edit to plan for them)
  if (resources.length > 0 && !analysis.sigtermHook) {
    const note = peerNote(analysis, resources);
    if (note) {
      context.report(note);
      if (exits.length === 0) return input;
      resources.length = 0;
    }
  }

  // The common case, in one step from the input's analysis: the re-raises and the listener's edits together, checked
  // by a syntax check only, and recorded so that add-finally-cleanup and findingsLeft() need no parse of the output.
  const plan = resources.length > 0 ? shutdownHookEdits(analysis, resources, input, { exit: true }) : null;
  if (!plan?.addedExit) {
    const out = tryApply(input, [...exits, ...(plan?.edits ?? [])]);
    if (out === input) return input; // nothing could be planned
    if (out !== null) {
      checkSyntax(out, path, INTERNAL);
      // what the output keeps: every exit finding of the input (the re-raises end the process as the exits did; a new
      // listener awaits its closes and ends the process; an extended one already did), the resources left unclosed
      const closed = new Set(plan?.closes ?? []);
      const unclosed = analysis.unclosedModuleResources().filter((r) => !closed.has(r)).length;
      recordDerivation(out, path, settings, { from: analysis, hookFindingsLeft: exitFindings(analysis).length + unclosed });
      return out;
    }
  }

  // Otherwise step by step, each step analyzed: the re-raises first, then the listener on the re-raised text.
  const text = exits.length > 0 ? applyEdits(input, exits) : input;
  const current = text === input ? analysis : analyzeText(text, path, settings, INTERNAL).analysis;
  const left = text === input ? resources : todo(text, current, context).resources;
  if (left.length === 0) return text;
  const attempt = (exit: boolean): string | null => {
    const next = shutdownHookEdits(current, left, text, { exit });
    if (!next) return null;
    const out = applyEdits(text, next.edits);
    const after = analyzeText(out, path, settings, INTERNAL).analysis;
    // an exit added after cleanup the listener starts without awaiting would cut that cleanup off: leave the exit out
    if (next.addedExit && earlyExits(after) > earlyExits(current)) return exit ? attempt(false) : null;
    return out;
  };
  return attempt(true) ?? text;
}

export default createTransform(NAME, addShutdownHook);

/** What is left after a run: the findings of require-sigterm-cleanup in `source` (the run's last analysis, reused). */
export const findingsLeft = findingsLeftFor(NAME);
