import { GrafanaApiError } from '../grafana/index.js';

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
