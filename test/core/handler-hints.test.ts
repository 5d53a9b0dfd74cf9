/**
 * mayBeHandlerModule(): the module graph's test on a module's text before it parses the module to ask whether it
 * exports a handler (core/handlers.ts). It may say "maybe" for a module without a handler, never "no" for a module in
 * which findHandlers() finds one: a "no" there makes a handler entry invisible, and every module it loads looks
 * unloaded. Checked against findHandlers() on every JS/TS fixture file of this repository (test fixtures, codemod
 * fixtures, the examples) and on the code of every rule test case, then on shapes chosen to stress the text test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analysis.js';
import { handlerHints, mayBeHandlerModule } from '../../core/handlers.js';
import { parseFile } from '../../core/parse.js';
import type { ResolvedSettings } from '../../core/settings.js';
import { resolveSettings } from '../../core/settings.js';
import { filesUnder, repoRoot } from './fixture-corpus.js';

const settings = resolveSettings(undefined);

/** The handler exports findHandlers() finds in a text (by its code, without deployment files), or null when it does not parse. */
function codeHandlers(text: string, file: string, s: ResolvedSettings = settings): string[] | null {
  let parsed;
  try {
    parsed = parseFile(text, file, { tokens: false });
  } catch {
    return null;
  }
  return analyze(parsed, s).codeHandlers.map((h) => h.name);
}

const mayBe = (text: string, s: ResolvedSettings = settings) => mayBeHandlerModule(handlerHints(text), s, () => text);

/** Every JS/TS file under the fixture folders (no node_modules, no .d.ts). */
const fixtureFiles = ['test/fixtures', 'test/e2e/fixtures', 'test/codemods/__fixtures__', 'examples'].flatMap((d) => filesUnder(path.join(repoRoot, d)));

/**
 * The `code` of the rule test cases: template literals (and plain strings) after `code:` in test/rules/*.ts. Cases whose
 * code interpolates (`${…}`) are left out; the escapes a template literal can hold are undone.
 */
