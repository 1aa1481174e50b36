// Folders: grafana-http-api.md §4 (pkg/api/folder.go, pkg/api/apierrors/folder.go ToFolderErrorResponse).
import { asObject, isoTime, MaxUIDLength, slugify, validUidChars, versionAtLeast, type HandlerContext, type Route } from '../context.js';
import { errutil, message, messageWithTrace, ok, statusMessage, type Reply } from '../reply.js';
import type { FolderRecord, OrgState } from '../state.js';

/** §4 "Nested folders": MaxNestedFolderDepth = 4 in the newest model.go. */
export const MaxNestedFolderDepth = 4;

const folderNotFound = (): Reply => statusMessage(404, 'not-found', 'folder not found');

/** Ancestors root -> parent of `uid` (not including it). */
export function folderParents(org: OrgState, uid: string): FolderRecord[] {
  const out: FolderRecord[] = [];
  let cur = org.folders.get(uid)?.parentUid;
  while (cur) {
    const f = org.folders.get(cur);
    if (!f || out.includes(f)) break;
    out.unshift(f);
    cur = f.parentUid;
  }
  return out;
}

/** `uid` and every folder below it. */
export function folderSubtree(org: OrgState, uid: string): string[] {
  const out = [uid];
  for (let i = 0; i < out.length; i++) {
    for (const f of org.folders.values()) if (f.parentUid === out[i]) out.push(f.uid);
  }
  return out;
}

function height(org: OrgState, uid: string): number {
  let h = 0;
  for (const f of org.folders.values()) if (f.parentUid === uid) h = Math.max(h, 1 + height(org, f.uid));
  return h;
}

const folderUrl = (f: FolderRecord): string => `/dashboards/f/${f.uid}/${slugify(f.title)}`;

/** The Folder DTO of §4. */
export function folderDto(ctx: HandlerContext, f: FolderRecord): Record<string, unknown> {
  const canWrite = ctx.role !== 'Viewer';
  const dto: Record<string, unknown> = {
    id: f.id, uid: f.uid, orgId: ctx.orgId, title: f.title, url: folderUrl(f), hasAcl: false,
    canSave: canWrite, canEdit: canWrite, canAdmin: ctx.role === 'Admin', canDelete: canWrite,
    createdBy: f.createdBy, created: f.created, updatedBy: f.updatedBy, updated: f.updated, version: f.version,
  };
  if (f.parentUid) {
    dto.parentUid = f.parentUid;
    dto.parents = folderParents(ctx.org, f.uid).map((p) => folderDto(ctx, p));
  }
  return dto;
}

/**
 * §4 POST: duplicate uid changed between versions (legacy 409, older k8s mapper 412, newest 409). §14.9: in 12.x both
 * occur, by storage mode: 409 from the legacy store, 412 when unified storage reports AlreadyExists.
 */
function duplicateUid(ctx: HandlerContext): Reply {
  if (versionAtLeast(ctx.version, '13.1')) return message(409, 'a folder with the same UID already exists');
  if (versionAtLeast(ctx.version, '12.3') && ctx.strict.folderStore === 'legacy') return message(409, 'a folder with the same UID already exists');
  if (versionAtLeast(ctx.version, '12.3')) return statusMessage(412, 'version-mismatch', 'the folder has been changed by someone else');
  return message(409, 'A folder/dashboard with the same uid already exists'); // legacy sentinel; exact text UNVERIFIED
}

function validateUid(uid: string): Reply | undefined {
  if (!validUidChars(uid)) return message(400, 'uid contains illegal characters');
  if (uid.length > MaxUIDLength) return message(400, 'uid too long, max 40 characters');
  return undefined;
}

