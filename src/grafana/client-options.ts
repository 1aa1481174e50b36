import { UsageError } from '../errors.js';
import type { RetryPolicy } from './retry-policy.js';

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
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
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

/** Reads GRAFANA_URL, GRAFANA_TOKEN, GRAFANA_USER, GRAFANA_PASSWORD, GRAFANA_ORG_ID, GRAFANA_CA_FILE, GRAFANA_INSECURE. */
export function clientOptionsFromEnv(env: Readonly<Record<string, string | undefined>>, overrides: Partial<GrafanaClientOptions> = {}): GrafanaClientOptions {
  const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v);
  const org = nonEmpty(env.GRAFANA_ORG_ID);
  const orgId = org === undefined ? undefined : Number(org);
  if (orgId !== undefined && (!Number.isInteger(orgId) || orgId < 1)) {
    throw new UsageError(`GRAFANA_ORG_ID must be a positive integer, got "${org}"`, 'Set GRAFANA_ORG_ID to the numeric id of the Grafana organisation (1 is the default org), or unset it.');
  }
  const insecure = nonEmpty(env.GRAFANA_INSECURE);
  return {
    url: nonEmpty(env.GRAFANA_URL) ?? defaultGrafanaUrl,
    token: nonEmpty(env.GRAFANA_TOKEN),
    user: nonEmpty(env.GRAFANA_USER),
    password: env.GRAFANA_PASSWORD === undefined || env.GRAFANA_PASSWORD === '' ? undefined : env.GRAFANA_PASSWORD,
    orgId,
    caFile: nonEmpty(env.GRAFANA_CA_FILE),
    insecure: insecure !== undefined && /^(1|true|yes)$/i.test(insecure),
    ...overrides,
  };
}
