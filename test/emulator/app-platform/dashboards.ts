/**
 * `dashboard.grafana.app` dashboards over the classic store (emu.state.dashboards): the dual writer of
 * pkg/registry/apis/dashboard/legacy/sql_dashboards.go. Read (`scanRow`): name = uid, generation = the classic version,
 * `grafana.app/folder` = folder uid, label `grafana.app/deprecatedInternalID` = id, message annotation, spec = the stored
 * JSON without `id`, `version`, `uid` ("Ignore any saved values for id/version/uid"). Write (`buildSaveDashboardCommand`):
 * spec + uid = name, FolderUID from the folder annotation, message from `grafana.app/message`. Generation moves only when
 * the spec changes (pkg/apiserver/registry/generic/strategy.go `PrepareForUpdate`); resourceVersion on every write.
 * Validation: pkg/registry/apis/dashboard/register.go `validateCreate`/`validateUpdate`/`validateDelete`.
 */
import { isDeepStrictEqual } from 'node:util';
import { asObject, MaxUIDLength, validUidChars } from '../context.js';
import type { Reply } from '../reply.js';
import type { DashboardRecord } from '../state.js';
import { durationSeconds, minRefreshSeconds } from '../routes/dashboards.js';
import { DASHBOARD_GROUP, FOLDER_GROUP } from './discovery.js';
import { readAt, type ConvertedRead } from './conversion.js';
import { page, parseFieldSelector, parseLabelSelector } from './list.js';
import {
  Anno, checkManager, deleted, LabelDeprecatedInternalID, deletePrecondition, k8sUid, metadataOut, nowIso, readBody, resourceVersionOf, storedMeta, type Request,
} from './objects.js';
import { alreadyExists, badRequest, conflict, invalid, notFound, status } from './status.js';

const RESOURCE = 'dashboards';
export const dashboardActions = { list: 'dashboards:read', get: 'dashboards:read', create: 'dashboards:create', update: 'dashboards:write', delete: 'dashboards:delete' } as const;

export function specOf(d: DashboardRecord): Record<string, unknown> {
  const { id: _id, version: _version, uid: _uid, ...spec } = structuredClone(d.json);
  return spec;
}

/** grafana-http-api.md §14.12 (undetermined, an option): a server that migrates a lower stored schemaVersion on read does so on this API too. */
function readSpec(req: Request, d: DashboardRecord): ConvertedRead {
  const read = readAt(req.ctx.version, d.storedVersion, req.version, specOf(d));
  const spec = { ...read.spec };
  const to = req.ctx.strict.migrateSchemaOnRead;
  if (to !== undefined && typeof spec.schemaVersion === 'number' && spec.schemaVersion < to) spec.schemaVersion = to;
  return { ...read, spec };
}

function toObject(req: Request, d: DashboardRecord): Record<string, unknown> {
  const last = d.versions[d.versions.length - 1];
  const extra: Record<string, string> = d.provisioned
    ? { [Anno.managedBy]: 'classic-file-provisioning', [Anno.managerId]: 'emulator-provider', [Anno.sourcePath]: `${d.uid}.json` }
    : {};
  const read = readSpec(req, d);
  return {
    kind: 'Dashboard',
    apiVersion: `${DASHBOARD_GROUP}/${req.version}`,
    metadata: metadataOut(req, d, {
      name: d.uid, id: d.id, generation: d.version, created: d.created, updated: d.updated, createdBy: d.createdBy, updatedBy: d.updatedBy,
      folder: d.folderUid || undefined, message: last?.message,
    }, extra),
    spec: read.spec,
    status: read.conversion ? { conversion: read.conversion } : {},
  };
}

export function listDashboards(req: Request): Reply {
  const selector = parseLabelSelector(req.ctx.query.get('labelSelector') ?? '');
  if (typeof selector === 'string') return badRequest(selector);
  const fields = parseFieldSelector(req.ctx.query.get('fieldSelector') ?? '', req.namespace);
  if (typeof fields === 'string') return badRequest(fields);
  const all = [...req.org.dashboards.values()]
    .filter((d) => selector.every((s) => s({ ...d.labels, [LabelDeprecatedInternalID]: String(d.id) })) && fields.every((m) => m(d.uid)))
    .sort((a, b) => (a.uid < b.uid ? -1 : 1));
  const p = page(all, (d) => d.uid, (d) => toObject(req, d), req.ctx.query, req.ctx.appPlatform);
  if ('status' in p) return p;
  return {
    status: 200,
    json: {
      kind: 'DashboardList', apiVersion: `${DASHBOARD_GROUP}/${req.version}`,
      metadata: { resourceVersion: String(listResourceVersion(req)), ...(p.continueToken ? { continue: p.continueToken } : {}) },
      items: p.items,
    },
  };
}

