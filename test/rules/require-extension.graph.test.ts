/**
 * require-extension for a SIGTERM listener in a module a handler loads (a shared db.ts): the extension that matters is
 * that of the function whose entry loads the module (test/fixtures/projects/graph-extension: OrdersFunction has no
 * extension, ReportsFunction has the Lambda Insights layer).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import rule from '../../rules/require-extension.js';
import { ruleTester } from './tester.js';

const project = fileURLToPath(new URL('../fixtures/projects/graph-extension/', import.meta.url));
const file = (rel: string) => path.join(project, rel);
const code = (rel: string) => fs.readFileSync(file(rel), 'utf8');

ruleTester.run('require-extension (a listener in a module a handler loads)', rule, {
  valid: [
    {
      name: "a shared module's listener in a function with an extension layer",
      filename: file('src/cache.ts'),
      code: code('src/cache.ts'),
    },
    {
      name: "a shared module's listener in a function whose entry imports the internal extension (JobsFunction, src/jobs.ts)",
      filename: file('src/queue.ts'),
      code: code('src/queue.ts'),
    },
  ],
  invalid: [
    {
      name: "a shared module's listener in a function that registers no extension: the loading function is named",
      filename: file('src/db.ts'),
      code: code('src/db.ts'),
      errors: [
        {
          messageId: 'noExtension',
          data: { fn: 'OrdersFunction', config: path.relative('/', file('template.yaml')), line: 4 },
          line: 5,
          column: 1,
        },
      ],
    },
  ],
});
