// Library panels: docs/grafana.md "Library panels", read from Grafana's pkg/services/libraryelements/api.go
// (createHandler, getHandler, getAllHandler, patchHandler, deleteHandler, getConnectionsHandler, toLibraryElementError)
// and database.go (createLibraryElement, patchLibraryElement, deleteLibraryElement, syncFieldsWithModel); messages
// from libraryelements/model/model.go. Access is the folder's (checked inside the service), not a route permission: signed in is enough here.
import { asObject, isoTime, validUidChars, type HandlerContext, type Route } from '../context.js';
import { messageWithTrace, ok, type Reply } from '../reply.js';
import type { OrgState } from '../state.js';

export interface LibraryElementRecord {
  id: number;
  uid: string;
  name: string;
  folderUid: string;
  model: Record<string, unknown>;
  version: number;
  created: string;
  updated: string;
}

const stores = new WeakMap<OrgState, Map<string, LibraryElementRecord>>();
export function libraryElements(org: OrgState): Map<string, LibraryElementRecord> {
  let s = stores.get(org);
  if (!s) stores.set(org, (s = new Map()));
  return s;
}

/** toLibraryElementError: response.Error(status, err.Error(), err), shape 1 with a traceID. */
const fail = (status: number, text: string): Reply => messageWithTrace(status, text);

/** syncFieldsWithModel: the model gets `type` and `description` ("" when absent); the element takes them from it. */
function synced(model: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(model), type: model.type ?? '', description: model.description ?? '' };
}

/** Connections are what dashboards hold: every stored dashboard whose panels name the element by uid. */
function connections(org: OrgState, uid: string): { id: number; uid: string }[] {
  const uses = (panels: unknown): boolean => (Array.isArray(panels) ? panels : []).some((p) => {
    const panel = asObject(p);
    return asObject(panel?.libraryPanel)?.uid === uid || uses(panel?.panels);
  });
  return [...org.dashboards.values()].filter((d) => uses(d.json.panels)).map((d) => ({ id: d.id, uid: d.uid }));
}

function dto(ctx: HandlerContext, e: LibraryElementRecord): Record<string, unknown> {
  const folder = ctx.org.folders.get(e.folderUid);
  return {
    id: e.id, orgId: ctx.orgId, folderId: 0, folderUid: e.folderUid, uid: e.uid, name: e.name, kind: 1,
    type: String(e.model.type ?? ''), description: String(e.model.description ?? ''), model: structuredClone(e.model), version: e.version,
    meta: {
      folderName: folder?.title ?? 'General', folderUid: e.folderUid, connectedDashboards: connections(ctx.org, e.uid).length,
      created: e.created, updated: e.updated, createdBy: { id: ctx.userId, name: ctx.login, avatarUrl: '' }, updatedBy: { id: ctx.userId, name: ctx.login, avatarUrl: '' },
    },
  };
}

function folderOf(ctx: HandlerContext, body: Record<string, unknown>): Reply | string {
  const folderUid = typeof body.folderUid === 'string' ? body.folderUid : '';
  if (folderUid !== '' && !ctx.org.folders.has(folderUid)) return fail(404, 'folder not found'); // dashboards.ErrFolderNotFound
  return folderUid;
}

