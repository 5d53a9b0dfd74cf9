/**
 * The hand-written text scans that stand in for a regex over a whole module (they run on every lint of a file):
 * each must answer exactly what its regex answers, checked on fixed cases and on many random texts made of the
 * pieces that matter (the words, word characters before them, whitespace of every kind, parentheses). And the
 * style detection, which reads only the start of a large file.
 */
import { describe, expect, it } from 'vitest';
import { callsRequireOrImport } from '../../core/deploy/code-evidence.js';
import { STYLE_SAMPLE_CHARS, detectStyle } from '../../core/style.js';
import { seededRandom } from './fixture-corpus.js';

const REQUIRE_OR_IMPORT = /\brequire\s*\(|\bimport\s*\(/;

const PIECES = ['require', 'import', 'requir', 'mport', '(', ')', ' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'x', '_', '$', '9', '.', "'", 'é', 'imports'];

describe('callsRequireOrImport', () => {
  it.each([
    ["const pg = require('pg')", true],
    ['const m = await import("./m.js")', true],
    ['require (x)', true],
    ['import\n\t(x)', true],
    ['require\u00a0(x)', true],
    ['$require(x)', true],
    ['érequire(x)', true],
    ['myrequire(x)', false],
    ['_import(x)', false],
    ['import x from "y"', false],
    ['require.resolve("x")', false],
    ['const requirements = (a)', false],
    ['', false],
    ['require', false],
    ['import', false],
  ])('%j: %s', (text, expected) => {
    expect(callsRequireOrImport(text)).toBe(expected);
    expect(REQUIRE_OR_IMPORT.test(text)).toBe(expected);
  });

  it('answers what the regex answers on 20,000 random texts', () => {
    const next = seededRandom(0x5eed);
    let matches = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = 1 + Math.floor(next() * 12);
      let text = '';
      for (let k = 0; k < n; k++) text += PIECES[Math.floor(next() * PIECES.length)];
      const expected = REQUIRE_OR_IMPORT.test(text);
      if (expected) matches++;
      expect(callsRequireOrImport(text), JSON.stringify(text)).toBe(expected);
    }
    // both answers were exercised
    expect(matches).toBeGreaterThan(300);
    expect(matches).toBeLessThan(19_000);
  });
});

describe('detectStyle on a large file', () => {
  const line = (i: number, quote: string, semi: string) => `    const v${i} = call(${quote}x${i}${quote})${semi}\n`;
  const head = 'export function f() {\n  if (ready) {\n';

  it('decides by the first STYLE_SAMPLE_CHARS, whole lines only', () => {
    let text = head;
    while (text.length < STYLE_SAMPLE_CHARS) text += line(text.length, "'", ';');
    const sampleEnd = text.length;
    while (text.length < STYLE_SAMPLE_CHARS * 4) text += line(text.length, '"', '');
    // the rest of the file (three times as long, other quotes, no semicolons) does not outvote the sample
    expect(detectStyle(text)).toEqual({ quote: "'", semicolons: true, indent: '  ', newline: '\n' });
    // what the sample holds decides: the same file with the other style at the start
    const flipped = text.slice(sampleEnd) + text.slice(0, sampleEnd);
    expect(detectStyle(head + flipped)).toMatchObject({ quote: '"', semicolons: false });
  });

  it('gives the same style to an edit after the sample, and reads the sample again after an edit in it', () => {
    let text = head;
    while (text.length < STYLE_SAMPLE_CHARS * 2) text += line(text.length, '"', ';');
    const style = detectStyle(text);
    const after = text.slice(0, -3) + 'x);\n';
    expect(detectStyle(after)).toBe(style);
    const tabbed = text.replace('  if (ready) {', '\tif (ready) {').replace(/^ {4}/gm, '\t\t');
    expect(detectStyle(tabbed).indent).toBe('\t');
  });
});
