import pLimit from 'p-limit';
import type { GrafanaClient } from '../grafana/index.js';
import type { HandlerContext } from './kind-handler.js';
import type { ApiChoice } from './transport.js';

export interface HandlerContextOptions {
  readonly client: GrafanaClient;
  readonly owner: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads in flight at once. @default 8 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** Which API kinds with an app-platform resource use. @default 'auto' */
  readonly api?: ApiChoice;
  /** App-platform namespace (Grafana Cloud: `stacks-<id>`). @default from the client's org */
  readonly namespace?: string;
  /** Leave app-platform-managed dashboards and folders editable in the UI. @default false */
  readonly editableDashboards?: boolean;
}

/** One run's context: the client, the owner, the environment for secrets, a shared read limit and a per-run cache. */
export function createHandlerContext(options: HandlerContextOptions): HandlerContext {
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  return {
    client: options.client,
    owner: options.owner,
    env: options.env ?? {},
    limit: (task) => limit(task),
    memo: new Map(),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.api ? { api: options.api } : {}),
    ...(options.namespace ? { namespace: options.namespace } : {}),
    ...(options.editableDashboards ? { editableDashboards: true } : {}),
  };
}
