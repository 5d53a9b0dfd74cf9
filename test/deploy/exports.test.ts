/**
 * `deployedExportNames(file, cwd)`: the export names the deployments of a source file call, whatever tool declares
 * them, deduplicated, without the ones that cannot be read, from the resolver's cached lookup. Projects are written
 * to a temporary directory.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { samReader } from '../../core/deploy/sam.js';
import { clearDeploymentCache, deployedExportNames, deploymentsFor } from '../../core/deploy/resolve.js';

const TMP = mkdtempSync(path.join(os.tmpdir(), 'lambda-shutdown-exports-'));
let counter = 0;
/** A fresh project directory with the given files (path → text). */
function project(files: Record<string, string>): string {
  const dir = path.join(TMP, `p${++counter}`);
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

const APP = 'export const main = async () => {};\nexport const api = async () => {};\n';

const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Parameters:
  EntryHandler: { Type: String }
Globals:
  Function: { Runtime: nodejs20.x, CodeUri: . }
Resources:
  MainFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: src/app.main }
  ApiFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: src/app.api }
  MainAgainFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: src/app.main }
  BundledFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: !Ref EntryHandler }
    Metadata:
      BuildMethod: esbuild
      BuildProperties: { EntryPoints: [src/app.ts] }
  OtherFunction:
    Type: AWS::Serverless::Function
    Properties: { Handler: src/other.handler }
`;

const SERVERLESS = `service: app
provider: { name: aws, runtime: nodejs20.x }
functions:
  worker: { handler: src/app.worker }
`;

const TERRAFORM = `data "archive_file" "app" {
  type        = "zip"
  source_dir  = "\${path.module}/.."
  output_path = "\${path.module}/build/app.zip"
}
resource "aws_lambda_function" "cron" {
  function_name = "cron"
  handler       = "src/app.cron"
  runtime       = "nodejs20.x"
  filename      = data.archive_file.app.output_path
}
`;

const DOCKERFILE = `FROM public.ecr.aws/lambda/nodejs:20
COPY . \${LAMBDA_TASK_ROOT}/
CMD ["src/app.container"]
`;

const STACK = `import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
export class AppStack extends Stack {
  constructor(scope, id) {
    super(scope, id);
    new NodejsFunction(this, 'FromCdk', { entry: path.join(__dirname, '../src/app.ts'), handler: 'fromCdk' });
  }
}
`;

beforeEach(() => clearDeploymentCache());
afterEach(() => vi.restoreAllMocks());
afterAll(() => {
  clearDeploymentCache();
  rmSync(TMP, { recursive: true, force: true });
});

describe('deployedExportNames', () => {
  it('gives the export names of every deployment of the file, from every tool, once each, without the unreadable ones', () => {
    const dir = project({
      'src/app.ts': APP,
      'src/other.ts': 'export const handler = async () => {};\n',
      'template.yaml': TEMPLATE,
      'serverless.yml': SERVERLESS,
      'infra/main.tf': TERRAFORM,
      Dockerfile: DOCKERFILE,
      'lib/app-stack.ts': STACK,
    });
    const { names, deployments } = deployedExportNames(path.join(dir, 'src/app.ts'), dir);
    // Directory listings come in file-system order: compare as sets.
    expect([...names].sort()).toEqual(['api', 'container', 'cron', 'fromCdk', 'main', 'worker']);
    expect(new Set(names).size).toBe(names.length);
    expect(deployments.map((d) => d.name).sort()).toEqual(
      ['ApiFunction', 'BundledFunction', 'FromCdk', 'MainAgainFunction', 'MainFunction', 'cron', 'src/app.container', 'worker'].sort(),
    );
    // The esbuild function deploys the file, but its Handler (!Ref without a Default) names no export.
    expect(deployments.find((d) => d.name === 'BundledFunction')?.handlerExport).toBeNull();
    expect(deployedExportNames(path.join(dir, 'src/other.ts'), dir).names).toEqual(['handler']);
  });

  it('is empty for a file no deployment names, or whose deployments name no readable export', () => {
    const dir = project({
      'src/app.ts': APP,
      'src/unused.ts': APP,
      'template.yaml': 'Transform: AWS::Serverless-2016-10-31\nParameters:\n  H: { Type: String }\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: { Runtime: nodejs20.x, CodeUri: src, Handler: !Ref H }\n    Metadata: { BuildMethod: esbuild, BuildProperties: { EntryPoints: [app.ts] } }\n',
    });
    expect(deployedExportNames(path.join(dir, 'src/unused.ts'), dir)).toEqual({ names: [], deployments: [] });
    const unreadable = deployedExportNames(path.join(dir, 'src/app.ts'), dir);
    expect(unreadable.names).toEqual([]);
    expect(unreadable.deployments.map((d) => d.name)).toEqual(['Fn']);
  });

  it('reads each config file once: deploymentsFor and deployedExportNames share the cache', () => {
    const dir = project({ 'src/app.ts': APP, 'template.yaml': TEMPLATE });
    const read = vi.spyOn(samReader, 'read');
    deploymentsFor(path.join(dir, 'src/app.ts'), dir);
    expect(deployedExportNames(path.join(dir, 'src/app.ts'), dir).names.sort()).toEqual(['api', 'main']);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('reads nothing outside the cwd', () => {
    const dir = project({ 'src/app.ts': APP, 'template.yaml': TEMPLATE });
    expect(deployedExportNames(path.join(dir, 'src/app.ts'), path.join(dir, 'src'))).toEqual({ names: [], deployments: [] });
  });
});
