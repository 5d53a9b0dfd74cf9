/**
 * The module the `register-extension` codemod adds, run for real: against a local Extensions API + Runtime API
 * (node:http on 127.0.0.1, a random port) that behaves like Lambda's (registration closes when the runtime asks
 * for its first invocation; the extension's event/next never answers), in plain `node` processes and under the
 * real Node.js runtime interface client, aws-lambda-ric 3.3.0.
 *
 * The proof: with the ES module (top-level await) and the CommonJS module (holds the runtime's first poll), the
 * register request has been ANSWERED before the runtime's first GET /2018-06-01/runtime/invocation/next arrives,
 * every time; then one invocation is served and its response arrives. The runtime client uses its native addon
 * (`node_modules/aws-lambda-ric/dist/rapid-client.node`) when its install scripts have built it (cmake, make, a C++
 * compiler, autoconf/automake/libtool for curl); without it, the stand-in of harness/runtime-client.ts, which keeps
 * the addon's timing, unless LAMBDA_SHUTDOWN_REQUIRE_RIC=1 makes a missing addon a failure. Every variant of the
 * module: this file's plain-node cases; test/e2e/extension-variants.test.ts runs each under the emulator.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULE_VARIANTS, moduleVariant, variantName } from '../../codemods/register-extension/module.js';
import type { ModuleSystem, ModuleVariant } from '../../codemods/register-extension/module.js';
import { runnableExtensionModule } from './harness/extension-module.js';
import { runtimeClient, runtimeClientEnv } from './harness/runtime-client.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ricBin = path.join(root, 'node_modules/aws-lambda-ric/bin/index.mjs');
const client = runtimeClient();

const EXTENSION_NAME = 'lambda-shutdown-internal';
const REGISTER = '/2020-01-01/extension/register';
const EXTENSION_NEXT = '/2020-01-01/extension/event/next';
const RUNTIME_NEXT = '/2018-06-01/runtime/invocation/next';

interface Received {
  seq: number;
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A Lambda-like local API: one instance per test. */
class FakeLambdaApi {
  readonly received: Received[] = [];
  /** Sequence numbers of what happened, in one counter with `received`. */
  registerAnswered: number | null = null;
  registerStatus = 200;
  readonly identifier = `ext-${Math.random().toString(36).slice(2)}`;
  private seq = 0;
  private registrationOpen = true;
  private invocations: { id: string; event: unknown }[] = [];
  private held: http.ServerResponse[] = [];
  private waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = [];
  private readonly server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => this.handle({ seq: this.seq++, method: req.method ?? '', url: req.url ?? '', headers: req.headers, body }, res));
  });
  port = 0;

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  invoke(id: string, event: unknown): void {
    this.invocations.push({ id, event });
  }

  /** Resolves with the first request that matches, received already or later. */
  waitFor(match: (r: Received) => boolean): Promise<Received> {
    const hit = this.received.find(match);
    if (hit) return Promise.resolve(hit);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  first(method: string, url: string): Received | undefined {
    return this.received.find((r) => r.method === method && r.url === url);
  }

  private handle(r: Received, res: http.ServerResponse): void {
    this.received.push(r);
    for (const w of [...this.waiters]) {
      if (w.match(r)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(r);
      }
    }
    if (r.method === 'POST' && r.url === REGISTER) {
      if (!this.registrationOpen || this.registerStatus !== 200) {
        res.writeHead(this.registrationOpen ? this.registerStatus : 403, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ errorMessage: 'registration refused', errorType: 'Extension.RegistrationClosed' }));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', 'Lambda-Extension-Identifier': this.identifier });
      res.end(JSON.stringify({ functionName: 'fn', functionVersion: '$LATEST', handler: 'index.handler' }));
      this.registerAnswered = this.seq++;
      return;
    }
    if (r.method === 'GET' && r.url === EXTENSION_NEXT) {
      this.held.push(res); // no events subscribed: never answers
      return;
    }
    if (r.method === 'GET' && r.url === RUNTIME_NEXT) {
      this.registrationOpen = false; // as Lambda: registration closes when the runtime is ready
      const invocation = this.invocations.shift();
      if (!invocation) {
        this.held.push(res);
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Lambda-Runtime-Aws-Request-Id': invocation.id,
        'Lambda-Runtime-Deadline-Ms': String(Date.now() + 30_000),
        'Lambda-Runtime-Invoked-Function-Arn': 'arn:aws:lambda:us-east-1:123456789012:function:fn',
        'Lambda-Runtime-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
      });
      res.end(JSON.stringify(invocation.event));
      return;
    }
    if (r.method === 'POST' && /^\/2018-06-01\/runtime\/(invocation\/[^/]+\/(response|error)|init\/error)$/.test(r.url)) {
      res.writeHead(202, { 'Content-Type': 'application/json' });
      res.end('{"status":"OK"}');
      return;
    }
    res.writeHead(404);
    res.end();
  }

  async close(): Promise<void> {
    for (const res of this.held) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `node args…` with a bounded time; on timeout it is killed and `signal` says so. */
function node(args: string[], options: { cwd: string; env: Record<string, string | undefined>; timeoutMs?: number; onStdout?: (text: string) => void }) {
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: options.cwd, env: options.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
    options.onStdout?.(stdout);
  });
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 10_000);
  const exited = new Promise<Exit>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    }),
  );
  return { child, exited };
}

