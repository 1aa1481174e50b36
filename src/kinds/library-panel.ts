import { diffObjects } from '../diff/index.js';
import type { JsonObject, Live, Marker } from '../model/index.js';
import { canonicalJson, isJsonObject } from '../normalise/index.js';
import { dashboard } from './dashboard.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed, SpecOf } from './kind-handler.js';
import { hasStatus, safetyFor, seg } from './http.js';
import { fieldIssues } from './shape.js';
export { libraryPanelRef, libraryPanelRefs, toLibraryPanel } from './library-panel-ref.js';

/**
 * Library panels: `/api/library-elements` (docs/grafana.md "Library panels"; Grafana
 * pkg/services/libraryelements/api.go createHandler / getHandler / getAllHandler / patchHandler / deleteHandler /
 * getConnectionsHandler, store pkg/services/libraryelements/database.go). Kind 1 (panel); keyed by uid. A dashboard
 * uses one by reference, `{"libraryPanel": {"uid", "name"}}` in place of the panel (see `libraryPanelRef`), so the
 * dashboard kind depends on this one: library panels are written before dashboards and deleted after them.
 * Grafana stores the model as sent, adding `type` and `description` when absent (syncFieldsWithModel): both
 * sides compare without them when empty. PATCH needs the stored version (412 when stale).
 * Marker: the model field `k2Grafana: {owner, hash}` (stored verbatim).
 * Prune: Grafana refuses to delete a library panel a dashboard still uses (403 "the library element has
 * connections"); before a prune its connections are read (`contents`) with each dashboard's owner, and one used by a
 * dashboard that is not ours (or that we still define) is kept.
 * External library panels: `{ uid, name, external: true }` declares one that exists in Grafana but is not ours, so
 * an imported dashboard can keep its reference; it is never written, read for prune or deleted.
 * Files: `library-panels/<uid>.json` (section `library-panels/`), one element each as POST /api/library-elements
 * takes it, for review. Grafana's file provisioning has no library panels: it does not read this folder, and a
 * file-provisioned dashboard that uses one needs it pushed first (`provision` writes it through the API).
 */
export interface LibraryPanelSpec {
  readonly uid: string;
  readonly name: string;
  /** '' for the General folder. */
  readonly folderUid: string;
  /** The panel, without `id`, `gridPos` and `libraryPanel` (the dashboard places it). */
  readonly model: JsonObject;
}

/** What a project's `libraryPanels` list holds: one of ours, or an external one (exists in Grafana, not ours). */
export type LibraryPanelDefinition =
  | { readonly source: string; readonly libraryPanel: LibraryPanelSpec; readonly external?: undefined }
  | { readonly source: string; readonly external: { readonly uid: string; readonly name: string }; readonly libraryPanel?: undefined };

const PATH = '/api/library-elements';
const FIELD = 'k2Grafana';
/** Where the model sits in a dashboard, never in the library element. */
const PLACEMENT = ['id', 'gridPos', 'libraryPanel'];

function toLive(dto: JsonObject): Live<LibraryPanelSpec> {
  const model: JsonObject = { ...(isJsonObject(dto.model) ? dto.model : {}) };
  const field = isJsonObject(model[FIELD]) ? model[FIELD] : undefined;
  delete model[FIELD];
  const marker: Marker | undefined = field && typeof field.owner === 'string'
    ? { owner: field.owner, hash: typeof field.hash === 'string' ? field.hash : undefined }
    : undefined;
  const meta = isJsonObject(dto.meta) ? dto.meta : {};
  const uid = String(dto.uid ?? '');
  return {
    kind: 'library-panel',
    key: uid,
    title: String(dto.name ?? uid),
    spec: { uid, name: String(dto.name ?? ''), folderUid: String(dto.folderUid ?? meta.folderUid ?? ''), model },
    marker,
    version: typeof dto.version === 'number' ? dto.version : undefined,
  };
}

function body(spec: LibraryPanelSpec, marker: Marker): JsonObject {
  return {
    uid: spec.uid, name: spec.name, kind: 1, ...(spec.folderUid ? { folderUid: spec.folderUid } : {}),
    model: { ...spec.model, [FIELD]: { owner: marker.owner, hash: marker.hash ?? '' } },
  };
}

const subject = (spec: LibraryPanelSpec): string => `library panel "${spec.name}" (${spec.uid})`;

