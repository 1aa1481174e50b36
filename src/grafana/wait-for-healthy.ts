import type { GrafanaClient } from './grafana-client.js';
import { GrafanaApiError, GrafanaUnreachableError } from './grafana-errors.js';

/** GET /api/health body (grafana-http-api.md §2). */
export interface GrafanaHealth {
  readonly database: string;
  readonly version?: string;
  readonly commit?: string;
}

export interface WaitForHealthyOptions {
  /** Give up after this long. @default 120000 */
  readonly timeoutMs?: number;
  /** Pause between polls. @default 1000 */
  readonly intervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  /** Called after each failed poll, e.g. to print "waiting for Grafana". */
  readonly onWait?: (reason: string) => void;
  readonly signal?: AbortSignal;
}

/** One unauthenticated health check, without retries. */
export async function grafanaHealth(client: GrafanaClient, signal?: AbortSignal): Promise<GrafanaHealth> {
  return client.get<GrafanaHealth>('/api/health', { retrySafety: 'never', signal, timeoutMs: 10_000 });
}

/**
 * Polls /api/health until Grafana answers 200 with `database: ok` (docker compose starts Grafana slowly), then
 * returns the health body. Throws the last GrafanaUnreachableError / ServerError when the time is up.
 */
export async function waitForHealthy(client: GrafanaClient, options: WaitForHealthyOptions = {}): Promise<GrafanaHealth> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const intervalMs = options.intervalMs ?? 1_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const deadline = now() + timeoutMs;
  for (;;) {
    let last: unknown;
    try {
      const health = await grafanaHealth(client, options.signal);
      if (health?.database === 'ok') return health;
      last = new Error(`database: ${String(health?.database)}`);
    } catch (err) {
      if (!(err instanceof GrafanaApiError)) throw err;
      if (!(err instanceof GrafanaUnreachableError) && err.status !== undefined && err.status < 500) throw err;
      last = err;
    }
    if (now() + intervalMs > deadline) {
      if (last instanceof GrafanaApiError) throw last;
      throw new GrafanaUnreachableError(
        { method: 'GET', path: '/api/health', attempts: 1, errorCode: 'unhealthy', grafanaMessage: String((last as Error).message) },
        client.baseUrl,
      );
    }
    options.onWait?.(last instanceof Error ? last.message : String(last));
    await sleep(intervalMs);
  }
}
