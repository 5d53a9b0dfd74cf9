/**
 * The Terraform reader: fixtures shaped like real repositories (aws-samples archive_file layouts, HashiCorp's S3
 * upload tutorial, terraform-aws-modules/lambda calls, JSON syntax) and edge cases inline.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DeploymentParseError, type FunctionDeployment } from '../../core/deploy/model.js';
import { withSourceAlternative } from '../../core/deploy/paths.js';
import { terraformReader } from '../../core/deploy/terraform.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/deploy/terraform/', import.meta.url));
const cwd = FIXTURES;

function readFixture(rel: string): FunctionDeployment[] {
  const file = path.join(FIXTURES, rel);
  return terraformReader.read(file, readFileSync(file, 'utf8'), { cwd });
}
/** Reads inline HCL as if it were /repo/infra/<name>. */
function readText(text: string, name = 'main.tf', repo = '/repo'): FunctionDeployment[] {
  return terraformReader.read(path.join(repo, 'infra', name), text, { cwd: repo });
}
function byName(deployments: FunctionDeployment[], name: string): FunctionDeployment {
  const found = deployments.find((deployment) => deployment.name === name);
  if (!found) throw new Error(`no deployment ${name} in ${deployments.map((d) => d.name).join(', ')}`);
  return found;
}
function parseError(read: () => unknown): DeploymentParseError {
  try {
    read();
  } catch (error) {
    if (error instanceof DeploymentParseError) return error;
    throw error;
  }
  throw new Error('expected a DeploymentParseError');
}

const INSIGHTS = 'arn:aws:lambda:us-east-1:580247275435:layer:LambdaInsightsExtension:38';
const POWERTOOLS = 'arn:aws:lambda:${var.region}:094274105915:layer:AWSLambdaPowertoolsTypeScriptV2:20';
const ADOT = 'arn:aws:lambda:us-east-1:901920570463:layer:aws-otel-nodejs-amd64-ver-1-30-1:1';

describe('terraformReader.matches', () => {
  it.each(['main.tf', 'lambda.tf', 'functions.tf', 'main.tf.json', 'cdk.tf.json'])('matches %s', (name) => {
    expect(terraformReader.matches(name)).toBe(true);
  });
  it.each(['terraform.tfvars', 'prod.tfvars.json', '.terraform.lock.hcl', 'main.tf.bak', 'terraform.tfstate', 'template.yaml', 'Dockerfile'])(
    'does not match %s',
    (name) => {
      expect(terraformReader.matches(name)).toBe(false);
    },
  );
  it('is the terraform reader', () => {
    expect(terraformReader.tool).toBe('terraform');
  });
});

