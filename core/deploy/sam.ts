/**
 * Reader for AWS SAM and CloudFormation templates (`template.yaml|yml|json`, `*.template.yaml|yml|json`).
 *
 * The template is parsed with `yaml` (JSON templates too: JSON is YAML) into a small position-keeping tree in
 * which every CloudFormation short tag has been rewritten to its long form (`!Ref X` → `{ Ref: X }`,
 * `!Sub s` → `{ 'Fn::Sub': s }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': [A, B] }`), so the rest of the reader only
 * knows the long forms. Intrinsic functions are then evaluated as far as static text allows (see `evalText`).
 *
 * The tree, the parser and the evaluator are exported because the Serverless reader uses them too: a
 * serverless.yml may hold CloudFormation intrinsics and short tags in its values.
 *
 * What it does not do: follow nested stacks (`AWS::Serverless::Application`, `AWS::CloudFormation::Stack`; the
 * resolver finds nested templates on its own), expand `AWS::LanguageExtensions` `Fn::ForEach` or other macros
 * (except that the Datadog macro's extension is reported in `implicitExtensions`), or read samconfig overrides
 * of parameter defaults.
 */
import path from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { isInside, readHandler } from './paths.js';
import type { HandlerParts } from './paths.js';
import type { CollectionTag, Document, ScalarTag } from 'yaml';
import { DeploymentParseError } from './model.js';
import type { DeploymentReader, EnvironmentValue, FunctionDeployment, LayerRef, ReaderContext } from './model.js';

// ---------------------------------------------------------------------------------------------------------------
// The config tree

export interface ConfigScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  /** 1-based line of the value (of its tag, for a tagged value). */
  readonly line: number;
  /** Variables left unresolved in a string (Serverless `${opt:stage}`): the text keeps them as written. */
  readonly unresolved?: readonly string[];
}
export interface ConfigSeq {
  readonly kind: 'seq';
  readonly items: readonly ConfigNode[];
  readonly line: number;
}
export interface ConfigEntry {
  readonly keyLine: number;
  readonly value: ConfigNode;
}
export interface ConfigMap {
  readonly kind: 'map';
  readonly entries: ReadonlyMap<string, ConfigEntry>;
  readonly line: number;
}
export type ConfigNode = ConfigScalar | ConfigSeq | ConfigMap;

/** CloudFormation short tags and the long form each stands for. */
const SHORT_TAGS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Sub': 'Fn::Sub',
  '!GetAtt': 'Fn::GetAtt',
  '!Join': 'Fn::Join',
  '!If': 'Fn::If',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!FindInMap': 'Fn::FindInMap',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!GetAZs': 'Fn::GetAZs',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/**
 * The short tags as `yaml` custom tags, in scalar, sequence and mapping form. They keep the node as parsed (with
 * its `tag`); `toConfigTree` rewrites them to long forms, keeping positions, which a tag's `resolve` cannot do.
 */
export const CLOUDFORMATION_TAGS: (ScalarTag | CollectionTag)[] = Object.keys(SHORT_TAGS).flatMap((tag) => [
  { tag, resolve: (value: string) => value } satisfies ScalarTag,
  { tag, collection: 'seq', resolve: (value) => value } satisfies CollectionTag,
  { tag, collection: 'map', resolve: (value) => value } satisfies CollectionTag,
]);

interface ConvertContext {
  readonly file: string;
  readonly doc: Document;
  readonly text: string;
  readonly lines: LineCounter;
  readonly active: Set<unknown>;
  /** Each alias's target, found once (`Alias.resolve` walks the whole document). */
  readonly aliases: Map<unknown, unknown>;
  /** Nodes left to build inside alias expansions: a "billion laughs" file must not expand without bound. */
  budget: number;
}

/** At most this many tree nodes built from aliases per file (real templates use a handful of anchors). */
const MAX_ALIAS_NODES = 100_000;

const lineAt = (ctx: ConvertContext, offset: number): number => ctx.lines.linePos(Math.max(0, offset)).line;