const api: readonly KindApiCall[] = [
  { method: 'POST', path: PATH, safety: 'fixed-uid', why: 'the uid fixes the library panel; a repeat is refused as already existing' },
  { method: 'PATCH', path: `${PATH}/:uid`, safety: 'fixed-uid', why: 'carries the stored version: a repeat after a lost response is refused (412), never applied twice' },
  { method: 'DELETE', path: `${PATH}/:uid`, safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
];

interface SearchResult {
  readonly result?: { readonly elements?: JsonObject[]; readonly totalCount?: number };
}

const isExternal = (entry: LibraryPanelDefinition): boolean => entry.external !== undefined;

export const libraryPanel: KindHandler<LibraryPanelSpec> & { readonly kind: 'library-panel' } = {
  kind: 'library-panel' as const,
  dependsOn: ['folder'],
  writes: 'parallel',
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'libraryPanels',
    shapeIssues: (entry, path) => {
      const issues = fieldIssues(entry, path, [{ field: 'source', type: 'string' }, { field: 'libraryPanel', type: 'object', optional: true }, { field: 'external', type: 'object', optional: true }]);
      if (issues.length > 0) return issues;
      const e = entry as { libraryPanel?: unknown; external?: unknown };
      if ((e.libraryPanel === undefined) === (e.external === undefined)) return [`\`${path}\` must have either \`libraryPanel\` (one of ours) or \`external\` (one that exists in Grafana, not ours)`];
      if (e.external !== undefined) return fieldIssues(e.external, `${path}.external`, [{ field: 'uid', type: 'non-empty string' }, { field: 'name', type: 'non-empty string' }]);
      return fieldIssues(e.libraryPanel, `${path}.libraryPanel`, [
        { field: 'uid', type: 'non-empty string' }, { field: 'name', type: 'non-empty string' }, { field: 'folderUid', type: 'string' }, { field: 'model', type: 'object' },
      ]);
    },
    // External library panels are references only: nothing to write, so no spec.
    specs: (entries: readonly LibraryPanelDefinition[]) =>
      entries.filter((e) => !isExternal(e)).map((e) => ({ source: e.source, spec: { ...e.libraryPanel! } })),
  },

  files: {
    section: 'library-panels/',
    render: (project) => ((project.libraryPanels ?? []) as readonly LibraryPanelDefinition[]).filter((e) => !isExternal(e)).map((e) => {
      const p = e.libraryPanel!;
      return [`library-panels/${p.uid}.json`, { uid: p.uid, name: p.name, kind: 1, folderUid: p.folderUid, model: p.model }] as const;
    }),
    parse: (doc, file): SpecOf<LibraryPanelSpec>[] => [{
      source: file,
      spec: { uid: String(doc.uid ?? ''), name: String(doc.name ?? ''), folderUid: String(doc.folderUid ?? ''), model: isJsonObject(doc.model) ? doc.model : {} },
    }],
  },

  key: (spec) => spec.uid,
  title: (spec) => spec.name,
  requires: (spec) => (spec.folderUid ? [{ kind: 'folder', key: spec.folderUid }] : []),

  normalise(spec) {
    const model: JsonObject = {};
    for (const [key, value] of Object.entries(spec.model)) {
      if (key === FIELD || PLACEMENT.includes(key)) continue;
      // syncFieldsWithModel writes `type` and `description` as "" when absent.
      if ((key === 'type' || key === 'description') && value === '') continue;
      model[key] = value;
    }
    return canonicalJson({ uid: spec.uid, name: spec.name, folderUid: spec.folderUid, model }) as JsonObject;
  },
  changes: (before, after, object) => diffObjects('library-panel', before, after, object),

  async list(ctx): Promise<Listed<LibraryPanelSpec>[]> {
    const out: Listed<LibraryPanelSpec>[] = [];
    for (let page = 1; ; page += 1) {
      const res = await ctx.client.get<SearchResult>(PATH, { query: { kind: 1, perPage: 100, page }, signal: ctx.signal });
      const elements = (res?.result?.elements ?? []).filter(isJsonObject);
      for (const dto of elements) {
        const live = toLive(dto);
        out.push({ key: live.key, title: live.title, marker: live.marker, live });
      }
      if (elements.length < 100) return out;
    }
  },

  async read(ctx, key): Promise<Live<LibraryPanelSpec> | undefined> {
    const res = await ctx.client.getIfExists<{ result?: JsonObject }>(`${PATH}/${seg(key)}`, { signal: ctx.signal });
    return isJsonObject(res?.result) ? toLive(res.result) : undefined;
  },

  /** The dashboards that use it (the connections API), each with its owner: read before a prune. */
  async contents(ctx: HandlerContext, key) {
    const res = await ctx.limit(() => ctx.client.get<{ result?: JsonObject[] }>(`${PATH}/${seg(key)}/connections/`, { signal: ctx.signal }));
    const uids = [...new Set((res?.result ?? []).filter(isJsonObject).map((c) => String(c.connectionUid ?? '')))];
    return Promise.all(uids.map(async (uid) => {
      const live = uid === '' ? undefined : await ctx.limit(() => dashboard.read(ctx, uid));
      // A connection without a dashboard uid (Grafana before connectionUid) is treated as someone else's.
      return { kind: 'dashboard', key: uid || '(unknown dashboard)', title: live?.title ?? uid, ...(live?.marker ? { owner: live.marker.owner } : {}) };
    }));
  },

  async create(ctx, desired, marker): Promise<void> {
    await ctx.client.post(PATH, body(desired.spec, marker), { subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'POST', PATH) });
  },

  async update(ctx, desired, live, marker): Promise<void> {
    const path = `${PATH}/${seg(desired.spec.uid)}`;
    await ctx.client.patch(path, { ...body(desired.spec, marker), version: live.version ?? 1 }, {
      subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'PATCH', path),
    });
  },

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(`${PATH}/${seg(live.key)}`, { subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};

