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

const cache = new Map<string, CodeStyle>();

/** Detects the style from the text: the majority quote of string literals, statement-ending semicolons, the smallest indentation step. */
export function detectStyle(text: string): CodeStyle {
  const hit = cache.get(text);
  if (hit) return hit;
  const sample = text.length > 200_000 ? text.slice(0, 200_000) : text;
  const single = (sample.match(/(?<![\w\\])'(?:[^'\\\n]|\\.)*'/g) ?? []).length;
  const double = (sample.match(/(?<![\w\\])"(?:[^"\\\n]|\\.)*"/g) ?? []).length;
  const lines = sample.split(/\r?\n/);
  let withSemi = 0;
  let withoutSemi = 0;
  let tabs = 0;
  const spaceSteps = new Map<number, number>();
  let previous = 0;
  for (const line of lines) {
    const trimmed = line.trimEnd();
    if (trimmed === '') continue;
    const body = trimmed.trimStart();
    if (/^(\/\/|\*|\/\*)/.test(body)) continue;
    if (/[;]$/.test(trimmed)) withSemi++;
    else if (/[\w)\]'"`]$/.test(trimmed) && !/^(if|for|while|else|do|try|switch|function|class|export default|import|return$)\b/.test(body) && !/[,({[]$/.test(trimmed)) withoutSemi++;
    const lead = line.length - line.trimStart().length;
    if (line.startsWith('\t')) tabs++;
    else if (lead > previous) spaceSteps.set(lead - previous, (spaceSteps.get(lead - previous) ?? 0) + 1);
    previous = line.startsWith('\t') ? previous : lead;
  }
  let step = 2;
  let best = 0;
  for (const [size, count] of spaceSteps) if (size >= 2 && size <= 8 && count > best) [step, best] = [size, count];
  const style: CodeStyle = {
    quote: double > single ? '"' : "'",
    semicolons: withSemi >= withoutSemi,
    indent: tabs > best ? '\t' : ' '.repeat(step),
    newline: text.includes('\r\n') ? '\r\n' : '\n',
  };
  if (cache.size > 100) cache.clear();
  cache.set(text, style);
  return style;
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
