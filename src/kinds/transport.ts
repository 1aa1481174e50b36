import { K2GrafanaError } from '../errors.js';
import { discoverApis, orgNamespace, servedVersion, type ServedApis } from '../grafana/api-discovery.js';
import { AppPlatformForbiddenError, AppPlatformResource } from '../grafana/app-platform-client.js';
import type { HandlerContext, KindHandler } from './kind-handler.js';
import { memo } from './http.js';

/**
 * The one place that decides, per kind and per run, which API a kind speaks: the app-platform resource the kind
 * declares (`KindHandler.appPlatform`) at the first of its acceptable versions the server's `/apis` discovery lists,
 * else the classic API. `--api` (HandlerContext.api) overrides: `classic` never asks; `app-platform` refuses a Grafana
 * that does not serve the kind's resource (exit 3, naming it). Discovery is one request per run (ctx.memo).
 */
export type ApiChoice = 'classic' | 'app-platform' | 'auto';

export const API_CHOICES: readonly ApiChoice[] = ['classic', 'app-platform', 'auto'];

/** Objects asked for per list page. Grafana caps a page itself (docs/app-platform.md); `continue` pages on either way. */
export const APP_PLATFORM_PAGE_SIZE = 500;

/** `--api app-platform` against a Grafana that does not serve a kind's app-platform resource. */
export class ApiMissingError extends K2GrafanaError {
  constructor(message: string, hint: string) {
    super('api-missing', message, hint);
  }
}

const DISCOVERY = 'api-discovery';

function served(ctx: HandlerContext): Promise<ServedApis> {
  return memo(ctx.memo, DISCOVERY, () => discoverApis(ctx.client, ctx.signal));
}

/** The kind's app-platform resource for this run, or undefined when it goes through the classic API. */
export function appPlatformFor(ctx: HandlerContext, handler: KindHandler<any>): Promise<AppPlatformResource | undefined> {
  const declared = handler.appPlatform;
  const choice = ctx.api ?? 'auto';
  if (!declared || choice === 'classic') return Promise.resolve(undefined);
  return memo(ctx.memo, `transport:${handler.kind}`, async () => {
    const apis = await served(ctx);
    const version = servedVersion(apis, declared.group, declared.versions);
    if (version === undefined) {
      if (choice === 'auto') return undefined;
      const offered = apis.groups.get(declared.group);
      throw new ApiMissingError(
        `--api app-platform: ${ctx.client.baseUrl} does not serve ${declared.group} ${declared.versions.join(' or ')} (${handler.kind}s): ` +
          (!apis.answered ? 'it has no app-platform API (/apis answered 404; Grafana 11 and older)' : offered ? `it serves ${declared.group} ${offered.join(', ') || 'with no version'}` : `its /apis lists no ${declared.group}`),
        'Run with --api auto (the classic API where the app-platform one is missing) or --api classic, or upgrade Grafana to 12.x or newer.',
      );
    }
    return new AppPlatformResource(ctx.client, {
      group: declared.group, version, resource: declared.resource, objectKind: declared.objectKind, permissions: declared.permissions,
      namespace: ctx.namespace ?? orgNamespace(ctx.client.orgId), pageSize: APP_PLATFORM_PAGE_SIZE,
    });
  });
}

/**
 * A read of the kind (its listing, one object) on the run's transport. With `auto`, a 403 from the app-platform API
 * moves the kind to the classic API for the rest of the run: a token whose RBAC opens only the classic API (12.x
 * routing trees want `alert.notifications.routes:read` where the classic policy API takes `alert.provisioning:read`;
 * a token of another org without GRAFANA_ORG_ID sees only its own namespace) keeps working as before the
 * app-platform path existed. `--api app-platform` keeps the 403, which names the permission.
 */
export async function readVia<T>(ctx: HandlerContext, handler: KindHandler<any>, appPlatform: (resource: AppPlatformResource) => Promise<T>, classic: () => Promise<T>): Promise<T> {
  const resource = await appPlatformFor(ctx, handler);
  if (!resource) return classic();
  try {
    return await appPlatform(resource);
  } catch (error) {
    if ((ctx.api ?? 'auto') !== 'auto' || !(error instanceof AppPlatformForbiddenError)) throw error;
    ctx.memo.set(`transport:${handler.kind}`, Promise.resolve(undefined));
    ctx.memo.set(`transport-fallback:${handler.kind}`, Promise.resolve(`${resource.apiVersion} refused the token in namespace "${resource.namespace}" (403; it needs ${error.permission} there)`));
    return classic();
  }
}

/** Which API each kind uses this run, for `--verbose` and `--output json`: `classic`, or `<group>/<version>` and the namespace. */
export interface KindApi {
  readonly kind: string;
  readonly api: 'classic' | 'app-platform';
  /** `dashboard.grafana.app/v1beta1` on the app-platform path. */
  readonly apiVersion?: string;
  readonly namespace?: string;
  /** Why a kind `auto` found on the app-platform API went back to the classic one (a 403 there). */
  readonly fallback?: string;
}

/** Asked after the reads, so a kind that fell back (readVia) says so. */
export async function kindApis(ctx: HandlerContext, handlers: readonly KindHandler<any>[]): Promise<KindApi[]> {
  return Promise.all(handlers.map(async (handler) => {
    const resource = await appPlatformFor(ctx, handler);
    if (resource) return { kind: handler.kind, api: 'app-platform' as const, apiVersion: resource.apiVersion, namespace: resource.namespace };
    const fallback = (await ctx.memo.get(`transport-fallback:${handler.kind}`)) as string | undefined;
    return { kind: handler.kind, api: 'classic' as const, ...(fallback ? { fallback } : {}) };
  }));
}

/** One line per kind, e.g. `api: dashboard via dashboard.grafana.app/v1beta1 (namespace default)`. */
export function formatKindApis(apis: readonly KindApi[]): string {
  const via = (a: KindApi): string => (a.api === 'classic' ? `the classic API${a.fallback ? ` (${a.fallback})` : ''}` : `${a.apiVersion} (namespace ${a.namespace})`);
  return apis.map((a) => `api: ${a.kind} via ${via(a)}\n`).join('');
}
