/**
 * Module resolution for a function's module graph: TypeScript's own resolver (`ts.resolveModuleName`), with the
 * options of the nearest tsconfig.json / jsconfig.json (its `paths`, `baseUrl`, `extends`) and `bundler` resolution, so
 * that relative imports with or without extensions (`./db`, `./db.js` for `db.ts`), directory indexes, tsconfig path
 * aliases (`@/lib/db`) and package.json `imports` (`#db`) resolve as the project's build resolves them.
 *
 * Only local modules count: a specifier that resolves into node_modules, to a declaration file, or outside the project
 * root is not followed (what the catalog does not describe stays unknown). Answers are cached per directory and
 * specifier; config files are read once and trusted for `RECHECK_MS`.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from '../typescript.js';
import type * as TS from 'typescript';
import { isInside } from '../deploy/paths.js';
import { SOURCE_EXTENSIONS } from '../files.js';

/** Per directory, the first that exists; a monorepo root often has only the base its packages extend (Nx). */
const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json', 'tsconfig.base.json'];
/** How long a config file's answer is trusted before its mtime is checked again (an editor session edits them). */
const RECHECK_MS = 2_000;
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const DECLARATION = /\.d\.(?:[cm]?ts)$|\.d\.[^.]+\.ts$/;

/** Reads config files (and what they extend) but lists no directory: the file list of `include` is not needed. */
const CONFIG_HOST: TS.ParseConfigHost = {
  useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
  readDirectory: () => [],
  fileExists: (f) => ts.sys.fileExists(f),
  readFile: (f) => ts.sys.readFile(f),
};

interface Options {
  readonly compilerOptions: TS.CompilerOptions;
  /** Bare specifiers may be local: the config has `paths` or a `baseUrl`. */
  readonly aliases: boolean;
  /** The `paths` patterns as prefix and suffix around their `*` (an exact key has no `*`). */
  readonly patterns: readonly { readonly prefix: string; readonly suffix: string | null }[];
  readonly cache: TS.ModuleResolutionCache;
}

interface ConfigEntry {
  readonly file: string | null;
  readonly mtimeMs: number;
  checkedAt: number;
  readonly options: Options;
}

function defaults(root: string, extra: TS.CompilerOptions = {}): Options {
  const compilerOptions: TS.CompilerOptions = {
    ...extra,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    module: ts.ModuleKind.ESNext,
    allowJs: true,
    resolvePackageJsonImports: true,
    resolveJsonModule: false,
    noEmit: true,
  };
  const aliases = compilerOptions.paths !== undefined || compilerOptions.baseUrl !== undefined;
  const patterns = Object.keys(compilerOptions.paths ?? {}).map((key) => {
    const star = key.indexOf('*');
    return star < 0 ? { prefix: key, suffix: null } : { prefix: key.slice(0, star), suffix: key.slice(star + 1) };
  });
  const cache = ts.createModuleResolutionCache(root, (f) => f, compilerOptions);
  return { compilerOptions, aliases, patterns, cache };
}

/**
 * A module resolver for one project root. `sources`, when given, is the project's list of source files (core/files.ts):
 * whether a source file inside the root exists is answered from it, without a system call per candidate (resolving
 * `./db` tries `db.ts`, `db.tsx`, `db.d.ts`, `db.js`, … and `db/index.*`).
 */
export class ModuleResolver {
  private readonly configs = new Map<string, ConfigEntry>();
  private readonly nearest = new Map<string, string | null>();
  private readonly answers = new Map<string, string | null>();
  private readonly fallback: Options;
  private readonly exists = new Map<string, boolean>();
  private readonly host: TS.ModuleResolutionHost;

  constructor(
    readonly root: string,
    private readonly sources: () => ReadonlySet<string> | null = () => null,
    /** The same files as a sorted list (core/files.ts lists them sorted), for a prefix search. */
    private readonly sortedSources: () => readonly string[] | null = () => null,
  ) {
    this.fallback = defaults(root);
    this.host = {
      fileExists: (file) => this.fileExists(file),
      directoryExists: (dir) => this.directoryExists(dir),
      readFile: (file) => ts.sys.readFile(file),
      getCurrentDirectory: () => root,
    };
  }

  private fileExists(file: string): boolean {
    const abs = path.resolve(file);
    const list = SOURCE.test(abs) && isInside(this.root, abs) && !abs.includes(`${path.sep}node_modules${path.sep}`) ? this.sources() : null;
    if (list) return list.has(abs);
    let hit = this.exists.get(abs);
    if (hit === undefined) this.exists.set(abs, (hit = fs.statSync(abs, { throwIfNoEntry: false })?.isFile() ?? false));
    return hit;
  }

  private directoryExists(dir: string): boolean {
    const abs = path.resolve(dir);
    const key = `${abs}${path.sep}`;
    let hit = this.exists.get(key);
    if (hit === undefined) this.exists.set(key, (hit = fs.statSync(abs, { throwIfNoEntry: false })?.isDirectory() ?? false));
    return hit;
  }

