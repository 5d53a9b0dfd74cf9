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
import { bindingPlan, closeCall, functionLabel, isTypeScriptFile, nameableAtModuleLevel, needsBinding, reRaiseEdits } from '../../core/fixes.js';
import { enclosingFunction, isFunction } from '../../core/ast.js';
import type { Node } from '../../core/ast.js';
import type { TextEdit } from '../../core/fixes.js';
import { mayHoldResources } from '../../core/analysis.js';
import type { Resource } from '../../core/resources.js';
import { exitAnalysis, exitFindings, hangingExits } from '../../core/signals.js';
import { shutdownHookEdits } from '../../core/shutdown-hook.js';
import { listenerWaitEdits } from '../../core/cleanup-waits.js';
import { analyzeText, applyEdits, checkSyntax, createTransform, findingsLeftFor, isReported, locationOf, recordDerivation, remapLine, reportedStarts } from '../transform-utils.js';
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
  const hanging = hangingExits(analysis);
  const unclosed = analysis.unclosedModuleResources();
  if (hanging.length === 0 && unclosed.length === 0) return { exits: [], resources: [] };
  // what an eslint-disable comment turns off is not reported, so not fixed either (ESLint is asked only now)
  const reported = reportedStarts(text, path, options['settings']);
  const exits = hanging.filter((h) => isReported(reported, 'no-process-exit-in-sigterm-listener', h.exit)).flatMap((h) => reRaiseEdits(h.exit, text));
  const resources = unclosed.filter((r) => isReported(reported, 'require-sigterm-cleanup', r.node));
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
 * Why a resource is left open when another module of a function that loads this one has, or needs, a SIGTERM listener
 * of its own: a second listener that ends the process would cut that one's cleanup off. Null when there is none.
 */
function peerReason(analysis: FileAnalysis): string | null {
  const [peer, ...more] = analysis.shutdownPeers();
  if (!peer) return null;
  const rel = (f: string) => relativePath(process.cwd(), f);
  const what = peer.kind === 'listener' ? 'has a SIGTERM listener' : 'holds resources that need a SIGTERM listener too';
  const others = more.length > 0 ? ` (and ${more.length} more module${more.length === 1 ? '' : 's'})` : '';
  return (
    `${rel(peer.file)}${others}, in the function of ${rel(peer.entry)}, ${what}. ` +
    `With two listeners the first that ends the process cuts the other's cleanup off: close the function's resources in one listener`
  );
}

/** Why no listener closes `resource`: what the note for a finding left says. */
function whyNotClosed(analysis: FileAnalysis, resource: Resource, file: string): string {
  // the binding edit's own reason, when it has none to write
  const plan = needsBinding(analysis, resource) ? bindingPlan(analysis, resource, analysis.file.text, isTypeScriptFile(file)) : null;
  if (plan && !Array.isArray(plan)) return plan.noFix;
  if (!nameableAtModuleLevel(analysis, resource)) {
    const binding = resource.variable ?? resource.wrapper;
    if (binding) {
      const block = binding.scope.block as Node;
      return `it is held by \`${binding.name}\`, a variable of ${functionLabel(isFunction(block) ? block : enclosingFunction(block))}, which a module-scope SIGTERM listener cannot name`;
    }
    return `this file binds no \`${resource.name}\` to call \`${closeCall(resource)}\` on`;
  }
  if (resource.exportedAs) return 'the listener could not be written after naming it';
  if (resource.wrapper) return `it is held by \`${resource.wrapper.name}\`, and no close of \`${resource.wrapper.name}\` that closes it is known`;
  const hook = analysis.sigtermHook;
  if (hook) return `the SIGTERM listener at line ${hook.listener.call.loc.start.line} cannot take its close (it cannot be made async, or a name in it hides the resource's)`;
  const other = analysis.listeners.find((l) => l.event === 'SIGTERM');
  if (other) return `the SIGTERM listener at line ${other.call.loc.start.line} ends the process, or may, before a new listener's closes would settle`;
  return 'no listener could be written for it';
}

