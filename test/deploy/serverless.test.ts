/** The serverless.yml reader: fixtures written the way serverless-patterns services look, and edge cases inline. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeploymentParseError } from '../../core/deploy/model.js';
import type { FunctionDeployment } from '../../core/deploy/model.js';
import { serverlessReader } from '../../core/deploy/serverless.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/deploy/serverless/', import.meta.url));
const cwd = path.resolve(FIXTURES, '..');

function readFixture(rel: string): FunctionDeployment[] {
  const file = path.join(FIXTURES, rel);
  return serverlessReader.read(file, readFileSync(file, 'utf8'), { cwd });
}
function readText(text: string, rel = 'serverless.yml'): FunctionDeployment[] {
  return serverlessReader.read(path.join('/svc', rel), text, { cwd: '/svc' });
}
const byName = (deployments: FunctionDeployment[], name: string): FunctionDeployment => {
  const found = deployments.find((d) => d.name === name);
  if (!found) throw new Error(`no deployment ${name} in ${deployments.map((d) => d.name).join(', ')}`);
  return found;
};

const INSIGHTS = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38';
const SECRETS = 'arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:11';
const POWERTOOLS = 'arn:aws:lambda:us-east-1:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20';
const DD_EXTENSION = 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65';
const DD_NODE = 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Node20-x:115';

describe('serverlessReader.matches', () => {
  it.each(['serverless.yml', 'serverless.yaml', 'serverless.json'])('matches %s', (name) => {
    expect(serverlessReader.matches(name)).toBe(true);
  });
  it.each(['serverless.ts', 'serverless.js', 'serverless.mjs', 'serverless-compose.yml', 'serverless.dev.yml', 'template.yaml'])('does not match %s', (name) => {
    expect(serverlessReader.matches(name)).toBe(false);
  });
  it('is the serverless reader', () => {
    expect(serverlessReader.tool).toBe('serverless');
  });
});

describe('a service with provider layers, overrides and stage variables (orders-service)', () => {
  const deployments = readFixture('orders-service/serverless.yml');
  const file = path.join(FIXTURES, 'orders-service/serverless.yml');
  const dir = path.join(FIXTURES, 'orders-service');
  const providerEnv = {
    SERVICE_NAME: 'orders-service',
    STAGE: null, // ${sls:stage}
    TABLE_NAME: null, // orders-${self:custom.stage}, and custom.stage is ${opt:stage, 'dev'}
    LOG_LEVEL: 'info', // ${self:custom.logLevel, 'info'}: the self path is missing, the fallback applies
    POWERTOOLS_METRICS_NAMESPACE: 'Orders',
  };

  it('lists Node.js functions in file order, skipping the Python one', () => {
    expect(deployments.map((d) => d.name)).toEqual(['createOrder', 'getOrder', 'exportOrders', 'reconcile', 'pdfRenderer']);
    expect(deployments.every((d) => d.tool === 'serverless' && d.configFile === file)).toBe(true);
  });

  it('gives a function without layers the provider layers, with ${self:…} resolved through nested paths', () => {
    expect(byName(deployments, 'createOrder')).toEqual({
      tool: 'serverless',
      name: 'createOrder',
      configFile: file,
      line: 42,
      entryModules: [path.join(dir, 'src/handlers/create-order')],
      handlerExport: 'handler',
      layers: [
        { text: INSIGHTS, line: 32 },
        { text: POWERTOOLS, line: 33 },
      ],
      environment: providerEnv,
      implicitExtensions: [],
    } satisfies FunctionDeployment);
  });

  it('replaces provider layers with the function layers and merges its environment over the provider one', () => {
    expect(byName(deployments, 'getOrder')).toEqual({
      tool: 'serverless',
      name: 'getOrder',
      configFile: file,
      line: 49,
      entryModules: [path.join(dir, 'src/handlers/get-order')],
      handlerExport: 'handler',
      layers: [
        { text: SECRETS, line: 52 },
        { text: POWERTOOLS, line: 53 },
      ],
      environment: { ...providerEnv, LOG_LEVEL: 'debug', PARAMETERS_SECRETS_EXTENSION_CACHE_SIZE: '500' },
      implicitExtensions: [],
    } satisfies FunctionDeployment);
  });

  it('keeps ${opt:stage} in a layer name as text and says the answer is unknown', () => {
    expect(byName(deployments, 'exportOrders')).toEqual({
      tool: 'serverless',
      name: 'exportOrders',
      configFile: file,
      line: 62,
      entryModules: [path.join(dir, 'src/jobs/export')],
      handlerExport: 'run',
      layers: [{ text: 'arn:aws:lambda:${aws:region}:${aws:accountId}:layer:orders-exporter-${opt:stage}:3', line: 66 }],
      environment: { ...providerEnv, BUCKET: null },
      implicitExtensions: [],
      unknownReason: 'layer name depends on ${opt:stage}',
    } satisfies FunctionDeployment);
  });

  it('reads layers: [] as "no layers", replacing the provider list', () => {
    expect(byName(deployments, 'reconcile')).toMatchObject({ line: 72, layers: [], entryModules: [path.join(dir, 'src/jobs/reconcile')] });
    expect(byName(deployments, 'reconcile').unknownReason).toBeUndefined();
  });

  it('gives an image function no entry modules and no layers', () => {
    expect(byName(deployments, 'pdfRenderer')).toEqual({
      tool: 'serverless',
      name: 'pdfRenderer',
      configFile: file,
      line: 76,
      entryModules: [],
      handlerExport: null,
      layers: [],
      environment: providerEnv,
      implicitExtensions: [],
    });
  });
});

describe('plugins, own layers, anchors and an unreadable provider layer list (payments-service)', () => {
  const deployments = readFixture('payments-service/serverless.yaml');
  const file = path.join(FIXTURES, 'payments-service/serverless.yaml');
  const dir = path.join(FIXTURES, 'payments-service');
  const datadog = 'serverless-plugin-datadog adds the Datadog Lambda Extension layer (custom.datadog.addExtension, on by default)';
  const providerLayers = 'the layer list comes from ${file(./layers.${opt:stage}.yml)}';

  it('maps { Ref: <Name>LambdaLayer } to the service layer, and reports the Datadog and Lambda Insights plugins', () => {
    expect(byName(deployments, 'charge')).toEqual({
      tool: 'serverless',
      name: 'charge',
      configFile: file,
      line: 36,
      entryModules: [path.join(dir, 'src/charge')],
      handlerExport: 'handler',
      layers: [
        { text: 'own:payments-shared-deps-${sls:stage}', line: 41 },
        { text: 'own:ddFlags', line: 42 },
        { text: 'arn:aws:lambda:${AWS::Region}:464622532012:layer:Datadog-Extension-ARM:65', line: 43 },
      ],
      environment: {},
      implicitExtensions: [datadog, 'serverless-plugin-lambda-insights adds the Lambda Insights extension layer'],
    } satisfies FunctionDeployment);
  });

  it('leaves a function listed in custom.datadog.exclude alone, and makes ${file(…)} provider layers unknown', () => {
    expect(byName(deployments, 'healthcheck')).toEqual({
      tool: 'serverless',
      name: 'healthcheck',
      configFile: file,
      line: 44,
      entryModules: [path.join(dir, 'src/health')],
      handlerExport: 'handler',
      layers: 'unknown',
      environment: {},
      implicitExtensions: [],
      unknownReason: providerLayers,
    } satisfies FunctionDeployment);
  });

  it('reads a function built with a YAML merge key, and defaultLambdaInsights: false adds nothing', () => {
    expect(byName(deployments, 'refund')).toEqual({
      tool: 'serverless',
      name: 'refund',
      configFile: file,
      line: 46,
      entryModules: [path.join(dir, 'src/refund')],
      handlerExport: 'handler',
      layers: 'unknown',
      environment: {},
      implicitExtensions: [datadog],
      unknownReason: providerLayers,
    } satisfies FunctionDeployment);
  });
});

describe('functions in other files (split-functions)', () => {
  const deployments = readFixture('split-functions/serverless.yml');
  const file = path.join(FIXTURES, 'split-functions/serverless.yml');

  it('stands in for a ${file(…)} entry of the functions list with an unknown deployment, and reads inline entries', () => {
    expect(deployments).toEqual([
      {
        tool: 'serverless',
        name: '${file(./functions/sync.yml)}',
        configFile: file,
        line: 8,
        entryModules: [],
        handlerExport: null,
        layers: 'unknown',
        environment: {},
        implicitExtensions: [],
        unknownReason: 'functions are defined in ${file(./functions/sync.yml)}, which this reader does not follow',
      },
      {
        tool: 'serverless',
        name: 'restock',
        configFile: file,
        line: 9,
        entryModules: [path.join(FIXTURES, 'split-functions/src/restock')],
        handlerExport: 'handler',
        layers: [{ text: INSIGHTS, line: 6 }],
        environment: {},
        implicitExtensions: [],
      },
      {
        tool: 'serverless',
        name: 'audit',
        configFile: file,
        line: 11,
        entryModules: [],
        handlerExport: null,
        layers: 'unknown',
        environment: {},
        implicitExtensions: [],
        unknownReason: 'function audit is defined by ${file(./functions/audit.yml):audit}',
      },
    ] satisfies FunctionDeployment[]);
  });

  it('stands in for functions: ${file(…)} as a whole', () => {
    expect(readText('service: s\nprovider: { name: aws }\nfunctions: ${file(./fns.yml)}\n')).toEqual([
      {
        tool: 'serverless',
        name: '${file(./fns.yml)}',
        configFile: '/svc/serverless.yml',
        line: 3,
        entryModules: [],
        handlerExport: null,
        layers: 'unknown',
        environment: {},
        implicitExtensions: [],
        unknownReason: 'functions are defined in ${file(./fns.yml)}, which this reader does not follow',
      },
    ]);
  });
});

describe('serverless.json and malformed files', () => {
  it('reads serverless.json with line numbers', () => {
    const file = path.join(FIXTURES, 'json-service/serverless.json');
    expect(readFixture('json-service/serverless.json')).toEqual([
      {
        tool: 'serverless',
        name: 'receive',
        configFile: file,
        line: 9,
        entryModules: [path.join(FIXTURES, 'json-service/dist/receive')],
        handlerExport: 'handler',
        layers: [{ text: DD_NODE, line: 6 }],
        environment: { DD_API_KEY_SECRET_ARN: null },
        implicitExtensions: [],
      },
    ]);
  });

  it('throws DeploymentParseError with the YAML error and its line', () => {
    const file = path.join(FIXTURES, 'broken/serverless.yml');
    expect(() => readFixture('broken/serverless.yml')).toThrow(DeploymentParseError);
    expect(() => readFixture('broken/serverless.yml')).toThrow(
      `${file}: line 11: Flow map in block collection must be sufficiently indented and end with a }`,
    );
  });

  it('returns nothing for an empty file, a file without functions, or another provider', () => {
    expect(readText('')).toEqual([]);
    expect(readText('service: s\nprovider:\n  name: aws\n')).toEqual([]);
    expect(readText('service: s\nprovider:\n  name: azure\n  runtime: nodejs18\nfunctions:\n  hello:\n    handler: src/handlers/hello.main\n')).toEqual([]);
  });
});

describe('variables (inline)', () => {
  it('resolves a layers value that is itself a ${self:…} list, with the lines of that list', () => {
    const text = `service: s
custom:
  commonLayers:
    - ${DD_EXTENSION}
    - ${DD_NODE}
provider:
  name: aws
  layers: \${self:custom.commonLayers}
functions:
  api:
    handler: src/api.handler
`;
    expect(readText(text)[0]).toMatchObject({
      layers: [
        { text: DD_EXTENSION, line: 4 },
        { text: DD_NODE, line: 5 },
      ],
    });
  });

  it('takes a fallback only when the self path is missing, never for a deploy-time source', () => {
    const text = `service: s
custom:
  insights: \${self:custom.missing, '${INSIGHTS}'}
provider:
  name: aws
functions:
  api:
    handler: src/api.handler
    layers:
      - \${self:custom.insights}
      - arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:\${opt:insightsVersion, '38'}
      - \${opt:secretsArn, '${SECRETS}'}
      - \${cf:shared-layers-\${sls:stage}.DatadogExtensionArn}
`;
    const [api] = readText(text);
    expect(api!.layers).toEqual([
      { text: INSIGHTS, line: 10 },
      // The unresolved part is the version: the name is known, so the answer is not unknown.
      { text: "arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:${opt:insightsVersion, '38'}", line: 11 },
      { text: `\${opt:secretsArn, '${SECRETS}'}`, line: 12 },
      { text: '${cf:shared-layers-${sls:stage}.DatadogExtensionArn}', line: 13 },
    ]);
    expect(api!.unknownReason).toBe(
      `layer \${opt:secretsArn, '${SECRETS}'} cannot be resolved statically; layer \${cf:shared-layers-\${sls:stage}.DatadogExtensionArn} cannot be resolved statically`,
    );
  });

  it('keeps a self path that depends on ${opt:stage} unresolved', () => {
    const text = `service: s
custom:
  layers:
    dev: ${INSIGHTS}
provider:
  name: aws
  layers:
    - \${self:custom.layers.\${opt:stage}}
functions:
  api:
    handler: src/api.handler
`;
    expect(readText(text)[0]).toMatchObject({
      layers: [{ text: '${self:custom.layers.${opt:stage}}', line: 8 }],
      unknownReason: 'layer ${self:custom.layers.${opt:stage}} cannot be resolved statically',
    });
  });

  it('survives self-references that loop', () => {
    const text = `service: s
custom:
  a: \${self:custom.b}
  b: prefix-\${self:custom.a}
provider:
  name: aws
  environment:
    LOOP: \${self:custom.a}
functions:
  api:
    handler: src/api.handler
    layers:
      - arn:aws:lambda:us-east-1:1:layer:\${self:custom.a}:1
`;
    const [api] = readText(text);
    expect(api!.environment).toEqual({ LOOP: null });
    expect(api!.layers).toEqual([{ text: expect.stringContaining('${'), line: 13 }]);
    expect(api!.unknownReason).toMatch(/^layer name depends on \$\{/);
  });

  it('does not blow up on strings that double at every reference', () => {
    const levels = Array.from({ length: 40 }, (_, i) => (i === 0 ? '  a0: xy' : `  a${i}: \${self:custom.a${i - 1}}\${self:custom.a${i - 1}}`));
    const text = `service: s\ncustom:\n${levels.join('\n')}\nprovider:\n  name: aws\n  environment:\n    BIG: \${self:custom.a39}\n    SMALL: \${self:custom.a3}\nfunctions:\n  api: { handler: src/api.handler }\n`;
    expect(readText(text)[0]!.environment).toEqual({ BIG: null, SMALL: 'xy'.repeat(8) });
  });

  it('says the handler is unknown when it depends on a deploy-time variable', () => {
    const text = 'service: s\nprovider: { name: aws }\nfunctions:\n  api:\n    handler: ${env:HANDLER_DIR}/api.handler\n';
    expect(readText(text)[0]).toMatchObject({ entryModules: [], handlerExport: null, layers: [], unknownReason: 'the handler depends on ${env:HANDLER_DIR}' });
  });

  it('resolves ${self:…} in the handler and reads nested export paths like the runtime does', () => {
    const text = 'service: s\ncustom: { dir: src/handlers }\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  api:\n    handler: ${self:custom.dir}/api.routes.main\n';
    expect(readText(text)[0]).toMatchObject({ entryModules: ['/svc/src/handlers/api'], handlerExport: 'routes' });
  });

  it('skips functions whose own runtime is not Node.js even when the provider runtime is', () => {
    const text = 'service: s\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  py: { handler: app.main, runtime: python3.12 }\n  js: { handler: app.main }\n';
    expect(readText(text).map((d) => d.name)).toEqual(['js']);
  });
});

describe('plugins (inline)', () => {
  const service = (custom: string, plugins = '[serverless-plugin-datadog]') =>
    `service: s\nplugins: ${plugins}\ncustom:\n${custom}\nprovider: { name: aws, runtime: nodejs20.x }\nfunctions:\n  api: { handler: src/api.handler }\n`;

  it('adds nothing when the Datadog plugin is disabled or its addExtension is false', () => {
    expect(readText(service('  datadog: { addExtension: false }'))[0]!.implicitExtensions).toEqual([]);
    expect(readText(service('  datadog: { enabled: false }'))[0]!.implicitExtensions).toEqual([]);
    expect(readText(service('  datadog: { addExtension: true }', '[serverless-esbuild]'))[0]!.implicitExtensions).toEqual([]);
  });

  it('says the answer is unknown when the Datadog plugin is switched by a variable', () => {
    const [api] = readText(service('  datadog:\n    enabled: ${strToBool(${env:DD_PLUGIN_ENABLED, true})}'));
    expect(api!.implicitExtensions).toEqual([]);
    expect(api!.unknownReason).toBe('whether serverless-plugin-datadog adds its extension depends on a variable (custom.datadog)');
  });

  it('reads the Lambda Insights plugin default and a per-function override', () => {
    const text = `service: s
plugins: [serverless-plugin-lambda-insights]
custom:
  lambdaInsights:
    defaultLambdaInsights: true
provider: { name: aws }
functions:
  on: { handler: src/on.handler }
  off: { handler: src/off.handler, lambdaInsights: false }
`;
    const [on, off] = readText(text);
    expect(on!.implicitExtensions).toEqual(['serverless-plugin-lambda-insights adds the Lambda Insights extension layer']);
    expect(off!.implicitExtensions).toEqual([]);
  });
});

describe('handlerExport: the export functions.<name>.handler names', () => {
  it('reads the export of each function’s handler, after ${self:…} variables', () => {
    const text = `service: s
custom:
  entry: main
provider: { name: aws, runtime: nodejs20.x }
functions:
  app: { handler: src/app.main }
  api: { handler: index.api }
  nested: { handler: dist/router.routes.orders }
  fromSelf: { handler: 'src/jobs.\${self:custom.entry}' }
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['app', ['/svc/src/app'], 'main'],
      ['api', ['/svc/index'], 'api'],
      ['nested', ['/svc/dist/router'], 'routes'],
      ['fromSelf', ['/svc/src/jobs'], 'main'],
    ]);
  });

  it('unwraps a Datadog or New Relic wrapper handler through its variable, from the function or the provider environment', () => {
    const text = `service: s
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    NEW_RELIC_LAMBDA_HANDLER: src/billing.charge
functions:
  datadog:
    handler: /opt/nodejs/node_modules/datadog-lambda-js/handler.handler
    environment:
      DD_LAMBDA_HANDLER: src/orders.list
  newRelic:
    handler: newrelic-lambda-wrapper.handler
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['datadog', ['/svc/src/orders'], 'list'],
      ['newRelic', ['/svc/src/billing'], 'charge'],
    ]);
  });

  it('is null for an image function, a handler the file cannot resolve and a malformed handler', () => {
    const text = `service: s
provider: { name: aws, runtime: nodejs20.x }
functions:
  image: { image: { name: renderer } }
  deployTime: { handler: 'src/app.\${opt:entry}' }
  noDot: { handler: src/app }
`;
    expect(readText(text).map((d) => [d.name, d.handlerExport])).toEqual([
      ['image', null],
      ['deployTime', null],
      ['noDot', null],
    ]);
  });
});
