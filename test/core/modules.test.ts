/**
 * core/modules.ts follows imports itself where ReferenceTracker is slow on large modules (it finds each import's
 * variable by a descent of the scope tree). What it yields must be what the tracker yields: compared, reference by
 * reference and in order, on every fixture file of this repository and on synthetic modules, with the catalog's
 * trace map and with one that also asks for reads at every level (the paths the resource map never takes).
 */
import path from 'node:path';
import { ReferenceTracker } from '@eslint-community/eslint-utils';
import { describe, expect, it } from 'vitest';
import { addToTraceMap, esmReferences } from '../../core/modules.js';
import type { TraceMap } from '../../core/modules.js';
import { parseFile } from '../../core/parse.js';
import { traceMapFor } from '../../core/resources.js';
import { resolveSettings } from '../../core/settings.js';
import { parseableFiles, repoRoot } from './fixture-corpus.js';


const settings = resolveSettings(undefined);
const catalogMap = traceMapFor(settings) as TraceMap<unknown>;

/** Every module and path of the catalog's map, with reads asked for at each level, and `default` keys. */
function readEverywhere(): TraceMap<string> {
  const map: TraceMap<string> = {};
  const visit = (mod: string, node: Record<string, unknown>, at: string[]) => {
    addToTraceMap(map, mod, at, 'read', `${mod}:${at.join('.')}`);
    for (const key of Object.keys(node)) visit(mod, node[key] as Record<string, unknown>, [...at, key]);
  };
  for (const [mod, node] of Object.entries(catalogMap)) {
    visit(mod, node as Record<string, unknown>, []);
    addToTraceMap(map, mod, ['default', 'Pool'], 'construct', `${mod}:default.Pool`);
  }
  addToTraceMap(map, 'node:process', ['on'], 'call', 'process.on');
  addToTraceMap(map, 'node:process', [], 'read', 'process');
  return map;
}
const readMap = readEverywhere();

const SYNTHETIC = [
  "import pg, { Pool as P, Client } from 'pg';\nimport * as ns from 'pg';\nexport { Pool } from 'pg';\nexport * from 'pg';\nexport * as all from 'mysql2';\nconst a = new pg.Pool(); const b = new P(); const c = new ns.Pool(); const d = new ns.default.Pool(); const e = new pg.default.Pool();\nconst { Pool: Q } = pg; new Q(); let R; R = ns.Pool; new R();\nfunction f(pg) { return new pg.Pool(); }\nClient.prototype; new Client();",
  "import process, { on } from 'node:process';\nprocess.on('SIGTERM', () => {}); on('SIGINT', () => {});\nimport { createWriteStream as cws } from 'node:fs';\nconst s = cws('/tmp/x');\nexport { cws };",
  "import type { Pool } from 'pg';\nimport { type Client, Pool as P2 } from 'pg';\nimport Redis from 'ioredis';\nconst r = new Redis(); const x = new P2();\nexport default Redis;",
];

function collect(iterable: Iterable<{ node: { range: [number, number] }; path: readonly string[]; info: unknown }>, kinds: (r: never) => string): string[] {
  return [...iterable].map((r) => `${r.node.range.join('-')} ${r.path.join('.')} ${kinds(r as never)} ${String(r.info)}`);
}

function compare(text: string, file: string): number {
  const parsed = parseFile(text, file, { tokens: false });
  const globalScope = parsed.scopeManager!.globalScope!;
  let total = 0;
  for (const map of [catalogMap, readMap] as TraceMap<unknown>[]) {
    const tracker = new ReferenceTracker(globalScope as never, { mode: 'legacy' });
    const expected = collect(tracker.iterateEsmReferences(map as never) as never, (r: { type: symbol }) =>
      r.type === ReferenceTracker.CALL ? 'call' : r.type === ReferenceTracker.CONSTRUCT ? 'construct' : 'read',
    );
    const actual = collect(esmReferences(globalScope, new ReferenceTracker(globalScope as never, { mode: 'legacy' }), map) as never, (r: { kind: string }) => r.kind);
    expect(actual, path.relative(repoRoot, file)).toEqual(expected);
    total += expected.length;
  }
  return total;
}

describe('esmReferences', () => {
  it('yields what ReferenceTracker.iterateEsmReferences yields, on every fixture file', () => {
    let files = 0;
    let references = 0;
    for (const { file, text } of parseableFiles(['test/codemods/__fixtures__', 'test/fixtures/projects', 'examples'])) {
      if (!/^\s*(?:import|export)\b/m.test(text)) continue;
      references += compare(text, file);
      files++;
    }
    expect(files).toBeGreaterThan(100);
    expect(references).toBeGreaterThan(200);
  });

  it.each(SYNTHETIC.map((text, i) => [i, text]))('yields what the tracker yields on synthetic module %i', (_i, text) => {
    expect(compare(text as string, '/tmp/synthetic.ts')).toBeGreaterThan(0);
  });
});