  /**
   * The local source file `specifier` stands for when imported from `from`, or null (a package, a built-in, a file
   * outside the root, nothing at all).
   */
  resolve(specifier: string, from: string): string | null {
    const dir = path.dirname(from);
    const options = this.optionsFor(dir);
    const local = specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#');
    if (!local && (!options.aliases || specifier.startsWith('node:') || !this.mayBeAlias(specifier, options))) return null;
    const key = `${dir}\u0000${specifier}`;
    const hit = this.answers.get(key);
    if (hit !== undefined) return hit;
    if (!this.mayBeSource(specifier, dir)) {
      this.answers.set(key, null);
      return null;
    }
    let answer: string | null = null;
    try {
      const resolved = ts.resolveModuleName(specifier, from, options.compilerOptions, this.host, options.cache).resolvedModule;
      const file = resolved?.resolvedFileName;
      if (file && !resolved.isExternalLibraryImport && !file.includes(`${path.sep}node_modules${path.sep}`)) {
        answer = DECLARATION.test(file) ? this.implementationOf(file) : SOURCE.test(file) ? path.resolve(file) : null;
      }
    } catch {
      answer = null;
    }
    if (answer !== null && !isInside(this.root, answer)) answer = null;
    this.answers.set(key, answer);
    return answer;
  }

  /**
   * Can a bare specifier be a local module under these options: a `paths` pattern matches it, or its first segment
   * (`lib` of `lib/db`, `@app` of `@app/db`) is a file or folder under `baseUrl`? The rest (`pg`, `@aws-sdk/client-s3`)
   * are packages, and asking TypeScript about each would walk node_modules for nothing.
   */
  private mayBeAlias(specifier: string, options: Options): boolean {
    for (const { prefix, suffix } of options.patterns) {
      if (suffix === null ? specifier === prefix : specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix)) return true;
    }
    const baseUrl = options.compilerOptions.baseUrl;
    if (baseUrl === undefined) return false;
    const first = specifier.split('/')[0]!;
    const base = path.resolve(baseUrl, first);
    if (this.directoryExists(base)) return true;
    return SOURCE_EXTENSIONS.some((ext) => this.fileExists(`${base}.${ext}`));
  }

  /**
   * Can a relative or absolute specifier resolve to a source file of the project? Only if some listed source file's
   * path starts with the path it names (`./db` → `db.ts`, `db/index.ts`; `./db.js` → `db.ts`, as TypeScript maps the
   * extension): a specifier that names nothing listed (`./styles.css`, a file outside the listing) is answered without
   * asking TypeScript to try each extension and index file. Without a listing, or inside node_modules, anything may.
   */
  private mayBeSource(specifier: string, dir: string): boolean {
    if (!(specifier.startsWith('.') || specifier.startsWith('/'))) return true;
    const list = this.sortedSources();
    const base = path.resolve(dir, specifier).replace(/\.(?:[cm]?js|jsx)$/, '');
    if (list === null || !isInside(this.root, base) || base.includes(`${path.sep}node_modules${path.sep}`)) return true;
    // the first listed path not before `base`: it starts with `base` if any does
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! < base) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length && list[lo]!.startsWith(base);
  }

  /** Forget the answers (a file was added or removed). Config files are checked by mtime anyway. */
  clear(): void {
    this.answers.clear();
    this.nearest.clear();
    this.configs.clear();
    this.exists.clear();
  }

  /** `db.d.ts` beside `db.js`: the JavaScript file is the module that runs. */
  private implementationOf(declaration: string): string | null {
    const stem = declaration.replace(DECLARATION, '');
    for (const ext of ['.js', '.mjs', '.cjs', '.jsx']) if (fs.existsSync(stem + ext)) return path.resolve(stem + ext);
    return null;
  }

  private optionsFor(dir: string): Options {
    let configFile = this.nearest.get(dir);
    if (configFile === undefined) {
      configFile = null;
      for (let d = dir; isInside(this.root, d); d = path.dirname(d)) {
        const found = CONFIG_NAMES.map((n) => path.join(d, n)).find((f) => fs.existsSync(f));
        if (found) {
          configFile = found;
          break;
        }
        if (d === this.root || path.dirname(d) === d) break;
      }
      this.nearest.set(dir, configFile);
    }
    if (configFile === null) return this.fallback;
    const now = Date.now();
    const entry = this.configs.get(configFile);
    if (entry && now - entry.checkedAt < RECHECK_MS) return entry.options;
    const mtimeMs = fs.statSync(configFile, { throwIfNoEntry: false })?.mtimeMs ?? -1;
    if (entry && entry.mtimeMs === mtimeMs) {
      entry.checkedAt = now;
      return entry.options;
    }
    const fresh: ConfigEntry = { file: configFile, mtimeMs, checkedAt: now, options: this.read(configFile) };
    this.configs.set(configFile, fresh);
    this.answers.clear();
    return fresh.options;
  }

  /** The compiler options of a config file (with its `extends`); a config that does not parse gives the defaults. */
  private read(configFile: string): Options {
    const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
    if (error || !config) return this.fallback;
    try {
      const parsed = ts.parseJsonConfigFileContent(config, CONFIG_HOST, path.dirname(configFile), undefined, configFile);
      const { paths, baseUrl, pathsBasePath, rootDirs, customConditions } = parsed.options;
      return defaults(this.root, { paths, baseUrl, pathsBasePath, rootDirs, customConditions } as TS.CompilerOptions);
    } catch {
      return this.fallback;
    }
  }
}
