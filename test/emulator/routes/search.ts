// Search: grafana-http-api.md §3 (pkg/api/search.go, search model Hit).
import { slugify, type HandlerContext, type Route } from '../context.js';
import { message } from '../reply.js';
import { ok } from '../reply.js';

function folderFields(ctx: HandlerContext, folderUid: string | undefined): Record<string, unknown> {
  const f = folderUid ? ctx.org.folders.get(folderUid) : undefined;
  if (!f) return {};
  return { folderId: f.id, folderUid: f.uid, folderTitle: f.title, folderUrl: `/dashboards/f/${f.uid}/${slugify(f.title)}` };
}

export const searchRoutes: Route[] = [
  {
    method: 'GET', pattern: '/api/search',
    handle(ctx) {
      const q = ctx.query;
      const limit = Number(q.get('limit') ?? 0) || 1000; // default 1000 is UNVERIFIED (§3)
      if (limit > 5000) return message(422, 'Limit is above maximum allowed (5000), use page parameter to access hits beyond limit');
      const uids = [...q.getAll('dashboardUIDs'), ...q.getAll('dashboardUID')].flatMap((s) => s.split(',')).filter(Boolean);
      if (uids.length > 0 && q.getAll('dashboardIds').length > 0) return message(400, 'search supports UIDs or IDs, not both');
      const folderUIDs = q.has('folderUIDs') ? q.getAll('folderUIDs').flatMap((s) => s.split(',')) : undefined;
      const query = (q.get('query') ?? '').toLowerCase();
      const tags = q.getAll('tag');
      const type = q.get('type');
      const page = Math.max(1, Number(q.get('page') ?? 1) || 1);
      const inFolder = (parent: string | undefined): boolean =>
        folderUIDs === undefined || folderUIDs.some((u) => (u === '' || u === 'general' ? !parent : u === parent));
      // §14.6: unified storage offers no search-after-write: what was first saved a moment ago is not found yet.
      const indexed = (r: { indexedAt?: number }): boolean => ctx.strict.searchLagMs <= 0 || r.indexedAt === undefined || ctx.now() - r.indexedAt >= ctx.strict.searchLagMs;
      // §14.6: tag filters are any-of in unified search (selection.In), all-of in legacy SQL search.
      const tagged = (own: readonly string[]): boolean => tags.length === 0 || (ctx.strict.tagFilter === 'any' ? tags.some((t) => own.includes(t)) : tags.every((t) => own.includes(t)));
      type Hit = Record<string, unknown> & { title: string; type: string };
      const hits: Hit[] = [];
      if (type !== 'dash-db' && tags.length === 0 && uids.length === 0) {
        for (const f of ctx.org.folders.values()) {
          if (!f.title.toLowerCase().includes(query) || !inFolder(f.parentUid) || !indexed(f)) continue;
          hits.push({
            id: f.id, uid: f.uid, orgId: ctx.orgId, title: f.title, uri: `db/${slugify(f.title)}`,
            url: `/dashboards/f/${f.uid}/${slugify(f.title)}`, slug: '', type: 'dash-folder', tags: [], isStarred: false,
            ...folderFields(ctx, f.parentUid), sortMeta: 0, isDeleted: false,
          });
        }
      }
      if (type !== 'dash-folder') {
        for (const d of ctx.org.dashboards.values()) {
          if (!d.title.toLowerCase().includes(query) || !inFolder(d.folderUid || undefined) || !indexed(d)) continue;
          if (!tagged(d.tags)) continue;
          if (uids.length > 0 && !uids.includes(d.uid)) continue;
          hits.push({
            id: d.id, uid: d.uid, orgId: ctx.orgId, title: d.title, uri: `db/${slugify(d.title)}`,
            url: `/d/${d.uid}/${slugify(d.title)}`, slug: '', type: 'dash-db', tags: [...d.tags].sort(), isStarred: false,
            ...folderFields(ctx, d.folderUid || undefined), sortMeta: 0, isDeleted: false,
          });
        }
      }
      const sort = q.get('sort');
      const byTitle = (a: Hit, b: Hit): number => a.title.toLowerCase().localeCompare(b.title.toLowerCase());
      if (sort === 'alpha-desc') hits.sort((a, b) => -byTitle(a, b));
      else if (sort === 'alpha-asc') hits.sort(byTitle);
      // sortedHits: folders before dashboards, then lower-cased title.
      else hits.sort((a, b) => (a.type === b.type ? byTitle(a, b) : a.type === 'dash-folder' ? -1 : 1));
      return ok(hits.slice((page - 1) * limit, page * limit));
    },
  },
];
