import type { IncomingHttpHeaders } from 'node:http';
import type { Reply } from './reply.js';
import type { OrgState } from './state.js';

/** Grafana versions whose behaviour differs where the reference says so (§4 folder duplicate uid, §5.4, §6.4). */
export type EmulatorVersion = '11.6' | '12.3' | '13.1';

export function versionAtLeast(version: EmulatorVersion, min: EmulatorVersion): boolean {
  const [a, b] = version.split('.').map(Number);
  const [c, d] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

export interface Ids {
  /** Dashboards and folders share one id sequence, as they share Grafana's dashboard table. */
  next(kind: 'dashboard' | 'rule' | 'datasource' | 'annotation' | 'version'): number;
  /** A generated uid in the newest shape (§1.3): a-f letter, base36 snowflake-ish id, a-f letter. */
  uid(): string;
}

export interface HandlerContext {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when empty. */
  readonly body: unknown;
  /** The body was present but not valid JSON. */
  readonly badJson: boolean;
  readonly headers: IncomingHttpHeaders;
  readonly org: OrgState;
  readonly orgId: number;
  readonly login: string;
  readonly userId: number;
  readonly role: 'Admin' | 'Editor' | 'Viewer';
  /** The caller's RBAC actions, for checks Grafana makes inside a handler rather than on the route. */
  readonly permissions: ReadonlySet<string>;
  readonly version: EmulatorVersion;
  readonly now: () => number;
  readonly ids: Ids;
}

/** `any(a, b)` is how Grafana's RBAC evaluator prints an "any of" permission (§1.2, §10). */
export type Permission = string | { readonly any: readonly string[] };

export interface Route {
  readonly method: string;
  /** Path pattern, `:name` = one segment. */
  readonly pattern: string;
  /** RBAC permission the route needs (§10); undefined = signed in is enough. */
  readonly permission?: Permission;
  handle(ctx: HandlerContext): Reply | Promise<Reply>;
}

export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Grafana's slugify, close enough for ASCII titles: lower-case, runs of other characters become one dash. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** util.IsValidShortUID (§1.3): letters, digits, - and _. */
export const validUidChars = (uid: string): boolean => /^[a-zA-Z0-9\-_]*$/.test(uid);
export const MaxUIDLength = 40;

export const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