function nodeLine(ctx: ConvertContext, node: { range?: readonly number[] | null; tag?: string | undefined }, fallback: number): number {
  const start = node.range?.[0];
  if (start === undefined) return fallback;
  // A tagged block collection starts at its first item; report the tag's line (`- !Join` rather than the line below).
  if (node.tag && SHORT_TAGS[node.tag]) {
    const at = ctx.text.lastIndexOf(node.tag, start);
    if (at >= 0) return lineAt(ctx, at);
  }
  return lineAt(ctx, start);
}

function convert(ctx: ConvertContext, node: unknown, fallbackLine: number): ConfigNode {
  if (ctx.active.size > 0 && --ctx.budget < 0) {
    throw new DeploymentParseError(ctx.file, `aliases expand to more than ${MAX_ALIAS_NODES} values`);
  }
  if (isAlias(node)) {
    if (!ctx.aliases.has(node)) ctx.aliases.set(node, node.resolve(ctx.doc));
    const target = ctx.aliases.get(node);
    if (!target || ctx.active.has(target)) return { kind: 'scalar', value: null, line: fallbackLine };
    ctx.active.add(target);
    try {
      return convert(ctx, target, fallbackLine);
    } finally {
      ctx.active.delete(target);
    }
  }
  let out: ConfigNode;
  let line = fallbackLine;
  if (isScalar(node)) {
    line = nodeLine(ctx, node, fallbackLine);
    const v = node.value;
    const value = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : v === null || v === undefined ? null : String(v);
    out = { kind: 'scalar', value, line };
  } else if (isSeq(node)) {
    line = nodeLine(ctx, node, fallbackLine);
    out = { kind: 'seq', items: node.items.map((item) => convert(ctx, item, line)), line };
  } else if (isMap(node)) {
    line = nodeLine(ctx, node, fallbackLine);
    const entries = new Map<string, ConfigEntry>();
    const merged: ConfigMap[] = [];
    for (const pair of node.items) {
      const key = pair.key;
      const keyLine = isScalar(key) || isAlias(key) ? nodeLine(ctx, key, line) : line;
      if (isScalar(key) && key.source === '<<' && typeof key.value === 'symbol') {
        // A YAML merge key (`<<: *defaults`): explicit keys of this mapping win over merged ones.
        const source = convert(ctx, pair.value, keyLine);
        if (source.kind === 'map') merged.push(source);
        else if (source.kind === 'seq') for (const item of source.items) if (item.kind === 'map') merged.push(item);
        continue;
      }
      const keyNode = isAlias(key) ? convert(ctx, key, keyLine) : isScalar(key) ? { kind: 'scalar', value: key.value } : null;
      const name = keyNode?.kind === 'scalar' ? keyNode.value : null;
      if (typeof name !== 'string' && typeof name !== 'number' && typeof name !== 'boolean') continue;
      entries.set(String(name), { keyLine, value: convert(ctx, pair.value, keyLine) });
    }
    for (const source of merged) for (const [k, e] of source.entries) if (!entries.has(k)) entries.set(k, e);
    out = { kind: 'map', entries, line };
  } else {
    return { kind: 'scalar', value: null, line: fallbackLine };
  }
  const tag = (node as { tag?: string }).tag;
  const long = tag ? SHORT_TAGS[tag] : undefined;
  if (!long) return out;
  let arg: ConfigNode = out;
  if (long === 'Fn::GetAtt' && out.kind === 'scalar' && typeof out.value === 'string') {
    // `!GetAtt Resource.Attribute.With.Dots`: the logical ID has no dots, the attribute may.
    const dot = out.value.indexOf('.');
    const parts = dot < 0 ? [out.value] : [out.value.slice(0, dot), out.value.slice(dot + 1)];
    arg = { kind: 'seq', items: parts.map((p) => ({ kind: 'scalar', value: p, line })), line };
  }
  return { kind: 'map', entries: new Map([[long, { keyLine: line, value: arg }]]), line };
}

/**
 * Parses a YAML or JSON config file with CloudFormation short tags into the config tree; null for an empty
 * document. Throws `DeploymentParseError` with the first error's message and line.
 */
