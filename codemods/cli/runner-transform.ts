/**
 * The transform the `codemod` command gives jscodeshift's Runner. Every worker process loads it (with `require`,
 * which loads this ES module on Node ≥ 20.19) and calls it once per file; it runs the real codemods on the file and
 * reports the outcome. See the design notes at the top of codemods/cli/codemod.ts.
 *
 * Per file it:
 *   1. applies the pipeline's transforms in order (each gets the previous one's output), with a parser chosen by
 *      the file's extension unless the transform module exports its own `parser`;
 *   2. if the text changed: re-lints the result with the targeted rules (findings left for a human; an output that
 *      no longer parses is refused), checks that the bytes on disk are still the ones it was given (the file did
 *      not change meanwhile and is valid UTF-8), then either makes the diff (--dry) or writes the file atomically;
 *   3. appends one JSON line with the outcome to `<resultsDir>/<pid>.jsonl`, which the main process reads;
 *   4. returns the source unchanged, so the Runner (which runs with `dry: true`) never writes anything itself.
 * Nothing is thrown to the Runner: a transform's error is the file's outcome.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeFileAtomicAsync } from './atomic-write.js';
import { lintText } from './codemod-lint.js';
import { remapLine } from '../transform-utils.js';
import { OPTIONS_KEY, displayPath, unifiedDiff } from './codemod-shared.js';
import type { FileRecord, Finding, PipelineTransform, WorkerOptions } from './codemod-shared.js';

/** The parts of jscodeshift's API a transform sees. */
interface JscodeshiftCore {
  withParser(parser: string | object): JscodeshiftCore;
}
interface Api {
  j: JscodeshiftCore;
  jscodeshift: JscodeshiftCore;
  stats: (name: string, quantity?: number) => void;
  report: (message: string, line?: number) => void;
}
interface FileInfo {
  path: string;
  source: string;
}
type TransformFn = (file: FileInfo, api: Api, options: Record<string, unknown>) => unknown;
/** A transform module's `findingsLeft` export (codemods/transform-utils): (source, file, settings, codemod) → a count, or a list of findings. */
type FindingsLeftFn = (source: string, file: string, settings: Record<string, unknown>, codemod: string) => unknown;

interface LoadedTransform {
  transform: TransformFn;
  parser?: string | object;
  findingsLeft?: FindingsLeftFn;
}

// -------------------------------------------------------------------------------------------------------------
// Worker process hygiene
// -------------------------------------------------------------------------------------------------------------

// In a forked worker, Ctrl-C (SIGINT to the process group) or SIGTERM ends the worker between two files, never in
// the middle of a write: no new file is started, and the write in flight (a file's write overlaps the next file's
// transform, see `writes`) is finished, its record kept, before the process exits. (Without a listener the signal
// would kill the process at once, possibly leaving a temp file behind.) When the main process goes away (killed
// alone), the IPC channel closes: stop too, rather than go on writing.
/** Errors of a `process.send` to a main process that is gone. */
const IPC_GONE = new Set(['EPIPE', 'ECONNRESET', 'ERR_IPC_CHANNEL_CLOSED', 'ERR_IPC_DISCONNECTED']);

let stopping = false;
function stop(code: number): void {
  if (stopping) return; // the first reason gives the exit code
  stopping = true;
  void settled().finally(() => process.exit(code));
}

/**
 * Resolves once no transform is running and no write is pending. A file whose transform was already running when the
 * signal came queues its write after it: waiting only for the writes queued at the signal would exit in the middle of
 * that one and leave its temp file behind. So wait until a look at both chains finds nothing new.
 */
async function settled(): Promise<void> {
  for (;;) {
    const [q, w] = [queue, writes];
    await q;
    await w;
    await new Promise((resolve) => setImmediate(resolve));
    if (q === queue && w === writes) return;
  }
}
if (typeof process.send === 'function') {
  process.once('SIGINT', () => stop(130));
  process.once('SIGTERM', () => stop(143));
  process.once('disconnect', () => stop(0));
  // jscodeshift's Worker reports each file with `process.send(data)` and no callback: once the main process is gone
  // (Ctrl-C ends it first), Node emits the failed send on `process` (EPIPE while the channel closes,
  // ERR_IPC_CHANNEL_CLOSED after), which without a listener is an uncaught error that kills the worker in the middle
  // of the next file's write. Stop as on a signal instead.
  process.on('error', (error: NodeJS.ErrnoException) => {
    if (!IPC_GONE.has(error.code ?? '')) throw error;
    stop(0);
  });
}

