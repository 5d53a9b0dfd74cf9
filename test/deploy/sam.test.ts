/** The SAM / CloudFormation template reader: fixtures written the way aws-samples projects look, and edge cases inline. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeploymentParseError } from '../../core/deploy/model.js';
import type { FunctionDeployment } from '../../core/deploy/model.js';
import { handlerModule, parseHandler } from '../../core/deploy/paths.js';
import { parseConfigFile, samReader } from '../../core/deploy/sam.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/deploy/sam/', import.meta.url));
const cwd = path.resolve(FIXTURES, '..');

function readFixture(rel: string): FunctionDeployment[] {
  const file = path.join(FIXTURES, rel);
  return samReader.read(file, readFileSync(file, 'utf8'), { cwd });
}
/** Reads inline template text as if it were /repo/<rel>. */
function readText(text: string, rel = 'template.yaml', dir = '/repo'): FunctionDeployment[] {
  return samReader.read(path.join(dir, rel), text, { cwd: dir });
}
const byName = (deployments: FunctionDeployment[], name: string): FunctionDeployment => {
  const found = deployments.find((d) => d.name === name);
  if (!found) throw new Error(`no deployment ${name} in ${deployments.map((d) => d.name).join(', ')}`);
  return found;
};

const POWERTOOLS_SUB = 'arn:aws:lambda:${AWS::Region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20';
const GLOBAL_ENV = { POWERTOOLS_SERVICE_NAME: 'orders', LOG_LEVEL: 'INFO', STAGE: 'dev' };

describe('samReader.matches', () => {
  it.each(['template.yaml', 'template.yml', 'template.json', 'app.template.yaml', 'billing.template.json', 'Stack.template.yml'])('matches %s', (name) => {
    expect(samReader.matches(name)).toBe(true);
  });
  it.each(['samconfig.toml', 'serverless.yml', 'template.yaml.bak', 'templates.yaml', 'template-prod.yaml', '.template.yaml', 'cdk.json'])('does not match %s', (name) => {
    expect(samReader.matches(name)).toBe(false);
  });
  it('is the sam-or-cloudformation reader', () => {
    expect(samReader.tool).toBe('sam-or-cloudformation');
  });
});

