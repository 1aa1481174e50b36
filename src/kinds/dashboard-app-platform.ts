import { K2GrafanaError } from '../errors.js';
import type { AppObject, AppPlatformResource } from '../grafana/app-platform-client.js';
import type { JsonObject, Live, Marker, Resource } from '../model/index.js';
import { isJsonObject } from '../normalise/index.js';
import { annotationMarker, eitherMarker, uiLockOf, FOLDER_ANNOTATION, foreignManager, managedReadOnly, stampedAnnotations, withoutManager } from './app-platform-marker.js';
import type { HandlerContext, KindAppPlatform, Listed } from './kind-handler.js';

/**
 * Dashboards through `dashboard.grafana.app` (docs/app-platform.md): the object's spec is the v1 dashboard JSON we
 * generate (`DashboardSpec = common.Unstructured` in v0alpha1, v1beta1 and v1; v2* are the new layout schema, not
 * ours), its name is the uid, its folder the `grafana.app/folder` annotation, its generation the classic `version`.
 * The marker is written twice: in the spec as on the classic path (tag and field, so switching paths rewrites
 * nothing) and in the metadata (Grafana's manager annotations, which its UI shows). The dashboard kind maps specs;
 * this maps the object.
 */
export const dashboardAppPlatform: KindAppPlatform = {
  group: 'dashboard.grafana.app',
  resource: 'dashboards',
  objectKind: 'Dashboard',
  // Newest first: 13.x serves v1, 12.x v1beta1 (pkg/registry/apis/dashboard/register.go `GetGroupVersions`). The alpha
  // versions 11.x lists (v0alpha1, v1alpha1) are not used: 11.x stays on the classic API.
  versions: ['v1', 'v1beta1'],
  permissions: { read: 'dashboards:read', create: 'dashboards:create', write: 'dashboards:write', delete: 'dashboards:delete' },
};

/** The spec shape the dashboard kind uses, and how its marker is read and written in the dashboard JSON. */
export interface DashboardMapping {
  split(dashboard: JsonObject): { dashboard: JsonObject; marker?: Marker };
  stamp(dashboard: JsonObject, marker: Marker): JsonObject;
  subject(spec: { dashboard: JsonObject }): string;
}

export interface DashboardSpecShape {
  readonly dashboard: JsonObject;
  readonly folderUid: string;
}

/** ctx.memo key: per folder, the dashboards the listing saw (uid, title, whether ours): the look-alike check reads it. */
const TITLES = 'app-platform-dashboard-titles';
type TitleIndex = Map<string, { uid: string; title: string; ours: boolean }[]>;

/** One object as the kind's Live: the spec with the name as uid, the folder from its annotation, the marker from either place. */
export function dashboardLive(object: AppObject, mapping: DashboardMapping): Live<DashboardSpecShape> {
  const name = object.metadata.name;
  const raw = isJsonObject(object.spec) ? (object.spec as JsonObject) : {};
  const { dashboard, marker } = mapping.split({ ...raw, uid: name });
  const annotations = object.metadata.annotations;
  const found = eitherMarker(marker, annotationMarker(annotations, name));
  const uiLock = uiLockOf(annotations, found?.owner);
  return {
    kind: 'dashboard',
    key: name,
    title: String(dashboard.title ?? name),
    spec: { dashboard, folderUid: annotations?.[FOLDER_ANNOTATION] ?? '' },
    marker: found,
    ...(typeof object.metadata.generation === 'number' ? { version: object.metadata.generation } : {}),
    readOnly: managedReadOnly(annotations),
    ...(uiLock ? { uiLock } : {}),
    object: { resourceVersion: object.metadata.resourceVersion, labels: object.metadata.labels, annotations },
  };
}

/**
 * Every dashboard of the namespace, a page at a time: the wanted and owned ones whole (no GET per dashboard
 * afterwards), the others by name and title only (a page is dropped once read), and per folder the titles, so the
 * look-alike check of a create needs no search.
 */
