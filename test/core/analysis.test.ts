/** The shared analysis on its own, as the codemods use it: handler detection, resource scopes, cleanup status. */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../core/analysis.js';
import { RESOURCE_FACTORIES, descendants } from '../../core/catalog.js';
import { parseFile } from '../../core/parse.js';
import { resolveSettings } from '../../core/settings.js';

const settings = resolveSettings(undefined);
const analysisOf = (text: string, file = 'handler.ts') => analyze(parseFile(text, file), settings);
const handlerNames = (text: string, file?: string) => analysisOf(text, file).handlers.map((h) => h.name);

describe('catalog', () => {
  it.each(RESOURCE_FACTORIES.map((f) => [`${f.modules[0]} ${f.path.join('.') || '(module)'}`, f] as const))('%s closes with a method it also accepts', (_, factory) => {
    // a holder is no resource (kafkajs `new Kafka()`, an express app): only the children it opens are
    if (factory.holder) expect(factory.children?.length).toBeGreaterThan(0);
    else if (factory.closeFunctions) expect(factory.closeFunctions.map((p) => p.at(-1))).toContain(factory.close.method);
    else expect(factory.closeMethods).toContain(factory.close.method);
    for (const child of descendants(factory)) expect(child.closeMethods).toContain(child.close.method);
  });
  it('lists node builtins with and without the node: prefix', () => {
    const fs = RESOURCE_FACTORIES.find((f) => f.path[0] === 'createWriteStream')!;
    expect(fs.modules).toEqual(['fs', 'node:fs']);
  });
});

describe('handler detection', () => {
  it.each([
    ['export const handler = async (event) => {};', ['handler']],
    ['export async function handler(event) {}', ['handler']],
    ['export const lambdaHandler = async () => {};', ['lambdaHandler']],
    ['async function main(event) {}\nexport { main as handler };', ['handler']],
    ['export default async function handler(event) {}', ['default']],
    ['export default async (event, context) => {};', ['default']],
    ['export default async function (event: APIGatewayProxyEvent) {}\nimport type { APIGatewayProxyEvent } from "aws-lambda";', ['default']],
    ['import type { APIGatewayProxyHandler } from "aws-lambda";\nexport const getItem: APIGatewayProxyHandler = async () => ({ statusCode: 200, body: "" });', ['getItem']],
    ['import { SQSEvent, Context } from "aws-lambda";\nexport async function consume(event: SQSEvent, context: Context) {}', ['consume']],
    ['export const run: AWSLambda.ScheduledHandler = async () => {};', ['run']],
    ['import middy from "@middy/core";\nconst base = async (event) => {};\nexport const handler = middy(base).use(jsonBodyParser());', ['handler']],
    ['export const handler = middy().handler(async (event) => {});', ['handler']],
    ['export const handler = Sentry.AWSLambda.wrapHandler(async (event) => {});', ['handler']],
    ['class Lambda { async handler(event, context) {} }\nconst handlerClass = new Lambda();\nexport const handler = handlerClass.handler.bind(handlerClass);', ['handler']],
    ['exports.handler = async (event) => {};', ['handler'], 'handler.cjs'],
    ['module.exports.handler = async function (event) {};', ['handler'], 'handler.cjs'],
    ['async function handler(event) {}\nmodule.exports = { handler };', ['handler'], 'handler.cjs'],
    ['module.exports = { handler: async (event) => {}, helper: () => 1 };', ['handler'], 'handler.cjs'],
    ['exports.handler = module.exports.other = async () => {};', ['handler'], 'handler.cjs'],
    ['export const handler = serverless(app);', ['handler']],
    // not handlers
    ['export const helper = async (event) => {};', []],
    ['export default function render(props) {}', []],
    ['export function errorHandler(err, req, res, next) {}', []],
    ['module.exports = function handler(event) {};', [], 'handler.cjs'],
    ['const handler = async () => {};', []],
  ] as [string, string[], string?][])('%s', (text, expected, file) => {
    expect(handlerNames(text, file)).toEqual(expected);
  });
});

describe('resources', () => {
  it('tells module scope, lazy caches, per-invocation resources and checkouts apart', () => {
    const a = analysisOf(`
      import { Pool, Client } from 'pg';
      const pool = new Pool();
      let cache;
      export const getCache = () => (cache ??= new Pool());
      function helper() { const c = new Client(); return c.query('x').finally(() => c.end()); }
      export function other() { const u = new Client(); }
      export const handler = async () => {
        const client = await pool.connect();
        client.release();
        return helper();
      };
    `);
    expect(a.resources.map((r) => [r.name, r.scope, r.lazy, r.checkout])).toEqual([
      ['pool', 'module', false, false],
      ['cache', 'module', true, false],
      ['c', 'invocation', false, false],
      ['u', 'function', false, false],
      ['client', 'invocation', false, true],
    ]);
    expect(a.unclosedModuleResources().map((r) => r.name)).toEqual(['pool', 'cache']);
    expect(a.unclosedInvocationResources().map((r) => [r.resource.name, r.cleanup.status])).toEqual([['client', 'successOnly']]);
  });

  it('leaves out what functions nothing calls open (dead code)', () => {
    const a = analysisOf(`
      import { Pool } from 'pg';
      let cache;
      const getCache = () => (cache ??= new Pool());
      function unused() { return getCache().query('x'); }
      const connect = async () => { const p = new Pool(); await p.connect(); };
      export const handler = async () => connect();
    `);
    // unused() is read nowhere, but getCache is read (by unused): only what a function no name reaches opens is left out
    expect(a.resources.filter((r) => r.name !== null).map((r) => [r.name, r.scope])).toEqual([
      ['cache', 'module'],
      ['p', 'invocation'],
    ]);
    const b = analysisOf(`
      import { Pool } from 'pg';
      let cache;
      const getCache = () => (cache ??= new Pool());
      export const handler = async () => 'ok';
    `);
    expect(b.resources).toEqual([]);
  });

  it('follows same-file factories to their callers', () => {
    const a = analysisOf(`
      const { Client } = require('pg');
      async function connect() { const client = new Client(); await client.connect(); return client; }
      exports.handler = async () => { const db = await connect(); await db.query('select 1'); };
    `, 'handler.cjs');
    const names = a.unclosedInvocationResources().map((r) => [r.resource.name, r.resource.node.type]);
    expect(names).toEqual([['db', 'CallExpression']]);
  });

  it('tracks the resources of a module without a handler, but reports none without the module graph', () => {
    const a = analysisOf(`import { Pool } from 'pg'; export const pool = new Pool(); const other = new Pool();`);
    expect(a.isHandlerModule).toBe(false);
    // what a module summary hands to the modules that import it (core/graph/summary.ts)
    expect(a.resources.map((r) => [r.name, r.scope, r.exported])).toEqual([
      ['pool', 'module', true],
      ['other', 'module', false],
    ]);
    // no path on disk: no graph to say that a function loads it
    expect(a.isFunctionModule).toBe(false);
    expect(a.unclosedModuleResources()).toEqual([]);
  });

  it('sees SIGTERM listeners on process imported from node:process', () => {
    const a = analysisOf(`
      import process from 'node:process';
      import { Pool } from 'pg';
      const pool = new Pool();
      process.once('SIGTERM', async () => { await pool.end(); process.exit(0); });
      export const handler = async () => pool.query('x');
    `);
    expect(a.listeners.map((l) => [l.event, l.method, l.moduleLevel])).toEqual([['SIGTERM', 'once', true]]);
    expect(a.unclosedModuleResources()).toEqual([]);
  });
});
