/**
 * Every variant of the module the `register-extension` codemod writes (MODULE_VARIANTS, all rendered from
 * codemods/register-extension/templates/lambda-shutdown-extension.ts.tmpl), checked for what it is for:
 *
 * 1. It compiles where the codemod puts it. For each kind of project (package.json `type`, tsconfig `module`,
 *    `moduleResolution`, `target`, `erasableSyntaxOnly`, the entry's extension) the codemod runs on a one-handler
 *    project, the test checks which variant it wrote, and the TypeScript compiler type-checks that module under the
 *    project's tsconfig with strict options added; a JavaScript module is type-checked under `checkJs` and parsed
 *    by `node --check` as the module system its extension and package give it.
 * 2. It registers in time. Each variant (TypeScript transpiled as its build would) is imported first by a handler
 *    run for real in the emulated Lambda environment (harness/emulator.ts: aws-lambda-ric 3.3.0 in a child process,
 *    with its native client, or where that is not built the stand-in of harness/runtime-client.ts; a Runtime and
 *    Extensions API that, like Lambda, refuses registrations once the runtime asks for its first invocation). When
 *    the runtime's first GET /2018-06-01/runtime/invocation/next arrives, the register call has been answered 200;
 *    the extension then waits in event/next with its identifier, Init ends, an invocation is served, and the
 *    Shutdown phase sends SIGTERM with the internal-extension budget. Several runs per variant: with the hold taken
 *    out of the CommonJS variants, their register request loses that race (about half the runs with the native
 *    client, measured for extension-module.test.ts; nearly every run with the stand-in).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../codemods/register-extension/index.js';
import { MODULE_VARIANTS, renderVariant, variantName } from '../../codemods/register-extension/module.js';
import type { ModuleVariant } from '../../codemods/register-extension/module.js';
import { LambdaEmulator, SHUTDOWN_LIMITS } from './harness/emulator.js';
import { runnableExtensionModule } from './harness/extension-module.js';
import { repoRoot } from './harness/processes.js';
import { runtimeClient, runtimeClientEnv } from './harness/runtime-client.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'extension-variants-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let count = 0;

const typeRoots = path.join(repoRoot(), 'node_modules', '@types');
if (!fs.existsSync(path.join(typeRoots, 'node', 'package.json'))) throw new Error(`@types/node is missing under ${typeRoots}`);

const ALL = MODULE_VARIANTS.map(variantName);

/** The options every project gets on top of its own: the strictest the module must pass. */
const STRICT = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
  typeRoots: [typeRoots],
};

interface ProjectKind {
  name: string;
  /** package.json `type`, if any. */
  type?: 'module' | 'commonjs';
  /** tsconfig.json `compilerOptions` (a TypeScript project), as written in a tsconfig. */
  tsconfig?: Record<string, unknown>;
  /** The handler entry file. */
  entry: string;
  /** The variant the codemod must write there. */
  writes: string;
}