export async function listDashboards(ctx: HandlerContext, resource: AppPlatformResource, wanted: readonly string[], mapping: DashboardMapping): Promise<Listed<DashboardSpecShape>[]> {
  const want = new Set(wanted);
  const titles: TitleIndex = new Map();
  const out: Listed<DashboardSpecShape>[] = [];
  for await (const page of resource.pages(ctx.signal)) {
    for (const object of page) {
      const live = dashboardLive(object, mapping);
      const ours = live.marker?.owner === ctx.owner;
      const folder = live.spec.folderUid;
      titles.set(folder, [...(titles.get(folder) ?? []), { uid: live.key, title: live.title, ours }]);
      if (want.has(live.key) || ours) out.push({ key: live.key, title: live.title, ...(live.marker ? { marker: live.marker } : {}), live });
      else out.push({ key: live.key, title: live.title, ...(live.marker ? { marker: live.marker } : {}) });
    }
  }
  ctx.memo.set(TITLES, Promise.resolve(titles));
  return out;
}

export async function readDashboard(ctx: HandlerContext, resource: AppPlatformResource, key: string, mapping: DashboardMapping): Promise<Live<DashboardSpecShape> | undefined> {
  const object = await resource.get(key, `dashboard ${key}`, ctx.signal);
  return object ? dashboardLive(object, mapping) : undefined;
}

/** Grafana accepts two dashboards with one title in a folder: a create next to a foreign look-alike is refused (as on the classic path). */
export async function refuseLookAlike(ctx: HandlerContext, resource: AppPlatformResource, spec: DashboardSpecShape, mapping: DashboardMapping): Promise<void> {
  // The run's listing left the index; a create without one (a library caller) lists first.
  if (!ctx.memo.has(TITLES)) await listDashboards(ctx, resource, [], mapping);
  const index = await (ctx.memo.get(TITLES) as Promise<TitleIndex>);
  const title = String(spec.dashboard.title ?? '').trim().toLowerCase();
  const other = (index.get(spec.folderUid) ?? []).find((d) => d.uid !== spec.dashboard.uid && !d.ours && d.title.trim().toLowerCase() === title);
  if (!other) return;
  throw new K2GrafanaError(
    'conflict',
    `${mapping.subject(spec)}: folder "${spec.folderUid || 'General'}" already holds a dashboard titled "${other.title}" (uid ${other.uid}) that this project does not manage; creating ours would make a look-alike`,
    `Give ours another title, or take that one over by giving it uid ${String(spec.dashboard.uid ?? '')} in the definitions (then --force).`,
  );
}

/** Create, or update carrying the resourceVersion read (a concurrent write makes it a 409, which apply re-plans). */
export async function saveDashboard(ctx: HandlerContext, resource: AppPlatformResource, desired: Resource<DashboardSpecShape>, marker: Marker, mapping: DashboardMapping, live?: Live<DashboardSpecShape>): Promise<void> {
  const subject = mapping.subject(desired.spec);
  const name = desired.key;
  const spec: JsonObject = { ...mapping.stamp(desired.spec.dashboard, marker), uid: name };
  delete spec.id;
  delete spec.version;
  let resourceVersion = live?.object?.resourceVersion;
  // Grafana refuses to change a manager's kind or id in one write (apistore/managed.go): a take-over first releases it.
  if (live && foreignManager(live.object?.annotations, marker.owner)) {
    const current = await resource.get(name, subject, ctx.signal);
    if (current) {
      const released = await resource.update({ metadata: { ...current.metadata, annotations: withoutManager(current.metadata.annotations) }, spec: current.spec }, subject, ctx.signal);
      resourceVersion = released.metadata?.resourceVersion;
    }
  }
  const annotations = stampedAnnotations(live?.object?.annotations, marker, name, {
    editable: ctx.editableDashboards === true, folder: desired.spec.folderUid, message: `k2-grafana ${marker.owner} ${marker.hash ?? ''}`.trim(),
  });
  const metadata = { name, annotations, ...(live?.object?.labels ? { labels: live.object.labels } : {}), ...(resourceVersion ? { resourceVersion } : {}) };
  if (live) await resource.update({ metadata, spec }, subject, ctx.signal);
  else await resource.create({ metadata, spec }, subject, ctx.signal);
}
