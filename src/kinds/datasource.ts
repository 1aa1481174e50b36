import type { DatasourceDefinition, JsonObject, Live, Marker } from '../model/index.js';
import { canonicalJson, isJsonObject } from '../normalise/index.js';
import { diffObjects } from '../diff/index.js';
import type { HandlerContext, KindApiCall, KindHandler, Listed } from './kind-handler.js';
import { hasStatus, safetyFor, seg } from './http.js';
import { escapeStrings, unescapeInterpolated, unescapeStrings } from '../render/file-interpolation.js';
import { fieldIssues } from './shape.js';

/**
 * Datasources: `/api/datasources` (grafana-http-api.md 9).
 * Marker: `jsonData.k2Grafana = {owner, hash}`; jsonData is free-form and stored verbatim.
 * A datasource Grafana reports `readOnly` (provisioned from a file, as in the compose stack) is compared, never
 * written: PUT would fail with 403 "Cannot update read-only data source".
 * Files: `datasources/<type>.yaml`, section `datasources` (one entry per datasource, `editable: false`).
 */
export type DatasourceSpec = DatasourceDefinition;

const FIELD = 'k2Grafana';

interface DatasourceDto {
  uid: string;
  name: string;
  type: string;
  access: 'proxy' | 'direct';
  url?: string;
  isDefault?: boolean;
  jsonData?: JsonObject;
  version?: number;
  readOnly?: boolean;
}

function toLive(dto: DatasourceDto): Live<DatasourceSpec> {
  const jsonData: JsonObject = { ...(isJsonObject(dto.jsonData) ? dto.jsonData : {}) };
  const field = isJsonObject(jsonData[FIELD]) ? jsonData[FIELD] : undefined;
  delete jsonData[FIELD];
  const marker: Marker | undefined =
    field && typeof field.owner === 'string' ? { owner: field.owner, hash: typeof field.hash === 'string' ? field.hash : undefined } : undefined;
  return {
    kind: 'datasource',
    key: dto.uid,
    title: dto.name,
    spec: { uid: dto.uid, name: dto.name, type: dto.type, access: dto.access, url: dto.url ?? '', isDefault: dto.isDefault ?? false, jsonData },
    marker,
    version: dto.version,
    readOnly: dto.readOnly === true,
  };
}

function body(spec: DatasourceSpec, marker: Marker): JsonObject {
  return {
    uid: spec.uid, name: spec.name, type: spec.type, access: spec.access, url: spec.url, isDefault: spec.isDefault ?? false,
    jsonData: { ...(spec.jsonData ?? {}), [FIELD]: { owner: marker.owner, hash: marker.hash ?? '' } },
  };
}

const subject = (spec: DatasourceSpec): string => `datasource "${spec.name}" (${spec.uid})`;

const api: readonly KindApiCall[] = [
  { method: 'POST', path: '/api/datasources', safety: 'fixed-uid', why: 'uid (and unique name) fix it; a repeat gets 409' },
  { method: 'PUT', path: '/api/datasources/uid/:uid', safety: 'idempotent', why: 'full replace; with a version a repeat gets 409 and the caller re-reads' },
  { method: 'DELETE', path: '/api/datasources/uid/:uid', safety: 'idempotent', why: 'a repeat finds nothing (404 counts as done)' },
];

/**
 * One datasource as the file holds it. grafana/grafana pkg/services/provisioning/datasources/types.go (commit
 * 01c834234982c8ae5eba61acd1313c1c4443e9dd) `upsertDataSourceFromConfigV1` reads every field as a values type and maps
 * each `.Value()` (jsonData a `JSONValue`: every string inside), so all strings are written escaped
 * (src/render/file-interpolation.ts) except `url`, which the definitions write for Grafana to expand (`$VAR`, see
 * DatasourceDefinition.url): it is written and read back as it is.
 */
function fileEntry(ds: DatasourceDefinition): JsonObject {
  return {
    orgId: 1, ...escapeStrings({ uid: ds.uid, name: ds.name, type: ds.type, access: ds.access }), url: ds.url, isDefault: ds.isDefault ?? false,
    // Changes belong in the definitions, not the UI.
    editable: false,
    ...(ds.jsonData ? { jsonData: escapeStrings(ds.jsonData) } : {}),
  };
}