const KINDS: ProjectKind[] = [
  { name: 'module nodenext, a .mts entry', tsconfig: { module: 'nodenext', verbatimModuleSyntax: true }, entry: 'handler.mts', writes: 'ts-esm' },
  { name: 'module node16, type: module', type: 'module', tsconfig: { module: 'node16', verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-esm' },
  { name: 'module esnext + bundler, type: module', type: 'module', tsconfig: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022' }, entry: 'handler.ts', writes: 'ts-esm' },
  { name: 'module preserve, type: module', type: 'module', tsconfig: { module: 'preserve', target: 'es2022', verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-esm' },
  { name: 'module nodenext, CommonJS package', tsconfig: { module: 'nodenext', verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-cjs-require' },
  { name: 'module nodenext, a .cts entry in a type: module package', type: 'module', tsconfig: { module: 'nodenext', verbatimModuleSyntax: true }, entry: 'handler.cts', writes: 'ts-cjs-require' },
  { name: 'module nodenext, type: module, target es2016 (no top-level await): a .cts', type: 'module', tsconfig: { module: 'nodenext', target: 'es2016', verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-cjs-require' },
  { name: 'module commonjs', tsconfig: { module: 'commonjs', target: 'es2020', verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-cjs-require' },
  { name: 'module nodenext, erasableSyntaxOnly', tsconfig: { module: 'nodenext', erasableSyntaxOnly: true, verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-cjs-const' },
  { name: 'module commonjs, erasableSyntaxOnly', tsconfig: { module: 'commonjs', erasableSyntaxOnly: true, verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-cjs-const' },
  { name: 'module es2020 + bundler (no top-level await)', tsconfig: { module: 'es2020', moduleResolution: 'bundler', target: 'es2020' }, entry: 'handler.ts', writes: 'ts-cjs-namespace' },
  { name: 'module esnext + bundler, CommonJS package (esbuild bundles to CommonJS)', tsconfig: { module: 'esnext', moduleResolution: 'bundler', target: 'es2022', verbatimModuleSyntax: true }, entry: 'handler.ts', writes: 'ts-cjs-namespace' },
  { name: 'a .mjs entry in a CommonJS package', entry: 'handler.mjs', writes: 'js-esm' },
  { name: 'a .js entry, type: module', type: 'module', entry: 'handler.js', writes: 'js-esm' },
  { name: 'a .js entry in a CommonJS package', entry: 'handler.js', writes: 'js-cjs' },
  { name: 'a .cjs entry, type: module', type: 'module', entry: 'handler.cjs', writes: 'js-cjs' },
];

/** A handler that listens for SIGTERM, in the entry's module system. */
function entryText(entry: string, type: ProjectKind['type']): string {
  const listener = "process.on('SIGTERM', () => process.exit(0));\n";
  const commonjs = entry.endsWith('.cjs') || (entry.endsWith('.js') && type !== 'module');
  return listener + (commonjs ? 'exports.handler = async () => ({ ok: true });\n' : 'export const handler = async () => ({ ok: true });\n');
}

/** The compiler's diagnostics for `file` under the project's tsconfig (or checkJs options) plus STRICT. */
function typecheck(dir: string, file: string, tsconfig: Record<string, unknown> | undefined): string[] {
  const js = tsconfig === undefined;
  const json = { compilerOptions: { ...STRICT, ...(js ? { module: 'nodenext', allowJs: true, checkJs: true } : tsconfig) } };
  const parsed = ts.parseJsonConfigFileContent(json, ts.sys, dir, undefined, path.join(dir, 'tsconfig.json'));
  expect(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const program = ts.createProgram([file], parsed.options);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('every module variant compiles where the codemod writes it', () => {
  it('the project kinds cover every variant', () => {
    expect(ALL).toEqual(['js-esm', 'js-cjs', 'ts-esm', 'ts-cjs-require', 'ts-cjs-namespace', 'ts-cjs-const']);
    expect([...new Set(KINDS.map((k) => k.writes))].sort()).toEqual([...ALL].sort());
  });

  it.each(KINDS)('$name: $writes', async (kind) => {
    const dir = path.join(tmp, `compile-${count++}`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fn', ...(kind.type ? { type: kind.type } : {}) }));
    if (kind.tsconfig) fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: kind.tsconfig }));
    fs.writeFileSync(path.join(dir, kind.entry), entryText(kind.entry, kind.type));

    const result = await run([], { cwd: dir, dry: false });
    expect(result.skipped).toEqual([]);
    expect(result.changed).toEqual([path.join(dir, kind.entry)]);
    expect(result.created).toHaveLength(1);
    const module = result.created[0]!;
    const text = fs.readFileSync(module, 'utf8');
    expect(MODULE_VARIANTS.filter((v) => renderVariant(v) === text).map(variantName)).toEqual([kind.writes]);

    expect(typecheck(dir, module, kind.tsconfig)).toEqual([]);
    // Node's own parser, as the module system Node gives the file (`node --check` throws on a syntax error)
    if (!kind.tsconfig) execFileSync(process.execPath, ['--check', module], { cwd: dir, stdio: 'pipe' });
  });
});

function taskRoot(variant: ModuleVariant): string {
  const dir = path.join(tmp, `task-${count++}`);
  fs.mkdirSync(dir);
  const { file, text } = runnableExtensionModule(variant);
  fs.writeFileSync(path.join(dir, file), text);
  const esm = variant.system === 'esm';
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'fn', type: esm ? 'module' : 'commonjs' }));
  // the listener ends the process the way that works under either runtime client: re-raising the signal
  const listener =
    "process.on('SIGTERM', () => { console.log('SIGTERM received'); process.removeAllListeners('SIGTERM'); process.kill(process.pid, 'SIGTERM'); });";
  const handler = esm
    ? [`import './${file}';`, listener, 'export const handler = async (event) => ({ echo: event });', '']
    : [`require('./${file}');`, listener, 'exports.handler = async (event) => ({ echo: event });', ''];
  fs.writeFileSync(path.join(dir, 'index.js'), handler.join('\n'));
  return dir;
}

const client = runtimeClient();
const RUNS = 4;
const REGISTER = '/2020-01-01/extension/register';
const EXTENSION_NEXT = '/2020-01-01/extension/event/next';
const RUNTIME_NEXT = '/2018-06-01/runtime/invocation/next';

describe(`every module variant registers before the runtime's first next (aws-lambda-ric 3.3.0, ${client} client)`, () => {
  it.each(MODULE_VARIANTS.map((v) => [variantName(v), v] as const))(
    '%s',
    async (_, variant) => {
      for (let i = 0; i < RUNS; i++) {
        const emulator = new LambdaEmulator({ taskRoot: taskRoot(variant), handler: 'index.handler', env: runtimeClientEnv(client) });
        // the state of the register call at the moment the runtime's first next arrives
        let registerAtFirstNext: { seq: number; status: number | undefined } | null | undefined;
        emulator.on('state', () => {
          if (registerAtFirstNext !== undefined || !emulator.requests.some((r) => r.method === 'GET' && r.url === RUNTIME_NEXT)) return;
          const register = emulator.requests.find((r) => r.method === 'POST' && r.url === REGISTER);
          registerAtFirstNext = register ? { seq: register.seq, status: register.status } : null;
        });
        try {
          await emulator.start();
          const firstNext = emulator.requests.find((r) => r.method === 'GET' && r.url === RUNTIME_NEXT)!;
          expect(registerAtFirstNext, `run ${i}: the register call when the runtime first asked for an invocation`).toEqual({ seq: expect.any(Number) as number, status: 200 });
          expect(registerAtFirstNext!.seq).toBeLessThan(firstNext.seq);

          const registers = emulator.requests.filter((r) => r.url === REGISTER);
          expect(registers).toHaveLength(1);
          expect(registers[0]!.headers['lambda-extension-name']).toBe('lambda-shutdown-internal');
          expect(registers[0]!.body).toBe('{"events":[]}');
          expect(emulator.registered).toEqual({ internal: ['lambda-shutdown-internal'], external: [] });
          // Init ended, so the extension waits in event/next (the emulator holds it only for a known identifier)
          const extensionNext = emulator.requests.filter((r) => r.url === EXTENSION_NEXT);
          expect(extensionNext).toHaveLength(1);
          expect(extensionNext[0]!.headers['lambda-extension-identifier']).toMatch(/^[0-9a-f-]{36}$/);
          expect(extensionNext[0]!.seq).toBeGreaterThan(registers[0]!.seq);

          const invocation = await emulator.invoke({ variant: variantName(variant), run: i });
          expect(invocation).toMatchObject({ outcome: 'response' });
          expect(JSON.parse(invocation.body)).toEqual({ echo: { variant: variantName(variant), run: i } });

          const report = await emulator.shutdown();
          expect(report).toMatchObject({ sigterm: true, limits: SHUTDOWN_LIMITS.internal, runtime: { killed: false, exit: { signal: 'SIGTERM' } } });
          expect(emulator.output.filter((l) => l.includes('SIGTERM received'))).toHaveLength(1);
          expect(emulator.initErrors).toEqual([]);
          expect(emulator.output.filter((l) => l.includes('[lambda-shutdown-extension]') || l.includes('[rapid-client stand-in]'))).toEqual([]);
        } finally {
          await emulator.close();
        }
      }
    },
    60_000,
  );
});
