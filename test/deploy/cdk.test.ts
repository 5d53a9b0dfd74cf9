/** The CDK deployment reader: stacks read as source, never executed. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDK_IMPLICIT_EXTENSION, cdkReader } from '../../core/deploy/cdk.js';
import { DeploymentParseError } from '../../core/deploy/model.js';
import type { FunctionDeployment } from '../../core/deploy/model.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/deploy/cdk');

const INSIGHTS_ARN = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38';
const DATADOG_EXTENSION_ARN = 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65';
const POWERTOOLS = (region: string) => `arn:aws:lambda:${region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20`;

const INSIGHTS = 'insightsVersion adds the Lambda Insights extension';
const ADOT = 'adotInstrumentation adds the ADOT extension layer';
const PARAMS_AND_SECRETS = 'paramsAndSecrets adds the Parameters and Secrets extension';
const DATADOG = 'Datadog construct adds Datadog-Extension';

/** Reads a fixture app: `cwd` is the app's root, as when `cdk synth` runs there. */
function fixture(app: string, file: string) {
  const cwd = path.join(FIXTURES, app);
  const configFile = path.join(cwd, file);
  const text = readFileSync(configFile, 'utf8');
  /** 1-based line of the first line containing `snippet`. */
  const line = (snippet: string, from = 0): number => {
    const lines = text.split('\n');
    const i = lines.findIndex((l, n) => n >= from && l.includes(snippet));
    if (i < 0) throw new Error(`${snippet} not in ${file}`);
    return i + 1;
  };
  return { cwd, configFile, text, line, read: () => cdkReader.read(configFile, text, { cwd }), at: (p: string) => path.join(cwd, p) };
}

/** Reads an inline stack as `/repo/lib/<name>`, cwd `/repo`. */
function stack(text: string, name = 'service-stack.ts'): FunctionDeployment[] {
  return cdkReader.read(`/repo/lib/${name}`, text, { cwd: '/repo' });
}

/** The fields a test does not spell out, for inline stacks. */
function fn(partial: Partial<FunctionDeployment> & Pick<FunctionDeployment, 'name' | 'line'>, name = 'service-stack.ts'): FunctionDeployment {
  return {
    tool: 'cdk',
    configFile: `/repo/lib/${name}`,
    entryModules: [],
    // NodejsFunction's default export
    handlerExport: 'handler',
    layers: [],
    environment: {},
    implicitExtensions: [],
    ...partial,
  };
}

const HEADER = [
  "import * as cdk from 'aws-cdk-lib';",
  "import { Stack } from 'aws-cdk-lib';",
  "import * as lambda from 'aws-cdk-lib/aws-lambda';",
  "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';",
  "import * as path from 'path';",
].join('\n');
/** Inline stacks start with HEADER, so their code starts on line 6. */
const L = (n: number) => n + 5;
const body = (...lines: string[]) => `${HEADER}\n${lines.join('\n')}\n`;

describe('cdkReader.matches', () => {
  it.each([
    'api-stack.ts', 'ApiStack.ts', 'orders.stack.ts', 'stack.ts', 'pipeline-stack.js', 'events-stack.mts', 'legacy-stack.mjs',
    'legacy-stack.cjs', 'app.ts', 'app.js', 'cdk.ts', 'infra.ts', 'construct.ts', 'constructs.ts', 'api-construct.ts', 'MyApp.ts',
  ])('accepts %s', (name) => {
    expect(cdkReader.matches(name)).toBe(true);
  });
  it.each([
    'api-stack.d.ts', 'api-stack.test.ts', 'api-stack.get-orders.ts', 'handler.ts', 'index.js', 'template.yaml', 'cdk.json',
    'serverless.yml', 'main.tf', 'Dockerfile', 'api-stack.tsx', 'stack.py',
  ])('rejects %s', (name) => {
    expect(cdkReader.matches(name)).toBe(false);
  });
  it('says its tool', () => {
    expect(cdkReader.tool).toBe('cdk');
  });
});