/** The environment of a child: ours without anything Lambda-like, plus `extra`. */
function env(extra: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(base)) if (k.startsWith('AWS_') || k.startsWith('LAMBDA_') || k === '_HANDLER' || k === 'NODE_OPTIONS') delete base[k];
  return { ...base, ...extra };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extension-module-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let dirCount = 0;
/** A directory with the module (`lambda-shutdown-extension.mjs|cjs`, TypeScript variants transpiled) and `files`. */
function project(variant: ModuleVariant, files: Record<string, string>): { dir: string; module: string } {
  const dir = path.join(tmp, `p${dirCount++}`);
  fs.mkdirSync(dir);
  const { file: module, text } = runnableExtensionModule(variant);
  fs.writeFileSync(path.join(dir, module), text);
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text.replaceAll('MODULE', `./${module}`));
  return { dir, module };
}

/** Every variant the codemod writes, with its name and module system. */
const VARIANTS = MODULE_VARIANTS.map((v) => [variantName(v), v.system, v] as const);

/** A script that imports the module, then does a little work and says so. */
function script(system: ModuleSystem): Record<string, string> {
  return system === 'esm'
    ? { 'main.mjs': "import 'MODULE';\nsetTimeout(() => console.log('work done'), 20);\n" }
    : { 'main.cjs': "require('MODULE');\nsetTimeout(() => console.log('work done'), 20);\n" };
}

describe.each(VARIANTS)('the %s module (%s) in a plain node process', (_, system, variant) => {
  let api: FakeLambdaApi;
  beforeAll(async () => {
    api = await new FakeLambdaApi().start();
  });
  afterAll(() => api.close());

  it('registers with no events, polls with the identifier, and lets the process exit with the poll open', async () => {
    const { dir } = project(variant, script(system));
    const { exited } = node([system === 'esm' ? 'main.mjs' : 'main.cjs'], { cwd: dir, env: env({ AWS_LAMBDA_RUNTIME_API: api.address }) });
    const exit = await exited;
    expect(exit).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(exit.stdout).toBe('work done\n');
    expect(exit.ms).toBeLessThan(5_000);

    const register = api.first('POST', REGISTER)!;
    expect(register).toBeDefined();
    expect(register.headers['lambda-extension-name']).toBe(EXTENSION_NAME);
    expect(register.headers['lambda-extension-accept-feature']).toBeUndefined();
    expect(register.headers['content-type']).toBe('application/json');
    expect(JSON.parse(register.body)).toEqual({ events: [] });
    expect(register.body).toBe('{"events":[]}');

    const next = await api.waitFor((r) => r.url === EXTENSION_NEXT);
    expect(next.method).toBe('GET');
    expect(next.headers['lambda-extension-identifier']).toBe(api.identifier);
    expect(next.seq).toBeGreaterThan(api.registerAnswered!);
    expect(api.received.map((r) => `${r.method} ${r.url}`)).toEqual([`POST ${REGISTER}`, `GET ${EXTENSION_NEXT}`]);
  });
});

