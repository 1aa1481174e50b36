// Dashboards: grafana-http-api.md §5 (pkg/api/dashboard.go, apierrors/dashboard.go, dashboard_service.go).
import { asObject, isoTime, MaxUIDLength, slugify, validUidChars, versionAtLeast, type HandlerContext, type Route } from '../context.js';
import { message, messageWithTrace, ok, statusMessage, type Reply } from '../reply.js';
import type { DashboardRecord, DashboardVersionRecord } from '../state.js';
import { classicRead, classicStoredVersion } from '../app-platform/conversion.js';

/** §5.1 item 4: `min_refresh_interval` default. */
export const minRefreshSeconds = 5;

const notFound = (): Reply => messageWithTrace(404, 'Dashboard not found');

/** Parses Grafana-style durations (`5s`, `1m`, `1h`, `500ms`) into seconds; undefined when unparsable. */
export function durationSeconds(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 }[m[2] as 'ms'];
  return Number(m[1]) * unit;
}

function dashboardUrl(d: DashboardRecord): string {
  return `/d/${d.uid}/${slugify(d.title)}`;
}

function meta(ctx: HandlerContext, d: DashboardRecord): Record<string, unknown> {
  const folder = d.folderUid ? ctx.org.folders.get(d.folderUid) : undefined;
  const canWrite = ctx.role !== 'Viewer';
  const perms = { canAdd: canWrite, canEdit: canWrite, canDelete: canWrite };
  return {
    type: 'db', canSave: canWrite, canEdit: canWrite, canAdmin: ctx.role === 'Admin', canStar: true, canDelete: canWrite,
    slug: slugify(d.title), url: dashboardUrl(d), expires: '0001-01-01T00:00:00Z', created: d.created, updated: d.updated,
    updatedBy: d.updatedBy, createdBy: d.createdBy, version: d.version, hasAcl: false, isFolder: false,
    folderId: folder?.id ?? 0, folderUid: folder?.uid ?? '', folderTitle: folder?.title ?? 'General',
    folderUrl: folder ? `/dashboards/f/${folder.uid}/${slugify(folder.title)}` : '',
    provisioned: d.provisioned === true, provisionedExternalId: d.provisioned ? `${d.uid}.json` : '',
    annotationsPermissions: { dashboard: perms, organization: perms },
    publicDashboardEnabled: false,
    ...(versionAtLeast(ctx.version, '12.3') ? { apiVersion: 'v1' } : {}),
  };
}

function versionDto(v: DashboardVersionRecord, withData: boolean): Record<string, unknown> {
  const message = v.parentVersion === 0 ? 'Initial save' : v.restoredFrom > 0 ? `Restored from version ${v.restoredFrom}` : v.message;
  return {
    id: v.id, dashboardId: v.dashboardId, uid: v.uid, parentVersion: v.parentVersion, restoredFrom: v.restoredFrom,
    version: v.version, created: v.created, createdBy: v.createdBy, message, ...(withData ? { data: v.data } : {}),
  };
}