function ruleCaseCodes(): { source: string; code: string }[] {
  const dir = path.join(repoRoot, 'test/rules');
  const out: { source: string; code: string }[] = [];
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.ts') || name === 'tester.ts') continue;
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    for (const m of text.matchAll(/\bcode:\s*`((?:[^`\\]|\\.)*)`/g)) {
      const raw = m[1]!;
      if (raw.includes('${')) continue;
      out.push({ source: `${name}:${text.slice(0, m.index).split('\n').length}`, code: raw.replace(/\\([`\\$])/g, '$1') });
    }
    for (const m of text.matchAll(/\bcode:\s*(['"])((?:(?!\1)[^\\\n]|\\.)*)\1/g)) {
      out.push({ source: `${name}:${text.slice(0, m.index).split('\n').length}`, code: JSON.parse(`"${m[2]!.replace(/\\'/g, "'").replace(/"/g, '\\"')}"`) as string });
    }
  }
  return out;
}

describe('mayBeHandlerModule is a superset of findHandlers', () => {
  it('on every JS/TS fixture file', () => {
    let handlers = 0;
    let ruledOut = 0;
    for (const file of fixtureFiles) {
      const text = fs.readFileSync(file, 'utf8');
      const found = codeHandlers(text, file);
      if (found === null) continue; // fixtures that do not parse on purpose
      if (found.length > 0) {
        handlers++;
        expect(mayBe(text), `${path.relative(repoRoot, file)} exports ${found.join(', ')}`).toBe(true);
      } else if (!mayBe(text)) ruledOut++;
    }
    // the check ran on real files, and the text test does rule some out
    expect(handlers).toBeGreaterThan(100);
    expect(ruledOut).toBeGreaterThan(10);
  });

  it('on the code of every rule test case', () => {
    const cases = ruleCaseCodes();
    expect(cases.length).toBeGreaterThan(800);
    let handlers = 0;
    for (const { source, code } of cases) {
      // the case's file kind is not read here: TypeScript first, then TSX, then CommonJS
      const found = codeHandlers(code, 'case.ts') ?? codeHandlers(code, 'case.tsx') ?? codeHandlers(code, 'case.cjs');
      if (!found || found.length === 0) continue;
      handlers++;
      expect(mayBe(code), `${source} exports ${found.join(', ')}`).toBe(true);
    }
    expect(handlers).toBeGreaterThan(500);
  });
});

describe('mayBeHandlerModule on chosen shapes', () => {
  it.each([
    // every reason findHandlers has, once
    ['export const handler = async () => {};', 'a default handler name'],
    ['exports.lambdaHandler = async () => {};', 'the other default name, CommonJS'],
    ['async function main() {}\nexport { main as handler };', 'a renamed export'],
    ["import type { SQSHandler } from 'aws-lambda';\nexport const consume: SQSHandler = async () => {};", 'a handler type'],
    ["import type { SQSEvent } from 'aws-lambda';\nexport async function consume(records: SQSEvent) {}", 'a parameter type'],
    ['export const run: AWSLambda.ScheduledHandler = async () => {};', 'the global namespace'],
    ['export async function consume(event, context) {}', '(event, context)'],
    ['export const consume = async (_evt, _ctx) => {};', '(_evt, _ctx)'],
    ['export const consume = async (\n  event,\n  context,\n) => {};', 'parameters on their own lines'],
    ["import serverless from 'serverless-http';\nimport app from './app';\nexport const api = serverless(app);", 'an adapter under any name'],
    ["const { handle } = require('hono/aws-lambda');\nmodule.exports = { web: handle(app) };", 'hono, CommonJS'],
    ["import middy from '@middy/core';\nexport const consume = middy(async () => {}).use(x());", 'middy under any name'],
    ['export default async function handler() {}', 'a default export named handler'],
  ])('%s (%s)', (text) => {
    expect(codeHandlers(text, 'case.ts')?.length, 'findHandlers finds it').toBeGreaterThan(0);
    expect(mayBe(text)).toBe(true);
  });

  it.each([
    ['export const helper = async (event) => {};', 'a lone (event)'],
    ['export function render(props) {}', 'no reason at all'],
    ["const handler = async () => {};\nconsole.log('not exported');", 'a handler name, nothing exported'],
  ])('rules out %s (%s)', (text) => {
    expect(codeHandlers(text, 'case.ts')).toEqual([]);
  });

  it('looks for handler names of the settings in the text, read only when needed', () => {
    const custom = resolveSettings({ 'lambda-shutdown': { handlerNames: ['main'] } });
    const text = 'export const main = async () => ({ ok: true });';
    expect(codeHandlers(text, 'case.ts', custom)).toEqual(['main']);
    expect(mayBe(text, custom)).toBe(true);
    expect(mayBe(text)).toBe(false);
    let read = 0;
    expect(mayBeHandlerModule(handlerHints('export const handler = 1;'), custom, () => (read++, ''))).toBe(true);
    expect(read).toBe(0);
    expect(mayBeHandlerModule(handlerHints('export const other = 1;'), custom, () => (read++, 'export const other = 1;'))).toBe(false);
    expect(read).toBe(1);
    // nothing exported: no text is read
    expect(mayBeHandlerModule(handlerHints('const main = 1;'), custom, () => (read++, 'const main = 1;'))).toBe(false);
    expect(read).toBe(1);
  });

  // Fixed: EVENT_PARAMETER (core/handlers.ts) wants `(` then spaces then `event`; findHandlers reads the parameters'
  // names, so a comment before the first parameter makes the text test say "no" for a handler it finds. The graph then
  // never sees this module as a handler entry (and every module it loads looks unloaded).
  it.each([
    ['export const consume = async (/* SQS batch */ event, context) => {};'],
    ['export async function consume(\n  // the SQS batch\n  event,\n  context,\n) {}'],
  ])('a comment before `event`: %s', (text) => {
    expect(codeHandlers(text, 'case.ts')).toEqual(['consume']);
    expect(mayBe(text)).toBe(true);
  });
});
