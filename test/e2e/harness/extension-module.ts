/**
 * The module the `register-extension` codemod adds, as Node runs it: a variant's JavaScript, or its TypeScript
 * emitted as that variant's build would (tsc with ESM or CommonJS output, or a bundler with CommonJS output), under
 * a file name whose extension gives Node its module system. Shared by the e2e tests that run the module.
 */
import ts from 'typescript';
import { renderVariant, variantName } from '../../../codemods/register-extension/module.js';
import type { ModuleVariant } from '../../../codemods/register-extension/module.js';

export function runnableExtensionModule(variant: ModuleVariant): { file: string; text: string } {
  const file = `lambda-shutdown-extension.${variant.system === 'esm' ? 'mjs' : 'cjs'}`;
  const text = renderVariant(variant);
  if (variant.lang === 'js') return { file, text };
  const output = ts.transpileModule(text, {
    fileName: `lambda-shutdown-extension.${variant.system === 'esm' ? 'mts' : 'cts'}`,
    reportDiagnostics: true,
    compilerOptions: { module: variant.system === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const errors = (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new Error(`${variantName(variant)} does not transpile: ${errors.join('; ')}`);
  return { file, text: output.outputText };
}
