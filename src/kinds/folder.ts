import { definitionError } from '../definitions/definition-error.js';
import type { FolderDefinition, JsonObject, Live, Marker, ProjectDefinition } from '../model/index.js';
import { canonicalJson } from '../normalise/index.js';
import { diffObjects } from '../diff/index.js';
import type { KindApiCall, KindHandler, Listed } from './kind-handler.js';
import { hasStatus, memo, safetyFor, seg } from './http.js';

/** ctx.memo key of the run's folder listing (search hits), shared with the dashboard kind. */
export const FOLDER_LISTING = 'folder-listing';
import { alertRulesByFolder } from './alert-rule-list.js';
import { fieldIssues } from './shape.js';
import { appPlatformFor, readVia } from './transport.js';
import { folderAppPlatform, listFolders, readFolder, saveFolder, type FolderMapping } from './folder-app-platform.js';

/**
 * Folders (nested, parents first): `/api/folders` (grafana-http-api.md 4).
 * Marker: the folder `description`, which POST and PUT accept and Grafana stores. The classic folder DTO does not
 * return it, and no other field of it can carry a marker: grafana/grafana `pkg/api/dtos/folder.go` `Folder` has
 * id, uid, title, url, hasAcl, canSave/canEdit/canAdmin/canDelete, createdBy, created, updatedBy, updated, version,
 * accessControl (plus parentUid/parents with nested folders); only title is ours to set, and createdBy/updatedBy
 * name the token's user, which projects may share. So through that API ownership is decided on evidence
 * (`ownership: 'evidence'`, plan.ts): a folder is ours when it carries the title we define and holds nothing or only
 * objects we own; else it is someone else's (drift, untouched without --force). Such folders are never pruned.
 * Where the server offers `folder.grafana.app` (folder-app-platform.ts; src/kinds/transport.ts decides), that API
 * returns the description, so there ownership is read back from the marker (and from the manager annotations).
 * Files: Grafana provisions no folders from files (dashboard providers create them), so the kind has no section.
 */
export type FolderSpec = FolderDefinition;

const DESCRIPTION = /Managed by (\S+) \(hash ([0-9a-f]*)\)/;

export function folderDescription(marker: Marker): string {
  return `Managed by ${marker.owner} (hash ${marker.hash ?? ''}). Changes made here are overwritten by the next provision.`;
}

function markerOf(description: unknown): Marker | undefined {
  const match = typeof description === 'string' ? DESCRIPTION.exec(description) : null;
  return match ? { owner: match[1], hash: match[2] || undefined } : undefined;
}

interface FolderDto {
  uid: string;
  title: string;
  parentUid?: string;
  version?: number;
  description?: string;
}

interface SearchHit {
  uid: string;
  title: string;
  type: string;
  tags?: string[];
  folderUid?: string;
}

const subject = (spec: FolderSpec): string => `folder "${spec.title}" (${spec.uid})`;

const mapping: FolderMapping = { markerOf, description: folderDescription, subject };

