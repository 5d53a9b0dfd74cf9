/**
 * Shared settings: `settings['lambda-shutdown']` in a flat config, read the same way by every rule and codemod.
 */
import { DEFAULT_HANDLER_NAMES, RESOURCE_FACTORIES, factoryFromSettings } from './catalog.js';
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
}

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
}

const DEFAULTS: ResolvedSettings = {
  handlerNames: new Set(DEFAULT_HANDLER_NAMES),
  factories: RESOURCE_FACTORIES,
  shutdownBudgetMs: undefined,
  platform: 'lambda',
  extensionLayers: [],
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
  const { handlerNames, resources, shutdownBudgetMs, platform, extensionLayers } = value;
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
  };
  cache.set(raw as object, resolved);
  return resolved;
}
