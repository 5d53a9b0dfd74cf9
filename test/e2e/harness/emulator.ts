/**
 * A Lambda execution environment on 127.0.0.1, for tests: the Runtime API and the Extensions API over node:http,
 * the function process (the real Node.js runtime interface client, aws-lambda-ric), the external extensions it
 * starts from an `/opt/extensions`-like folder, and Lambda's lifecycle around them, shutdown included.
 *
 * What it implements, and where each rule comes from:
 * - Runtime API 2018-06-01 (AWS Lambda docs, "Using the Lambda runtime API for custom runtimes"):
 *   GET /runtime/invocation/next answers with the event and the headers Lambda-Runtime-Aws-Request-Id,
 *   Lambda-Runtime-Deadline-Ms, Lambda-Runtime-Invoked-Function-Arn, Lambda-Runtime-Trace-Id; POST
 *   /runtime/invocation/{id}/response and …/error (Lambda-Runtime-Function-Error-Type) answer 202, a request id that
 *   is not the current invocation 400 InvalidRequestID; POST /runtime/init/error answers 202.
 * - Extensions API 2020-01-01 (AWS Lambda docs, "Lambda Extensions API"; status codes and error types as in
 *   aws-lambda-runtime-interface-emulator, lambda/rapi/handler/constants.go and agentregister.go): POST
 *   /extension/register needs Lambda-Extension-Name and a JSON body {"events": [...]}, answers 200 with a
 *   Lambda-Extension-Identifier (a UUID) and {functionName, functionVersion, handler} (+ accountId when
 *   Lambda-Extension-Accept-Feature: accountId); an internal extension (one whose name is not an executable this
 *   emulator started) may not subscribe to SHUTDOWN (403 Extension.InvalidEventType); registration is refused
 *   (403 Extension.RegistrationClosed) once the runtime has asked for its first invocation; at most 10 extensions.
 *   GET /extension/event/next needs the identifier (403 Extension.MissingExtensionIdentifier / …Invalid… /
 *   …Unknown…) and answers INVOKE or SHUTDOWN events with Lambda-Extension-Event-Identifier; POST
 *   /extension/init/error and /extension/exit/error need Lambda-Extension-Function-Error-Type (403
 *   Extension.MissingHeader) and answer 202.
 * - Lifecycle (docs, "Lambda execution environment lifecycle"): Init starts every external extension, then the
 *   runtime once they have registered; Init ends when the runtime and every registered extension have called next.
 *   After an invocation, once they all wait in next again, Lambda freezes the environment: here SIGSTOP, and
 *   SIGCONT before the next event (`freeze: false` turns that off).
 * - Shutdown (/work/shared/LAMBDA-SHUTDOWN.md "How long is the shutdown phase?"; docs "Shutdown phase";
 *   aws-lambda-runtime-interface-emulator lambda/rapid/shutdown.go): with no extension registered, the runtime gets
 *   SIGKILL at once (0 ms). Otherwise it gets SIGTERM and then SIGKILL after its share: 500 ms when only internal
 *   extensions are registered, 300 ms of a 2,000 ms phase beside external ones; then each external extension that
 *   subscribed to SHUTDOWN gets {"eventType":"SHUTDOWN","shutdownReason":…,"deadlineMs":…} and the rest of the
 *   2,000 ms to exit (SIGKILL after), and external extensions that did not subscribe get SIGKILL.
 * - Timeout: when an invocation outlives the function timeout, Lambda resets the environment, which runs the same
 *   Shutdown sequence with shutdownReason "timeout" (aws-lambda-runtime-interface-emulator lambda/rapid/handlers.go
 *   handleReset → gracefulShutdown). A runtime that exits during an invocation resets it with "failure".
 *
 * The shutdown report measures, for the runtime and each external extension, the time from the first signal of the
 * phase (SIGTERM, or the SIGKILL when it is the only one) to the 'exit' of the process, and says whether it ended by
 * SIGKILL. Times are taken in this process when the child's exit is reported to it, so they are upper bounds.
 */
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChildProcess } from 'node:child_process';
import { exited, onLines, repoRoot, spawnTracked, withTimeout } from './processes.js';
import type { ExitStatus } from './processes.js';

