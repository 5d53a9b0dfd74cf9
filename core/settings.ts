/**
 * Shared settings: `settings['lambda-shutdown']` in a flat config, read the same way by every rule and codemod.
 */
import { DEFAULT_HANDLER_NAMES, RESOURCE_FACTORIES, TYPED_RESOURCE_DENY, factoryFromSettings } from './catalog.js';
import type { ResourceFactory, UserResourceEntry } from './catalog.js';

export const SETTINGS_KEY = 'lambda-shutdown';

/** What users may write under `settings['lambda-shutdown']`. */
export interface LambdaShutdownSettings {
  /** Extra export names that are Lambda handlers (added to `handler` and `lambdaHandler`). */
  handlerNames?: string[];
  /** Extra resource factories (a new database client, an in-house SDK). */
  resources?: UserResourceEntry[];
  /** The time a shutdown listener has before SIGKILL, in ms. Default on Lambda: 500 with an internal extension, else 300. */
  shutdownBudgetMs?: number;
  /** `'lambda'` (default) or `'container'` (ECS, Kubernetes, Cloud Run: SIGTERM always arrives). */
  platform?: Platform;
  /** More layer names (or name prefixes ending in `*`) that are extensions. */
  extensionLayers?: string[];
  /**
   * Recognise resources by their type when the file has type information (`configs['recommended-type-checked']`
   * sets `true`). An object turns it on with type specs that are (`allow`) or are never (`deny`) resources.
   */
  typedResources?: boolean | TypedResourcesOption;
}

/** `settings['lambda-shutdown'].typedResources` as an object. */
export interface TypedResourcesOption {
  /**
   * Types that hold a connection, handle or socket although nothing in their type shows it (a driver whose socket
   * field is private): `'Connection'`, `'some-db#Connection'`, `'@acme/db#*'`. They still need a close method
   * (`end`, `close`, `quit`, `$disconnect`, `disconnect`, `release`, `destroy` or `[Symbol.asyncDispose]`).
   * An entry here overrides the built-in deny list.
   */
  allow?: string[];
  /** Types never to report, added to the built-in deny list (AWS SDK clients, event emitters, streams, timers, …). */
  deny?: string[];
}

/**
 * A parsed type spec: `Name`, `module#Name`; `*` as the name matches any name, a module ending in `*` matches every
 * module that starts with the rest (`@aws-sdk/*`). Modules are written without `node:`.
 */
export interface TypeSpec {
  readonly text: string;
  /** null: any module (a bare name). */
  readonly module: string | null;
  /** The module is a prefix (`@aws-sdk/*`). */
  readonly modulePrefix: boolean;
  /** null: any name (`*`). */
  readonly name: string | null;
}

/** Type-aware recognition, resolved: on, with the specs that decide. */
export interface TypedResourceSettings {
  readonly allow: readonly TypeSpec[];
  /** The user's deny entries (they win over `allow`). */
  readonly deny: readonly TypeSpec[];
  /** The built-in deny list (`allow` wins over it). */
  readonly builtinDeny: readonly TypeSpec[];
}

