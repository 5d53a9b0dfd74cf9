/**
 * AWS CDK stacks (TypeScript or JavaScript, CDK v2 `aws-cdk-lib` and v1 `@aws-cdk/*`), read as source and never
 * executed: `new NodejsFunction(…)`, `new lambda.Function(…)` / `SingletonFunction` / `DockerImageFunction`, their
 * layers (`layers: […]`, `fn.addLayers(…)`), the props that add an extension without a layer list
 * (`insightsVersion`, `adotInstrumentation`, `paramsAndSecrets`, Datadog's construct), and their environment.
 *
 * Which files: `matches()` sees only a base name, so it accepts the names CDK apps give their stack and construct
 * files (`api-stack.ts`, `ApiStack.ts`, `api.stack.ts`, `app.ts`, `cdk.ts`, `infra.ts`, `constructs.ts`, with
 * `.js .mjs .cjs .mts .cts` variants). That net catches Lambda sources too (`src/app.ts`), so `read()` first checks
 * the text for `aws-cdk` (or `datadog-cdk-constructs`) and returns [] without parsing when it is absent: a file
 * that does not mention CDK is never parsed, so a malformed non-CDK file is no error either.
 *
 * Values are followed with the scope analysis the rules use: imports and requires through the reference tracker
 * (`import * as lambda from 'aws-cdk-lib/aws-lambda'`, `import { aws_lambda as lambda } from 'aws-cdk-lib'`,
 * `const { NodejsFunction } = require('@aws-cdk/aws-lambda-nodejs')`), and variables (`const`, or a single plain
 * assignment), `this.x = …` properties of the same class, `for (const fn of [a, b])` and `[a, b].forEach(fn => …)`,
 * constant arrays and object literals spread into props.
 *
 * Paths: `entry` and `Code.fromAsset(dir)` are evaluated from `__dirname` / `__filename`, `import.meta.dirname` /
 * `.filename` / `.url`, `path.join` / `resolve` / `dirname` / `normalize` (from `path` / `node:path`, also `posix.`),
 * `new URL(rel, import.meta.url).pathname`, `fileURLToPath(…)`, `process.cwd()`, template literals and `+`. A
 * relative result is taken relative to the ReaderContext cwd, as CDK resolves it against the process cwd. Entry
 * modules that fall outside that cwd are dropped (ReaderContext: "paths that resolve outside it are ignored").
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isInside, readHandler } from './paths.js';
import type { TSESTree } from '@typescript-eslint/utils';
import { propertyName, unwrapExpression, walk } from '../ast.js';
import type { Node } from '../ast.js';
import { addToTraceMap, moduleReferences } from '../modules.js';
import type { RefKind, TraceMap } from '../modules.js';
import { parseFile } from '../parse.js';
import { Scopes } from '../scope.js';
import type { ParsedFile, Variable } from '../scope.js';
import { DeploymentParseError } from './model.js';
import type { DeploymentReader, EnvironmentValue, FunctionDeployment, LayerRef, ReaderContext } from './model.js';

/** Stack and construct file names: `api-stack.ts`, `ApiStack.ts`, `api.stack.ts`, `app.ts`, `cdk.ts`, `infra.ts`, `constructs.ts`. */
const CDK_FILE = /(?:stack|app|cdk|infra|constructs?)\.[cm]?[jt]s$/i;
/** The cheap text test before parsing: every CDK app imports one of these. */
const CDK_TEXT = /aws-cdk|datadog-cdk-constructs/;

/** Reasons given in `implicitExtensions`. */
export const CDK_IMPLICIT_EXTENSION = {
  insightsVersion: 'insightsVersion adds the Lambda Insights extension',
  adotInstrumentation: 'adotInstrumentation adds the ADOT extension layer',
  paramsAndSecrets: 'paramsAndSecrets adds the Parameters and Secrets extension',
  datadog: 'Datadog construct adds Datadog-Extension',
} as const;

type Tag =
  | 'NodejsFunction'
  | 'Function'
  | 'ImageFunction'
  | 'LayerVersion'
  | 'layerArn'
  | 'layerAttributes'
  | 'codeAsset'
  | 'paramsAndSecrets'
  | 'Datadog'
  | 'fnSub'
  | 'fnJoin'
  | 'pathJoin'
  | 'pathResolve'
  | 'pathDirname'
  | 'pathNormalize'
  | 'fileURLToPath';

