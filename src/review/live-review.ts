import type { GrafanaClient } from '../grafana/index.js';
import { applyContextOverrides } from '../config/context-overrides.js';
import type { ContextOverrides } from '../config/project-config.js';
import { createHandlerContext } from '../kinds/handler-context.js';
import { ownerFor } from '../kinds/marker.js';
import { defaultRegistry, type Registry } from '../kinds/registry.js';
import { kindApis, type ApiChoice, type KindApi } from '../kinds/transport.js';
import type { Kind, ProjectDefinition } from '../model/index.js';
import { desiredResources, refId } from '../plan/desired-resources.js';
import { readLive } from '../plan/read-live.js';
import type { ReviewObject } from './artifact-objects.js';
import { reviewObjects, type ReviewReport } from './review-report.js';

export interface LiveReviewOptions {
  readonly project: ProjectDefinition;
  readonly client: GrafanaClient;
  /** Environment for contact point secret references (only digests are compared; nothing secret is printed). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kinds to compare. @default every kind of the registry */
  readonly kinds?: readonly Kind[];
  /** Reads in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Label of the Grafana side, e.g. its URL. @default 'Grafana' */
  readonly grafanaLabel?: string;
  readonly registry?: Registry;
  readonly signal?: AbortSignal;
  /** The context's push-time overrides, applied to the definitions' side as provision applies them. */
  readonly overrides?: ContextOverrides;
  /** Which API kinds with an app-platform resource use (as provision's). @default 'auto' */
  readonly api?: ApiChoice;
  readonly namespace?: string;
  /** Told which API each kind with a choice used (the CLI prints it with --verbose). */
  readonly onApis?: (apis: readonly KindApi[]) => void;
}

/**
 * Drift report: what the configured Grafana holds (before) against what the definitions generate (after), read with
 * provision's own handlers and compared through the same normalisers and words as plan (ownership markers taken out,
 * secrets masked). Objects Grafana lacks show as added (provision would create them); objects this project owns that
 * are no longer defined show as removed.
 */
export async function reviewLive(options: LiveReviewOptions): Promise<ReviewReport> {
  const registry = options.registry ?? defaultRegistry;
  const owner = ownerFor(options.project.name);
  const env = options.env ?? {};
  const kinds = new Set<Kind>(options.kinds ?? [...registry.handlers.keys()]);
  // A drift report needs no secrets: without them contact-point settings are simply not compared.
  const desired = applyContextOverrides(desiredResources(options.project, { owner, env, requireSecrets: false, registry }), options.overrides ?? {}).filter((r) => kinds.has(r.kind));
  const ctx = createHandlerContext({
    client: options.client, owner, env, concurrency: options.concurrency ?? 8, ...(options.signal ? { signal: options.signal } : {}), api: options.api, namespace: options.namespace,
  });
  const snapshot = await readLive(ctx, desired, { registry });
  options.onApis?.(await kindApis(ctx, [...registry.handlers.values()].filter((h) => h.appPlatform && desired.some((r) => r.kind === h.kind))));
  const wanted = new Map(desired.map((r) => [refId(r), r]));
  const after: ReviewObject[] = desired.map((r) => ({ kind: r.kind, key: r.key, title: r.title, file: r.source ?? '', spec: r.spec }));
  const before: ReviewObject[] = snapshot.objects
    .filter((l) => kinds.has(l.kind) && (wanted.has(refId(l)) || l.marker?.owner === owner))
    .map((l) => ({ kind: l.kind, key: l.key, title: l.title, file: wanted.get(refId(l))?.source ?? '', spec: l.spec }));
  const report = reviewObjects(before, after, { before: options.grafanaLabel ?? 'Grafana', after: 'definitions (generated)' }, { registry, owner });
  // `file` is the definition source here (relative to the project root); objects only Grafana holds have none.
  return { ...report, objects: report.objects.map((o) => (o.file ? o : (({ file: _f, ...rest }) => rest)(o))) };
}
