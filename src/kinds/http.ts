import { GrafanaApiError } from '../grafana/grafana-errors.js';
import { pathMatches, type RetrySafety } from '../grafana/retry-policy.js';
import type { KindApiCall } from './kind-handler.js';

/** Path segment encoding for uids and rule group titles. */
export const seg = (value: string): string => encodeURIComponent(value);

/** True for a Grafana error with one of the statuses. */
export function hasStatus(error: unknown, ...statuses: number[]): error is GrafanaApiError {
  return error instanceof GrafanaApiError && error.status !== undefined && statuses.includes(error.status);
}

/** Runs `task` once per run and shares the promise (e.g. the alert rule list, read by two handlers). */
export function memo<T>(cache: Map<string, Promise<unknown>>, key: string, task: () => Promise<T>): Promise<T> {
  let hit = cache.get(key) as Promise<T> | undefined;
  if (!hit) {
    hit = task();
    cache.set(key, hit);
  }
  return hit;
}

/** The retry safety a kind declares for one of its calls (`api`), sent with the request so the client follows it. */
export function safetyFor(api: readonly KindApiCall[], method: KindApiCall['method'], path: string): { retrySafety?: RetrySafety } {
  const call = api.find((c) => c.method === method && pathMatches(c.path, path));
  return call ? { retrySafety: call.safety } : {};
}
