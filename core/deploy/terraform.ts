/**
 * Terraform reader: `aws_lambda_function` resources and `terraform-aws-modules/lambda/aws` module calls in a `.tf`
 * file (or a `.tf.json` file, whose JSON already has the shape the HCL parser produces).
 *
 * Parsing is HashiCorp's own HCL implementation (hashicorp/hcl v2 through tmccombs/hcl2json, compiled to WebAssembly
 * and shipped in `@cdktn/hcl2json`), run synchronously in this process: the package's Go bridge (`registrationWrapper` in
 * its main.go) invokes the callback before returning, so no worker or event-loop turn is needed; the package's own
 * `parse()` only wraps that in a promise. The bridge is loaded once per process (or worker
 * thread) on the first `.tf` file, inside a private global object so nothing leaks onto `globalThis`.
 * Costs (measured on the 2-core machine, CPU time): loading the bridge ≈ 0.3–0.4 s once per process or worker;
 * reading a 300-line .tf ≈ 0.15–0.25 s the first time, 0.1–0.2 s for the next few files, 15–45 ms once V8 has
 * optimised the WebAssembly; about 100 MB more resident memory. The resolver reads each file once per process
 * (cached by path and mtime), and a process that meets no .tf file never loads the bridge.
 *
 * Entry modules come from the package Terraform builds: an `archive_file`'s `source_dir` / `source_file` (through
 * `filename`, an S3 object's `source`, or `source_code_hash`), or the module's `source_path`. A package built outside
 * Terraform (`filename = "build/x.zip"` zipped by a script, an S3 object uploaded elsewhere) cannot be traced: the
 * handler module is then resolved against this file's directory and its parents up to the cwd, directly and under
 * the usual build output folders, as candidates (see `untraced`).
 *
 * The parser's JSON keeps every non-literal expression as `${…}` source text (`filename =
 * data.archive_file.x.output_path` becomes `"${data.archive_file.x.output_path}"`, a template keeps its
 * interpolations), and gives no source positions: lines are found by locating the block header
 * (`resource "aws_lambda_function" "x" {`) and the attribute in the text.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { BUILD_OUTPUT_DIRS, isInside, readHandler, withSourceAlternative } from './paths.js';
import {
  DeploymentParseError,
  type DeploymentReader,
  type EnvironmentValue,
  type FunctionDeployment,
  type LayerRef,
  type ReaderContext,
} from './model.js';

// ---------------------------------------------------------------------------------------------------------------
// The HCL bridge
// ---------------------------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

type ParseCallback = (error: unknown, output: unknown) => void;
interface HclBridge {
  parse(fileName: string, text: string, callback: ParseCallback): unknown;
}
interface GoInstance {
  importObject: object;
  exited: boolean;
  run(instance: object): Promise<void>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => object;
}

const HCL_PACKAGE = '@cdktn/hcl2json';
/** The name the bridge's Go `main` looks up on its global object (`global.__parse_terraform_config_wasm__`). */
const BRIDGE_ROOT = '__parse_terraform_config_wasm__';

let bridge: { root: HclBridge; go: GoInstance } | undefined;

/**
 * Starts the Go program of `@cdktn/hcl2json` (its `main.wasm.gz` with Go's `wasm_exec.js`) against a private global:
 * an object whose prototype is the real global, with own copies of the accessor globals (`crypto`, `performance`, …,
 * whose getters reject a foreign `this`). `Go`, the stubbed `fs` and the bridge root land on that object only.
 */