/** What this reader recognises, as data: module, export path, kind of use, tag. */
const TRACE_MAP: TraceMap<Tag> = (() => {
  const map: TraceMap<Tag> = {};
  const lambdaModules: [string, string[]][] = [['aws-cdk-lib/aws-lambda', []], ['@aws-cdk/aws-lambda', []], ['aws-cdk-lib', ['aws_lambda']]];
  const lambdaEntries: [string[], RefKind, Tag][] = [
    [['Function'], 'construct', 'Function'],
    [['SingletonFunction'], 'construct', 'Function'],
    [['DockerImageFunction'], 'construct', 'ImageFunction'],
    [['LayerVersion'], 'construct', 'LayerVersion'],
    [['LayerVersion', 'fromLayerVersionArn'], 'call', 'layerArn'],
    [['LayerVersion', 'fromLayerVersionAttributes'], 'call', 'layerAttributes'],
    [['Code', 'fromAsset'], 'call', 'codeAsset'],
    [['Code', 'asset'], 'call', 'codeAsset'],
    [['Code', 'fromCustomCommand'], 'call', 'codeAsset'],
    [['AssetCode', 'fromAsset'], 'call', 'codeAsset'],
    [['AssetCode'], 'construct', 'codeAsset'],
    [['ParamsAndSecretsLayerVersion', 'fromVersion'], 'call', 'paramsAndSecrets'],
    [['ParamsAndSecretsLayerVersion', 'fromVersionArn'], 'call', 'paramsAndSecrets'],
  ];
  for (const [module, prefix] of lambdaModules) {
    for (const [p, kind, tag] of lambdaEntries) addToTraceMap(map, module, [...prefix, ...p], kind, tag);
  }
  for (const [module, prefix] of [['aws-cdk-lib/aws-lambda-nodejs', []], ['@aws-cdk/aws-lambda-nodejs', []], ['aws-cdk-lib', ['aws_lambda_nodejs']]] as const) {
    addToTraceMap(map, module, [...prefix, 'NodejsFunction'], 'construct', 'NodejsFunction');
  }
  for (const module of ['aws-cdk-lib', '@aws-cdk/core']) {
    addToTraceMap(map, module, ['Fn', 'sub'], 'call', 'fnSub');
    addToTraceMap(map, module, ['Fn', 'join'], 'call', 'fnJoin');
  }
  for (const module of ['datadog-cdk-constructs-v2', 'datadog-cdk-constructs']) {
    addToTraceMap(map, module, ['DatadogLambda'], 'construct', 'Datadog');
    addToTraceMap(map, module, ['Datadog'], 'construct', 'Datadog');
  }
  for (const module of ['path', 'node:path']) {
    for (const prefix of [[], ['posix'], ['default'], ['default', 'posix']]) {
      addToTraceMap(map, module, [...prefix, 'join'], 'call', 'pathJoin');
      addToTraceMap(map, module, [...prefix, 'resolve'], 'call', 'pathResolve');
      addToTraceMap(map, module, [...prefix, 'dirname'], 'call', 'pathDirname');
      addToTraceMap(map, module, [...prefix, 'normalize'], 'call', 'pathNormalize');
    }
  }
  for (const module of ['url', 'node:url']) addToTraceMap(map, module, ['fileURLToPath'], 'call', 'fileURLToPath');
  return map;
})();

const FUNCTION_TAGS: ReadonlySet<Tag> = new Set(['NodejsFunction', 'Function', 'ImageFunction']);
const MUTATING_ARRAY_METHODS: ReadonlySet<string> = new Set(['push', 'unshift', 'splice', 'pop', 'shift', 'fill', 'length']);
const ENTRY_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const MAX_DEPTH = 12;

/**
 * How a construct names its handler: a Lambda handler string (`lambda.Function`, or a `NodejsFunction` whose
 * `handler` has a dot or that is given `code`), or the export name alone (a bundled `NodejsFunction`, whose handler
 * CDK writes as `index.<handler>`).
 */
type HandlerProp = { readonly kind: 'string' | 'export'; readonly text: string };

interface Builder {
  readonly name: string;
  readonly line: number;
  readonly entryModules: string[];
  /** The handler, or null when it cannot be read statically. */
  handler: HandlerProp | null;
  /**
   * The directory of a `Code.fromAsset(dir)` the handler string is resolved against. The entry module is computed
   * once the environment is complete (`addEnvironment` calls), since a wrapper handler names the real one there.
   */
  assetDir: string | null;
  layers: LayerRef[] | 'unknown';
  readonly environment: Record<string, EnvironmentValue>;
  readonly implicitExtensions: string[];
  readonly unknownReasons: string[];
}

