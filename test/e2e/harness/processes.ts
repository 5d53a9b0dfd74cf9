/**
 * Child processes of the runtime harness: every one is tracked, so that none survives the test process (a failing
 * test, an exception in a hook, an interrupted run), plus the small helpers the servers and the emulator share.
 *
 * This module has no dependency on vitest: the demo (scripts/demo.mjs) runs the same harness, compiled.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess, SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Tracked {
  child: ChildProcess;
  /** The signal that ends it at once when the test process goes away (SIGQUIT for PostgreSQL: immediate shutdown). */
  emergencySignal: NodeJS.Signals;
}

const live = new Set<Tracked>();
let exitHookInstalled = false;

/** Sends each live child its emergency signal; runs synchronously, so it also works in an 'exit' listener. */
export function killAllChildren(): void {
  for (const t of live) {
    try {
      // A stopped (frozen) process would keep a pending SIGQUIT: wake it first.
      if (t.child.pid !== undefined) process.kill(t.child.pid, 'SIGCONT');
      t.child.kill(t.emergencySignal);
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' listeners run on process.exit() and on a normal end; vitest workers end that way. SIGINT/SIGTERM to a
  // plain `node scripts/demo.mjs` would skip them, so the demo installs its own signal listeners (see there).
  process.on('exit', killAllChildren);
}

/** spawn(), tracked: the child is killed with `emergencySignal` if this process exits first. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions, emergencySignal: NodeJS.Signals = 'SIGKILL'): ChildProcess {
  installExitHook();
  const child = spawn(command, args, options);
  const entry: Tracked = { child, emergencySignal };
  live.add(entry);
  child.once('exit', () => live.delete(entry));
  // A spawn failure (ENOENT, EACCES) is reported through 'error' and then 'exit' may never come.
  child.once('error', () => live.delete(entry));
  return child;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Resolves when the child has exited (immediately if it already has). */
export function exited(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** A promise that settles after `ms`, with a timer that does not keep the process alive; for deadlines, never for synchronisation. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** `promise`, or a rejection with `message` after `ms`. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} (after ${ms} ms)`)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than undefined. Only for state that a server keeps
 * and announces no event for (PostgreSQL's pg_stat_activity, Redis's CLIENT LIST); never for our own processes.
 */
export async function pollUntil<T>(check: () => Promise<T | undefined>, options: { timeoutMs: number; intervalMs?: number; what: string }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await delay(options.intervalMs ?? 10);
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago (the servers retry on a collision). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}

/** Splits a stream of text into lines and calls `onLine` for each complete one. */
export function onLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    let i: number;
    while ((i = rest.indexOf('\n')) !== -1) {
      onLine(rest.slice(0, i));
      rest = rest.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (rest !== '') onLine(rest);
    rest = '';
  });
}

/** The first existing executable named `name` in PATH or in `extraDirs`. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** uid and gid of a local user, from /etc/passwd; null when there is no such user. */
export function userIds(name: string): { uid: number; gid: number } | null {
  let passwd: string;
  try {
    passwd = fs.readFileSync('/etc/passwd', 'utf8');
  } catch {
    return null;
  }
  for (const line of passwd.split('\n')) {
    const [user, , uid, gid] = line.split(':');
    if (user === name && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

/** The repository root: the nearest directory above this module whose package.json is this package's. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown };
      if (json.name === 'eslint-plugin-lambda-shutdown') return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('the eslint-plugin-lambda-shutdown package root was not found above the harness');
    dir = parent;
  }
}

/** The median and the worst of a list of numbers (null for an empty list). */
export function medianAndWorst(values: readonly number[]): { median: number; worst: number } | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, worst: sorted[sorted.length - 1]! };
}

/**
 * Waiting for a condition on state that changes as events arrive (a server's log lines): `notify()` after each
 * change, and `until(predicate)` resolves at the first change after which the predicate holds (at once if it holds).
 */
export class Changes {
  private readonly waiters = new Set<() => void>();

  notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  until(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = (): void => {
        if (!predicate()) return;
        this.waiters.delete(waiter);
        resolve();
      };
      this.waiters.add(waiter);
    });
  }
}
