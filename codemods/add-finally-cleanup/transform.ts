/**
 * add-finally-cleanup: makes every per-invocation connection, socket and file that `require-finally-cleanup` reports
 * close on every path, with the rule's own fix: a `try { … } finally { close }` from after its creation to its last
 * use, or the close added to an existing `finally`. With `using: true`, `await using x = …` where the resource's
 * `Symbol.asyncDispose` is its graceful close and the function is async.
 *
 * One resource at a time: fix, re-parse, re-analyze (the ranges shift), until nothing fixable remains. Resources
 * without a safe fix are left as they are; `findingsLeft()` in ../transform-utils counts them.
 *
 * jscodeshift-compatible: `export default function transform(file, api, options)`. Options: `settings` (what a flat
 * config has under `settings['lambda-shutdown']`), `using` (boolean).
 */
import { finallyCleanupEdits, usingEdits } from '../../core/fixes.js';
import type { ParsedFile } from '../../core/scope.js';
import type { FileAnalysis } from '../../core/analysis.js';
import { analyzeText, applyEdits, createTransform, findingsIn } from '../transform-utils.js';
import type { RunContext } from '../transform-utils.js';

const NAME = 'add-finally-cleanup';

/** Rounds of fix → re-analyze: each must remove a finding, so this only stops a bug from looping. */
const MAX_ROUNDS = 200;

function isOn(value: unknown): boolean {
  return value === true || value === 'true' || value === 1;
}

export function addFinallyCleanup(text: string, { path, settings, options }: RunContext): string {
  const preferUsing = isOn(options['using']);
  let current = text;
  let state: { parsed: ParsedFile; analysis: FileAnalysis } = analyzeText(text, path, settings, NAME);
  if (!state.analysis.isHandlerModule) return text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const { parsed, analysis } = state;
    const findings = analysis.unclosedInvocationResources();
    if (findings.length === 0) break;
    let next: { text: string; state: typeof state } | null = null;
    for (const { resource, cleanup } of findings) {
      const tokens = parsed.ast.tokens;
      const candidates = [
        ...(preferUsing ? [usingEdits(resource, cleanup, current, tokens, analysis)] : []),
        finallyCleanupEdits(resource, cleanup, current, tokens, analysis),
      ];
      for (const edits of candidates) {
        if (!edits || edits.length === 0) continue;
        const out = applyEdits(current, edits);
        let after: typeof state;
        try {
          after = analyzeText(out, path, settings, NAME);
        } catch {
          continue; // an edit that breaks the file is not applied
        }
        // the fix must remove a finding (this one) and add none
        if (findingsIn(after.analysis, NAME) >= findings.length) continue;
        next = { text: out, state: after };
        break;
      }
      if (next) break;
    }
    if (!next) break;
    current = next.text;
    state = next.state;
  }
  return current === text ? text : current;
}

export default createTransform(NAME, addFinallyCleanup);
