/**
 * `lambda-shutdown-codemod <name|all> [paths…] [--dry] [--force] [--using] [--cpus N] [--settings FILE]`, the bin of the
 * lambda-shutdown-codemod package (codemods/cli/index.ts)
 *
 * Design
 * ------
 * The jscodeshift codemods (add-shutdown-hook, add-finally-cleanup; `all` runs both, in that order) run on
 * jscodeshift's own worker pool: `require('jscodeshift/src/Runner').run(transform, files, options)`. What this
 * file adds around the Runner, and why:
 *
 * - Atomic writes, owned by us. The Runner is always run with `dry: true`, so it never writes. Its transform is
 *   codemods/cli/runner-transform.ts, which applies the real transforms to each file in one pass (read once, each transform
 *   gets the previous one's output, written once) and, outside --dry, writes the result itself: a temp file in the
 *   same directory with the original's mode, fsync, rename over the original. A file is never half-written, and an
 *   error (disk full, permissions, Ctrl-C) leaves the original as it was and no temp file behind. (jscodeshift 17.4's
 *   own Worker happens to use write-file-atomic too, but older versions used fs.writeFile; owning the write also
 *   lets us refuse a file that changed on disk meanwhile or is not UTF-8, and refuse output that no longer parses.)
 *   One pass for `all` also makes --dry show the combined change, which two dry runs in a row could not.
 * - Results through files, not stdout. Each worker appends one JSON line per file to `<tmp>/<pid>.jsonl` (one
 *   writer per file, O_APPEND, no locking needed, any number of workers). The main process tails those files for
 *   progress and reads them whole at the end; a file with no line (the worker died) counts as failed. The Runner's
 *   `api.report` is not used for this: it prints to stdout, where the --dry diff goes.
 * - The file list is ours (codemods/cli/codemod-files.ts): git's view of ignored files, never-touched build and dependency
 *   directories, no symbolic links. The Runner gets explicit files.
 * - Findings left for a human: changed files are re-linted in the workers with the rules the codemod targets (or
 *   with the transform module's `findingsLeft` export when it has one), plus whatever the transforms `api.report`.
 *   Our transforms report each finding they leave, in any file, with its line and the reason no edit was written; the
 *   summary lists such a note in place of the rule's own report of the same line.
 *
 * - One file at a time per worker (runner-transform queues them), each to the end: transform, re-lint, write,
 *   record. Progress is steady and a Ctrl-C stops between two files.
 *
 * register-extension is a ts-morph codemod over the whole project: its module's `run(paths, { dry, cwd, settings })`
 * is called in this process, only when it is named (`all` does not include it), and always as a dry run: its
 * result holds every file's text before and after, and the writes are ours, atomic like the others (created
 * modules first, then the entries that import them).
 *
 * Output: with --dry the unified diff goes to stdout (so `… --dry > fix.patch && git apply fix.patch` works) and
 * everything else to stderr; without --dry the summary goes to stdout. Progress goes to stderr, when stderr is a
 * terminal or the run has more than 200 files.
 *
 * Exit codes: 0 done (or nothing to do), 1 some files failed, 2 bad usage or refused (uncommitted changes).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { discoverFiles, dirtyWorkTrees } from './codemod-files.js';
import type { Skipped } from './codemod-files.js';
import { createFileAtomic, writeFileAtomic } from './atomic-write.js';
import { CHECK_COMMAND, CODEMOD_COMMAND, codemodListLines } from '../../core/packages.js';
import { CODEMODS, EXTENSIONS, NAMESPACE_PREFIX, OPTIONS_KEY, displayPath, unifiedDiff } from './codemod-shared.js';
import type { CodemodInfo, FileRecord, WorkerOptions } from './codemod-shared.js';

export const CODEMOD_USAGE = `Usage: ${CODEMOD_COMMAND} <name|all> [paths...] [options]
       npx ${CODEMOD_COMMAND} <name|all> [paths...] [options]   (without installing it)

Codemods:
${codemodListLines().join('\n')}

Paths default to the current directory. Only .js .mjs .cjs .jsx .ts .mts .cts .tsx files are read; files ignored
by git, symbolic links, and node_modules, dist, build, .aws-sam, cdk.out, .serverless and coverage are never
touched.

Options:
  --dry              Print the changes as a unified diff (a/ b/ paths relative to the current directory) and
                     write nothing. The summary goes to stderr.
  --force            Run even though the git work tree has uncommitted changes under the paths.
  --using            add-finally-cleanup: close with \`await using\` declarations instead of try/finally.
  --cpus <n>         Worker processes (default: the number of CPUs less one).
  --settings <file>  A JSON file with the plugin's shared settings (settings['lambda-shutdown']), e.g. resources.
  -h, --help         Show this help.

Exit codes: 0 done or nothing to do, 1 some files failed, 2 bad usage or uncommitted changes.`;

// -------------------------------------------------------------------------------------------------------------
// Where things are
// -------------------------------------------------------------------------------------------------------------

/** dist/codemods/cli/codemod.js → dist/codemods, where the built codemods are (in this repository and in the package). */
const BUILT_CODEMODS = fileURLToPath(new URL('../', import.meta.url));
const RUNNER_TRANSFORM = fileURLToPath(new URL('./runner-transform.js', import.meta.url));

