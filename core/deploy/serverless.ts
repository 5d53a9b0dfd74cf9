/**
 * Reader for Serverless Framework services: `serverless.yml`, `serverless.yaml`, `serverless.json`.
 *
 * `serverless.ts` / `serverless.js` configs are programs, not data: this reader does not match them (they give
 * no deployments, so the rule stays silent for their handlers rather than guess).
 *
 * Serverless variables are resolved where the file alone can say: `${self:…}` (nested paths, `${self:}` for the
 * root, fallbacks `${self:custom.x, 'default'}`, variables inside addresses). Every other source (`opt:`, `env:`,
 * `sls:`, `ssm:`, `cf:`, `s3:`, `file(…)`, `aws:`, `param:`, `strToBool(…)`) is only known at deploy time: the
 * text keeps the `${…}` as written, and its fallback is NOT taken (`${opt:stage, 'dev'}` is unknown: a deploy
 * with `--stage prod` gets `prod`). A layer whose NAME (after `:layer:`) keeps such a variable, or whose list
 * cannot be read, gives `unknownReason`: the answer is unknown, not "no extension".
 *
 * Layer semantics follow the Serverless docs: `functions.<name>.layers` REPLACES `provider.layers`. A function
 * with `image` gets no entry modules and no layers (container images cannot use layers; the Dockerfile reader
 * owns them). Plugins that add an extension layer without a `layers` entry (serverless-plugin-datadog,
 * serverless-plugin-lambda-insights) are reported in `implicitExtensions`.
 *
 * CloudFormation intrinsics and short tags in values (`!Sub`, `{ Ref: MyLayerLambdaLayer }`) are evaluated with the
 * SAM reader's evaluator, with `resources.Parameters` / `resources.Mappings` and the service's own `layers:`.
 */
import path from 'node:path';
import { readHandler } from './paths.js';
import { asMap, child, entryModules, environmentValue, evalList, evalText, intrinsicOf, parseConfigFile, scalarText } from './sam.js';
import type { CfnScope, ConfigNode, ParameterInfo } from './sam.js';
import type { DeploymentReader, EnvironmentValue, FunctionDeployment, LayerRef, ReaderContext } from './model.js';

/** How deep variables may nest inside a variable's address (`${self:a.${self:b.${…}}}`). */
const MAX_NESTING = 10;
/** Longest string a resolution may build. */
const MAX_TEXT = 65_536;

// ---------------------------------------------------------------------------------------------------------------
// Variables

/** The `${…}` spans of a string, with nesting (`${self:custom.${opt:stage}}` is one span). */
function variableSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let i = 0;
  while ((i = text.indexOf('${', i)) >= 0) {
    let depth = 0;
    let j = i;
    for (; j < text.length; j++) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}' && --depth === 0) break;
    }
    if (j >= text.length) break;
    spans.push({ start: i, end: j + 1 });
    i = j + 1;
  }
  return spans;
}

