/**
 * Finds the deployment configuration that deploys a source file, walking up from the file to the ESLint cwd
 * (and into the usual infrastructure folders beside each ancestor: infra/, terraform/, cdk/, lib/, …), and says
 * whether the function has an extension registered.
 *
 * Config files are read once per process and cached by path, mtime and size; a malformed one is a one-time
 * warning and its functions' answer is unknown. Nothing outside the cwd is read or matched.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { EXTENSION_LAYERS, EXTENSION_VENDOR_WORDS, LIBRARY_LAYERS, LIBRARY_LAYER_WORDS } from '../catalog.js';
import type { ResolvedSettings } from '../settings.js';
import { DeploymentParseError } from './model.js';
import type { DeploymentReader, FunctionDeployment, LayerRef } from './model.js';
import { isInside } from './paths.js';
import { READERS } from './readers.js';

/** Folders beside an ancestor where infrastructure code usually lives. */
const INFRA_DIRS = ['infra', 'infrastructure', 'iac', 'deploy', 'deployment', 'terraform', 'tf', 'cdk', 'lib', 'stacks', 'bin', 'template', 'templates'];
/** A config file larger than this is skipped with a warning. */
const MAX_CONFIG_BYTES = 2 * 1024 * 1024;
/** How long a directory listing or a file's stat is trusted before it is checked again. */
const RECHECK_MS = 2_000;
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];

interface DirEntry {
  checkedAt: number;
  mtimeMs: number;
  files: string[];
  dirs: Set<string>;
}
interface FileEntry {
  checkedAt: number;
  mtimeMs: number;
  size: number;
  deployments: FunctionDeployment[];
  error: string | null;
}

const dirCache = new Map<string, DirEntry | null>();
const fileCache = new Map<string, FileEntry>();
const warned = new Set<string>();

/** Warnings go to the process once per file version, never into lint results. */
export let warn = (message: string): void => {
  process.emitWarning(message, 'LambdaShutdownWarning');
};
export function setWarningHandler(handler: (message: string) => void): void {
  warn = handler;
}

/** Forget every cached listing and file (tests). */
export function clearDeploymentCache(): void {
  dirCache.clear();
  fileCache.clear();
  warned.clear();
  texts.clear();
}

function listDir(dir: string, now: number): DirEntry | null {
  const hit = dirCache.get(dir);
  if (hit !== undefined && (hit === null || now - hit.checkedAt < RECHECK_MS)) return hit;
  try {
    const stat = statSync(dir);
    if (hit && hit.mtimeMs === stat.mtimeMs) {
      hit.checkedAt = now;
      return hit;
    }
    const files: string[] = [];
    const dirs = new Set<string>();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile()) files.push(entry.name);
      else if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') dirs.add(entry.name);
    }
    const fresh = { checkedAt: now, mtimeMs: stat.mtimeMs, files, dirs };
    dirCache.set(dir, fresh);
    return fresh;
  } catch {
    dirCache.set(dir, null);
    return null;
  }
}

