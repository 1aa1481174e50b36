/**
 * The one retry policy of the Grafana client, as data. Handlers never retry; the client does, following this file.
 * Backoff is exponential with full jitter (delay = random() * min(maxDelay, base * 2^retry)), Retry-After wins
 * when present (capped), and a total time budget bounds the whole request.
 */

export interface RetryPolicy {
  /** Statuses worth retrying: the request was not processed, or the server/proxy failed transiently. */
  readonly retryStatuses: readonly number[];
  /**
   * Statuses retried on reads only (GET/HEAD): a 500 on a read is most often a transient storage or datasource
   * failure (grafana-http-api.md 14), and re-reading changes nothing; a 500 on a write may mean it was committed,
   * so writes are confirmed by reading back instead (src/apply).
   */
  readonly readRetryStatuses: readonly number[];
  /** Connection errors worth retrying (axios/Node `error.code`). */
  readonly retryErrorCodes: readonly string[];
  /** Errors that prove the request never reached Grafana, so even unsafe writes may be retried. */
  readonly notSentErrorCodes: readonly string[];
  /** Requests sent at most, first one included. @default 6 */
  readonly maxAttempts: number;
  /** First backoff ceiling. @default 200 */
  readonly baseDelayMs: number;
  /** Largest backoff ceiling. @default 5000 */
  readonly maxDelayMs: number;
  /** Largest wait a Retry-After header may impose. @default 30000 */
  readonly retryAfterCapMs: number;
  /** Total time (first request to last retry start) after which no retry is started. @default 60000 */
  readonly budgetMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  retryStatuses: [
    429, // rate limited: Grafana or a proxy refused before handling, and usually says when to come back
    502, // bad gateway: a proxy in front of Grafana could not reach it (restart, rollout)
    503, // unavailable: starting up, database failing (/api/health reports it), storage 503 (§4)
    504, // gateway timeout: proxy or storage timeout (§4 maps storage timeouts to 504)
  ],
  readRetryStatuses: [500],
  retryErrorCodes: [
    'ECONNRESET', // includes "socket hang up": the connection died mid-request
    'ECONNREFUSED', // nothing listening yet (docker compose still starting Grafana)
    'EPIPE',
    'ETIMEDOUT', // our per-request timeout (axios clarifyTimeoutError) or a TCP timeout
    'ECONNABORTED', // axios' timeout code without clarifyTimeoutError
    'EAI_AGAIN', // temporary DNS failure
    'ERR_SOCKET_CONNECTION_TIMEOUT',
  ],
  notSentErrorCodes: ['ECONNREFUSED', 'EAI_AGAIN'],
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  retryAfterCapMs: 30_000,
  budgetMs: 60_000,
};

/**
 * How safe it is to send a request twice.
 * - `idempotent`: sending it twice has the effect of sending it once.
 * - `fixed-uid`: a POST that names the uid of the object it creates: a retry cannot create a second object; after a
 *   lost response it gets 409/412 and the caller reconciles (the error says the write was retried).
 * - `unsafe`: might duplicate; retried only when the request provably did not reach Grafana (connection refused,
 *   429).
 * - `never`: never retried by the client (its caller de-duplicates on its own).
 */
export type RetrySafety = 'idempotent' | 'fixed-uid' | 'unsafe' | 'never';

export interface RetrySafetyRule {
  readonly method: string;
  /** Path pattern, `:x` = one segment. */
  readonly path: string;
  readonly safety: RetrySafety;
  readonly why: string;
}

/**
 * Per-endpoint retry safety for the requests outside the kinds (docs/grafana.md lists every row). Each Grafana kind
 * declares the safety of its own calls in its module (`KindHandler.api`, src/kinds) and sends it with the request.
 * GET/HEAD/PUT/DELETE are idempotent unless listed; an unlisted POST/PATCH is `unsafe`.
 */
export const retrySafetyTable: readonly RetrySafetyRule[] = [
  { method: 'POST', path: '/api/annotations', safety: 'never', why: 'each POST adds an annotation; the annotation emitter de-duplicates by its event tag' },
  { method: 'POST', path: '/api/annotations/graphite', safety: 'never', why: 'each POST adds an annotation' },
  { method: 'PATCH', path: '/api/annotations/:id', safety: 'idempotent', why: 'sets the given fields' },
];

/** True when `path` (query ignored) fits `pattern`, where `:x` stands for one segment. */
export function pathMatches(pattern: string, path: string): boolean {
  const a = pattern.split('/');
  const b = path.split('?')[0].replace(/\/+$/, '').split('/');
  return a.length === b.length && a.every((seg, i) => seg.startsWith(':') || seg === b[i]);
}

/** The retry safety of one request, from the table above. */
export function retrySafetyOf(method: string, path: string): RetrySafety {
  const m = method.toUpperCase();
  const rule = retrySafetyTable.find((r) => r.method === m && pathMatches(r.path, path));
  if (rule) return rule.safety;
  return m === 'POST' || m === 'PATCH' ? 'unsafe' : 'idempotent';
}

/** Retry-After as milliseconds from `nowMs`: delta-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** Full-jitter backoff for the n-th retry (0-based). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

export interface RetryContext {
  /** Requests already sent (>= 1). */
  readonly attempts: number;
  readonly status?: number;
  readonly errorCode?: string;
  readonly retryAfter?: string;
  readonly safety: RetrySafety;
  /** The request is a read (GET/HEAD): `readRetryStatuses` apply too. */
  readonly read?: boolean;
  /** Milliseconds since the first request started. */
  readonly elapsedMs: number;
  readonly nowMs: number;
}

export type RetryDecision = { retry: false; reason: string } | { retry: true; delayMs: number; reason: string };

/** Decides whether to retry after a failed attempt, and after how long. Pure. */
export function decideRetry(ctx: RetryContext, policy: RetryPolicy, random: () => number): RetryDecision {
  const cause = ctx.status !== undefined ? String(ctx.status) : (ctx.errorCode ?? 'error');
  const retriable = ctx.status !== undefined
    ? policy.retryStatuses.includes(ctx.status) || (ctx.read === true && (policy.readRetryStatuses ?? []).includes(ctx.status))
    : policy.retryErrorCodes.includes(ctx.errorCode ?? '');
  if (!retriable) return { retry: false, reason: `${cause} is not retried` };
  if (ctx.safety === 'never') return { retry: false, reason: `${cause}: this request is never retried` };
  const provablyNotSent = ctx.status === 429 || policy.notSentErrorCodes.includes(ctx.errorCode ?? '');
  if (ctx.safety === 'unsafe' && !provablyNotSent) return { retry: false, reason: `${cause}: not retried, a retry could duplicate this write` };
  if (ctx.attempts >= policy.maxAttempts) return { retry: false, reason: `${cause}: gave up after ${ctx.attempts} attempts` };
  const after = parseRetryAfter(ctx.retryAfter, ctx.nowMs);
  const delayMs = after !== undefined ? Math.min(after, policy.retryAfterCapMs) : backoffDelay(ctx.attempts - 1, policy, random);
  if (ctx.elapsedMs + delayMs > policy.budgetMs) return { retry: false, reason: `${cause}: retry budget of ${policy.budgetMs} ms used up` };
  return { retry: true, delayMs, reason: `${cause}: retrying in ${delayMs} ms` };
}
