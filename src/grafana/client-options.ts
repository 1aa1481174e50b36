import { UsageError } from '../errors.js';
import type { RetryPolicy } from './retry-policy.js';

/** A request still waiting on Grafana: for progress lines. */
export interface RequestWait {
  readonly method: string;
  /** Path with query, redacted. */
  readonly path: string;
  /** Since the request's first attempt started. */
  readonly elapsedMs: number;
  readonly attempt: number;
  /** The per-request timeout and the retry budget in force. */
  readonly timeoutMs: number;
  readonly budgetMs: number;
  /** Set while sleeping before a retry: why, and for how long. */
  readonly retrying?: { readonly reason: string; readonly delayMs: number };
}

/** Everything the Grafana client needs; `clientOptionsFromEnv` builds it from GRAFANA_* variables. */
export interface GrafanaClientOptions {
  /** Grafana base URL (a sub-path is kept). @default 'http://localhost:3000' */
  readonly url?: string;
  /** Service-account token, sent as `Authorization: Bearer`. Wins over user/password. */
  readonly token?: string;
  /** Basic-auth user and password. */
  readonly user?: string;
  readonly password?: string;
  /** Sent as `X-Grafana-Org-Id`; the token's / user's default org when absent. */
  readonly orgId?: number;
  /** PEM file of the CA that signed Grafana's certificate. */
  readonly caFile?: string;
  /** PEM text of that CA (instead of caFile). */
  readonly ca?: string;
  /** Skip TLS certificate verification. Explicit only; never the default. @default false */
  readonly insecure?: boolean;
  /**
   * Proxy: `'env'` uses HTTP(S)_PROXY / NO_PROXY from the environment (axios' own handling), `false` connects
   * directly, or an explicit proxy. @default 'env'
   */
  readonly proxy?: 'env' | false | { protocol?: string; host: string; port: number; auth?: { username: string; password: string } };
  /** Per-request timeout (GRAFANA_TIMEOUT, in seconds). @default 30000 */
  readonly timeoutMs?: number;
  /**
   * Called once a request has waited `progressAfterMs` without an answer, then every `progressAfterMs`, and when
   * a retry waits (`--verbose` aside, the CLI shows it on a terminal): the user sees what is being waited on.
   */
  readonly onWait?: (wait: RequestWait) => void;
  /** @default 5000 */
  readonly progressAfterMs?: number;
  /** Overrides of the retry policy (e.g. `{ maxAttempts: 1 }` disables retries). */
  readonly retry?: Partial<RetryPolicy>;
  /** Injected side effects, for tests. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Receives one redacted line per request, response and retry (`--verbose`). */
  readonly log?: (line: string) => void;
  /** Extra headers on every request (values are never logged). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly userAgent?: string;
}

export const defaultGrafanaUrl = 'http://localhost:3000';

/** Reads GRAFANA_URL, GRAFANA_TOKEN, GRAFANA_USER, GRAFANA_PASSWORD, GRAFANA_ORG_ID, GRAFANA_CA_FILE, GRAFANA_INSECURE, GRAFANA_TIMEOUT, GRAFANA_RETRY_BUDGET. */
export function clientOptionsFromEnv(env: Readonly<Record<string, string | undefined>>, overrides: Partial<GrafanaClientOptions> = {}): GrafanaClientOptions {
  const org = nonEmpty(env.GRAFANA_ORG_ID);
  const orgId = org === undefined ? undefined : Number(org);
  if (orgId !== undefined && (!Number.isInteger(orgId) || orgId < 1)) {
    throw new UsageError(`GRAFANA_ORG_ID must be a positive integer, got "${org}"`, 'Set GRAFANA_ORG_ID to the numeric id of the Grafana organisation (1 is the default org), or unset it.');
  }
  const timeoutMs = secondsFromEnv(env, 'GRAFANA_TIMEOUT', 'the per-request timeout; default 30');
  const budgetMs = secondsFromEnv(env, 'GRAFANA_RETRY_BUDGET', 'the time all retries of one request may take; default 60');
  return {
    url: nonEmpty(env.GRAFANA_URL) ?? defaultGrafanaUrl,
    token: nonEmpty(env.GRAFANA_TOKEN),
    user: nonEmpty(env.GRAFANA_USER),
    password: env.GRAFANA_PASSWORD === undefined || env.GRAFANA_PASSWORD === '' ? undefined : env.GRAFANA_PASSWORD,
    orgId,
    caFile: nonEmpty(env.GRAFANA_CA_FILE),
    insecure: booleanFromEnv(env, 'GRAFANA_INSECURE'),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(budgetMs !== undefined ? { retry: { budgetMs } } : {}),
    ...overrides,
    // An override's retry settings add to the environment's budget rather than dropping it.
    ...(budgetMs !== undefined && overrides.retry ? { retry: { budgetMs, ...overrides.retry } } : {}),
  };
}

/** Longest wait a setting in seconds may ask for: a day (a larger one is a typo, and overflows Node's timers). */
export const MAX_WAIT_SECONDS = 86_400;

/** A positive number of seconds from the environment, as milliseconds; a bad value is a usage error naming the variable. */
export function secondsFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, what: string): number | undefined {
  const text = nonEmpty(env[name]);
  if (text === undefined) return undefined;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_WAIT_SECONDS) {
    throw new UsageError(`${name} must be a number of seconds above 0 and at most ${MAX_WAIT_SECONDS}, got "${text}"`, `Set ${name} (${what}) to e.g. 90, or unset it.`);
  }
  return Math.round(seconds * 1000);
}

function booleanFromEnv(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const text = nonEmpty(env[name]);
  if (text === undefined) return false;
  if (/^(1|true|yes|on)$/i.test(text.trim())) return true;
  if (/^(0|false|no|off)$/i.test(text.trim())) return false;
  throw new UsageError(`${name} must be 1/true/yes or 0/false/no, got "${text}"`, `Set ${name}=1 to skip TLS verification (tests only), or unset it.`);
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}