const TYPE_NAME = /^(?:\*|[A-Za-z_$][\w$]*)$/;
const MODULE_NAME = /^[^\s#*]+\*?$/;

/** Parses a type spec, or returns null when it is not one. */
export function parseTypeSpec(text: string): TypeSpec | null {
  const parts = text.split('#');
  if (parts.length > 2) return null;
  const name = parts.at(-1)!;
  let module = parts.length === 2 ? parts[0]! : null;
  if (!TYPE_NAME.test(name)) return null;
  if (module !== null) {
    if (!MODULE_NAME.test(module)) return null;
    module = module.replace(/^node:/, '');
  }
  const modulePrefix = module?.endsWith('*') ?? false;
  return { text, module: modulePrefix ? module!.slice(0, -1) : module, modulePrefix, name: name === '*' ? null : name };
}

const BUILTIN_DENY: readonly TypeSpec[] = TYPED_RESOURCE_DENY.map((text) => {
  const spec = parseTypeSpec(text);
  if (!spec) throw new Error(`lambda-shutdown: the built-in type spec '${text}' does not parse.`);
  return spec;
});

/** What `typedResources: true` resolves to. */
export const TYPED_RESOURCES_ON: TypedResourceSettings = { allow: [], deny: [], builtinDeny: BUILTIN_DENY };

export type Platform = 'lambda' | 'container';

/** A container's default shutdown budget: ECS and Kubernetes give 30 s, Cloud Run 10 s; take the smaller. */
export const CONTAINER_BUDGET_MS = 10_000;

/** Settings after defaults are applied. */
export interface ResolvedSettings {
  readonly handlerNames: ReadonlySet<string>;
  readonly factories: readonly ResourceFactory[];
  /** The budget the user set, if any. */
  readonly shutdownBudgetMs: number | undefined;
  readonly platform: Platform;
  /** Extra extension layer names from settings. */
  readonly extensionLayers: readonly string[];
  /** Type-aware resource recognition: null when off (the default; it also needs type information to run). */
  readonly typedResources: TypedResourceSettings | null;
}

const DEFAULTS: ResolvedSettings = {
  handlerNames: new Set(DEFAULT_HANDLER_NAMES),
  factories: RESOURCE_FACTORIES,
  shutdownBudgetMs: undefined,
  platform: 'lambda',
  extensionLayers: [],
  typedResources: null,
};

const cache = new WeakMap<object, ResolvedSettings>();

/** Thrown for settings that cannot be used; ESLint shows it as a configuration error. */
export class SettingsError extends Error {
  override name = 'SettingsError';
}

function validate(raw: unknown): LambdaShutdownSettings {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SettingsError(`settings['${SETTINGS_KEY}'] must be an object.`);
  }
  const value = raw as Record<string, unknown>;
  const { handlerNames, resources, shutdownBudgetMs, platform, extensionLayers, typedResources } = value;
  if (typedResources !== undefined) validateTypedResources(typedResources);
  if (platform !== undefined && platform !== 'lambda' && platform !== 'container') {
    throw new SettingsError(`settings['${SETTINGS_KEY}'].platform must be 'lambda' or 'container'.`);
  }
  if (extensionLayers !== undefined && (!Array.isArray(extensionLayers) || extensionLayers.some((n) => typeof n !== 'string'))) {
    throw new SettingsError(`settings['${SETTINGS_KEY}'].extensionLayers must be an array of layer names.`);
  }
  if (shutdownBudgetMs !== undefined && (typeof shutdownBudgetMs !== 'number' || !(shutdownBudgetMs > 0) || !Number.isFinite(shutdownBudgetMs))) {
    throw new SettingsError(`settings['${SETTINGS_KEY}'].shutdownBudgetMs must be a positive number of milliseconds.`);
  }
  if (handlerNames !== undefined && (!Array.isArray(handlerNames) || handlerNames.some((n) => typeof n !== 'string'))) {
    throw new SettingsError(`settings['${SETTINGS_KEY}'].handlerNames must be an array of export names.`);
  }
  if (resources !== undefined) {
    if (!Array.isArray(resources)) {
      throw new SettingsError(`settings['${SETTINGS_KEY}'].resources must be an array.`);
    }
    resources.forEach((entry: unknown, index) => {
      const e = entry as Record<string, unknown> | null;
      if (e === null || typeof e !== 'object' || typeof e.module !== 'string' || typeof e.close !== 'string') {
        throw new SettingsError(
          `settings['${SETTINGS_KEY}'].resources[${index}] needs at least { module: string, close: string } (and usually export).`,
        );
      }
    });
  }
  return value as LambdaShutdownSettings;
}

const TYPE_SPEC_HELP =
  "Write a type name ('Connection') or 'module#Type' ('some-db#Connection'); '*' matches any name, and a module ending in '*' every module that starts so ('@acme/*#*').";

function validateTypedResources(value: unknown): void {
  const where = `settings['${SETTINGS_KEY}'].typedResources`;
  if (typeof value === 'boolean') return;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SettingsError(`${where} must be true, false, or an object { allow?: string[], deny?: string[] }.`);
  }
  for (const [key, list] of Object.entries(value)) {
    if (key !== 'allow' && key !== 'deny') throw new SettingsError(`${where} has an unknown key '${key}': expected 'allow' or 'deny'.`);
    if (!Array.isArray(list)) throw new SettingsError(`${where}.${key} must be an array of type specs. ${TYPE_SPEC_HELP}`);
    list.forEach((entry: unknown, index) => {
      if (typeof entry !== 'string' || parseTypeSpec(entry) === null) {
        throw new SettingsError(`${where}.${key}[${index}] is not a type spec: ${JSON.stringify(entry)}. ${TYPE_SPEC_HELP}`);
      }
    });
  }
}

function resolveTypedResources(value: boolean | TypedResourcesOption | undefined): TypedResourceSettings | null {
  if (value === undefined || value === false) return null;
  if (value === true) return TYPED_RESOURCES_ON;
  const specs = (list: string[] | undefined) => (list ?? []).map((text) => parseTypeSpec(text)!);
  return { allow: specs(value.allow), deny: specs(value.deny), builtinDeny: BUILTIN_DENY };
}

/** Reads and caches the resolved settings of one ESLint `settings` object. */
export function resolveSettings(settings: Readonly<Record<string, unknown>> | undefined): ResolvedSettings {
  const raw = settings?.[SETTINGS_KEY];
  if (raw === undefined) return DEFAULTS;
  const hit = cache.get(raw as object);
  if (hit) return hit;
  const user = validate(raw);
  const resolved: ResolvedSettings = {
    handlerNames: new Set([...DEFAULT_HANDLER_NAMES, ...(user.handlerNames ?? [])]),
    factories: [...RESOURCE_FACTORIES, ...(user.resources ?? []).map(factoryFromSettings)],
    shutdownBudgetMs: user.shutdownBudgetMs,
    platform: user.platform ?? 'lambda',
    extensionLayers: user.extensionLayers ?? [],
    typedResources: resolveTypedResources(user.typedResources),
  };
  cache.set(raw as object, resolved);
  return resolved;
}