export function parseConfigFile(file: string, text: string): ConfigNode | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, customTags: CLOUDFORMATION_TAGS, merge: true, prettyErrors: false });
  const error = doc.errors[0];
  if (error) {
    const line = lines.linePos(error.pos[0]).line;
    throw new DeploymentParseError(file, `line ${line}: ${error.message}`);
  }
  if (doc.contents === null) return null;
  return convert({ file, doc, text, lines, active: new Set(), aliases: new Map(), budget: MAX_ALIAS_NODES }, doc.contents, 1);
}

// ---------------------------------------------------------------------------------------------------------------
// Tree helpers

export function entry(node: ConfigNode | undefined, key: string): ConfigEntry | undefined {
  return node?.kind === 'map' ? node.entries.get(key) : undefined;
}

/** The node at a path of keys, if every step is a mapping that has the key. */
export function child(node: ConfigNode | undefined, ...keys: string[]): ConfigNode | undefined {
  let current = node;
  for (const key of keys) current = entry(current, key)?.value;
  return current;
}

export const asMap = (node: ConfigNode | undefined): ConfigMap | undefined => (node?.kind === 'map' ? node : undefined);

/** A plain string (or number/boolean) scalar as text; undefined for anything else. */
export function scalarText(node: ConfigNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.value === null || node.unresolved?.length) return undefined;
  return String(node.value);
}

/** `{ Ref: … }`, `{ Condition: … }` or `{ 'Fn::…': … }`: a mapping with exactly that one key. */
export function intrinsicOf(node: ConfigNode | undefined): { readonly fn: string; readonly arg: ConfigNode } | null {
  if (node?.kind !== 'map' || node.entries.size !== 1) return null;
  const [fn, e] = node.entries.entries().next().value as [string, ConfigEntry];
  return fn === 'Ref' || fn === 'Condition' || fn.startsWith('Fn::') ? { fn, arg: e.value } : null;
}

const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;

/** A TS/JS entry point path without its extension. */
export const withoutSourceExtension = (file: string): string => file.replace(SOURCE_EXTENSION, '');

/** Absolute, deduplicated entry modules, without those outside the cwd. */
export function entryModules(modules: readonly string[], context: ReaderContext): string[] {
  const cwd = path.resolve(context.cwd);
  return [...new Set(modules.map((m) => path.resolve(m)))].filter((m) => isInside(cwd, m));
}

// ---------------------------------------------------------------------------------------------------------------
// Intrinsic functions

export interface ParameterInfo {
  readonly type: string | null;
  readonly default: ConfigNode | undefined;
}

export interface CfnScope {
  /** Template parameters (`Parameters`), whose `Default` stands for a `Ref`. */
  readonly parameters: ReadonlyMap<string, ParameterInfo>;
  /**
   * Layers defined in the same file, by logical ID: the layer name (with `${…}` placeholders where it is not
   * static), or null when it cannot be read at all. A `Ref` to one reads as `own:<name>`.
   */
  readonly ownLayers: ReadonlyMap<string, string | null>;
  /** The `Mappings` section, for `Fn::FindInMap` with static keys. */
  readonly mappings: ConfigNode | undefined;
  /** Applied to every node before it is evaluated (the Serverless reader resolves its `${…}` variables here). */
  readonly prepare?: (node: ConfigNode) => ConfigNode;
}

/** Text with `${…}` placeholders for what is not static; `exact` when there are none. */
export interface StaticText {
  readonly text: string;
  readonly exact: boolean;
}

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

const isListType = (type: string | null): boolean => type !== null && (type === 'CommaDelimitedList' || type.startsWith('List<'));

/** A parameter's default as text, unless the parameter is an SSM lookup (whose default is the SSM name). */
function parameterDefault(param: ParameterInfo, scope: CfnScope): string | null {
  if (param.type?.startsWith('AWS::SSM::Parameter::Value') || param.default?.kind !== 'scalar') return null;
  const value = evalText(param.default, scope, true);
  return value && value.exact ? value.text : null;
}

