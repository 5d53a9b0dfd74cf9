/**
 * A module's summary: what other modules of a function's graph need to know about it, from the same analysis the
 * rules run on it (core/analysis.ts). It says which handler exports it has, which exports hand out a module-lifetime
 * resource (the value itself, or a getter that returns it), which exports create a fresh resource per call (factories),
 * which exported functions close resources, and which resources, its own or imported ones, its SIGTERM listeners
 * close or its code closes while a handler runs.
 *
 * Resources are named across modules by a `ResourceRef`: the owner module and the creation's offset in its text, the
 * same whether the owner was parsed for a summary or linted by ESLint.
 */
import type { ResourceFactory, ResourceSpec } from '../catalog.js';

export interface ResourceRef {
  /** `<owner file>#<offset of the creation>`: equal for the same creation whoever parsed the owner. */
  readonly key: string;
  readonly file: string;
  /** 1-based line of the creation in the owner. */
  readonly line: number;
  /** The binding that holds it in the owner (`pool`), or the export name. */
  readonly name: string;
  readonly library: string;
  readonly label: string;
}

/** An export that hands out a module-lifetime resource: the value itself (`export const pool`), or a getter. */
export interface ExportedValue {
  readonly ref: ResourceRef;
  readonly factory: ResourceFactory;
  readonly spec: ResourceSpec;
  /** `getPool()` returns it (else the export is the value). */
  readonly getter: boolean;
  /** What is handed out is a promise of the resource (`export const clientPromise = client.connect()`, an async getter). */
  readonly promise: boolean;
}

/** An exported function that creates a new resource on each call and returns it (`export async function connect()`). */
export interface ExportedFactory {
  readonly factory: ResourceFactory;
  readonly spec: ResourceSpec;
  /** The call returns a promise of the resource (an async function). */
  readonly promise: boolean;
  /** Where the resource is created, for messages. */
  readonly file: string;
  readonly line: number;
  /** The exported function's name. */
  readonly name: string;
}

export interface Reexport {
  /** The module re-exported from. */
  readonly file: string;
  /** exported name → name in that module; null for `export * from`. */
  readonly names: ReadonlyMap<string, string> | null;
}

export interface ModuleSummary {
  readonly file: string;
  /** Its handler export names. */
  readonly handlers: readonly string[];
  /** Export name (`module.exports` for a whole CommonJS export) → the module resource it hands out. */
  readonly values: ReadonlyMap<string, ExportedValue>;
  readonly factories: ReadonlyMap<string, ExportedFactory>;
  /** Exported functions that close resources (its own or imported ones), directly or through functions they call. */
  readonly closers: ReadonlyMap<string, readonly ResourceRef[]>;
  /** Exported functions that close what they are given (`closeConnection(client)`): the parameter indexes. */
  readonly paramClosers: ReadonlyMap<string, readonly number[]>;
  readonly reexports: readonly Reexport[];
  /** Keys of the resources its SIGTERM listeners close. */
  readonly sigtermCloses: ReadonlySet<string>;
  /** Keys of the resources it closes outside any process listener and outside its exported closers (per invocation). */
  readonly invocationCloses: ReadonlySet<string>;
  /** A SIGTERM listener of its calls a function the analysis cannot see into: it may close anything. */
  readonly opaqueSigterm: boolean;
  /** It holds module-scope resources that no SIGTERM listener of its own closes (each needs one somewhere). */
  readonly unclosedModuleResources: boolean;
  /** Keys of imported resources it opens (catalog `opensWith`: `dataSource.initialize()`). */
  readonly opened: ReadonlySet<string>;
}

export type ModuleExportFact =
  | { readonly kind: 'value'; readonly value: ExportedValue }
  | { readonly kind: 'factory'; readonly factory: ExportedFactory }
  | { readonly kind: 'closer'; readonly refs: readonly ResourceRef[] }
  | { readonly kind: 'paramCloser'; readonly params: readonly number[] };

/**
 * What `name` of the module `file` is, following re-exports (`export { pool } from './db'`, `export * from './db'`)
 * a few levels deep. `summaryOf` gives a module's summary, or null when it has none (not a module the graph reads).
 */
export function exportFact(file: string, name: string, summaryOf: (file: string) => ModuleSummary | null, depth = 0): ModuleExportFact | null {
  if (depth > 4) return null;
  const summary = summaryOf(file);
  if (!summary) return null;
  const value = summary.values.get(name);
  if (value) return { kind: 'value', value };
  const factory = summary.factories.get(name);
  if (factory) return { kind: 'factory', factory };
  const refs = summary.closers.get(name);
  if (refs) return { kind: 'closer', refs };
  const params = summary.paramClosers.get(name);
  if (params) return { kind: 'paramCloser', params };
  for (const r of summary.reexports) {
    if (r.names === null) {
      if (name === 'default') continue; // `export *` does not re-export the default
      const fact = exportFact(r.file, name, summaryOf, depth + 1);
      if (fact) return fact;
    } else {
      const inner = r.names.get(name);
      if (inner !== undefined) return exportFact(r.file, inner, summaryOf, depth + 1);
    }
  }
  return null;
}

/** Every export name a module's summary describes (re-exports followed), with what it is. */
export function exportFacts(file: string, summaryOf: (file: string) => ModuleSummary | null, depth = 0): Map<string, ModuleExportFact> {
  const out = new Map<string, ModuleExportFact>();
  const summary = depth > 4 ? null : summaryOf(file);
  if (!summary) return out;
  for (const [name, value] of summary.values) out.set(name, { kind: 'value', value });
  for (const [name, factory] of summary.factories) if (!out.has(name)) out.set(name, { kind: 'factory', factory });
  for (const [name, refs] of summary.closers) if (!out.has(name)) out.set(name, { kind: 'closer', refs });
  for (const [name, params] of summary.paramClosers) if (!out.has(name)) out.set(name, { kind: 'paramCloser', params });
  for (const r of summary.reexports) {
    const inner = exportFacts(r.file, summaryOf, depth + 1);
    if (r.names === null) {
      for (const [name, fact] of inner) if (name !== 'default' && !out.has(name)) out.set(name, fact);
    } else {
      for (const [exported, local] of r.names) {
        const fact = inner.get(local);
        if (fact && !out.has(exported)) out.set(exported, fact);
      }
    }
  }
  return out;
}
