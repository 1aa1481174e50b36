import type { FolderDefinition, JsonObject, Live, Marker } from '../model/index.js';
import { normaliseGeneric } from '../normalise/index.js';
import type { KindHandler, Listed } from './kind-handler.js';
import { hasStatus, seg } from './http.js';
import { alertRulesByFolder } from './alert-rule-list.js';

/**
 * Folders (nested, parents first): `/api/folders` (grafana-http-api.md 4).
 * Marker: the folder `description`, which POST and PUT accept and Grafana stores. The classic folder DTO does not
 * return it (4: the DTO has no description), so through that API ownership cannot be read back: such folders are
 * compared by title and parent only and are never pruned (`ownershipUnknown`).
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

export const folder = {
  kind: 'folder',
  dependsOn: [],
  writes: 'parallel',
  listsAll: true,

  key: (spec) => spec.uid,
  title: (spec) => spec.title,
  parentKey: (spec) => spec.parentUid || undefined,
  requires: (spec) => (spec.parentUid ? [{ kind: 'folder', key: spec.parentUid }] : []),

  normalise: (spec) => normaliseGeneric({ uid: spec.uid, title: spec.title, parentUid: spec.parentUid ?? '' }),

  async list(ctx): Promise<Listed<FolderSpec>[]> {
    // One search lists folders at every nesting level (grafana-http-api.md 3, type=dash-folder).
    const hits = await ctx.client.get<SearchHit[]>('/api/search', { query: { type: 'dash-folder', limit: 5000 }, signal: ctx.signal });
    return (hits ?? []).map((hit) => ({ key: hit.uid, title: hit.title }));
  },

  async read(ctx, key): Promise<Live<FolderSpec> | undefined> {
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
  },

  async contents(ctx, key): Promise<Live['contents']> {
    const [hits, rules] = await Promise.all([
      ctx.limit(() => ctx.client.get<SearchHit[]>('/api/search', { query: { folderUIDs: key, limit: 5000 }, signal: ctx.signal })),
      alertRulesByFolder(ctx),
    ]);
    const out: NonNullable<Live['contents']>[number][] = [];
    for (const hit of hits ?? []) {
      if (hit.uid === key) continue;
      if (hit.type === 'dash-folder') {
        const sub = await ctx.limit(() => folder.read(ctx, hit.uid));
        out.push({ kind: 'folder', key: hit.uid, title: hit.title, owner: sub?.marker?.owner });
      } else {
        const tag = (hit.tags ?? []).find((t) => t.startsWith('managed-by:'));
        out.push({ kind: 'dashboard', key: hit.uid, title: hit.title, owner: tag?.slice('managed-by:'.length) });
      }
    }
    for (const group of (await rules).get(key) ?? []) out.push(group);
    return out;
  },

  async create(ctx, desired, marker): Promise<void> {
    const spec = desired.spec;
    await ctx.client.post('/api/folders', {
      uid: spec.uid, title: spec.title, description: folderDescription(marker), ...(spec.parentUid ? { parentUid: spec.parentUid } : {}),
    }, { subject: subject(spec), signal: ctx.signal });
  },

  async update(ctx, desired, live, marker): Promise<void> {
    const spec = desired.spec;
    if ((spec.parentUid ?? '') !== (live.spec.parentUid ?? '')) {
      // PUT does not take parentUid (grafana-http-api.md 4): moving is its own call.
      await ctx.client.post(`/api/folders/${seg(spec.uid)}/move`, { parentUid: spec.parentUid ?? '' }, { subject: subject(spec), signal: ctx.signal });
    }
    const body: JsonObject = { title: spec.title, description: folderDescription(marker), overwrite: false };
    if (live.version !== undefined) body.version = live.version;
    await ctx.client.put(`/api/folders/${seg(spec.uid)}`, body, { subject: subject(spec), signal: ctx.signal });
  },

  async remove(ctx, live): Promise<void> {
    try {
      // forceDeleteRules=false: Grafana refuses to delete a folder that still holds alert rules.
      await ctx.client.delete(`/api/folders/${seg(live.key)}`, { query: { forceDeleteRules: false }, subject: subject(live.spec), signal: ctx.signal });
    } catch (error) {
      if (!hasStatus(error, 404)) throw error;
    }
  },
} satisfies KindHandler<FolderSpec>;