function placeholder(fn: string, arg: ConfigNode, scope: CfnScope): StaticText {
  if (fn === 'Ref') return { text: `\${${evalText(arg, scope, true)?.text ?? 'Ref'}}`, exact: false };
  if (fn === 'Fn::GetAtt' && arg.kind === 'seq') {
    const parts = arg.items.map((i) => evalText(i, scope, true)?.text ?? '?');
    return { text: `\${${parts.join('.')}}`, exact: false };
  }
  return { text: `\${${fn}}`, exact: false };
}

const prepared = (node: ConfigNode, scope: CfnScope): ConfigNode => scope.prepare?.(node) ?? node;

/**
 * A value as text, resolving intrinsics as far as static text allows. `whole` is true for a value that stands on
 * its own (a layer entry, an environment variable): there, a `Ref` to a parameter without default, `Fn::GetAtt`,
 * `Fn::ImportValue`, `Fn::If` with different branches, … give null. Inside `Fn::Join` / `Fn::Sub` (`whole` false)
 * they leave a `${…}` placeholder instead, so the rest of the text (the layer name) stays readable.
 */
export function evalText(input: ConfigNode, scope: CfnScope, whole: boolean): StaticText | null {
  // Mappings can refer to themselves through Fn::FindInMap; give up on absurd depths rather than recurse forever.
  if (evalDepth > MAX_EVAL_DEPTH) return null;
  evalDepth++;
  try {
    return evalTextAt(input, scope, whole);
  } finally {
    evalDepth--;
  }
}

let evalDepth = 0;
const MAX_EVAL_DEPTH = 64;

function evalTextAt(input: ConfigNode, scope: CfnScope, whole: boolean): StaticText | null {
  const node = prepared(input, scope);
  if (node.kind === 'scalar') {
    if (node.value === null) return null;
    return { text: String(node.value), exact: !node.unresolved?.length };
  }
  const call = intrinsicOf(node);
  if (!call) return null;
  const { fn, arg } = call;
  const unknown = (): StaticText | null => (whole ? null : placeholder(fn, arg, scope));
  const args = (): readonly ConfigNode[] => {
    const a = prepared(arg, scope);
    return a.kind === 'seq' ? a.items : [];
  };
  switch (fn) {
    case 'Ref': {
      const name = evalText(arg, scope, true);
      if (!name?.exact) return unknown();
      if (PSEUDO_PARAMETERS.has(name.text)) return name.text === 'AWS::NoValue' ? null : placeholder(fn, arg, scope);
      const param = scope.parameters.get(name.text);
      if (param) {
        const value = parameterDefault(param, scope);
        return value === null ? unknown() : { text: value, exact: true };
      }
      if (whole && scope.ownLayers.has(name.text)) {
        const own = scope.ownLayers.get(name.text);
        return own ? { text: `own:${own}`, exact: true } : null;
      }
      return unknown();
    }
    case 'Fn::Sub':
      return evalSub(arg, scope) ?? unknown();
    case 'Fn::Join': {
      const [delimiter, list] = args();
      const sep = delimiter && evalText(delimiter, scope, true);
      const items = list && evalList(list, scope);
      if (!sep?.exact || !items) return unknown();
      const parts = items.map((item) => evalText(item, scope, false));
      if (parts.some((p) => p === null)) return unknown();
      const texts = parts as StaticText[];
      return { text: texts.map((p) => p.text).join(sep.text), exact: texts.every((p) => p.exact) };
    }
    case 'Fn::Select': {
      const [index, list] = args();
      const i = index && evalText(index, scope, true);
      const items = list && evalList(list, scope);
      const n = i?.exact ? Number(i.text) : NaN;
      const item = items && Number.isInteger(n) ? items[n] : undefined;
      return (item && evalText(item, scope, whole)) ?? unknown();
    }
    case 'Fn::If': {
      const [, a, b] = args();
      const ta = a && evalText(a, scope, whole);
      const tb = b && evalText(b, scope, whole);
      return ta && tb && ta.text === tb.text ? ta : unknown();
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = args().map((k) => evalText(k, scope, true));
      if (!map?.exact || !top?.exact || !second?.exact) return unknown();
      const value = child(scope.mappings, map.text, top.text, second.text);
      return (value && evalText(value, scope, whole)) ?? unknown();
    }
    default:
      return unknown();
  }
}

