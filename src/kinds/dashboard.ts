import { definitionError } from '../definitions/definition-error.js';
import { compareDashboards, diffDashboards, type Change } from '../diff/index.js';
import type { DashboardDefinition, JsonObject, Live, Marker, ProjectDefinition, Resource } from '../model/index.js';
import { isJsonObject, normaliseDashboard } from '../normalise/index.js';
import { escapeStrings } from '../render/file-interpolation.js';
import { declaredFolder, FOLDER_LISTING } from './folder.js';
import { libraryPanelRefs } from './library-panel-ref.js';
import { bindUid, unbind } from './marker.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed, RenderOptions } from './kind-handler.js';
import { hasStatus, memo, safetyFor, seg } from './http.js';
import { K2GrafanaError } from '../errors.js';
import { fieldIssues } from './shape.js';
import { appPlatformFor, readVia } from './transport.js';
import { dashboardAppPlatform, listDashboards, readDashboard, refuseLookAlike, saveDashboard, type DashboardMapping } from './dashboard-app-platform.js';

/**
 * Dashboards: `POST /api/dashboards/db`, `GET/DELETE /api/dashboards/uid/:uid` (grafana-http-api.md 5).
 * Marker: the tag `managed-by:<owner>` (tags survive a save from the UI, so ownership does too) and the top-level
 * field `k2Grafana: {owner, hash}` (the API stores dashboard JSON as sent, 12.1; a save from the UI rebuilds the model
 * and drops unknown fields, which also reads as "edited since the last push").
 * Where the server offers it, `dashboard.grafana.app` instead (dashboard-app-platform.ts; src/kinds/transport.ts
 * decides per run): the same spec and marker, plus the marker in the object's manager annotations.
 * Files: `dashboards/<folderUid>/<uid>.json` (section `dashboards/`: the directory is the folder), and one provider
 * per folder in `dashboards/provider.yaml`.
 */
export interface DashboardSpec {
  readonly dashboard: JsonObject;
  /** '' for the root (General) folder. */
  readonly folderUid: string;
}

const TAG_PREFIX = 'managed-by:';
const FIELD = 'k2Grafana';

function tagsOf(dashboard: JsonObject): string[] {
  return Array.isArray(dashboard.tags) ? dashboard.tags.filter((t): t is string => typeof t === 'string') : [];
}

/** The dashboard without our tag and field, plus the marker they held. */
export function splitDashboardMarker(dashboard: JsonObject): { dashboard: JsonObject; marker?: Marker } {
  const tags = tagsOf(dashboard);
  const ownerTag = tags.find((t) => t.startsWith(TAG_PREFIX));
  const field = isJsonObject(dashboard[FIELD]) ? dashboard[FIELD] : undefined;
  const rest: JsonObject = { ...dashboard };
  delete rest[FIELD];
  if (Array.isArray(dashboard.tags)) rest.tags = dashboard.tags.filter((t) => !(typeof t === 'string' && t.startsWith(TAG_PREFIX)));
  if (!ownerTag) return { dashboard: rest };
  const owner = ownerTag.slice(TAG_PREFIX.length);
  const bound = field && field.owner === owner && typeof field.hash === 'string' ? unbind(field.hash) : undefined;
  // Written for another uid: a copy of ours ("Save as" of the JSON, an import), someone else's.
  if (bound?.uid !== undefined && bound.uid !== dashboard.uid) return { dashboard: rest };
  return { dashboard: rest, marker: { owner, hash: bound?.hash, ...(bound?.uid === undefined ? { unbound: true } : {}) } };
}

function withMarker(dashboard: JsonObject, marker: Marker): JsonObject {
  const tags = tagsOf(dashboard).filter((t) => !t.startsWith(TAG_PREFIX));
  return { ...dashboard, tags: [...tags, `${TAG_PREFIX}${marker.owner}`], [FIELD]: { owner: marker.owner, hash: bindUid(marker.hash ?? '', String(dashboard.uid ?? '')) } };
}

interface SearchHit {
  uid: string;
  title: string;
  tags?: string[];
  folderUid?: string;
}

interface DashboardResponse {
  dashboard: JsonObject;
  meta: { folderUid?: string; provisioned?: boolean; version?: number };
}

function subject(spec: { dashboard: JsonObject }): string {
  return `dashboard "${String(spec.dashboard.title ?? '')}" (${String(spec.dashboard.uid ?? '')})`;
}

/** The spec's marker (tag and field), read and written the same on both transports. */
const mapping: DashboardMapping = { split: splitDashboardMarker, stamp: withMarker, subject };

/**
 * Grafana accepts two dashboards with one title in one folder (grafana-http-api.md 5.1), so creating ours next to a
 * foreign one with our title would silently make a look-alike: refused, naming it. One search per folder, shared.
 */