function byType(datasources: readonly DatasourceDefinition[]): Map<string, DatasourceDefinition[]> {
  const out = new Map<string, DatasourceDefinition[]>();
  for (const ds of datasources) out.set(ds.type, [...(out.get(ds.type) ?? []), ds]);
  return out;
}

/** An interpolated string field read back (`$$` -> `$`). */
const text = (value: unknown, fallback = ''): string => (typeof value === 'string' ? unescapeInterpolated(value) : fallback);

export const datasource: KindHandler<DatasourceSpec> & { readonly kind: 'datasource' } = {
  kind: 'datasource' as const,
  dependsOn: [],
  writes: 'parallel',
  listsAll: true,
  ownership: 'marker',
  api,
  definitions: {
    field: 'datasources',
    shapeIssues: (entry, path) => fieldIssues(entry, path, [
      { field: 'uid', type: 'non-empty string' }, { field: 'name', type: 'non-empty string' }, { field: 'type', type: 'non-empty string' },
      { field: 'access', type: 'string' }, { field: 'url', type: 'string' }, { field: 'isDefault', type: 'boolean', optional: true },
      { field: 'jsonData', type: 'object', optional: true },
    ]),
    specs: (entries: readonly DatasourceDefinition[]) => entries.map((ds) => ({ spec: { ...ds } })),
  },
  files: {
    section: 'datasources',
    render: (project) => [...byType(project.datasources ?? [])].map(([type, list]) => [`datasources/${type}.yaml`, { apiVersion: 1, datasources: list.map(fileEntry) }] as const),
    parse: (doc, file) => (Array.isArray(doc.datasources) ? doc.datasources.filter(isJsonObject) : []).map((ds) => ({
      source: file,
      spec: {
        uid: text(ds.uid, text(ds.name)), name: text(ds.name), type: text(ds.type), access: ds.access === 'direct' ? 'direct' : 'proxy',
        url: typeof ds.url === 'string' ? ds.url : '', isDefault: ds.isDefault === true, ...(isJsonObject(ds.jsonData) ? { jsonData: unescapeStrings(ds.jsonData) } : {}),
      },
    })),
  },

  key: (spec) => spec.uid,
  title: (spec) => spec.name,
  requires: () => [],

  // Only the fields we manage, picked by name (the generic normaliser would drop `url`, a folder DTO field).
  normalise: (spec) =>
    canonicalJson({
      uid: spec.uid, name: spec.name, type: spec.type, access: spec.access, url: spec.url ?? '',
      isDefault: spec.isDefault ?? false, jsonData: spec.jsonData ?? {},
    }) as JsonObject,
  changes: (before, after, object) => diffObjects('datasource', before, after, object),

  async list(ctx: HandlerContext): Promise<Listed<DatasourceSpec>[]> {
    const all = await ctx.client.get<DatasourceDto[]>('/api/datasources', { signal: ctx.signal });
    return (all ?? []).map((dto) => {
      const live = toLive(dto);
      return { key: live.key, title: live.title, marker: live.marker, live };
    });
  },

  async read(ctx, key): Promise<Live<DatasourceSpec> | undefined> {
    const dto = await ctx.client.getIfExists<DatasourceDto>(`/api/datasources/uid/${seg(key)}`, { signal: ctx.signal });
    return dto && typeof dto.uid === 'string' ? toLive(dto) : undefined;
  },

  async create(ctx, desired, marker): Promise<void> {
    await ctx.client.post('/api/datasources', body(desired.spec, marker), { subject: subject(desired.spec), signal: ctx.signal, ...safetyFor(api, 'POST', '/api/datasources') });
  },

  async update(ctx, desired, live, marker): Promise<void> {
    // A full replace (9): every field we manage is sent; `version` makes a concurrent change fail with 409.
    // The list has no version (grafana-http-api.md 14.5): read the datasource by uid for it, so the lock engages.
    const version = live.version ?? (await this.read(ctx, desired.spec.uid))?.version;
    const payload = { ...body(desired.spec, marker), ...(version !== undefined ? { version } : {}) };
    await ctx.client.put(`/api/datasources/uid/${seg(desired.spec.uid)}`, payload, { subject: subject(desired.spec), signal: ctx.signal });
  },

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(`/api/datasources/uid/${seg(live.key)}`, { subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
};