describe('aws_lambda_function with archive_file packages (orders-archive/infra/main.tf)', () => {
  const deployments = readFixture('orders-archive/infra/main.tf');
  const file = path.join(FIXTURES, 'orders-archive/infra/main.tf');
  const root = path.join(FIXTURES, 'orders-archive');

  it('returns the Node.js functions in file order, skipping the Python and the container image functions', () => {
    expect(deployments.map((d) => d.name)).toEqual(['get_order', 'notify', 'report']);
    expect(deployments.every((d) => d.tool === 'terraform' && d.configFile === file)).toBe(true);
  });

  it('maps filename = data.archive_file.x.output_path to source_dir/<handler module> and reads every kind of layer', () => {
    expect(byName(deployments, 'get_order')).toEqual({
      tool: 'terraform',
      name: 'get_order',
      configFile: file,
      line: 100,
      entryModules: [path.join(root, 'src/get-order/index')],
      handlerExport: 'handler',
      layers: [
        { text: INSIGHTS, line: 111 },
        // ${var.region} is kept as text: the layer name is still readable.
        { text: POWERTOOLS, line: 112 },
        // An own layer: its layer_name "${local.service}-shared-deps" with the static local substituted.
        { text: 'own:orders-shared-deps', line: 113 },
        // var.extra_layers[0] cannot be read statically.
        { text: null, line: 114 },
      ],
      environment: {
        LOG_LEVEL: 'INFO',
        MAX_RETRIES: '3',
        POWERTOOLS_SERVICE_NAME: 'orders',
        STAGE: null,
        TABLE_NAME: null,
      },
      implicitExtensions: [],
    });
  });

  it('matches a filename string to the archive with that output_path, and a source_file named like the handler', () => {
    expect(byName(deployments, 'notify')).toEqual({
      tool: 'terraform',
      name: 'notify',
      configFile: file,
      line: 132,
      entryModules: [path.join(root, 'src/notify/index')],
      handlerExport: 'handler',
      layers: [{ text: ADOT, line: 140 }],
      environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler' },
      implicitExtensions: [],
    });
  });

  it('gives the TypeScript source beside a dist/ handler, and layers = var.x as unknown with a reason', () => {
    expect(byName(deployments, 'report')).toEqual({
      tool: 'terraform',
      name: 'report',
      configFile: file,
      line: 149,
      entryModules: [path.join(root, 'dist/handlers/report'), path.join(root, 'src/handlers/report')],
      handlerExport: 'handler',
      layers: 'unknown',
      environment: {},
      implicitExtensions: [],
      unknownReason: 'layers is the expression `var.report_layers`, not a list',
    });
  });
});

