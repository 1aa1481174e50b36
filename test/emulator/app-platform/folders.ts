/**
 * `folder.grafana.app` folders over the classic store (emu.state.folders). Spec: apps/folder/pkg/apis/folder/v1beta1
 * folder_spec_gen.go `FolderSpec{title, description?}`; the parent folder is the `grafana.app/folder` annotation; the
 * classic folder version is the generation (bumped only on a spec change: generic strategy `PrepareForUpdate`).
 * `description` is stored and read back here although the classic DTO drops it (newToFolderDto, reference §14).
 * Validation: pkg/registry/apis/folders/validate.go `validateOnCreate` / `validateOnUpdate` (texts from the errors they
 * return: ErrAPIInvalidUID "uid contains illegal characters", ErrAPIUIDTooLong "uid too long, max 40 characters",
 * ErrAPIFolderCannotBeParentOfItself, ErrMaximumDepthReached "folder max depth exceeded, max depth is N",
 * ErrCircularReference "cannot move folder under its own descendant, this would create a circular reference").
 */
import { isDeepStrictEqual } from 'node:util';
import { asObject, MaxUIDLength, validUidChars } from '../context.js';
import type { Reply } from '../reply.js';
import type { FolderRecord } from '../state.js';
import { folderParents, folderSubtree, MaxNestedFolderDepth } from '../routes/folders.js';
import { FOLDER_GROUP } from './discovery.js';
import { page, parseFieldSelector, parseLabelSelector } from './list.js';
import {
  Anno, checkManager, deleted, deletePrecondition, k8sUid, LabelDeprecatedInternalID, metadataOut, nowIso, readBody, resourceVersionOf, storedMeta,
  type Request,
} from './objects.js';
import { alreadyExists, badRequest, conflict, invalid, notFound } from './status.js';

const RESOURCE = 'folders';
export const folderActions = { list: 'folders:read', get: 'folders:read', create: 'folders:create', update: 'folders:write', delete: 'folders:delete' } as const;

const specOf = (f: FolderRecord): Record<string, unknown> => ({ title: f.title, ...(f.description !== undefined ? { description: f.description } : {}) });

function toObject(req: Request, f: FolderRecord): Record<string, unknown> {
  return {
    kind: 'Folder',
    apiVersion: `${FOLDER_GROUP}/${req.version}`,
    metadata: metadataOut(req, f, {
      name: f.uid, id: f.id, generation: f.version, created: f.created, updated: f.updated, createdBy: f.createdBy, updatedBy: f.updatedBy,
      folder: f.parentUid,
    }),
    spec: specOf(f),
    status: {},
  };
}

export function listFolders(req: Request): Reply {
  const selector = parseLabelSelector(req.ctx.query.get('labelSelector') ?? '');
  if (typeof selector === 'string') return badRequest(selector);
  const fields = parseFieldSelector(req.ctx.query.get('fieldSelector') ?? '', req.namespace);
  if (typeof fields === 'string') return badRequest(fields);
  const all = [...req.org.folders.values()]
    .filter((f) => selector.every((s) => s({ ...f.labels, [LabelDeprecatedInternalID]: String(f.id) })) && fields.every((m) => m(f.uid)))
    .sort((a, b) => (a.uid < b.uid ? -1 : 1));
  const p = page(all, (f) => f.uid, (f) => toObject(req, f), req.ctx.query, req.ctx.appPlatform);
  if ('status' in p) return p;
  const rv = Math.max(0, ...[...req.org.folders.values()].map((f) => resourceVersionOf(req.ctx, f))) || req.ctx.ids.rv();
  return {
    status: 200,
    json: {
      kind: 'FolderList', apiVersion: `${FOLDER_GROUP}/${req.version}`,
      metadata: { resourceVersion: String(rv), ...(p.continueToken ? { continue: p.continueToken } : {}) },
      items: p.items,
    },
  };
}

export function getFolder(req: Request): Reply {
  const f = req.org.folders.get(req.name ?? '');
  return f ? { status: 200, json: toObject(req, f) } : notFound(FOLDER_GROUP, RESOURCE, req.name ?? '');
}

function readSpec(spec: unknown): { title: string; description?: string } | Reply {
  const s = asObject(spec) ?? {};
  const title = typeof s.title === 'string' ? s.title.trim() : '';
  if (title === '') return badRequest('folder title cannot be empty'); // folder.ErrAPITitleEmpty; text UNVERIFIED
  return { title, ...(typeof s.description === 'string' ? { description: s.description } : {}) };
}

