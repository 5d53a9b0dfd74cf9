/**
 * The code style of a file (quotes, semicolons, indentation), so that inserted code looks like its neighbours.
 * Used by rule suggestions and by the codemods.
 */
export interface CodeStyle {
  readonly quote: "'" | '"';
  readonly semicolons: boolean;
  /** One level of indentation: a tab or some spaces. */
  readonly indent: string;
  readonly newline: '\n' | '\r\n';
}

/**
 * The styles of the last few samples (the part of a text that decides its style), newest first: an edit after the
 * sample keeps the style without a scan. Not a Map keyed by text: V8 hashes a long string by its length only, so the
 * edited versions of one file (the editor case: same length, one character different) all share a bucket, and each
 * look-up compared the text with every one of them.
 */
const recent: { sample: string; style: CodeStyle }[] = [];
const RECENT = 4;

/**
 * How much of a file decides its style: its first 16 KiB (about 400 lines), cut at a line end. That is plenty of
 * string literals, statements and indented lines for the votes below, and rule suggestions ask for the style on
 * every lint of a file with a finding (ESLint computes suggestions when it reports): in an editor every keystroke
 * is a new text, and a scan of a whole 3,000-line module took 0.3 to 2 ms of each lint.
 */
export const STYLE_SAMPLE_CHARS = 16 * 1024;

/**
 * Detects the style from the text (its first STYLE_SAMPLE_CHARS): the majority quote of string literals,
 * statement-ending semicolons, the smallest indentation step, CRLF or LF. One scan of the characters, with no regex
 * run per line and no line or match strings: each step below says which regex of the first version it stands for,
 * and gives the same counts.
 */
export function detectStyle(text: string): CodeStyle {
  const sample = styleSample(text);
  for (const entry of recent) if (entry.sample === sample) return entry.style;
  const single = countQuoted(sample, SINGLE_QUOTE);
  const double = countQuoted(sample, DOUBLE_QUOTE);
  let withSemi = 0;
  let withoutSemi = 0;
  let tabs = 0;
  const spaceSteps = new Map<number, number>();
  let previous = 0;
  // the lines of sample.split(/\r?\n/): [start, end)
  for (let start = 0; start <= sample.length; ) {
    const newline = sample.indexOf('\n', start);
    const next = newline === -1 ? sample.length + 1 : newline + 1;
    let end = newline === -1 ? sample.length : newline;
    if (newline !== -1 && end > start && sample.charCodeAt(end - 1) === CR) end--;
    const lineStart = start;
    start = next;
    // the trimmed line: [first, last]; line.trimEnd() === '' when there is no such character
    let first = lineStart;
    while (first < end && isSpace(sample.charCodeAt(first))) first++;
    let last = end - 1;
    while (last >= first && isSpace(sample.charCodeAt(last))) last--;
    if (last < first) continue;
    // /^(\/\/|\*|\/\*)/ on the trimmed line: a comment line
    const firstChar = sample.charCodeAt(first);
    const secondChar = first < last ? sample.charCodeAt(first + 1) : -1;
    if (firstChar === STAR || (firstChar === SLASH && (secondChar === SLASH || secondChar === STAR))) continue;
    const lastChar = sample.charCodeAt(last);
    // /[;]$/, then /[\w)\]'"`]$/ (which no /[,({[]$/ line passes) and not a statement that takes no semicolon
    if (lastChar === SEMICOLON) withSemi++;
    else if ((isWordChar(lastChar) || ENDS_EXPRESSION.has(lastChar)) && !startsWithKeyword(sample, first, last + 1)) withoutSemi++;
    // line.length - line.trimStart().length: the whitespace before the first character
    const lead = first - lineStart;
    const tab = sample.charCodeAt(lineStart) === TAB;
    if (tab) tabs++;
    else if (lead > previous) spaceSteps.set(lead - previous, (spaceSteps.get(lead - previous) ?? 0) + 1);
    previous = tab ? previous : lead;
  }
  let step = 2;
  let best = 0;
  for (const [size, count] of spaceSteps) if (size >= 2 && size <= 8 && count > best) [step, best] = [size, count];
  const style: CodeStyle = {
    quote: double > single ? '"' : "'",
    semicolons: withSemi >= withoutSemi,
    indent: tabs > best ? '\t' : ' '.repeat(step),
    newline: sample.includes('\r\n') ? '\r\n' : '\n',
  };
  recent.unshift({ sample, style });
  if (recent.length > RECENT) recent.pop();
  return style;
}