describe('files that are not CDK stacks', () => {
  it('returns [] without parsing when the text never mentions aws-cdk, even when it would not parse', () => {
    expect(stack('export const handler = async () => {', 'app.ts')).toEqual([]);
    expect(stack("import express from 'express';\nexport const app = express();", 'app.ts')).toEqual([]);
  });

  it('returns [] for an app entry point that only instantiates stacks', () => {
    const f = fixture('orders-service', 'bin/app.ts');
    expect(f.text).toContain('aws-cdk-lib');
    expect(f.read()).toEqual([]);
  });

  it('returns [] when aws-cdk is only mentioned, not imported', () => {
    expect(stack('// deployed with aws-cdk-lib, see infra/\nexport const handler = async () => ({ statusCode: 200 });', 'app.ts')).toEqual([]);
  });

  it('ignores a class of the same name that does not come from CDK', () => {
    const text = [
      "import { Stack } from 'aws-cdk-lib';",
      'class NodejsFunction { constructor(..._args: unknown[]) {} }',
      "new NodejsFunction(this, 'Fake', { entry: 'src/fake.ts' });",
    ].join('\n');
    expect(stack(text)).toEqual([]);
  });

  it('throws DeploymentParseError with the parser message for a malformed stack', () => {
    const f = fixture('broken', 'lib/broken-stack.ts');
    let error: unknown;
    try {
      f.read();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeploymentParseError);
    expect(error).toMatchObject({
      name: 'DeploymentParseError',
      file: f.configFile,
      message: `${f.configFile}: Property assignment expected. (line 7, column 5)`,
    });
  });
});

describe('orders-service: NodejsFunctions with path.join(__dirname, …) and shared props', () => {
  const f = fixture('orders-service', 'lib/orders-stack.ts');
  const powertools = { text: POWERTOOLS('${cdk.Stack.of(this).region}'), line: f.line('layers: [powertoolsLayer]') };
  const commonEnvironment = { TABLE_NAME: null, POWERTOOLS_SERVICE_NAME: 'orders', NODE_OPTIONS: '--enable-source-maps' };
  const result = f.read();

  it('finds the three functions in source order', () => {
    expect(result.map((d) => d.name)).toEqual(['ListOrdersFunction', 'GetOrderFunction', 'CreateOrderFunction']);
  });

  it('reads entry, layers and environment through a spread of a constant props object', () => {
    expect(result[0]).toStrictEqual({
      tool: 'cdk',
      name: 'ListOrdersFunction',
      configFile: f.configFile,
      line: f.line("new NodejsFunction(this, 'ListOrdersFunction'"),
      entryModules: [f.at('src/handlers/list-orders')],
      handlerExport: 'handler',
      layers: [powertools],
      environment: commonEnvironment,
      implicitExtensions: [],
    });
  });

  it('reads path.join with several segments and insightsVersion', () => {
    expect(result[1]).toStrictEqual({
      tool: 'cdk',
      name: 'GetOrderFunction',
      configFile: f.configFile,
      line: f.line("new NodejsFunction(this, 'GetOrderFunction'"),
      entryModules: [f.at('src/handlers/get-order')],
      handlerExport: 'main',
      layers: [powertools],
      environment: commonEnvironment,
      implicitExtensions: [INSIGHTS],
    });
  });

  it('follows this.createOrderFn to addLayers and addEnvironment, and merges a spread of commonProps.environment', () => {
    expect(result[2]).toStrictEqual({
      tool: 'cdk',
      name: 'CreateOrderFunction',
      configFile: f.configFile,
      line: f.line('this.createOrderFn = new NodejsFunction('),
      entryModules: [f.at('src/handlers/create-order')],
      handlerExport: 'handler',
      layers: [powertools, { text: INSIGHTS_ARN, line: f.line('this.createOrderFn.addLayers(insightsLayer)') }],
      environment: { ...commonEnvironment, EVENT_BUS_NAME: 'orders-bus', POWERTOOLS_METRICS_NAMESPACE: 'Orders' },
      implicitExtensions: [],
    });
  });
});