describe.each(VARIANTS)('the %s module (%s), other cases', (_, system, variant) => {
  it('does nothing without AWS_LAMBDA_RUNTIME_API', async () => {
    const api = await new FakeLambdaApi().start();
    try {
      const { dir } = project(variant, script(system));
      const exit = await node([system === 'esm' ? 'main.mjs' : 'main.cjs'], { cwd: dir, env: env({}) }).exited;
      expect(exit).toMatchObject({ code: 0, signal: null, stdout: 'work done\n', stderr: '' });
      expect(api.received).toEqual([]);
    } finally {
      await api.close();
    }
  });

  it('logs a refused registration once, does not poll, and never throws into the code', async () => {
    const api = await new FakeLambdaApi().start();
    api.registerStatus = 500;
    try {
      const { dir } = project(variant, script(system));
      const exit = await node([system === 'esm' ? 'main.mjs' : 'main.cjs'], { cwd: dir, env: env({ AWS_LAMBDA_RUNTIME_API: api.address }) }).exited;
      expect(exit).toMatchObject({ code: 0, signal: null, stdout: 'work done\n' });
      expect(exit.stderr.trim().split('\n')).toHaveLength(1);
      expect(exit.stderr).toMatch(/^\[lambda-shutdown-extension\] registering the internal extension failed: HTTP 500 /);
      expect(api.received.map((r) => r.url)).toEqual([REGISTER]);
    } finally {
      await api.close();
    }
  });

  it('logs an unreachable API once and goes on', async () => {
    const api = await new FakeLambdaApi().start();
    const address = api.address;
    await api.close();
    const { dir } = project(variant, script(system));
    const exit = await node([system === 'esm' ? 'main.mjs' : 'main.cjs'], { cwd: dir, env: env({ AWS_LAMBDA_RUNTIME_API: address }) }).exited;
    expect(exit).toMatchObject({ code: 0, signal: null, stdout: 'work done\n' });
    expect(exit.stderr).toMatch(/^\[lambda-shutdown-extension\] registering the internal extension failed: .*ECONNREFUSED/);
    expect(exit.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('registers once when two copies of the module are loaded', async () => {
    const api = await new FakeLambdaApi().start();
    try {
      const { dir, module } = project(variant, {});
      fs.copyFileSync(path.join(dir, module), path.join(dir, `copy-${module}`));
      const main =
        system === 'esm'
          ? `import './${module}';\nimport './copy-${module}';\nconsole.log('ok');\n`
          : `require('./${module}');\nrequire('./copy-${module}');\nconsole.log('ok');\n`;
      fs.writeFileSync(path.join(dir, system === 'esm' ? 'main.mjs' : 'main.cjs'), main);
      const exit = await node([system === 'esm' ? 'main.mjs' : 'main.cjs'], { cwd: dir, env: env({ AWS_LAMBDA_RUNTIME_API: api.address }) }).exited;
      expect(exit).toMatchObject({ code: 0, stderr: '' });
      await api.waitFor((r) => r.url === EXTENSION_NEXT);
      expect(api.received.filter((r) => r.url === REGISTER)).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});

it('ES module: the importing module runs only after the registration is answered', async () => {
  const api = await new FakeLambdaApi().start();
  try {
    const { dir } = project(moduleVariant('js', 'esm'), {
      'main.mjs': "import 'MODULE';\nimport http from 'node:http';\n" + 'http.get(`http://${process.env.AWS_LAMBDA_RUNTIME_API}/probe`, (r) => r.resume());\n',
    });
    const exit = await node(['main.mjs'], { cwd: dir, env: env({ AWS_LAMBDA_RUNTIME_API: api.address }) }).exited;
    expect(exit).toMatchObject({ code: 0, stderr: '' });
    const probe = await api.waitFor((r) => r.url === '/probe');
    expect(probe.seq).toBeGreaterThan(api.registerAnswered!);
  } finally {
    await api.close();
  }
});

describe(`under the Node.js runtime interface client (aws-lambda-ric 3.3.0, ${client} client)`, () => {
  const handlers = {
    esm: {
      'package.json': '{ "type": "module" }\n',
      'index.js': [
        "import 'MODULE';",
        "process.on('SIGTERM', () => { console.log('SIGTERM received'); process.exit(0); });",
        'export const handler = async (event) => ({ echo: event });',
        '',
      ].join('\n'),
    },
    cjs: {
      'index.js': [
        "require('MODULE');",
        "process.on('SIGTERM', () => { console.log('SIGTERM received'); process.exit(0); });",
        'exports.handler = async (event) => ({ echo: event });',
        '',
      ].join('\n'),
    },
    /** A callback handler: the runtime answers only once the event loop is empty, which the open poll must not prevent. */
    callback: {
      'index.js': [
        "require('MODULE');",
        "process.on('SIGTERM', () => { console.log('SIGTERM received'); process.exit(0); });",
        'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { echo: event }), 10); };',
        '',
      ].join('\n'),
    },
  };

  const runs = [
    ['esm', 'js', 'esm', 3],
    ['cjs', 'js', 'cjs', 6],
    ['callback', 'js', 'cjs', 2],
    ['esm', 'ts', 'esm', 1],
    ['cjs', 'ts', 'cjs', 2],
  ] as const;

  it.each(runs)(
    '%s handler with the %s/%s module: register is answered before the first invocation/next, then one invocation is served (%i runs)',
    async (kind, lang, system, times) => {
      for (let i = 0; i < times; i++) {
        const api = await new FakeLambdaApi().start();
        try {
          const { dir } = project(moduleVariant(lang, system), handlers[kind]);
          api.invoke('request-1', { hello: 'world', run: i });
          let sawSigterm = false;
          const { child, exited } = node([ricBin, 'index.handler'], {
            cwd: dir,
            env: env({ AWS_LAMBDA_RUNTIME_API: api.address, LAMBDA_TASK_ROOT: dir, _HANDLER: 'index.handler', AWS_LAMBDA_FUNCTION_NAME: 'fn', ...runtimeClientEnv(client) }),
            timeoutMs: 15_000,
            onStdout: (text) => {
              if (text.includes('SIGTERM received')) sawSigterm = true;
            },
          });
          const response = await Promise.race([
            api.waitFor((r) => r.url === '/2018-06-01/runtime/invocation/request-1/response'),
            exited.then((e) => {
              throw new Error(`the runtime exited before responding: ${JSON.stringify(e)}`);
            }),
          ]);
          expect(JSON.parse(response.body)).toEqual({ echo: { hello: 'world', run: i } });

          const register = api.first('POST', REGISTER)!;
          const firstNext = api.first('GET', RUNTIME_NEXT)!;
          expect(register, 'the module registered').toBeDefined();
          expect(api.registerAnswered, 'the registration was accepted').not.toBeNull();
          expect(register.seq).toBeLessThan(firstNext.seq);
          expect(api.registerAnswered!).toBeLessThan(firstNext.seq);
          const extensionNext = await api.waitFor((r) => r.url === EXTENSION_NEXT);
          expect(extensionNext.headers['lambda-extension-identifier']).toBe(api.identifier);
          expect(api.received.filter((r) => r.url.includes('/error'))).toEqual([]);

          // the environment ends: the handler's SIGTERM listener runs
          await api.waitFor((r) => r.url === RUNTIME_NEXT && r.seq > response.seq);
          child.kill('SIGTERM');
          const deadline = Date.now() + 3_000;
          while (!sawSigterm && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
          expect(sawSigterm).toBe(true);
          child.kill('SIGKILL'); // as Lambda does after the shutdown budget
          const exit = await exited;
          expect(exit.stderr).not.toContain('[lambda-shutdown-extension]');
        } finally {
          await api.close();
        }
      }
    },
    60_000,
  );
});