function loadBridge(): { root: HclBridge; go: GoInstance } {
  const require = createRequire(import.meta.url);
  const packageDir = path.dirname(require.resolve(`${HCL_PACKAGE}/package.json`));
  const sandbox = Object.create(globalThis) as Record<string, unknown>;
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(globalThis))) {
    if (!descriptor.get) continue;
    try {
      const value: unknown = (globalThis as Record<string, unknown>)[key];
      Object.defineProperty(sandbox, key, { value, writable: true, configurable: true });
    } catch {
      // an accessor that cannot be read here is not one the Go runtime needs
    }
  }
  const root: Record<string, unknown> = {};
  sandbox.global = sandbox;
  sandbox[BRIDGE_ROOT] = root;
  const wasmExec = readFileSync(path.join(packageDir, 'wasm', 'wasm_exec.js'), 'utf8');
  // wasm_exec.js is a script that defines `globalThis.Go`: give it the sandbox as its `globalThis`.
  new Function('globalThis', wasmExec)(sandbox);
  const Go = sandbox.Go as new () => GoInstance;
  const go = new Go();
  const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
  const bytes = gunzipSync(readFileSync(path.join(packageDir, 'main.wasm.gz')));
  const instance = new wasm.Instance(new wasm.Module(bytes), go.importObject);
  // Go's main registers the functions, then blocks on a channel: run() returns once main blocks, and its promise
  // only settles if the program exits.
  void go.run(instance).catch(() => undefined);
  if (typeof root.parse !== 'function') throw new Error(`${HCL_PACKAGE} did not register its parse function`);
  return { root: root as unknown as HclBridge, go };
}

/** Parses HCL text into hcl2json's JSON form. Throws DeploymentParseError for malformed HCL. */
export function parseHcl(file: string, text: string): JsonObject {
  if (!bridge || bridge.go.exited) {
    try {
      bridge = loadBridge();
    } catch (error) {
      bridge = undefined;
      throw new DeploymentParseError(file, `cannot load the HCL parser (${HCL_PACKAGE}): ${String(error)}`);
    }
  }
  const baseName = path.basename(file);
  let answered = false;
  let output: unknown;
  let failure: unknown;
  try {
    bridge.root.parse(baseName, text, (error, result) => {
      answered = true;
      failure = error;
      output = result;
    });
  } catch (error) {
    // The Go program died (a panic): start a fresh one for the next file.
    bridge = undefined;
    throw new DeploymentParseError(file, `the HCL parser failed: ${String(error)}`);
  }
  if (!answered) throw new DeploymentParseError(file, 'the HCL parser did not answer synchronously');
  if (failure !== null && failure !== undefined) {
    throw new DeploymentParseError(file, formatHclError(String(failure), baseName));
  }
  try {
    const parsed = JSON.parse(String(output)) as Json;
    return isObject(parsed) ? parsed : {};
  } catch (error) {
    throw new DeploymentParseError(file, `the HCL parser returned unreadable output: ${String(error)}`);
  }
}

/**
 * Terraform's JSON syntax (`.tf.json`) already has the shape hcl2json produces: blocks as nested objects (or arrays
 * of them), expressions as `"${…}"` strings.
 */
function parseTerraformJson(file: string, text: string): JsonObject {
  try {
    const parsed = JSON.parse(text) as Json;
    if (!isObject(parsed)) throw new Error('the top level is not an object');
    return parsed;
  } catch (error) {
    throw new DeploymentParseError(file, error instanceof Error ? error.message : String(error));
  }
}