/**
 * The built codemods: dist/codemods/<name>/transform.js (jscodeshift) or dist/codemods/<name>/index.js (project).
 * LAMBDA_SHUTDOWN_CODEMODS_DIR points elsewhere (the tests use stand-in transforms with it).
 */
function codemodsDir(): string {
  return process.env.LAMBDA_SHUTDOWN_CODEMODS_DIR ? path.resolve(process.env.LAMBDA_SHUTDOWN_CODEMODS_DIR) : BUILT_CODEMODS;
}

function moduleOf(info: CodemodInfo): string {
  return path.join(codemodsDir(), info.name, info.kind === 'jscodeshift' ? 'transform.js' : 'index.js');
}

interface RunnerModule {
  run(transformFile: string, paths: string[], options: Record<string, unknown>): Promise<{ ok: number; nochange: number; skip: number; error: number; timeElapsed: string }> | undefined;
}

// -------------------------------------------------------------------------------------------------------------
// Output helpers
// -------------------------------------------------------------------------------------------------------------

const fmt = (n: number): string => n.toLocaleString('en-US');

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

class Progress {
  private lastShown = -1;
  private lastTime = 0;
  private readonly enabled: boolean;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly label: string,
  ) {
    this.tty = process.stderr.isTTY === true;
    this.enabled = this.tty || total > 200;
  }

  update(done: number): void {
    if (!this.enabled || this.total === 0) return;
    const pct = Math.floor((done / this.total) * 100);
    if (this.tty) {
      const now = Date.now();
      if (done !== this.total && now - this.lastTime < 100) return;
      this.lastTime = now;
      process.stderr.write(`\r\x1b[K${this.label}: ${fmt(done)}/${fmt(this.total)} files (${pct}%)`);
    } else {
      // A line per 10%, for logs.
      const step = Math.floor(pct / 10) * 10;
      if (step <= this.lastShown || step === 0) return;
      this.lastShown = step;
      process.stderr.write(`${this.label}: ${fmt(done)}/${fmt(this.total)} files (${step}%)\n`);
    }
  }

  end(): void {
    if (this.enabled && this.tty) process.stderr.write('\r\x1b[K');
  }
}

/** Reads the workers' JSON-lines files as they grow. */
class ResultsReader {
  private readonly files = new Map<string, { fd: number; pos: number; rest: string }>();
  readonly records: FileRecord[] = [];

  constructor(private readonly dir: string) {}

  poll(): void {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir).filter((n) => n.endsWith('.jsonl'));
    } catch {
      return;
    }
    for (const name of names) {
      let f = this.files.get(name);
      if (!f) {
        f = { fd: fs.openSync(path.join(this.dir, name), 'r'), pos: 0, rest: '' };
        this.files.set(name, f);
      }
      const size = fs.fstatSync(f.fd).size;
      if (size <= f.pos) continue;
      const buf = Buffer.alloc(size - f.pos);
      const n = fs.readSync(f.fd, buf, 0, buf.length, f.pos);
      f.pos += n;
      const text = f.rest + buf.subarray(0, n).toString('utf8');
      const lines = text.split('\n');
      f.rest = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        try {
          this.records.push(JSON.parse(line) as FileRecord);
        } catch {
          // a line torn by a worker that died mid-write: its file gets no record, and counts as failed
        }
      }
    }
  }

  close(): void {
    for (const f of this.files.values()) fs.closeSync(f.fd);
    this.files.clear();
  }
}

