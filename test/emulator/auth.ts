// Authentication, org selection and RBAC: grafana-http-api.md §1.2 and §10.
import type { IncomingHttpHeaders } from 'node:http';
import type { Permission } from './context.js';
import { accessDenied, unauthorized, type Reply } from './reply.js';

export type Role = 'Admin' | 'Editor' | 'Viewer';

export interface TokenSpec {
  readonly role: Role;
  /** Explicit RBAC actions; replaces the role's default set. */
  readonly permissions?: readonly string[];
  /** The org the service account belongs to. @default 1 */
  readonly orgId?: number;
  readonly expired?: boolean;
  readonly revoked?: boolean;
}

export interface Identity {
  readonly login: string;
  readonly userId: number;
  readonly role: Role;
  readonly permissions: ReadonlySet<string>;
  readonly orgId: number;
}

const read = ['folders:read', 'dashboards:read', 'annotations:read'];
const edit = [
  ...read, 'folders:create', 'folders:write', 'folders:delete', 'dashboards:create', 'dashboards:write', 'dashboards:delete',
  'annotations:create', 'annotations:write', 'annotations:delete',
];
const admin = [...edit, 'alert.provisioning:read', 'alert.provisioning:write', 'datasources:read', 'datasources:create', 'datasources:write', 'datasources:delete'];
/**
 * Default actions per basic role. Viewer: read only, no provisioning (§10: "A Viewer service account has none of
 * them"). Editor: no provisioning API and no datasource management: `fixed:alerting.provisioning:writer`
 * (pkg/services/ngalert/accesscontrol.go) and `fixed:datasources:writer` (pkg/api/accesscontrol.go) are granted to
 * Admin only; an Editor's `fixed:alerting:writer` does not open /api/v1/provisioning. (Newer OSS builds grant
 * `datasources:read` to every role when datasource permissions are not enforced; left out here, the stricter case.)
 */
export const rolePermissions: Readonly<Record<Role, readonly string[]>> = { Viewer: read, Editor: edit, Admin: admin };

export interface AuthConfig {
  readonly tokens: Readonly<Record<string, TokenSpec>>;
  readonly basicAuth: Readonly<Record<string, string>>;
  /** Orgs that exist; basic-auth users are Admins of all of them. */
  readonly orgs: readonly number[];
}

/** Resolves the caller, or the 401 reply of §1.2. */
export function authenticate(headers: IncomingHttpHeaders, query: URLSearchParams, config: AuthConfig): Identity | Reply {
  const header = headers.authorization ?? '';
  const requestedOrg = Number(query.get('targetOrgId') ?? headers['x-grafana-org-id'] ?? 0) || 0; // the query wins
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer) {
    const spec = config.tokens[bearer[1].trim()];
    if (!spec) return unauthorized('api-key.invalid', 'Invalid API key');
    if (spec.revoked) return unauthorized('api-key.revoked', 'Revoked API key');
    if (spec.expired) return unauthorized('api-key.expired', 'Expired API key');
    const orgId = spec.orgId ?? 1;
    if (requestedOrg !== 0 && requestedOrg !== orgId) {
      return unauthorized('api-key.organization-mismatch', 'API key does not belong to the requested organization');
    }
    return { login: 'sa-emulator', userId: 2, role: spec.role, permissions: new Set(spec.permissions ?? rolePermissions[spec.role]), orgId };
  }
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1].trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const user = i < 0 ? decoded : decoded.slice(0, i);
    const password = i < 0 ? '' : decoded.slice(i + 1);
    if (config.basicAuth[user] === undefined || config.basicAuth[user] !== password) {
      return unauthorized('password-auth.failed', 'Invalid username or password');
    }
    const orgId = requestedOrg || 1;
    // A user asking for an org it is not a member of: exact messageId UNVERIFIED.
    if (!config.orgs.includes(orgId)) return unauthorized('auth.unauthorized', 'Unauthorized');
    return { login: user, userId: 1, role: 'Admin', permissions: new Set(rolePermissions.Admin), orgId };
  }
  return unauthorized('auth.unauthorized', 'Unauthorized');
}

/** How Grafana's evaluators print themselves in the 403 body: an action, or `any(a, b)`. */
export function evaluatorString(p: Permission): string {
  return typeof p === 'string' ? p : `any(${p.any.join(', ')})`;
}

/** The 403 RBAC reply when the caller lacks `permission`, else undefined. */
export function authorize(identity: Identity, permission: Permission | undefined, accessErrorId: string): Reply | undefined {
  if (permission === undefined) return undefined;
  const allowed = typeof permission === 'string' ? identity.permissions.has(permission) : permission.any.some((p) => identity.permissions.has(p));
  return allowed ? undefined : accessDenied(evaluatorString(permission), accessErrorId);
}