// server.go List refuses a list resourceVersion < 1 ("invalid resource version for list"): an empty store still has one.
const listResourceVersion = (req: Request): number =>
  Math.max(0, ...[...req.org.dashboards.values()].map((d) => resourceVersionOf(req.ctx, d))) || req.ctx.ids.rv();

export function getDashboard(req: Request): Reply {
  const d = req.org.dashboards.get(req.name ?? '');
  return d ? { status: 200, json: toObject(req, d) } : notFound(DASHBOARD_GROUP, RESOURCE, req.name ?? '');
}

/** ValidateBasicDashboardProperties + ValidateDashboardRefreshInterval (400 BadRequest) + folder existence (404), as register.go validateCreate/validateUpdate. */
function validate(req: Request, name: string, spec: Record<string, unknown>, folder: string, message: string): Reply | undefined {
  const title = typeof spec.title === 'string' ? spec.title.trim() : '';
  if (title === '') return badRequest('Dashboard title cannot be empty');
  if (!validUidChars(name)) return badRequest('uid contains illegal characters');
  if (name.length > MaxUIDLength) return badRequest('uid too long, max 40 characters');
  if (message.length > 500) return badRequest('message too long, max 500 characters');
  // The app-platform path refuses a too-short refresh instead of rewriting it as the classic path does; text UNVERIFIED.
  if (typeof spec.refresh === 'string' && spec.refresh !== '' && spec.refresh !== 'auto') {
    const s = durationSeconds(spec.refresh);
    if (s === undefined || s < minRefreshSeconds) return badRequest('Dashboard refresh interval is too low');
  }
  // validateFolderExists: `apierrors.NewNotFound(folders.FolderResourceInfo.GroupResource(), folderUID)`.
  if (folder !== '' && !req.org.folders.has(folder)) return notFound(FOLDER_GROUP, 'folders', folder);
  return undefined;
}

/** Writes through the classic store, as the legacy dual writer's SaveDashboard does. */
function save(req: Request, name: string, spec: Record<string, unknown>, meta: { labels: Record<string, string>; annotations: Record<string, string> }, folder: string, message: string, existing?: DashboardRecord): DashboardRecord {
  const ctx = req.ctx;
  const at = nowIso(ctx);
  // The folder is an annotation: a move alone keeps the generation (genericStrategy.PrepareForUpdate compares specs).
  const changed = !existing || !isDeepStrictEqual(specOf(existing), spec);
  const version = existing ? existing.version + (changed ? 1 : 0) : 1;
  const id = existing?.id ?? ctx.ids.next('dashboard');
  const title = String(spec.title).trim();
  const json = { ...structuredClone(spec), id, uid: name, title, version };
  const tags = Array.isArray(spec.tags) ? spec.tags.filter((t): t is string => typeof t === 'string') : [];
  const record: DashboardRecord = {
    id, uid: name, title, folderUid: folder, json, version, tags,
    created: existing?.created ?? at, updated: changed || !existing ? at : existing.updated,
    createdBy: existing?.createdBy ?? ctx.login, updatedBy: ctx.login,
    versions: existing?.versions ?? [], indexedAt: existing?.indexedAt ?? ctx.now(),
    labels: meta.labels, annotations: meta.annotations, resourceVersion: ctx.ids.rv(), storedVersion: req.version,
    ...(existing?.provisioned ? { provisioned: true } : {}),
  };
  if (changed) {
    record.versions.push({
      id: ctx.ids.next('version'), dashboardId: id, uid: name, parentVersion: existing?.version ?? 0, restoredFrom: 0, version,
      created: at, createdBy: ctx.login, message, data: structuredClone(json),
    });
  }
  req.org.dashboards.set(name, record);
  return record;
}

