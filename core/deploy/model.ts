/**
 * What deployment configuration says about a Lambda function, whatever tool declared it (SAM/CloudFormation,
 * Serverless Framework, CDK, Terraform, a container image). Each reader turns one config file into
 * `FunctionDeployment`s; the resolver (core/deploy/resolve.ts) finds the ones that deploy a given source file.
 */

/** One entry of a function's layer list, as written. */
export interface LayerRef {
  /**
   * The layer's ARN or name with intrinsic functions resolved as far as static text allows
   * (`!Sub 'arn:aws:lambda:${AWS::Region}:580247275435:layer:LambdaInsightsExtension:38'` keeps its `${…}`
   * placeholders), or null when the value cannot be read statically (`!Ref SomeParameter`, a variable).
   */
  readonly text: string | null;
  /** 1-based line in the config file. */
  readonly line: number;
}

/** An environment variable a deployment sets: the value when static, null when it is an expression. */
export type EnvironmentValue = string | null;

export type DeploymentTool = 'sam' | 'cloudformation' | 'serverless' | 'cdk' | 'terraform' | 'container';

export interface FunctionDeployment {
  readonly tool: DeploymentTool;
  /** The function's name in the config: logical ID, `functions.<name>` key, construct ID, resource name. */
  readonly name: string;
  /** Absolute path of the config file that declares it. */
  readonly configFile: string;
  /** 1-based line where the function is declared in that file. */
  readonly line: number;
  /**
   * Absolute paths of the source files the function's handler can be, without extension
   * (`/repo/src/handlers/get-order`): the resolver tries `.js .mjs .cjs .ts .mts .cts .jsx .tsx` and `/index.*`.
   * A handler string `dist/app.handler` with `CodeUri: .` gives `<dir>/dist/app`; TypeScript entry points
   * (SAM esbuild `EntryPoints`, CDK `entry`) give the source path. A reader that cannot tell where a package comes
   * from may list candidates (Terraform's `filename = "build/x.zip"` built by a script): the resolver only ever
   * matches files that exist, so a candidate that names no file costs nothing.
   */
  readonly entryModules: readonly string[];
  /**
   * The export Lambda calls in the entry module: the first component of the export path of the handler string as
   * the runtime reads it (`src/app.main` → `main`; `index.nested.handler` → `nested`, whose `handler` property is
   * called), after unwrapping a vendor wrapper handler (Datadog's, New Relic's: the handler named by their
   * environment variable). A CDK `NodejsFunction` names the export alone (`handler: 'main'`, default `handler`).
   * Null when it cannot be read statically (a variable, a container image with no CMD this reader follows).
   */
  readonly handlerExport: string | null;
  /** The layers, or 'unknown' when the list itself cannot be read (a variable, an unresolved `${…}`). */
  readonly layers: readonly LayerRef[] | 'unknown';
  /** Environment variables set on the function (Globals merged in for SAM, provider merged in for Serverless). */
  readonly environment: Readonly<Record<string, EnvironmentValue>>;
  /**
   * Extensions the config adds without a layer list: CDK `insightsVersion`, `adotInstrumentation`,
   * `paramsAndSecrets`, Datadog's construct, a container image that copies into /opt/extensions. Each is a short
   * human-readable reason ("insightsVersion adds the Lambda Insights extension").
   */
  readonly implicitExtensions: readonly string[];
  /** Set when the config cannot say for sure (an unresolvable `${…}` variable): the answer is unknown, not "none". */
  readonly unknownReason?: string;
}

/** A config file that could not be read: a warning once, and its functions' answer is unknown. */
export class DeploymentParseError extends Error {
  override name = 'DeploymentParseError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

export interface ReaderContext {
  /** The ESLint working directory: paths that resolve outside it are ignored. */
  readonly cwd: string;
}

export interface DeploymentReader {
  readonly tool: DeploymentTool | 'sam-or-cloudformation';
  /** Does this reader handle a file of this base name (`template.yaml`, `serverless.yml`, `main.tf`, …)? */
  matches(baseName: string): boolean;
  /**
   * Reads one config file. Throws `DeploymentParseError` for a malformed file; returns [] for a file of the right
   * name that declares no functions. Pure: no file system access beyond what `text` holds, except where a reader
   * documents it (CDK's default entry beside the stack file is a path computation, not a read).
   */
  read(file: string, text: string, context: ReaderContext): FunctionDeployment[];
}
