// Datasources: grafana-http-api.md §9 (pkg/api/datasources.go, datasources/errors.go, sqlstore UpdateDataSource).
import { asObject, type HandlerContext, type Route } from '../context.js';
import { message, messageWithTrace, ok, type Reply } from '../reply.js';
import type { DatasourceRecord } from '../state.js';

export function datasourceDto(ds: DatasourceRecord): Record<string, unknown> {
  return {
    id: ds.id, uid: ds.uid, orgId: ds.orgId, name: ds.name, type: ds.type, typeLogoUrl: `public/app/plugins/datasource/${ds.type}/img/logo.svg`,
    access: ds.access, url: ds.url, user: ds.user, database: ds.database, basicAuth: ds.basicAuth, basicAuthUser: ds.basicAuthUser,
    withCredentials: ds.withCredentials, isDefault: ds.isDefault, jsonData: structuredClone(ds.jsonData),
    secureJsonFields: Object.fromEntries(Object.keys(ds.secureJsonData).map((k) => [k, true])), version: ds.version, readOnly: ds.readOnly,
  };
}

function validUrl(url: string): boolean {
  if (url === '') return true;
  try {
    new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`);
    return true;
  } catch {
    return false;
  }
}

function fields(ctx: HandlerContext, body: Record<string, unknown>): Omit<DatasourceRecord, 'id' | 'uid' | 'version' | 'readOnly'> {
  const s = (k: string): string => (typeof body[k] === 'string' ? (body[k] as string) : '');
  return {
    orgId: ctx.orgId, name: s('name'), type: s('type'), access: s('access') || 'proxy', url: s('url'), user: s('user'),
    database: s('database'), basicAuth: body.basicAuth === true, basicAuthUser: s('basicAuthUser'),
    withCredentials: body.withCredentials === true, isDefault: body.isDefault === true,
    jsonData: (asObject(body.jsonData) as Record<string, unknown> | undefined) ?? {},
    secureJsonData: (asObject(body.secureJsonData) as Record<string, string> | undefined) ?? {},
  };
}

const notFound = (): Reply => message(404, 'Data source not found');

export const datasourceRoutes: Route[] = [
  {
    method: 'GET', pattern: '/api/datasources', permission: 'datasources:read',
    // §14.5: DataSourceListItemDTO has no version (nor secureJsonFields, basicAuthUser, withCredentials): the
    // version used for the optimistic lock is only in GET /api/datasources/uid/:uid.
    handle: (ctx) => ok([...ctx.org.datasources.values()].sort((a, b) => a.name.localeCompare(b.name)).map((ds) => {
      const dto = datasourceDto(ds);
      if (!ctx.strict.datasourceListWithoutVersion) return dto;
      const { version: _v, secureJsonFields: _s, basicAuthUser: _u, withCredentials: _w, ...item } = dto;
      return { ...item, typeName: ds.type };
    })),
  },
  {
    method: 'GET', pattern: '/api/datasources/uid/:uid', permission: 'datasources:read',
    handle(ctx) {
      const ds = ctx.org.datasources.get(ctx.params.uid);
      return ds ? ok(datasourceDto(ds)) : notFound();
    },
  },
  {
    method: 'POST', pattern: '/api/datasources', permission: 'datasources:create',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      if (asObject(body.jsonData)?.teamHttpHeaders !== undefined) {
        return message(403, 'Cannot create datasource with team HTTP headers, need to use updateDatasourceLBACRules API');
      }
      const f = fields(ctx, body);
      if (!validUrl(f.url)) return message(400, 'Validation error, invalid URL');
      const all = [...ctx.org.datasources.values()];
      if (all.some((d) => d.name === f.name)) return message(409, 'data source with the same name already exists');
      const uid = typeof body.uid === 'string' && body.uid !== '' ? body.uid : ctx.ids.uid();
      if (ctx.org.datasources.has(uid)) return message(409, 'data source with the same uid already exists');
      const ds: DatasourceRecord = { ...f, id: ctx.ids.next('datasource'), uid, version: 1, readOnly: false };
      ctx.org.datasources.set(uid, ds);
      return ok({ message: 'Datasource added', id: ds.id, name: ds.name, datasource: datasourceDto(ds) });
    },
  },
  {
    method: 'PUT', pattern: '/api/datasources/uid/:uid', permission: 'datasources:write',
    handle(ctx) {
      const body = asObject(ctx.body);
      if (ctx.badJson || !body) return messageWithTrace(400, 'bad request data');
      const ds = ctx.org.datasources.get(ctx.params.uid);
      if (!ds) return notFound();
      if (ds.readOnly) return message(403, 'Cannot update read-only data source');
      const f = fields(ctx, body);
      if (!validUrl(f.url)) return message(400, 'Validation error, invalid URL');
      if ([...ctx.org.datasources.values()].some((d) => d !== ds && d.name === f.name)) {
        return message(409, 'Failed to update datasource: data source with the same name already exists');
      }
      // Optimistic lock: `WHERE version < cmd.version+1`, then version = cmd.version+1; version 0 skips the check.
      const sent = typeof body.version === 'number' ? body.version : 0;
      if (sent !== 0 && ds.version > sent) {
        return message(409, 'Datasource has already been updated by someone else. Please reload and try again');
      }
      // Full replace: unsent columns are cleared; secure fields not re-sent are kept (they are write-only).
      Object.assign(ds, f, { secureJsonData: { ...ds.secureJsonData, ...f.secureJsonData }, version: sent !== 0 ? sent + 1 : ds.version + 1 });
      return ok({ message: 'Datasource updated', id: ds.id, name: ds.name, datasource: datasourceDto(ds) });
    },
  },
  {
    method: 'DELETE', pattern: '/api/datasources/uid/:uid', permission: 'datasources:delete',
    handle(ctx) {
      const ds = ctx.org.datasources.get(ctx.params.uid);
      if (!ds) return notFound();
      if (ds.readOnly) return message(403, 'Cannot delete read-only data source');
      ctx.org.datasources.delete(ds.uid);
      return ok({ message: 'Data source deleted', id: ds.id }); // body not in the reference: UNVERIFIED
    },
  },
];
