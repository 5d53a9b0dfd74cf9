/**
 * Container image reader: a Dockerfile (or Containerfile) that builds a Lambda function image for Node.js.
 *
 * Parsing is `dockerfile-ast` (the parser behind the Docker language server): instructions with their lines, line
 * continuations, comments, the `escape` directive, flags, `ENV`/`ARG` properties and `FROM` image references. On
 * top of it this reader follows the build: stages, `WORKDIR`, `ARG`/`ENV` substitution (`${LAMBDA_TASK_ROOT}` is
 * `/var/task` in the Lambda base images), and `COPY`/`ADD` from the build context or from other stages, to map the
 * handler named by `CMD` back to a source file beside the Dockerfile (the build context is taken to be the
 * Dockerfile's directory).
 *
 * An image is a Lambda image for Node when its base is `public.ecr.aws/lambda/nodejs` / `amazon/aws-lambda-nodejs`
 * (through its stages), or when its `ENTRYPOINT`/`CMD` runs `aws-lambda-ric`. Extensions: an image runs every
 * executable in /opt/extensions, so a `COPY`/`ADD` into /opt/extensions, or a copy of another image's /opt
 * (`COPY --from=public.ecr.aws/datadog/lambda-extension:65 /opt/. /opt/`), is an implicit extension.
 */
import path from 'node:path';
import {
  Arg,
  DockerfileParser,
  Env,
  From,
  Keyword,
  ModifiableInstruction,
  type Instruction,
} from 'dockerfile-ast';
import {
  DeploymentParseError,
  type DeploymentReader,
  type EnvironmentValue,
  type FunctionDeployment,
  type ReaderContext,
} from './model.js';
import { effectiveHandler, isInside, parseHandler, withSourceAlternative } from './paths.js';

const posix = path.posix;

/** Variables the Lambda base images define (their ENV), available to instructions of stages built on them. */
const LAMBDA_BASE_VARIABLES: Readonly<Record<string, string>> = {
  LAMBDA_TASK_ROOT: '/var/task',
  LAMBDA_RUNTIME_DIR: '/var/runtime',
};

const KNOWN_KEYWORDS = new Set<string>(Object.values(Keyword));

/**
 * Shell commands that put a file into /opt/extensions (`curl -o`, `unzip -d`, `tar -C`, a redirection, `cp`/`mv`/
 * `install`/`ln`); a mere mention (`chmod +x /opt/extensions/x`, `mkdir -p`, `rm`) is not one.
 */