const api: readonly KindApiCall[] = [
  { method: 'POST', path: '/api/folders', safety: 'fixed-uid', why: 'the uid fixes the folder; a repeat gets 409 (13.x) / 412 (12.x) "same UID"' },
  { method: 'POST', path: '/api/folders/:uid/move', safety: 'idempotent', why: 'moving to the same parent twice is one move' },
  { method: 'PUT', path: '/api/folders/:uid', safety: 'idempotent', why: 'sets title and description' },
  { method: 'DELETE', path: '/api/folders/:uid', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
  // The app-platform path (folder-app-platform.ts), sent by AppPlatformResource with these safeties.
  { method: 'POST', path: '/apis/folder.grafana.app/:version/namespaces/:namespace/folders', safety: 'fixed-uid', why: 'metadata.name fixes the folder; a repeat gets 409 AlreadyExists' },
  { method: 'PUT', path: '/apis/folder.grafana.app/:version/namespaces/:namespace/folders/:name', safety: 'idempotent', why: 'whole object (title, description, parent), conditional on resourceVersion' },
  { method: 'DELETE', path: '/apis/folder.grafana.app/:version/namespaces/:namespace/folders/:name', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
];

export const folder: KindHandler<FolderSpec> & { readonly kind: 'folder' } = {
  kind: 'folder' as const,
  dependsOn: [],
  writes: 'parallel',
  listsAll: true,
  ownership: 'evidence',
  api,
  appPlatform: folderAppPlatform,
  definitions: {
    field: 'folders',
    shapeIssues: (entry, path) => fieldIssues(entry, path, [
      { field: 'uid', type: 'non-empty string' }, { field: 'title', type: 'non-empty string' }, { field: 'parentUid', type: 'string', optional: true },
    ]),
    specs: (entries: readonly FolderDefinition[]) => entries.map((f) => ({ spec: { ...f } })),
  },

  key: (spec) => spec.uid,
  title: (spec) => spec.title,
  parentKey: (spec) => spec.parentUid || undefined,
  requires: (spec) => (spec.parentUid ? [{ kind: 'folder', key: spec.parentUid }] : []),

  normalise: (spec) => canonicalJson({ uid: spec.uid, title: spec.title, parentUid: spec.parentUid ?? '' }) as JsonObject,
  changes: (before, after, object) => diffObjects('folder', before, after, object),

  async list(ctx): Promise<Listed<FolderSpec>[]> {
    return readVia(ctx, folder, (resource) => listFolders(ctx, resource, mapping), async () => {
      // One search lists folders at every nesting level (grafana-http-api.md 3, type=dash-folder); shared with the
      // dashboard kind (a folder missing from it is new in this run, so it holds no look-alike).
      const hits = await memo(ctx.memo, FOLDER_LISTING, () => ctx.client.get<SearchHit[]>('/api/search', { query: { type: 'dash-folder', limit: 5000 }, signal: ctx.signal }));
      return (hits ?? []).map((hit) => ({ key: hit.uid, title: hit.title }));
    });
  },

  async read(ctx, key): Promise<Live<FolderSpec> | undefined> {
    return readVia<Live<FolderSpec> | undefined>(ctx, folder, (resource) => readFolder(ctx, resource, key, mapping), async () => {
      const dto = await ctx.client.getIfExists<FolderDto>(`/api/folders/${seg(key)}`, { signal: ctx.signal });
      if (!dto || typeof dto.uid !== 'string') return undefined;
      const readable = Object.prototype.hasOwnProperty.call(dto, 'description');
      return {
        kind: 'folder',
        key,
        title: dto.title,
        spec: { uid: dto.uid, title: dto.title, ...(dto.parentUid ? { parentUid: dto.parentUid } : {}) },
        marker: markerOf(dto.description),
        ownershipUnknown: !readable,
        version: dto.version,
      };
    });
  },

  async contents(ctx, key): Promise<Live['contents']> {
    const [hits, rules] = await Promise.all([
      ctx.limit(() => ctx.client.get<SearchHit[]>('/api/search', { query: { folderUIDs: key, limit: 5000 }, signal: ctx.signal })),
      alertRulesByFolder(ctx),
    ]);
    // Sub-folders read together: their owner is in their own marker.
    const out: NonNullable<Live['contents']>[number][] = await Promise.all((hits ?? []).filter((hit) => hit.uid !== key).map(async (hit) => {
      if (hit.type === 'dash-folder') {
        const sub = await ctx.limit(() => folder.read(ctx, hit.uid));
        return { kind: 'folder', key: hit.uid, title: hit.title, owner: sub?.marker?.owner };
      }
      const tag = (hit.tags ?? []).find((t) => t.startsWith('managed-by:'));
      return { kind: 'dashboard', key: hit.uid, title: hit.title, owner: tag?.slice('managed-by:'.length) };
    }));
    for (const group of (await rules).get(key) ?? []) out.push(group);
    return out;
  },

  async create(ctx, desired, marker): Promise<void> {
    const resource = await appPlatformFor(ctx, folder);
    if (resource) return saveFolder(ctx, resource, desired, marker, mapping);
    const spec = desired.spec;
    await ctx.client.post('/api/folders', {
      uid: spec.uid, title: spec.title, description: folderDescription(marker), ...(spec.parentUid ? { parentUid: spec.parentUid } : {}),
    }, { subject: subject(spec), signal: ctx.signal, ...safetyFor(api, 'POST', '/api/folders') });
  },

  async update(ctx, desired, live, marker): Promise<void> {
    const resource = await appPlatformFor(ctx, folder);
    if (resource) return saveFolder(ctx, resource, desired, marker, mapping, live);
    const spec = desired.spec;
    if ((spec.parentUid ?? '') !== (live.spec.parentUid ?? '')) {
      // PUT does not take parentUid (grafana-http-api.md 4): moving is its own call.
      const path = `/api/folders/${seg(spec.uid)}/move`;
      await ctx.client.post(path, { parentUid: spec.parentUid ?? '' }, { subject: subject(spec), signal: ctx.signal, ...safetyFor(api, 'POST', path) });
    }
    let version = live.version;
    if ((spec.parentUid ?? '') !== (live.spec.parentUid ?? '')) {
      // A move may bump the folder's version (grafana-http-api.md 14.10, undetermined): read it fresh for the PUT.
      const moved = await ctx.client.getIfExists<{ version?: unknown }>(`/api/folders/${seg(spec.uid)}`, { signal: ctx.signal });
      if (typeof moved?.version === 'number') version = moved.version;
    }
    const body: JsonObject = { title: spec.title, description: folderDescription(marker), overwrite: false };
    if (version !== undefined) body.version = version;
    await ctx.client.put(`/api/folders/${seg(spec.uid)}`, body, { subject: subject(spec), signal: ctx.signal });
  },

  async remove(ctx, live): Promise<void> {
    const resource = await appPlatformFor(ctx, folder);
    if (resource) return resource.delete(live.key, subject(live.spec), ctx.signal);
    try {
      // forceDeleteRules=false: Grafana refuses to delete a folder that still holds alert rules.
      await ctx.client.delete(`/api/folders/${seg(live.key)}`, { query: { forceDeleteRules: false }, subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};

/** The declared folder a dashboard or rule group names by uid; a definitions error naming the object when undeclared. */
export function declaredFolder(project: ProjectDefinition, uid: string, where: readonly string[]): FolderDefinition {
  const found = (project.folders ?? []).find((f) => f.uid === uid);
  if (!found) throw definitionError(where, `names folder uid "${uid}", which the project does not declare`, 'Add the folder to the project\'s folders.');
  return found;
}
