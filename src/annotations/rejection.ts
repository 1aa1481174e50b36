import { isK2GrafanaError } from '../errors.js';

/**
 * Whether an error from the annotation API means "Grafana will never accept this" (drop it to the rejected file)
 * rather than "try again later" (keep it in the journal). Only request-shaped failures are definitive: 400 (bad
 * annotation), 404 (the annotation to patch was deleted), 413/422. Auth failures (401/403) stay in the journal:
 * fixing the token and flushing must deliver them. Connection errors, timeouts, 429 and 5xx are transient.
 */
export function isDefinitiveRejection(error: unknown): boolean {
  const status = statusOf(error);
  return status === 400 || status === 404 || status === 413 || status === 422;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { status?: unknown; response?: { status?: unknown } };
  if (typeof candidate.status === 'number') return candidate.status;
  if (typeof candidate.response?.status === 'number') return candidate.response.status;
  return undefined;
}

/** A one-line reason for reports: the error's own message (typed client errors never carry secrets). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** The error's code (`forbidden`, `unreachable`, ...) when it is one of ours. */
export function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return isK2GrafanaError(error) && typeof code === 'string' ? code : undefined;
}
