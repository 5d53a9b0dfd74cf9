/**
 * RuleTester suite for `require-extension` (and the messages of other rules that read the same evidence): every
 * case lints a handler file of a small, real-looking project under test/fixtures/projects/ — SAM, Serverless
 * Framework, CDK, Terraform, a container image, internal extensions in code — and its `code` is that file's text as
 * read from disk, so the file the resolver matches and the code the rule sees agree.
 *
 * ESLint's cwd. @typescript-eslint/rule-tester has no cwd option: for an absolute `filename` it builds its Linter
 * with `cwd` = the root of that path (`/`), whatever `process.cwd()` or `tsconfigRootDir` is, and a relative
 * `filename` never reaches the rule as a path on disk (the analysis needs an absolute one). So the rules here are
 * wrapped (`inFixtureCwd`) to see `context.cwd` = the fixture project's directory, as `eslint` run in that project
 * would give them; a case can name another cwd with `settings[CWD]`. The rule code itself is unchanged. One case
 * at the end runs the unwrapped rule with RuleTester's own cwd (`/`), to show the wrapper hides nothing.
 *
 * Cases an earlier version got wrong live in require-extension.regressions.ts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { TSESLint } from '@typescript-eslint/utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearDeploymentCache, setWarningHandler, warn } from '../../core/deploy/resolve.js';
import noBlockingSignalHandler from '../../rules/no-blocking-signal-handler.js';
import requireExtension from '../../rules/require-extension.js';
import type { MessageIds, Options } from '../../rules/require-extension.js';
import requireSigtermCleanup from '../../rules/require-sigterm-cleanup.js';
import { regressionInvalid, regressionValid } from './require-extension.regressions.js';
import { commonjs, ruleTester } from './tester.js';

const PROJECTS = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));

/** `settings[CWD]`: lint a case with this directory as ESLint's cwd instead of its fixture project's. */
const CWD = 'test:cwd';

/** The fixture project directory a file belongs to (the first folder under test/fixtures/projects/). */
function projectOf(filename: string): string {
  const rel = path.relative(PROJECTS, filename);
  const first = rel.split(path.sep)[0];
  if (!first || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`${filename} is not in a fixture project`);
  return path.join(PROJECTS, first);
}

/** A rule that sees `context.cwd` = the case's fixture project (or `settings[CWD]`). */
function inFixtureCwd<T extends TSESLint.RuleModule<string, readonly unknown[]>>(rule: T): T {
  return {
    ...rule,
    create(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>) {
      const override = context.settings[CWD];
      const cwd = typeof override === 'string' ? override : projectOf(context.filename);
      // ESLint's own rule contexts are `Object.create(fileContext)` with own properties; shadow `cwd` the same way.
      return rule.create(Object.create(context, { cwd: { value: cwd, enumerable: true } }) as typeof context);
    },
  } as T;
}

/** The absolute filename and the text on disk of a fixture project's file. */
function fixture(project: string, rel: string): { filename: string; code: string } {
  const filename = path.join(PROJECTS, project, rel);
  return { filename, code: readFileSync(filename, 'utf8') };
}

/** An absolute path in a fixture project (unknown reasons name config files by absolute path). */
const abs = (project: string, rel: string): string => path.join(PROJECTS, project, rel);

const strict: Options = [{ reportUnknown: true }];
const container = { 'lambda-shutdown': { platform: 'container' } };

/** Data of a noExtension report: the function, its config file relative to the cwd, and the function's line. */
const none = (fn: string, config: string, line: number) => ({ fn, config, line });
/** Data of an unknownExtension report for one deployment whose answer is unknown. */
const unknownIn = (fn: string, configFile: string, reason: string) => ({ reason: `${fn} in ${configFile}: ${reason}` });
const NO_CONFIG = { reason: 'no deployment configuration for this file was found' };

const noExtension = (line: number, column: number, data: ReturnType<typeof none>) => ({ messageId: 'noExtension' as const, line, column, data });
const unknownExtension = (line: number, column: number, data: { reason: string }) => ({ messageId: 'unknownExtension' as const, line, column, data });