describe('api: default entry, lambda.Function from an asset, own layers, containers', () => {
  const f = fixture('api', 'lib/api-stack.ts');
  const result = f.read();
  const byName = (name: string) => result.find((d) => d.name === name);

  it('declares five functions', () => {
    expect(result.map((d) => d.name)).toEqual(['get-orders', 'ReportFunction', 'HealthFunction', 'RenderFunction', 'WorkerFunction']);
  });

  it('gives a NodejsFunction without entry the default <stack>.<id> module beside the stack file', () => {
    expect(byName('get-orders')).toStrictEqual({
      tool: 'cdk',
      name: 'get-orders',
      configFile: f.configFile,
      line: f.line("new NodejsFunction(this, 'get-orders'"),
      entryModules: [f.at('lib/api-stack.get-orders')],
      handlerExport: 'handler',
      layers: [],
      environment: {},
      implicitExtensions: [PARAMS_AND_SECRETS],
    });
    // the default entry the fixture app really has
    expect(readFileSync(`${f.at('lib/api-stack.get-orders')}.ts`, 'utf8')).toContain('export const handler');
  });

  it('maps Code.fromAsset(dir) + handler to <dir>/<module>, own LayerVersions to own:<name>, adotInstrumentation', () => {
    expect(byName('ReportFunction')).toStrictEqual({
      tool: 'cdk',
      name: 'ReportFunction',
      configFile: f.configFile,
      line: f.line("new LambdaFunction(this, 'ReportFunction'"),
      entryModules: [f.at('dist/reports/app')],
      handlerExport: 'handler',
      layers: [
        { text: 'own:api-deps', line: f.line('layers: [depsLayer, sharedLayer]') },
        { text: 'own:SharedLayer', line: f.line('layers: [depsLayer, sharedLayer]') },
      ],
      environment: { STAGE: 'prod', REGION: null },
      implicitExtensions: [ADOT],
    });
  });

  it('gives inline code and container images no entry module', () => {
    expect(byName('HealthFunction')).toStrictEqual({
      tool: 'cdk',
      name: 'HealthFunction',
      configFile: f.configFile,
      line: f.line("new LambdaFunction(this, 'HealthFunction'"),
      entryModules: [],
      handlerExport: 'handler',
      layers: [],
      environment: {},
      implicitExtensions: [],
    });
    expect(byName('RenderFunction')).toStrictEqual({
      tool: 'cdk',
      name: 'RenderFunction',
      configFile: f.configFile,
      line: f.line("new DockerImageFunction(this, 'RenderFunction'"),
      entryModules: [],
      handlerExport: null,
      layers: [],
      environment: {},
      implicitExtensions: [],
    });
  });

  it('resolves a relative asset path against the cwd and marks a computed layer list unknown', () => {
    expect(byName('WorkerFunction')).toStrictEqual({
      tool: 'cdk',
      name: 'WorkerFunction',
      configFile: f.configFile,
      line: f.line("new LambdaFunction(this, 'WorkerFunction'"),
      entryModules: [f.at('functions/worker/index')],
      handlerExport: 'handler',
      layers: 'unknown',
      environment: { REPORT_FUNCTION: null },
      implicitExtensions: [],
    });
  });
});

