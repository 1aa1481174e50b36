import type { ApplyEvent, ApplySummary, Plan, ProjectDefinition, Resource } from '../model/index.js';
import type { GrafanaClient } from '../grafana/index.js';
import { applyContextOverrides } from '../config/context-overrides.js';
import type { ContextOverrides } from '../config/project-config.js';
import { createHandlerContext } from '../kinds/handler-context.js';
import { ownerFor } from '../kinds/marker.js';
import { defaultRegistry, type Registry } from '../kinds/registry.js';
import { kindApis, type ApiChoice, type KindApi } from '../kinds/transport.js';
import { desiredResources, withSecretDigests } from '../plan/desired-resources.js';
import { plan } from '../plan/plan.js';
import { readLive } from '../plan/read-live.js';
import { apply, defaultConcurrency } from './apply.js';

export interface ProvisionOptions {
  readonly project: ProjectDefinition;
  readonly client: GrafanaClient;
  /** Environment for contact point secrets (`$VAR`). @default {} */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Overwrite drift and take over objects we do not own. @default false */
  readonly force?: boolean;
  /** Delete owned objects no longer defined. @default false */
  readonly prune?: boolean;
  /** Leave alert rules editable in the UI (`X-Disable-Provenance`). @default false */
  readonly editableRules?: boolean;
  /** Requests in flight at once (reads and writes). @default 8 */
  readonly concurrency?: number;
  /** Plan only: no write. @default false */
  readonly dryRun?: boolean;
  readonly onEvent?: (event: ApplyEvent) => void;
  readonly now?: () => number;
  readonly registry?: Registry;
  readonly signal?: AbortSignal;
  /** The context's push-time overrides (datasource uids, folder prefix): in the plan, never in the files. */
  readonly overrides?: ContextOverrides;
  /** Where write-group lock files live (ApplyOptions.lockDir). @default tmpdir()/k2-grafana-locks */
  readonly lockDir?: string;
  /** Which API kinds with an app-platform resource (dashboards, folders) use: discovered (`auto`), or forced. @default 'auto' */
  readonly api?: ApiChoice;
  /** App-platform namespace (Grafana Cloud: `stacks-<id>`). @default `default` for org 1, `org-<id>` for the client's org */
  readonly namespace?: string;
  /** Leave dashboards and folders editable in the UI where k2-grafana stamps Grafana's manager annotations (app-platform path). @default false (locked) */
  readonly editableDashboards?: boolean;
}

export interface ProvisionResult {
  readonly plan: Plan;
  readonly desired: readonly Resource[];
  /** Absent for a dry run. */
  readonly summary?: ApplySummary;
  /** Which API each kind that has a choice used this run. */
  readonly apis: readonly KindApi[];
}

/**
 * The whole push: definitions -> desired objects -> read Grafana (every read before any write: a 401/403 or an
 * unreachable Grafana throws here) -> plan -> apply (unless dryRun).
 */
export async function provision(options: ProvisionOptions): Promise<ProvisionResult> {
  const startedAt = (options.now ?? Date.now)();
  const owner = ownerFor(options.project.name);
  const env = options.env ?? {};
  // A dry run may go without the secrets (their settings are then not compared); a push may not.
  const declared = applyContextOverrides(
    desiredResources(options.project, { owner, env, editableRules: options.editableRules, requireSecrets: !options.dryRun, registry: options.registry }),
    options.overrides ?? {},
  );
  const ctx = createHandlerContext({
    client: options.client, owner, env, concurrency: options.concurrency ?? defaultConcurrency, signal: options.signal,
    api: options.api, namespace: options.namespace, editableDashboards: options.editableDashboards,
  });
  // Secret digests (scrypt, on the thread pool) are computed while the reads are in flight; plan normalises.
  const registry = options.registry ?? defaultRegistry;
  const [desired, live] = await Promise.all([
    withSecretDigests(declared, env, options.registry),
    readLive(ctx, declared, { prune: options.prune, registry: options.registry }),
  ]);
  // After the reads, which made the choice (one discovery request, ctx.memo) and may have fallen back (readVia).
  const apis = await kindApis(ctx, [...registry.handlers.values()].filter((h) => h.appPlatform && (options.prune || declared.some((r) => r.kind === h.kind))));
  const thePlan = plan(desired, live, { owner, force: options.force, prune: options.prune, editableDashboards: options.editableDashboards, registry: options.registry });
  if (options.dryRun) return { plan: thePlan, desired, apis };
  const summary = await apply(thePlan, ctx, {
    concurrency: options.concurrency, onEvent: options.onEvent, now: options.now, startedAt, registry: options.registry, lockDir: options.lockDir, force: options.force, editableDashboards: options.editableDashboards,
  });
  return { plan: thePlan, desired, summary, apis };
}