interface Props {
  readonly values: Map<string, Node>;
  /** Source text of spreads (or a whole props argument) that could not be read. */
  readonly unresolved: string[];
}

interface LayerList {
  readonly refs: LayerRef[];
  readonly implicit: string[];
}

class CdkStack {
  private readonly scopes: Scopes;
  private readonly tags = new Map<Node, Tag>();
  /** `this.x = …` and `x = …` class fields, by class then property name. */
  private readonly classProps = new Map<Node, Map<string, Node[]>>();
  private readonly dir: string;

  constructor(
    private readonly parsed: ParsedFile,
    private readonly file: string,
    private readonly cwd: string,
  ) {
    this.scopes = new Scopes(parsed);
    this.dir = path.dirname(file);
    for (const ref of moduleReferences(this.scopes.globalScope, TRACE_MAP)) this.tags.set(ref.node, ref.info);
  }

  read(): FunctionDeployment[] {
    const constructs = [...this.tags]
      .filter((entry): entry is [TSESTree.NewExpression, Tag] => FUNCTION_TAGS.has(entry[1]) && entry[0].type === 'NewExpression')
      .sort((a, b) => a[0].range[0] - b[0].range[0]);
    if (constructs.length === 0) return [];

    const calls: { name: string; call: TSESTree.CallExpression; object: Node }[] = [];
    walk(this.parsed.ast, this.parsed.visitorKeys, (node) => {
      if (node.type === 'AssignmentExpression' && node.operator === '=') {
        const target = this.thisProperty(node.left);
        if (target) this.addClassProp(target.cls, target.name, node.right);
      } else if (node.type === 'PropertyDefinition' && !node.static && node.value && node.parent.type === 'ClassBody') {
        const name = propertyName(node);
        if (name !== null) this.addClassProp(node.parent.parent, name, node.value);
      } else if (node.type === 'CallExpression') {
        const callee = unwrapExpression(node.callee);
        if (callee.type === 'MemberExpression') {
          const name = propertyName(callee);
          if (name === 'addLayers' || name === 'addEnvironment' || name === 'addLambdaFunctions') calls.push({ name, call: node, object: callee.object });
        }
      }
    });

    const builders = new Map<Node, Builder>();
    for (const [node, tag] of constructs) builders.set(node, this.build(node, tag));

    for (const { name, call, object } of calls) {
      if (name === 'addLambdaFunctions') {
        this.applyDatadog(call, object, builders);
        continue;
      }
      const targets = this.originsOf(object).flatMap((o) => builders.get(o) ?? []);
      for (const b of targets) {
        if (name === 'addLayers') this.addLayers(b, call.arguments, false);
        else this.addEnvironmentCall(b, call);
      }
    }

    return [...builders.values()].map((b) => {
      const handler = b.handler?.kind === 'string' ? readHandler(b.handler.text, b.environment) : null;
      if (b.assetDir !== null && handler) {
        const entry = path.join(b.assetDir, handler.module);
        if (this.insideCwd(entry)) b.entryModules.push(entry);
      }
      const deployment: FunctionDeployment = {
        tool: 'cdk',
        name: b.name,
        configFile: this.file,
        line: b.line,
        entryModules: [...new Set(b.entryModules)],
        handlerExport: b.handler?.kind === 'export' ? b.handler.text : (handler?.exportName ?? null),
        layers: b.layers,
        environment: b.environment,
        implicitExtensions: [...new Set(b.implicitExtensions)],
      };
      return b.unknownReasons.length > 0 ? { ...deployment, unknownReason: [...new Set(b.unknownReasons)].join('; ') } : deployment;
    });
  }

  // ---- functions ------------------------------------------------------------------------------------------------