// -------------------------------------------------------------------------------------------------------------
// Loading the transforms
// -------------------------------------------------------------------------------------------------------------

const loaded = new Map<string, Promise<LoadedTransform>>();

function unwrapDefault(value: unknown): unknown {
  let v = value;
  // ESM `export default`, CommonJS `module.exports = fn`, `exports.default = fn` seen through import().
  for (let i = 0; i < 3 && typeof v !== 'function' && v !== null && typeof v === 'object' && 'default' in v; i++) {
    v = (v as { default: unknown }).default;
  }
  return v;
}

function loadTransform(file: string): Promise<LoadedTransform> {
  let p = loaded.get(file);
  if (!p) {
    p = import(pathToFileURL(file).href).then((mod: Record<string, unknown>) => {
      const transform = unwrapDefault(mod);
      if (typeof transform !== 'function') throw new Error(`${file} exports no transform function`);
      const inner = (mod.default ?? {}) as Record<string, unknown>;
      const parser = (mod.parser ?? inner.parser) as string | object | undefined;
      const findingsLeft = (mod.findingsLeft ?? inner.findingsLeft) as FindingsLeftFn | undefined;
      return {
        transform: transform as TransformFn,
        ...(parser !== undefined ? { parser } : {}),
        ...(typeof findingsLeft === 'function' ? { findingsLeft } : {}),
      };
    });
    loaded.set(file, p);
  }
  return p;
}

/** jscodeshift 17: `ts` for TypeScript, `tsx` only for .tsx (it rejects `<T>x` casts), babel for JavaScript. */
function parserFor(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.tsx') return 'tsx';
  if (ext === '.ts' || ext === '.mts' || ext === '.cts') return 'ts';
  return 'babel';
}

const withParserCache = new Map<string | object, JscodeshiftCore>();

function jscodeshiftFor(base: JscodeshiftCore, parser: string | object): JscodeshiftCore {
  let j = withParserCache.get(parser);
  if (!j) {
    j = base.withParser(parser);
    withParserCache.set(parser, j);
  }
  return j;
}

function normaliseFindings(value: unknown, source: string): Finding[] {
  if (!Array.isArray(value)) return [];
  return value.map((v: unknown) => {
    if (typeof v === 'string') return { source, message: v };
    const o = (v ?? {}) as { message?: unknown; line?: unknown; column?: unknown; ruleId?: unknown; rule?: unknown };
    return {
      source: typeof o.ruleId === 'string' ? o.ruleId : typeof o.rule === 'string' ? o.rule : source,
      ...(typeof o.line === 'number' ? { line: o.line } : {}),
      ...(typeof o.column === 'number' ? { column: o.column } : {}),
      message: typeof o.message === 'string' ? o.message : String(v),
    };
  });
}

// -------------------------------------------------------------------------------------------------------------
// Records
// -------------------------------------------------------------------------------------------------------------

const resultFds = new Map<string, number>();

function appendRecord(resultsDir: string, record: FileRecord): void {
  let fd = resultFds.get(resultsDir);
  if (fd === undefined) {
    fd = fs.openSync(path.join(resultsDir, `${process.pid}.jsonl`), 'a');
    resultFds.set(resultsDir, fd);
  }
  // One write of one line, on an O_APPEND descriptor that only this process writes to.
  fs.writeSync(fd, `${JSON.stringify(record)}\n`);
}