async function save(ctx: HandlerContext): Promise<Reply> {
  const body = asObject(ctx.body);
  const dash = asObject(body?.dashboard);
  if (ctx.badJson || !body || !dash) return messageWithTrace(400, 'bad request data');
  if (body.isFolder === true) return message(400, 'Use folders endpoint for saving folders.');
  // 1. Title (trimmed, stored trimmed).
  const title = typeof dash.title === 'string' ? dash.title.trim() : '';
  if (title === '') return statusMessage(400, 'empty-name', 'Dashboard title cannot be empty');
  if (title.length > 5000) return statusMessage(400, 'title-too-long', 'Dashboard title cannot contain more than 5 000 characters');
  // 2. Message.
  const note = typeof body.message === 'string' ? body.message : '';
  if (note.length > 500) return message(400, 'message too long, max 500 characters');
  // 3. UID.
  let uid = typeof dash.uid === 'string' ? dash.uid.trim() : '';
  if (!validUidChars(uid)) return message(400, 'uid contains illegal characters');
  if (uid.length > MaxUIDLength) return message(400, 'uid too long, max 40 characters');
  // 4. Refresh: silently clamped to min_refresh_interval when shorter or unparsable; "" and "auto" are kept (§14.8).
  const json: Record<string, unknown> = structuredClone(dash);
  if (typeof json.refresh === 'string' && json.refresh !== '' && json.refresh !== 'auto') {
    const seconds = durationSeconds(json.refresh);
    if (seconds === undefined || seconds < minRefreshSeconds) json.refresh = `${minRefreshSeconds}s`;
  }
  // 5. Folder.
  const folderUid = typeof body.folderUid === 'string' ? body.folderUid : '';
  if (folderUid !== '' && !ctx.org.folders.has(folderUid)) return message(400, 'folder not found');
  // 6. ValidateDashboardBeforeSave.
  const id = typeof dash.id === 'number' && dash.id > 0 ? dash.id : 0;
  const byId = id > 0 ? [...ctx.org.dashboards.values()].find((d) => d.id === id) : undefined;
  if (id > 0 && !byId) return statusMessage(404, 'not-found', 'Dashboard not found');
  if (uid === '' && byId) uid = byId.uid;
  const byUid = uid !== '' ? ctx.org.dashboards.get(uid) : undefined;
  if (uid !== '' && ctx.org.folders.has(uid)) return message(400, 'Dashboard cannot be changed to a folder');
  if (byId && byUid && byId !== byUid) return message(400, 'A dashboard with the same uid already exists');
  const existing = byUid ?? byId;
  // 7. The service's own check (pkg/services/dashboards/service/dashboard_service.go, BuildSaveDashboardCommand:
  // guardian CanCreate for a new dashboard, CanSave for an existing one) -> ErrDashboardUpdateAccessDenied, which
  // names no permission. The route accepts either action; the save needs the one that fits.
  if (!ctx.permissions.has(existing ? 'dashboards:write' : 'dashboards:create')) return message(403, 'Access denied to save dashboard');
  if (existing) {
    const sent = typeof dash.version === 'number' ? dash.version : 0;
    if (sent !== existing.version && body.overwrite !== true) {
      // §14.4: 13.x saveDashboardViaK8s answers a missing or stale version with 409.
      if (ctx.strict.dashboardConflict409) return message(409, 'Dashboard already exists. Use overwrite flag to update.');
      return statusMessage(412, 'version-mismatch', 'The dashboard has been changed by someone else');
    }
    // 8. File-provisioned, allowUiUpdates: false.
    if (existing.provisioned) return message(400, 'Cannot save provisioned dashboard');
  }
  if (uid === '') uid = ctx.ids.uid();
  // §14.7: 12.x validates, then writes, without a lock: a save overlapping this one passed the same check.
  if (ctx.strict.unlockedSave) await new Promise((resolve) => setTimeout(resolve, 2));
  const current = ctx.org.dashboards.get(uid) ?? existing;
  const at = isoTime(ctx.now());
  const version = current ? current.version + 1 : 1;
  const dashboardId = existing?.id ?? ctx.ids.next('dashboard');
  Object.assign(json, { id: dashboardId, uid, title, version });
  const tags = Array.isArray(json.tags) ? json.tags.filter((t): t is string => typeof t === 'string') : [];
  const record: DashboardRecord = {
    id: dashboardId, uid, title, folderUid, json, version, tags,
    created: existing?.created ?? at, updated: at, createdBy: existing?.createdBy ?? ctx.login, updatedBy: ctx.login,
    versions: current?.versions ?? [],
    indexedAt: current?.indexedAt ?? ctx.now(),
    storedVersion: classicStoredVersion(ctx.version),
    // The app-platform view's metadata (README "App-platform"): a classic save rebuilds the object (dashboard_service.go
    // saveDashboardThroughK8s + LegacySaveCommandToUnstructured: folder and message only), dropping the other labels
    // and annotations; the option keeps them, for a test that wants the kinder server.
    ...(current && !ctx.appPlatform.classicSaveDropsMetadata ? { labels: current.labels, annotations: current.annotations } : {}),
  };
  record.versions.push({
    id: ctx.ids.next('version'), dashboardId, uid, parentVersion: existing?.version ?? 0, restoredFrom: 0, version,
    created: at, createdBy: ctx.login, message: note, data: structuredClone(json),
  });
  ctx.org.dashboards.set(uid, record);
  // postDashboard's DynMap: Go marshals map keys sorted.
  return ok({ folderUid, id: dashboardId, slug: slugify(title), status: 'success', uid, url: dashboardUrl(record), version });
}