/** Reports each resource of `resources` not in `closed`, with the reason (`reason`, or what whyNotClosed() says). */
function reportLeft(analysis: FileAnalysis, resources: readonly Resource[], closed: ReadonlySet<Resource>, context: RunContext, reason?: string): void {
  for (const r of resources) {
    if (closed.has(r)) continue;
    const line = r.node.loc.start.line;
    const why = reason ?? whyNotClosed(analysis, r, context.path);
    context.report(`left \`${r.name ?? r.spec.label}\` open: ${why}.`, line);
  }
}

/**
 * The text with its signal listeners made to wait for the cleanup they start before an exit (core/cleanup-waits.ts),
 * or the text itself. A listener whose cleanup cannot be waited for is left as it is, with a note.
 */
function waitForCleanup(text: string, analysis: FileAnalysis, { path, options, report }: RunContext): string {
  // (ESLint reads the eslint-disable comments only for a file with an exit to judge)
  if (!exitFindings(analysis).some((f) => f.kind === 'exitsEarly')) return text;
  const reported = reportedStarts(text, path, options['settings']);
  const { edits, left } = listenerWaitEdits(analysis, text, (exit) => isReported(reported, 'exit-after-cleanup', exit));
  for (const { fn, cleanup, exits } of left) {
    const call = text.slice(cleanup.range[0], cleanup.range[1]);
    const note =
      `left the listener function at line ${fn.loc.start.line} as it is: it ends the process before \`${call}\` settles, ` +
      'and this file does not say whether that returns a promise or calls back, so there is nothing known to await. Wait for it before the exit.';
    // one note per finding: exit-after-cleanup reports each early exit
    for (const exit of exits) report(note, exit.loc.start.line);
  }
  if (edits.length === 0) return text;
  const out = applyEdits(text, edits);
  checkSyntax(out, path, INTERNAL);
  return out;
}

export function addShutdownHook(input: string, context: RunContext): string {
  return run(input, context, true);
}

/**
 * Gives the resources that a function's local variable holds (the `app` of a cached `bootstrap()`) a module-level
 * binding, then runs on that text. Kept only when the listener then closes one of them; else null (nothing reported).
 */
function withModuleBindings(input: string, analysis: FileAnalysis, resources: readonly Resource[], context: RunContext): string | null {
  const plans = resources.filter((r) => needsBinding(analysis, r)).map((r) => bindingPlan(analysis, r, input, isTypeScriptFile(context.path)));
  // two connections of one singleton module need its binding once
  const edits = [...new Map(plans.flatMap((p) => (Array.isArray(p) ? p : [])).map((e) => [`${e.range[0]}:${e.range[1]}:${e.text}`, e])).values()];
  const hoisted = edits.length > 0 ? tryApply(input, edits) : null;
  if (hoisted === null) return null;
  checkSyntax(hoisted, context.path, INTERNAL);
  const notes: [string, number | undefined][] = [];
  const out = run(hoisted, { ...context, report: (message, line) => void notes.push([message, line]) }, false);
  const left = analyzeText(out, context.path, context.settings, INTERNAL).analysis.unclosedModuleResources().length;
  if (left >= resources.length) return null;
  // noted on the bound text: at their lines of the input
  for (const [message, line] of notes) context.report(message, line === undefined ? undefined : remapLine(hoisted, input, line));
  return out;
}

