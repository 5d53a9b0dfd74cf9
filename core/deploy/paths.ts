/**
 * Path and handler-string helpers every deployment reader shares: the Lambda runtime's reading of a handler
 * string, wrapper handlers that name the real one in an environment variable, and the cwd boundary.
 */
import path from 'node:path';
import type { EnvironmentValue } from './model.js';

/** Is `file` inside `dir` (or `dir` itself)? */
export function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The module of a Node.js handler string, as the Lambda runtime reads it (aws-lambda-nodejs-runtime-interface-client
 * `UserFunction`): the directory part up to the last `/`, then the base name up to its FIRST dot; the rest is
 * the export path (`index.nested.handler` → module `index`, export `nested.handler`). Null for a malformed
 * handler (no dot) or one the runtime rejects (`..` in the path). A leading `./` is dropped.
 */
export function handlerModule(handler: string): string | null {
  const h = handler.replace(/^\.\//, '');
  const slash = h.lastIndexOf('/');
  const dir = h.slice(0, slash + 1);
  const base = h.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot <= 0 || dot === base.length - 1 || dir.includes('..')) return null;
  return dir + base.slice(0, dot);
}

/** Vendor wrapper handlers that name the real handler in an environment variable. */
export const HANDLER_WRAPPERS: readonly { readonly pattern: RegExp; readonly variable: string }[] = [
  { pattern: /datadog-lambda-js\/(?:dist\/)?handler\.handler$/, variable: 'DD_LAMBDA_HANDLER' },
  { pattern: /newrelic-lambda-wrapper\.handler$/, variable: 'NEW_RELIC_LAMBDA_HANDLER' },
];

/** The handler that really runs: the wrapped one when `handler` is a vendor wrapper. */
export function effectiveHandler(handler: string, environment: (name: string) => EnvironmentValue | undefined): string {
  for (const wrapper of HANDLER_WRAPPERS) {
    const wrapped = environment(wrapper.variable);
    if (wrapper.pattern.test(handler) && typeof wrapped === 'string' && wrapped) return wrapped;
  }
  return handler;
}

/** A compiled output path `<cwd>/…/dist/x` also stands for its TypeScript source `<cwd>/…/src/x`. */
export function withSourceAlternative(file: string, cwd: string): string[] {
  if (!isInside(cwd, file)) return [file];
  const parts = path.relative(cwd, file).split(path.sep);
  const dist = parts.lastIndexOf('dist');
  if (dist < 0) return [file];
  return [file, path.join(cwd, ...parts.slice(0, dist), 'src', ...parts.slice(dist + 1))];
}
