// The app-platform API (`/apis`): discovery and the namespaced resources, over the same store the classic routes use
// (Grafana's dual writer). Sources per module in ../app-platform/ and docs/app-platform.md; behaviour per version in
// ../app-platform/discovery.ts. Errors are k8s Status bodies (../app-platform/status.ts). Authentication is the
// emulator's (§1.2, 401 bodies as for /api); authorisation is the namespace authorizer, then RBAC (objects.ts).
import type { HandlerContext, Route } from '../context.js';
import type { Reply } from '../reply.js';
import {
  createDashboard, dashboardActions, deleteDashboard, getDashboard, listDashboards, updateDashboard, v2NotEmulated,
} from '../app-platform/dashboards.js';
import {
  apiGroup, apiGroupList, apiResourceList, DASHBOARD_GROUP, FOLDER_GROUP, NOTIFICATIONS_GROUP, servedGroups, V1_SPEC_DASHBOARD_VERSIONS,
} from '../app-platform/discovery.js';
import { createFolder, deleteFolder, folderActions, getFolder, listFolders, updateFolder } from '../app-platform/folders.js';
import { authorizeRequest, methodNotSupported, type Request, type Verb } from '../app-platform/objects.js';
import {
  createRoutingTree, deleteRoutingTree, getRoutingTree, listRoutingTrees, routingTreeActions, updateRoutingTree,
} from '../app-platform/routing-tree.js';
import { status } from '../app-platform/status.js';

interface ResourceHandlers {
  readonly actions: Readonly<Record<Verb, string>>;
  list(req: Request): Reply | Promise<Reply>;
  get(req: Request): Reply | Promise<Reply>;
  create(req: Request): Reply | Promise<Reply>;
  update(req: Request): Reply | Promise<Reply>;
  delete(req: Request): Reply | Promise<Reply>;
}

const handlers: Readonly<Record<string, ResourceHandlers>> = {
  [`${DASHBOARD_GROUP}/dashboards`]: {
    actions: dashboardActions, list: listDashboards, get: getDashboard, create: (r) => createDashboard(r), update: updateDashboard, delete: deleteDashboard,
  },
  [`${FOLDER_GROUP}/folders`]: {
    actions: folderActions, list: listFolders, get: getFolder, create: (r) => createFolder(r), update: updateFolder, delete: deleteFolder,
  },
  [`${NOTIFICATIONS_GROUP}/routingtrees`]: {
    actions: routingTreeActions, list: listRoutingTrees, get: getRoutingTree, create: createRoutingTree, update: updateRoutingTree, delete: deleteRoutingTree,
  },
};

/** k8s's 404 for a path no group/version/resource serves (the apiserver's NotFound handler answers a Status too). */
const pageNotFound = (): Reply => status(404, 'NotFound', 'the server could not find the requested resource', {});

function served(ctx: HandlerContext, group: string, version?: string) {
  const g = servedGroups(ctx.version, ctx.appPlatform.enabled).find((x) => x.name === group);
  if (!g || (version !== undefined && !g.versions.includes(version))) return undefined;
  return g;
}

async function resource(ctx: HandlerContext, verb: 'collection' | 'item'): Promise<Reply> {
  const { group, version, namespace, resource: res, name } = ctx.params;
  const g = served(ctx, group, version);
  const h = handlers[`${group}/${res}`];
  if (!g || !h || !g.resources.some((r) => r.name === res)) return pageNotFound();
  if (group === DASHBOARD_GROUP && !V1_SPEC_DASHBOARD_VERSIONS.has(version)) return v2NotEmulated(version);
  const v: Verb | undefined =
    verb === 'collection' ? ({ GET: 'list', POST: 'create' } as const)[ctx.method as 'GET' | 'POST']
      : ({ GET: 'get', PUT: 'update', DELETE: 'delete' } as const)[ctx.method as 'GET' | 'PUT' | 'DELETE'];
  if (!v) return methodNotSupported(group, res, ctx.method.toLowerCase());
  const req = authorizeRequest(ctx, { group, version, resource: res, namespace, ...(name ? { name } : {}), verb: v }, h.actions[v]);
  if ('status' in req) return req;
  return h[v](req);
}

export const appPlatformRoutes: Route[] = [
  { method: 'GET', pattern: '/apis', handle: (ctx) => ({ status: 200, json: apiGroupList(servedGroups(ctx.version, ctx.appPlatform.enabled)) }) },
  {
    method: 'GET', pattern: '/apis/:group',
    handle(ctx) {
      const g = served(ctx, ctx.params.group);
      return g ? { status: 200, json: apiGroup(g) } : pageNotFound();
    },
  },
  {
    method: 'GET', pattern: '/apis/:group/:version',
    handle(ctx) {
      const g = served(ctx, ctx.params.group, ctx.params.version);
      return g ? { status: 200, json: apiResourceList(g, ctx.params.version) } : pageNotFound();
    },
  },
  ...['GET', 'POST'].map((method): Route => ({ method, pattern: '/apis/:group/:version/namespaces/:namespace/:resource', handle: (ctx) => resource(ctx, 'collection') })),
  ...['GET', 'PUT', 'DELETE'].map((method): Route => ({ method, pattern: '/apis/:group/:version/namespaces/:namespace/:resource/:name', handle: (ctx) => resource(ctx, 'item') })),
  // Kubernetes serves PATCH (merge, JSON and apply patches); k2-grafana sends whole objects, so it is not emulated.
  { method: 'PATCH', pattern: '/apis/:group/:version/namespaces/:namespace/:resource/:name', handle: (ctx) => status(405, 'MethodNotAllowed', `PATCH is not emulated (test/emulator): send the whole object with PUT`, { group: ctx.params.group, kind: ctx.params.resource }) },
  // Any other path under /apis (cluster-scoped lists, subresources, unknown groups): the apiserver's 404 Status.
  ...catchAll(),
];

function catchAll(): Route[] {
  const out: Route[] = [];
  for (let depth = 1; depth <= 8; depth++) {
    const pattern = `/apis${Array.from({ length: depth }, (_, i) => `/:p${i}`).join('')}`;
    for (const method of ['GET', 'POST', 'PUT', 'DELETE', 'PATCH']) out.push({ method, pattern, handle: () => pageNotFound() });
  }
  return out;
}