describe('SAM template with Globals, esbuild metadata, own layers and parameters (orders-api)', () => {
  const deployments = readFixture('orders-api/template.yaml');
  const file = path.join(FIXTURES, 'orders-api/template.yaml');
  const src = path.join(FIXTURES, 'orders-api/src');

  it('returns the Node.js functions in template order and skips Python, tables, layers and nested stacks', () => {
    expect(deployments.map((d) => d.name)).toEqual(['CreateOrderFunction', 'GetOrderFunction', 'NotifyFunction', 'SecretsRotationFunction', 'RendererFunction']);
    expect(deployments.every((d) => d.tool === 'sam' && d.configFile === file)).toBe(true);
  });

  it('puts function layers after Globals layers, resolves !Sub and a !Ref to a layer in the template, merges env', () => {
    expect(byName(deployments, 'CreateOrderFunction')).toEqual({
      tool: 'sam',
      name: 'CreateOrderFunction',
      configFile: file,
      line: 49,
      // Handler and the esbuild entry point name the same module: listed once.
      entryModules: [path.join(src, 'handlers/create-order')],
      handlerExport: 'handler',
      layers: [
        { text: POWERTOOLS_SUB, line: 31 },
        { text: 'arn:aws:lambda:${AWS::Region}:580247275435:layer:LambdaInsightsExtension:38', line: 55 },
        { text: 'own:orders-shared-deps', line: 56 },
      ],
      environment: { POWERTOOLS_SERVICE_NAME: 'orders', LOG_LEVEL: 'DEBUG', STAGE: 'dev', TABLE_NAME: null },
      implicitExtensions: [],
    } satisfies FunctionDeployment);
  });

  it('gives a function without Layers the Globals layers and environment', () => {
    expect(byName(deployments, 'GetOrderFunction')).toEqual({
      tool: 'sam',
      name: 'GetOrderFunction',
      configFile: file,
      line: 76,
      entryModules: [path.join(src, 'handlers/get-order')],
      handlerExport: 'handler',
      layers: [{ text: POWERTOOLS_SUB, line: 31 }],
      environment: GLOBAL_ENV,
      implicitExtensions: [],
    });
  });

  it('reads Layers: !Ref of a CommaDelimitedList parameter from its Default, and stringifies numbers and booleans', () => {
    expect(byName(deployments, 'NotifyFunction')).toEqual({
      tool: 'sam',
      name: 'NotifyFunction',
      configFile: file,
      line: 88,
      entryModules: [path.join(src, 'handlers/notify')],
      handlerExport: 'handler',
      layers: [
        { text: POWERTOOLS_SUB, line: 31 },
        { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65', line: 93 },
        { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Node20-x:115', line: 93 },
      ],
      // A !Sub with ${AWS::Region} is not a static value.
      environment: { ...GLOBAL_ENV, TOPIC_ARN: null, RETRIES: '3', DRY_RUN: 'false' },
      implicitExtensions: [],
    });
  });

  it('substitutes a parameter default inside !Sub, and never reads an SSM parameter default as a layer', () => {
    const fn = byName(deployments, 'SecretsRotationFunction');
    expect(fn.layers).toEqual([
      { text: POWERTOOLS_SUB, line: 31 },
      { text: 'arn:aws:lambda:${AWS::Region}:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:11', line: 106 },
      { text: null, line: 107 },
    ]);
    // `handlers/rotate.nested.handler`: the runtime loads module handlers/rotate, export path nested.handler.
    expect(fn.entryModules).toEqual([path.join(src, 'handlers/rotate')]);
    expect(fn.handlerExport).toBe('nested');
  });

  it('gives a PackageType: Image function no entry modules and no layers', () => {
    expect(byName(deployments, 'RendererFunction')).toEqual({
      tool: 'sam',
      name: 'RendererFunction',
      configFile: file,
      line: 116,
      entryModules: [],
      handlerExport: null,
      layers: [],
      environment: GLOBAL_ENV,
      implicitExtensions: [],
    });
  });

  it('reads the nested template on its own (the resolver finds it), with CodeUri relative to it', () => {
    expect(readFixture('orders-api/nested/template.yaml')).toEqual([
      {
        tool: 'sam',
        name: 'AuditFunction',
        configFile: path.join(FIXTURES, 'orders-api/nested/template.yaml'),
        line: 7,
        entryModules: [path.join(src, 'handlers/audit')],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });
});

describe('JSON CloudFormation template (legacy-cfn)', () => {
  const deployments = readFixture('legacy-cfn/billing.template.json');
  const file = path.join(FIXTURES, 'legacy-cfn/billing.template.json');

  it('reads AWS::Lambda::Function with a local Code path, Fn::Join, a parameter default and a static Fn::FindInMap', () => {
    expect(deployments[0]).toEqual({
      tool: 'cloudformation',
      name: 'InvoiceWorker',
      configFile: file,
      line: 18,
      entryModules: [path.join(FIXTURES, 'legacy-cfn/dist/invoice-worker')],
      handlerExport: 'handler',
      layers: [
        // Fn::Join keeps a pseudo parameter as a ${…} placeholder and substitutes the parameter's default.
        { text: 'arn:aws:lambda:${AWS::Region}:580247275435:layer:LambdaInsightsExtension:38', line: 26 },
        { text: 'arn:aws:lambda:us-east-1:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:11', line: 37 },
        { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65', line: 38 },
      ],
      environment: { QUEUE_URL: null, PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773', NODE_OPTIONS: '--enable-source-maps' },
      implicitExtensions: [],
    } satisfies FunctionDeployment);
  });

  it('maps S3Key and ZipFile code to no source, and Fn::ImportValue to an unreadable layer', () => {
    expect(deployments.slice(1)).toEqual([
      {
        tool: 'cloudformation',
        name: 'LedgerExporter',
        configFile: file,
        line: 49,
        entryModules: [],
        handlerExport: 'handler',
        layers: [{ text: null, line: 59 }],
        environment: {},
        implicitExtensions: [],
      },
      {
        tool: 'cloudformation',
        name: 'InlineHealthcheck',
        configFile: file,
        line: 62,
        entryModules: [],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });
});

describe('intrinsics that cannot be read, and the Datadog macro (observability)', () => {
  const deployments = readFixture('observability/template.yml');
  const file = path.join(FIXTURES, 'observability/template.yml');
  const macro = 'the DatadogServerless macro adds the Datadog Lambda Extension layer (extensionLayerVersion 65)';

  it('treats Layers: !Ref of a list parameter without Default as unknown; Transform in a list still means SAM', () => {
    expect(deployments[0]).toEqual({
      tool: 'sam',
      name: 'ChargeFunction',
      configFile: file,
      line: 29,
      entryModules: [path.join(FIXTURES, 'observability/functions/charge/index')],
      handlerExport: 'handler',
      layers: 'unknown',
      environment: {},
      implicitExtensions: [macro],
    } satisfies FunctionDeployment);
  });

  it('reads !If, !ImportValue and !GetAtt entries as null, !Select of !Split and !Join of pseudo parameters as text', () => {
    expect(deployments[1]).toEqual({
      tool: 'sam',
      name: 'RefundFunction',
      configFile: file,
      line: 37,
      entryModules: [path.join(FIXTURES, 'observability/functions/refund/app')],
      handlerExport: 'handler',
      layers: [
        { text: null, line: 45 },
        { text: null, line: 49 },
        { text: null, line: 50 },
        { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65', line: 51 },
        { text: 'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:layer:payments-deps:4', line: 52 },
      ],
      environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler', DD_ENV: null },
      implicitExtensions: [macro],
    } satisfies FunctionDeployment);
  });
});

describe('malformed templates', () => {
  it('throws DeploymentParseError with the YAML error and its line', () => {
    const file = path.join(FIXTURES, 'broken/template.yaml');
    let error: unknown;
    try {
      readFixture('broken/template.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeploymentParseError);
    expect((error as DeploymentParseError).file).toBe(file);
    expect((error as DeploymentParseError).message).toBe(`${file}: line 9: All mapping items must start at the same column`);
  });

  it('throws for broken JSON, with the line', () => {
    const text = '{\n  "Resources": {\n    "Fn": { "Type": "AWS::Lambda::Function", }\n    "Other": 1\n  }\n}\n';
    expect(() => readText(text, 'x.template.json')).toThrow(DeploymentParseError);
    expect(() => readText(text, 'x.template.json')).toThrow(/x\.template\.json: line 4: /);
  });

  it('stops expanding aliases of a "billion laughs" document', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const text = `${levels.join('\n')}\nResources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Layers: *l9\n`;
    expect(() => readText(text)).toThrow(/aliases expand to more than 100000 values/);
  });

  it('returns nothing for an empty file, a template without Resources, or a YAML list', () => {
    expect(readText('')).toEqual([]);
    expect(readText('# just a comment\n')).toEqual([]);
    expect(readText("AWSTemplateFormatVersion: '2010-09-09'\nDescription: buckets only\n")).toEqual([]);
    expect(readText('- a\n- b\n')).toEqual([]);
  });
});

describe('inline templates', () => {
  it('parses every CloudFormation short tag, scalar and sequence forms, without crashing', () => {
    const text = [
      'Transform: AWS::Serverless-2016-10-31',
      'Conditions:',
      '  IsProd: !Equals [!Ref Stage, prod]',
      '  Both: !And [!Condition IsProd, !Not [!Equals [a, b]]]',
      '  Either: !Or [!Condition IsProd, !Condition Both]',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Runtime: nodejs20.x',
      '      VpcConfig:',
      '        SubnetIds: !Split [",", !ImportValue vpc-subnets]',
      '        SecurityGroupIds: [!GetAtt [Sg, GroupId]]',
      '      Environment:',
      '        Variables:',
      '          AZ: !Select [0, !GetAZs ""]',
      '          CIDR: !Select [0, !Cidr [10.0.0.0/16, 4, 8]]',
      '          BLOB: !Base64 hello',
      '          MAPPED: !FindInMap [Env, !Ref AWS::Region, Value]',
      '          SNIPPET: !Transform { Name: AWS::Include, Parameters: { Location: s3://b/k } }',
      '          JOINED: !Join ["-", [a, b, !Ref Stage]]',
      '          SUBBED: !Sub',
      '            - "${Prefix}-${AWS::Region}"',
      '            - Prefix: orders',
      '          LITERAL: !Sub "${!NotAVariable}"',
      '          PICKED: !If [IsProd, same, same]',
    ].join('\n');
    expect(readText(text)).toEqual([
      {
        tool: 'sam',
        name: 'Fn',
        configFile: '/repo/template.yaml',
        line: 7,
        entryModules: ['/repo/index'],
        handlerExport: 'handler',
        layers: [],
        environment: {
          AZ: null,
          CIDR: null,
          BLOB: null,
          MAPPED: null,
          SNIPPET: null,
          JOINED: null,
          SUBBED: null,
          LITERAL: '${NotAVariable}',
          PICKED: 'same',
        },
        implicitExtensions: [],
      },
    ]);
  });

  it('maps short tags to their long forms in the tree', () => {
    const tree = parseConfigFile('/repo/template.yaml', 'A: !Ref X\nB: !GetAtt Layer.Outputs.Arn\nC: !Sub [x, {}]\n');
    const plain = (n: unknown): unknown => {
      const node = n as { kind: string; value?: unknown; items?: unknown[]; entries?: Map<string, { value: unknown }> };
      if (node.kind === 'scalar') return node.value;
      if (node.kind === 'seq') return node.items!.map(plain);
      return Object.fromEntries([...node.entries!].map(([k, e]) => [k, plain(e.value)]));
    };
    expect(plain(tree)).toEqual({ A: { Ref: 'X' }, B: { 'Fn::GetAtt': ['Layer', 'Outputs.Arn'] }, C: { 'Fn::Sub': ['x', {}] } });
  });

  it('resolves !Sub with a variable map, and a !Ref to an own layer without LayerName to its logical ID', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  DepsLayer:
    Type: AWS::Serverless::LayerVersion
    Properties:
      ContentUri: layer/
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Layers:
        - !Sub
          - arn:aws:lambda:\${AWS::Region}:\${Account}:layer:\${Name}:38
          - Account: "580247275435"
            Name: LambdaInsightsExtension
        - !Ref DepsLayer
        - Fn::Sub: arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:\${DdVersion}
`;
    expect(readText(text)[0]!.layers).toEqual([
      { text: 'arn:aws:lambda:${AWS::Region}:580247275435:layer:LambdaInsightsExtension:38', line: 13 },
      { text: 'own:DepsLayer', line: 17 },
      // A variable that is neither a parameter nor in the map stays a placeholder.
      { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:${DdVersion}', line: 18 },
    ]);
  });

  it('does not apply Globals to AWS::Lambda::Function, and skips functions whose Globals runtime is not Node.js', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Layers: [arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38]
    Environment: { Variables: { FROM_GLOBALS: "yes" } }
Resources:
  PyFn:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler }
  NodeFn:
    Type: AWS::Serverless::Function
    Properties: { Handler: app.handler, Runtime: nodejs22.x, CodeUri: fn }
  PlainFn:
    Type: AWS::Lambda::Function
    Properties: { Handler: index.handler, Runtime: nodejs22.x, Code: { S3Bucket: b, S3Key: k } }
`;
    const [node, plain, ...rest] = readText(text);
    expect(rest).toEqual([]);
    expect(node).toMatchObject({
      name: 'NodeFn',
      entryModules: ['/repo/fn/app'],
      layers: [{ text: 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38', line: 5 }],
      environment: { FROM_GLOBALS: 'yes' },
    });
    expect(plain).toMatchObject({ name: 'PlainFn', tool: 'sam', entryModules: [], layers: [], environment: {} });
  });

  it('takes CodeUri, Handler and Runtime from Globals when the function does not set them', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    CodeUri: backend/dist
    Handler: index.handler
    Runtime: nodejs20.x
Resources:
  ListFn:
    Type: AWS::Serverless::Function
  GetFn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: get.handler
`;
    expect(readText(text).map((d) => [d.name, d.line, d.entryModules])).toEqual([
      ['ListFn', 8, ['/repo/backend/dist/index']],
      ['GetFn', 10, ['/repo/backend/dist/get']],
    ]);
  });

  it('says cloudformation without the SAM transform, and ignores CodeUri on S3, InlineCode and entries outside the cwd', () => {
    const text = `Resources:
  S3Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: "s3://artifacts/fn.zip", Handler: index.handler, Runtime: nodejs20.x }
  InlineFn:
    Type: AWS::Serverless::Function
    Properties: { InlineCode: "exports.handler = async () => 1", Handler: index.handler, Runtime: nodejs20.x }
  OutsideFn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ../../elsewhere, Handler: index.handler, Runtime: nodejs20.x }
  MapCodeFn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: { Bucket: b, Key: k }, Handler: index.handler, Runtime: nodejs20.x }
`;
    const deployments = readText(text, 'infra/template.yaml');
    expect(deployments.map((d) => [d.name, d.tool, d.entryModules])).toEqual([
      ['S3Fn', 'cloudformation', []],
      ['InlineFn', 'cloudformation', []],
      ['OutsideFn', 'cloudformation', []],
      ['MapCodeFn', 'cloudformation', []],
    ]);
  });

  it('reads esbuild EntryPoints relative to CodeUri, without their extension, next to the handler module', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: services/orders, Handler: get.handler, Runtime: nodejs20.x }
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [src/handlers/get.ts, src/handlers/shared.mts]
`;
    expect(readText(text)[0]!.entryModules).toEqual(['/repo/services/orders/get', '/repo/services/orders/src/handlers/get', '/repo/services/orders/src/handlers/shared']);
  });

  it('expands YAML anchors and merge keys', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  A:
    Type: AWS::Serverless::Function
    Properties: &common
      Handler: a.handler
      Runtime: nodejs20.x
      Layers: &layers
        - arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38
  B:
    Type: AWS::Serverless::Function
    Properties:
      <<: *common
      Handler: b.handler
`;
    const [a, b] = readText(text);
    expect(a!.entryModules).toEqual(['/repo/a']);
    expect(b!.entryModules).toEqual(['/repo/b']);
    expect(b!.layers).toEqual(a!.layers);
  });

  it('makes Layers unknown when Globals or the function gives a list that cannot be read', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Parameters:
  Arns: { Type: CommaDelimitedList }
Globals:
  Function:
    Layers: !Ref Arns
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: nodejs20.x
      Layers: [arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38]
`;
    expect(readText(text)[0]!.layers).toBe('unknown');
  });
});

describe('handlerExport: the export the Handler names', () => {
  it('reads Handler (or Globals Handler) as the runtime does: the first component of the export path', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Handler: index.api
Resources:
  Main:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: src/app.main }
  Nested:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: dist/router.routes.orders }
  FromGlobals:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: . }
  Dollar:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: app.$handler }
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['Main', ['/repo/src/app'], 'main'],
      ['Nested', ['/repo/dist/router'], 'routes'],
      ['FromGlobals', ['/repo/index'], 'api'],
      ['Dollar', ['/repo/app'], '$handler'],
    ]);
  });

  it('is the Handler export for esbuild EntryPoints too (esbuild names the bundle after the entry point)', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: hello-world/, Handler: app.lambdaHandler, Runtime: nodejs20.x }
    Metadata:
      BuildMethod: esbuild
      BuildProperties:
        EntryPoints: [app.ts]
`;
    const [fn] = readText(text);
    expect(fn).toMatchObject({ entryModules: ['/repo/hello-world/app'], handlerExport: 'lambdaHandler' });
  });

  it('unwraps the Datadog and New Relic wrapper handlers through their environment variable (Globals or the function)', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: nodejs20.x
    Environment:
      Variables:
        NEW_RELIC_LAMBDA_HANDLER: src/billing.charge
Resources:
  Datadog:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: .
      Handler: /opt/nodejs/node_modules/datadog-lambda-js/handler.handler
      Environment:
        Variables:
          DD_LAMBDA_HANDLER: dist/orders.list
  NewRelic:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: newrelic-lambda-wrapper.handler }
  DatadogWithoutVariable:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Handler: /opt/nodejs/node_modules/datadog-lambda-js/handler.handler }
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['Datadog', ['/repo/dist/orders'], 'list'],
      ['NewRelic', ['/repo/src/billing'], 'charge'],
      // The wrapper itself is what runs: it lives in a layer, outside the project.
      ['DatadogWithoutVariable', [], 'handler'],
    ]);
  });

  it('is read from a CloudFormation AWS::Lambda::Function Handler, whatever its Code', () => {
    const text = `Resources:
  Local:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: build/worker.process, Code: ./ }
  Inline:
    Type: AWS::Lambda::Function
    Properties: { Runtime: nodejs20.x, Handler: index.ping, Code: { ZipFile: "exports.ping = async () => 1" } }
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['Local', ['/repo/build/worker'], 'process'],
      ['Inline', [], 'ping'],
    ]);
  });

  it('is null for an image, a Handler that is not static, and one the runtime rejects', () => {
    const text = `Transform: AWS::Serverless-2016-10-31
Parameters:
  HandlerName: { Type: String }
Resources:
  Image:
    Type: AWS::Serverless::Function
    Properties: { PackageType: Image, ImageUri: repo/image:1 }
  FromParameter:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Runtime: nodejs20.x, Handler: !Ref HandlerName }
  NoDot:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Runtime: nodejs20.x, Handler: index }
  TrailingDot:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Runtime: nodejs20.x, Handler: index.nested. }
  Relative:
    Type: AWS::Serverless::Function
    Properties: { CodeUri: ., Runtime: nodejs20.x, Handler: ../shared/app.handler }
`;
    expect(readText(text).map((d) => [d.name, d.handlerExport])).toEqual([
      ['Image', null],
      ['FromParameter', null],
      ['NoDot', null],
      ['TrailingDot', null],
      ['Relative', null],
    ]);
  });
});

