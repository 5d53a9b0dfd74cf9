/**
 * What the benchmark scripts share: their command lines (node:util's parseArgs, with typed values and one usage
 * line), the median, and a real `gc()` between timed runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Reads a benchmark's command line. `spec` maps each `--flag` to its type:
 *   int (`min`, default 1), number, string, path (resolved against the cwd), choice (`choices`), boolean;
 *   `key` names the option in the result (default: the flag in camelCase); `negate: true` makes a boolean flag
 *   such as `--no-write` set `write: false`.
 * `--help` / `-h` prints `usage` and exits. A bad value or an unknown flag throws with the flag's name.
 */
export function benchOptions(argv, spec, { defaults = {}, usage = '' } = {}) {
  const options = { help: { type: 'boolean', short: 'h' } };
  for (const [flag, s] of Object.entries(spec)) options[flag] = { type: s.type === 'boolean' ? 'boolean' : 'string' };
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${error.message}${usage ? `\n${usage}` : ''}`);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const out = { ...defaults };
  for (const [flag, s] of Object.entries(spec)) {
    const raw = values[flag];
    if (raw === undefined) continue;
    const key = s.key ?? flag.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    out[key] = valueOf(`--${flag}`, raw, s);
  }
  return out;
}

function valueOf(flag, raw, s) {
  switch (s.type) {
    case 'boolean':
      return s.negate ? !raw : raw;
    case 'int': {
      const v = Number(raw);
      const min = s.min ?? 1;
      if (!Number.isInteger(v) || v < min) throw new Error(`${flag} needs an integer ≥ ${min}, not ${raw}`);
      return v;
    }
    case 'number': {
      const v = Number(raw);
      if (!Number.isFinite(v)) throw new Error(`${flag} needs a number, not ${raw}`);
      return v;
    }
    case 'path':
      return path.resolve(raw);
    case 'choice':
      if (!s.choices.includes(raw)) throw new Error(`${flag} is one of ${s.choices.join(', ')}, not ${raw}`);
      return raw;
    default:
      return raw;
  }
}

export function median(xs) {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One tool's timed runs (ms) as the results record them: the medians and every run, to 0.1 ms. */
export function timedRuns(wall, cpu) {
  const r1 = (x) => Math.round(x * 10) / 10;
  return { wallMedianMs: r1(median(wall)), cpuMedianMs: r1(median(cpu)), wallRunsMs: wall.map(r1), cpuRunsMs: cpu.map(r1) };
}

/** A real `gc()` between timed runs keeps one run's garbage from being collected during the next. */
export const gc = (() => {
  if (typeof globalThis.gc === 'function') return globalThis.gc;
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc');
  } catch {
    return () => {};
  }
})();

/** bench/results/, where every benchmark records its last result. */
export const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');

/** Writes a benchmark's result to bench/results/<file> (pretty JSON) and says where. */
export function writeResult(file, result) {
  const out = path.join(RESULTS_DIR, file);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nwrote ${path.relative(process.cwd(), out)}${result.durationS !== undefined ? ` (${result.durationS} s in all)` : ''}`);
}