function errorRecord(file: string, error: unknown, transform: string): FileRecord {
  const e = (error ?? {}) as { message?: unknown; name?: unknown; code?: unknown; loc?: { line?: unknown; column?: unknown }; lineNumber?: unknown; line?: unknown; column?: unknown };
  const raw = typeof e.message === 'string' ? e.message : String(error);
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  // Babel: loc { line, column from 0 }; typescript-estree: lineNumber, column from 0; the codemods' CodemodParseError: line, column from 0.
  const line = num(e.loc?.line) ?? num(e.lineNumber) ?? num(e.line);
  const column0 = num(e.loc?.column) ?? num(e.column);
  const isParse =
    e.name === 'SyntaxError' || e.name === 'CodemodParseError' || e.code === 'BABEL_PARSER_SYNTAX_ERROR' || (line !== undefined && /unexpected|expected|unterminated|invalid/i.test(raw));
  const message =
    (raw.split('\n')[0] ?? raw)
      // "add-shutdown-hook: cannot parse /abs/file.ts at line 3, column 8: ';' expected." → "';' expected."
      .replace(/^(?:[\w-]+: )?cannot parse .*? at line \d+(?:, column \d+)?: /, '')
      .replace(/\s*\(\d+:\d+\)\s*$/, '') || raw;
  return {
    file,
    status: 'failed',
    reason: isParse ? `parse error: ${message}` : `${transform} threw: ${message}`,
    ...(line !== undefined ? { line } : {}),
    ...(line !== undefined && column0 !== undefined ? { column: column0 + 1 } : {}),
  };
}

// -------------------------------------------------------------------------------------------------------------
// The transform
// -------------------------------------------------------------------------------------------------------------

/** A file's outcome: its record, and for a changed file the text to write (the record holds until the write is done). */
interface Outcome {
  readonly record: FileRecord;
  readonly write?: string;
}

async function processFile(file: FileInfo, api: Api, o: WorkerOptions): Promise<Outcome> {
  const findings: Finding[] = [];
  const changedBy: string[] = [];
  let skippedBy = 0;
  let text = file.source;
  const transformOptions = o.transformOptions as unknown as Record<string, unknown>;

  for (const t of o.transforms) {
    let mod: LoadedTransform;
    try {
      mod = await loadTransform(t.path);
    } catch (error) {
      return { record: { file: file.path, status: 'failed', reason: `cannot load ${t.name}: ${error instanceof Error ? error.message : String(error)}` } };
    }
    const j = jscodeshiftFor(api.jscodeshift, mod.parser ?? parserFor(file.path));
    // `lines`: our transforms give a note's line apart from its message (codemods/transform-utils createTransform)
    const report = Object.assign((message: string, line?: number) => void findings.push({ source: t.name, message: String(message), ...(typeof line === 'number' ? { line } : {}) }), { lines: true });
    const tApi: Api = { j, jscodeshift: j, stats: () => {}, report };
    const noted = findings.length;
    let out: unknown;
    try {
      out = await mod.transform({ path: file.path, source: text }, tApi, transformOptions);
    } catch (error) {
      return { record: errorRecord(file.path, error, t.name) };
    }
    // As in jscodeshift: no output (undefined, null, '') means the transform skipped the file.
    if (typeof out !== 'string' || out === '') {
      skippedBy++;
      continue;
    }
    if (out !== text) {
      changedBy.push(t.name);
      // what earlier transforms noted moves with this one's edits
      for (const f of findings.slice(0, noted)) if (f.line !== undefined) f.line = remapLine(text, out, f.line);
      text = out;
    }
  }

  if (changedBy.length === 0) {
    if (skippedBy === o.transforms.length) return { record: { file: file.path, status: 'skipped', reason: 'skipped by the transform' } };
    return { record: findings.length > 0 ? { file: file.path, status: 'unchanged', findings } : { file: file.path, status: 'unchanged' } };
  }

  // What is left for a human: the targeted rules re-linted, unless the transform module's own `findingsLeft` says
  // there is nothing (a count of 0, which for our codemods reuses the analysis the transform just made: no parse). A
  // count above 0 is re-linted too, for each finding's message and position; a list of findings is taken as it is.
  if (o.lint) {
    const rules: string[] = [];
    for (const t of o.transforms as PipelineTransform[]) {
      const mod = await loadTransform(t.path);
      if (mod.findingsLeft) {
        let left: unknown;
        try {
          left = await mod.findingsLeft(text, file.path, o.transformOptions.settings, t.name);
        } catch {
          left = undefined; // the rules decide (and see a parse error, if that is what it was)
        }
        if (left === 0) continue;
        // each finding left has the transform's note, at its line and with the reason: nothing to re-lint for
        if (typeof left === 'number' && findings.filter((f) => f.source === t.name && f.line !== undefined).length >= left) continue;
        if (Array.isArray(left)) {
          findings.push(...normaliseFindings(left, t.name));
          continue;
        }
      }
      rules.push(...t.rules);
    }
    const outcome = rules.length > 0 ? await lintText(text, file.path, rules, o.transformOptions.settings) : { findings: [] };
    if (outcome.fatal) {
      // Refuse output that no longer parses, unless the input did not parse for ESLint either (say, Flow syntax).
      const before = await lintText(file.source, file.path, [], o.transformOptions.settings);
      if (!before.fatal) {
        return {
          record: {
            file: file.path,
            status: 'failed',
            reason: `${changedBy.join(' + ')} produced code that does not parse (${outcome.fatal.line}:${outcome.fatal.column} ${outcome.fatal.message}); file left unchanged`,
          },
        };
      }
    } else {
      findings.push(...outcome.findings);
    }
  }

  // The Runner read the file as UTF-8: make sure that round-trips, and that nobody changed the file since.
  const onDisk = fs.readFileSync(file.path);
  if (!onDisk.equals(Buffer.from(file.source, 'utf8'))) {
    return {
      record:
        onDisk.toString('utf8') === file.source
          ? { file: file.path, status: 'skipped', reason: 'not valid UTF-8' }
          : { file: file.path, status: 'failed', reason: 'the file changed on disk while the codemod ran; run it again' },
    };
  }

  const record: FileRecord = { file: file.path, status: 'changed', changedBy };
  if (findings.length > 0) record.findings = findings;
  if (o.dry) {
    record.diff = unifiedDiff(displayPath(file.path, o.cwd), file.source, text);
    return { record };
  }
  return { record, write: text };
}