describe('datadog: DatadogLambda.addLambdaFunctions and the extension as a layer', () => {
  const f = fixture('datadog', 'lib/monitored-stack.ts');
  const result = f.read();

  it('adds Datadog-Extension to each function passed to a construct with extensionLayerVersion', () => {
    expect(result.slice(0, 2)).toStrictEqual([
      {
        tool: 'cdk',
        name: 'CheckoutFunction',
        configFile: f.configFile,
        line: f.line("new nodejs.NodejsFunction(this, 'CheckoutFunction'"),
        entryModules: [f.at('src/checkout')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [DATADOG],
      },
      {
        tool: 'cdk',
        name: 'RefundFunction',
        configFile: f.configFile,
        line: f.line("new nodejs.NodejsFunction(this, 'RefundFunction'"),
        entryModules: [f.at('src/refund')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [DATADOG],
      },
    ]);
  });

  it('reads an extension ARN held in a module-level const', () => {
    expect(result[2]).toStrictEqual({
      tool: 'cdk',
      name: 'AuditFunction',
      configFile: f.configFile,
      line: f.line("new nodejs.NodejsFunction(this, 'AuditFunction'"),
      entryModules: [f.at('src/audit')],
      handlerExport: 'handler',
      layers: [{ text: DATADOG_EXTENSION_ARN, line: f.line("fromLayerVersionArn(this, 'DatadogExtension', DD_EXTENSION_ARN)") }],
      environment: { DD_API_KEY_SECRET_ARN: null, DD_SITE: 'datadoghq.com' },
      implicitExtensions: [],
    });
  });

  it('adds nothing for a forwarder-only construct; keeps ${cdk.Aws.REGION} in an addLayers ARN', () => {
    expect(result[3]).toStrictEqual({
      tool: 'cdk',
      name: 'ReconcileFunction',
      configFile: f.configFile,
      line: f.line("new nodejs.NodejsFunction(this, 'ReconcileFunction'"),
      entryModules: [f.at('src/reconcile')],
      handlerExport: 'handler',
      layers: [{ text: 'arn:aws:lambda:${cdk.Aws.REGION}:464622532012:layer:Datadog-Extension:65', line: f.line('lambda.LayerVersion.fromLayerVersionArn(', f.line('reconcile.addLayers(')) }],
      environment: {},
      implicitExtensions: [],
    });
    expect(result).toHaveLength(4);
  });
});

describe('legacy-v1: a CommonJS CDK v1 stack', () => {
  const f = fixture('legacy-v1', 'lib/legacy-stack.js');
  const result = f.read();

  it('reads require()d constructs, Code.asset, a const ARN variable held in another variable', () => {
    expect(result[0]).toStrictEqual({
      tool: 'cdk',
      name: 'IngestFunction',
      configFile: f.configFile,
      line: f.line("this.ingestFn = new lambda.Function(this, 'IngestFunction'"),
      entryModules: [f.at('lambda/ingest')],
      handlerExport: 'handler',
      layers: [{ text: INSIGHTS_ARN, line: f.line('layers: [insights]') }],
      environment: { BUCKET: 'raw-events', MAX_RETRIES: '3' },
      implicitExtensions: [],
    });
  });

  it('reads a ${__dirname} template entry, Fn.sub ARNs, and the v1 Datadog construct through this.exportFn', () => {
    expect(result[1]).toStrictEqual({
      tool: 'cdk',
      name: 'ExportFunction',
      configFile: f.configFile,
      line: f.line("this.exportFn = new NodejsFunction(this, 'ExportFunction'"),
      entryModules: [f.at('lambda/export')],
      handlerExport: 'handler',
      layers: [{ text: POWERTOOLS('${AWS::Region}'), line: f.line('lambda.LayerVersion.fromLayerVersionArn(', f.line('ExportFunction')) }],
      environment: { EXPORT_TARGET: null },
      implicitExtensions: [DATADOG],
    });
    expect(result).toHaveLength(2);
  });
});

describe('esm: a stack that is an ES module', () => {
  const f = fixture('esm', 'lib/events-stack.ts');
  const result = f.read();
  const loopLayer = { text: 'arn:aws:lambda:${this.region}:580247275435:layer:LambdaInsightsExtension:38', line: f.line('LayerVersion.fromLayerVersionArn(') };

  it('reads new URL(…, import.meta.url).pathname, fileURLToPath(new URL(…)) and an import.meta-derived __dirname', () => {
    expect(result).toStrictEqual([
      {
        tool: 'cdk',
        name: 'ProducerFunction',
        configFile: f.configFile,
        line: f.line("new NodejsFunction(this, 'ProducerFunction'"),
        entryModules: [f.at('src/producer')],
        handlerExport: 'handler',
        layers: [loopLayer],
        environment: {},
        implicitExtensions: [],
      },
      {
        tool: 'cdk',
        name: 'ConsumerFunction',
        configFile: f.configFile,
        line: f.line("new NodejsFunction(this, 'ConsumerFunction'"),
        entryModules: [f.at('src/consumer')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [INSIGHTS],
      },
      {
        tool: 'cdk',
        name: 'ArchiverFunction',
        configFile: f.configFile,
        line: f.line("new NodejsFunction(this, 'ArchiverFunction'"),
        entryModules: [f.at('src/archiver')],
        handlerExport: 'handler',
        layers: [loopLayer],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });
});

describe('imports in every spelling', () => {
  it('reads aws-cdk-lib root exports: aws_lambda / aws_lambda_nodejs named, and cdk.aws_lambda through a namespace', () => {
    const text = [
      "import * as cdk from 'aws-cdk-lib';",
      "import { aws_lambda as lambda, aws_lambda_nodejs } from 'aws-cdk-lib';",
      "new aws_lambda_nodejs.NodejsFunction(this, 'A', { entry: 'src/a.ts' });",
      "new lambda.Function(this, 'B', { code: lambda.Code.fromAsset('build'), handler: 'b.handler', runtime: lambda.Runtime.NODEJS_20_X });",
      "new cdk.aws_lambda.SingletonFunction(this, 'C', { uuid: 'x', code: cdk.aws_lambda.Code.fromAsset('build'), handler: 'c.main' });",
    ].join('\n');
    expect(stack(text)).toStrictEqual([
      fn({ name: 'A', line: 3, entryModules: ['/repo/src/a'] }),
      fn({ name: 'B', line: 4, entryModules: ['/repo/build/b'] }),
      fn({ name: 'C', line: 5, entryModules: ['/repo/build/c'], handlerExport: 'main' }),
    ]);
  });

  it('reads require() with destructuring and member access, and node:path default imports', () => {
    const text = [
      "const { NodejsFunction } = require('aws-cdk-lib/aws-lambda-nodejs');",
      "const LambdaFunction = require('aws-cdk-lib').aws_lambda.Function;",
      "const { Code } = require('aws-cdk-lib/aws-lambda');",
      "const path = require('node:path');",
      "new NodejsFunction(this, 'A', { entry: path.posix.join(__dirname, '..', 'src', 'a.js') });",
      "new LambdaFunction(this, 'B', { code: Code.fromAsset(path.resolve('out')), handler: 'handlers/b.handler' });",
    ].join('\n');
    expect(stack(text, 'service-stack.js')).toStrictEqual([
      fn({ name: 'A', line: 5, entryModules: ['/repo/src/a'] }, 'service-stack.js'),
      fn({ name: 'B', line: 6, entryModules: ['/repo/out/handlers/b'] }, 'service-stack.js'),
    ]);
  });
});

describe('handlerExport: the export Lambda calls', () => {
  it('is the NodejsFunction handler prop (the export name alone, default handler), read through constants', () => {
    const text = body(
      "const exportName = 'process';",
      "new NodejsFunction(this, 'Main', { entry: 'src/a.ts', handler: 'main' });",
      "new NodejsFunction(this, 'Default', { entry: 'src/b.ts' });",
      "new NodejsFunction(this, 'Constant', { entry: 'src/c.ts', handler: exportName });",
      "new NodejsFunction(this, 'Undefined', { entry: 'src/d.ts', handler: undefined });",
      "new NodejsFunction(this, 'Computed', { entry: 'src/e.ts', handler: config.handlerName });",
    );
    expect(stack(text)).toStrictEqual([
      fn({ name: 'Main', line: L(2), entryModules: ['/repo/src/a'], handlerExport: 'main' }),
      fn({ name: 'Default', line: L(3), entryModules: ['/repo/src/b'], handlerExport: 'handler' }),
      fn({ name: 'Constant', line: L(4), entryModules: ['/repo/src/c'], handlerExport: 'process' }),
      fn({ name: 'Undefined', line: L(5), entryModules: ['/repo/src/d'], handlerExport: 'handler' }),
      fn({ name: 'Computed', line: L(6), entryModules: ['/repo/src/e'], handlerExport: null }),
    ]);
  });

  it('reads a NodejsFunction handler with a dot as a handler string, as CDK deploys it unchanged', () => {
    const text = body(
      "new NodejsFunction(this, 'Dotted', { entry: 'src/a.ts', handler: 'index.api' });",
      "new NodejsFunction(this, 'NestedPath', { entry: 'src/b.ts', handler: 'index.routes.get' });",
    );
    expect(stack(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['Dotted', ['/repo/src/a'], 'api'],
      ['NestedPath', ['/repo/src/b'], 'routes'],
    ]);
  });

  it('reads a NodejsFunction given code like a lambda.Function: the handler string against the asset', () => {
    const text = body("new NodejsFunction(this, 'Prebuilt', { code: lambda.Code.fromAsset('dist'), handler: 'app.run', entry: 'src/ignored.ts' });");
    expect(stack(text)).toStrictEqual([fn({ name: 'Prebuilt', line: L(1), entryModules: ['/repo/dist/app'], handlerExport: 'run' })]);
  });

  it('is the export of a lambda.Function handler string; a Datadog wrapper is unwrapped through DD_LAMBDA_HANDLER', () => {
    const text = body(
      "const code = lambda.Code.fromAsset('dist');",
      "new lambda.Function(this, 'Plain', { code, handler: 'src/app.main' });",
      "new lambda.Function(this, 'Wrapped', {",
      '  code,',
      "  handler: '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler',",
      "  environment: { DD_LAMBDA_HANDLER: 'orders.list' },",
      '});',
      "const late = new lambda.Function(this, 'WrappedLater', { code, handler: 'newrelic-lambda-wrapper.handler' });",
      "late.addEnvironment('NEW_RELIC_LAMBDA_HANDLER', 'billing.charge');",
      "new lambda.DockerImageFunction(this, 'Image', { code: lambda.DockerImageCode.fromImageAsset('image') });",
    );
    expect(stack(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['Plain', ['/repo/dist/src/app'], 'main'],
      ['Wrapped', ['/repo/dist/orders'], 'list'],
      ['WrappedLater', ['/repo/dist/billing'], 'charge'],
      ['Image', [], null],
    ]);
  });
});

describe('entry and handler forms', () => {
  it('reads import.meta.dirname, process.cwd(), string concatenation and named path imports', () => {
    const text = body(
      "import { join, resolve } from 'node:path';",
      "new NodejsFunction(this, 'A', { entry: join(import.meta.dirname, '../src/a.mts') });",
      "new NodejsFunction(this, 'B', { entry: resolve(process.cwd(), 'src', 'b.ts') });",
      "new NodejsFunction(this, 'C', { entry: __dirname + '/../src/c.tsx' });",
      "const handlersDir = path.join(__dirname, '../src/handlers');",
      "new NodejsFunction(this, 'D', { entry: `${handlersDir}/d.ts` });",
    );
    expect(stack(text)).toStrictEqual([
      fn({ name: 'A', line: L(2), entryModules: ['/repo/src/a'] }),
      fn({ name: 'B', line: L(3), entryModules: ['/repo/src/b'] }),
      fn({ name: 'C', line: L(4), entryModules: ['/repo/src/c'] }),
      fn({ name: 'D', line: L(6), entryModules: ['/repo/src/handlers/d'] }),
    ]);
  });

  it('splits handler strings the way the Node.js runtime does, and gives no module for zips or non-asset code', () => {
    const text = body(
      "const code = lambda.Code.fromAsset(path.join(__dirname, '../dist'));",
      "new lambda.Function(this, 'Nested', { code, handler: 'index.handlers.get' });",
      "new lambda.Function(this, 'NoDot', { code, handler: 'handler' });",
      "new lambda.Function(this, 'Zip', { code: lambda.Code.fromAsset('build/fn.zip'), handler: 'index.handler' });",
      "new lambda.Function(this, 'Bucket', { code: lambda.Code.fromBucket(bucket, 'fn.zip'), handler: 'index.handler' });",
      "new lambda.Function(this, 'Image', { code: lambda.Code.fromAssetImage('image'), handler: lambda.Handler.FROM_IMAGE, runtime: lambda.Runtime.FROM_IMAGE });",
      "new lambda.Function(this, 'AssetCode', { code: new lambda.AssetCode('lambda'), handler: 'src/app.handler' });",
    );
    expect(stack(text)).toStrictEqual([
      // `index.handlers.get`: module index, export path handlers.get, so the export Lambda reads is `handlers`.
      fn({ name: 'Nested', line: L(2), entryModules: ['/repo/dist/index'], handlerExport: 'handlers' }),
      fn({ name: 'NoDot', line: L(3), handlerExport: null }),
      fn({ name: 'Zip', line: L(4) }),
      fn({ name: 'Bucket', line: L(5) }),
      fn({ name: 'Image', line: L(6), handlerExport: null }),
      fn({ name: 'AssetCode', line: L(7), entryModules: ['/repo/lambda/src/app'] }),
    ]);
  });

  it('uses the default entry <stack>.<id> for JS stacks too, and none for a computed construct id', () => {
    const text = [
      "const { NodejsFunction } = require('aws-cdk-lib/aws-lambda-nodejs');",
      "new NodejsFunction(this, 'resize-image');",
      "for (const name of ['a', 'b']) new NodejsFunction(this, `${name}-fn`);",
    ].join('\n');
    expect(stack(text, 'media-stack.js')).toStrictEqual([
      fn({ name: 'resize-image', line: 2, entryModules: ['/repo/lib/media-stack.resize-image'] }, 'media-stack.js'),
      fn({ name: '`${name}-fn`', line: 3 }, 'media-stack.js'),
    ]);
  });

  it('drops entry modules outside the cwd and entries it cannot evaluate', () => {
    const text = body(
      "new NodejsFunction(this, 'Outside', { entry: path.join(__dirname, '../../shared/handler.ts') });",
      "new NodejsFunction(this, 'Computed', { entry: path.join(__dirname, `../src/${kind}.ts`) });",
      "new NodejsFunction(this, 'FromProps', { entry: props.entry });",
    );
    expect(stack(text)).toStrictEqual([
      fn({ name: 'Outside', line: L(1) }),
      fn({ name: 'Computed', line: L(2) }),
      fn({ name: 'FromProps', line: L(3) }),
    ]);
  });
});

describe('layers', () => {
  it('reads ARNs as static text, keeping unknown parts as ${…}', () => {
    const text = body(
      "const ACCOUNT = '580247275435';",
      "const region = Stack.of(this).region;",
      "new NodejsFunction(this, 'Fn', {",
      "  entry: 'src/fn.ts',",
      '  layers: [',
      "    lambda.LayerVersion.fromLayerVersionArn(this, 'A', 'arn:aws:lambda:' + this.region + ':580247275435:layer:LambdaInsightsExtension:38'),",
      "    lambda.LayerVersion.fromLayerVersionArn(this, 'B', `arn:aws:lambda:${region}:${ACCOUNT}:layer:LambdaInsightsExtension-Arm64:20`),",
      "    lambda.LayerVersion.fromLayerVersionArn(this, 'C', cdk.Fn.sub('arn:aws:lambda:${AWS::Region}:${Account}:layer:${Name}:65', { Account: '464622532012', Name: 'Datadog-Extension' })),",
      "    lambda.LayerVersion.fromLayerVersionArn(this, 'D', cdk.Fn.join(':', ['arn:aws:lambda', cdk.Aws.REGION, '094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20'])),",
      "    lambda.LayerVersion.fromLayerVersionAttributes(this, 'E', { layerVersionArn: 'arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-nodejs-amd64-ver-1-18-1:4' }),",
      "    lambda.LayerVersion.fromLayerVersionArn(this, 'F', ssm.StringParameter.valueForStringParameter(this, '/layers/insights')),",
      '    sharedLayer,',
      '  ],',
      '});',
    );
    expect(stack(text)).toStrictEqual([
      fn({
        name: 'Fn',
        line: L(3),
        entryModules: ['/repo/src/fn'],
        layers: [
          { text: 'arn:aws:lambda:${this.region}:580247275435:layer:LambdaInsightsExtension:38', line: L(6) },
          { text: 'arn:aws:lambda:${region}:580247275435:layer:LambdaInsightsExtension-Arm64:20', line: L(7) },
          { text: DATADOG_EXTENSION_ARN.replace('us-east-1', '${AWS::Region}'), line: L(8) },
          { text: POWERTOOLS('${cdk.Aws.REGION}'), line: L(9) },
          { text: 'arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-nodejs-amd64-ver-1-18-1:4', line: L(10) },
          { text: null, line: L(11) },
          { text: null, line: L(12) },
        ],
      }),
    ]);
  });

  it('flattens spreads of constant arrays and treats other spreads and non-literal lists as unknown', () => {
    const text = body(
      `const base = [lambda.LayerVersion.fromLayerVersionArn(this, 'Insights', '${INSIGHTS_ARN}')];`,
      "new NodejsFunction(this, 'Known', { entry: 'src/a.ts', layers: [...base, new lambda.LayerVersion(this, 'Deps', { code: lambda.Code.fromAsset('layer') })] });",
      "new NodejsFunction(this, 'Spread', { entry: 'src/b.ts', layers: [...props.layers] });",
      "new NodejsFunction(this, 'Prop', { entry: 'src/c.ts', layers: props.layers });",
      'const grown = [];',
      'grown.push(extraLayer);',
      "new NodejsFunction(this, 'Mutated', { entry: 'src/d.ts', layers: grown });",
    );
    expect(stack(text)).toStrictEqual([
      fn({
        name: 'Known',
        line: L(2),
        entryModules: ['/repo/src/a'],
        layers: [
          { text: INSIGHTS_ARN, line: L(1) },
          { text: 'own:Deps', line: L(2) },
        ],
      }),
      fn({ name: 'Spread', line: L(3), entryModules: ['/repo/src/b'], layers: 'unknown' }),
      fn({ name: 'Prop', line: L(4), entryModules: ['/repo/src/c'], layers: 'unknown' }),
      fn({ name: 'Mutated', line: L(7), entryModules: ['/repo/src/d'], layers: 'unknown' }),
    ]);
  });

  it('follows addLayers through let assignments, [a, b].forEach, spreads, and class fields', () => {
    const text = body(
      `const insights = lambda.LayerVersion.fromLayerVersionArn(this, 'Insights', '${INSIGHTS_ARN}');`,
      'export class Api extends Stack {',
      "  readonly reader = new NodejsFunction(this, 'Reader', { entry: 'src/reader.ts' });",
      '  constructor(scope, id) {',
      '    super(scope, id);',
      '    let writer;',
      "    writer = new NodejsFunction(this, 'Writer', { entry: 'src/writer.ts' });",
      '    [this.reader, writer].forEach((fn) => fn.addLayers(insights));',
      '    this.reader.addLayers(...moreLayers);',
      "    writer.addLayers(new lambda.LayerVersion(this, 'Own', { code, layerVersionName: `writer-${stage}` }));",
      '  }',
      '}',
    );
    expect(stack(text)).toStrictEqual([
      fn({ name: 'Reader', line: L(3), entryModules: ['/repo/src/reader'], layers: 'unknown' }),
      fn({
        name: 'Writer',
        line: L(7),
        entryModules: ['/repo/src/writer'],
        layers: [
          { text: INSIGHTS_ARN, line: L(8) },
          { text: 'own:Own', line: L(10) },
        ],
      }),
    ]);
  });

  it('counts ParamsAndSecretsLayerVersion in a layer list as an implicit extension, not a layer', () => {
    const text = body(
      "new NodejsFunction(this, 'Fn', { entry: 'src/fn.ts', layers: [lambda.ParamsAndSecretsLayerVersion.fromVersion(lambda.ParamsAndSecretsVersions.V1_0_103)] });",
    );
    expect(stack(text)).toStrictEqual([fn({ name: 'Fn', line: L(1), entryModules: ['/repo/src/fn'], implicitExtensions: [PARAMS_AND_SECRETS] })]);
  });
});

describe('implicit extensions and unreadable props', () => {
  it('ignores props set to undefined and counts conditional ones', () => {
    const text = body(
      "new NodejsFunction(this, 'Off', { entry: 'src/a.ts', insightsVersion: undefined, paramsAndSecrets: null });",
      "new NodejsFunction(this, 'Maybe', { entry: 'src/b.ts', insightsVersion: isProd ? lambda.LambdaInsightsVersion.VERSION_1_0_229_0 : undefined });",
      "new NodejsFunction(this, 'All', { entry: 'src/c.ts', paramsAndSecrets: pas, adotInstrumentation: adot, insightsVersion: lambda.LambdaInsightsVersion.fromInsightVersionArn('arn') });",
    );
    expect(stack(text)).toStrictEqual([
      fn({ name: 'Off', line: L(1), entryModules: ['/repo/src/a'] }),
      fn({ name: 'Maybe', line: L(2), entryModules: ['/repo/src/b'], implicitExtensions: [INSIGHTS] }),
      fn({ name: 'All', line: L(3), entryModules: ['/repo/src/c'], implicitExtensions: [INSIGHTS, ADOT, PARAMS_AND_SECRETS] }),
    ]);
  });

  it('marks functions whose props cannot be read as unknown', () => {
    const text = body(
      "new NodejsFunction(this, 'Whole', props);",
      "new NodejsFunction(this, 'Spread', { ...props.fnProps, entry: path.join(__dirname, '../src/spread.ts') });",
      "new NodejsFunction(this, 'SpreadWithLayers', { ...defaults(), layers: [], environment: { ...env, A: 'a' } });",
    );
    expect(stack(text)).toStrictEqual([
      // A handler prop may be in props that cannot be read: the export is unknown, not the default.
      fn({ name: 'Whole', line: L(1), handlerExport: null, layers: 'unknown', unknownReason: 'the props `props` cannot be read statically' }),
      fn({
        name: 'Spread',
        line: L(2),
        entryModules: ['/repo/src/spread'],
        handlerExport: null,
        layers: 'unknown',
        unknownReason: 'the props `...props.fnProps` cannot be read statically',
      }),
      fn({ name: 'SpreadWithLayers', line: L(3), handlerExport: null, environment: { A: 'a' }, unknownReason: 'the props `...defaults()` cannot be read statically' }),
    ]);
  });

  it('reads Datadog constructs used inline, with extensionLayerArn, over a constant list, and with unreadable props', () => {
    const text = body(
      "import { Datadog, DatadogLambda } from 'datadog-cdk-constructs-v2';",
      "const a = new NodejsFunction(this, 'A', { entry: 'src/a.ts' });",
      "const b = new NodejsFunction(this, 'B', { entry: 'src/b.ts' });",
      "const c = new NodejsFunction(this, 'C', { entry: 'src/c.ts' });",
      "new DatadogLambda(this, 'Dd', { extensionLayerVersion: 65 }).addLambdaFunctions([a]);",
      'const monitored = [b];',
      `new Datadog(this, 'DdArn', { extensionLayerArn: '${DATADOG_EXTENSION_ARN}' }).addLambdaFunctions(monitored, this);`,
      "new DatadogLambda(this, 'DdProps', datadogProps).addLambdaFunctions([c]);",
    );
    expect(stack(text)).toStrictEqual([
      fn({ name: 'A', line: L(2), entryModules: ['/repo/src/a'], implicitExtensions: [DATADOG] }),
      fn({ name: 'B', line: L(3), entryModules: ['/repo/src/b'], implicitExtensions: [DATADOG] }),
      fn({
        name: 'C',
        line: L(4),
        entryModules: ['/repo/src/c'],
        unknownReason: 'the Datadog construct props `datadogProps` cannot be read statically',
      }),
    ]);
  });

  it('exports the reasons it gives', () => {
    expect(CDK_IMPLICIT_EXTENSION).toEqual({ insightsVersion: INSIGHTS, adotInstrumentation: ADOT, paramsAndSecrets: PARAMS_AND_SECRETS, datadog: DATADOG });
  });
});

describe('environment', () => {
  it('reads static values, constants and templates, null for expressions, and addEnvironment calls', () => {
    const text = body(
      "const SERVICE = 'billing';",
      "const common = { LOG_LEVEL: 'info', SERVICE };",
      'const fn = new NodejsFunction(this, \'Fn\', {',
      "  entry: 'src/fn.ts',",
      '  environment: {',
      '    ...common,',
      "    'NODE_OPTIONS': '--enable-source-maps --require ./lambda-shutdown-extension.js',",
      '    AWS_LAMBDA_EXEC_WRAPPER: `/opt/${SERVICE}-wrapper`,',
      '    TABLE: table.tableName,',
      '    URL: `https://${domain}/api`,',
      '  },',
      '});',
      "fn.addEnvironment('AWS_NODEJS_CONNECTION_REUSE_ENABLED', '1');",
      "fn.addEnvironment(dynamicKey, 'ignored');",
      "fn.addEnvironment('SECRET', secret.secretArn);",
    );
    expect(stack(text)).toStrictEqual([
      fn({
        name: 'Fn',
        line: L(3),
        entryModules: ['/repo/src/fn'],
        environment: {
          LOG_LEVEL: 'info',
          SERVICE: 'billing',
          NODE_OPTIONS: '--enable-source-maps --require ./lambda-shutdown-extension.js',
          AWS_LAMBDA_EXEC_WRAPPER: '/opt/billing-wrapper',
          TABLE: null,
          URL: null,
          AWS_NODEJS_CONNECTION_REUSE_ENABLED: '1',
          SECRET: null,
        },
      }),
    ]);
  });
});