/** The first STYLE_SAMPLE_CHARS of the text, up to the end of its last whole line (all of a shorter text). */
function styleSample(text: string): string {
  if (text.length <= STYLE_SAMPLE_CHARS) return text;
  const lineEnd = text.lastIndexOf('\n', STYLE_SAMPLE_CHARS);
  return text.slice(0, lineEnd > 0 ? lineEnd + 1 : STYLE_SAMPLE_CHARS);
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SINGLE_QUOTE = 39;
const DOUBLE_QUOTE = 34;
const BACKSLASH = 92;
const STAR = 42;
const SLASH = 47;
const SEMICOLON = 59;
/** `)`, `]`, `'`, `"`, `` ` ``: with \w, what /[\w)\]'"`]$/ accepts as the end of a statement without semicolon. */
const ENDS_EXPRESSION = new Set([41, 93, 39, 34, 96]);
/** /^(if|for|while|else|do|try|switch|function|class|export default|import|return$)\b/ */
const NO_SEMICOLON_KEYWORDS = ['if', 'for', 'while', 'else', 'do', 'try', 'switch', 'function', 'class', 'export default', 'import'];

/** \w without the u flag. */
function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** What String.prototype.trim removes (the same set as the regex \s). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return /\s/.test(String.fromCharCode(c));
}

/** Does the trimmed line [from, to) match /^(if|…|import|return$)\b/? */
function startsWithKeyword(text: string, from: number, to: number): boolean {
  for (const keyword of NO_SEMICOLON_KEYWORDS) {
    const after = from + keyword.length;
    // \b after a keyword (each ends with a word character): the end of the line or a non-word character
    if (after <= to && text.startsWith(keyword, from) && (after === to || !isWordChar(text.charCodeAt(after)))) return true;
  }
  // `return$`: the whole line
  return to - from === 6 && text.startsWith('return', from);
}

/**
 * How many matches /(?<![\w\\])Q(?:[^Q\\\n]|\\.)*Q/g has in `text` (Q the quote): string literals. A match starts at
 * a quote not after a word character or backslash and runs to the next quote that no backslash escapes, on
 * the same line (`.` matches no line terminator); without one there, the search goes on after the opening quote.
 */
function countQuoted(text: string, quote: number): number {
  let count = 0;
  for (let i = text.indexOf(String.fromCharCode(quote)); i !== -1; ) {
    let next = i + 1;
    const before = i > 0 ? text.charCodeAt(i - 1) : -1;
    if (!isWordChar(before) && before !== BACKSLASH) {
      for (let j = i + 1; j < text.length; ) {
        const c = text.charCodeAt(j);
        if (c === quote) {
          count++;
          next = j + 1;
          break;
        }
        if (c === LF) break;
        if (c === BACKSLASH) {
          const escaped = j + 1 < text.length ? text.charCodeAt(j + 1) : -1;
          if (escaped === -1 || escaped === LF || escaped === CR || escaped === 0x2028 || escaped === 0x2029) break;
          j += 2;
        } else j++;
      }
    }
    i = text.indexOf(String.fromCharCode(quote), next);
  }
  return count;
}

/** The leading whitespace of the line that `offset` is on. */
export function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(start, offset));
  return match ? match[0] : '';
}

/** The end of the statement's line when only a comment follows it there, else `offset` itself. */
export function endOfLine(text: string, offset: number): number {
  const lineEnd = text.indexOf('\n', offset);
  const rest = text.slice(offset, lineEnd === -1 ? text.length : lineEnd).replace(/\r$/, '');
  return /^\s*(\/\/.*|\/\*.*\*\/\s*)$/.test(rest) ? offset + rest.trimEnd().length : offset;
}