export function createFolder(req: Request, bodyName?: string): Reply {
  const parsed = readBody(req.ctx.body, `${FOLDER_GROUP}/${req.version}`, 'Folder');
  if ('status' in parsed) return parsed;
  const name = bodyName ?? parsed.meta.name ?? (parsed.meta.generateName ? `${parsed.meta.generateName}${req.ctx.ids.uid().slice(0, 8)}` : undefined);
  if (!name) return invalid(FOLDER_GROUP, 'Folder', '', 'metadata.name', 'Required value: name or generateName is required');
  if (!validUidChars(name) || name === 'general' || name === 'sharedwithme') return badRequest('uid contains illegal characters');
  if (name.length > MaxUIDLength) return badRequest('uid too long, max 40 characters');
  const spec = readSpec(parsed.spec);
  if ('status' in spec) return spec;
  if (req.org.folders.has(name)) return alreadyExists(FOLDER_GROUP, RESOURCE, name);
  const parent = parsed.meta.annotations[Anno.folder] ?? '';
  if (parent === name) return badRequest('folder cannot be parent of itself');
  if (parent !== '') {
    if (!req.org.folders.has(parent)) return badRequest(`unable to create folder inside parent: folder not found: ${parent}`); // text UNVERIFIED
    // parents of the new folder + itself + the root must stay within maxDepth + 1.
    if (folderParents(req.org, parent).length + 2 > MaxNestedFolderDepth) return badRequest(`folder max depth exceeded, max depth is ${MaxNestedFolderDepth}`);
  }
  const refused = checkManager(req.ctx.version, FOLDER_GROUP, RESOURCE, name, parsed.meta.annotations);
  if (refused) return refused;
  const at = nowIso(req.ctx);
  const record: FolderRecord = {
    id: req.ctx.ids.next('dashboard'), uid: name, title: spec.title, version: 1, created: at, updated: at,
    createdBy: req.ctx.login, updatedBy: req.ctx.login, indexedAt: req.ctx.now(),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    ...(parent ? { parentUid: parent } : {}),
    ...storedMeta(parsed.meta), resourceVersion: req.ctx.ids.rv(),
  };
  req.org.folders.set(name, record);
  return { status: 201, json: toObject(req, record) };
}

export function updateFolder(req: Request): Reply {
  const name = req.name ?? '';
  const parsed = readBody(req.ctx.body, `${FOLDER_GROUP}/${req.version}`, 'Folder');
  if ('status' in parsed) return parsed;
  if (parsed.meta.name !== undefined && parsed.meta.name !== name) {
    return badRequest(`the name of the object (${parsed.meta.name}) does not match the name on the URL (${name})`);
  }
  const f = req.org.folders.get(name);
  if (!f) return createFolder(req, name);
  if (parsed.meta.resourceVersion !== undefined && parsed.meta.resourceVersion !== String(resourceVersionOf(req.ctx, f))) {
    return conflict(FOLDER_GROUP, RESOURCE, name);
  }
  const spec = readSpec(parsed.spec);
  if ('status' in spec) return spec;
  const parent = parsed.meta.annotations[Anno.folder] ?? '';
  if (parent !== (f.parentUid ?? '') && parent !== '') {
    if (!req.org.folders.has(parent)) return notFound(FOLDER_GROUP, RESOURCE, parent); // "move target not found"
    if (parent === name || folderSubtree(req.org, name).includes(parent)) {
      return badRequest('cannot move folder under its own descendant, this would create a circular reference');
    }
    const depthBelow = (uid: string): number => Math.max(0, ...[...req.org.folders.values()].filter((c) => c.parentUid === uid).map((c) => 1 + depthBelow(c.uid)));
    if (folderParents(req.org, parent).length + 2 + depthBelow(name) > MaxNestedFolderDepth) return badRequest('maximum folder depth reached');
  }
  const refused = checkManager(req.ctx.version, FOLDER_GROUP, RESOURCE, name, parsed.meta.annotations, f.annotations);
  if (refused) return refused;
  const changed = !isDeepStrictEqual(specOf(f), { title: spec.title, ...(spec.description !== undefined ? { description: spec.description } : {}) });
  f.title = spec.title;
  if (spec.description !== undefined) f.description = spec.description;
  else delete f.description;
  if (parent) f.parentUid = parent;
  else delete f.parentUid;
  if (changed) {
    f.version += 1;
    f.updated = nowIso(req.ctx);
  }
  f.updatedBy = req.ctx.login;
  Object.assign(f, storedMeta(parsed.meta), { resourceVersion: req.ctx.ids.rv() });
  return { status: 200, json: toObject(req, f) };
}

/** Deletes the folder and what it holds, as the classic DELETE does; alert rules inside refuse it (text UNVERIFIED). */
export function deleteFolder(req: Request): Reply {
  const name = req.name ?? '';
  const f = req.org.folders.get(name);
  if (!f) return notFound(FOLDER_GROUP, RESOURCE, name);
  const why = deletePrecondition(req.ctx.body, resourceVersionOf(req.ctx, f));
  if (why) return conflict(FOLDER_GROUP, RESOURCE, name, why);
  const refused = checkManager(req.ctx.version, FOLDER_GROUP, RESOURCE, name, f.annotations ?? {});
  if (refused) return refused;
  const subtree = folderSubtree(req.org, name);
  if ([...req.org.rules.values()].some((r) => subtree.includes(r.folderUID))) return badRequest('folder is not empty: it contains alert rules');
  for (const d of [...req.org.dashboards.values()]) if (subtree.includes(d.folderUid)) req.org.dashboards.delete(d.uid);
  for (const uid of subtree) req.org.folders.delete(uid);
  return deleted(FOLDER_GROUP, RESOURCE, name, k8sUid(FOLDER_GROUP, RESOURCE, req.namespace, name));
}