describe('parseHandler: a handler string as the Lambda runtime reads it', () => {
  it.each([
    ['index.handler', 'index', 'handler', 'handler'],
    ['src/app.main', 'src/app', 'main', 'main'],
    ['index.nested.handler', 'index', 'nested.handler', 'nested'],
    ['./dist/handlers/get-order.handler', 'dist/handlers/get-order', 'handler', 'handler'],
    ['handlers/v1.2/app.main', 'handlers/v1.2/app', 'main', 'main'],
    ['/var/task/index.handler', '/var/task/index', 'handler', 'handler'],
    ['app.default', 'app', 'default', 'default'],
  ])('%s → module %s, export path %s, export %s', (handler, module, exportPath, exportName) => {
    expect(parseHandler(handler)).toEqual({ module, exportPath, exportName });
  });
  it.each(['index', '.handler', 'index.', 'index.nested.', 'index.a..b', '../shared/app.handler', 'src/../app.handler', ''])(
    '%j is not a handler the runtime loads',
    (handler) => {
      expect(parseHandler(handler)).toBeNull();
    },
  );
});

describe('handlerModule', () => {
  it.each([
    ['index.handler', 'index'],
    ['app.lambdaHandler', 'app'],
    ['dist/handlers/get-order.handler', 'dist/handlers/get-order'],
    ['src/index.nested.handler', 'src/index'],
    ['handlers/v1.2/app.main', 'handlers/v1.2/app'],
  ])('%s → %s', (handler, module) => {
    expect(handlerModule(handler)).toBe(module);
  });
  it.each(['index', '.handler', 'index.', '../shared/app.handler'])('%s is not a handler the runtime loads', (handler) => {
    expect(handlerModule(handler)).toBeNull();
  });
});
