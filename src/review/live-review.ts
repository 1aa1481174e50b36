import type { GrafanaClient } from '../grafana/index.js';
import { applyContextOverrides } from '../config/context-overrides.js';
import type { ContextOverrides } from '../config/project-config.js';
import { createHandlerContext } from '../kinds/handler-context.js';
import { ownerFor } from '../kinds/marker.js';
import { defaultRegistry, handlerFor } from '../kinds/registry.js';
import type { JsonObject, Kind, Live, ProjectDefinition, Resource } from '../model/index.js';
import { isJsonObject } from '../normalise/index.js';
import { desiredResources } from '../plan/desired-resources.js';
import { readLive } from '../plan/read-live.js';
import type { ArtifactObject } from './artifact-objects.js';
import { reviewObjects, type ReviewReport } from './review-report.js';

export interface LiveReviewOptions {
  readonly project: ProjectDefinition;
  readonly client: GrafanaClient;
  /** Environment for contact point secret references (only digests are compared; nothing secret is printed). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kinds to compare. @default every kind provision manages */
  readonly kinds?: readonly Kind[];
  /** Reads in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Label of the Grafana side, e.g. its URL. @default 'Grafana' */
  readonly grafanaLabel?: string;
  readonly signal?: AbortSignal;
  /** The context's push-time overrides, applied to the definitions' side as provision applies them. */
  readonly overrides?: ContextOverrides;
}

function folderOf(kind: Kind, spec: unknown): { folder?: string } {
  if (kind !== 'dashboard') return {};
  const folderUid = (spec as { folderUid?: unknown } | undefined)?.folderUid;
  return typeof folderUid === 'string' ? { folder: folderUid } : {};
}

/** The comparable form of one side: dashboards as their model (the diff engine normalises), others via their handler. */
function comparable(kind: Kind, spec: unknown, peer: unknown): JsonObject {
  if (kind === 'dashboard') {
    const s = spec as { dashboard?: unknown };
    return isJsonObject(s?.dashboard) ? s.dashboard : {};
  }
  return handlerFor(defaultRegistry, kind).normalise(spec as never, peer as never);
}

/**
 * Drift report: what the configured Grafana holds (before) against what the definitions generate (after), read with
 * provision's own handlers (ownership markers taken out, secrets masked). Objects Grafana lacks show as added (provision
 * would create them); objects this project owns that are no longer defined show as removed.
 */
export async function reviewLive(options: LiveReviewOptions): Promise<ReviewReport> {
  const owner = ownerFor(options.project.name);
  const env = options.env ?? {};
  const kinds = new Set<Kind>(options.kinds ?? [...defaultRegistry.handlers.keys()]);
  // A drift report needs no secrets: without them contact-point settings are simply not compared.
  const desired = applyContextOverrides(desiredResources(options.project, { owner, env, requireSecrets: false }), options.overrides ?? {}).filter((r) => kinds.has(r.kind));
  const ctx = createHandlerContext({ client: options.client, owner, env, concurrency: options.concurrency ?? 8, ...(options.signal ? { signal: options.signal } : {}) });
  const snapshot = await readLive(ctx, desired);
  const id = (o: { kind: Kind; key: string }) => `${o.kind}\u0000${o.key}`;
  const live = new Map<string, Live>(snapshot.objects.filter((o) => kinds.has(o.kind)).map((o) => [id(o), o]));
  const wanted = new Map<string, Resource>(desired.map((r) => [id(r), r]));
  const before: ArtifactObject[] = [];
  const after: ArtifactObject[] = [];
  for (const r of desired) {
    const l = live.get(id(r));
    after.push({ kind: r.kind, key: r.key, title: r.title, file: r.source ?? '', json: comparable(r.kind, r.spec, l?.spec), ...folderOf(r.kind, r.spec) });
    if (l) before.push({ kind: l.kind, key: l.key, title: l.title, file: r.source ?? '', json: comparable(l.kind, l.spec, r.spec), ...folderOf(l.kind, l.spec) });
  }
  for (const l of live.values()) {
    if (wanted.has(id(l)) || l.marker?.owner !== owner) continue;
    before.push({ kind: l.kind, key: l.key, title: l.title, file: '', json: isJsonObject(l.spec) && Object.keys(l.spec).length === 0 ? {} : comparable(l.kind, l.spec, undefined) });
  }
  const report = reviewObjects(before, after, { before: options.grafanaLabel ?? 'Grafana', after: 'definitions (generated)' });
  // `file` is the definition source here (relative to the project root); objects only Grafana holds have none.
  return { ...report, objects: report.objects.map((o) => (o.file ? o : (({ file: _f, ...rest }) => rest)(o))) };
}