/** `parse config: [main.tf:2,7-3,1: Invalid expression; …]` → `line 2, column 7: Invalid expression; …`. */
function formatHclError(message: string, baseName: string): string {
  let text = message.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const prefix = new RegExp(`${escapeRegExp(baseName)}:(\\d+),(\\d+)(?:-[\\d,]+)?: `, 'g');
  text = text.replace(prefix, 'line $1, column $2: ');
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON helpers
// ---------------------------------------------------------------------------------------------------------------

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A block type's bodies: hcl2json gives an array (one entry per block); Terraform JSON allows a single object. */
function bodies(value: Json | undefined): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** `{ type: { name: [body] } }` → the first body of each name. */
function labelledBlocks(value: Json | undefined): Map<string, JsonObject> {
  const result = new Map<string, JsonObject>();
  if (!isObject(value)) return result;
  for (const [name, blocks] of Object.entries(value)) {
    const first = bodies(blocks)[0];
    if (first) result.set(name, first);
  }
  return result;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does the string hold a template interpolation or directive (`${…}`, `%{…}`), not counting `$${` escapes? */
function hasTemplate(text: string): boolean {
  return /(?<!\$)\$\{|(?<!%)%\{/.test(text);
}

/** A literal string's value: `$${` and `%%{` escapes become `${` and `%{`. */
function unescapeLiteral(text: string): string {
  return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{');
}

/**
 * The expression when the whole string is one interpolation (`${var.layers}`, `${aws_x.y.arn}`), else undefined
 * (`arn:aws:lambda:${var.region}:…` is a template with literal parts).
 */
function wholeExpression(text: string): string | undefined {
  if (!text.startsWith('${') || !text.endsWith('}')) return undefined;
  let depth = 0;
  let quote = false;
  for (let index = 2; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === '\\') index++;
      else if (char === '"') quote = false;
      continue;
    }
    if (char === '"') quote = true;
    else if (char === '{') depth++;
    else if (char === '}') {
      if (depth === 0) return index === text.length - 1 ? text.slice(2, -1).trim() : undefined;
      depth--;
    }
  }
  return undefined;
}

function staticString(value: Json | undefined): string | undefined {
  if (typeof value === 'string') return hasTemplate(value) ? undefined : unescapeLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Locating lines in the text (the parser gives no positions)
// ---------------------------------------------------------------------------------------------------------------

class Locator {
  private readonly lineStarts: number[] = [0];

  /** `json`: the text is Terraform's JSON syntax (`.tf.json`), where blocks and attributes are object keys. */
  constructor(
    readonly text: string,
    private readonly json = false,
  ) {
    for (let index = 0; index < text.length; index++) if (text[index] === '\n') this.lineStarts.push(index + 1);
  }

  /** 1-based line of a character offset. */
  line(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  }

  /** The span of a top-level block `<keyword> "<label>" … {`: from its header to its closing brace. */
  block(keyword: string, labels: readonly string[]): { start: number; end: number } | undefined {
    if (this.json) {
      // `"resource": { "aws_lambda_function": { "x": { … } } }`: each key after the previous one.
      let index = 0;
      for (const key of [keyword, ...labels]) {
        const pattern = new RegExp(`"${escapeRegExp(key)}"\\s*:\\s*[[{]`, 'g');
        pattern.lastIndex = index;
        const match = pattern.exec(this.text);
        if (!match) return undefined;
        index = match.index;
      }
      const open = this.text.indexOf('{', index);
      return open < 0 ? undefined : { start: index, end: this.closingBrace(open) };
    }
    const labelPattern = labels.map((label) => `\\s+(?:"${escapeRegExp(label)}"|${escapeRegExp(label)})`).join('');
    const header = new RegExp(`^[ \\t]*${keyword}${labelPattern}\\s*\\{`, 'm');
    const match = header.exec(this.text);
    if (!match) return undefined;
    const open = match.index + match[0].length - 1;
    return { start: match.index, end: this.closingBrace(open) };
  }

  /** The span of the `locals` block that defines `name`, from the attribute to the block's end. */
  localDefinition(name: string): { start: number; end: number } | undefined {
    const header = this.json ? /"locals"\s*:\s*\[?\s*\{/g : /^[ \t]*locals\s*\{/gm;
    for (let match = header.exec(this.text); match; match = header.exec(this.text)) {
      const span = { start: match.index, end: this.closingBrace(match.index + match[0].length - 1) };
      const attribute = this.attribute(span, name);
      if (attribute !== undefined) return { start: attribute, end: span.end };
    }
    return undefined;
  }

  /** Offset of the `name =` attribute inside a span, or undefined. */
  attribute(span: { start: number; end: number }, name: string): number | undefined {
    const pattern = this.json
      ? new RegExp(`"${escapeRegExp(name)}"\\s*:`, 'g')
      : new RegExp(`^[ \\t]*${escapeRegExp(name)}[ \\t]*=(?!=)`, 'gm');
    pattern.lastIndex = span.start;
    const match = pattern.exec(this.text);
    return match && match.index < span.end ? match.index : undefined;
  }

  /** Offset of `needle` at or after `from` and before `end`, or undefined. */
  find(needle: string, from: number, end: number): number | undefined {
    if (!needle) return undefined;
    const index = this.text.indexOf(needle, from);
    return index >= 0 && index < end ? index : undefined;
  }

  /** The offset of the brace closing the one at `open`, skipping strings, templates, comments and heredocs. */
  private closingBrace(open: number): number {
    const text = this.text;
    // Each entry is a brace-nesting context; 'string' entries are inside a quoted template.
    const stack: Array<'code' | 'string'> = ['code'];
    let index = open + 1;
    while (index < text.length) {
      const mode = stack[stack.length - 1];
      const char = text[index];
      const next = text[index + 1];
      if (mode === 'string') {
        if (char === '\\') index += 2;
        else if ((char === '$' || char === '%') && next === '{' && text[index - 1] !== char) {
          stack.push('code');
          index += 2;
        } else {
          if (char === '"') stack.pop();
          index++;
        }
        continue;
      }
      if (this.json && char !== '"' && char !== '{' && char !== '}') {
        index++;
      } else if (char === '#' || (char === '/' && next === '/')) {
        const newline = text.indexOf('\n', index);
        index = newline < 0 ? text.length : newline + 1;
      } else if (char === '/' && next === '*') {
        const close = text.indexOf('*/', index + 2);
        index = close < 0 ? text.length : close + 2;
      } else if (char === '"') {
        stack.push('string');
        index++;
      } else if (char === '<' && next === '<') {
        const heredoc = /^<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(index, index + 200));
        if (!heredoc) {
          index += 2;
          continue;
        }
        const marker = new RegExp(`^[ \\t]*${escapeRegExp(heredoc[1] ?? '')}[ \\t]*$`, 'm');
        const bodyStart = index + heredoc[0].length;
        const close = marker.exec(text.slice(bodyStart));
        index = close ? bodyStart + close.index + close[0].length : text.length;
      } else if (char === '{') {
        stack.push('code');
        index++;
      } else if (char === '}') {
        stack.pop();
        if (stack.length === 0) return index;
        index++;
      } else {
        index++;
      }
    }
    return text.length;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The reader
// ---------------------------------------------------------------------------------------------------------------

/** Module sources that are terraform-aws-modules/lambda (its root module, which creates the function). */
function isLambdaModuleSource(source: string): boolean {
  const withoutRef = source.replace(/\?.*$/, '');
  if (/^(?:registry\.terraform\.io\/)?terraform-aws-modules\/lambda\/aws$/.test(withoutRef)) return true;
  return /terraform-aws-modules\/terraform-aws-lambda(?:\.git)?$/.test(withoutRef);
}

/** A source file's extension: a `source_file` or `source_path` that names one file rather than a directory. */
const SOURCE_EXTENSIONS = /\.(?:[cm]?[jt]s|jsx|tsx)$/;

class TerraformFile {
  readonly dir: string;
  readonly locator: Locator;
  readonly locals = new Map<string, Json>();
  readonly archives: Map<string, JsonObject>;
  readonly layerVersions: Map<string, JsonObject>;
  readonly dataLayerVersions: Map<string, JsonObject>;
  readonly s3Objects: Map<string, JsonObject>;
  readonly modules: Map<string, JsonObject>;

  constructor(
    readonly file: string,
    text: string,
    readonly root: JsonObject,
    readonly context: ReaderContext,
  ) {
    this.dir = path.dirname(file);
    this.locator = new Locator(text, file.endsWith('.json'));
    for (const locals of bodies(root.locals)) for (const [name, value] of Object.entries(locals)) this.locals.set(name, value);
    const resources = isObject(root.resource) ? root.resource : {};
    const data = isObject(root.data) ? root.data : {};
    this.archives = labelledBlocks(data.archive_file);
    this.dataLayerVersions = labelledBlocks(data.aws_lambda_layer_version);
    this.layerVersions = labelledBlocks(resources.aws_lambda_layer_version);
    this.s3Objects = new Map([...labelledBlocks(resources.aws_s3_bucket_object), ...labelledBlocks(resources.aws_s3_object)]);
    this.modules = labelledBlocks(root.module);
  }

  functions(): FunctionDeployment[] {
    const result: FunctionDeployment[] = [];
    const resources = isObject(this.root.resource) ? this.root.resource : {};
    for (const [name, body] of labelledBlocks(resources.aws_lambda_function)) {
      const deployment = this.resourceFunction(name, body);
      if (deployment) result.push(deployment);
    }
    for (const [name, body] of this.modules) {
      const deployment = this.moduleFunction(name, body);
      if (deployment) result.push(deployment);
    }
    // hcl2json orders blocks by name: give them in file order.
    return result.sort((a, b) => a.line - b.line);
  }

  // ----- values ------------------------------------------------------------------------------------------------

  /** A string value with `${local.x}` (static locals) substituted; expressions stay as they are. */
  private substituteLocals(text: string): string {
    return text.replace(/\$\{\s*local\.([A-Za-z_][\w-]*)\s*\}/g, (whole, name: string) => {
      const value = this.locals.get(name);
      return typeof value === 'string' && !hasTemplate(value) ? value : whole;
    });
  }

  /** A value that is exactly `${local.x}` → the local's value (one level). */
  private dereference(value: Json | undefined): Json | undefined {
    if (typeof value !== 'string') return value;
    const expression = wholeExpression(value);
    const local = expression && /^local\.([A-Za-z_][\w-]*)$/.exec(expression);
    if (local?.[1] && this.locals.has(local[1])) return this.locals.get(local[1]);
    return value;
  }

  private stringValue(value: Json | undefined): string | undefined {
    const resolved = this.dereference(value);
    if (typeof resolved !== 'string') return staticString(resolved);
    return staticString(this.substituteLocals(resolved));
  }

  /** A path attribute: `${path.module}`, `${path.root}`, `${path.cwd}` are this file's directory. */
  private pathValue(value: Json | undefined): string | undefined {
    const resolved = this.dereference(value);
    if (typeof resolved !== 'string') return undefined;
    const text = this.substituteLocals(resolved).replace(
      /\$\{\s*(?:abspath\(\s*)?path\.(?:module|root|cwd)\s*\)?\s*\}/g,
      this.dir.split(path.sep).join('/'),
    );
    if (hasTemplate(text)) return undefined;
    return path.resolve(this.dir, unescapeLiteral(text));
  }

  private environment(variables: Json | undefined): Record<string, EnvironmentValue> {
    const result: Record<string, EnvironmentValue> = {};
    const resolved = this.dereference(variables);
    if (!isObject(resolved)) return result;
    for (const [key, value] of Object.entries(resolved)) result[key] = this.stringValue(value) ?? null;
    return result;
  }

  // ----- layers ------------------------------------------------------------------------------------------------

  private layers(
    value: Json | undefined,
    span: { start: number; end: number } | undefined,
  ): { layers: readonly LayerRef[] | 'unknown'; reason?: string } {
    if (value === undefined || value === null) return { layers: [] };
    const attribute = span ? this.locator.attribute(span, 'layers') : undefined;
    const attributeLine = attribute === undefined ? (span ? this.locator.line(span.start) : 1) : this.locator.line(attribute);
    let elements: Json = value;
    let searchFrom = attribute ?? span?.start ?? 0;
    let searchEnd = span?.end ?? this.locator.text.length;
    if (typeof value === 'string') {
      const expression = wholeExpression(value);
      const local = expression && /^local\.([A-Za-z_][\w-]*)$/.exec(expression);
      const localValue = local?.[1] ? this.locals.get(local[1]) : undefined;
      if (!Array.isArray(localValue)) {
        return { layers: 'unknown', reason: `layers is the expression \`${expression ?? value}\`, not a list` };
      }
      elements = localValue;
      // The elements are written where the local is defined.
      const definition = local?.[1] ? this.locator.localDefinition(local[1]) : undefined;
      if (definition) {
        searchFrom = definition.start;
        searchEnd = definition.end;
      }
    }
    if (!Array.isArray(elements)) return { layers: 'unknown', reason: 'layers is not a list' };
    const result: LayerRef[] = [];
    let cursor = searchFrom;
    for (const element of elements) {
      const text = this.layerText(element);
      const needle = typeof element === 'string' ? (wholeExpression(element) ?? element) : undefined;
      const found = needle === undefined ? undefined : this.locator.find(needle, cursor, searchEnd);
      let line = attributeLine;
      if (found !== undefined) {
        line = this.locator.line(found);
        cursor = found + (needle?.length ?? 0);
      } else if (typeof element === 'string') {
        line = cursor === searchFrom ? attributeLine : this.locator.line(cursor);
      }
      result.push({ text, line });
    }
    return { layers: result };
  }

  private layerText(element: Json): string | null {
    const resolved = this.dereference(element);
    if (typeof resolved !== 'string') return null;
    const expression = wholeExpression(resolved);
    if (expression !== undefined) {
      const own = /^aws_lambda_layer_version\.([A-Za-z_][\w-]*)\.(?:arn|layer_arn)$/.exec(expression);
      if (own?.[1]) return `own:${this.stringValue(this.layerVersions.get(own[1])?.layer_name) ?? own[1]}`;
      const looked = /^data\.aws_lambda_layer_version\.([A-Za-z_][\w-]*)\.(?:arn|layer_arn)$/.exec(expression);
      if (looked?.[1]) return `own:${this.stringValue(this.dataLayerVersions.get(looked[1])?.layer_name) ?? looked[1]}`;
      const moduleLayer = /^module\.([A-Za-z_][\w-]*)\.lambda_layer_arn$/.exec(expression);
      if (moduleLayer?.[1]) {
        const body = this.modules.get(moduleLayer[1]);
        return `own:${this.stringValue(body?.layer_name) ?? moduleLayer[1]}`;
      }
      return null;
    }
    return unescapeLiteral(this.substituteLocals(resolved));
  }

  // ----- entry modules ---------------------------------------------------------------------------------------

  /** Entry modules for a zip whose root holds the directory `dir`. */
  private fromDirectory(dir: string, module: string): string[] {
    return [path.join(dir, module)];
  }

  /** A zip of one file holds it at its root: it is the entry when its base name is the handler module. */
  private fromFile(file: string, module: string): string[] {
    const stem = file.replace(SOURCE_EXTENSIONS, '');
    return path.basename(stem) === module ? [stem] : [];
  }

  /** Entry modules from an archive_file's `source_dir` / `source_file`; undefined when neither can be read. */
  private fromArchive(archive: JsonObject, module: string): string[] | undefined {
    const dir = this.pathValue(archive.source_dir);
    if (dir) return this.fromDirectory(dir, module);
    const file = this.pathValue(archive.source_file);
    if (file) return this.fromFile(file, module);
    return undefined;
  }

  /**
   * Candidates for a package this file does not say how to build (`filename = "build/x.zip"` zipped by a script, an
   * S3 object uploaded elsewhere, an archive_file whose source is an expression): the handler module against this
   * file's directory and each parent up to the cwd (Terraform often lives in infra/ or terraform/ beside src/),
   * directly and under the usual build output folders (a zip of `dist/`). `finish` adds each one's `src/`
   * alternative. Only files that exist are ever matched, so listing candidates is safe.
   */
  private untraced(module: string): string[] {
    const cwd = path.resolve(this.context.cwd);
    const result: string[] = [];
    for (let dir = this.dir; isInside(cwd, dir); dir = path.dirname(dir)) {
      result.push(path.join(dir, module), ...BUILD_OUTPUT_DIRS.map((output) => path.join(dir, output, module)));
      if (dir === cwd) break;
    }
    return result;
  }

  /** The archive_file a function's package comes from: `filename`, `s3_key` via an S3 object, `source_code_hash`. */
  private archiveOf(body: JsonObject): JsonObject | undefined {
    const reference = (value: Json | undefined, pattern: RegExp): string | undefined => {
      const expression = typeof value === 'string' ? wholeExpression(value) : undefined;
      return expression ? pattern.exec(expression)?.[1] : undefined;
    };
    const archivePattern = /^data\.archive_file\.([A-Za-z_][\w-]*)\.output_(?:path|base64sha256|md5|sha|sha256|base64sha512)$/;
    const byFilename = reference(body.filename, archivePattern);
    if (byFilename && this.archives.has(byFilename)) return this.archives.get(byFilename);
    const filename = this.pathValue(body.filename);
    if (filename) {
      for (const archive of this.archives.values()) if (this.pathValue(archive.output_path) === filename) return archive;
    }
    const s3Object = reference(body.s3_key, /^aws_s3_(?:bucket_)?object\.([A-Za-z_][\w-]*)\.(?:key|id)$/);
    const objectBody = s3Object ? this.s3Objects.get(s3Object) : undefined;
    if (objectBody) {
      const fromObject = reference(objectBody.source, archivePattern);
      if (fromObject && this.archives.has(fromObject)) return this.archives.get(fromObject);
      const source = this.pathValue(objectBody.source);
      for (const archive of this.archives.values()) if (source && this.pathValue(archive.output_path) === source) return archive;
    }
    const byHash = reference(body.source_code_hash, archivePattern);
    if (byHash && this.archives.has(byHash)) return this.archives.get(byHash);
    return undefined;
  }

  /**
   * terraform-aws-modules/lambda `source_path`: a path, or a list of paths and `{ path, commands, prefix_in_zip }`.
   * Undefined when no entry can be read (absent with `create_package = false` and a `local_existing_package`, or an
   * expression).
   */
  private fromSourcePath(value: Json | undefined, module: string): string[] | undefined {
    const resolved = this.dereference(value);
    const entries = Array.isArray(resolved) ? resolved : [resolved ?? null];
    const result: string[] = [];
    let traced = false;
    for (const entry of entries) {
      if (typeof entry === 'string') {
        const location = this.pathValue(entry);
        if (!location) continue;
        traced = true;
        result.push(...(SOURCE_EXTENSIONS.test(location) ? this.fromFile(location, module) : this.fromDirectory(location, module)));
        continue;
      }
      if (!isObject(entry)) continue;
      const location = this.pathValue(entry.path);
      if (!location) continue;
      traced = true;
      if (SOURCE_EXTENSIONS.test(location)) {
        result.push(...this.fromFile(location, module));
        continue;
      }
      const prefix = this.stringValue(entry.prefix_in_zip)?.replace(/^\/+|\/+$/g, '');
      for (const root of this.zipRoots(location, entry.commands)) {
        const zipPrefix = [prefix, root.prefix].filter(Boolean).join('/');
        if (!zipPrefix) {
          result.push(...this.fromDirectory(root.dir, module));
        } else if (module.startsWith(`${zipPrefix}/`)) {
          result.push(...this.fromDirectory(root.dir, module.slice(zipPrefix.length + 1)));
        }
      }
    }
    return traced ? result : undefined;
  }

  /**
   * The directories a `source_path` entry puts in the zip: its `path`, or what `:zip [src [dst]]` commands zip
   * after `cd` commands (`["npm ci", "npm run build", "cd dist", ":zip"]` zips `<path>/dist`).
   */
  private zipRoots(location: string, commands: Json | undefined): Array<{ dir: string; prefix: string }> {
    if (!Array.isArray(commands)) return [{ dir: location, prefix: '' }];
    const roots: Array<{ dir: string; prefix: string }> = [];
    let cwd = location;
    for (const command of commands) {
      const text = this.stringValue(command);
      if (text === undefined) continue;
      for (const part of text.split(/&&|;|\n/).map((piece) => piece.trim())) {
        const cd = /^cd\s+(\S+)$/.exec(part);
        if (cd?.[1]) cwd = path.resolve(cwd, cd[1]);
        const zip = /^:zip(?:\s+(\S+))?(?:\s+(\S+))?$/.exec(part);
        if (zip) roots.push({ dir: zip[1] ? path.resolve(cwd, zip[1]) : cwd, prefix: zip[2]?.replace(/^\/+|\/+$/g, '') ?? '' });
      }
    }
    return roots.length > 0 ? roots : [{ dir: location, prefix: '' }];
  }

  private finish(
    name: string,
    span: { start: number; end: number } | undefined,
    handlerValue: Json | undefined,
    entries: (module: string) => string[] | undefined,
    layersValue: Json | undefined,
    environment: Record<string, EnvironmentValue>,
  ): FunctionDeployment {
    const handler = readHandler(this.stringValue(handlerValue), environment);
    const cwd = this.context.cwd;
    const found = handler === null ? [] : (entries(handler.module) ?? this.untraced(handler.module));
    const entryModules = [...new Set(found.flatMap((entry) => withSourceAlternative(entry, cwd)))].filter((entry) => isInside(cwd, entry));
    const { layers, reason } = this.layers(layersValue, span);
    const deployment: FunctionDeployment = {
      tool: 'terraform',
      name,
      configFile: this.file,
      line: span ? this.locator.line(span.start) : 1,
      entryModules,
      handlerExport: handler?.exportName ?? null,
      layers,
      environment,
      implicitExtensions: [],
      ...(reason ? { unknownReason: reason } : {}),
    };
    return deployment;
  }

  private isOtherRuntime(value: Json | undefined): boolean {
    const runtime = this.stringValue(value);
    return runtime !== undefined && !runtime.startsWith('nodejs');
  }

  private resourceFunction(name: string, body: JsonObject): FunctionDeployment | undefined {
    if (this.stringValue(body.package_type) === 'Image' || body.image_uri !== undefined) return undefined;
    if (this.isOtherRuntime(body.runtime)) return undefined;
    const span = this.locator.block('resource', ['aws_lambda_function', name]);
    const environment = this.environment(bodies(body.environment)[0]?.variables);
    const archive = this.archiveOf(body);
    return this.finish(
      name,
      span,
      body.handler,
      (module) => (archive ? this.fromArchive(archive, module) : undefined),
      body.layers,
      environment,
    );
  }

  private moduleFunction(name: string, body: JsonObject): FunctionDeployment | undefined {
    const source = this.stringValue(body.source);
    if (!source || !isLambdaModuleSource(source)) return undefined;
    // The module creates its function when `create && create_function && !create_layer`.
    if (this.stringValue(body.create) === 'false' || this.stringValue(body.create_function) === 'false') return undefined;
    if (this.stringValue(body.create_layer) === 'true') return undefined;
    if (this.stringValue(body.package_type) === 'Image' || body.image_uri !== undefined) return undefined;
    if (this.isOtherRuntime(body.runtime)) return undefined;
    const span = this.locator.block('module', [name]);
    const environment = this.environment(body.environment_variables);
    return this.finish(
      name,
      span,
      body.handler,
      (module) => this.fromSourcePath(body.source_path, module),
      body.layers,
      environment,
    );
  }
}

export const terraformReader: DeploymentReader = {
  tool: 'terraform',
  matches(baseName: string): boolean {
    return baseName.endsWith('.tf') || baseName.endsWith('.tf.json');
  },
  read(file: string, text: string, context: ReaderContext): FunctionDeployment[] {
    // most .tf files declare no function: skip them before loading the HCL parser (0.3–0.5 s per process)
    if (!file.endsWith('.json') && !text.includes('aws_lambda_function') && !/terraform-aws-(modules\/)?lambda/.test(text)) return [];
    const root = file.endsWith('.json') ? parseTerraformJson(file, text) : parseHcl(file, text);
    return new TerraformFile(file, text, root, context).functions();
  },
};