// -------------------------------------------------------------------------------------------------------------
// Running
// -------------------------------------------------------------------------------------------------------------

interface RunOutcome {
  records: FileRecord[];
  /** Unified diffs to print with --dry, in file order. */
  diffs: string[];
}

async function runJscodeshift(infos: CodemodInfo[], files: string[], opts: CommandOptions): Promise<RunOutcome> {
  const require = createRequire(import.meta.url);
  const Runner = require('jscodeshift/src/Runner.js') as RunnerModule;
  const resultsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-codemod-'));
  const reader = new ResultsReader(resultsDir);
  const progress = new Progress(files.length, `${CODEMOD_COMMAND} ${opts.label}`);
  const onSignal = (signal: NodeJS.Signals): void => {
    // The workers get the same Ctrl-C and stop between two files; nothing is half-written.
    progress.end();
    fs.rmSync(resultsDir, { recursive: true, force: true });
    process.stderr.write(`${CODEMOD_COMMAND}: interrupted (${signal}); files already written stay written, no file is half-written.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const timer = setInterval(() => {
    reader.poll();
    progress.update(reader.records.length);
  }, 200);
  try {
    const workerOptions: WorkerOptions = {
      transforms: infos.map((i) => ({ name: i.name, path: moduleOf(i), rules: i.rules.map((r) => `${NAMESPACE_PREFIX}${r}`) })),
      resultsDir,
      dry: opts.dry,
      cwd: opts.cwd,
      transformOptions: { using: opts.using, settings: opts.settings },
      lint: true,
    };
    const pending = Runner.run(RUNNER_TRANSFORM, files, {
      [OPTIONS_KEY]: workerOptions,
      dry: true, // the Runner must never write: runner-transform writes, atomically
      print: false,
      silent: true,
      verbose: -1, // its per-file log lines would land on stdout; the outcome comes from our records
      babel: false, // the transforms are built JavaScript: no @babel/register in the workers
      runInBand: false,
      extensions: EXTENSIONS.join(','),
      ...(opts.cpus !== undefined ? { cpus: opts.cpus } : {}),
    });
    if (!pending) throw new Error(`the jscodeshift Runner could not start (${RUNNER_TRANSFORM} missing?)`);
    await pending;
    reader.poll();
    progress.update(reader.records.length);
  } finally {
    clearInterval(timer);
    progress.end();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    reader.close();
    fs.rmSync(resultsDir, { recursive: true, force: true });
  }

  const byFile = new Map<string, FileRecord>();
  for (const r of reader.records) byFile.set(r.file, r);
  const records = files.map((f) => byFile.get(f) ?? { file: f, status: 'failed' as const, reason: 'no result from the worker (the file could not be read, or the worker died)' });
  const diffs = records.map((r) => r.diff ?? '').filter(Boolean);
  return { records, diffs };
}

/** The project codemod's module (codemods/register-extension/index.ts): `run(paths, { dry, cwd, settings })`. */
interface ProjectModule {
  run(paths: string[], options: { dry: boolean; cwd: string; settings?: object }): Promise<{ changed?: unknown; created?: unknown; diffs?: unknown; skipped?: unknown }>;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

interface ProjectDiff {
  file: string;
  before: string;
  after: string;
}

function projectDiffs(value: unknown, cwd: string): ProjectDiff[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((d): d is Record<string, unknown> => d !== null && typeof d === 'object')
    .filter((d) => typeof d.file === 'string' && typeof d.before === 'string' && typeof d.after === 'string')
    .map((d) => ({ file: path.resolve(cwd, d.file as string), before: d.before as string, after: d.after as string }));
}

/**
 * A project codemod runs as a dry run, always: its result carries every file's text before and after, and the
 * writes are ours, atomic like the jscodeshift codemods' (ts-morph's save writes in place). A file that changed on
 * disk since the codemod read it, or a file to create that appeared meanwhile, is not written.
 */
async function runProject(info: CodemodInfo, targets: string[], opts: CommandOptions): Promise<RunOutcome> {
  const mod = (await import(pathToFileURL(moduleOf(info)).href)) as Partial<ProjectModule> & { default?: Partial<ProjectModule> | ProjectModule['run'] };
  const run = mod.run ?? (typeof mod.default === 'function' ? mod.default : mod.default?.run);
  if (typeof run !== 'function') throw new Error(`${moduleOf(info)} exports no run(paths, options)`);
  const result = await run(targets, { dry: true, cwd: opts.cwd, settings: opts.settings });
  const created = new Set(stringList(result?.created).map((p) => path.resolve(opts.cwd, p)));
  const changed = stringList(result?.changed).map((p) => path.resolve(opts.cwd, p));
  const diffs = new Map(projectDiffs(result?.diffs, opts.cwd).map((d) => [d.file, d]));
  const rules = info.rules.map((r) => `${NAMESPACE_PREFIX}${r}`);
  const records: FileRecord[] = [];
  const texts: { name: string; diff: string }[] = [];

  // Created modules first: an entry file that imports one must not land without it.
  for (const file of [...created, ...changed.filter((f) => !created.has(f))]) {
    const isNew = created.has(file);
    const d = diffs.get(file);
    const record: FileRecord = { file, status: 'changed', changedBy: [info.name], ...(isNew ? { reason: 'created' } : {}) };
    if (!d) {
      records.push({ file, status: 'failed', reason: `${info.name} returned no text for it` });
      continue;
    }
    if (opts.dry) {
      const name = displayPath(file, opts.cwd);
      texts.push({ name, diff: unifiedDiff(name, isNew ? null : d.before, d.after) });
    } else {
      try {
        if (isNew) {
          createFileAtomic(file, d.after);
        } else {
          if (fs.readFileSync(file, 'utf8') !== d.before) throw new Error('the file changed on disk while the codemod ran; run it again');
          writeFileAtomic(file, d.after);
        }
      } catch (error) {
        records.push({ file, status: 'failed', reason: `cannot write: ${error instanceof Error ? error.message : String(error)}` });
        continue;
      }
    }
    records.push(record);
  }
  for (const s of Array.isArray(result?.skipped) ? (result.skipped as unknown[]) : []) {
    const o = (s ?? {}) as { file?: unknown; reason?: unknown };
    if (typeof o.file === 'string') records.push({ file: path.resolve(opts.cwd, o.file), status: 'skipped', reason: typeof o.reason === 'string' ? o.reason : 'skipped' });
  }
  // What require-extension still reports in the entries, once the new modules are on disk.
  if (!opts.dry) {
    // loaded here, not at the top: it brings ESLint, the plugin and TypeScript, which the jscodeshift codemods' main
    // process never needs (their workers lint), and loading them would delay starting the workers
    const { lintText } = await import('./codemod-lint.js');
    for (const r of records) {
      if (r.status !== 'changed' || r.reason === 'created') continue;
      const outcome = await lintText(fs.readFileSync(r.file, 'utf8'), r.file, rules, opts.settings);
      if (outcome.findings.length > 0) r.findings = outcome.findings;
    }
  }
  // Shown in path order, as git shows a diff; written above created files first.
  return { records, diffs: texts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((t) => t.diff) };
}

// -------------------------------------------------------------------------------------------------------------
// The command
// -------------------------------------------------------------------------------------------------------------

interface CommandOptions {
  dry: boolean;
  using: boolean;
  cpus: number | undefined;
  settings: Record<string, unknown>;
  cwd: string;
  label: string;
}

function readSettings(file: string): Record<string, unknown> {
  const value = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${file}: expected a JSON object`);
  const obj = value as Record<string, unknown>;
  const inner = obj['lambda-shutdown'];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : obj;
}

function list<T>(items: T[], max: number, line: (item: T) => string): string[] {
  const out = items.slice(0, max).map(line);
  if (items.length > max) out.push(`  … and ${fmt(items.length - max)} more`);
  return out;
}

function summary(records: FileRecord[], skippedEarly: Skipped[], opts: CommandOptions, seconds: number): string {
  const rel = (f: string): string => displayPath(f, opts.cwd);
  const short = (m: string): string => {
    const first = m.split('\n')[0] ?? m;
    return first.length > 160 ? `${first.slice(0, 159)}…` : first;
  };
  const changed = records.filter((r) => r.status === 'changed');
  const unchanged = records.filter((r) => r.status === 'unchanged');
  const skipped = [...skippedEarly.map((s) => ({ file: s.file, status: 'skipped' as const, reason: s.reason })), ...records.filter((r) => r.status === 'skipped')];
  const failed = records.filter((r) => r.status === 'failed');
  const findings = records.flatMap((r) => (r.findings ?? []).map((f) => ({ file: r.file, ...f })));
  // A codemod's note about a finding it left (it has the finding's line) stands for that finding: the rule's own
  // report of it, from the re-lint of a changed file, is not listed a second time.
  const reasoned = findings.filter((f) => !f.source.startsWith(NAMESPACE_PREFIX) && f.line !== undefined);
  const noted = new Set(reasoned.map((f) => `${f.file}:${f.line}`));
  const lint = findings.filter((f) => f.source.startsWith(NAMESPACE_PREFIX) && !noted.has(`${f.file}:${f.line}`));
  const notes = findings.filter((f) => !f.source.startsWith(NAMESPACE_PREFIX) && f.line === undefined);
  const left = [...lint, ...reasoned].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  const total = records.length + skippedEarly.length;

  const row = (label: string, value: string): string => `  ${label.padEnd(17)} ${value}`;
  const lines = [
    `${CODEMOD_COMMAND} ${opts.label}${opts.dry ? ' --dry' : ''}: ${fmt(total)} file${total === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`,
    row(opts.dry ? 'would change' : 'changed', fmt(changed.length)),
    row('unchanged', fmt(unchanged.length)),
    row('skipped', fmt(skipped.length)),
    row('failed', fmt(failed.length)),
    row(
      'left for a human',
      `${fmt(left.length)} finding${left.length === 1 ? '' : 's'}${reasoned.length ? `, ${fmt(reasoned.length)} with the reason the codemod left ${reasoned.length === 1 ? 'it' : 'them'}` : ''}${notes.length ? `, ${fmt(notes.length)} note${notes.length === 1 ? '' : 's'} from the codemods` : ''}`,
    ),
  ];
  if (changed.length) {
    lines.push(opts.dry ? 'Would change:' : 'Changed:');
    lines.push(...list(changed, 50, (r) => `  ${rel(r.file)}${r.reason === 'created' ? ' (created)' : ''}  [${(r.changedBy ?? []).join(', ')}]`));
  }
  if (skipped.length) {
    lines.push('Skipped:');
    lines.push(...list(skipped, 20, (r) => `  ${rel(r.file)}: ${r.reason ?? 'skipped'}`));
  }
  if (failed.length) {
    lines.push('Failed (left untouched):');
    lines.push(...list(failed, 50, (r) => `  ${rel(r.file)}${r.line !== undefined ? `:${r.line}${r.column !== undefined ? `:${r.column}` : ''}` : ''}: ${r.reason ?? 'failed'}`));
  }
  if (left.length) {
    lines.push(`Left for a human (no safe edit exists for these; \`${CHECK_COMMAND}\` lists every finding):`);
    lines.push(
      ...list(left, 50, (f) =>
        f.source.startsWith(NAMESPACE_PREFIX)
          ? `  ${rel(f.file)}:${f.line ?? 0}:${f.column ?? 0}  ${f.source.slice(NAMESPACE_PREFIX.length)}  ${short(f.message)}`
          : `  ${rel(f.file)}:${f.line}  ${f.source}  ${f.message}`,
      ),
    );
  }
  if (notes.length) {
    lines.push('Notes from the codemods:');
    lines.push(...list(notes, 30, (f) => `  ${rel(f.file)}${f.line !== undefined ? `:${f.line}` : ''}  ${f.source}  ${short(f.message)}`));
  }
  if (opts.dry) lines.push('Nothing was written (--dry).');
  return `${lines.join('\n')}\n`;
}

export async function codemod(argv: string[], io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }): Promise<number> {
  const usageError = (message: string): number => {
    io.err(`${CODEMOD_COMMAND}: ${message}\nRun \`${CODEMOD_COMMAND} --help\` for usage.\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        dry: { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        using: { type: 'boolean', default: false },
        cpus: { type: 'string' },
        settings: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(`${CODEMOD_USAGE}\n`);
    return 0;
  }
  const [name, ...pathArgs] = positionals;
  if (name === undefined) return usageError('which codemod? Name one, or `all`.');
  const infos = name === 'all' ? CODEMODS.filter((c) => c.kind === 'jscodeshift') : CODEMODS.filter((c) => c.name === name);
  if (infos.length === 0) return usageError(`unknown codemod '${name}'; the codemods are ${CODEMODS.map((c) => c.name).join(', ')}, and all.`);

  let cpus: number | undefined;
  if (values.cpus !== undefined) {
    cpus = Number(values.cpus);
    if (!Number.isInteger(cpus) || cpus < 1) return usageError(`--cpus needs a positive whole number, not '${values.cpus}'.`);
  }
  let settings: Record<string, unknown> = {};
  if (values.settings !== undefined) {
    try {
      settings = readSettings(path.resolve(values.settings));
    } catch (error) {
      return usageError(`cannot read --settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const cwd = process.cwd();
  const targets = (pathArgs.length > 0 ? pathArgs : ['.']).map((p) => path.resolve(cwd, p));
  const missing = targets.filter((t) => !fs.existsSync(t) && !isBrokenLink(t));
  if (missing.length > 0) return usageError(`no such file or directory: ${missing.map((m) => displayPath(m, cwd)).join(', ')}`);

  for (const info of infos) {
    if (!fs.existsSync(moduleOf(info))) {
      io.err(`${CODEMOD_COMMAND}: ${info.name} is not built: ${moduleOf(info)} is missing.\n`);
      return 2;
    }
  }

  // Refuse to mix the codemod's changes with uncommitted ones: they could no longer be reviewed or reverted alone.
  // A dry run writes nothing, so it needs no clean tree.
  if (!values.dry && !values.force) {
    const dirty = dirtyWorkTrees(targets);
    if (dirty.length > 0) {
      const lines = [`${CODEMOD_COMMAND}: refusing to run: the git work tree has uncommitted changes under the paths given.`];
      for (const d of dirty) {
        if (d.error) {
          lines.push(`  ${d.root}: git could not check it: ${d.error}`);
        } else {
          lines.push(`  in ${d.root}:`);
          lines.push(...list(d.lines, 20, (l) => `    ${l}`));
        }
      }
      lines.push('Commit or stash them first, so that the codemod\'s changes can be reviewed and reverted on their own, or run with --force.');
      lines.push('(--dry shows the changes without writing anything and needs no clean work tree.)');
      io.err(`${lines.join('\n')}\n`);
      return 2;
    }
  }

  const opts: CommandOptions = { dry: values.dry, using: values.using, cpus, settings, cwd, label: name };
  const started = process.hrtime.bigint();
  const records: FileRecord[] = [];
  const diffs: string[] = [];
  let skippedEarly: Skipped[] = [];

  const jscs = infos.filter((i) => i.kind === 'jscodeshift');
  if (jscs.length > 0) {
    let discovery;
    try {
      discovery = discoverFiles(targets, cwd);
    } catch (error) {
      io.err(`${CODEMOD_COMMAND}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
    skippedEarly = discovery.skipped;
    if (discovery.files.length > 0) {
      const outcome = await runJscodeshift(jscs, discovery.files, opts);
      records.push(...outcome.records);
      diffs.push(...outcome.diffs);
    }
  }
  for (const info of infos.filter((i) => i.kind === 'project')) {
    try {
      const outcome = await runProject(info, targets, opts);
      records.push(...outcome.records);
      diffs.push(...outcome.diffs);
    } catch (error) {
      records.push({ file: targets[0] ?? cwd, status: 'failed', reason: `${info.name} threw: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (values.dry) {
    for (const d of diffs) io.out(d);
    io.err(summary(records, skippedEarly, opts, seconds));
  } else {
    io.out(summary(records, skippedEarly, opts, seconds));
  }
  return records.some((r) => r.status === 'failed') ? 1 : 0;
}

function isBrokenLink(p: string): boolean {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}