/** `Fn::Sub`: `${Param}` with a default and `${Var}` from the variable map are substituted, others kept. */
function evalSub(input: ConfigNode, scope: CfnScope): StaticText | null {
  const arg = prepared(input, scope);
  let template: ConfigNode | undefined = arg;
  let variables: ConfigNode | undefined;
  if (arg.kind === 'seq') [template, variables] = arg.items;
  if (!template) return null;
  const base = evalText(template, scope, true);
  if (!base || prepared(template, scope).kind !== 'scalar') return null;
  let exact = base.exact;
  const text = base.text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const variable = child(variables, name);
    const param = scope.parameters.get(name);
    const value = variable ? evalText(variable, scope, false) : param && !isListType(param.type) ? parameterDefault(param, scope) : null;
    if (value === null) {
      exact = false;
      return whole;
    }
    if (typeof value === 'string') return value;
    if (!value.exact) exact = false;
    return value.text;
  });
  return { text, exact };
}

/** A list value: a sequence, a list parameter's default, `Fn::Split` of static text. Null when not static. */
export function evalList(input: ConfigNode, scope: CfnScope): readonly ConfigNode[] | null {
  const node = prepared(input, scope);
  if (node.kind === 'seq') return node.items;
  const call = intrinsicOf(node);
  if (!call) return null;
  const args = prepared(call.arg, scope);
  const items = args.kind === 'seq' ? args.items : [];
  const split = (text: string, sep: string, trim: boolean): ConfigNode[] =>
    text.split(sep).map((part) => ({ kind: 'scalar', value: trim ? part.trim() : part, line: node.line }));
  switch (call.fn) {
    case 'Ref': {
      const name = evalText(call.arg, scope, true);
      const param = name?.exact ? scope.parameters.get(name.text) : undefined;
      if (!param || !isListType(param.type)) return null;
      const value = parameterDefault(param, scope);
      return value === null ? null : value === '' ? [] : split(value, ',', true);
    }
    case 'Fn::Split': {
      const [sep, source] = items;
      const s = sep && evalText(sep, scope, true);
      const text = source && evalText(source, scope, true);
      return s?.exact && text?.exact ? split(text.text, s.text, false) : null;
    }
    case 'Fn::If': {
      const [, a, b] = items;
      const la = a && evalList(a, scope);
      const lb = b && evalList(b, scope);
      if (!la || !lb || la.length !== lb.length) return null;
      const same = la.every((item, i) => evalText(item, scope, true)?.text === evalText(lb[i]!, scope, true)?.text);
      return same ? la : null;
    }
    default:
      return null;
  }
}

/** A layer list as `LayerRef`s, or 'unknown' when the list itself is not static. */
export function readLayerList(node: ConfigNode, scope: CfnScope): LayerRef[] | 'unknown' {
  const items = evalList(node, scope);
  if (!items) return 'unknown';
  return items.map((item) => ({ text: evalText(item, scope, true)?.text ?? null, line: prepared(item, scope).line }));
}

/** An environment variable's value: the text when fully static, otherwise null. */
export function environmentValue(node: ConfigNode, scope: CfnScope): EnvironmentValue {
  const value = evalText(node, scope, true);
  return value?.exact ? value.text : null;
}

// ---------------------------------------------------------------------------------------------------------------
// The reader

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
const LAYER_TYPES = new Set(['AWS::Serverless::LayerVersion', 'AWS::Lambda::LayerVersion']);
const EMPTY: ConfigMap = { kind: 'map', entries: new Map(), line: 1 };

interface TemplateInfo {
  readonly file: string;
  readonly dir: string;
  readonly tool: 'sam' | 'cloudformation';
  readonly scope: CfnScope;
  readonly globals: ConfigMap;
  readonly implicit: readonly string[];
  readonly context: ReaderContext;
}