  private build(node: TSESTree.NewExpression, tag: Tag): Builder {
    const [, idArg, propsArg] = node.arguments;
    const id = idArg ? this.text(idArg) : null;
    const props = this.props(propsArg);
    const b: Builder = {
      name: id ?? (idArg ? this.source(idArg) : ''),
      line: node.loc.start.line,
      entryModules: [],
      handler: null,
      assetDir: null,
      layers: [],
      environment: {},
      implicitExtensions: [],
      unknownReasons: [],
    };

    if (tag === 'NodejsFunction' && !props.values.has('code')) {
      const entry = this.nodejsEntry(props, id);
      if (entry !== null && this.insideCwd(entry)) b.entryModules.push(entry);
      b.handler = this.nodejsHandler(props);
    } else if (tag === 'NodejsFunction' || tag === 'Function') {
      // A NodejsFunction given `code` is a plain lambda.Function: CDK neither bundles `entry` nor prefixes the handler.
      b.assetDir = this.assetDirectory(props);
      b.handler = this.handlerString(props);
    }

    const layers = props.values.get('layers');
    if (layers) this.addLayers(b, [layers], true);
    else if (props.unresolved.length > 0) b.layers = 'unknown';

    for (const key of ['insightsVersion', 'adotInstrumentation', 'paramsAndSecrets'] as const) {
      const value = props.values.get(key);
      if (value && isPresent(value)) b.implicitExtensions.push(CDK_IMPLICIT_EXTENSION[key]);
    }

    const environment = props.values.get('environment');
    if (environment) Object.assign(b.environment, this.environment(environment));

    for (const src of props.unresolved) b.unknownReasons.push(`the props \`${src}\` cannot be read statically`);
    return b;
  }

  /** `entry` of a NodejsFunction, or CDK's default `<stack dir>/<stack name>.<construct id>.ts|js`. */
  private nodejsEntry(props: Props, id: string | null): string | null {
    const entry = props.values.get('entry');
    if (entry) {
      const p = this.evalPath(entry);
      return p === null ? null : path.resolve(this.cwd, p).replace(ENTRY_EXTENSION, '');
    }
    if (props.unresolved.length > 0 || id === null) return null;
    const base = path.basename(this.file).replace(/\.[^.]*$/, '');
    return path.join(this.dir, `${base}.${id}`);
  }

  /**
   * The `handler` of a bundled NodejsFunction: the export name (CDK deploys `index.<handler>`), default `handler`; a
   * handler with a dot is deployed as written, so it is a handler string.
   */
  private nodejsHandler(props: Props): HandlerProp | null {
    const value = props.values.get('handler');
    if (!value || !isPresent(value)) return props.unresolved.length > 0 ? null : { kind: 'export', text: 'handler' };
    const text = this.text(value);
    if (text === null || text === '') return null;
    return { kind: text.includes('.') ? 'string' : 'export', text };
  }

  /** The `handler` of a lambda.Function: a Lambda handler string (`dir/app.handler`). */
  private handlerString(props: Props): HandlerProp | null {
    const value = props.values.get('handler');
    const text = value ? this.text(value) : null;
    return text === null ? null : { kind: 'string', text };
  }

  /** `code: Code.fromAsset(dir)`: the directory (`dir/app.handler` then gives `<dir>/dir/app`), or null. */
  private assetDirectory(props: Props): string | null {
    const code = props.values.get('code');
    if (!code) return null;
    const origins = this.originsOf(code);
    const origin = origins.length === 1 ? origins[0]! : null;
    if (!origin || this.tags.get(origin) !== 'codeAsset' || (origin.type !== 'CallExpression' && origin.type !== 'NewExpression')) return null;
    const asset = origin.arguments[0] ? this.evalPath(origin.arguments[0]) : null;
    if (asset === null || /\.(?:zip|jar)$/i.test(asset)) return null;
    return path.resolve(this.cwd, asset);
  }

  private insideCwd(p: string): boolean {
    return isInside(this.cwd, p);
  }

  // ---- layers ---------------------------------------------------------------------------------------------------

  /** Adds layer expressions (the `layers` array when `asList`, else `addLayers` arguments) to a function. */
  private addLayers(b: Builder, exprs: readonly (Node | TSESTree.SpreadElement)[], asList: boolean): void {
    const elements = asList && exprs[0] ? this.list(exprs[0]) : this.spreadList(exprs);
    if (elements === null) {
      b.layers = 'unknown';
      return;
    }
    const list: LayerList = { refs: [], implicit: [] };
    for (const e of elements) this.layer(e, list);
    if (b.layers !== 'unknown') b.layers.push(...list.refs);
    b.implicitExtensions.push(...list.implicit);
  }