export const libraryElementRoutes: Route[] = [
  {
    // getAllHandler: {result: {totalCount, elements, page, perPage}}; `kind`, `perPage` (default 100), `page`.
    method: 'GET', pattern: '/api/library-elements',
    handle(ctx) {
      const perPage = Number(ctx.query.get('perPage') ?? 100) || 100;
      const page = Number(ctx.query.get('page') ?? 1) || 1;
      const all = [...libraryElements(ctx.org).values()].sort((a, b) => a.name.localeCompare(b.name));
      const elements = all.slice((page - 1) * perPage, page * perPage).map((e) => dto(ctx, e));
      return ok({ result: { totalCount: all.length, elements, page, perPage } });
    },
  },
  {
    method: 'GET', pattern: '/api/library-elements/:uid',
    handle(ctx) {
      const e = libraryElements(ctx.org).get(ctx.params.uid);
      return e ? ok({ result: dto(ctx, e) }) : fail(404, 'library element could not be found');
    },
  },
  {
    // getConnectionsHandler: {result: [LibraryElementConnectionDTO]}; Grafana routes it with a trailing slash, which the emulator's matcher strips.
    method: 'GET', pattern: '/api/library-elements/:uid/connections',
    handle(ctx) {
      const e = libraryElements(ctx.org).get(ctx.params.uid);
      if (!e) return fail(404, 'library element could not be found');
      return ok({
        result: connections(ctx.org, e.uid).map((c, i) => ({
          id: i + 1, kind: 1, elementId: e.id, connectionId: c.id, connectionUid: c.uid, created: e.created,
          createdBy: { id: ctx.userId, name: ctx.login, avatarUrl: '' },
        })),
      });
    },
  },
  {
    // createHandler -> createLibraryElement: kind 1 or 2, uid rules, a taken uid or name-in-folder -> 400.
    method: 'POST', pattern: '/api/library-elements',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      if (body.kind !== 1) return fail(400, 'the element kind is not supported');
      const uid = typeof body.uid === 'string' && body.uid !== '' ? body.uid : ctx.ids.uid();
      if (!validUidChars(uid)) return fail(400, 'uid contains illegal characters');
      if (uid.length > 40) return fail(400, 'uid too long, max 40 characters');
      const folderUid = folderOf(ctx, body);
      if (typeof folderUid !== 'string') return folderUid;
      const name = typeof body.name === 'string' ? body.name : '';
      const store = libraryElements(ctx.org);
      if (store.has(uid) || [...store.values()].some((e) => e.name === name && e.folderUid === folderUid)) {
        return fail(400, 'library element with that name or UID already exists');
      }
      const now = isoTime(ctx.now());
      const record: LibraryElementRecord = {
        id: ctx.ids.next('dashboard'), uid, name, folderUid, model: synced(asObject(body.model) ?? {}), version: 1, created: now, updated: now,
      };
      store.set(uid, record);
      return ok({ result: dto(ctx, record) });
    },
  },
  {
    // patchHandler -> patchLibraryElement: the version must be the stored one (412), the name unique in its folder.
    method: 'PATCH', pattern: '/api/library-elements/:uid',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const store = libraryElements(ctx.org);
      const e = store.get(ctx.params.uid);
      if (!e) return fail(404, 'library element could not be found');
      if (body.version !== e.version) return fail(412, 'the library element has been changed by someone else');
      const folderUid = folderOf(ctx, body);
      if (typeof folderUid !== 'string') return folderUid;
      const name = typeof body.name === 'string' && body.name !== '' ? body.name : e.name;
      if ([...store.values()].some((o) => o !== e && o.name === name && o.folderUid === folderUid)) return fail(400, 'library element with that name or UID already exists');
      Object.assign(e, { name, folderUid, model: body.model === undefined ? e.model : synced(asObject(body.model) ?? {}), version: e.version + 1, updated: isoTime(ctx.now()) });
      return ok({ result: dto(ctx, e) });
    },
  },
  {
    // deleteHandler -> deleteLibraryElement: refused while a dashboard uses it (403 ErrLibraryElementHasConnections).
    method: 'DELETE', pattern: '/api/library-elements/:uid',
    handle(ctx) {
      const store = libraryElements(ctx.org);
      const e = store.get(ctx.params.uid);
      if (!e) return fail(404, 'library element could not be found');
      if (connections(ctx.org, e.uid).length > 0) return fail(403, 'the library element has connections');
      store.delete(e.uid);
      return ok({ id: e.id, message: 'Library element deleted' });
    },
  },
];
