/**
 * add-shutdown-hook gives a module-lifetime resource that a function's local holds (the `app` of a cached NestJS
 * `bootstrap()`) a module-level binding, so that its listener can close it. In TypeScript that binding needs a type,
 * which the codemod writes from the expression that makes the resource (`Awaited<ReturnType<typeof …>>`). These tests
 * type-check the codemod's output under strict options with declarations shaped like the libraries' own (NestFactory's
 * overloaded generic `create`, a class with a generic constructor), so a type the codemod writes that TypeScript
 * would reject fails here.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import transform from '../../codemods/add-shutdown-hook/transform.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Declarations with the libraries' shapes: NestFactory.create has two generic overloads, as in @nestjs/core. */
const STUBS = `declare module '@nestjs/core' {
  export interface INestApplication {
    init(): Promise<this>;
    close(): Promise<void>;
    enableCors(): void;
    getHttpAdapter(): { getInstance(): unknown };
  }
  export interface NestExpressApplication extends INestApplication {
    set(setting: string, value: unknown): this;
  }
  class NestFactoryStatic {
    create<T extends INestApplication = INestApplication>(module: unknown, options?: { logger?: string[] }): Promise<T>;
    create<T extends INestApplication = INestApplication>(module: unknown, httpAdapter: object, options?: { logger?: string[] }): Promise<T>;
  }
  export const NestFactory: NestFactoryStatic;
}
declare module 'ioredis' {
  export default class Redis {
    constructor(url?: string);
    ping(): Promise<string>;
    get(key: string): Promise<string | null>;
    quit(): Promise<'OK'>;
  }
}
declare module 'serverless-http' {
  export default function serverless(app: unknown): (event: unknown, context: unknown) => Promise<unknown>;
}
`;

function typeErrors(files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-binding-'));
  dirs.push(dir);
  const all = { ...files, 'stubs.d.ts': STUBS, 'app.module.ts': 'export class AppModule {}\n' };
  for (const [name, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, name), text);
  const program = ts.createProgram({
    rootNames: Object.keys(all).map((f) => path.join(dir, f)),
    options: {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      types: ['node'],
      typeRoots: [path.resolve('node_modules/@types')],
      skipLibCheck: true,
    },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** A NestJS serverless module whose cached `bootstrap()` makes the app with `create` (imports from @nestjs/core: `nest`). */
function nestModule(nest: string, create: string, use = ''): string {
  return `import { ${nest} } from '@nestjs/core';
import serverless from 'serverless-http';
import { AppModule } from './app.module';

let cached: ((event: unknown, context: unknown) => Promise<unknown>) | undefined;

async function bootstrap() {
  ${create}
${use}  await app.init();
  return serverless(app.getHttpAdapter().getInstance());
}

export const handler = async (event: unknown, context: unknown) => {
  cached = cached ?? (await bootstrap());
  return cached(event, context);
};
`;
}

function run(source: string, file = 'src/lambda.ts'): string {
  return transform({ path: file, source }, {}, {});
}

describe('module-level bindings the codemod writes type-check', () => {
  it('a NestFactory.create() application (overloaded generic, no type arguments)', () => {
    const input = nestModule('NestFactory', "const app = await NestFactory.create(AppModule, { logger: ['error'] });", '  app.enableCors();\n');
    expect(typeErrors({ 'lambda.ts': input })).toEqual([]);
    const output = run(input);
    expect(output).toContain('let app: Awaited<ReturnType<typeof NestFactory.create>> | undefined;\n');
    expect(output).toContain('  app = await NestFactory.create(AppModule, { logger: [\'error\'] });\n');
    expect(output).toContain('  await app?.close();\n');
    expect(typeErrors({ 'lambda.ts': output })).toEqual([]);
  });

  it('with type arguments: an instantiation expression keeps them (`typeof NestFactory.create<T>`)', () => {
    const input = nestModule('NestFactory, type NestExpressApplication', 'const app = await NestFactory.create<NestExpressApplication>(AppModule);', "  app.set('trust proxy', true);\n");
    const output = run(input);
    expect(output).toContain('let app: Awaited<ReturnType<typeof NestFactory.create<NestExpressApplication>>> | undefined;\n');
    // `app.set` exists only on NestExpressApplication: the binding kept the type argument
    expect(typeErrors({ 'lambda.ts': output })).toEqual([]);
  });

  it('with the declared type of the local, when it has one', () => {
    const input = nestModule('NestFactory, type INestApplication', 'const app: INestApplication = await NestFactory.create(AppModule);');
    const output = run(input);
    expect(output).toContain('let app: INestApplication | undefined;\n');
    expect(output).toContain('  app = await NestFactory.create(AppModule);\n');
    expect(typeErrors({ 'lambda.ts': output })).toEqual([]);
  });

  it('a client made with `new` in the cached bootstrap: `InstanceType<typeof Redis>`', () => {
    const input = `import Redis from 'ioredis';
import serverless from 'serverless-http';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

let cached: ((event: unknown, context: unknown) => Promise<unknown>) | undefined;

async function bootstrap() {
  const cache = new Redis(process.env.REDIS_URL);
  await cache.ping();
  const app = await NestFactory.create(AppModule);
  await app.init();
  return serverless(app.getHttpAdapter().getInstance());
}

export const handler = async (event: unknown, context: unknown) => {
  cached = cached ?? (await bootstrap());
  return cached(event, context);
};
`;
    expect(typeErrors({ 'lambda.ts': input })).toEqual([]);
    const output = run(input);
    expect(output).toContain('let cache: InstanceType<typeof Redis> | undefined;\n');
    expect(output).toContain('  cache = new Redis(process.env.REDIS_URL);\n');
    // both hoisted, both closed by the one listener, each only if it was made
    expect(output).toContain('  await Promise.allSettled([cache?.quit(), app?.close()]);\n');
    expect(typeErrors({ 'lambda.ts': output })).toEqual([]);
  });
});
