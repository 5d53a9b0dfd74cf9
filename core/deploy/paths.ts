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

/** A Node.js handler string read as the Lambda runtime reads it. */
export interface HandlerParts {
  /** The module, relative to the code root, without extension: `src/app` of `src/app.main`. */
  readonly module: string;
  /** The property path Lambda follows from the module's exports: `nested.handler` of `index.nested.handler`. */
  readonly exportPath: string;
  /** The export Lambda reads from the module: the first component of `exportPath` (`nested`, `main`). */
  readonly exportName: string;
}

/**
 * A Node.js handler string, as the Lambda runtime reads it (aws-lambda-nodejs-runtime-interface-client
 * `UserFunction.load`): a string holding `..` anywhere is rejected; the directory part is everything up to the last
 * `/`; the base name splits at its FIRST dot into the module and the export path, which is followed property by
 * property from the module's exports (`index.nested.handler` → module `index`, export path `nested.handler`, the
 * exported name `nested`). Null for a handler the runtime cannot load: no dot, an empty module, an empty export
 * path component (`index.`, `index.a..b` is already rejected for its `..`). A leading `./` is dropped.
 */
export function parseHandler(handler: string): HandlerParts | null {
  if (handler.includes('..')) return null;
  const h = handler.replace(/^\.\//, '');
  const slash = h.lastIndexOf('/');
  const dir = h.slice(0, slash + 1);
  const base = h.slice(slash + 1);
  const dot = base.indexOf('.');
  if (dot <= 0) return null;
  const exportPath = base.slice(dot + 1);
  const components = exportPath.split('.');
  if (components.some((component) => component === '')) return null;
  return { module: dir + base.slice(0, dot), exportPath, exportName: components[0]! };
}

/** The module of a handler string (`parseHandler(handler).module`), or null. */
export function handlerModule(handler: string): string | null {
  return parseHandler(handler)?.module ?? null;
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

/**
 * A deployment's handler string read as the runtime reads it, after unwrapping a vendor wrapper (the handler the
 * wrapper loads, from its environment variable). Null when the handler is unknown or malformed.
 */
export function readHandler(
  handler: string | null | undefined,
  environment: Readonly<Record<string, EnvironmentValue>>,
): HandlerParts | null {
  if (handler === null || handler === undefined) return null;
  return parseHandler(effectiveHandler(handler, (name) => (Object.hasOwn(environment, name) ? environment[name] : undefined)));
}

/** Folders compiled output usually goes to; the TypeScript sources sit in `src/` beside them (tsc outDir mirrors rootDir). */
export const BUILD_OUTPUT_DIRS: readonly string[] = ['dist', 'build', '.build'];

/**
 * A compiled output path `<cwd>/…/dist/x` (or `build/x`, `.build/x`) also stands for its TypeScript source
 * `<cwd>/…/src/x`. The last such folder in the path counts.
 */
export function withSourceAlternative(file: string, cwd: string): string[] {
  if (!isInside(cwd, file)) return [file];
  const parts = path.relative(cwd, file).split(path.sep);
  let output = -1;
  for (let index = parts.length - 2; index >= 0 && output < 0; index--) if (BUILD_OUTPUT_DIRS.includes(parts[index]!)) output = index;
  if (output < 0) return [file];
  return [file, path.join(cwd, ...parts.slice(0, output), 'src', ...parts.slice(output + 1))];
}