async function refuseTitleCollision(ctx: HandlerContext, spec: DashboardSpec): Promise<void> {
  const folder = spec.folderUid;
  // A folder the run's listing did not have is created by this run: nothing else is in it yet.
  const listed = ctx.memo.get(FOLDER_LISTING) as Promise<SearchHit[] | undefined> | undefined;
  if (folder !== '' && listed && !((await listed.catch(() => undefined)) ?? []).some((f) => f.uid === folder)) return;
  const hits = await memo(ctx.memo, `dashboards-in:${folder}`, () =>
    ctx.client.get<SearchHit[]>('/api/search', { query: { type: 'dash-db', folderUIDs: folder === '' ? 'general' : folder, limit: 5000 }, signal: ctx.signal }));
  const title = String(spec.dashboard.title ?? '').trim().toLowerCase();
  const other = (hits ?? []).find((h) => h.uid !== spec.dashboard.uid && h.title.trim().toLowerCase() === title && !(h.tags ?? []).includes(`${TAG_PREFIX}${ctx.owner}`));
  if (!other) return;
  throw new K2GrafanaError(
    'conflict',
    `${subject(spec)}: folder "${folder || 'General'}" already holds a dashboard titled "${other.title}" (uid ${other.uid}) that this project does not manage; creating ours would make a look-alike`,
    `Give ours another title, or take that one over by giving it uid ${String(spec.dashboard.uid ?? '')} in the definitions (then --force).`,
  );
}

async function save(ctx: HandlerContext, desired: Resource<DashboardSpec>, marker: Marker, version?: number): Promise<void> {
  const dashboard: JsonObject = { ...withMarker(desired.spec.dashboard, marker) };
  // A new dashboard has no id; an update names the version it replaces, so a concurrent edit fails with 412.
  delete dashboard.id;
  if (version === undefined) delete dashboard.version;
  else dashboard.version = version;
  await ctx.client.post('/api/dashboards/db', {
    dashboard,
    // Always sent: omitting folderUid on an update moves the dashboard to the root (grafana-http-api.md 5.1 step 6).
    folderUid: desired.spec.folderUid,
    overwrite: false,
    message: `k2-grafana ${marker.owner} ${marker.hash ?? ''}`.trim(),
  }, { subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'POST', '/api/dashboards/db') });
}