function run(input: string, context: RunContext, bindFirst: boolean): string {
  const { path, settings } = context;
  // no import of a resource module and no SIGTERM listener: nothing to parse for
  if (!input.includes('SIGTERM') && !mayHoldResources(input, locationOf(path), settings)) return input;
  const first = analyzeText(input, path, settings, NAME).analysis;
  // listeners that end the process before their cleanup settles wait for it first; the rest works on that text
  const waited = waitForCleanup(input, first, context);
  if (waited === input) return closeAndReRaise(input, first, context, bindFirst);
  // what is noted on the waited text is noted at its line of the input
  const report = (message: string, line?: number) => context.report(message, line === undefined ? undefined : remapLine(waited, input, line));
  return closeAndReRaise(waited, analyzeText(waited, path, settings, INTERNAL).analysis, { ...context, report }, bindFirst);
}

/**
 * Re-raises the reported exits and closes the reported resources of `input`, whose analysis is `analysis`; with
 * `bindFirst`, gives what no listener could name a binding first.
 */
function closeAndReRaise(input: string, analysis: FileAnalysis, context: RunContext, bindFirst: boolean): string {
  const { path, settings } = context;
  const { exits, resources } = todo(input, analysis, context);
  if (exits.length === 0 && resources.length === 0) return input;
  // a listener of its own would race another module's: left for a human, with the reason (no edit to plan for them)
  if (resources.length > 0 && !analysis.sigtermHook) {
    const reason = peerReason(analysis);
    if (reason) {
      reportLeft(analysis, resources, new Set(), context, reason);
      if (exits.length === 0) return input;
      resources.length = 0;
    }
  }

  // a resource a function's local holds gets a module-level binding first, so that a listener can name it
  if (bindFirst && resources.some((r) => needsBinding(analysis, r))) {
    const out = withModuleBindings(input, analysis, resources, context);
    if (out !== null) return out;
  }

  // The common case, in one step from the input's analysis: the re-raises and the listener's edits together, checked
  // by a syntax check only, and recorded so that add-finally-cleanup and findingsLeft() need no parse of the output.
  const plan = resources.length > 0 ? shutdownHookEdits(analysis, resources, input, { exit: true }) : null;
  if (!plan?.addedExit) {
    const out = tryApply(input, [...exits, ...(plan?.edits ?? [])]);
    if (out === input) {
      // nothing could be planned
      reportLeft(analysis, resources, new Set(), context);
      return input;
    }
    if (out !== null) {
      checkSyntax(out, path, INTERNAL);
      // what the output keeps: every exit finding of the input (the re-raises end the process as the exits did; a new
      // listener awaits its closes and ends the process; an extended one already did), the resources left unclosed
      const closed = new Set(plan?.closes ?? []);
      const unclosed = analysis.unclosedModuleResources().filter((r) => !closed.has(r)).length;
      recordDerivation(out, path, settings, { from: analysis, hookFindingsLeft: exitFindings(analysis).length + unclosed });
      reportLeft(analysis, resources, closed, context);
      return out;
    }
  }

  // Otherwise step by step, each step analyzed: the re-raises first, then the listener on the re-raised text.
  const text = exits.length > 0 ? applyEdits(input, exits) : input;
  const current = text === input ? analysis : analyzeText(text, path, settings, INTERNAL).analysis;
  const left = text === input ? resources : todo(text, current, context).resources;
  if (left.length === 0) return text;
  let closed: ReadonlySet<Resource> = new Set();
  const attempt = (exit: boolean): string | null => {
    const next = shutdownHookEdits(current, left, text, { exit });
    if (!next) return null;
    const out = applyEdits(text, next.edits);
    const after = analyzeText(out, path, settings, INTERNAL).analysis;
    // an exit added after cleanup the listener starts without awaiting would cut that cleanup off: leave the exit out
    if (next.addedExit && earlyExits(after) > earlyExits(current)) return exit ? attempt(false) : null;
    closed = new Set(next.closes);
    return out;
  };
  const out = attempt(true) ?? text;
  reportLeft(current, left, closed, context);
  return out;
}

export default createTransform(NAME, addShutdownHook);

/** What is left after a run: the findings of require-sigterm-cleanup in `source` (the run's last analysis, reused). */
export const findingsLeft = findingsLeftFor(NAME);