export type ShutdownReason = 'spindown' | 'timeout' | 'failure';
type EventType = 'INVOKE' | 'SHUTDOWN';

/** The limits of the Shutdown phase, from the Lambda Extensions API docs. */
export const SHUTDOWN_LIMITS = {
  /** No extension registered: no SIGTERM, straight SIGKILL. */
  none: { phaseMs: 0, runtimeMs: 0 },
  /** Only internal extensions: the runtime gets the whole 500 ms. */
  internal: { phaseMs: 500, runtimeMs: 500 },
  /** One or more external extensions: 2,000 ms in all, of which the runtime gets 300 ms. */
  external: { phaseMs: 2_000, runtimeMs: 300 },
} as const;

const REGION = 'us-east-1';
const ACCOUNT_ID = '123456789012';
const MAX_EXTENSIONS = 10;
const EXTENSION_PATHS = {
  register: '/2020-01-01/extension/register',
  next: '/2020-01-01/extension/event/next',
  initError: '/2020-01-01/extension/init/error',
  exitError: '/2020-01-01/extension/exit/error',
} as const;
const RUNTIME_NEXT = '/2018-06-01/runtime/invocation/next';
const RUNTIME_INIT_ERROR = '/2018-06-01/runtime/init/error';
const RUNTIME_INVOCATION = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EmulatorOptions {
  /** LAMBDA_TASK_ROOT: the function's code; the runtime's working directory. */
  taskRoot: string;
  /** _HANDLER, e.g. `src/handlers/create-order.handler`. */
  handler: string;
  functionName?: string;
  /** The function's environment variables (its configuration), beside the ones Lambda sets. */
  env?: Record<string, string>;
  /** The function timeout; an invocation that outlives it resets the environment. Default 3,000 ms. */
  timeoutMs?: number;
  /** A folder whose executables are started as external extensions (what /opt/extensions is on Lambda). */
  extensionsDir?: string;
  /** Freeze (SIGSTOP) the environment between events, as Lambda does. Default true. */
  freeze?: boolean;
  /** Init must end within this. Default 10,000 ms, Lambda's Init limit. */
  initTimeoutMs?: number;
  /** Called with each line the processes print (prefixed with their name); for debugging only. */
  onOutput?: (line: string) => void;
}

/** One request the emulator received, for tests that check the protocol. */
export interface ApiRequest {
  seq: number;
  at: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The status the emulator answered (set when it answers; held long polls have none until then). */
  status?: number;
}

export interface InvocationResult {
  requestId: string;
  /** `response`/`error`: the runtime answered; `timeout`: the function timeout passed; `exit`: the runtime exited. */
  outcome: 'response' | 'error' | 'timeout' | 'exit';
  /** The response (or error) body the runtime posted. */
  body: string;
  /** Lambda-Runtime-Function-Error-Type of an error, `Runtime.ExitError` for an exit. */
  errorType?: string;
  ms: number;
}

export interface ProcessShutdown {
  /** From the first signal of the phase to the 'exit' of this process; null if it had exited before. */
  exitedAfterMs: number | null;
  /** It ended by SIGKILL: it was the only signal (no extension), or the process outlived its limit. */
  killed: boolean;
  exit: ExitStatus;
}

export interface ShutdownReport {
  reason: ShutdownReason;
  /** Date.now() when the phase started (its first signal), to compare with what servers logged. */
  startedAtEpochMs: number;
  registered: { internal: string[]; external: string[] };
  limits: { phaseMs: number; runtimeMs: number };
  /** SIGTERM was sent to the runtime (only when an extension is registered). */
  sigterm: boolean;
  runtime: ProcessShutdown;
  externalExtensions: (ProcessShutdown & { name: string; subscribedToShutdown: boolean; shutdownEvent: ShutdownEvent | null })[];
  /** The whole phase, from its start until every process has exited. */
  phaseMs: number;
}

export interface ShutdownEvent {
  eventType: 'SHUTDOWN';
  shutdownReason: ShutdownReason;
  deadlineMs: number;
}

