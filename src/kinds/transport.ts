import { K2GrafanaError } from '../errors.js';
import { discoverApis, orgNamespace, servedVersion, type ServedApis } from '../grafana/api-discovery.js';
import { AppPlatformResource } from '../grafana/app-platform-client.js';
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

/** Which API each kind uses this run, for `--verbose` and `--output json`: `classic`, or `<group>/<version>` and the namespace. */
export interface KindApi {
  readonly kind: string;
  readonly api: 'classic' | 'app-platform';
  /** `dashboard.grafana.app/v1beta1` on the app-platform path. */
  readonly apiVersion?: string;
  readonly namespace?: string;
}

export async function kindApis(ctx: HandlerContext, handlers: readonly KindHandler<any>[]): Promise<KindApi[]> {
  return Promise.all(handlers.map(async (handler) => {
    const resource = await appPlatformFor(ctx, handler);
    return resource ? { kind: handler.kind, api: 'app-platform' as const, apiVersion: resource.apiVersion, namespace: resource.namespace } : { kind: handler.kind, api: 'classic' as const };
  }));
}

/** One line per kind, e.g. `api: dashboard via dashboard.grafana.app/v1beta1 (namespace default)`. */
export function formatKindApis(apis: readonly KindApi[]): string {
  return apis.map((a) => `api: ${a.kind} via ${a.api === 'classic' ? 'the classic API' : `${a.apiVersion} (namespace ${a.namespace})`}\n`).join('');
}
