/**
 * add-finally-cleanup: makes every per-invocation connection, socket and file that `require-finally-cleanup` reports
 * close on every path, with the rule's own fix: a `try { … } finally { close }` from after its creation to its last
 * use, or the close added to an existing `finally`. With `using: true`, `await using x = …` where the resource's
 * `Symbol.asyncDispose` is its graceful close and the function is async.
 *
 * In rounds: fix, re-parse, re-analyze (the ranges shift), until nothing fixable remains. A round applies every fix
 * whose edits lie apart from the others' at once (checked once), or else the first fix that checks out. Resources
 * without a safe fix are left as they are; the `findingsLeft` export counts them.
 *
 * jscodeshift-compatible: `export default function transform(file, api, options)`. Options: `settings` (what a flat
 * config has under `settings['lambda-shutdown']`), `using` (boolean).
 */
import { editsOf, finallyCleanupEdits, finallyCleanupPlan, openAfterAwaitPlan, usingEdits } from '../../core/fixes.js';
import type { TextEdit } from '../../core/fixes.js';
import type { FileAnalysis } from '../../core/analysis.js';
import type { InvocationCleanup } from '../../core/cleanup.js';
import type { Resource } from '../../core/resources.js';
import { mayHoldResources } from '../../core/analysis.js';
import { analyzeText, applyEdits, createTransform, derivationOf, findingsIn, findingsLeftFor, isReported, locationOf, remapLine, reportedStarts } from '../transform-utils.js';
import type { AnalyzedText, RunContext } from '../transform-utils.js';

const NAME = 'add-finally-cleanup';

/** Rounds of fix → re-analyze: each must remove a finding, so this only stops a bug from looping. */
const MAX_ROUNDS = 200;

function isOn(value: unknown): boolean {
  return value === true || value === 'true' || value === 1;
}

/** Why a finding is left: what the edit generators say, or that the edit they wrote did not check out. */
function whyLeft(resource: Resource, cleanup: InvocationCleanup, text: string, analysis: FileAnalysis): string {
  const plan = cleanup.consumedLate ? openAfterAwaitPlan(resource, cleanup, text, analysis) : finallyCleanupPlan(resource, cleanup, text, analysis);
  if (Array.isArray(plan)) return 'the edit written for it did not check out (the result kept the finding or did not parse)';
  return cleanup.consumedLate ? `it is piped only after an \`await\` that can throw, and cannot be opened after it: ${plan.noFix}` : plan.noFix;
}

export function addFinallyCleanup(text: string, { path, settings, options, report }: RunContext): string {
  // no import of a resource module, nor of a local module that hands one out: nothing to parse for
  if (!mayHoldResources(text, locationOf(path), settings)) return text;
  // made by add-shutdown-hook from a text without per-invocation findings: its edits cannot have added one
  const derivation = derivationOf(text, path, settings);
  if (derivation && derivation.from.unclosedInvocationResources().length === 0) return text;
  const preferUsing = isOn(options['using']);
  let current = text;
  let state: AnalyzedText = analyzeText(text, path, settings, NAME);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const all = state.analysis.unclosedInvocationResources();
    // what an eslint-disable comment turns off is not reported, so not fixed either
    const reported = all.length > 0 ? reportedStarts(current, path, options['settings']) : null;
    const findings = all.filter(({ resource }) => isReported(reported, 'require-finally-cleanup', resource.node));
    if (findings.length === 0) break;
    const fixes = findings.map(({ resource, cleanup }) => {
      const candidates: (() => TextEdit[] | null)[] = [
        ...(preferUsing ? [() => usingEdits(resource, cleanup, current, state.analysis)] : []),
        // a stream piped only after an `await`: opened after it instead (what the finding asks first)
        ...(cleanup.consumedLate ? [() => editsOf(openAfterAwaitPlan(resource, cleanup, current, state.analysis))] : []),
        () => finallyCleanupEdits(resource, cleanup, current, state.analysis),
      ];
      return candidates;
    });
    const next = applyIndependent(current, fixes, all.length) ?? applyFirst(current, fixes, all.length);
    if (!next) {
      // left for a human: each finding with its reason
      for (const { resource, cleanup } of findings) {
        const line = resource.node.loc.start.line;
        const why = whyLeft(resource, cleanup, current, state.analysis);
        // (noted on the current text: at its line of the input)
        report(`left \`${resource.name ?? resource.spec.label}\` open: ${why}.`, remapLine(current, text, line));
      }
      break;
    }
    current = next.text;
    state = next.state;
  }
  return current === text ? text : current;

  /** Checks an edited text: it parses, and it has at most `most` findings left (the fixes removed theirs and added none). */
  function verify(out: string, most: number): { text: string; state: AnalyzedText } | null {
    let after: AnalyzedText;
    try {
      after = analyzeText(out, path, settings, NAME);
    } catch {
      return null; // an edit that breaks the file is not applied
    }
    return findingsIn(after.analysis, NAME) <= most ? { text: out, state: after } : null;
  }

  /**
   * The fixes whose edits lie in separate parts of the file (resources of different functions, as a rule), all at
   * once and checked once: each would come out the same applied alone. Null when fewer than two are independent or
   * the combined result does not check out; then the fixes go one at a time.
   */
  function applyIndependent(from: string, fixes: (() => TextEdit[] | null)[][], count: number): { text: string; state: AnalyzedText } | null {
    if (fixes.length < 2) return null;
    const chosen: { edits: TextEdit[]; hull: readonly [number, number] }[] = [];
    for (const candidates of fixes) {
      let edits: TextEdit[] | null = null;
      for (const candidate of candidates) {
        edits = candidate();
        if (edits && edits.length > 0) break;
      }
      if (!edits || edits.length === 0) continue;
      const hull = [Math.min(...edits.map((e) => e.range[0])), Math.max(...edits.map((e) => e.range[1]))] as const;
      if (chosen.some((c) => hull[0] <= c.hull[1] && c.hull[0] <= hull[1])) continue;
      chosen.push({ edits, hull });
    }
    if (chosen.length < 2) return null;
    return verify(applyEdits(from, chosen.flatMap((c) => c.edits)), count - chosen.length);
  }

  /** The first fix, in the order of the findings and of each one's candidates, that checks out. */
  function applyFirst(from: string, fixes: (() => TextEdit[] | null)[][], count: number): { text: string; state: AnalyzedText } | null {
    for (const candidates of fixes) {
      for (const candidate of candidates) {
        const edits = candidate();
        if (!edits || edits.length === 0) continue;
        const next = verify(applyEdits(from, edits), count - 1);
        if (next) return next;
      }
    }
    return null;
  }
}

export default createTransform(NAME, addFinallyCleanup);

/** What is left after a run: the findings of require-finally-cleanup in `source` (the run's last analysis, reused). */
export const findingsLeft = findingsLeftFor(NAME);