interface Extension {
  id: string;
  name: string;
  external: boolean;
  events: Set<EventType>;
  /** Its held GET event/next, if it is waiting. */
  waiting: http.ServerResponse | null;
  queue: object[];
}

interface Invocation {
  requestId: string;
  event: unknown;
  deadlineMs: number;
  traceId: string;
  started: number;
  timer: NodeJS.Timeout;
  delivered: boolean;
  result: InvocationResult | null;
  resolve: (result: InvocationResult) => void;
}

type Phase = 'created' | 'init' | 'idle' | 'invoke' | 'shutdown' | 'ended';

const hex = (bytes: number): string => randomUUID().replaceAll('-', '').slice(0, bytes * 2);

/**
 * One execution environment of one function. `start()` runs Init, `invoke()` one invocation, `shutdown()` the
 * Shutdown phase; `close()` ends whatever is left (always call it, in a `finally`). Emits 'shutdown' with the
 * reason right after the first signal of the Shutdown phase has been sent.
 */
export class LambdaEmulator extends EventEmitter {
  readonly options: Required<Pick<EmulatorOptions, 'taskRoot' | 'handler' | 'functionName' | 'timeoutMs' | 'freeze' | 'initTimeoutMs'>> & EmulatorOptions;
  readonly requests: ApiRequest[] = [];
  /** Everything the processes printed, prefixed with their name. */
  readonly output: string[] = [];
  readonly initErrors: { source: string; errorType: string; body: string }[] = [];
  private readonly server: http.Server;
  private port = 0;
  private seq = 0;
  private phase: Phase = 'created';
  private registrationOpen = true;
  private readonly extensions = new Map<string, Extension>();
  private readonly externalProcesses = new Map<string, ChildProcess>();
  private runtime: ChildProcess | null = null;
  private runtimeWaiting: http.ServerResponse | null = null;
  private invocation: Invocation | null = null;
  private frozen = false;
  private shutdownPromise: Promise<ShutdownReport> | null = null;
  private readonly held = new Set<http.ServerResponse>();
  private readonly requestOf = new WeakMap<http.ServerResponse, ApiRequest>();