  private layer(e: Node, out: LayerList): void {
    const line = e.loc.start.line;
    const origins = this.originsOf(e);
    const origin = origins.length === 1 ? origins[0]! : null;
    const tag = origin ? this.tags.get(origin) : undefined;
    if (origin?.type === 'CallExpression' && tag === 'layerArn') {
      out.refs.push({ text: origin.arguments[2] ? this.text(origin.arguments[2], true) : null, line });
    } else if (origin?.type === 'CallExpression' && tag === 'layerAttributes') {
      const arn = this.props(origin.arguments[2]).values.get('layerVersionArn');
      out.refs.push({ text: arn ? this.text(arn, true) : null, line });
    } else if (origin?.type === 'NewExpression' && tag === 'LayerVersion') {
      const [, idArg, propsArg] = origin.arguments;
      const nameExpr = this.props(propsArg).values.get('layerVersionName');
      const name = (nameExpr ? this.text(nameExpr) : null) ?? (idArg ? (this.text(idArg) ?? this.source(idArg)) : '');
      out.refs.push({ text: `own:${name}`, line });
    } else if (origin?.type === 'CallExpression' && tag === 'paramsAndSecrets') {
      out.implicit.push(CDK_IMPLICIT_EXTENSION.paramsAndSecrets);
    } else {
      out.refs.push({ text: null, line });
    }
  }

  // ---- environment ----------------------------------------------------------------------------------------------

  private environment(expr: Node): Record<string, EnvironmentValue> {
    const out: Record<string, EnvironmentValue> = {};
    for (const [key, value] of this.props(expr).values) out[key] = this.text(value);
    return out;
  }

  private addEnvironmentCall(b: Builder, call: TSESTree.CallExpression): void {
    const [keyArg, valueArg] = call.arguments;
    const key = keyArg && keyArg.type !== 'SpreadElement' ? this.text(keyArg) : null;
    if (key === null) return;
    b.environment[key] = valueArg && valueArg.type !== 'SpreadElement' ? this.text(valueArg) : null;
  }

  // ---- Datadog --------------------------------------------------------------------------------------------------

  /** `datadog.addLambdaFunctions([fn, …])`: the construct adds the extension when `extensionLayerVersion|Arn` is set. */
  private applyDatadog(call: TSESTree.CallExpression, object: Node, builders: Map<Node, Builder>): void {
    for (const construct of this.originsOf(object)) {
      if (construct.type !== 'NewExpression' || this.tags.get(construct) !== 'Datadog') continue;
      const props = this.props(construct.arguments[2]);
      const adds = ['extensionLayerVersion', 'extensionLayerArn'].some((k) => {
        const v = props.values.get(k);
        return v !== undefined && isPresent(v);
      });
      const unknown = !adds && props.unresolved.length > 0;
      const fns = call.arguments[0] ? this.list(call.arguments[0]) : null;
      for (const fn of fns ?? []) {
        for (const b of this.originsOf(fn).flatMap((o) => builders.get(o) ?? [])) {
          if (adds) b.implicitExtensions.push(CDK_IMPLICIT_EXTENSION.datadog);
          else if (unknown) b.unknownReasons.push(`the Datadog construct props \`${props.unresolved.join(', ')}\` cannot be read statically`);
        }
      }
    }
  }

  // ---- values ---------------------------------------------------------------------------------------------------

  /**
   * The expressions a value can come from: through `const`/singly-assigned variables, `this.x` fields of the same
   * class, `for (const x of [a, b])` and `[a, b].forEach((x) => …)`. An expression it cannot follow is its own
   * origin.
   */
  private originsOf(expr: Node, depth = 0): Node[] {
    const node = unwrapExpression(expr);
    if (depth > MAX_DEPTH) return [node];
    if (node.type === 'Identifier') {
      const variable = this.scopes.variableOf(node);
      const writes = variable ? this.writesOf(variable, depth) : null;
      return writes === null || writes.length === 0 ? [node] : writes.flatMap((w) => this.originsOf(w, depth + 1));
    }
    const target = this.thisProperty(node);
    if (target) {
      const values = this.classProps.get(target.cls)?.get(target.name);
      return values ? values.flatMap((v) => this.originsOf(v, depth + 1)) : [node];
    }
    if (node.type === 'MemberExpression') {
      // commonProps.environment, where commonProps is a constant object literal
      const name = propertyName(node);
      const objects = name === null ? [] : this.originsOf(node.object, depth + 1);
      const object = objects.length === 1 ? objects[0]! : null;
      const value = object?.type === 'ObjectExpression' ? this.props(object, depth + 1).values.get(name!) : undefined;
      return value ? this.originsOf(value, depth + 1) : [node];
    }
    return [node];
  }

