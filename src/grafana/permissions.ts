/**
 * The Grafana RBAC permissions each request of k2-grafana needs, read from Grafana's access-control source (the file
 * named per row). The README's "Permissions a CI token needs" table and .github/workflows/provision.yml say the same;
 * test/provision/permissions.test.ts checks the set against the emulator: it is enough, and each one is needed.
 *
 * Which basic role carries them (same sources): `fixed:datasources:writer` (datasources create/write/delete) and
 * `fixed:alerting.provisioning:writer` (alert.provisioning:read/write) are granted to Admin only
 * (pkg/api/accesscontrol.go, pkg/services/ngalert/accesscontrol.go); an Editor gets `fixed:alerting:writer`, which
 * does not open the provisioning API. So an Editor token cannot provision datasources or alerting.
 */

import { pathMatches } from './retry-policy.js';
export interface RequiredPermission {
  readonly permission: string;
  /** The requests that need it, for people. */
  readonly requests: string;
  /** The same as `METHOD /path` patterns (`:x` = one segment), to name the permission a bare 403 lacks. */
  readonly routes: readonly string[];
  /** Which verb needs it, and when. */
  readonly neededBy: string;
  /** Grafana's file that enforces it. */
  readonly source: string;
}

const API_GO = 'pkg/api/api.go (registerRoutes)';
const NGALERT = 'pkg/services/ngalert/api/authorization.go';

export const requiredPermissions: readonly RequiredPermission[] = [
  { permission: 'folders:read', routes: ['GET /api/folders/:uid'], requests: 'GET /api/folders/:uid; filters GET /api/search', neededBy: 'plan, provision, diff --live', source: API_GO },
  { permission: 'folders:create', routes: ['POST /api/folders'], requests: 'POST /api/folders', neededBy: 'provision, a folder not yet in Grafana', source: API_GO },
  { permission: 'folders:write', routes: ['PUT /api/folders/:uid', 'POST /api/folders/:uid/move'], requests: 'PUT /api/folders/:uid, POST /api/folders/:uid/move', neededBy: 'provision, a folder renamed or moved', source: API_GO },
  { permission: 'dashboards:read', routes: ['GET /api/dashboards/uid/:uid'], requests: 'GET /api/dashboards/uid/:uid', neededBy: 'plan, provision, diff --live', source: API_GO },
  { permission: 'dashboards:create', routes: ['POST /api/dashboards/db'], requests: 'POST /api/dashboards/db (new dashboard)', neededBy: 'provision, a dashboard not yet in Grafana', source: `${API_GO}; pkg/services/dashboards (save checks create in the folder)` },
  { permission: 'dashboards:write', routes: ['POST /api/dashboards/db'], requests: 'POST /api/dashboards/db (existing dashboard)', neededBy: 'provision, a changed dashboard', source: `${API_GO}; pkg/services/dashboards (save checks write on the dashboard)` },
  { permission: 'datasources:read', routes: ['GET /api/datasources', 'GET /api/datasources/uid/:uid'], requests: 'GET /api/datasources, GET /api/datasources/uid/:uid', neededBy: 'plan, provision, diff --live', source: API_GO },
  { permission: 'datasources:create', routes: ['POST /api/datasources'], requests: 'POST /api/datasources', neededBy: 'provision, a datasource not yet in Grafana', source: API_GO },
  { permission: 'datasources:write', routes: ['PUT /api/datasources/uid/:uid'], requests: 'PUT /api/datasources/uid/:uid', neededBy: 'provision, a changed datasource', source: API_GO },
  {
    permission: 'alert.provisioning:read',
    routes: ['GET /api/v1/provisioning/alert-rules', 'GET /api/v1/provisioning/alert-rules/:uid', 'GET /api/v1/provisioning/folder/:uid/rule-groups/:group', 'GET /api/v1/provisioning/contact-points', 'GET /api/v1/provisioning/policies'],
    requests: 'GET /api/v1/provisioning/alert-rules, .../folder/:uid/rule-groups/:group, .../contact-points, .../policies',
    neededBy: 'plan, provision, diff --live',
    source: NGALERT,
  },
  {
    permission: 'alert.provisioning:write',
    routes: ['PUT /api/v1/provisioning/folder/:uid/rule-groups/:group', 'DELETE /api/v1/provisioning/folder/:uid/rule-groups/:group', 'POST /api/v1/provisioning/contact-points', 'PUT /api/v1/provisioning/contact-points/:uid', 'DELETE /api/v1/provisioning/contact-points/:uid', 'PUT /api/v1/provisioning/policies'],
    requests: 'PUT .../folder/:uid/rule-groups/:group, POST/PUT .../contact-points, PUT .../policies',
    neededBy: 'provision, new or changed rules, contact points, policies',
    source: NGALERT,
  },
  { permission: 'dashboards:delete', routes: ['DELETE /api/dashboards/uid/:uid'], requests: 'DELETE /api/dashboards/uid/:uid', neededBy: 'provision --prune', source: API_GO },
  { permission: 'folders:delete', routes: ['DELETE /api/folders/:uid'], requests: 'DELETE /api/folders/:uid', neededBy: 'provision --prune', source: API_GO },
  { permission: 'datasources:delete', routes: ['DELETE /api/datasources/uid/:uid'], requests: 'DELETE /api/datasources/uid/:uid', neededBy: 'provision --prune', source: API_GO },
  { permission: 'annotations:read', routes: ['GET /api/annotations'], requests: 'GET /api/annotations (the event-tag lookup before each post)', neededBy: 'annotate, simulate, demo', source: API_GO },
  { permission: 'annotations:create', routes: ['POST /api/annotations'], requests: 'POST /api/annotations', neededBy: 'annotate, simulate, demo', source: API_GO },
  { permission: 'annotations:write', routes: ['PATCH /api/annotations/:id'], requests: 'PATCH /api/annotations/:id (closing a region)', neededBy: 'annotate close, simulate, demo', source: API_GO },
];

/** What `provision` (without --prune) needs: reads and writes of every kind it pushes. */
export const provisionPermissions: readonly string[] = requiredPermissions
  .filter((p) => p.neededBy.startsWith('provision') || p.neededBy.startsWith('plan'))
  .filter((p) => !p.neededBy.includes('--prune'))
  .map((p) => p.permission);


/** The permissions a request can need (Grafana answered 403 without naming one). */
export function permissionsFor(method: string, path: string): string[] {
  return requiredPermissions
    .filter((p) => p.routes.some((route) => {
      const [m, pattern] = route.split(' ') as [string, string];
      return m === method.toUpperCase() && pathMatches(pattern, path);
    }))
    .map((p) => p.permission);
}
