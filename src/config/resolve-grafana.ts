import { ConfigError, UsageError } from '../errors.js';
import { clientOptionsFromEnv, defaultGrafanaUrl, type GrafanaClientOptions } from '../grafana/client-options.js';
import { closestName } from '../validate/closest-name.js';
import { assertHttpUrl } from './config-shape.js';
import type { LoadedConfig } from './load-config.js';
import type { ContextOverrides, GrafanaContextConfig } from './project-config.js';

/** Where one setting came from, for `--verbose`: flags beat the environment, which beats the config. */
export interface SettingSource {
  readonly setting: 'context' | 'url' | 'orgId' | 'credentials' | 'overrides' | 'api' | 'namespace';
  readonly source: string;
}

export interface ResolvedGrafana {
  /** The context used, if any. */
  readonly context?: string;
  readonly client: GrafanaClientOptions;
  /** The context's push-time overrides (empty without a context). */
  readonly overrides: ContextOverrides;
  /** The context's API choice and app-platform namespace, when it sets them (flags win: src/cli/grafana-target.ts). */
  readonly api?: 'classic' | 'app-platform' | 'auto';
  readonly namespace?: string;
  readonly sources: readonly SettingSource[];
}

export interface ResolveGrafanaOptions {
  readonly config?: LoadedConfig;
  /** `--context NAME`. */
  readonly context?: string;
  /** Connection flags given on the command line. */
  readonly flags?: { readonly url?: string; readonly orgId?: number };
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The context a verb uses: `--context`, else the config's `defaultContext`, else its only context. */
export function selectContext(config: LoadedConfig | undefined, requested: string | undefined): [string, GrafanaContextConfig] | undefined {
  const contexts = config?.config.contexts ?? {};
  const names = Object.keys(contexts);
  if (requested !== undefined) {
    if (!config) throw new ConfigError(`--context ${requested}: no k2-grafana.config.ts was found to define it`, 'Run from the project folder, or pass --config <file>.');
    const context = contexts[requested];
    if (!context) {
      const near = closestName(requested, names);
      throw new ConfigError(
        `--context ${requested}: no such context in ${config.path}${names.length ? ` (defined: ${names.join(', ')})` : ' (it defines none)'}`,
        near ? `Did you mean --context ${near}?` : 'Add it under `contexts` in the config, or pick a defined one.',
        { file: config.path },
      );
    }
    return [requested, context];
  }
  const fallback = config?.config.defaultContext ?? (names.length === 1 ? names[0] : undefined);
  return fallback !== undefined ? [fallback, contexts[fallback]!] : undefined;
}

/**
 * How to reach Grafana for one verb. Each setting: a flag, else the environment (GRAFANA_URL and friends), else the
 * selected context. Credentials go with the URL: a URL from a flag or GRAFANA_URL uses GRAFANA_TOKEN (or
 * GRAFANA_USER / GRAFANA_PASSWORD); a context's URL uses the variables the context names, so one instance's token
 * is never sent to another. Only verbs that contact Grafana call this: only they need credentials.
 */
export function resolveGrafana(options: ResolveGrafanaOptions): ResolvedGrafana {
  const env = options.env;
  const selected = selectContext(options.config, options.context);
  const [name, context] = selected ?? [undefined, undefined];
  const sources: SettingSource[] = [];
  if (name !== undefined) sources.push({ setting: 'context', source: options.context !== undefined ? `flag --context ${name}` : `config ${options.config!.path} (${options.config!.config.defaultContext === name ? 'defaultContext' : 'its only context'})` });

  const fromEnv = clientOptionsFromEnv(env);
  const envUrl = nonEmpty(env.GRAFANA_URL);
  let url: string;
  let urlFromContext = false;
  if (options.flags?.url !== undefined) {
    url = options.flags.url;
    sources.push({ setting: 'url', source: 'flag --url' });
  } else if (envUrl !== undefined) {
    url = envUrl;
    sources.push({ setting: 'url', source: `environment GRAFANA_URL${name !== undefined ? ` (over context ${name}'s url)` : ''}` });
  } else if (context) {
    url = context.url;
    urlFromContext = true;
    sources.push({ setting: 'url', source: `context ${name}` });
  } else {
    url = defaultGrafanaUrl;
    sources.push({ setting: 'url', source: 'default' });
  }
  checkUrl(url, sources.at(-1)!.source);

  let orgId: number | undefined;
  if (options.flags?.orgId !== undefined) {
    orgId = options.flags.orgId;
    sources.push({ setting: 'orgId', source: 'flag --org-id' });
  } else if (fromEnv.orgId !== undefined) {
    orgId = fromEnv.orgId;
    sources.push({ setting: 'orgId', source: 'environment GRAFANA_ORG_ID' });
  } else if (context?.orgId !== undefined) {
    orgId = context.orgId;
    sources.push({ setting: 'orgId', source: `context ${name}` });
  }
  if (orgId !== undefined && (!Number.isInteger(orgId) || orgId < 1)) throw new UsageError(`--org-id must be a positive integer, got ${orgId}`);

  const credentials = urlFromContext && context ? contextCredentials(name!, context, env, options.config!) : envCredentials(fromEnv);
  sources.push({ setting: 'credentials', source: credentials.source });

  const overrides = context?.overrides ?? {};
  if (name !== undefined && Object.keys(overrides).length > 0) sources.push({ setting: 'overrides', source: `context ${name}` });
  return {
    ...(name !== undefined ? { context: name } : {}),
    ...(context?.api !== undefined ? { api: context.api } : {}),
    ...(context?.namespace !== undefined ? { namespace: context.namespace } : {}),
    client: { ...fromEnv, url, orgId, token: credentials.token, user: credentials.user, password: credentials.password },
    overrides,
    sources,
  };
}

interface Credentials {
  readonly token?: string;
  readonly user?: string;
  readonly password?: string;
  /** Names the variables, never their values. */
  readonly source: string;
}

function envCredentials(fromEnv: GrafanaClientOptions): Credentials {
  if (fromEnv.token) return { token: fromEnv.token, source: 'environment GRAFANA_TOKEN' };
  if (fromEnv.user) return { user: fromEnv.user, password: fromEnv.password, source: 'environment GRAFANA_USER / GRAFANA_PASSWORD' };
  return { source: 'none (no GRAFANA_TOKEN, GRAFANA_USER)' };
}

function contextCredentials(name: string, context: GrafanaContextConfig, env: Readonly<Record<string, string | undefined>>, config: LoadedConfig): Credentials {
  const tokenEnv = context.tokenEnv ?? 'GRAFANA_TOKEN';
  const userEnv = context.userEnv ?? 'GRAFANA_USER';
  const passwordEnv = context.passwordEnv ?? 'GRAFANA_PASSWORD';
  const token = nonEmpty(env[tokenEnv]);
  if (token) return { token, source: `environment ${tokenEnv} (context ${name})` };
  const user = nonEmpty(env[userEnv]);
  if (user) return { user, password: env[passwordEnv], source: `environment ${userEnv} / ${passwordEnv} (context ${name})` };
  // A context that names its variables expects them: contacting it without them can only fail, later and less clearly.
  if (context.tokenEnv !== undefined || context.userEnv !== undefined) {
    const wanted = [context.tokenEnv, context.userEnv].filter((v): v is string => v !== undefined).join(' or ');
    throw new ConfigError(`context ${name}: ${wanted} is not set, so there are no credentials for ${context.url}`, `Export ${wanted} (a service-account token) and run again.`, { file: config.path });
  }
  return { source: `none (context ${name}: no GRAFANA_TOKEN, GRAFANA_USER)` };
}

function checkUrl(url: string, source: string): void {
  assertHttpUrl(url, `Grafana URL from ${source}`, 'Give the base URL with its scheme, e.g. https://grafana.example.com or http://localhost:3000.');
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}