const RUN_WRITES_EXTENSION: readonly RegExp[] = [
  /(?:\s-[odC]|--output|--directory|>)\s*["']?\/opt\/extensions\b/,
  /\b(?:cp|mv|install|ln)\b[^&;|\n]*\s["']?\/opt\/extensions\b/,
];

/** `unzip … -d /opt`, `tar … -C /opt`: a layer archive unpacked into /opt may hold an extension. */
const RUN_UNPACKS_INTO_OPT = /\s-[dC]\s*["']?\/opt\/?["']?(?:\s|$|&|;)/;

/** `module.export` handler strings. */
const HANDLER_PATTERN = /^[\w@$./-]+\.[\w$]+$/;

type Variables = Map<string, string | undefined>;

interface CopyStep {
  readonly keyword: 'COPY' | 'ADD';
  readonly line: number;
  /** Sources as written after substitution (undefined when a variable cannot be resolved). */
  readonly sources: ReadonlyArray<string | undefined>;
  readonly sourceText: string;
  /** Absolute destination in the image, or undefined when it cannot be resolved. */
  readonly destination: string | undefined;
  readonly destinationText: string;
  readonly destinationIsDirectory: boolean;
  /** `--from=`: an earlier stage, or an image reference. */
  readonly from?: Stage | string;
  readonly heredoc: boolean;
}

interface Stage {
  readonly index: number;
  readonly name: string | undefined;
  readonly line: number;
  readonly image: string;
  readonly parent: Stage | undefined;
  /** Is the chain of bases rooted in a Lambda Node.js base image? */
  readonly lambdaBase: boolean;
  readonly copies: CopyStep[];
  /** `RUN` instructions: line and text. */
  readonly runs: Array<{ line: number; text: string }>;
  /** ENV set by this stage and its parents, in order (null when not static). */
  readonly environment: Map<string, EnvironmentValue>;
  /** Variables available for substitution at the end of the stage (ARG and ENV, and the base image's). */
  readonly variables: Variables;
  workdir: string;
  cmd: { tokens: string[]; line: number } | undefined;
  entrypoint: { tokens: string[]; line: number } | undefined;
  /** Set when a later stage builds on this one or copies from it. */
  used: boolean;
}

function line(instruction: Instruction): number {
  return instruction.getRange().start.line + 1;
}

/**
 * Shell-style substitution as Dockerfiles do it: `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME:+alternative}`,
 * `\$` escapes. Undefined when a variable is unknown (and has no default).
 */
function substitute(text: string, variables: Variables, escapeChar = '\\'): string | undefined {
  let unresolved = false;
  const escaped = new RegExp(`${escapeChar === '\\' ? '\\\\' : '`'}\\$`, 'g');
  const placeholder = '\u0000DOLLAR\u0000';
  const result = text
    .replace(escaped, placeholder)
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_whole, braced?: string, operator?: string, word?: string, bare?: string) => {
      const name = braced ?? bare ?? '';
      const value = variables.get(name);
      const set = value !== undefined && (operator?.startsWith(':') ? value !== '' : true);
      if (operator?.endsWith('-')) return set ? (value ?? '') : (word ?? '');
      if (operator?.endsWith('+')) return set ? (word ?? '') : '';
      if (value === undefined) {
        unresolved = true;
        return '';
      }
      return value;
    })
    .split(placeholder)
    .join('$');
  return unresolved ? undefined : result;
}

/** An instruction's arguments: the JSON array form when it parses, else the whitespace-separated words. */
function argumentsOf(instruction: Instruction): { words: string[]; json: boolean } {
  const content = instruction.getArgumentsContent() ?? '';
  if (content.trimStart().startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(content);
      if (Array.isArray(parsed) && parsed.every((item) => typeof item === 'string')) {
        return { words: parsed as string[], json: true };
      }
    } catch {
      // shell form after all
    }
  }
  return { words: instruction.getArguments().map((argument) => argument.getValue()), json: false };
}

function flagValue(instruction: Instruction, name: string): string | undefined {
  if (!(instruction instanceof ModifiableInstruction)) return undefined;
  const flag = instruction.getFlags().find((candidate) => candidate.getName() === name);
  return flag?.getValue() ?? undefined;
}

function isLambdaNodeImage(image: string): boolean {
  const name = image.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return /(?:^|\/)lambda\/nodejs$/.test(name) || /(?:^|\/)aws-lambda-nodejs$/.test(name);
}

/** A path without its source extension. */
function stripExtension(file: string): string {
  return file.replace(/\.(?:[cm]?[jt]s|jsx|tsx)$/, '');
}

function hasExtension(file: string): boolean {
  return /\.[A-Za-z0-9]+$/.test(posix.basename(file));
}

function isGlob(file: string): boolean {
  return /[*?[]/.test(file);
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const char of pattern) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const MODULE_EXTENSIONS = ['', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.jsx', '.tsx'];

function under(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent === '/' ? '/' : `${parent}/`);
}

/**
 * Where in the copy's source a module path of the image comes from (paths without extension): `COPY src/
 * /var/task/` puts `/var/task/handlers/get` at `src/handlers/get`.
 */
function sourceOf(step: CopyStep, source: string, directory: boolean, target: string): string | undefined {
  const destination = step.destination;
  if (destination === undefined) return undefined;
  if (isGlob(posix.basename(source))) {
    if (posix.dirname(target) !== destination) return undefined;
    const name = posix.basename(target);
    const pattern = globToRegExp(posix.basename(source));
    if (!MODULE_EXTENSIONS.some((extension) => pattern.test(name + extension))) return undefined;
    return posix.join(posix.dirname(source), name);
  }
  if (!directory) {
    const copied = step.destinationIsDirectory
      ? posix.join(destination, stripExtension(posix.basename(source)))
      : stripExtension(destination);
    return copied === target ? stripExtension(source) : undefined;
  }
  if (!under(target, destination)) return undefined;
  return posix.join(source, posix.relative(destination, target));
}

class DockerfileModel {
  readonly stages: Stage[] = [];
  private readonly contextDir: string;

  constructor(
    private readonly file: string,
    text: string,
  ) {
    this.contextDir = path.dirname(file);
    const dockerfile = DockerfileParser.parse(text);
    const escapeChar = dockerfile.getEscapeCharacter();
    const globalArgs: Variables = new Map();
    let stage: Stage | undefined;
    for (const instruction of dockerfile.getInstructions()) {
      const keyword = instruction.getKeyword();
      if (!KNOWN_KEYWORDS.has(keyword)) {
        throw new DeploymentParseError(file, `line ${line(instruction)}: unknown instruction ${instruction.getInstruction()}`);
      }
      if (keyword === 'FROM') {
        stage = this.startStage(instruction as From, globalArgs, escapeChar);
        continue;
      }
      if (!stage) {
        if (instruction instanceof Arg) {
          for (const property of instruction.getProperties()) {
            const value = property.getValue();
            globalArgs.set(property.getName(), value === null ? undefined : substitute(value, globalArgs, escapeChar));
          }
          continue;
        }
        throw new DeploymentParseError(file, `line ${line(instruction)}: ${keyword} before the first FROM`);
      }
      this.apply(stage, instruction, keyword, globalArgs, escapeChar);
    }
    if (this.stages.length === 0 && dockerfile.getInstructions().length > 0) {
      throw new DeploymentParseError(file, 'no FROM instruction');
    }
  }

  private startStage(from: From, globalArgs: Variables, escapeChar: string): Stage {
    const written = from.getImage();
    if (!written) throw new DeploymentParseError(this.file, `line ${line(from)}: FROM without an image`);
    const image = substitute(written, globalArgs, escapeChar) ?? written;
    const parent = this.stageNamed(image);
    if (parent) parent.used = true;
    const lambdaBase = parent ? parent.lambdaBase : isLambdaNodeImage(image);
    const variables: Variables = new Map(parent ? parent.variables : lambdaBase ? Object.entries(LAMBDA_BASE_VARIABLES) : []);
    const stage: Stage = {
      index: this.stages.length,
      name: from.getBuildStage() ?? undefined,
      line: line(from),
      image,
      parent,
      lambdaBase,
      copies: [],
      runs: [],
      environment: new Map(parent?.environment ?? []),
      variables,
      // The Lambda base images set WORKDIR /var/task; others start at /.
      workdir: parent ? parent.workdir : lambdaBase ? '/var/task' : '/',
      cmd: parent?.cmd,
      entrypoint: parent?.entrypoint,
      used: false,
    };
    this.stages.push(stage);
    return stage;
  }

  /** A stage by `AS` name (case-insensitive, as Docker matches them) or index. */
  private stageNamed(reference: string): Stage | undefined {
    if (/^\d+$/.test(reference)) return this.stages[Number(reference)];
    const lower = reference.toLowerCase();
    return this.stages.find((stage) => stage.name?.toLowerCase() === lower);
  }

  private apply(stage: Stage, instruction: Instruction, keyword: string, globalArgs: Variables, escapeChar: string): void {
    const expand = (text: string): string | undefined => substitute(text, stage.variables, escapeChar);
    switch (keyword) {
      case 'ARG':
        for (const property of (instruction as Arg).getProperties()) {
          const value = property.getValue();
          const name = property.getName();
          stage.variables.set(name, value === null ? globalArgs.get(name) : expand(value));
        }
        break;
      case 'ENV':
        for (const property of (instruction as Env).getProperties()) {
          const value = expand(property.getValue() ?? '');
          stage.variables.set(property.getName(), value);
          stage.environment.set(property.getName(), value ?? null);
        }
        break;
      case 'WORKDIR': {
        const written = argumentsOf(instruction).words.join(' ');
        const resolved = expand(written);
        if (resolved !== undefined) stage.workdir = posix.resolve(stage.workdir, resolved);
        break;
      }
      case 'CMD':
        stage.cmd = { tokens: argumentsOf(instruction).words, line: line(instruction) };
        break;
      case 'ENTRYPOINT':
        stage.entrypoint = { tokens: argumentsOf(instruction).words, line: line(instruction) };
        break;
      case 'RUN':
        stage.runs.push({ line: line(instruction), text: instruction.getArgumentsContent() ?? '' });
        break;
      case 'COPY':
      case 'ADD':
        stage.copies.push(this.copyStep(stage, instruction, keyword, expand));
        break;
      default:
        break;
    }
  }

  private copyStep(
    stage: Stage,
    instruction: Instruction,
    keyword: 'COPY' | 'ADD',
    expand: (text: string) => string | undefined,
  ): CopyStep {
    const content = instruction.getArgumentsContent() ?? '';
    const heredoc = /(?:^|\s)<<-?["']?[A-Za-z_]/.test(content);
    let words: string[];
    if (heredoc) {
      // `COPY <<EOF /opt/extensions/x`: the first line holds the heredoc markers and the destination.
      words = (content.split('\n')[0] ?? '').trim().split(/\s+/);
    } else {
      words = argumentsOf(instruction).words;
    }
    const written = words.slice(0, -1);
    const destinationText = words[words.length - 1] ?? '';
    const expanded = expand(destinationText);
    const destination = expanded === undefined || expanded === '' ? undefined : posix.resolve(stage.workdir, expanded);
    const fromReference = flagValue(instruction, 'from');
    let from: Stage | string | undefined;
    if (fromReference !== undefined) {
      const reference = expand(fromReference) ?? fromReference;
      const source = this.stageNamed(reference);
      if (source) source.used = true;
      from = source ?? reference;
    }
    const sources = heredoc ? [] : written.map((source) => expand(source));
    const destinationIsDirectory =
      /[/\\]$/.test(expanded ?? destinationText) ||
      expanded === '.' ||
      sources.length > 1 ||
      sources.some((source) => source === undefined || isGlob(source) || !hasExtension(source) || source.endsWith('/')) ||
      (destination !== undefined && !hasExtension(destination));
    return {
      keyword,
      line: line(instruction),
      sources,
      sourceText: heredoc ? 'a heredoc' : written.join(' '),
      destination,
      destinationText,
      destinationIsDirectory,
      ...(from !== undefined ? { from } : {}),
      heredoc,
    };
  }

  // ----- what an image holds ---------------------------------------------------------------------------------

  /** The stage and its bases, the stage itself first. */
  chain(stage: Stage): Stage[] {
    const result: Stage[] = [];
    for (let current: Stage | undefined = stage; current; current = current.parent) result.push(current);
    return result;
  }

  /** Build-context paths (absolute, without extension) that the image path `target` may come from. */
  mapToContext(stage: Stage, target: string, depth = 0, guessBuildOutput = true): string[] {
    if (depth > 8) return [];
    const found: string[] = [];
    for (const current of this.chain(stage)) {
      for (const step of [...current.copies].reverse()) {
        for (const source of step.sources) {
          if (source === undefined) continue;
          const directory = source.endsWith('/') || !hasExtension(source);
          const inSource = sourceOf(step, this.normalizeSource(source, step.from !== undefined), directory, target);
          if (inSource === undefined) continue;
          if (typeof step.from === 'object') found.push(...this.mapToContext(step.from, inSource, depth + 1));
          else if (step.from === undefined) found.push(path.join(this.contextDir, ...inSource.split('/')));
        }
      }
    }
    if (found.length === 0 && guessBuildOutput && target.split('/').includes('dist')) {
      // A build output path with no copy of its own (`RUN npm run build` wrote it): its sources were copied to the
      // `dist` directory's parent (`COPY index.ts ./`) or its `src`.
      const parts = target.split('/');
      const dist = parts.lastIndexOf('dist');
      for (const variant of [
        [...parts.slice(0, dist), ...parts.slice(dist + 1)].join('/'),
        [...parts.slice(0, dist), 'src', ...parts.slice(dist + 1)].join('/'),
      ]) {
        found.push(...this.mapToContext(stage, variant, depth + 1, false));
      }
    }
    return found;
  }

  /**
   * Context sources are relative to the context root, which they cannot leave (`/x` and `../x` are `x`, as BuildKit
   * cleans them); `--from` sources are absolute in the other stage or image.
   */
  private normalizeSource(source: string, fromStage: boolean): string {
    const resolved = posix.resolve('/', source);
    if (fromStage) return resolved;
    return resolved === '/' ? '.' : resolved.slice(1);
  }

  implicitExtensions(stage: Stage): string[] {
    const reasons: string[] = [];
    for (const current of [...this.chain(stage)].reverse()) {
      for (const step of current.copies) {
        if (step.destination === undefined) continue;
        const fromText = typeof step.from === 'string' ? ` from ${step.from}` : typeof step.from === 'object' ? ` from stage ${step.from.name ?? step.from.index}` : '';
        const intoExtensions = under(step.destination, '/opt/extensions');
        const wholeOpt =
          step.from !== undefined &&
          step.destination === '/opt' &&
          step.sources.some((source) => source !== undefined && ['/opt', '/opt/extensions'].includes(posix.resolve('/', source)));
        if (intoExtensions || wholeOpt) {
          reasons.push(`the image copies ${step.sourceText}${fromText} into ${step.destinationText} (line ${step.line})`);
        }
      }
      for (const run of current.runs) {
        if (RUN_WRITES_EXTENSION.some((pattern) => pattern.test(run.text))) {
          reasons.push(`a RUN instruction writes into /opt/extensions (line ${run.line})`);
        }
      }
    }
    return reasons;
  }

  /** Why the extension answer is unknown when no implicit extension was found, if it is. */
  unknownReason(stage: Stage): string | undefined {
    for (const current of [...this.chain(stage)].reverse()) {
      for (const step of current.copies) {
        if (step.destination === undefined) {
          return `${step.keyword} at line ${step.line} copies to ${step.destinationText}, which cannot be resolved`;
        }
      }
      for (const run of current.runs) {
        if (RUN_UNPACKS_INTO_OPT.test(run.text)) {
          return `the RUN instruction at line ${run.line} unpacks into /opt, which may add an extension`;
        }
      }
    }
    return undefined;
  }

  /** The handler a stage's image runs, with the line that names it. */
  handler(stage: Stage): { handler: string; line: number; ric: boolean } | undefined {
    const entrypoint = stage.entrypoint;
    const cmd = stage.cmd;
    const ricIndex = (tokens: readonly string[]): number => tokens.findIndex((token) => /(?:^|\/)aws-lambda-ric$/.test(token));
    if (cmd && ricIndex(cmd.tokens) >= 0) {
      const candidate = cmd.tokens[ricIndex(cmd.tokens) + 1];
      return candidate ? { handler: candidate, line: cmd.line, ric: true } : undefined;
    }
    if (entrypoint && ricIndex(entrypoint.tokens) >= 0) {
      const candidate = entrypoint.tokens[ricIndex(entrypoint.tokens) + 1];
      if (candidate) return { handler: candidate, line: entrypoint.line, ric: true };
      return cmd?.tokens[0] ? { handler: cmd.tokens[0], line: cmd.line, ric: true } : undefined;
    }
    if (!stage.lambdaBase || !cmd?.tokens[0]) return undefined;
    return { handler: cmd.tokens[0], line: cmd.line, ric: false };
  }
}

function readDockerfile(file: string, text: string, context: ReaderContext): FunctionDeployment[] {
  const model = new DockerfileModel(file, text);
  const last = model.stages[model.stages.length - 1];
  const result: FunctionDeployment[] = [];
  for (const stage of model.stages) {
    // Buildable images: the last stage, and any stage no later stage builds on or copies from (a `--target`).
    if (stage !== last && stage.used) continue;
    const found = model.handler(stage);
    if (!found) continue;
    const handler = effectiveHandler(found.handler, (name) => stage.environment.get(name));
    const parts = HANDLER_PATTERN.test(handler) ? parseHandler(handler) : null;
    if (!parts) continue;
    // The runtime splits the base name at its first dot: `index.nested.handler` is module `index`, export `nested`.
    const module = parts.module;
    // The Node.js runtime loads the handler from LAMBDA_TASK_ROOT; aws-lambda-ric from its working directory.
    const taskRoot = found.ric ? stage.workdir : (stage.variables.get('LAMBDA_TASK_ROOT') ?? '/var/task');
    const target = posix.resolve(taskRoot, module);
    const entries = model
      .mapToContext(stage, target)
      .flatMap((entry) => withSourceAlternative(entry, context.cwd))
      .filter((entry) => isInside(context.cwd, entry));
    const implicitExtensions = model.implicitExtensions(stage);
    const unknownReason = implicitExtensions.length === 0 ? model.unknownReason(stage) : undefined;
    result.push({
      tool: 'container',
      name: handler,
      configFile: file,
      line: found.line,
      entryModules: [...new Set(entries)],
      handlerExport: parts.exportName,
      layers: [],
      environment: Object.fromEntries(stage.environment),
      implicitExtensions,
      ...(unknownReason ? { unknownReason } : {}),
    });
  }
  return result;
}

export const dockerfileReader: DeploymentReader = {
  tool: 'container',
  matches(baseName: string): boolean {
    if (baseName.endsWith('.dockerignore')) return false;
    return (
      baseName === 'Dockerfile' ||
      baseName === 'Containerfile' ||
      baseName.startsWith('Dockerfile.') ||
      baseName.startsWith('Containerfile.') ||
      baseName.endsWith('.Dockerfile') ||
      baseName.endsWith('.dockerfile')
    );
  },
  read(file: string, text: string, context: ReaderContext): FunctionDeployment[] {
    return readDockerfile(file, text, context);
  },
};