/** The transforms a template declares: names, and the Datadog macro's extension if it adds one. */
function readTransforms(root: ConfigNode, scope: CfnScope): { sam: boolean; implicit: string[] } {
  const node = child(root, 'Transform');
  const list = node?.kind === 'seq' ? node.items : node ? [node] : [];
  let sam = false;
  const implicit: string[] = [];
  for (const item of list) {
    const name = evalText(item.kind === 'map' ? (child(item, 'Name') ?? item) : item, scope, true)?.text;
    if (name === SAM_TRANSFORM) sam = true;
    if (name === 'DatadogServerless') {
      // The Datadog macro adds its extension layer when `addExtension` is true or `extensionLayerVersion` is set
      // (DataDog/datadog-cloudformation-macro, serverless/src/lambda/lambda.ts).
      const params = child(item, 'Parameters');
      const version = child(params, 'extensionLayerVersion');
      const addNode = child(params, 'addExtension');
      const add = addNode && evalText(addNode, scope, true)?.text;
      if (version || add === 'true') {
        const v = version && evalText(version, scope, true)?.text;
        implicit.push(`the DatadogServerless macro adds the Datadog Lambda Extension layer${v ? ` (extensionLayerVersion ${v})` : ''}`);
      }
    }
  }
  return { sam, implicit };
}

function buildScope(root: ConfigNode): CfnScope {
  const parameters = new Map<string, ParameterInfo>();
  for (const [name, e] of asMap(child(root, 'Parameters'))?.entries ?? []) {
    parameters.set(name, { type: scalarText(child(e.value, 'Type')) ?? null, default: child(e.value, 'Default') });
  }
  const ownLayers = new Map<string, string | null>();
  const scope: CfnScope = { parameters, ownLayers, mappings: child(root, 'Mappings') };
  for (const [id, e] of asMap(child(root, 'Resources'))?.entries ?? []) {
    if (!LAYER_TYPES.has(scalarText(child(e.value, 'Type')) ?? '')) continue;
    // SAM and CloudFormation name a layer after its logical ID when `LayerName` is absent.
    const nameNode = child(e.value, 'Properties', 'LayerName');
    const name = nameNode ? evalText(nameNode, scope, true) : { text: id, exact: true };
    ownLayers.set(id, name?.text ?? null);
  }
  return scope;
}