export const folderRoutes: Route[] = [
  {
    method: 'GET', pattern: '/api/folders', permission: 'folders:read',
    handle(ctx) {
      const parentUid = ctx.query.get('parentUid') ?? '';
      const limit = Number(ctx.query.get('limit') ?? 1000) || 1000;
      const page = Math.max(1, Number(ctx.query.get('page') ?? 1) || 1);
      const hits = [...ctx.org.folders.values()]
        .filter((f) => (f.parentUid ?? '') === parentUid)
        .sort((a, b) => a.title.toLowerCase().localeCompare(b.title.toLowerCase()))
        .slice((page - 1) * limit, page * limit)
        .map((f) => ({ id: f.id, uid: f.uid, title: f.title, ...(f.parentUid ? { parentUid: f.parentUid } : {}) }));
      return ok(hits);
    },
  },
  {
    method: 'POST', pattern: '/api/folders', permission: 'folders:create',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const title = typeof body.title === 'string' ? body.title.trim() : '';
      if (title === '') return message(400, 'folder title cannot be empty');
      const uid = typeof body.uid === 'string' && body.uid.trim() !== '' ? body.uid.trim() : ctx.ids.uid();
      const bad = validateUid(uid);
      if (bad) return bad;
      const parentUid = typeof body.parentUid === 'string' && body.parentUid !== '' ? body.parentUid : undefined;
      if (parentUid === uid) return message(400, 'folder cannot be parent of itself');
      if (ctx.org.folders.has(uid) || ctx.org.dashboards.has(uid)) return duplicateUid(ctx);
      if (parentUid !== undefined) {
        if (!ctx.org.folders.has(parentUid)) return folderNotFound();
        // Levels: a root-level folder is level 1; level MaxNestedFolderDepth + 1 is refused.
        if (folderParents(ctx.org, parentUid).length + 2 > MaxNestedFolderDepth) {
          return message(400, '[folder.maximum-depth-reached] Maximum nested folder depth reached');
        }
      }
      const at = isoTime(ctx.now());
      const record: FolderRecord = {
        id: ctx.ids.next('dashboard'), uid, title, version: 1, created: at, updated: at, createdBy: ctx.login, updatedBy: ctx.login, indexedAt: ctx.now(),
        ...(typeof body.description === 'string' ? { description: body.description } : {}),
        ...(parentUid ? { parentUid } : {}),
      };
      ctx.org.folders.set(uid, record);
      return ok(folderDto(ctx, record));
    },
  },
  {
    method: 'GET', pattern: '/api/folders/:uid', permission: 'folders:read',
    handle(ctx) {
      const f = ctx.org.folders.get(ctx.params.uid);
      return f ? ok(folderDto(ctx, f)) : folderNotFound();
    },
  },
  {
    method: 'PUT', pattern: '/api/folders/:uid', permission: 'folders:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const f = ctx.org.folders.get(ctx.params.uid);
      if (!f) return folderNotFound();
      // version/overwrite: "only used by the legacy folder implementation" (§4 PUT); the legacy check is emulated.
      const version = typeof body.version === 'number' ? body.version : 0;
      if (body.overwrite !== true && version !== f.version) {
        return statusMessage(412, 'version-mismatch', 'the folder has been changed by someone else');
      }
      if (body.title !== undefined) {
        const title = typeof body.title === 'string' ? body.title.trim() : '';
        if (title === '') return message(400, 'folder title cannot be empty');
        f.title = title;
      }
      if (typeof body.description === 'string') f.description = body.description;
      f.version += 1;
      f.updated = isoTime(ctx.now());
      f.updatedBy = ctx.login;
      delete f.resourceVersion; // one store behind both APIs: the app-platform view sees a new resourceVersion
      return ok(folderDto(ctx, f));
    },
  },
  {
    method: 'POST', pattern: '/api/folders/:uid/move', permission: 'folders:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const f = ctx.org.folders.get(ctx.params.uid);
      if (!f) return folderNotFound();
      const parentUid = typeof body.parentUid === 'string' && body.parentUid !== '' ? body.parentUid : undefined;
      if (parentUid !== undefined) {
        if (!ctx.org.folders.has(parentUid)) return folderNotFound();
        if (parentUid === f.uid || folderSubtree(ctx.org, f.uid).includes(parentUid)) {
          return errutil(400, 'folder.circular-reference', 'Circular reference detected');
        }
        if (height(ctx.org, f.uid) + folderParents(ctx.org, parentUid).length + 2 > MaxNestedFolderDepth) {
          return errutil(400, 'folder.maximum-depth-reached', 'Maximum nested folder depth reached');
        }
      }
      if (parentUid) f.parentUid = parentUid;
      else delete f.parentUid;
      f.version += 1;
      f.updated = isoTime(ctx.now());
      delete f.resourceVersion;
      return ok(folderDto(ctx, f));
    },
  },
  {
    method: 'DELETE', pattern: '/api/folders/:uid', permission: 'folders:delete',
    handle(ctx) {
      const f = ctx.org.folders.get(ctx.params.uid);
      if (!f) return folderNotFound();
      const subtree = folderSubtree(ctx.org, f.uid);
      const rules = [...ctx.org.rules.values()].filter((r) => subtree.includes(r.folderUID));
      // §4 DELETE: folder.not-empty fires for alert rules without forceDeleteRules (UNVERIFIED trigger).
      if (rules.length > 0 && ctx.query.get('forceDeleteRules') !== 'true') {
        return errutil(400, 'folder.not-empty', 'Folder cannot be deleted: folder is not empty');
      }
      for (const r of rules) ctx.org.rules.delete(r.uid);
      for (const key of [...ctx.org.groupIntervals.keys()]) if (subtree.includes(key.split('/')[0])) ctx.org.groupIntervals.delete(key);
      for (const d of [...ctx.org.dashboards.values()]) if (subtree.includes(d.folderUid)) ctx.org.dashboards.delete(d.uid);
      for (const uid of subtree) ctx.org.folders.delete(uid);
      // Body is version-dependent (§4); the legacy body is emulated, the v13 spec adds id and title.
      return versionAtLeast(ctx.version, '13.1')
        ? ok({ id: f.id, message: 'Folder deleted', title: f.title })
        : ok({ message: 'Folder deleted' });
    },
  },
];