function readConfig(file: string, reader: DeploymentReader, cwd: string, now: number): FunctionDeployment[] | string {
  // readers drop entries outside cwd, so what a file says depends on cwd too
  const key = `${cwd}\u0000${file}`;
  const hit = fileCache.get(key);
  if (hit && now - hit.checkedAt < RECHECK_MS) return hit.error ?? hit.deployments;
  let stat;
  try {
    stat = statSync(file);
  } catch {
    fileCache.delete(key);
    return [];
  }
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) {
    hit.checkedAt = now;
    return hit.error ?? hit.deployments;
  }
  const entry: FileEntry = { checkedAt: now, mtimeMs: stat.mtimeMs, size: stat.size, deployments: [], error: null };
  if (stat.size > MAX_CONFIG_BYTES) {
    entry.error = `${file} is larger than ${MAX_CONFIG_BYTES / 1024 / 1024} MiB; skipped.`;
  } else {
    try {
      entry.deployments = reader.read(file, readFileSync(file, 'utf8'), { cwd });
    } catch (error) {
      entry.error = error instanceof DeploymentParseError ? error.message : `${file}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (entry.error && !warned.has(`${file}@${stat.mtimeMs}`)) {
    warned.add(`${file}@${stat.mtimeMs}`);
    warn(`eslint-plugin-lambda-shutdown: could not read deployment config ${entry.error.replace(/\.?$/, '.')} Functions it declares are treated as unknown.`);
  }
  fileCache.set(key, entry);
  return entry.error ?? entry.deployments;
}


/** The module path of a source file: without its extension, and without a trailing `/index`. */
function modulePaths(file: string): string[] {
  const ext = path.extname(file);
  const base = SOURCE_EXTENSIONS.includes(ext) ? file.slice(0, -ext.length) : file;
  const out = [base];
  if (path.basename(base) === 'index') out.push(path.dirname(base));
  return out;
}

/**
 * What a config must mention to deploy the file: its base name without extension, each dot-separated part of it (CDK's
 * default entry `stack.handler-id.ts` is named by the construct id), and for an index file its directory's name.
 */
function moduleNames(file: string): string[] {
  const ext = path.extname(file);
  const base = path.basename(file, SOURCE_EXTENSIONS.includes(ext) ? ext : '');
  const out = new Set([base, ...base.split('.').filter((p) => p.length > 1)]);
  if (base === 'index') out.add(path.basename(path.dirname(file)));
  return [...out];
}

const texts = new Map<string, { checkedAt: number; mtimeMs: number; size: number; text: string | null }>();

/** Does the config file's text contain one of `names`? Read once per version of the file. */
function mentionsAny(file: string, names: readonly string[], now: number): boolean {
  let hit = texts.get(file);
  if (!hit || now - hit.checkedAt >= RECHECK_MS) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return false;
    if (!hit || hit.mtimeMs !== stat.mtimeMs || hit.size !== stat.size) {
      let text: string | null = null;
      try {
        text = stat.size > MAX_CONFIG_BYTES ? null : readFileSync(file, 'utf8');
      } catch {
        text = null;
      }
      hit = { checkedAt: now, mtimeMs: stat.mtimeMs, size: stat.size, text };
      texts.set(file, hit);
    } else hit.checkedAt = now;
  }
  // a file too large or unreadable is left to readConfig, which reports it
  return hit.text === null || names.some((n) => hit.text!.includes(n));
}

/**
 * The module paths an entry can stand for: itself, and for compiled output (`dist/app`, `build/app`) the
 * source module (`src/app`), since tsc's outDir mirrors rootDir.
 */
function entryCandidates(entry: string): string[] {
  const out = [path.normalize(entry)];
  const m = /^(.*[\\/])(dist|build|\.build|out|lib)([\\/].*)$/.exec(entry);
  if (m) out.push(path.normalize(`${m[1]}src${m[3]}`));
  return out;
}

const deployedModules = new WeakMap<FunctionDeployment, { root: string; modules: string[] }>();

/** The module paths a deployment's entries can stand for, inside `root`: once per deployment (a config is read once). */
function modulesOf(deployment: FunctionDeployment, root: string): string[] {
  const hit = deployedModules.get(deployment);
  if (hit?.root === root) return hit.modules;
  const modules = deployment.entryModules.filter((entry) => isInside(root, entry)).flatMap(entryCandidates);
  deployedModules.set(deployment, { root, modules });
  return modules;
}

export interface ConfigLookup {
  /** The deployments that deploy this file. */
  readonly deployments: FunctionDeployment[];
  /** Config files that could not be read on the way. */
  readonly unreadable: string[];
}

/** Every deployment (in the config files found from the file up to cwd) whose entry is this file. */
export function deploymentsFor(file: string, cwd: string): ConfigLookup {
  const absolute = path.resolve(cwd, file);
  const root = path.resolve(cwd);
  const result: ConfigLookup = { deployments: [], unreadable: [] };
  if (!isInside(root, absolute)) return result;
  const modules = new Set(modulePaths(absolute));
  const names = moduleNames(absolute);
  const now = Date.now();
  const seen = new Set<string>();
  const visit = (dir: string) => {
    if (seen.has(dir) || !isInside(root, dir)) return dirCache.get(dir) ?? null;
    seen.add(dir);
    const listing = listDir(dir, now);
    if (!listing) return;
    for (const name of listing.files) {
      const reader = READERS.find((r) => r.matches(name));
      if (!reader) continue;
      // a config that names the file names its module (`src/app.main`, `entry: 'src/app.ts'`): one that does not is not
      // parsed for it (YAML and CDK parses are most of a lint's deployment cost)
      if (!mentionsAny(path.join(dir, name), names, now)) continue;
      const found = readConfig(path.join(dir, name), reader, root, now);
      if (typeof found === 'string') {
        result.unreadable.push(path.join(dir, name));
        continue;
      }
      for (const deployment of found) {
        if (modulesOf(deployment, root).some((c) => modules.has(c))) result.deployments.push(deployment);
      }
    }
    return listing;
  };
  // infra folders beside each ancestor, and one level further (`infra/lib/api-stack.ts` from `cdk init` in infra/)
  const visitInfra = (dir: string, depth: number) => {
    const listing = visit(dir);
    if (!listing || depth === 0) return;
    for (const infra of INFRA_DIRS) if (listing.dirs.has(infra)) visitInfra(path.join(dir, infra), depth - 1);
  };
  for (let dir = path.dirname(absolute); isInside(root, dir); dir = path.dirname(dir)) {
    visitInfra(dir, 2);
    if (dir === root) break;
  }
  return result;
}

/**
 * The export names the deployments of a file call (`handlerExport` of each, in the order the deployments are found,
 * without duplicates or the ones that cannot be read), with those deployments. Uses the same cached lookup as
 * `deploymentsFor`. No names means nothing deploys the file or no deployment's handler could be read.
 */
export function deployedExportNames(file: string, cwd: string): { names: string[]; deployments: FunctionDeployment[] } {
  const { deployments } = deploymentsFor(file, cwd);
  const names = new Set<string>();
  for (const deployment of deployments) if (deployment.handlerExport !== null) names.add(deployment.handlerExport);
  return { names: [...names], deployments };
}

// ---------------------------------------------------------------------------------------------------------------

export type LayerKind = 'extension' | 'library' | 'unknown';

/** The layer name of an ARN (`arn:aws:lambda:<region>:<account>:layer:<name>:<version>`) or of a plain name. */
export function layerName(text: string): string {
  // `${AWS::Region}` and `${opt:stage}` hold colons: split around them
  const placeholders: string[] = [];
  const masked = text.replace(/\$\{[^}]*\}/g, (m) => `\u0000${placeholders.push(m) - 1}\u0000`);
  const restore = (s: string) => s.replace(/\u0000(\d+)\u0000/g, (_, i: string) => placeholders[Number(i)]!);
  const parts = masked.split(':');
  const i = parts.indexOf('layer');
  if (masked.startsWith('arn:') && i >= 0 && parts[i + 1]) return restore(parts[i + 1]!);
  return restore(masked).replace(/^own:/, '');
}

export function classifyLayer(layer: LayerRef, settings: ResolvedSettings): { kind: LayerKind; label: string } {
  if (layer.text === null) return { kind: 'unknown', label: 'a layer whose value cannot be read statically' };
  const name = layerName(layer.text);
  if (name.includes('${')) return { kind: 'unknown', label: `layer ${name}` };
  const known = EXTENSION_LAYERS.find((l) => l.pattern.test(name));
  if (known) return { kind: 'extension', label: `${known.label} (${name})` };
  for (const user of settings.extensionLayers) {
    if (user.endsWith('*') ? name.startsWith(user.slice(0, -1)) : name === user) return { kind: 'extension', label: name };
  }
  if (LIBRARY_LAYERS.some((p) => p.test(name))) return { kind: 'library', label: name };
  if (LIBRARY_LAYER_WORDS.test(name) && !EXTENSION_VENDOR_WORDS.test(name)) return { kind: 'library', label: `${name} (named as a library layer)` };
  return { kind: 'unknown', label: `layer ${name}` };
}

export type DeploymentStatus =
  | { readonly kind: 'external'; readonly evidence: string; readonly deployment: FunctionDeployment }
  | { readonly kind: 'internal'; readonly evidence: string; readonly deployment: FunctionDeployment }
  | { readonly kind: 'none'; readonly deployment: FunctionDeployment }
  | { readonly kind: 'unknown'; readonly reason: string; readonly deployment: FunctionDeployment };

/** What one deployment says about extensions. */
export function deploymentStatus(deployment: FunctionDeployment, settings: ResolvedSettings): DeploymentStatus {
  const env = deployment.environment;
  const nodeOptions = env['NODE_OPTIONS'];
  let internal: string | null = null;
  if (nodeOptions && /(^|\s)(--require|-r|--import)(\s|=)/.test(nodeOptions)) internal = `NODE_OPTIONS=${nodeOptions}`;
  // a NODE_OPTIONS the config computes may load an internal extension: unknown, not "none"
  const nodeOptionsUnknown = nodeOptions === null;
  if (env['AWS_LAMBDA_EXEC_WRAPPER'] !== undefined) internal = `AWS_LAMBDA_EXEC_WRAPPER=${env['AWS_LAMBDA_EXEC_WRAPPER'] ?? '…'}`;
  if (deployment.implicitExtensions.length > 0) return { kind: 'external', evidence: deployment.implicitExtensions[0]!, deployment };
  let unknown: string | null = deployment.unknownReason ?? (nodeOptionsUnknown ? 'its NODE_OPTIONS cannot be read statically' : null);
  if (deployment.layers === 'unknown') unknown ??= 'its layer list cannot be read statically';
  else {
    for (const layer of deployment.layers) {
      const c = classifyLayer(layer, settings);
      if (c.kind === 'extension') return { kind: 'external', evidence: `the ${c.label} extension layer`, deployment };
      if (c.kind === 'unknown') unknown ??= `${c.label} is not in the catalog of extension and library layers`;
    }
  }
  if (internal) return { kind: 'internal', evidence: internal, deployment };
  if (unknown) return { kind: 'unknown', reason: unknown, deployment };
  return { kind: 'none', deployment };
}