/** The directory a function's code comes from, or null when it is not a local path (S3, inline code). */
function codeDirectory(node: ConfigNode | undefined, info: TemplateInfo): string | null {
  if (!node) return info.dir;
  const value = evalText(node, info.scope, true);
  if (!value?.exact || /^[a-z][a-z0-9+.-]*:\/\//i.test(value.text)) return null;
  return path.resolve(info.dir, value.text);
}

/** A function's handler string read as the runtime reads it, vendor wrappers unwrapped; null when not static. */
function functionHandler(handler: ConfigNode | undefined, environment: Record<string, EnvironmentValue>, info: TemplateInfo): HandlerParts | null {
  const handlerText = handler && evalText(handler, info.scope, true);
  return handlerText?.exact ? readHandler(handlerText.text, environment) : null;
}

function functionModules(codeDir: string | null, handler: HandlerParts | null, metadata: ConfigNode | undefined, info: TemplateInfo): string[] {
  if (codeDir === null) return [];
  const modules: string[] = [];
  if (handler) modules.push(path.resolve(codeDir, handler.module));
  if (scalarText(child(metadata, 'BuildMethod')) === 'esbuild') {
    // The Handler's module is the bundle esbuild builds from one of these: the function's export is the Handler's.
    const entryPoints = child(metadata, 'BuildProperties', 'EntryPoints');
    for (const ep of entryPoints?.kind === 'seq' ? entryPoints.items : []) {
      const text = evalText(ep, info.scope, true);
      if (text?.exact) modules.push(path.resolve(codeDir, withoutSourceExtension(text.text)));
    }
  }
  return entryModules(modules, info.context);
}

function readEnvironment(maps: readonly (ConfigNode | undefined)[], scope: CfnScope): Record<string, EnvironmentValue> {
  const environment: Record<string, EnvironmentValue> = {};
  for (const vars of maps) for (const [name, e] of asMap(vars)?.entries ?? []) environment[name] = environmentValue(e.value, scope);
  return environment;
}

function readFunction(id: string, keyLine: number, resource: ConfigNode, serverless: boolean, info: TemplateInfo): FunctionDeployment | null {
  const props = asMap(child(resource, 'Properties')) ?? EMPTY;
  // SAM Globals apply to AWS::Serverless::Function only, never to a plain AWS::Lambda::Function.
  const globals = serverless ? info.globals : EMPTY;
  const prop = (name: string): ConfigNode | undefined => child(props, name) ?? child(globals, name);
  const runtime = prop('Runtime');
  const runtimeText = runtime && evalText(runtime, info.scope, true);
  if (runtimeText?.exact && !runtimeText.text.startsWith('nodejs')) return null;
  const imageUri = serverless ? child(props, 'ImageUri') : child(props, 'Code', 'ImageUri');
  const image = scalarText(child(props, 'PackageType')) === 'Image' || imageUri !== undefined;

  const environment = readEnvironment([child(globals, 'Environment', 'Variables'), child(props, 'Environment', 'Variables')], info.scope);
  // An image's handler is its CMD (or ImageConfig.Command): the Dockerfile reader reads those.
  const handler = image ? null : functionHandler(prop('Handler'), environment, info);
  let modules: string[] = [];
  if (!image) {
    if (serverless) {
      const inline = prop('InlineCode') !== undefined;
      modules = inline ? [] : functionModules(codeDirectory(prop('CodeUri'), info), handler, child(resource, 'Metadata'), info);
    } else {
      // CloudFormation `Code`: a local path (for `aws cloudformation package`) maps to source; S3Key/ZipFile do not.
      const code = child(props, 'Code');
      const local = code?.kind === 'scalar' ? codeDirectory(code, info) : null;
      modules = functionModules(local, handler, child(resource, 'Metadata'), info);
    }
  }

  // SAM merges list-valued Globals: the function's own layers come after the global ones.
  const lists = image ? [] : [child(globals, 'Layers'), child(props, 'Layers')].flatMap((n) => (n ? [readLayerList(n, info.scope)] : []));
  const layers = lists.includes('unknown') ? 'unknown' : lists.flatMap((l) => (l === 'unknown' ? [] : l));

  return {
    tool: info.tool,
    name: id,
    configFile: info.file,
    line: keyLine,
    entryModules: modules,
    handlerExport: handler?.exportName ?? null,
    layers,
    environment,
    implicitExtensions: image ? [] : [...info.implicit],
  };
}

export const samReader: DeploymentReader = {
  tool: 'sam-or-cloudformation',
  matches: (baseName) => /^(?:template|.+\.template)\.(?:ya?ml|json)$/.test(baseName),
  read(file, text, context) {
    const root = parseConfigFile(file, text);
    const resources = asMap(child(root ?? undefined, 'Resources'));
    if (!root || !resources) return [];
    const scope = buildScope(root);
    const transforms = readTransforms(root, scope);
    const info: TemplateInfo = {
      file,
      dir: path.dirname(file),
      tool: transforms.sam ? 'sam' : 'cloudformation',
      scope,
      globals: asMap(child(root, 'Globals', 'Function')) ?? EMPTY,
      implicit: transforms.implicit,
      context,
    };
    const out: FunctionDeployment[] = [];
    for (const [id, e] of resources.entries) {
      const type = scalarText(child(e.value, 'Type'));
      if (type !== 'AWS::Serverless::Function' && type !== 'AWS::Lambda::Function') continue;
      const fn = readFunction(id, e.keyLine, e.value, type === 'AWS::Serverless::Function', info);
      if (fn) out.push(fn);
    }
    return out;
  },
};