const api: readonly KindApiCall[] = [
  { method: 'POST', path: '/api/dashboards/db', safety: 'fixed-uid', why: 'dashboard.uid fixes the object; a repeated save gets 412 version-mismatch, never a second dashboard' },
  { method: 'DELETE', path: '/api/dashboards/uid/:uid', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
  // The app-platform path (dashboard-app-platform.ts), sent by AppPlatformResource with these safeties.
  { method: 'POST', path: '/apis/dashboard.grafana.app/:version/namespaces/:namespace/dashboards', safety: 'fixed-uid', why: 'metadata.name fixes the object; a repeat gets 409 AlreadyExists, never a second dashboard' },
  { method: 'PUT', path: '/apis/dashboard.grafana.app/:version/namespaces/:namespace/dashboards/:name', safety: 'idempotent', why: 'whole object, conditional on resourceVersion: a repeat after a committed write gets 409, which apply re-reads' },
  { method: 'DELETE', path: '/apis/dashboard.grafana.app/:version/namespaces/:namespace/dashboards/:name', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
];

/** Top-level dashboard fields the server owns; never written to files (grafana-http-api.md section 5). */
const SERVER_OWNED = new Set(['id', 'version', 'iteration']);

/** One dashboards provider per folder, each reading that folder's directory. */
function providers(project: ProjectDefinition, options: RenderOptions): JsonObject {
  const dashboards = project.dashboards ?? [];
  const folderUids = [...new Set(dashboards.map((d) => d.folderUid))].sort();
  return {
    apiVersion: 1,
    providers: folderUids.map((uid) => {
      const first = dashboards.find((d) => d.folderUid === uid);
      const folder = declaredFolder(project, uid, [first?.source ?? '', `dashboard "${String(first?.dashboard.title)}"`]);
      // grafana/grafana pkg/services/provisioning/dashboards/types.go (commit 1411ff8797bd3fc717e206d6afa9bd1fccd9567f)
      // `configs`: every provider field is a values type, `options` a JSONValue, all read through `.Value()`, so the
      // strings are escaped (src/render/file-interpolation.ts). The dashboard JSON files are read as they are.
      return {
        ...escapeStrings({ name: `${project.name}-${uid}`, type: 'file', folder: folder.title, folderUid: folder.uid, options: { path: `${options.dashboardsPath}/${uid}` } }),
        orgId: 1, disableDeletion: false,
        // Edits belong in the definitions; a UI save would be lost at the next generate.
        allowUiUpdates: false,
        updateIntervalSeconds: 30,
      };
    }),
  };
}

function render(project: ProjectDefinition, options: RenderOptions): [string, JsonObject][] {
  const out: [string, JsonObject][] = [];
  const paths = new Set<string>();
  for (const definition of project.dashboards ?? []) {
    const uid = definition.dashboard.uid;
    const where = [definition.source, `dashboard "${String(typeof uid === 'string' && uid !== '' ? uid : definition.dashboard.title)}"`];
    if (typeof uid !== 'string' || uid === '') throw definitionError(where, 'has no uid', 'Set a uid: it is the dashboard\'s identity in Grafana.');
    const path = `dashboards/${definition.folderUid}/${uid}.json`;
    if (paths.has(path)) throw definitionError(where, 'uid is used by another dashboard in the same folder', 'Give each dashboard its own uid.');
    paths.add(path);
    out.push([path, Object.fromEntries(Object.entries(definition.dashboard).filter(([key]) => !SERVER_OWNED.has(key)))]);
  }
  if (out.length > 0) out.push(['dashboards/provider.yaml', providers(project, options)]);
  return out;
}

/** A dashboard file: a bare dashboard, or the `{dashboard, meta}` envelope GET /api/dashboards/uid returns. */
function parse(value: JsonObject, file: string): { spec: DashboardSpec; source: string }[] {
  const model = isJsonObject(value.dashboard) ? value.dashboard : value;
  if (!(Array.isArray(model.panels) || Array.isArray(model.rows) || typeof model.uid === 'string')) return [];
  // The layout is dashboards/<folder-uid>/<uid>.json; a file directly under dashboards/ sits in no folder we know.
  const folder = /^dashboards\/(.+)\/[^/]+$/.exec(file)?.[1];
  const uid = typeof model.uid === 'string' && model.uid !== '' ? model.uid : file;
  return [{ source: file, spec: { dashboard: { ...model, uid }, folderUid: folder ?? '' } }];
}

/** Dashboards compare as their model (the diff engine's per-panel changes), plus a move between folders. */
function changesOf(before: JsonObject | undefined, after: JsonObject | undefined, object: { key: string }): { changes: Change[]; comparison: ReturnType<typeof compareDashboards> } {
  const comparison = compareDashboards(before?.dashboard, after?.dashboard, { key: object.key });
  if (!before || !after || before.folderUid === after.folderUid) return { changes: comparison.changes, comparison };
  const moved: Change = {
    kind: 'setting-changed', object: comparison.object, ref: 'folder', path: 'folder', before: before.folderUid, after: after.folderUid,
    summary: `moved from folder "${String(before.folderUid) || 'General'}" to "${String(after.folderUid) || 'General'}"`,
  };
  const changes = [moved, ...comparison.changes];
  return { changes, comparison: { ...comparison, changes } };
}

export const dashboard: KindHandler<DashboardSpec> & { readonly kind: 'dashboard' } = {
  kind: 'dashboard' as const,
  // Library panels first: a dashboard names them by reference, and one a dashboard uses cannot be deleted.
  dependsOn: ['folder', 'datasource', 'library-panel'],
  writes: 'parallel',
  listsAll: true,
  ownership: 'marker',
  api,
  appPlatform: dashboardAppPlatform,
  definitions: {
    field: 'dashboards',
    shapeIssues: (entry, path) => fieldIssues(entry, path, [
      { field: 'source', type: 'string' }, { field: 'folderUid', type: 'string' }, { field: 'dashboard', type: 'object' },
    ]),
    specs: (entries: readonly DashboardDefinition[]) => entries.map((d) => ({ source: d.source, spec: { dashboard: d.dashboard, folderUid: d.folderUid } })),
  },
  files: { section: 'dashboards/', render, parse },

  key: (spec) => String(spec.dashboard.uid ?? ''),
  title: (spec) => String(spec.dashboard.title ?? spec.dashboard.uid ?? ''),
  requires: (spec) => [
    ...(spec.folderUid ? [{ kind: 'folder', key: spec.folderUid }] : []),
    ...[...new Set(libraryPanelRefs(spec.dashboard).map((r) => r.uid))].map((key) => ({ kind: 'library-panel', key })),
  ],

  normalise: (spec, peer?: DashboardSpec) => ({ dashboard: withoutMigrationOnRead(normaliseDashboard(spec.dashboard), peer), folderUid: spec.folderUid ?? '' }),
  changes: (before, after, object) => changesOf(before, after, object).changes,
  compare(before, after, object) {
    const { changes, comparison } = changesOf(before, after, object);
    return { changes, dashboard: comparison };
  },

  async list(ctx: HandlerContext, wanted): Promise<Listed<DashboardSpec>[]> {
    return readVia(ctx, dashboard, (resource) => listDashboards(ctx, resource, wanted, mapping), async () => {
      // Two searches instead of one read per dashboard: the owned ones (by tag, for prune) and which of the wanted
      // ones exist (by uid, 100 per request); only existing dashboards are then read in full.
      const found = new Map<string, Listed<DashboardSpec>>();
      const add = (hits: SearchHit[] | undefined): void => {
        for (const hit of hits ?? []) {
          const tag = (hit.tags ?? []).find((t) => t.startsWith(TAG_PREFIX));
          found.set(hit.uid, { key: hit.uid, title: hit.title, ...(tag ? { marker: { owner: tag.slice(TAG_PREFIX.length) } } : {}) });
        }
      };
      const search = (query: Record<string, string | number | string[]>): Promise<SearchHit[]> =>
        ctx.client.get<SearchHit[]>('/api/search', { query: { type: 'dash-db', limit: 5000, ...query }, signal: ctx.signal });
      // Sent together (this runs in one slot of the run's limit; these are a handful of requests), and awaited
      // together, so a failure of one leaves no other rejected unobserved.
      const owned = async (): Promise<SearchHit[]> => {
        const all: SearchHit[] = [];
        for (let page = 1; ; page += 1) {
          const hits = (await search({ tag: `${TAG_PREFIX}${ctx.owner}`, page })) ?? [];
          all.push(...hits);
          if (hits.length < 5000) return all;
        }
      };
      const byUid = Array.from({ length: Math.ceil(wanted.length / 100) }, (_, i) => () => search({ dashboardUIDs: [...wanted.slice(i * 100, i * 100 + 100)] }));
      for (const hits of await Promise.all([owned(), ...byUid.map((send) => send())])) add(hits);
      return [...found.values()];
    });
  },

  async read(ctx, key): Promise<Live<DashboardSpec> | undefined> {
    return readVia<Live<DashboardSpec> | undefined>(ctx, dashboard, (resource) => readDashboard(ctx, resource, key, mapping), async () => {
      const res = await ctx.client.getIfExists<DashboardResponse>(`/api/dashboards/uid/${seg(key)}`, { signal: ctx.signal });
      if (!res || !isJsonObject(res.dashboard)) return undefined;
      const { dashboard: model, marker } = splitDashboardMarker(res.dashboard);
      return {
        kind: 'dashboard',
        key,
        title: String(model.title ?? key),
        spec: { dashboard: model, folderUid: res.meta?.folderUid ?? '' },
        marker,
        version: typeof res.dashboard.version === 'number' ? res.dashboard.version : res.meta?.version,
        readOnly: res.meta?.provisioned === true,
      };
    });
  },

  async create(ctx, desired, marker) {
    const resource = await appPlatformFor(ctx, dashboard);
    if (resource) {
      await refuseLookAlike(ctx, resource, desired.spec, mapping);
      return saveDashboard(ctx, resource, desired, marker, mapping);
    }
    await refuseTitleCollision(ctx, desired.spec);
    await save(ctx, desired, marker);
  },
  async update(ctx, desired, live, marker) {
    const resource = await appPlatformFor(ctx, dashboard);
    // A live object read through the other API has no resourceVersion: the update is then unconditional, as k8s allows.
    if (resource) return saveDashboard(ctx, resource, desired, marker, mapping, live);
    await save(ctx, desired, marker, live.version);
  },

  async remove(ctx, live): Promise<void> {
    const resource = await appPlatformFor(ctx, dashboard);
    if (resource) return resource.delete(live.key, subject(live.spec), ctx.signal);
    try {
      await ctx.client.delete(`/api/dashboards/uid/${seg(live.key)}`, { subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error; // already gone: the goal of a delete
    }
  },
};

/**
 * A server may migrate a stored dashboard's `schemaVersion` on read (grafana-http-api.md 14.12, undetermined for
 * 13.x): a schemaVersion higher than the other side's, with nothing else different, is that migration, not drift,
 * so it compares as the other side's (here, so plan, the marker hash and every diff agree). A migration that changed
 * more, or a lower schemaVersion, is still a change ("migrated by a newer Grafana").
 */
function withoutMigrationOnRead(dashboard: JsonObject, peer: DashboardSpec | undefined): JsonObject {
  const theirs = peer && isJsonObject(peer.dashboard) ? peer.dashboard.schemaVersion : undefined;
  const ours = dashboard.schemaVersion;
  if (typeof theirs !== 'number' || typeof ours !== 'number' || ours <= theirs) return dashboard;
  const lowered = { ...dashboard, schemaVersion: theirs };
  // Only when schemaVersion differs at all (rare): the other side normalised once more, to compare the rest.
  return JSON.stringify(lowered) === JSON.stringify(normaliseDashboard(peer!.dashboard)) ? lowered : dashboard;
}