export const dashboardRoutes: Route[] = [
  { method: 'POST', pattern: '/api/dashboards/db', permission: { any: ['dashboards:create', 'dashboards:write'] }, handle: save },
  {
    method: 'GET', pattern: '/api/dashboards/uid/:uid', permission: 'dashboards:read',
    handle(ctx) {
      const d = ctx.org.dashboards.get(ctx.params.uid);
      if (!d) return notFound();
      // A v0alpha1-stored dashboard read through newest main's v1 client is migrated (app-platform/conversion.ts).
      const json = classicRead(ctx.version, d.storedVersion, structuredClone(d.json));
      // §14.12 (undetermined, an option): a server that migrates a lower stored schemaVersion on read.
      const to = ctx.strict.migrateSchemaOnRead;
      if (to !== undefined && typeof json.schemaVersion === 'number' && json.schemaVersion < to) json.schemaVersion = to;
      return ok({ dashboard: { ...json, id: d.id, uid: d.uid, version: d.version }, meta: meta(ctx, d) });
    },
  },
  {
    method: 'DELETE', pattern: '/api/dashboards/uid/:uid', permission: 'dashboards:delete',
    handle(ctx) {
      if (ctx.org.folders.has(ctx.params.uid)) return message(400, 'Use folders endpoint for deleting folders.');
      const d = ctx.org.dashboards.get(ctx.params.uid);
      if (!d) return notFound();
      if (d.provisioned) return message(400, 'provisioned dashboard cannot be deleted');
      ctx.org.dashboards.delete(d.uid);
      return ok({ title: d.title, message: `Dashboard ${d.title} deleted`, uid: d.uid });
    },
  },
  {
    method: 'GET', pattern: '/api/dashboards/uid/:uid/versions', permission: 'dashboards:write',
    handle(ctx) {
      const d = ctx.org.dashboards.get(ctx.params.uid);
      if (!d) return notFound();
      const limit = Number(ctx.query.get('limit') ?? 0) || d.versions.length;
      const start = Number(ctx.query.get('start') ?? 0) || 0;
      const list = [...d.versions].reverse().slice(start, start + limit).map((v) => versionDto(v, false));
      if (list.length === 0) return messageWithTrace(404, `No versions found for dashboardId ${d.id}`);
      // §5.4: 12.x returns an object; older Grafana a bare array.
      return versionAtLeast(ctx.version, '12.3') ? ok({ versions: list, continueToken: '' }) : ok(list);
    },
  },
  {
    method: 'GET', pattern: '/api/dashboards/uid/:uid/versions/:version', permission: 'dashboards:write',
    handle(ctx) {
      const d = ctx.org.dashboards.get(ctx.params.uid);
      if (!d) return notFound();
      const v = d.versions.find((x) => String(x.version) === ctx.params.version);
      if (!v) return messageWithTrace(500, `Dashboard version ${ctx.params.version} not found for dashboardId ${d.id}`);
      return ok(versionDto(v, true));
    },
  },
];