const warnings: string[] = [];
let originalWarn: (message: string) => void;
beforeAll(() => {
  clearDeploymentCache();
  originalWarn = warn;
  setWarningHandler((message) => warnings.push(message));
});
afterAll(() => {
  setWarningHandler(originalWarn);
  clearDeploymentCache();
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// require-extension

const valid: ValidTestCase<Options>[] = [
  // ───────── an extension layer, in every tool ─────────
  {
    name: 'SAM: the Lambda Insights layer (!Sub with ${AWS::Region}) on the function',
    ...fixture('sam-insights', 'src/handlers/get-order.ts'),
  },
  {
    name: 'SAM: the Lambda Insights layer, strict',
    ...fixture('sam-insights', 'src/handlers/get-order.ts'),
    options: strict,
  },
  {
    name: 'SAM: Globals.Function.Layers holds the Parameters and Secrets extension (a !Ref to a parameter default)',
    ...fixture('sam-globals-extension', 'functions/checkout/app.mjs'),
    options: strict,
  },
  {
    name: 'SAM: a function with its own library layer keeps the Globals extension layer (lists are merged)',
    ...fixture('sam-globals-extension', 'functions/refund/app.mjs'),
    options: strict,
  },
  {
    name: 'serverless.yml: a layer given by ${self:custom.insightsLayer}',
    ...fixture('serverless-stage', 'handlers/send-sms.js'),
    languageOptions: commonjs,
    options: strict,
  },
  {
    name: 'CDK: LayerVersion.fromLayerVersionArn with an ADOT layer (region from a template literal)',
    ...fixture('cdk-lib-layout', 'lambda/create-note.ts'),
    options: strict,
  },
  {
    name: 'Terraform: an ADOT layer on aws_lambda_function, archive_file source_dir = ../src',
    ...fixture('terraform-app', 'src/handlers/api.js'),
    options: strict,
  },
  {
    name: 'container image: the Dockerfile copies an extension into /opt/extensions',
    ...fixture('container-app', 'app.mjs'),
    options: strict,
  },
  // ───────── an internal extension ─────────
  {
    name: 'the handler imports ./lambda-shutdown-extension.js (no deployment config needed)',
    ...fixture('internal-extension', 'src/index.ts'),
    options: strict,
  },
  {
    name: 'a module the handler imports (through a re-export) calls the register endpoint; the template has no layer',
    ...fixture('register-import', 'src/handlers/sessions.js'),
    options: strict,
  },
  {
    name: 'NODE_OPTIONS=--require ./ext.js in the SAM Globals environment',
    ...fixture('sam-node-options', 'src/drain.ts'),
    options: strict,
  },
  {
    name: 'NODE_OPTIONS=--require ./ext.js, another function of the same template',
    ...fixture('sam-node-options', 'src/flush.ts'),
    options: strict,
  },
  // ───────── settings.extensionLayers ─────────
  {
    name: 'an unknown layer named in settings.extensionLayers with a trailing * (prefix)',
    ...fixture('unknown-layer', 'src/indexer.js'),
    languageOptions: commonjs,
    options: strict,
    settings: { 'lambda-shutdown': { extensionLayers: ['acme-*'] } },
  },
  {
    name: 'an unknown layer named exactly in settings.extensionLayers',
    ...fixture('unknown-layer', 'src/indexer.js'),
    languageOptions: commonjs,
    options: strict,
    settings: { 'lambda-shutdown': { extensionLayers: ['acme-observability'] } },
  },
  // ───────── unknown answers: silent unless reportUnknown ─────────
  {
    name: 'recommended: an unknown layer is not reported',
    ...fixture('unknown-layer', 'src/indexer.js'),
    languageOptions: commonjs,
  },
  {
    name: 'recommended: a !Sub placeholder in a SAM layer name is not reported',
    ...fixture('unknown-layer', 'src/audit.js'),
    languageOptions: commonjs,
  },
  {
    name: 'recommended: ${opt:stage} in a serverless layer name is not reported',
    ...fixture('serverless-stage', 'handlers/send-email.js'),
    languageOptions: commonjs,
  },
  {
    name: 'recommended: a malformed template.yaml is not reported',
    ...fixture('malformed-template', 'src/upload.mjs'),
  },
  {
    name: 'recommended: a project without any deployment config',
    ...fixture('no-config', 'src/handler.ts'),
  },
  {
    name: 'recommended: a file no function of the project deploys',
    ...fixture('terraform-app', 'src/handlers/legacy-sync.js'),
  },
  // ───────── platform: container silences the rule ─────────
  {
    name: "platform 'container': a SAM function without an extension",
    ...fixture('sam-powertools', 'src/handlers/get-order.ts'),
    options: strict,
    settings: container,
  },
  {
    name: "platform 'container': a serverless function whose layers drop the extension",
    ...fixture('serverless-override', 'src/handlers/webhook.ts'),
    settings: container,
  },
  {
    name: "platform 'container': an image without /opt/extensions",
    ...fixture('container-app', 'worker.mjs'),
    options: strict,
    settings: container,
  },
  {
    name: "platform 'container': no config at all, strict",
    ...fixture('no-config', 'src/handler.ts'),
    options: strict,
    settings: container,
  },
  // ───────── no handler, or no SIGTERM listener: never reported ─────────
  {
    name: 'a handler without a SIGTERM listener, deployed without an extension (strict)',
    ...fixture('sam-powertools', 'src/handlers/health.ts'),
    options: strict,
  },
  {
    name: 'a module with a SIGTERM listener that exports no handler (strict)',
    ...fixture('sam-powertools', 'src/lib/db.ts'),
    options: strict,
  },
  {
    name: 'a Terraform function without an extension whose handler has no SIGTERM listener (strict)',
    ...fixture('terraform-app', 'src/handlers/report.js'),
    options: strict,
  },
  {
    name: 'a handler without a SIGTERM listener in a container-image project (strict)',
    ...fixture('container-app', 'jobs.mjs'),
    options: strict,
  },
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  // ───────── SAM ─────────
  {
    name: 'SAM: only the Powertools layer (a library) in Globals; the samples’ SIGTERM listener is dead code',
    ...fixture('sam-powertools', 'src/handlers/get-order.ts'),
    errors: [noExtension(9, 1, none('GetOrderFunction', 'template.yaml', 29))],
  },
  {
    name: 'SAM: strict reports "none" with the same message',
    ...fixture('sam-powertools', 'src/handlers/get-order.ts'),
    options: strict,
    errors: [noExtension(9, 1, none('GetOrderFunction', 'template.yaml', 29))],
  },
  {
    name: 'SAM: settings.extensionLayers that name other layers change nothing',
    ...fixture('sam-powertools', 'src/handlers/get-order.ts'),
    settings: { 'lambda-shutdown': { extensionLayers: ['acme-*', 'AWSLambdaPowertoolsTypeScriptV2-extension'] } },
    errors: [noExtension(9, 1, none('GetOrderFunction', 'template.yaml', 29))],
  },
  {
    name: 'SAM: two SIGTERM listeners (on + once) are both reported; the SIGINT listener is not',
    ...fixture('sam-powertools', 'src/handlers/cancel-order.ts'),
    errors: [noExtension(17, 1, none('CancelOrderFunction', 'template.yaml', 86)), noExtension(18, 1, none('CancelOrderFunction', 'template.yaml', 86))],
  },
  {
    name: 'SAM: Handler dist/handlers/refund-order.handler (CodeUri: .) matches src/handlers/refund-order.ts',
    ...fixture('sam-powertools', 'src/handlers/refund-order.ts'),
    errors: [noExtension(6, 1, none('RefundOrderFunction', 'template.yaml', 104))],
  },
  {
    name: 'SAM: Handler handlers/archive.handler matches handlers/archive/index.ts',
    ...fixture('sam-powertools', 'src/handlers/archive/index.ts'),
    errors: [noExtension(6, 1, none('ArchiveOrdersFunction', 'template.yaml', 117))],
  },
  {
    name: 'CloudFormation: Globals do not apply to an AWS::Lambda::Function (CommonJS index.js)',
    ...fixture('sam-globals-extension', 'functions/invoice/index.js'),
    languageOptions: commonjs,
    options: strict,
    errors: [noExtension(8, 1, none('LegacyInvoiceFunction', 'template.yaml', 52))],
  },
  {
    name: 'SAM: a template above the cwd is not read (cwd = the project’s src/), strict',
    ...fixture('sam-powertools', 'src/handlers/get-order.ts'),
    options: strict,
    settings: { [CWD]: abs('sam-powertools', 'src') },
    errors: [unknownExtension(9, 1, NO_CONFIG)],
  },
  // ───────── Serverless Framework ─────────
  {
    name: 'serverless.yml: one file, two functions; the one whose layers replace provider.layers is named',
    ...fixture('serverless-override', 'src/handlers/orders.ts'),
    errors: [noExtension(9, 1, none('ordersQueue', 'serverless.yml', 37))],
  },
  {
    name: 'serverless.yml: the same, strict',
    ...fixture('serverless-override', 'src/handlers/orders.ts'),
    options: strict,
    errors: [noExtension(9, 1, none('ordersQueue', 'serverless.yml', 37))],
  },
  {
    name: 'serverless.yml: function layers keep the Datadog library layer but drop Datadog-Extension',
    ...fixture('serverless-override', 'src/handlers/webhook.ts'),
    errors: [noExtension(6, 1, none('webhook', 'serverless.yml', 47))],
  },
  {
    name: 'serverless.yml: ${opt:stage} in the layer name, strict: unknown, with the reason',
    ...fixture('serverless-stage', 'handlers/send-email.js'),
    languageOptions: commonjs,
    options: strict,
    errors: [unknownExtension(7, 1, unknownIn('sendEmail', 'serverless.yml', 'layer name depends on ${opt:stage}'))],
  },
  // ───────── CDK ─────────
  {
    name: 'CDK: lambda.Function with Code.fromAsset(path.join(__dirname, "../lambda")) and no layer',
    ...fixture('cdk-lib-layout', 'lambda/delete-note.mjs'),
    errors: [noExtension(5, 1, none('DeleteNoteFunction', 'lib/notes-stack.ts', 34))],
  },
  {
    name: "CDK: the same, strict, platform 'lambda' set explicitly",
    ...fixture('cdk-lib-layout', 'lambda/delete-note.mjs'),
    options: strict,
    settings: { 'lambda-shutdown': { platform: 'lambda' } },
    errors: [noExtension(5, 1, none('DeleteNoteFunction', 'lib/notes-stack.ts', 34))],
  },
  // ───────── Terraform ─────────
  {
    name: 'Terraform: aws_lambda_function without layers, found in terraform/ beside the project root',
    ...fixture('terraform-app', 'src/handlers/restock.js'),
    errors: [noExtension(6, 1, none('restock', 'terraform/main.tf', 61))],
  },
  {
    name: 'Terraform: the same, strict',
    ...fixture('terraform-app', 'src/handlers/restock.js'),
    options: strict,
    errors: [noExtension(6, 1, none('restock', 'terraform/main.tf', 61))],
  },
  {
    name: 'Terraform project: a handler no function deploys, strict',
    ...fixture('terraform-app', 'src/handlers/legacy-sync.js'),
    options: strict,
    errors: [unknownExtension(6, 1, NO_CONFIG)],
  },
  // ───────── container images ─────────
  {
    name: 'container image: Dockerfile.worker copies nothing into /opt/extensions',
    ...fixture('container-app', 'worker.mjs'),
    errors: [noExtension(5, 1, none('worker.handler', 'Dockerfile.worker', 8))],
  },
  {
    name: 'container image: the same, strict',
    ...fixture('container-app', 'worker.mjs'),
    options: strict,
    errors: [noExtension(5, 1, none('worker.handler', 'Dockerfile.worker', 8))],
  },
  // ───────── unknown layers, several deployments ─────────
  {
    name: 'a layer the catalog does not know, strict: unknown, naming the layer',
    ...fixture('unknown-layer', 'src/indexer.js'),
    languageOptions: commonjs,
    options: strict,
    errors: [
      unknownExtension(7, 1, unknownIn('IndexerFunction', 'template.yaml', 'layer acme-observability is not in the catalog of extension and library layers')),
    ],
  },
  {
    name: 'settings.extensionLayers that match neither exactly nor as a prefix leave it unknown',
    ...fixture('unknown-layer', 'src/indexer.js'),
    languageOptions: commonjs,
    options: strict,
    settings: { 'lambda-shutdown': { extensionLayers: ['acme-observability-v2', 'acme-tracing*'] } },
    errors: [
      unknownExtension(7, 1, unknownIn('IndexerFunction', 'template.yaml', 'layer acme-observability is not in the catalog of extension and library layers')),
    ],
  },
  {
    name: 'one file, two functions: one unknown, one without an extension; "none" wins and names that one',
    ...fixture('unknown-layer', 'src/backfill.js'),
    languageOptions: commonjs,
    errors: [noExtension(7, 1, none('BackfillNightlyFunction', 'template.yaml', 45))],
  },
  // ───────── unreadable or missing config ─────────
  {
    name: 'a malformed template.yaml, strict: unknown, naming the file',
    ...fixture('malformed-template', 'src/upload.mjs'),
    options: strict,
    errors: [unknownExtension(5, 1, { reason: 'template.yaml could not be read' })],
  },
  {
    name: 'no deployment config in the project, strict',
    ...fixture('no-config', 'src/handler.ts'),
    options: strict,
    errors: [unknownExtension(6, 1, NO_CONFIG)],
  },
];

describe('require-extension', () => {
  ruleTester.run('require-extension', inFixtureCwd(requireExtension), { valid, invalid });
});

describe('require-extension with RuleTester’s own cwd (the filesystem root for an absolute filename)', () => {
  const root = path.parse(PROJECTS).root;
  ruleTester.run('require-extension', requireExtension, {
    valid: [{ name: 'unwrapped: the Insights layer', ...fixture('sam-insights', 'src/handlers/get-order.ts'), options: strict }],
    invalid: [
      {
        name: 'unwrapped: the config path in the message is relative to that cwd',
        ...fixture('sam-powertools', 'src/handlers/get-order.ts'),
        errors: [noExtension(9, 1, none('GetOrderFunction', path.relative(root, abs('sam-powertools', 'template.yaml')), 29))],
      },
    ],
  });
});

describe('the malformed template', () => {
  it('is a single LambdaShutdownWarning, however many cases read it', () => {
    const file = abs('malformed-template', 'template.yaml');
    const about = warnings.filter((w) => w.includes(file));
    expect(about).toHaveLength(1);
    expect(about[0]).toMatch(/^eslint-plugin-lambda-shutdown: could not read deployment config .*template\.yaml: line 13: /);
    expect(about[0]).toContain('Functions it declares are treated as unknown.');
  });
});

describe('require-extension: regressions (see require-extension.regressions.ts)', () => {
  ruleTester.run('require-extension', inFixtureCwd(requireExtension), { valid: regressionValid, invalid: regressionInvalid });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// require-sigterm-cleanup: the same evidence in its message variants

/** `code` with `text` inserted after the first occurrence of `after`. */
function insertAfter(code: string, after: string, text: string): string {
  const at = code.indexOf(after);
  if (at < 0) throw new Error(`${after} is not in the fixture`);
  return code.slice(0, at + after.length) + text + code.slice(at + after.length);
}
/**
 * The listener the suggestion adds after the resource's declaration (add-shutdown-hook's): a guard that ends the
 * process `guardMs` after SIGTERM (the budget less 50 ms), a log line, the close; then on Lambda it ends the process
 * with a re-raise, in a container with `process.exit(0)`.
 */
const listener = (close: string, platform: 'lambda' | 'container' = 'lambda', guardMs = platform === 'container' ? 9950 : 250) =>
  `\nprocess.once('SIGTERM', async () => {\n  setTimeout(() => ${platform === 'container' ? 'process.exit(1)' : "process.kill(process.pid, 'SIGKILL')"}, ${guardMs}).unref();\n` +
  `  console.info('[lambda-shutdown] SIGTERM: closing ${/^await ([\w$]+)/.exec(close)![1]}');\n  ${close};\n${
    platform === 'container' ? '  process.exit(0);\n' : "  process.removeAllListeners('SIGTERM');\n  process.kill(process.pid, 'SIGTERM');\n"
  }});\n`;

const listOrders = fixture('sam-powertools', 'src/handlers/list-orders.ts');
const cacheReport = fixture('terraform-app', 'src/handlers/report.js');
const jobs = fixture('container-app', 'jobs.mjs');
const listOrdersInsights = fixture('sam-insights', 'src/handlers/list-orders.ts');

const pgPool = (where = 'opened at module scope') => ({ name: 'pool', library: 'pg', label: 'Pool', where, close: 'await pool.end()' });
const CONTAINER_BUDGET = '10000 ms, the container default; set shutdownBudgetMs to your grace period';

describe('require-sigterm-cleanup', () => {
  ruleTester.run('require-sigterm-cleanup', inFixtureCwd(requireSigtermCleanup), {
    valid: [
      { name: 'the SIGTERM listener closes the pool (no extension: require-extension reports that)', ...fixture('sam-powertools', 'src/handlers/get-order.ts') },
      { name: 'a container image whose listener closes the pool', ...fixture('container-app', 'app.mjs'), settings: container },
    ],
    invalid: [
      {
        name: 'SAM function without an extension: missingSigtermCleanupNoExtension names it',
        ...listOrders,
        errors: [
          {
            messageId: 'missingSigtermCleanupNoExtension',
            line: 4,
            column: 14,
            data: { ...pgPool(), fn: 'ListOrdersFunction', config: 'template.yaml', line: 52 },
            suggestions: [{ messageId: 'addListener', data: { name: 'pool' }, output: insertAfter(listOrders.code, 'const pool = new Pool({ max: 1 });\n', listener('await pool.end()')) }],
          },
        ],
      },
      {
        name: 'Terraform function without an extension: missingSigtermCleanupNoExtension names it',
        ...cacheReport,
        errors: [
          {
            messageId: 'missingSigtermCleanupNoExtension',
            line: 3,
            column: 15,
            data: { name: 'cache', library: 'ioredis', label: 'Redis', where: 'opened at module scope', close: 'await cache.quit()', fn: 'cache_report', config: 'terraform/main.tf', line: 77 },
            suggestions: [
              { messageId: 'addListener', data: { name: 'cache' }, output: insertAfter(cacheReport.code, 'const cache = new Redis(process.env.REDIS_URL);\n', listener('await cache.quit()')) },
            ],
          },
        ],
      },
      {
        name: 'SAM function with the Insights extension: the plain message',
        ...listOrdersInsights,
        errors: [
          {
            messageId: 'missingSigtermCleanup',
            line: 4,
            column: 14,
            data: pgPool(),
            suggestions: [{ messageId: 'addListener', data: { name: 'pool' }, output: insertAfter(listOrdersInsights.code, 'const pool = new Pool({ max: 1 });\n', listener('await pool.end()')) }],
          },
        ],
      },
      {
        name: 'a file no Dockerfile deploys, platform lambda: the plain message',
        ...jobs,
        errors: [
          {
            messageId: 'missingSigtermCleanup',
            line: 3,
            column: 14,
            data: pgPool(),
            suggestions: [{ messageId: 'addListener', data: { name: 'pool' }, output: insertAfter(jobs.code, 'max: 2 });\n', listener('await pool.end()')) }],
          },
        ],
      },
      {
        name: "platform 'container': missingSigtermCleanupContainer with the container default budget",
        ...jobs,
        settings: container,
        errors: [
          {
            messageId: 'missingSigtermCleanupContainer',
            line: 3,
            column: 14,
            data: { ...pgPool(), budget: CONTAINER_BUDGET },
            suggestions: [{ messageId: 'addListener', data: { name: 'pool' }, output: insertAfter(jobs.code, 'max: 2 });\n', listener('await pool.end()', 'container')) }],
          },
        ],
      },
      {
        name: "platform 'container' with shutdownBudgetMs: the budget comes from settings",
        ...jobs,
        settings: { 'lambda-shutdown': { platform: 'container', shutdownBudgetMs: 30000 } },
        errors: [
          {
            messageId: 'missingSigtermCleanupContainer',
            line: 3,
            column: 14,
            data: { ...pgPool(), budget: "30000 ms, set in settings['lambda-shutdown'].shutdownBudgetMs" },
            suggestions: [{ messageId: 'addListener', data: { name: 'pool' }, output: insertAfter(jobs.code, 'max: 2 });\n', listener('await pool.end()', 'container', 29950)) }],
          },
        ],
      },
    ],
  });
});

// ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────
// no-blocking-signal-handler: the budget follows the extension evidence

const BUDGET_NODE_OPTIONS = "500 ms, Lambda's shutdown phase with only an internal extension (NODE_OPTIONS=--require ./ext.js --enable-source-maps)";
const BUDGET_EXTERNAL = "300 ms, the function's share of Lambda's shutdown phase beside external extensions";

describe('no-blocking-signal-handler', () => {
  ruleTester.run('no-blocking-signal-handler', inFixtureCwd(noBlockingSignalHandler), {
    valid: [{ name: 'a 400 ms sleep fits the 500 ms budget of an internal extension loaded by NODE_OPTIONS', ...fixture('sam-node-options', 'src/drain.ts') }],
    invalid: [
      {
        name: 'a 600 ms sleep does not fit the 500 ms budget of an internal extension loaded by NODE_OPTIONS',
        ...fixture('sam-node-options', 'src/flush.ts'),
        errors: [{ messageId: 'longSleep', line: 7, column: 9, data: { what: 'a 600 ms sleep', signal: 'SIGTERM', via: '', budget: BUDGET_NODE_OPTIONS } }],
      },
      {
        name: 'beside an external extension (Lambda Insights) a 400 ms sleep is over the 300 ms budget',
        ...fixture('sam-insights', 'src/handlers/export-orders.ts'),
        errors: [{ messageId: 'longSleep', line: 10, column: 9, data: { what: 'a 400 ms sleep', signal: 'SIGTERM', via: '', budget: BUDGET_EXTERNAL } }],
      },
    ],
  });
});