/** Splits a variable's inside at top-level commas (not inside quotes, parentheses or nested `${…}`). */
function splitSources(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(' || c === '{') depth++;
    else if (c === ')' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(inner.slice(start).trim());
  return out;
}

class Variables {
  /** Resolved strings of the file, by node: every `${self:…}` chain is followed once. */
  private readonly cache = new Map<ConfigNode, ConfigNode>();
  /** Nodes being resolved: meeting one again is a cycle (`a: ${self:b}`, `b: ${self:a}`). */
  private readonly active = new Set<ConfigNode>();

  constructor(private readonly root: ConfigNode) {}

  /** A node with its `${…}` variables resolved; other nodes as they are. */
  resolve = (node: ConfigNode): ConfigNode => {
    if (node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.includes('${')) return node;
    const hit = this.cache.get(node);
    if (hit) return hit;
    if (this.active.has(node)) return { ...node, unresolved: [node.value] };
    this.active.add(node);
    try {
      const resolved = this.resolveString(node.value, node.line, 0);
      this.cache.set(node, resolved);
      return resolved;
    } finally {
      this.active.delete(node);
    }
  };

  private resolveString(text: string, line: number, depth: number): ConfigNode {
    const spans = variableSpans(text);
    if (spans.length === 0) return { kind: 'scalar', value: text, line };
    const only = spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === text.length;
    if (only) {
      const value = this.variable(text.slice(2, -1), depth);
      if (!value) return { kind: 'scalar', value: text, line, unresolved: [text] };
      return value.kind === 'scalar' ? { ...value, line } : value;
    }
    let out = '';
    let at = 0;
    const unresolved: string[] = [];
    for (const { start, end } of spans) {
      out += text.slice(at, start);
      const raw = text.slice(start, end);
      const value = this.variable(raw.slice(2, -1), depth);
      if (value?.kind === 'scalar' && value.value !== null) {
        // A value that itself keeps a variable (`${self:custom.stage}` → `${opt:stage, 'dev'}`) shows that one.
        out += String(value.value);
        if (value.unresolved?.length) unresolved.push(...value.unresolved);
      } else {
        out += raw;
        unresolved.push(raw);
      }
      at = end;
    }
    out += text.slice(at);
    // Strings that double at every reference (`a2: ${self:a1}${self:a1}`, …) must not grow without bound.
    if (out.length > MAX_TEXT) return { kind: 'scalar', value: text, line, unresolved: [text] };
    return unresolved.length ? { kind: 'scalar', value: out, line, unresolved } : { kind: 'scalar', value: out, line };
  }

  /** One variable's value, or null when the file cannot say (a deploy-time source, a missing `self:` path). */
  private variable(inner: string, depth: number): ConfigNode | null {
    if (depth > MAX_NESTING) return null;
    let address = inner;
    if (address.includes('${')) {
      const nested = this.resolveString(address, 0, depth + 1);
      if (nested.kind !== 'scalar' || nested.unresolved?.length) return null;
      address = String(nested.value);
    }
    for (const source of splitSources(address)) {
      const self = /^self:(.*)$/s.exec(source);
      if (self) {
        const found = this.lookup(self[1]!.trim());
        if (found && !(found.kind === 'scalar' && found.value === null)) return this.resolve(found);
        continue;
      }
      const quoted = /^(['"])(.*)\1$/s.exec(source);
      if (quoted) return { kind: 'scalar', value: quoted[2]!, line: 0 };
      if (/^-?\d+(?:\.\d+)?$/.test(source)) return { kind: 'scalar', value: Number(source), line: 0 };
      if (source === 'true' || source === 'false') return { kind: 'scalar', value: source === 'true', line: 0 };
      if (source === 'null') continue;
      // opt:, env:, sls:, ssm:, cf:, s3:, aws:, param:, file(…), strToBool(…), AWS::Region, …: deploy-time values.
      return null;
    }
    return null;
  }

  private lookup(address: string): ConfigNode | undefined {
    let node: ConfigNode | undefined = this.root;
    if (address === '') return node;
    for (const key of address.split('.')) {
      if (!node) return undefined;
      node = this.resolve(node);
      if (node.kind === 'seq' && /^\d+$/.test(key)) node = node.items[Number(key)];
      else node = child(node, key);
    }
    return node;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Layers

/** The name segment of a layer ARN (after `:layer:`, up to the version), skipping over `${…}` spans. */
function layerNameSegment(text: string): string | null {
  // `:layer:` outside any `${…}` (a fallback inside a variable can hold a whole ARN).
  const outer = variableSpans(text);
  let at = text.indexOf(':layer:');
  while (at >= 0 && outer.some((s) => at > s.start && at < s.end)) at = text.indexOf(':layer:', at + 1);
  if (at < 0) return null;
  const start = at + ':layer:'.length;
  const spans = variableSpans(text.slice(start));
  let i = 0;
  for (; i < text.length - start; i++) {
    const span = spans.find((s) => s.start === i);
    if (span) i = span.end - 1;
    else if (text[start + i] === ':') break;
  }
  return text.slice(start, start + i);
}

/** Why a layer's text leaves the answer unknown: its name keeps a variable, or it is not a readable ARN at all. */
function layerUnknownReason(text: string | null): string | null {
  // The service's own layers are not in any catalog whatever their name; a stage in it changes nothing.
  if (text === null || !text.includes('${') || text.startsWith('own:')) return null;
  const name = layerNameSegment(text);
  if (name === null) return `layer ${text} cannot be resolved statically`;
  const variable = variableSpans(name)[0];
  return variable ? `layer name depends on ${name.slice(variable.start, variable.end)}` : null;
}

/** Serverless's logical ID of a layer defined under `layers:` (`my-layer` → `MyDashlayerLambdaLayer`). */
function layerLogicalId(name: string): string {
  const normalized = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return `${normalized.charAt(0).toUpperCase()}${normalized.slice(1)}LambdaLayer`;
}

// ---------------------------------------------------------------------------------------------------------------
// Plugins that add extensions

type Flag = boolean | 'unknown' | undefined;

function flag(node: ConfigNode | undefined): Flag {
  if (!node) return undefined;
  if (node.kind !== 'scalar' || node.unresolved?.length) return 'unknown';
  if (node.value === true || node.value === 'true') return true;
  if (node.value === false || node.value === 'false') return false;
  return 'unknown';
}

interface PluginFacts {
  readonly implicit: string[];
  readonly unknown: string[];
}

interface Service {
  readonly file: string;
  readonly dir: string;
  readonly root: ConfigNode;
  readonly vars: Variables;
  readonly scope: CfnScope;
  readonly context: ReaderContext;
  readonly plugins: ReadonlySet<string>;
}

/** A child with its variables resolved (and every mapping on the way). */
const field = (service: { readonly vars: Variables }, node: ConfigNode | undefined, ...keys: string[]): ConfigNode | undefined => {
  let current = node && service.vars.resolve(node);
  for (const key of keys) {
    const next = child(current, key);
    current = next && service.vars.resolve(next);
  }
  return current;
};

function pluginFacts(service: Service, name: string, fn: ConfigNode): PluginFacts {
  const facts: PluginFacts = { implicit: [], unknown: [] };
  const custom = field(service, service.root, 'custom');
  if (service.plugins.has('serverless-plugin-datadog')) {
    // serverless-plugin-datadog: `addExtension` defaults to true in current versions (README, src/env.ts);
    // `enabled: false` turns the plugin off; `exclude` lists functions it leaves alone.
    const dd = field(service, custom, 'datadog');
    const enabled = flag(field(service, dd, 'enabled'));
    const add = flag(field(service, dd, 'addExtension'));
    const excluded = field(service, dd, 'exclude');
    const isExcluded = excluded?.kind === 'seq' && excluded.items.some((i) => scalarText(service.vars.resolve(i)) === name);
    if (enabled !== false && add !== false && !isExcluded) {
      if (enabled === 'unknown' || add === 'unknown') facts.unknown.push('whether serverless-plugin-datadog adds its extension depends on a variable (custom.datadog)');
      else facts.implicit.push('serverless-plugin-datadog adds the Datadog Lambda Extension layer (custom.datadog.addExtension, on by default)');
    }
  }
  if (service.plugins.has('serverless-plugin-lambda-insights')) {
    // serverless-plugin-lambda-insights: `lambdaInsights` on the function, else custom.lambdaInsights.defaultLambdaInsights.
    const own = flag(field(service, fn, 'lambdaInsights'));
    const on = own ?? flag(field(service, custom, 'lambdaInsights', 'defaultLambdaInsights'));
    if (on === true) facts.implicit.push('serverless-plugin-lambda-insights adds the Lambda Insights extension layer');
    else if (on === 'unknown') facts.unknown.push('whether serverless-plugin-lambda-insights adds Lambda Insights depends on a variable');
  }
  return facts;
}

function pluginNames(service: Omit<Service, 'plugins'>): Set<string> {
  const plugins = field(service, service.root, 'plugins');
  const list = plugins?.kind === 'seq' ? plugins : field(service, plugins, 'modules');
  const names = new Set<string>();
  if (list?.kind === 'seq') for (const item of list.items) {
    const text = scalarText(service.vars.resolve(item));
    if (text) names.add(text);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------------------------
// Functions

function readLayers(service: Service, node: ConfigNode, reasons: string[]): LayerRef[] | 'unknown' {
  const resolved = service.vars.resolve(node);
  const items = resolved.kind === 'seq' || intrinsicOf(resolved) ? evalList(resolved, service.scope) : null;
  if (!items) {
    const raw = scalarText(node) ?? (node.kind === 'scalar' ? String(node.value) : 'a CloudFormation expression');
    reasons.push(`the layer list comes from ${raw}`);
    return 'unknown';
  }
  return items.map((item) => {
    const value = service.vars.resolve(item);
    const text = evalText(value, service.scope, true)?.text ?? null;
    const reason = layerUnknownReason(text);
    if (reason) reasons.push(reason);
    return { text, line: value.line || item.line };
  });
}

function readEnvironment(service: Service, maps: readonly (ConfigNode | undefined)[]): Record<string, EnvironmentValue> {
  const environment: Record<string, EnvironmentValue> = {};
  for (const vars of maps) {
    for (const [name, e] of asMap(vars)?.entries ?? []) environment[name] = environmentValue(service.vars.resolve(e.value), service.scope);
  }
  return environment;
}

function readFunction(service: Service, name: string, keyLine: number, definition: ConfigNode): FunctionDeployment | null {
  const provider = field(service, service.root, 'provider');
  const fn = service.vars.resolve(definition);
  const reasons: string[] = [];
  const base = { tool: 'serverless' as const, name, configFile: service.file, line: keyLine };
  if (fn.kind !== 'map') {
    // `hello: ${file(./functions/hello.yml)}`: the definition is elsewhere.
    const raw = definition.kind === 'scalar' && definition.value !== null ? String(definition.value) : 'a value that is not a mapping';
    return {
      ...base,
      entryModules: [],
      handlerExport: null,
      layers: 'unknown',
      environment: {},
      implicitExtensions: [],
      unknownReason: `function ${name} is defined by ${raw}`,
    };
  }
  const runtime = field(service, fn, 'runtime') ?? field(service, provider, 'runtime');
  const runtimeText = scalarText(runtime);
  if (runtimeText !== undefined && !runtimeText.startsWith('nodejs')) return null;

  const environment = readEnvironment(service, [field(service, provider, 'environment'), field(service, fn, 'environment')]);
  // An image's handler is its `image.command` or the image's CMD: the Dockerfile reader reads the latter.
  if (child(fn, 'image') !== undefined) return { ...base, entryModules: [], handlerExport: null, layers: [], environment, implicitExtensions: [] };

  const modules: string[] = [];
  const handlerNode = field(service, fn, 'handler');
  if (handlerNode?.kind === 'scalar' && handlerNode.unresolved?.length) reasons.push(`the handler depends on ${handlerNode.unresolved[0]}`);
  const handler = readHandler(scalarText(handlerNode), environment);
  if (handler) modules.push(path.resolve(service.dir, handler.module));

  // functions.<name>.layers replaces provider.layers.
  const own = child(fn, 'layers');
  const layersNode = own && !(own.kind === 'scalar' && own.value === null) ? own : child(asMap(provider), 'layers');
  const layers = layersNode ? readLayers(service, layersNode, reasons) : [];
  const plugins = pluginFacts(service, name, fn);
  reasons.push(...plugins.unknown);
  const deployment: FunctionDeployment = {
    ...base,
    entryModules: entryModules(modules, service.context),
    handlerExport: handler?.exportName ?? null,
    layers,
    environment,
    implicitExtensions: plugins.implicit,
  };
  return reasons.length ? { ...deployment, unknownReason: [...new Set(reasons)].join('; ') } : deployment;
}

/**
 * A stand-in for functions whose definitions live in another file (`functions: ${file(./functions.yml)}`): no entry
 * modules, and the reason the answer is unknown.
 */
function unreadFunctions(service: Service, node: ConfigNode): FunctionDeployment {
  const raw = node.kind === 'scalar' ? String(node.value) : 'a value this reader cannot read';
  return {
    tool: 'serverless',
    name: raw,
    configFile: service.file,
    line: node.line,
    entryModules: [],
    handlerExport: null,
    layers: 'unknown',
    environment: {},
    implicitExtensions: [],
    unknownReason: `functions are defined in ${raw}, which this reader does not follow`,
  };
}

function buildScope(root: ConfigNode, vars: Variables): CfnScope {
  const resources = child(root, 'resources');
  const parameters = new Map<string, ParameterInfo>();
  for (const [name, e] of asMap(child(resources, 'Parameters'))?.entries ?? []) {
    parameters.set(name, { type: scalarText(child(e.value, 'Type')) ?? null, default: child(e.value, 'Default') });
  }
  const ownLayers = new Map<string, string | null>();
  const scope: CfnScope = { parameters, ownLayers, mappings: child(resources, 'Mappings'), prepare: vars.resolve };
  // Serverless names a layer defined under `layers:` after its key unless `name` is given (compile/layers.js).
  const layers = child(root, 'layers');
  for (const [key, e] of asMap(layers && vars.resolve(layers))?.entries ?? []) {
    const nameNode = child(e.value, 'name');
    ownLayers.set(layerLogicalId(key), nameNode ? (evalText(nameNode, scope, true)?.text ?? null) : key);
  }
  for (const [id, e] of asMap(child(resources, 'Resources'))?.entries ?? []) {
    if (scalarText(child(e.value, 'Type')) !== 'AWS::Lambda::LayerVersion') continue;
    const nameNode = child(e.value, 'Properties', 'LayerName');
    ownLayers.set(id, nameNode ? (evalText(nameNode, scope, true)?.text ?? null) : id);
  }
  return scope;
}

export const serverlessReader: DeploymentReader = {
  tool: 'serverless',
  matches: (baseName) => baseName === 'serverless.yml' || baseName === 'serverless.yaml' || baseName === 'serverless.json',
  read(file, text, context) {
    const root = parseConfigFile(file, text);
    if (root?.kind !== 'map') return [];
    const vars = new Variables(root);
    const partial = { file, dir: path.dirname(file), root, vars, scope: buildScope(root, vars), context };
    const service: Service = { ...partial, plugins: pluginNames(partial) };
    const providerName = scalarText(field(service, root, 'provider', 'name'));
    if (providerName !== undefined && providerName !== 'aws') return [];

    const functions = child(root, 'functions');
    if (!functions) return [];
    const resolved = vars.resolve(functions);
    // `functions` is a mapping, or a list of mappings and `${file(…)}` references that Serverless merges.
    const groups = resolved.kind === 'seq' ? resolved.items : [resolved];
    const out: FunctionDeployment[] = [];
    for (const group of groups) {
      const map = vars.resolve(group);
      if (map.kind !== 'map') {
        if (map.kind === 'scalar' && map.value !== null) out.push(unreadFunctions(service, map));
        continue;
      }
      for (const [name, e] of map.entries) {
        const fn = readFunction(service, name, e.keyLine, e.value);
        if (fn) out.push(fn);
      }
    }
    return out;
  },
};