/**
 * jscodeshift's Worker starts every file of its chunk at once (all of them, with one worker) and awaits each
 * transform. Files are taken one at a time here (transform, re-lint, then the write), with a turn of the event loop in
 * between (so a Ctrl-C stops the worker between two files): otherwise every file would run its transforms first and
 * wait for ESLint to load, and nothing would be written, or shown as progress, until the very end of the run.
 *
 * `queue` chains the files' transforms; `writes` chains their writes. A changed file's write (its fsync above all)
 * runs on libuv's threadpool while the next file's transform runs here, one write at a time. A file's promise, and
 * its record, settle when its write is done, so jscodeshift's Worker never reports a chunk before its files are on
 * disk.
 */
let queue: Promise<unknown> = Promise.resolve();
let writes: Promise<unknown> = Promise.resolve();

/** The transform jscodeshift's Worker calls. It always returns the source, so the Runner itself writes nothing. */
export default function lambdaShutdownRunnerTransform(file: FileInfo, api: Api, options: Record<string, unknown>): Promise<string> {
  const o = options[OPTIONS_KEY] as WorkerOptions | undefined;
  if (!o) return Promise.reject(new Error('codemods/cli/runner-transform is run by `lambda-shutdown-codemod`, not directly'));
  const transformed = queue.then(async (): Promise<Outcome | null> => {
    // One turn of the event loop between two files: the queue is a chain of promises, and without this a worker
    // would go through its whole chunk (hundreds of files) without ever running the SIGINT/SIGTERM listener above,
    // writing on for seconds after a Ctrl-C.
    await new Promise((resolve) => setImmediate(resolve));
    if (stopping) return null;
    try {
      return await processFile(file, api, o);
    } catch (error) {
      return { record: { file: file.path, status: 'failed', reason: `internal error: ${error instanceof Error ? error.message : String(error)}` } };
    }
  });
  queue = transformed.catch(() => undefined);
  const done = transformed.then((outcome) => {
    if (!outcome) return file.source;
    const written = writes.then(async () => {
      let record = outcome.record;
      if (outcome.write !== undefined) {
        try {
          await writeFileAtomicAsync(file.path, outcome.write);
        } catch (error) {
          record = { file: file.path, status: 'failed', reason: `cannot write: ${error instanceof Error ? error.message : String(error)}` };
        }
      }
      appendRecord(o.resultsDir, record);
    });
    writes = written.catch(() => undefined);
    return written.then(() => file.source);
  });
  return done;
}