  constructor(options: EmulatorOptions) {
    super();
    this.options = {
      functionName: 'function',
      timeoutMs: 3_000,
      freeze: true,
      initTimeoutMs: 10_000,
      ...options,
    };
    this.server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        const request: ApiRequest = { seq: this.seq++, at: performance.now(), method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
        this.requests.push(request);
        this.requestOf.set(res, request);
        this.route(request, res);
      });
    });
    // The runtime client keeps its connection alive between calls; nothing here may time it out.
    this.server.keepAliveTimeout = 0;
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 0;
  }

  /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  get functionArn(): string {
    return `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${this.options.functionName}`;
  }

  /** The pid of the function process (the runtime), once started. */
  get runtimePid(): number | undefined {
    return this.runtime?.pid;
  }

  /** The registered extensions, by name. */
  get registered(): { internal: string[]; external: string[] } {
    const all = [...this.extensions.values()];
    return { internal: all.filter((e) => !e.external).map((e) => e.name), external: all.filter((e) => e.external).map((e) => e.name) };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Init

  /** Runs Init: starts the API, the external extensions, then the runtime, and resolves when Init has ended. */
  async start(): Promise<this> {
    if (this.phase !== 'created') throw new Error('start() runs once');
    this.phase = 'init';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    this.port = address.port;

    const failed = new Promise<never>((_, reject) => this.once('init-failed', reject));
    failed.catch(() => {});
    try {
      await withTimeout(
        Promise.race([
          (async () => {
            // Extension init: every executable of the extensions folder, then wait for each to register.
            for (const file of this.extensionExecutables()) this.startExternalExtension(file);
            await this.untilState(() => [...this.externalProcesses.keys()].every((name) => this.extensionByName(name) !== undefined));
            // Runtime init and function init.
            this.startRuntime();
            await this.untilState(() => this.everyoneWaiting());
          })(),
          failed,
        ]),
        this.options.initTimeoutMs,
        `Init of ${this.options.handler} did not end`,
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- output ---\n${this.output.join('\n')}`);
    }
    this.phase = 'idle';
    this.freezeIfIdle();
    return this;
  }

  private extensionExecutables(): string[] {
    const dir = this.options.extensionsDir;
    if (!dir) return [];
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && (fs.statSync(path.join(dir, entry.name)).mode & 0o111) !== 0)
      .map((entry) => path.join(dir, entry.name))
      .sort();
  }

  /** The environment of the runtime and the extensions: Lambda's variables and the function's, nothing of ours. */
  private processEnv(): NodeJS.ProcessEnv {
    const fn = this.options.functionName;
    return {
      PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_FUNCTION_NAME: fn,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn}`,
      AWS_LAMBDA_LOG_STREAM_NAME: `2024/11/21/[$LATEST]${hex(16)}`,
      // Credentials are in the environment on Lambda; these only have to be well-formed.
      AWS_ACCESS_KEY_ID: 'ASIAEMULATOREXAMPLE1',
      AWS_SECRET_ACCESS_KEY: 'emulator/secret/example/key/0000000000000',
      AWS_SESSION_TOKEN: 'emulator-session-token',
      AWS_LAMBDA_RUNTIME_API: this.address,
      LAMBDA_TASK_ROOT: this.options.taskRoot,
      LAMBDA_RUNTIME_DIR: path.join(repoRoot(), 'node_modules', 'aws-lambda-ric'),
      _HANDLER: this.options.handler,
      ...this.options.env,
    };
  }

  private capture(child: ChildProcess, name: string): void {
    const emit = (line: string): void => {
      const text = `[${name}] ${line}`;
      this.output.push(text);
      this.options.onOutput?.(text);
    };
    if (child.stdout) onLines(child.stdout, emit);
    if (child.stderr) onLines(child.stderr, emit);
  }

  private startExternalExtension(file: string): void {
    const name = path.basename(file);
    const child = spawnTracked(file, [], { cwd: path.dirname(file), env: this.processEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.capture(child, `extension ${name}`);
    this.externalProcesses.set(name, child);
    child.once('error', (error) => this.emit('init-failed', new Error(`extension ${name} did not start: ${error.message}`)));
    child.once('exit', (code, signal) => {
      if (this.phase === 'init') this.emit('init-failed', new Error(`extension ${name} exited during Init (${code ?? signal})`));
      this.emit('state');
    });
  }

  private startRuntime(): void {
    // As Lambda starts the Node.js runtime: the runtime interface client with the handler, in LAMBDA_TASK_ROOT.
    const ric = path.join(repoRoot(), 'node_modules', 'aws-lambda-ric', 'bin', 'index.mjs');
    const child = spawnTracked(process.execPath, [ric, this.options.handler], {
      cwd: this.options.taskRoot,
      env: this.processEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.runtime = child;
    this.capture(child, 'runtime');
    child.once('exit', (code, signal) => this.onRuntimeExit({ code, signal }));
  }

  private onRuntimeExit(status: ExitStatus): void {
    if (this.phase === 'init') {
      this.emit('init-failed', new Error(`the runtime exited during Init (${status.code ?? status.signal})`));
    } else if (this.phase === 'invoke' && this.invocation && !this.invocation.result) {
      // Lambda: Runtime.ExitError, and the environment is reset.
      this.settle(this.invocation, { outcome: 'exit', body: '', errorType: 'Runtime.ExitError' });
      void this.shutdown('failure');
    } else if (this.phase === 'idle') {
      void this.shutdown('failure');
    }
    this.emit('state');
  }

  /** Resolves when `predicate` holds, checking it after every change of state. */
  private untilState(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (!predicate()) return;
        this.off('state', check);
        resolve();
      };
      this.on('state', check);
    });
  }

  private everyoneWaiting(): boolean {
    return this.runtimeWaiting !== null && [...this.extensions.values()].every((e) => e.waiting !== null);
  }

  private extensionByName(name: string): Extension | undefined {
    return [...this.extensions.values()].find((e) => e.name === name);
  }

  // -------------------------------------------------------------------------------------------------------------
  // Freezing

  private livePids(): number[] {
    return [this.runtime, ...this.externalProcesses.values()]
      .filter((c): c is ChildProcess => c !== null && c.exitCode === null && c.signalCode === null && c.pid !== undefined)
      .map((c) => c.pid!);
  }

  private signalAll(signal: NodeJS.Signals): void {
    for (const pid of this.livePids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // exited meanwhile
      }
    }
  }

  private freezeIfIdle(): void {
    if (!this.options.freeze || this.frozen || this.phase !== 'idle' || !this.everyoneWaiting()) return;
    this.signalAll('SIGSTOP');
    this.frozen = true;
  }

  private thaw(): void {
    if (!this.frozen) return;
    this.signalAll('SIGCONT');
    this.frozen = false;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Invoke

  /**
   * Runs one invocation; resolves with what the runtime answered (as soon as it is posted, as Lambda answers the
   * caller), or with `timeout` (and the environment resets). An invocation that arrives while the previous one is
   * still completing (the runtime has not called next yet) waits for it, as Lambda routes it only to a ready
   * environment.
   */
  async invoke(event: unknown, options: { timeoutMs?: number } = {}): Promise<InvocationResult> {
    if (this.phase === 'invoke') await this.untilState(() => this.phase !== 'invoke');
    if (this.phase !== 'idle') throw new Error(`invoke() needs a started environment, it is ${this.phase}`);
    this.phase = 'invoke';
    this.thaw();
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    return new Promise((resolve) => {
      const invocation: Invocation = {
        requestId: randomUUID(),
        event,
        deadlineMs: Date.now() + timeoutMs,
        traceId: `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${hex(12)};Parent=${hex(8)};Sampled=0`,
        started: performance.now(),
        timer: setTimeout(() => {
          if (invocation.result) return;
          this.settle(invocation, { outcome: 'timeout', body: '' });
          void this.shutdown('timeout');
        }, timeoutMs),
        delivered: false,
        result: null,
        resolve,
      };
      this.invocation = invocation;
      for (const extension of this.extensions.values()) {
        if (!extension.events.has('INVOKE')) continue;
        this.sendExtensionEvent(extension, {
          eventType: 'INVOKE',
          deadlineMs: invocation.deadlineMs,
          requestId: invocation.requestId,
          invokedFunctionArn: this.functionArn,
          tracing: { type: 'X-Amzn-Trace-Id', value: invocation.traceId },
        });
      }
      this.deliverInvocation();
    });
  }

  private deliverInvocation(): void {
    const invocation = this.invocation;
    const res = this.runtimeWaiting;
    if (!invocation || invocation.delivered || invocation.result || !res) return;
    invocation.delivered = true;
    this.runtimeWaiting = null;
    this.held.delete(res);
    this.answer(res, 200, JSON.stringify(invocation.event), {
      'Lambda-Runtime-Aws-Request-Id': invocation.requestId,
      'Lambda-Runtime-Deadline-Ms': String(invocation.deadlineMs),
      'Lambda-Runtime-Invoked-Function-Arn': this.functionArn,
      'Lambda-Runtime-Trace-Id': invocation.traceId,
    });
  }

  private settle(invocation: Invocation, result: Omit<InvocationResult, 'requestId' | 'ms'>): void {
    if (invocation.result) return;
    clearTimeout(invocation.timer);
    invocation.result = { requestId: invocation.requestId, ms: performance.now() - invocation.started, ...result };
    invocation.resolve(invocation.result);
  }

  /** After a response: the invocation is over once the runtime and every extension wait in next again. */
  private completeIfDone(): void {
    if (this.phase !== 'invoke' || !this.invocation?.result || !this.everyoneWaiting()) return;
    this.invocation = null;
    this.phase = 'idle';
    this.freezeIfIdle();
    this.emit('state');
  }

  // -------------------------------------------------------------------------------------------------------------
  // Shutdown

  /**
   * Runs the Shutdown phase (once; later calls return the same report). A timeout or a runtime exit starts it by
   * itself; `ended` resolves with its report either way.
   */
  shutdown(reason: ShutdownReason = 'spindown'): Promise<ShutdownReport> {
    if (!this.shutdownPromise) {
      this.shutdownPromise = this.runShutdown(reason);
      this.emit('shutdown-started');
    }
    return this.shutdownPromise;
  }

  /** The report of the Shutdown phase, whenever it runs (started by shutdown(), a timeout or a runtime exit). */
  get ended(): Promise<ShutdownReport> {
    if (this.shutdownPromise) return this.shutdownPromise;
    return new Promise((resolve) => this.once('shutdown-started', () => resolve(this.shutdownPromise!)));
  }

  private async runShutdown(reason: ShutdownReason): Promise<ShutdownReport> {
    if (this.phase === 'created' || this.phase === 'init') throw new Error(`shutdown() during ${this.phase}`);
    this.phase = 'shutdown';
    this.registrationOpen = false;
    this.emit('state');
    if (this.invocation) clearTimeout(this.invocation.timer);
    const all = [...this.extensions.values()];
    const registered = { internal: all.filter((e) => !e.external).map((e) => e.name), external: all.filter((e) => e.external).map((e) => e.name) };
    const limits = all.length === 0 ? SHUTDOWN_LIMITS.none : registered.external.length > 0 ? SHUTDOWN_LIMITS.external : SHUTDOWN_LIMITS.internal;
    const runtime = this.runtime!;
    const runtimeExit = exited(runtime);
    const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;
    const start = performance.now();
    const startedAtEpochMs = Date.now();
    const since = (): number => performance.now() - start;
    let sigterm = false;

    let runtimeReport: ProcessShutdown;
    if (all.length === 0) {
      // "We do not spend any compute time on runtime graceful shutdown if there are no agents" (rapid/shutdown.go).
      const wasAlive = alive(runtime);
      if (wasAlive) runtime.kill('SIGKILL');
      this.emit('shutdown', reason);
      const exit = await runtimeExit;
      runtimeReport = { exitedAfterMs: wasAlive ? since() : null, killed: wasAlive, exit };
    } else {
      this.thaw();
      const wasAlive = alive(runtime);
      if (wasAlive) {
        runtime.kill('SIGTERM');
        sigterm = true;
      }
      this.emit('shutdown', reason);
      let killed = false;
      const limit = setTimeout(() => {
        if (!alive(runtime)) return;
        killed = true;
        runtime.kill('SIGKILL');
      }, limits.runtimeMs);
      const exit = await runtimeExit;
      clearTimeout(limit);
      runtimeReport = { exitedAfterMs: wasAlive ? since() : null, killed, exit };
    }

    // The external extensions: SHUTDOWN to those that subscribed, SIGKILL to the others, SIGKILL at the deadline.
    const deadlineMs = Math.round(Date.now() + Math.max(0, limits.phaseMs - since()));
    const externalExtensions = await Promise.all(
      [...this.externalProcesses.entries()].map(async ([name, child]) => {
        const extension = this.extensionByName(name);
        const subscribed = extension?.events.has('SHUTDOWN') ?? false;
        const wasAlive = alive(child);
        const exit = exited(child);
        let killed = false;
        let shutdownEvent: ShutdownEvent | null = null;
        let limit: NodeJS.Timeout | undefined;
        if (wasAlive && subscribed && extension) {
          shutdownEvent = { eventType: 'SHUTDOWN', shutdownReason: reason, deadlineMs };
          this.sendExtensionEvent(extension, shutdownEvent);
          limit = setTimeout(() => {
            if (!alive(child)) return;
            killed = true;
            child.kill('SIGKILL');
          }, Math.max(0, deadlineMs - Date.now()));
        } else if (wasAlive) {
          killed = true;
          child.kill('SIGKILL');
        }
        const status = await exit;
        clearTimeout(limit);
        return { name, subscribedToShutdown: subscribed, shutdownEvent, exitedAfterMs: wasAlive ? since() : null, killed, exit: status };
      }),
    );

    this.phase = 'ended';
    this.releaseHeld();
    return { reason, startedAtEpochMs, registered, limits, sigterm, runtime: runtimeReport, externalExtensions, phaseMs: since() };
  }

  /** Ends whatever is still running and closes the API. Safe to call at any time, more than once. */
  async close(): Promise<void> {
    if (this.invocation) clearTimeout(this.invocation.timer);
    const children = [this.runtime, ...this.externalProcesses.values()].filter((c): c is ChildProcess => c !== null);
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGCONT');
      } catch {
        // gone
      }
      child.kill('SIGKILL');
    }
    await Promise.all(children.map((c) => exited(c)));
    if (this.phase !== 'ended') this.phase = 'ended';
    this.releaseHeld();
    if (this.server.listening) {
      this.server.closeAllConnections();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }
  }

  private releaseHeld(): void {
    for (const res of this.held) res.destroy();
    this.held.clear();
    this.runtimeWaiting = null;
    for (const extension of this.extensions.values()) extension.waiting = null;
  }

  // -------------------------------------------------------------------------------------------------------------
  // HTTP

  private answer(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
    const request = this.requestOf.get(res);
    if (request) request.status = status;
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  private error(res: http.ServerResponse, status: number, errorType: string, errorMessage: string): void {
    this.answer(res, status, JSON.stringify({ errorMessage, errorType }));
  }

  private hold(res: http.ServerResponse): void {
    this.held.add(res);
    res.once('close', () => this.held.delete(res));
  }

  private route(r: ApiRequest, res: http.ServerResponse): void {
    const url = r.url.split('?')[0]!;
    if (r.method === 'GET' && url === RUNTIME_NEXT) return this.onRuntimeNext(res);
    if (r.method === 'POST' && url === RUNTIME_INIT_ERROR) {
      this.initErrors.push({ source: 'runtime', errorType: header(r, 'lambda-runtime-function-error-type') ?? '', body: r.body });
      return this.answer(res, 202, '{"status":"OK"}');
    }
    const invocationMatch = RUNTIME_INVOCATION.exec(url);
    if (r.method === 'POST' && invocationMatch) return this.onInvocationResult(decodeURIComponent(invocationMatch[1]!), invocationMatch[2] as 'response' | 'error', r, res);
    if (r.method === 'POST' && url === EXTENSION_PATHS.register) return this.onRegister(r, res);
    if (r.method === 'GET' && url === EXTENSION_PATHS.next) return this.onExtensionNext(r, res);
    if (r.method === 'POST' && (url === EXTENSION_PATHS.initError || url === EXTENSION_PATHS.exitError)) return this.onExtensionError(r, res, url === EXTENSION_PATHS.initError ? 'init' : 'exit');
    this.answer(res, 404, JSON.stringify({ errorMessage: `${r.method} ${url} is not part of the Runtime or Extensions API`, errorType: 'NotFound' }));
  }

  private onRuntimeNext(res: http.ServerResponse): void {
    // "Registration closes when the runtime asks for its first invocation" (see the register-extension templates).
    this.registrationOpen = false;
    this.runtimeWaiting = res;
    this.hold(res);
    if (this.phase === 'invoke') this.deliverInvocation();
    this.emit('state');
    this.completeIfDone();
  }

  private onInvocationResult(requestId: string, kind: 'response' | 'error', r: ApiRequest, res: http.ServerResponse): void {
    const invocation = this.invocation;
    if (!invocation || invocation.requestId !== requestId || !invocation.delivered || this.phase !== 'invoke') {
      return this.error(res, 400, 'InvalidRequestID', 'Invalid request ID');
    }
    if (invocation.result) return this.error(res, 403, 'InvalidStateTransition', 'State transition from RuntimeResponseSent failed for runtime');
    this.answer(res, 202, '{"status":"OK"}');
    const errorType = header(r, 'lambda-runtime-function-error-type');
    this.settle(invocation, kind === 'response' ? { outcome: 'response', body: r.body } : { outcome: 'error', body: r.body, ...(errorType ? { errorType } : {}) });
    this.completeIfDone();
  }

  private onRegister(r: ApiRequest, res: http.ServerResponse): void {
    const name = header(r, 'lambda-extension-name');
    if (!name) return this.error(res, 403, 'Extension.InvalidExtensionName', 'Empty extension name');
    let events: EventType[];
    try {
      const parsed = JSON.parse(r.body === '' ? '{}' : r.body) as { events?: unknown };
      const list = parsed.events ?? [];
      if (!Array.isArray(list)) throw new Error('events must be an array');
      events = list.map((e) => String(e) as EventType);
    } catch (error) {
      return this.error(res, 403, 'InvalidRequestFormat', error instanceof Error ? error.message : String(error));
    }
    const external = this.externalProcesses.has(name);
    for (const event of events) {
      if (event !== 'INVOKE' && event !== 'SHUTDOWN') return this.error(res, 403, 'Extension.InvalidEventType', `${event}: invalid event type`);
      if (event === 'SHUTDOWN' && !external) return this.error(res, 403, 'Extension.InvalidEventType', 'SHUTDOWN: event not supported for internal extensions');
    }
    if (!this.registrationOpen) return this.error(res, 403, 'Extension.RegistrationClosed', 'Extension registration closed already');
    if (this.extensionByName(name)) return this.error(res, 403, 'Extension.InvalidExtensionState', 'Extension with this name already registered');
    if (this.extensions.size >= MAX_EXTENSIONS) return this.error(res, 403, 'Extension.TooManyExtensions', `Extension limit (${MAX_EXTENSIONS}) reached`);
    const extension: Extension = { id: randomUUID(), name, external, events: new Set(events), waiting: null, queue: [] };
    this.extensions.set(extension.id, extension);
    const body: Record<string, string> = { functionName: this.options.functionName, functionVersion: '$LATEST', handler: this.options.handler };
    if (header(r, 'lambda-extension-accept-feature') === 'accountId') body['accountId'] = ACCOUNT_ID;
    this.answer(res, 200, JSON.stringify(body), { 'Lambda-Extension-Identifier': extension.id });
    this.emit('state');
  }

  /** The extension a request names in Lambda-Extension-Identifier, or null after answering the error. */
  private identify(r: ApiRequest, res: http.ServerResponse): Extension | null {
    const id = header(r, 'lambda-extension-identifier');
    if (!id) {
      this.error(res, 403, 'Extension.MissingExtensionIdentifier', 'Missing Lambda-Extension-Identifier header');
      return null;
    }
    if (!UUID.test(id)) {
      this.error(res, 403, 'Extension.InvalidExtensionIdentifier', 'Invalid Lambda-Extension-Identifier');
      return null;
    }
    const extension = this.extensions.get(id);
    if (!extension) {
      this.error(res, 403, 'Extension.UnknownExtensionIdentifier', `Unknown extension ${id}`);
      return null;
    }
    return extension;
  }

  private onExtensionNext(r: ApiRequest, res: http.ServerResponse): void {
    const extension = this.identify(r, res);
    if (!extension) return;
    const event = extension.queue.shift();
    if (event) {
      this.answerEvent(res, event);
    } else {
      // No event for it: the call is held, with no timeout (an internal extension with no events waits for ever).
      extension.waiting = res;
      this.hold(res);
    }
    this.emit('state');
    this.completeIfDone();
  }

  private onExtensionError(r: ApiRequest, res: http.ServerResponse, kind: 'init' | 'exit'): void {
    const extension = this.identify(r, res);
    if (!extension) return;
    const errorType = header(r, 'lambda-extension-function-error-type');
    if (!errorType) return this.error(res, 403, 'Extension.MissingHeader', 'Lambda-Extension-Function-Error-Type not found');
    this.initErrors.push({ source: `extension ${extension.name} (${kind})`, errorType, body: r.body });
    this.answer(res, 202, '{"status":"OK"}');
  }

  private sendExtensionEvent(extension: Extension, event: object): void {
    const res = extension.waiting;
    if (res) {
      extension.waiting = null;
      this.held.delete(res);
      this.answerEvent(res, event);
    } else {
      extension.queue.push(event);
    }
  }

  private answerEvent(res: http.ServerResponse, event: object): void {
    this.answer(res, 200, JSON.stringify(event), { 'Lambda-Extension-Event-Identifier': randomUUID() });
  }
}

function header(r: ApiRequest, name: string): string | undefined {
  const value = r.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