describe('S3-uploaded packages, locals and wrapper handlers (s3-hello/lambda.tf)', () => {
  const deployments = readFixture('s3-hello/lambda.tf');
  const file = path.join(FIXTURES, 's3-hello/lambda.tf');
  const root = path.join(FIXTURES, 's3-hello');

  it('follows s3_key → aws_s3_object.source → archive_file, in file order', () => {
    expect(deployments.map((d) => d.name)).toEqual(['hello_world', 'checkout', 'invoice']);
    expect(byName(deployments, 'hello_world')).toEqual({
      tool: 'terraform',
      name: 'hello_world',
      configFile: file,
      line: 40,
      entryModules: [path.join(root, 'hello-world/hello')],
      handlerExport: 'handler',
      layers: [],
      environment: {},
      implicitExtensions: [],
    });
  });

  it('reads layers = local.x from the locals block (with its lines) and unwraps the Datadog handler', () => {
    expect(byName(deployments, 'checkout')).toEqual({
      tool: 'terraform',
      name: 'checkout',
      configFile: file,
      line: 60,
      // handler = the datadog-lambda-js wrapper; DD_LAMBDA_HANDLER names the real one.
      entryModules: [path.join(root, 'checkout/checkout')],
      handlerExport: 'handler',
      layers: [
        { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Node20-x:115', line: 31 },
        { text: 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:65', line: 32 },
      ],
      environment: { DD_API_KEY_SECRET_ARN: null, DD_LAMBDA_HANDLER: 'checkout.handler', DD_SITE: 'datadoghq.com' },
      implicitExtensions: [],
    });
  });

  it('names a layer looked up with data.aws_lambda_layer_version as the project’s own', () => {
    expect(byName(deployments, 'invoice')).toMatchObject({
      line: 78,
      entryModules: [path.join(root, 'checkout/invoice')],
      handlerExport: 'handler',
      layers: [{ text: 'own:checkout-node-modules', line: 84 }],
    });
  });
});

describe('terraform-aws-modules/lambda module calls (lambda-modules/terraform/main.tf)', () => {
  const deployments = readFixture('lambda-modules/terraform/main.tf');
  const file = path.join(FIXTURES, 'lambda-modules/terraform/main.tf');
  const root = path.join(FIXTURES, 'lambda-modules');

  it('reads registry, registry.terraform.io and git sources; skips layer-only, disabled, Python, Image and other modules', () => {
    expect(deployments.map((d) => d.name)).toEqual(['lambda_function', 'orders_api', 'webhook']);
  });

  it('maps source_path to <dir>/<module>, a module layer output to its layer_name, and environment_variables', () => {
    expect(byName(deployments, 'lambda_function')).toEqual({
      tool: 'terraform',
      name: 'lambda_function',
      configFile: file,
      line: 24,
      entryModules: [path.join(root, 'fixtures/nodejs-app/index')],
      handlerExport: 'lambdaHandler',
      layers: [
        { text: 'own:shared-node-modules', line: 37 },
        { text: ADOT, line: 38 },
      ],
      environment: { AWS_LAMBDA_EXEC_WRAPPER: '/opt/otel-handler', OTEL_SERVICE_NAME: null, Serverless: 'Terraform' },
      implicitExtensions: [],
    });
  });

  it('follows `cd dist` + `:zip` in a source_path list and skips entries whose prefix_in_zip does not hold the handler', () => {
    expect(byName(deployments, 'orders_api')).toEqual({
      tool: 'terraform',
      name: 'orders_api',
      configFile: file,
      line: 68,
      entryModules: [path.join(root, 'services/orders/dist/handlers/api'), path.join(root, 'services/orders/src/handlers/api')],
      handlerExport: 'handler',
      layers: 'unknown',
      // merge(local.common_env, {…}) is not a literal map.
      environment: {},
      implicitExtensions: [],
      unknownReason: 'layers is the expression `var.layers`, not a list',
    });
  });

  it('takes a single-file source_path whose base name is the handler module, relative to the .tf directory', () => {
    expect(byName(deployments, 'webhook')).toEqual({
      tool: 'terraform',
      name: 'webhook',
      configFile: file,
      line: 91,
      entryModules: [path.join(root, 'src/webhook')],
      handlerExport: 'handler',
      layers: [{ text: 'arn:aws:lambda:${data.aws_region.current.name}:580247275435:layer:LambdaInsightsExtension:38', line: 100 }],
      environment: {},
      implicitExtensions: [],
    });
  });
});

describe('JSON syntax (json-syntax/lambda.tf.json)', () => {
  it('reads the same shapes from a .tf.json file, with lines', () => {
    const file = path.join(FIXTURES, 'json-syntax/lambda.tf.json');
    expect(readFixture('json-syntax/lambda.tf.json')).toEqual([
      {
        tool: 'terraform',
        name: 'api',
        configFile: file,
        line: 13,
        entryModules: [path.join(FIXTURES, 'json-syntax/src/api')],
        handlerExport: 'handler',
        layers: [{ text: INSIGHTS, line: 20 }],
        environment: { STAGE: 'prod', TABLE: null },
        implicitExtensions: [],
      },
    ]);
  });

  it('throws DeploymentParseError for invalid JSON', () => {
    const error = parseError(() => readText('{ "resource": ', 'main.tf.json'));
    expect(error.file).toBe('/repo/infra/main.tf.json');
  });
});

describe('malformed and empty files', () => {
  it('throws DeploymentParseError with the parser’s line and message for an unclosed block', () => {
    const file = path.join(FIXTURES, 'broken/main.tf');
    const error = parseError(() => readFixture('broken/main.tf'));
    expect(error.name).toBe('DeploymentParseError');
    expect(error.file).toBe(file);
    expect(error.message).toBe(
      `${file}: line 1, column 38: Unclosed configuration block; There is no closing brace for this block before the end of the file. This may be caused by incorrect brace nesting elsewhere in this file.`,
    );
  });

  it('throws for an attribute without a value, and keeps working for the next file', () => {
    const error = parseError(() => readText('resource "aws_lambda_function" "x" {\n  handler =\n}\n'));
    expect(error.message).toMatch(/^\/repo\/infra\/main\.tf: line 2, column \d+: Invalid expression/);
    expect(readText('resource "aws_lambda_function" "x" {\n  handler = "a.b"\n  runtime = "nodejs20.x"\n}\n')).toHaveLength(1);
  });

  it('returns [] for a file without functions', () => {
    expect(readFixture('no-functions/main.tf')).toEqual([]);
    expect(readText('')).toEqual([]);
  });
});

describe('values and paths', () => {
  it('resolves path.module, abspath(path.module), static locals and keeps only entries inside cwd', () => {
    const text = `
locals {
  src = "../src"
}
data "archive_file" "a" {
  type        = "zip"
  source_dir  = "\${abspath(path.module)}/\${local.src}/a"
  output_path = "build/a.zip"
}
data "archive_file" "outside" {
  type        = "zip"
  source_dir  = "\${path.module}/../../shared/b"
  output_path = "build/b.zip"
}
resource "aws_lambda_function" "a" {
  handler  = "handlers/a.handler"
  runtime  = "nodejs20.x"
  filename = "build/a.zip"
}
resource "aws_lambda_function" "outside" {
  handler  = "index.handler"
  runtime  = "nodejs20.x"
  filename = data.archive_file.outside.output_path
}
`;
    const [a, outside] = readText(text);
    expect(a?.entryModules).toEqual(['/repo/src/a/handlers/a']);
    expect(a?.line).toBe(15);
    // /shared/b is outside the ESLint working directory /repo.
    expect(outside?.entryModules).toEqual([]);
  });

  it('reads layer lists: null, [], a concat() call, a static local, escaped $${ and numbers', () => {
    const text = `
locals {
  insights = "${INSIGHTS}"
}
resource "aws_lambda_function" "none" {
  handler = "index.handler"
  layers  = null
}
resource "aws_lambda_function" "empty" {
  handler = "index.handler"
  layers  = []
}
resource "aws_lambda_function" "concat" {
  handler = "index.handler"
  layers  = concat(["${ADOT}"], var.more)
}
resource "aws_lambda_function" "local" {
  handler = "index.handler"
  layers  = [local.insights, "literal-$\${not-a-variable}"]
  environment {
    variables = {
      NODE_OPTIONS = "--require ./otel.js"
      ESCAPED      = "$\${HOME}"
      FLAG         = true
      LIST         = ["a"]
    }
  }
}
`;
    const deployments = readText(text);
    expect(byName(deployments, 'none').layers).toEqual([]);
    expect(byName(deployments, 'empty').layers).toEqual([]);
    expect(byName(deployments, 'concat')).toMatchObject({
      layers: 'unknown',
      unknownReason: `layers is the expression \`concat(["${ADOT}"], var.more)\`, not a list`,
    });
    const local = byName(deployments, 'local');
    expect(local.layers).toEqual([
      { text: INSIGHTS, line: 19 },
      { text: 'literal-${not-a-variable}', line: 19 },
    ]);
    expect(local.environment).toEqual({ ESCAPED: '${HOME}', FLAG: 'true', LIST: null, NODE_OPTIONS: '--require ./otel.js' });
    // No package to trace: the candidates for an untraced package (see 'packages built outside Terraform').
    expect(local.entryModules).toContain('/repo/index');
  });

  it('reads a source_path list of strings and objects, with prefix_in_zip and :zip <src> <dst>', () => {
    const text = `
module "fn" {
  source      = "terraform-aws-modules/lambda/aws"
  handler     = "app/main.handler"
  runtime     = "nodejs20.x"
  source_path = [
    "\${path.module}/../lib",
    { path = "\${path.module}/../service", prefix_in_zip = "app" },
    { path = "\${path.module}/../other", commands = ["npm run bundle", ":zip out/bundle app"] },
  ]
}
`;
    expect(readText(text)).toEqual([
      {
        tool: 'terraform',
        name: 'fn',
        configFile: '/repo/infra/main.tf',
        line: 2,
        entryModules: ['/repo/lib/app/main', '/repo/service/main', '/repo/other/out/bundle/main'],
        handlerExport: 'handler',
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });

  it('handles an unresolvable handler, package_type = "Image", runtime expressions and non-Lambda modules', () => {
    const text = `
resource "aws_lambda_function" "dynamic" {
  handler  = var.handler
  runtime  = local.runtime
  filename = "build/x.zip"
}
resource "aws_lambda_function" "image" {
  package_type = "Image"
  image_uri    = "x"
}
module "bucket" {
  source = "terraform-aws-modules/s3-bucket/aws"
}
`;
    expect(readText(text)).toEqual([
      {
        tool: 'terraform',
        name: 'dynamic',
        configFile: '/repo/infra/main.tf',
        line: 2,
        entryModules: [],
        handlerExport: null,
        layers: [],
        environment: {},
        implicitExtensions: [],
      },
    ]);
  });
});

describe('the HCL parser', () => {
  it('is a current HCL 2 (provider-defined functions, heredocs, for expressions) and leaks no globals', () => {
    const text = `
resource "aws_lambda_function" "modern" {
  handler     = "index.handler"
  runtime     = "nodejs20.x"
  description = provider::aws::arn_parse(var.arn).account_id
  tags        = { for k, v in var.tags : k => upper(v) }
  layers = [
    <<-EOT
    ${INSIGHTS}
    EOT
  ]
}
`;
    const [modern] = readText(text);
    expect(modern?.name).toBe('modern');
    // A heredoc keeps its trailing newline: the text is as written.
    expect(modern?.layers).toEqual([{ text: `${INSIGHTS}\n`, line: 9 }]);
    expect((globalThis as Record<string, unknown>).Go).toBeUndefined();
    expect((globalThis as Record<string, unknown>).__parse_terraform_config_wasm__).toBeUndefined();
  });

  it('reads a 300-line file with many functions, each at its own line, and gives the same answer twice', () => {
    const blocks: string[] = [];
    for (let index = 1; index <= 17; index++) {
      blocks.push(`data "archive_file" "fn${index}" {
  type        = "zip"
  source_dir  = "\${path.module}/../src/fn${index}"
  output_path = "\${path.module}/build/fn${index}.zip"
}

resource "aws_lambda_function" "fn${index}" {
  function_name    = "fn${index}-\${var.stage}"
  role             = aws_iam_role.lambda.arn
  handler          = "index.handler"
  runtime          = "nodejs20.x"
  filename         = data.archive_file.fn${index}.output_path
  source_code_hash = data.archive_file.fn${index}.output_base64sha256
  layers = [
    "arn:aws:lambda:\${var.region}:580247275435:layer:LambdaInsightsExtension:38",
  ]
}
`);
    }
    const text = blocks.join('\n');
    expect(text.split('\n').length).toBeGreaterThanOrEqual(300);
    const first = readText(text);
    expect(first).toHaveLength(17);
    expect(first.map((d) => d.line)).toEqual(Array.from({ length: 17 }, (_, i) => 7 + i * 18));
    expect(first[16]).toEqual({
      tool: 'terraform',
      name: 'fn17',
      configFile: '/repo/infra/main.tf',
      line: 7 + 16 * 18,
      entryModules: ['/repo/src/fn17/index'],
      handlerExport: 'handler',
      layers: [{ text: 'arn:aws:lambda:${var.region}:580247275435:layer:LambdaInsightsExtension:38', line: 7 + 16 * 18 + 8 }],
      environment: {},
      implicitExtensions: [],
    });
    expect(readText(text)).toEqual(first);
  });
});

describe('handlerExport: the export the handler names', () => {
  it('reads the export of aws_lambda_function and module handlers as the runtime does, and unwraps wrapper handlers', () => {
    const text = `
data "archive_file" "app" {
  type        = "zip"
  source_dir  = "\${path.module}/../app"
  output_path = "build/app.zip"
}
resource "aws_lambda_function" "run" {
  handler  = "dist/ingest.run"
  runtime  = "nodejs20.x"
  filename = data.archive_file.app.output_path
}
resource "aws_lambda_function" "nested" {
  handler  = "index.routes.get"
  runtime  = "nodejs20.x"
  filename = data.archive_file.app.output_path
}
resource "aws_lambda_function" "datadog" {
  handler  = "/opt/nodejs/node_modules/datadog-lambda-js/handler.handler"
  runtime  = "nodejs20.x"
  filename = data.archive_file.app.output_path
  environment {
    variables = {
      DD_LAMBDA_HANDLER = "orders.list"
    }
  }
}
resource "aws_lambda_function" "new_relic" {
  handler  = "newrelic-lambda-wrapper.handler"
  runtime  = "nodejs20.x"
  filename = data.archive_file.app.output_path
  environment {
    variables = {
      NEW_RELIC_LAMBDA_HANDLER = "billing.charge"
    }
  }
}
module "api" {
  source      = "terraform-aws-modules/lambda/aws"
  handler     = "src/api.main"
  runtime     = "nodejs20.x"
  source_path = "\${path.module}/../service"
}
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['run', ['/repo/app/dist/ingest', '/repo/app/src/ingest'], 'run'],
      ['nested', ['/repo/app/index'], 'routes'],
      ['datadog', ['/repo/app/orders'], 'list'],
      ['new_relic', ['/repo/app/billing'], 'charge'],
      ['api', ['/repo/service/src/api'], 'main'],
    ]);
  });

  it('is null when the handler is an expression or malformed', () => {
    const text = `
resource "aws_lambda_function" "variable" {
  handler = var.handler
  runtime = "nodejs20.x"
}
resource "aws_lambda_function" "no_dot" {
  handler = "index"
  runtime = "nodejs20.x"
}
`;
    expect(readText(text).map((d) => [d.name, d.entryModules, d.handlerExport])).toEqual([
      ['variable', [], null],
      ['no_dot', [], null],
    ]);
  });
});

describe('packages built outside Terraform: candidate entry modules', () => {
  it('resolves the handler against the .tf directory and each parent up to the cwd, directly and under dist/, build/, .build/', () => {
    const text = `
resource "aws_lambda_function" "ingest" {
  function_name = "ingest"
  handler       = "src/ingest.handler"
  runtime       = "nodejs20.x"
  filename      = "build/ingest.zip"
}
`;
    const [ingest] = readText(text);
    expect(ingest!.entryModules).toEqual([
      // beside the .tf file
      '/repo/infra/src/ingest',
      '/repo/infra/dist/src/ingest',
      '/repo/infra/src/src/ingest',
      '/repo/infra/build/src/ingest',
      '/repo/infra/.build/src/ingest',
      // the project root (the cwd): src/ingest.ts is here
      '/repo/src/ingest',
      '/repo/dist/src/ingest',
      '/repo/src/src/ingest',
      '/repo/build/src/ingest',
      '/repo/.build/src/ingest',
    ]);
    expect(ingest).toMatchObject({ handlerExport: 'handler', layers: [], implicitExtensions: [] });
    expect(ingest!.unknownReason).toBeUndefined();
  });

  it('maps a handler in dist/ or a zip of dist/ back to src/', () => {
    const text = `
resource "aws_lambda_function" "compiled" {
  handler  = "dist/jobs/export.handler"
  runtime  = "nodejs20.x"
  filename = "\${path.module}/../artifacts/export.zip"
}
resource "aws_lambda_function" "zip_of_dist" {
  handler  = "export.handler"
  runtime  = "nodejs20.x"
  filename = var.package
}
`;
    const [compiled, zipOfDist] = readText(text);
    expect(compiled!.entryModules).toEqual(expect.arrayContaining(['/repo/dist/jobs/export', '/repo/src/jobs/export']));
    expect(zipOfDist!.entryModules).toEqual(expect.arrayContaining(['/repo/export', '/repo/dist/export', '/repo/src/export', '/repo/build/export']));
  });

  it('maps the last dist/, build/ or .build/ folder of a path to src/ (withSourceAlternative)', () => {
    expect(withSourceAlternative('/repo/build/ingest', '/repo')).toEqual(['/repo/build/ingest', '/repo/src/ingest']);
    expect(withSourceAlternative('/repo/svc/.build/jobs/a', '/repo')).toEqual(['/repo/svc/.build/jobs/a', '/repo/svc/src/jobs/a']);
    expect(withSourceAlternative('/repo/dist/build/a', '/repo')).toEqual(['/repo/dist/build/a', '/repo/dist/src/a']);
    // a module named like the folder is not a folder; paths outside the cwd are left alone
    expect(withSourceAlternative('/repo/dist', '/repo')).toEqual(['/repo/dist']);
    expect(withSourceAlternative('/elsewhere/dist/a', '/repo')).toEqual(['/elsewhere/dist/a']);
  });

  it('stops at the cwd', () => {
    const text = `
resource "aws_lambda_function" "fn" {
  handler  = "index.handler"
  runtime  = "nodejs20.x"
  filename = "fn.zip"
}
`;
    const [fn] = terraformReader.read('/repo/infra/main.tf', text, { cwd: '/repo/infra' });
    expect(fn!.entryModules).toEqual(['/repo/infra/index', '/repo/infra/dist/index', '/repo/infra/src/index', '/repo/infra/build/index', '/repo/infra/.build/index']);
  });

  it('lists candidates for an S3 package, an archive_file whose source is an expression, and a module without source_path', () => {
    const text = `
data "archive_file" "dynamic" {
  type        = "zip"
  source_dir  = var.source_dir
  output_path = "build/dynamic.zip"
}
resource "aws_lambda_function" "s3" {
  handler   = "s3.handler"
  runtime   = "nodejs20.x"
  s3_bucket = "artifacts"
  s3_key    = "fn/s3.zip"
}
resource "aws_lambda_function" "dynamic" {
  handler  = "dynamic.handler"
  runtime  = "nodejs20.x"
  filename = data.archive_file.dynamic.output_path
}
module "prebuilt" {
  source                 = "terraform-aws-modules/lambda/aws"
  handler                = "prebuilt.main"
  runtime                = "nodejs20.x"
  create_package         = false
  local_existing_package = "../build/prebuilt.zip"
}
module "computed_source" {
  source      = "terraform-aws-modules/lambda/aws"
  handler     = "computed.handler"
  runtime     = "nodejs20.x"
  source_path = var.source_path
}
`;
    const deployments = readText(text);
    expect(byName(deployments, 's3').entryModules).toContain('/repo/src/s3');
    expect(byName(deployments, 'dynamic').entryModules).toContain('/repo/src/dynamic');
    expect(byName(deployments, 'prebuilt')).toMatchObject({ handlerExport: 'main' });
    expect(byName(deployments, 'prebuilt').entryModules).toContain('/repo/src/prebuilt');
    expect(byName(deployments, 'computed_source').entryModules).toContain('/repo/src/computed');
  });

  it('lists no candidates when the package is traced, even when the handler is not in it', () => {
    const text = `
data "archive_file" "single" {
  type        = "zip"
  source_file = "\${path.module}/../src/other.js"
  output_path = "build/single.zip"
}
resource "aws_lambda_function" "traced" {
  handler  = "index.handler"
  runtime  = "nodejs20.x"
  filename = data.archive_file.single.output_path
}
module "traced_module" {
  source      = "terraform-aws-modules/lambda/aws"
  handler     = "index.handler"
  runtime     = "nodejs20.x"
  source_path = "\${path.module}/../src/other.js"
}
`;
    expect(readText(text).map((d) => [d.name, d.entryModules])).toEqual([
      ['traced', []],
      ['traced_module', []],
    ]);
  });
});
