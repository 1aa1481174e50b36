import type { Options } from 'yargs';
import { resolveGrafana, type ResolvedGrafana } from '../config/resolve-grafana.js';
import { createGrafanaClient, type GrafanaClient, type RequestWait } from '../grafana/index.js';
import { MAX_WAIT_SECONDS } from '../grafana/client-options.js';
import { checkNumber } from './arg-checks.js';
import { isNamespace } from '../config/config-shape.js';
import { UsageError } from '../errors.js';
import type { CommandContext } from './command.js';
import type { CliIO } from './io.js';
import { API_CHOICES, formatKindApis, type ApiChoice, type KindApi } from '../kinds/transport.js';

/** Flags of every verb that contacts Grafana. */
export interface GrafanaArgs {
  context?: string;
  url?: string;
  'org-id'?: number;
  timeout?: number;
  'retry-budget'?: number;
  verbose: boolean;
}

export const grafanaOptions = {
  context: { type: 'string', describe: "Grafana instance from the config's contexts (default: its defaultContext, or its only one)" },
  url: { type: 'string', describe: 'Grafana base URL (wins over GRAFANA_URL and the context)' },
  'org-id': { type: 'number', describe: 'Grafana organisation id (wins over GRAFANA_ORG_ID and the context)' },
  timeout: { type: 'number', describe: 'Seconds to wait for each Grafana request (wins over GRAFANA_TIMEOUT; default 30)' },
  'retry-budget': { type: 'number', describe: 'Seconds all retries of one request may take (wins over GRAFANA_RETRY_BUDGET; default 60)' },
} as const satisfies Record<string, Options>;

/** The Grafana a verb talks to, with `--verbose` saying where each setting came from (never a credential's value). */
export function grafanaFor(args: GrafanaArgs, io: CliIO, context: CommandContext): ResolvedGrafana {
  const resolved = resolveGrafana({
    config: context.config,
    context: args.context,
    flags: { ...(args.url !== undefined ? { url: args.url } : {}), ...(args['org-id'] !== undefined ? { orgId: args['org-id'] } : {}) },
    env: io.env,
  });
  if (args.verbose) {
    if (context.config) io.stderr(`config: ${context.config.path}\n`);
    for (const { setting, source } of resolved.sources) io.stderr(`${setting}: ${source}\n`);
  }
  return resolved;
}

/**
 * The client for a verb: its Grafana, `--timeout` / `--retry-budget` over the environment's, `--verbose` request
 * log, and on a terminal a progress line on stderr while a request waits long (naming it).
 */
export function grafanaClientFor(args: GrafanaArgs, io: CliIO, context: CommandContext): { grafana: ResolvedGrafana; client: GrafanaClient } {
  const timeoutMs = secondsFlag('timeout', args.timeout);
  const budgetMs = secondsFlag('retry-budget', args['retry-budget']);
  const grafana = grafanaFor(args, io, context);
  const client = createGrafanaClient({
    ...grafana.client,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(budgetMs !== undefined ? { retry: { ...grafana.client.retry, budgetMs } } : {}),
    ...(args.verbose ? { log: (line: string) => io.stderr(`${line}\n`) } : {}),
    ...(io.isTTY ? { onWait: (wait: RequestWait) => io.stderr(`${waitLine(wait)}\n`) } : {}),
  });
  return { grafana, client };
}

/** e.g. `waiting for Grafana: GET /api/search (12 s of the 30 s request timeout, attempt 1; retries stop after 60 s)`. */
export function waitLine(wait: RequestWait): string {
  const s = (ms: number) => `${Math.round(ms / 1000)} s`;
  if (wait.retrying) return `waiting for Grafana: ${wait.method} ${wait.path}: ${wait.retrying.reason} (${s(wait.elapsedMs)} so far; retries stop after ${s(wait.budgetMs)})`;
  return `waiting for Grafana: ${wait.method} ${wait.path} (${s(wait.elapsedMs)}, attempt ${wait.attempt}; each attempt times out after ${s(wait.timeoutMs)}, retries stop after ${s(wait.budgetMs)})`;
}

/** A seconds flag (`--timeout`, `--retry-budget`) checked and in ms; undefined when not given. */
export function secondsFlag(name: string, value: number | undefined): number | undefined {
  const seconds = checkNumber(name, value, { min: 0, minInclusive: false, max: MAX_WAIT_SECONDS, unit: 'of seconds' });
  return seconds === undefined ? undefined : Math.round(seconds * 1000);
}

/** Flags of the verbs that read or write kinds (provision, plan, diff --live, import --live): which API they speak. */
export interface ApiArgs {
  api?: ApiChoice;
  namespace?: string;
}

export const apiOptions = {
  api: {
    choices: API_CHOICES,
    describe: 'API for dashboards, folders and the policy tree: app-platform (dashboard.grafana.app, folder.grafana.app, routingtrees; Grafana 12+), classic (/api/...), or auto: app-platform where the server offers it (wins over the context\'s api; default auto)',
  },
  namespace: { type: 'string', describe: 'App-platform namespace (wins over the context\'s; default: "default" for org 1, "org-<id>" for --org-id; Grafana Cloud: "stacks-<id>")' },
} as const satisfies Record<string, Options>;

/**
 * The handler-context settings (HandlerContextOptions / ProvisionOptions `api`, `namespace`): the flags, else the
 * context's, else auto and the org's namespace; `--verbose` says where they came from.
 */
export function apiSettings(args: Partial<ApiArgs> & { verbose?: boolean }, grafana: ResolvedGrafana, io?: CliIO): { api: ApiChoice; namespace?: string } {
  if (args.namespace !== undefined && !isNamespace(args.namespace)) {
    throw new UsageError(`--namespace "${args.namespace}" is not a namespace Grafana parses`, 'Give "default" (org 1), "org-<id>" (another org) or "stacks-<id>" (a Grafana Cloud stack).');
  }
  const api = args.api ?? grafana.api ?? 'auto';
  const namespace = args.namespace ?? grafana.namespace;
  if (args.verbose && io) {
    io.stderr(`api choice: ${args.api !== undefined ? 'flag --api' : grafana.api !== undefined ? `context ${grafana.context}` : 'default (auto)'}\n`);
    if (namespace !== undefined) io.stderr(`namespace choice: ${args.namespace !== undefined ? 'flag --namespace' : `context ${grafana.context}`}\n`);
  }
  return { api, ...(namespace !== undefined ? { namespace } : {}) };
}

/** With --verbose, one line per kind saying which API it used (stderr, once per run). */
export function reportApis(apis: readonly KindApi[], args: { verbose?: boolean }, io: CliIO): void {
  if (args.verbose && apis.length > 0) io.stderr(formatKindApis(apis));
}