  /** The values written to a variable, or null when they cannot all be seen. */
  private writesOf(variable: Variable, depth: number): Node[] | null {
    const def = variable.defs[0];
    if (!def || variable.defs.length > 1) return null;
    if (def.type === 'Parameter') {
      // [a, b].forEach((fn) => …)
      const fn = def.node;
      if ((fn.type !== 'ArrowFunctionExpression' && fn.type !== 'FunctionExpression') || fn.params[0] !== def.name) return null;
      const call = fn.parent;
      if (call?.type !== 'CallExpression' || call.arguments[0] !== fn) return null;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== 'MemberExpression' || !['forEach', 'map'].includes(propertyName(callee) ?? '')) return null;
      return this.list(callee.object, depth + 1);
    }
    if (def.type !== 'Variable' || def.node.id !== def.name) return null;
    const declaration = def.parent;
    const loop = declaration?.parent;
    if ((loop?.type === 'ForOfStatement' || loop?.type === 'ForInStatement') && loop.left === declaration) {
      return loop.type === 'ForOfStatement' ? this.list(loop.right, depth + 1) : null;
    }
    const out: Node[] = [];
    for (const ref of variable.references) {
      if (!ref.isWrite()) continue;
      const parent = ref.identifier.parent;
      const plain =
        (parent?.type === 'VariableDeclarator' && parent.id === ref.identifier) ||
        (parent?.type === 'AssignmentExpression' && parent.operator === '=' && parent.left === ref.identifier);
      if (!plain || ref.isReadWrite() || !ref.writeExpr) return null;
      out.push(ref.writeExpr as Node);
    }
    return out;
  }

  private thisProperty(node: Node): { cls: Node; name: string } | null {
    if (node.type !== 'MemberExpression' || node.object.type !== 'ThisExpression') return null;
    const name = propertyName(node);
    if (name === null) return null;
    for (let n: Node | undefined = node.parent; n; n = n.parent) {
      if (n.type === 'FunctionExpression' || n.type === 'FunctionDeclaration') {
        if (n.parent?.type !== 'MethodDefinition') return null;
      } else if (n.type === 'ClassBody') {
        return { cls: n.parent, name };
      }
    }
    return null;
  }

  private addClassProp(cls: Node, name: string, value: Node): void {
    let props = this.classProps.get(cls);
    if (!props) this.classProps.set(cls, (props = new Map()));
    props.set(name, [...(props.get(name) ?? []), value]);
  }

  /** The elements of an array literal (spreads of known arrays flattened), or null when it cannot be read. */
  private list(expr: Node, depth = 0): Node[] | null {
    if (depth > MAX_DEPTH) return null;
    const origins = this.originsOf(expr, depth);
    const origin = origins.length === 1 ? origins[0]! : null;
    if (origin?.type !== 'ArrayExpression' || this.mutated(expr)) return null;
    return this.spreadList(origin.elements, depth);
  }

  private spreadList(elements: readonly (Node | TSESTree.SpreadElement | null)[], depth = 0): Node[] | null {
    const out: Node[] = [];
    for (const e of elements) {
      if (!e) continue;
      if (e.type === 'SpreadElement') {
        const inner = this.list(e.argument, depth + 1);
        if (inner === null) return null;
        out.push(...inner);
      } else {
        out.push(e);
      }
    }
    return out;
  }

  /** Is the array a variable names changed in place (`layers.push(x)`)? */
  private mutated(expr: Node): boolean {
    const node = unwrapExpression(expr);
    if (node.type !== 'Identifier') return false;
    const variable = this.scopes.variableOf(node);
    return !!variable?.references.some((ref) => {
      const parent = ref.identifier.parent;
      if (parent?.type !== 'MemberExpression' || parent.object !== ref.identifier) return false;
      const name = propertyName(parent);
      return name !== null && MUTATING_ARRAY_METHODS.has(name);
    });
  }

  /** The properties of an object literal (through variables and spreads), with what could not be read. */
  private props(expr: Node | TSESTree.SpreadElement | undefined, depth = 0, spread = false): Props {
    const out: Props = { values: new Map(), unresolved: [] };
    if (!expr) return out;
    const origins = expr.type === 'SpreadElement' || depth > MAX_DEPTH ? [] : this.originsOf(expr, depth);
    const origin = origins.length === 1 ? origins[0]! : null;
    if (origin?.type !== 'ObjectExpression') {
      out.unresolved.push(`${spread ? '...' : ''}${this.source(expr)}`);
      return out;
    }
    for (const p of origin.properties) {
      if (p.type === 'SpreadElement') {
        const inner = this.props(p.argument, depth + 1, true);
        for (const [k, v] of inner.values) out.values.set(k, v);
        out.unresolved.push(...inner.unresolved);
      } else if (p.kind === 'init' && !p.method) {
        const key = p.computed ? this.text(p.key) : propertyName(p);
        if (key !== null) out.values.set(key, p.value);
      }
    }
    return out;
  }

  /**
   * The string an expression stands for. With `placeholders`, parts that cannot be read stay in the text as
   * `${source}` (`arn:aws:lambda:${this.region}:…`), and `Fn.sub` / `Fn.join` are read; otherwise any unknown
   * part makes the whole value null.
   */
  private text(expr: Node, placeholders = false, depth = 0): string | null {
    const node = unwrapExpression(expr);
    if (depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'Literal':
        return typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean' ? String(node.value) : null;
      case 'TemplateLiteral': {
        let out = '';
        for (const [i, quasi] of node.quasis.entries()) {
          out += quasi.value.cooked ?? quasi.value.raw;
          const e = node.expressions[i];
          if (!e) continue;
          const part = this.text(e, placeholders, depth + 1);
          if (part === null && !placeholders) return null;
          out += part ?? `\${${this.source(e)}}`;
        }
        return out;
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return null;
        const left = this.text(node.left, placeholders, depth + 1);
        const right = this.text(node.right, placeholders, depth + 1);
        if (left !== null && right !== null) return left + right;
        if (!placeholders || (left === null && right === null)) return null;
        return (left ?? `\${${this.source(node.left)}}`) + (right ?? `\${${this.source(node.right)}}`);
      }
      case 'CallExpression': {
        if (!placeholders) return null;
        const tag = this.tags.get(node);
        if (tag === 'fnSub') return this.fnSub(node, depth);
        if (tag === 'fnJoin') return this.fnJoin(node, depth);
        return null;
      }
      default: {
        const origins = this.originsOf(node);
        const origin = origins.length === 1 ? origins[0]! : null;
        return origin && origin !== node ? this.text(origin, placeholders, depth + 1) : null;
      }
    }
  }

  /** `Fn.sub('arn:…:${AWS::Region}:…:${Name}', { Name: 'x' })`: the template, with the given variables filled in. */
  private fnSub(call: TSESTree.CallExpression, depth: number): string | null {
    const [template, vars] = call.arguments;
    const body = template && template.type !== 'SpreadElement' ? this.text(template, false, depth + 1) : null;
    if (body === null) return null;
    const values = this.props(vars).values;
    return body.replace(/\$\{([^}!][^}]*)\}/g, (whole, name: string) => {
      const v = values.get(name);
      return (v ? this.text(v, true, depth + 1) : null) ?? whole;
    });
  }

  /** `Fn.join(':', ['arn', 'aws', …])`. */
  private fnJoin(call: TSESTree.CallExpression, depth: number): string | null {
    const [delimiter, parts] = call.arguments;
    const d = delimiter && delimiter.type !== 'SpreadElement' ? this.text(delimiter, false, depth + 1) : null;
    const list = parts && parts.type !== 'SpreadElement' ? this.list(parts, depth + 1) : null;
    if (d === null || list === null) return null;
    return list.map((e) => this.text(e, true, depth + 1) ?? `\${${this.source(e)}}`).join(d);
  }

  /** A file system path an expression evaluates to (absolute, or relative to the cwd), or null. */
  private evalPath(expr: Node, depth = 0): string | null {
    const node = unwrapExpression(expr);
    if (depth > MAX_DEPTH) return null;
    switch (node.type) {
      case 'Identifier': {
        if (this.isGlobal(node, '__dirname')) return this.dir;
        if (this.isGlobal(node, '__filename')) return this.file;
        break;
      }
      case 'MemberExpression': {
        const name = propertyName(node);
        if (node.object.type === 'MetaProperty' && node.object.meta.name === 'import') {
          if (name === 'dirname') return this.dir;
          if (name === 'filename') return this.file;
          return null;
        }
        if (name === 'pathname') {
          const url = this.evalUrl(node.object, depth + 1);
          return url === null ? null : fileURLToPath(url);
        }
        break;
      }
      case 'TemplateLiteral': {
        let out = '';
        for (const [i, quasi] of node.quasis.entries()) {
          out += quasi.value.cooked ?? quasi.value.raw;
          const e = node.expressions[i];
          if (!e) continue;
          const part = this.evalPath(e, depth + 1);
          if (part === null) return null;
          out += part;
        }
        return out;
      }
      case 'BinaryExpression': {
        if (node.operator !== '+') return null;
        const left = this.evalPath(node.left, depth + 1);
        const right = left === null ? null : this.evalPath(node.right, depth + 1);
        return left === null || right === null ? null : left + right;
      }
      case 'CallExpression': {
        const tag = this.tags.get(node);
        if (tag === 'fileURLToPath') {
          const url = node.arguments[0] && node.arguments[0].type !== 'SpreadElement' ? this.evalUrl(node.arguments[0], depth + 1) : null;
          return url === null ? null : fileURLToPath(url);
        }
        if (tag === 'pathJoin' || tag === 'pathResolve' || tag === 'pathDirname' || tag === 'pathNormalize') {
          const parts: string[] = [];
          for (const arg of node.arguments) {
            const part = arg.type === 'SpreadElement' ? null : this.evalPath(arg, depth + 1);
            if (part === null) return null;
            parts.push(part);
          }
          if (tag === 'pathJoin') return parts.length > 0 ? path.join(...parts) : null;
          if (tag === 'pathResolve') return path.resolve(this.cwd, ...parts);
          return parts[0] === undefined ? null : tag === 'pathDirname' ? path.dirname(parts[0]) : path.normalize(parts[0]);
        }
        const callee = unwrapExpression(node.callee);
        if (
          node.arguments.length === 0 &&
          callee.type === 'MemberExpression' &&
          propertyName(callee) === 'cwd' &&
          callee.object.type === 'Identifier' &&
          this.isGlobal(callee.object, 'process')
        ) {
          return this.cwd;
        }
        return null;
      }
      default:
        break;
    }
    const text = this.text(node);
    if (text !== null) return text.startsWith('file:') ? fileURLToPath(text) : text;
    const origins = this.originsOf(node);
    const origin = origins.length === 1 ? origins[0]! : null;
    return origin && origin !== node ? this.evalPath(origin, depth + 1) : null;
  }

  /** A `file:` URL: `import.meta.url`, `new URL(rel, base)`, `pathToFileURL(p)`. */
  private evalUrl(expr: Node, depth: number): string | null {
    const node = unwrapExpression(expr);
    if (depth > MAX_DEPTH) return null;
    if (node.type === 'MemberExpression' && node.object.type === 'MetaProperty' && node.object.meta.name === 'import') {
      return propertyName(node) === 'url' ? pathToFileURL(this.file).href : null;
    }
    if (node.type === 'NewExpression' && node.callee.type === 'Identifier' && this.isGlobal(node.callee, 'URL')) {
      const [rel, base] = node.arguments;
      const relText = rel && rel.type !== 'SpreadElement' ? this.text(rel) : null;
      if (relText === null) return null;
      const baseUrl = base && base.type !== 'SpreadElement' ? this.evalUrl(base, depth + 1) : null;
      try {
        return new URL(relText, baseUrl ?? undefined).href;
      } catch {
        return null;
      }
    }
    const text = this.text(node);
    if (text !== null) return text.startsWith('file:') ? text : null;
    const origins = this.originsOf(node);
    const origin = origins.length === 1 ? origins[0]! : null;
    return origin && origin !== node ? this.evalUrl(origin, depth + 1) : null;
  }

  private isGlobal(id: TSESTree.Identifier, name: string): boolean {
    if (id.name !== name) return false;
    const variable = this.scopes.variableOf(id);
    return !variable || variable.defs.length === 0;
  }

  private source(node: Node | TSESTree.SpreadElement): string {
    return this.parsed.text.slice(node.range[0], node.range[1]);
  }
}

/** `undefined` and `null` leave a prop unset. */
function isPresent(value: Node): boolean {
  const v = unwrapExpression(value);
  return !(v.type === 'Identifier' && v.name === 'undefined') && !(v.type === 'Literal' && v.value === null && !('regex' in v));
}

export const cdkReader: DeploymentReader = {
  tool: 'cdk',
  matches(baseName: string): boolean {
    return CDK_FILE.test(baseName) && !/\.d\.[cm]?ts$/.test(baseName);
  },
  read(file: string, text: string, context: ReaderContext): FunctionDeployment[] {
    if (!CDK_TEXT.test(text)) return [];
    const absolute = path.resolve(context.cwd, file);
    let parsed: ParsedFile;
    try {
      parsed = parseFile(text, absolute, { tokens: false });
    } catch (error) {
      const e = error as { message?: string; lineNumber?: number; column?: number };
      const where = typeof e.lineNumber === 'number' ? ` (line ${e.lineNumber}${typeof e.column === 'number' ? `, column ${e.column + 1}` : ''})` : '';
      throw new DeploymentParseError(absolute, `${e.message ?? String(error)}${where}`);
    }
    return new CdkStack(parsed, absolute, path.resolve(context.cwd)).read();
  },
};