export function createDashboard(req: Request, bodyName?: string): Reply {
  const parsed = readBody(req.ctx.body, `${DASHBOARD_GROUP}/${req.version}`, 'Dashboard');
  if ('status' in parsed) return parsed;
  const name = bodyName ?? parsed.meta.name ?? (parsed.meta.generateName ? `${parsed.meta.generateName}${req.ctx.ids.uid().slice(0, 8)}` : undefined);
  if (!name) return invalid(DASHBOARD_GROUP, 'Dashboard', '', 'metadata.name', 'Required value: name or generateName is required');
  const spec = asObject(parsed.spec);
  if (!spec) return badRequest('Dashboard title cannot be empty');
  if (req.org.dashboards.has(name)) return alreadyExists(DASHBOARD_GROUP, RESOURCE, name);
  const folder = parsed.meta.annotations[Anno.folder] ?? '';
  const message = parsed.meta.annotations[Anno.message] ?? '';
  const refused = validate(req, name, spec, folder, message) ?? checkManager(req.ctx.version, DASHBOARD_GROUP, RESOURCE, name, parsed.meta.annotations);
  if (refused) return refused;
  const { id: _i, version: _v, uid: _u, ...clean } = spec;
  const record = save(req, name, clean, storedMeta(parsed.meta), folder, message);
  return { status: 201, json: toObject(req, record) };
}

export function updateDashboard(req: Request): Reply {
  const name = req.name ?? '';
  const parsed = readBody(req.ctx.body, `${DASHBOARD_GROUP}/${req.version}`, 'Dashboard');
  if ('status' in parsed) return parsed;
  // k8s.io/apiserver handlers/update.go: the body's name must be the URL's.
  if (parsed.meta.name !== undefined && parsed.meta.name !== name) {
    return badRequest(`the name of the object (${parsed.meta.name}) does not match the name on the URL (${name})`);
  }
  const existing = req.org.dashboards.get(name);
  // genericStrategy.AllowCreateOnUpdate() = true: a PUT to a missing name creates it.
  if (!existing) return createDashboard(req, name);
  const current = resourceVersionOf(req.ctx, existing);
  // AllowUnconditionalUpdate() = true: no resourceVersion = last write wins; a stale one = 409.
  if (parsed.meta.resourceVersion !== undefined && parsed.meta.resourceVersion !== String(current)) return conflict(DASHBOARD_GROUP, RESOURCE, name);
  const spec = asObject(parsed.spec);
  if (!spec) return badRequest('Dashboard title cannot be empty');
  const folder = parsed.meta.annotations[Anno.folder] ?? '';
  const message = parsed.meta.annotations[Anno.message] ?? '';
  const provisionedExtra: Record<string, string> = existing.provisioned ? { [Anno.managedBy]: 'classic-file-provisioning', [Anno.managerId]: 'emulator-provider' } : {};
  const refused = validate(req, name, spec, folder, message) ??
    checkManager(req.ctx.version, DASHBOARD_GROUP, RESOURCE, name, parsed.meta.annotations, { ...existing.annotations, ...provisionedExtra });
  if (refused) return refused;
  if (existing.provisioned) return badRequest('Cannot save provisioned dashboard'); // UNVERIFIED on this path
  const { id: _i, version: _v, uid: _u, ...clean } = spec;
  const record = save(req, name, clean, storedMeta(parsed.meta), folder, message, existing);
  return { status: 200, json: toObject(req, record) };
}

export function deleteDashboard(req: Request): Reply {
  const name = req.name ?? '';
  const d = req.org.dashboards.get(name);
  if (!d) return notFound(DASHBOARD_GROUP, RESOURCE, name);
  const why = deletePrecondition(req.ctx.body, resourceVersionOf(req.ctx, d));
  if (why) return conflict(DASHBOARD_GROUP, RESOURCE, name, why);
  // validateDelete: apierrors.NewBadRequest(dashboards.ErrDashboardCannotDeleteProvisionedDashboard.Reason).
  if (d.provisioned) return badRequest('provisioned dashboard cannot be deleted');
  const refused = checkManager(req.ctx.version, DASHBOARD_GROUP, RESOURCE, name, d.annotations ?? {}); // checkManagerPropertiesOnDelete
  if (refused) return refused;
  req.org.dashboards.delete(name);
  return deleted(DASHBOARD_GROUP, RESOURCE, name, k8sUid(DASHBOARD_GROUP, RESOURCE, req.namespace, name));
}

/** The v2 versions' spec is the new layout schema, which k2-grafana does not write: listed in discovery, not emulated. */
export const v2NotEmulated = (version: string): Reply =>
  status(404, 'NotFound', `the emulator does not emulate ${DASHBOARD_GROUP}/${version} (the v2 dashboard schema)`, { group: DASHBOARD_GROUP, kind: RESOURCE });
