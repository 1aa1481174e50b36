// Annotations: grafana-http-api.md §8 (pkg/api/annotations.go, annotationsimpl/xorm_store.go).
import { asObject, type HandlerContext, type Route } from '../context.js';
import { message, messageWithTrace, ok, type Reply } from '../reply.js';
import type { AnnotationRecord } from '../state.js';

function annotationDto(a: AnnotationRecord): Record<string, unknown> {
  return {
    id: a.id, alertId: a.alertId, alertName: '', dashboardId: a.dashboardId, dashboardUID: a.dashboardUID, panelId: a.panelId,
    userId: a.userId, newState: '', prevState: '', created: a.created, updated: a.updated, time: a.time, timeEnd: a.timeEnd,
    text: a.text, tags: [...a.tags], login: a.login, email: a.email, avatarUrl: '', data: structuredClone(a.data),
  };
}

/** Tags are parsed as key:value pairs and re-joined (trimmed around the colon). */
const normaliseTag = (t: string): string => {
  const i = t.indexOf(':');
  return i < 0 ? t.trim() : `${t.slice(0, i).trim()}:${t.slice(i + 1).trim()}`;
};

/** Store `Add` + `validateTimeRange`: time 0 -> now; timeEnd 0 -> time; timeEnd < time -> swapped. */
function timeRange(ctx: HandlerContext, time: number, timeEnd: number): [number, number] {
  const t = time === 0 ? ctx.now() : time;
  const e = timeEnd === 0 ? t : timeEnd;
  return e < t ? [e, t] : [t, e];
}

const notFound = (): Reply => message(404, 'Annotation not found');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function find(ctx: HandlerContext): AnnotationRecord | Reply {
  const id = Number(ctx.params.id);
  if (!Number.isInteger(id) || id <= 0) return messageWithTrace(400, 'annotationId is invalid');
  return ctx.org.annotations.get(id) ?? notFound();
}

function add(ctx: HandlerContext, fields: Omit<AnnotationRecord, 'id' | 'created' | 'updated' | 'userId' | 'login' | 'email' | 'alertId'>): AnnotationRecord {
  const at = ctx.now();
  const a: AnnotationRecord = {
    ...fields, id: ctx.ids.next('annotation'), alertId: 0, created: at, updated: at, userId: ctx.userId, login: ctx.login,
    email: `${ctx.login}@localhost`,
  };
  ctx.org.annotations.set(a.id, a);
  return a;
}

