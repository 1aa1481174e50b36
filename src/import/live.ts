import { K2GrafanaError, NoInputError, UsageError } from '../errors.js';
import type { HandlerContext, KindHandler } from '../kinds/kind-handler.js';
import { defaultRegistry, type Registry } from '../kinds/registry.js';
import type { JsonObject } from '../model/index.js';
import type { DashboardInput } from './dashboard/index.js';

export interface LiveSelection {
  readonly uid?: string;
  /** A folder uid, or a folder title that is unique. */
  readonly folder?: string;
  readonly all?: boolean;
}

interface SearchHit {
  readonly uid: string;
  readonly title: string;
  readonly type?: string;
  readonly folderUid?: string;
}

/**
 * Dashboards read from a live Grafana through the registry's dashboard and folder handlers (`read`, `contents`), so
 * whichever API those handlers speak this run is the one used. Which dashboards exist (`--all`, a folder title) is
 * asked of `/api/search`, the listing every Grafana version serves. Our own ownership marker is removed by `read`.
 */
export async function readLiveDashboards(ctx: HandlerContext, selection: LiveSelection, registry: Registry = defaultRegistry): Promise<DashboardInput[]> {
  const dashboards = registry.handlers.get('dashboard') as KindHandler<{ dashboard: JsonObject; folderUid: string }> | undefined;
  const folders = registry.handlers.get('folder') as KindHandler<{ uid: string; title: string }> | undefined;
  if (!dashboards) throw new K2GrafanaError('internal', 'the registry has no dashboard kind', 'This is a k2-grafana bug.');
  let uids: string[];
  if (selection.uid !== undefined) uids = [selection.uid];
  else if (selection.folder !== undefined) {
    const folderUid = await resolveFolder(ctx, selection.folder, folders);
    const contents = folders?.contents ? await folders.contents(ctx, folderUid) : undefined;
    uids = (contents ?? []).filter((c) => c.kind === 'dashboard').map((c) => c.key);
  } else if (selection.all) uids = (await search(ctx, { type: 'dash-db' })).map((h) => h.uid);
  else throw new UsageError('import --live needs --uid <uid>, --folder <uid or title> or --all');
  const reads = await Promise.all([...new Set(uids)].sort().map((uid) => ctx.limit(() => dashboards.read(ctx, uid))));
  return reads.map((live, i) => {
    const uid = [...new Set(uids)].sort()[i]!;
    if (!live) {
      throw new NoInputError(`import --live: Grafana has no dashboard with uid "${uid}"`, 'Check the uid (the last part of the dashboard URL: /d/<uid>/...), the org (--org-id) and the context (--context).');
    }
    return { origin: `grafana:${uid}`, dashboard: live.spec.dashboard, folderUid: live.spec.folderUid };
  });
}

async function resolveFolder(ctx: HandlerContext, folder: string, handler: KindHandler<{ uid: string; title: string }> | undefined): Promise<string> {
  if (handler && (await handler.read(ctx, folder))) return folder;
  const hits = (await search(ctx, { type: 'dash-folder', query: folder })).filter((h) => h.title.trim().toLowerCase() === folder.trim().toLowerCase());
  if (hits.length === 1) return hits[0]!.uid;
  if (hits.length === 0) throw new NoInputError(`import --live --folder: Grafana has no folder with uid or title "${folder}"`, 'Name the folder by its uid (in its URL: /dashboards/f/<uid>/) or its exact title.');
  throw new UsageError(`import --live --folder: ${hits.length} folders are titled "${folder}" (uids ${hits.map((h) => h.uid).join(', ')})`, 'Name the folder by its uid instead.');
}

async function search(ctx: HandlerContext, query: Record<string, string>): Promise<SearchHit[]> {
  const all: SearchHit[] = [];
  for (let page = 1; ; page += 1) {
    const hits = (await ctx.client.get<SearchHit[]>('/api/search', { query: { ...query, limit: 5000, page }, signal: ctx.signal })) ?? [];
    all.push(...hits);
    if (hits.length < 5000) return all;
  }
}
