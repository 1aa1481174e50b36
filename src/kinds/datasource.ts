import type { DatasourceDefinition, JsonObject, Live, Marker } from '../model/index.js';
import { canonicalJson, isJsonObject } from '../normalise/index.js';
import type { HandlerContext, KindHandler, Listed } from './kind-handler.js';
import { hasStatus, seg } from './http.js';

/**
 * Datasources: `/api/datasources` (grafana-http-api.md 9).
 * Marker: `jsonData.k2Grafana = {owner, hash}`; jsonData is free-form and stored verbatim.
 * A datasource Grafana reports `readOnly` (provisioned from a file, as in the compose stack) is compared, never
 * written: PUT would fail with 403 "Cannot update read-only data source".
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

export const datasource = {
  kind: 'datasource',
  dependsOn: [],
  writes: 'parallel',
  listsAll: true,

  key: (spec) => spec.uid,
  title: (spec) => spec.name,
  requires: () => [],

  // Only the fields we manage, picked by name (the generic normaliser would drop `url`, a folder DTO field).
  normalise: (spec) =>
    canonicalJson({
      uid: spec.uid, name: spec.name, type: spec.type, access: spec.access, url: spec.url ?? '',
      isDefault: spec.isDefault ?? false, jsonData: spec.jsonData ?? {},
    }),

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
    await ctx.client.post('/api/datasources', body(desired.spec, marker), { subject: subject(desired.spec), signal: ctx.signal });
  },

  async update(ctx, desired, live, marker): Promise<void> {
    // A full replace (9): every field we manage is sent; `version` makes a concurrent change fail with 409.
    const payload = { ...body(desired.spec, marker), ...(live.version !== undefined ? { version: live.version } : {}) };
    await ctx.client.put(`/api/datasources/uid/${seg(desired.spec.uid)}`, payload, { subject: subject(desired.spec), signal: ctx.signal });
  },

  async remove(ctx, live): Promise<void> {
    try {
      await ctx.client.delete(`/api/datasources/uid/${seg(live.key)}`, { subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
} satisfies KindHandler<DatasourceSpec>;
