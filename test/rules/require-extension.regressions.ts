/**
 * require-extension: cases an earlier version got wrong, with the answer the spec (docs/rules/require-extension.md)
 * asks for. Run by require-extension.test.ts.
 *
 * Each case lints a handler file of a fixture project under test/fixtures/projects/ with that project's directory
 * as ESLint's cwd (require-extension.test.ts wraps the rule so that `context.cwd` is the project directory).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';
import type { MessageIds, Options } from '../../rules/require-extension.js';
import { commonjs } from './tester.js';

const PROJECTS = fileURLToPath(new URL('../fixtures/projects/', import.meta.url));

/** An absolute path in a fixture project (unknown reasons name config files by absolute path). */
const abs = (project: string, rel: string): string => path.join(PROJECTS, project, rel);

/** The absolute filename and the text on disk of a fixture project's file. */
function fixture(project: string, rel: string): { filename: string; code: string } {
  const filename = path.join(PROJECTS, project, rel);
  return { filename, code: readFileSync(filename, 'utf8') };
}

export const regressionValid: ValidTestCase<Options>[] = [
  {
    // BUG (false "unknown"): the resolver looks into the infrastructure folders beside each ancestor (infra/, lib/,
    // …) one level deep only, so a CDK app laid out as `cdk init` makes it inside an infra/ folder
    // (infra/bin/app.ts, infra/lib/api-stack.ts) is never read: every function of it is "no configuration found".
    // The CDK reader reads the stack fine (OrdersFunction: insightsVersion adds Lambda Insights).
    name: 'cdk-app: NodejsFunction with insightsVersion in infra/lib/api-stack.ts (strict)',
    ...fixture('cdk-app', 'src/handlers/orders.ts'),
    options: [{ reportUnknown: true }],
  },
  {
    // BUG (false "none"): `NODE_OPTIONS: !If [TracingEnabled, --require ./tracing.js, --enable-source-maps]` cannot
    // be read statically (its value depends on a condition), and deploymentStatus ignores an unreadable NODE_OPTIONS,
    // so the function is reported as certainly registering no extension. The docs: NODE_OPTIONS with --require /
    // --import "in the function's environment: an internal extension may be loaded that way"; an unreadable value
    // may hold one, so the answer is unknown (recommended: silent), never "none". (An unreadable
    // AWS_LAMBDA_EXEC_WRAPPER is already treated as a possible internal extension.)
    name: 'sam-node-options: NODE_OPTIONS is an !If whose branch may --require the internal extension',
    ...fixture('sam-node-options', 'src/replay.ts'),
  },
];

export const regressionInvalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    // BUG (false negative): same cause as the first pendingValid case; ReportsFunction has no extension at all.
    name: 'cdk-app: NodejsFunction without any extension in infra/lib/api-stack.ts',
    ...fixture('cdk-app', 'src/handlers/reports.ts'),
    errors: [{ messageId: 'noExtension', line: 8, column: 1, data: { fn: 'ReportsFunction', config: 'infra/lib/api-stack.ts', line: 26 } }],
  },
  {
    // BUG (false negative): code evidence is `text.includes('/2020-01-01/extension/register')` over the whole file,
    // comments included. The docs count "a call of the Extensions API register endpoint"; a comment that mentions
    // the path registers nothing, and ShipOrderFunction has no extension layer.
    name: 'sam-powertools: a comment that mentions the register path is not a registration',
    ...fixture('sam-powertools', 'src/handlers/ship-order.ts'),
    errors: [{ messageId: 'noExtension', line: 8, column: 1, data: { fn: 'ShipOrderFunction', config: 'template.yaml', line: 128 } }],
  },
  {
    // BUG (garbled message): layerName() splits the ARN on every ':' — also inside a `${AWS::StackName}` placeholder —
    // so the reason names "layer ${AWS" instead of the layer. The answer (unknown) is right; the text is not.
    name: 'unknown-layer: a !Sub placeholder with "::" in the layer name is named whole in the reason (strict)',
    ...fixture('unknown-layer', 'src/audit.js'),
    languageOptions: commonjs,
    options: [{ reportUnknown: true }],
    errors: [
      {
        messageId: 'unknownExtension',
        line: 7,
        column: 1,
        data: {
          reason: `AuditFunction in template.yaml: layer \${AWS::StackName}-telemetry is not in the catalog of extension and library layers`,
        },
      },
    ],
  },
];