export const annotationRoutes: Route[] = [
  {
    method: 'POST', pattern: '/api/annotations', permission: 'annotations:create',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const text = typeof body.text === 'string' ? body.text : '';
      if (text === '') return messageWithTrace(400, 'Failed to save annotation'); // "text field should not be empty" is only logged
      // An unknown dashboardUID is silently ignored: the annotation becomes org-wide.
      const dash = typeof body.dashboardUID === 'string' ? ctx.org.dashboards.get(body.dashboardUID) : undefined;
      const [time, timeEnd] = timeRange(ctx, num(body.time), num(body.timeEnd));
      const tags = Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string').map(normaliseTag) : [];
      const a = add(ctx, {
        dashboardId: dash?.id ?? 0, dashboardUID: dash?.uid ?? '', panelId: num(body.panelId), time, timeEnd, text, tags,
        data: (asObject(body.data) as Record<string, unknown> | undefined) ?? {},
      });
      return ok({ message: 'Annotation added', id: a.id });
    },
  },
  {
    method: 'POST', pattern: '/api/annotations/graphite', permission: 'annotations:create',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const what = typeof body.what === 'string' ? body.what : '';
      let tags: string[];
      if (body.tags === undefined || body.tags === null) tags = [];
      else if (typeof body.tags === 'string') tags = body.tags.split(' ').filter(Boolean);
      else if (Array.isArray(body.tags) && body.tags.every((t) => typeof t === 'string')) tags = body.tags as string[];
      else return messageWithTrace(400, 'Failed to save Graphite annotation');
      if (what === '') return messageWithTrace(400, 'Failed to save Graphite annotation');
      const text = typeof body.data === 'string' && body.data !== '' ? `${what}\n${body.data}` : what;
      const [time, timeEnd] = timeRange(ctx, num(body.when) * 1000, 0);
      const a = add(ctx, { dashboardId: 0, dashboardUID: '', panelId: 0, time, timeEnd, text, tags, data: {} });
      return ok({ message: 'Graphite annotation added', id: a.id });
    },
  },
  {
    method: 'GET', pattern: '/api/annotations', permission: 'annotations:read',
    handle(ctx) {
      const q = ctx.query;
      const from = Number(q.get('from') ?? 0) || 0;
      const to = Number(q.get('to') ?? 0) || 0;
      const dashboardUID = q.get('dashboardUID');
      if (dashboardUID && !ctx.org.dashboards.has(dashboardUID)) return messageWithTrace(400, 'Invalid dashboard UID in annotation request');
      const tags = q.getAll('tags').map(normaliseTag);
      const matchAny = q.get('matchAny') === 'true';
      const limit = Number(q.get('limit') ?? 0) || 100; // default 100 UNVERIFIED
      const type = q.get('type');
      const list = [...ctx.org.annotations.values()].filter((a) => {
        if (from > 0 && to > 0 && !(a.time <= to && a.timeEnd >= from)) return false;
        if (dashboardUID && a.dashboardUID !== dashboardUID) return false;
        if (q.has('dashboardId') && a.dashboardId !== Number(q.get('dashboardId'))) return false;
        if (q.has('panelId') && a.panelId !== Number(q.get('panelId'))) return false;
        if (q.has('userId') && a.userId !== Number(q.get('userId'))) return false;
        if (type === 'alert' && !(a.alertId > 0)) return false;
        if (type === 'annotation' && a.alertId !== 0) return false;
        if (tags.length > 0) {
          const hit = (t: string): boolean => a.tags.includes(t);
          if (matchAny ? !tags.some(hit) : !tags.every(hit)) return false;
        }
        return true;
      });
      // Newest first: ORDER BY epoch*1000+epoch_end DESC (UNVERIFIED), then id for a stable order.
      list.sort((a, b) => b.time * 1000 + b.timeEnd - (a.time * 1000 + a.timeEnd) || b.id - a.id);
      return ok(list.slice(0, limit).map(annotationDto));
    },
  },
  {
    method: 'GET', pattern: '/api/annotations/:id', permission: 'annotations:read',
    handle(ctx) {
      const a = find(ctx);
      return 'status' in a ? a : ok(annotationDto(a));
    },
  },
  {
    method: 'PUT', pattern: '/api/annotations/:id', permission: 'annotations:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const a = find(ctx);
      if ('status' in a) return a;
      const [time, timeEnd] = timeRange(ctx, num(body.time), num(body.timeEnd));
      Object.assign(a, {
        time, timeEnd, text: typeof body.text === 'string' ? body.text : '',
        tags: Array.isArray(body.tags) ? body.tags.filter((t): t is string => typeof t === 'string').map(normaliseTag) : [],
        updated: ctx.now(),
      });
      if (asObject(body.data)) a.data = structuredClone(asObject(body.data)!);
      return ok({ message: 'Annotation updated' });
    },
  },
  {
    method: 'PATCH', pattern: '/api/annotations/:id', permission: 'annotations:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const a = find(ctx);
      if ('status' in a) return a;
      // Only non-empty text, non-null tags, time > 0, timeEnd > 0 and non-null data change.
      if (typeof body.text === 'string' && body.text !== '') a.text = body.text;
      if (Array.isArray(body.tags)) a.tags = body.tags.filter((t): t is string => typeof t === 'string').map(normaliseTag);
      if (num(body.time) > 0) a.time = num(body.time);
      if (num(body.timeEnd) > 0) a.timeEnd = num(body.timeEnd);
      if (asObject(body.data)) a.data = structuredClone(asObject(body.data)!);
      a.updated = ctx.now();
      return ok({ message: 'Annotation patched' });
    },
  },
  {
    method: 'DELETE', pattern: '/api/annotations/:id', permission: 'annotations:delete',
    handle(ctx) {
      const a = find(ctx);
      if ('status' in a) return a;
      ctx.org.annotations.delete(a.id);
      return ok({ message: 'Annotation deleted' });
    },
  },
];
