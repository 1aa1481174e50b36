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

/**
 * Where Grafana is less kind than a naive double (grafana-http-api.md 14), each on by default in the versions whose
 * source shows it; a test may turn one off or on with `startEmulator({ strict: {...} })`.
 */
export interface StrictBehaviour {
  /** 14.1: a rule-group PUT leaves content-identical rules alone (no new version, provenance unchanged); PreSave writes `intervalMs`/`maxDataPoints`. */
  readonly ruleGroupDeltas: boolean;
  /** 14.2: alertmanager-config writes are saved with a hash check: a write that overlaps another fails (409 in 13.x, 500 in 12.x). */
  readonly amConfigHashCheck: boolean;
  /** 14.3: contact-point errors other than validation are 500, the duplicate uid included (12.x). */
  readonly contactPointErrors500: boolean;
  /** 14.4: a dashboard save conflict is 409 "Dashboard already exists..." (13.x), not 412. */
  readonly dashboardConflict409: boolean;
  /** 14.5: `GET /api/datasources` items carry no `version`. */
  readonly datasourceListWithoutVersion: boolean;
  /** 14.6: a dashboard or folder saved less than this many ms ago is missing from search (12.x unified storage). */
  readonly searchLagMs: number;
  /** 14.6: `tag` filters: `any` of them (unified search) or `all` (legacy SQL). */
  readonly tagFilter: 'any' | 'all';
  /** 14.7: dashboard save validates the version, then writes, without a lock: overlapping saves both pass (12.x). */
  readonly unlockedSave: boolean;
  /** 14.9: folder duplicate uid from the `legacy` store (409) or `unified` storage AlreadyExists (412). */
  readonly folderStore: 'legacy' | 'unified';
  /** 14.11: contact-point DELETE checks no provenance (12.x). */
  readonly contactPointDeleteIgnoresProvenance: boolean;
  /** 14.12 (undetermined, a 13.x option): `GET /api/dashboards/uid/:uid` migrates a lower stored schemaVersion to this one. */
  readonly migrateSchemaOnRead?: number;
}

export function strictDefaults(version: EmulatorVersion): StrictBehaviour {
  const v12 = versionAtLeast(version, '12.3');
  const v13 = versionAtLeast(version, '13.1');
  return {
    ruleGroupDeltas: v12,
    amConfigHashCheck: v12,
    contactPointErrors500: v12 && !v13,
    dashboardConflict409: v13,
    datasourceListWithoutVersion: true,
    // Off by default: provision's answer to a lagging listing is a create Grafana refuses, then a read-back that
    // reports the object unchanged (no duplicate, no false "created"), which tests counting writes would see.
    searchLagMs: 0,
    tagFilter: v12 ? 'any' : 'all',
    unlockedSave: v12 && !v13,
    folderStore: v12 && !v13 ? 'unified' : 'legacy',
    contactPointDeleteIgnoresProvenance: v12 && !v13,
  };
}

export interface Ids {
  /** Dashboards and folders share one id sequence, as they share Grafana's dashboard table. */
  next(kind: 'dashboard' | 'rule' | 'datasource' | 'annotation' | 'version'): number;
  /** A generated uid in the newest shape (§1.3): a-f letter, base36 snowflake-ish id, a-f letter. */
  uid(): string;
  /** A new app-platform resourceVersion: increasing, like unified storage's microsecond snowflakes. */
  rv(): number;
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
  readonly strict: StrictBehaviour;
  readonly now: () => number;
  readonly ids: Ids;
  /** app-platform options (test/emulator/app-platform). */
  readonly appPlatform: AppPlatformOptions;
  /** Another org's store, or undefined when the org does not exist (app-platform namespaces name their org). */
  readonly orgState: (orgId: number) => OrgState | undefined;
  /** Signed in with basic auth: a Grafana server admin, whom the namespace authorizer lets through. */
  readonly grafanaAdmin: boolean;
}

/** What the app-platform routes serve (test/emulator/app-platform/README section in ../README.md). */
export interface AppPlatformOptions {
  /** Serve the app-platform groups at all (false: a Grafana with them turned off; `/apis` lists none). */
  readonly enabled: boolean;
  /** pkg/storage/unified/resource/server.go `List`: `if req.Limit < 1 { req.Limit = 50 }`. */
  readonly defaultPageSize: number;
  /** Same function: `maxPageBytes := 1024 * 1024 * 2`: a page also ends once its items reach this many bytes. */
  readonly maxPageBytes: number;
  /**
   * A classic dashboard save drops app-platform labels/annotations other than folder and message: dashboard_service.go
   * `saveDashboardThroughK8s` sends `LegacySaveCommandToUnstructured`'s fresh object as a whole Update.
   */
  readonly classicSaveDropsMetadata: boolean;
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
