import { K2GrafanaError, type ErrorCode } from '../errors.js';
import { permissionsFor } from './permissions.js';

/**
 * Typed errors for everything that can go wrong talking to Grafana. Each carries the request (method, path),
 * Grafana's status and message, and a hint saying what to check. Messages are built from redacted text only
 * (see redact.ts); the Authorization header, token, password and contact-point settings never reach them.
 */

export interface GrafanaErrorDetails {
  readonly method: string;
  /** Request path (with query), e.g. `/api/dashboards/uid/checkout-overview`. */
  readonly path: string;
  /** HTTP status; undefined when no response arrived. */
  readonly status?: number;
  /** Grafana's `message` (redacted), or the response text when it sent no JSON. */
  readonly grafanaMessage?: string;
  /** Grafana's `status` field of dashboard errors, e.g. `version-mismatch`, `not-found`. */
  readonly grafanaStatus?: string;
  /** errutil `messageId`, e.g. `api-key.invalid`, `alerting.provenanceMismatch`. */
  readonly messageId?: string;
  /** The redacted response body as text (for --verbose and reports). */
  readonly body?: string;
  /** How many requests were sent (1 = no retry). */
  readonly attempts: number;
  /** What the request was about, e.g. `dashboard "Checkout"`; named first in the message. */
  readonly subject?: string;
  /** Low-level error code for connection failures (ECONNREFUSED, ETIMEDOUT, ...). */
  readonly errorCode?: string;
}

/** Base of every error a Grafana request raises. */
export class GrafanaApiError extends K2GrafanaError {
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly grafanaMessage?: string;
  readonly grafanaStatus?: string;
  readonly messageId?: string;
  readonly body?: string;
  readonly attempts: number;
  readonly subject?: string;
  readonly errorCode?: string;

  constructor(code: ErrorCode, details: GrafanaErrorDetails, hint: string, summary?: string) {
    const what = details.subject ? `${details.subject}: ` : '';
    const status = details.status === undefined ? '' : ` -> ${details.status}`;
    const said = summary ?? (details.grafanaMessage ? `: ${details.grafanaMessage}` : '');
    const retried = details.attempts > 1 ? ` (after ${details.attempts} attempts)` : '';
    super(code, `${what}${details.method} ${details.path}${status}${said}${retried}`, hint);
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.grafanaMessage = details.grafanaMessage;
    this.grafanaStatus = details.grafanaStatus;
    this.messageId = details.messageId;
    this.body = details.body;
    this.attempts = details.attempts;
    this.subject = details.subject;
    this.errorCode = details.errorCode;
  }

  /** A plain, secret-free object for `--output json`. */
  toJSON(): Record<string, unknown> {
    return {
      code: this.code, message: this.message, hint: this.hint, method: this.method, path: this.path,
      status: this.status, grafanaMessage: this.grafanaMessage, messageId: this.messageId, attempts: this.attempts,
    };
  }
}

/** Connection error codes that mean "no answer in time" (our per-request timeout, or TCP's). */
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'ERR_SOCKET_CONNECTION_TIMEOUT']);

/** True for a connection error code that means the request timed out. */
export function isTimeoutCode(code: string | undefined): boolean {
  return TIMEOUT_CODES.has(code ?? '');
}
/** Connection error codes of a TLS handshake that failed verification. */
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|DEPTH_ZERO/;

/**
 * No response: connection refused / reset, DNS failure, TLS failure or timeout. The hint names settings every verb
 * has (environment variables), never a flag: the CLI adds flag advice for the verb at hand (src/cli/hints.ts).
 */
export class GrafanaUnreachableError extends GrafanaApiError {
  constructor(details: GrafanaErrorDetails, baseUrl: string) {
    const code = details.errorCode ?? '';
    const hint = isTimeoutCode(code)
      ? `Grafana at ${baseUrl} did not answer in time: check it and the network path to it; GRAFANA_TIMEOUT (seconds per request) and GRAFANA_RETRY_BUDGET (seconds for all retries of one request) allow longer waits.`
      : TLS_CODE.test(code)
        ? `The TLS certificate of ${baseUrl} was not accepted: set GRAFANA_CA_FILE to the PEM file of the CA that signed it (GRAFANA_INSECURE=1 skips verification, for tests only).`
        : `Check that Grafana is running and reachable at ${baseUrl} (GRAFANA_URL, or the context's url; \`docker compose up -d\` starts one locally).`;
    super('unreachable', details, hint, `: Grafana unreachable (${details.errorCode ?? 'no response'}${details.grafanaMessage ? `: ${details.grafanaMessage}` : ''})`);
  }
}

/**
 * A 2xx/3xx answer that is not Grafana's: an HTML sign-in page of an SSO proxy, a catch-all `"ok"`, JSON of another
 * shape (response-shape.ts). Nothing in it is trusted; the request counts as not delivered.
 */
export class NotGrafanaError extends GrafanaApiError {
  /** What arrived instead, in a few words (never the body). */
  readonly answered: string;
  constructor(details: GrafanaErrorDetails, baseUrl: string, answered: string) {
    super(
      'unreachable',
      details,
      `${baseUrl} does not look like Grafana's API. Check the URL (GRAFANA_URL or the context's url): it must be Grafana's base URL, ` +
        'with its sub-path when Grafana is served under one (e.g. https://example.com/grafana); an SSO or auth proxy in front of it must let API requests with a token through.',
      `: this is not Grafana's API (it answered ${answered})`,
    );
    this.answered = answered;
  }
}

/** 401: missing, invalid, expired or revoked credentials, or a token used against another org. */
export class UnauthorizedError extends GrafanaApiError {
  constructor(details: GrafanaErrorDetails) {
    const byId: Record<string, string> = {
      'auth.unauthorized': 'No credentials were accepted: set GRAFANA_TOKEN (a service-account token) or GRAFANA_USER/GRAFANA_PASSWORD.',
      'api-key.invalid': 'GRAFANA_TOKEN is not a valid token for this Grafana: create a service-account token and set GRAFANA_TOKEN.',
      'api-key.expired': 'GRAFANA_TOKEN has expired: create a new service-account token.',
      'api-key.revoked': 'GRAFANA_TOKEN was revoked: create a new service-account token.',
      'api-key.organization-mismatch': 'The token belongs to another organisation: fix GRAFANA_ORG_ID or use a token of that org.',
      'password-auth.failed': 'GRAFANA_USER/GRAFANA_PASSWORD were rejected: check them.',
      'password-auth.invalid': 'GRAFANA_USER/GRAFANA_PASSWORD were rejected: check them.',
    };
    super(
      'unauthorized',
      details,
      byId[details.messageId ?? ''] ?? 'Check GRAFANA_TOKEN (service-account token) or GRAFANA_USER/GRAFANA_PASSWORD, and GRAFANA_ORG_ID.',
    );
  }
}

/** 403: the credentials work but lack a permission (RBAC), or provenance forbids the change. */
export class ForbiddenError extends GrafanaApiError {
  /** The permission Grafana named, e.g. `dashboards:write`; undefined when it named none. */
  readonly permission?: string;
  constructor(details: GrafanaErrorDetails) {
    const permission = /Permissions needed: (.+)$/.exec(details.grafanaMessage ?? '')?.[1]?.trim();
    // Some 403s come from a handler's own check and name nothing ("Access denied to save dashboard"): name what
    // the request can need, from Grafana's route permissions (permissions.ts).
    const candidates = permission ? [] : permissionsFor(details.method, details.path);
    const table = 'README, "Permissions a CI token needs", lists what each verb needs';
    super(
      'forbidden',
      details,
      permission
        ? `Grant the service account the permission ${permission} (${table}) and retry.`
        : candidates.length > 0
          ? `The service account lacks a permission this request needs: ${candidates.join(' or ')} (${table}).`
          : `The credentials lack a permission for this request (${table}), ` +
            'or the object\'s provenance forbids the change (objects provisioned from files cannot be changed via the API).',
    );
    this.permission = permission;
  }
}

/** 404. At one of the API's fixed paths (`/api/health`, `/api/search`, ...) it means a wrong base URL, not a missing object. */
export class NotFoundError extends GrafanaApiError {
  constructor(details: GrafanaErrorDetails, atRoot = false) {
    super(
      'not-found',
      details,
      atRoot
        ? 'Grafana\'s API is not at this URL: check GRAFANA_URL (or the context\'s url) and its sub-path (Grafana served under /grafana needs https://host/grafana).'
        : 'The object does not exist (any more) in this Grafana org: check the uid, folder and GRAFANA_ORG_ID.',
    );
  }
}

/** 409: a conflicting object (same uid/name) or a lost optimistic-lock race. */
export class ConflictError extends GrafanaApiError {
  constructor(details: GrafanaErrorDetails, code: 'conflict' | 'version-mismatch' = 'conflict', hint?: string) {
    super(
      code,
      details,
      hint ??
        (details.attempts > 1
          ? 'A retried write may have succeeded the first time: read the object back before writing again.'
          : 'Another object with the same uid or name exists, or someone changed it concurrently: re-read and retry.'),
    );
  }
}

/** 412: the object changed since it was read (dashboard/folder version mismatch). */
export class VersionMismatchError extends ConflictError {
  constructor(details: GrafanaErrorDetails) {
    super(
      details,
      'version-mismatch',
      details.attempts > 1
        ? 'A retried save may have been applied the first time: read the object back and compare before saving again.'
        : 'Someone changed it in Grafana since it was read: run the diff to see their change, then re-run (or force).',
    );
  }
}

/** 400/413/422: Grafana rejected the request content. */
export class GrafanaValidationError extends GrafanaApiError {
  constructor(details: GrafanaErrorDetails) {
    super('validation', details, 'Grafana rejected the content: fix the definition named above (see Grafana\'s message) and regenerate.');
  }
}

/** 5xx (and 429 once retries are exhausted). */
export class ServerError extends GrafanaApiError {
  constructor(details: GrafanaErrorDetails) {
    super(
      'server-error',
      details,
      details.status === 429
        ? 'Grafana kept rate-limiting the requests: send fewer at once, or retry later.'
        : 'Grafana failed internally: check the Grafana server log for this request, then retry.',
    );
  }
}

/** Picks the error class for an HTTP status; `atRoot` when the path is one of the API's fixed paths. */
export function errorForStatus(details: GrafanaErrorDetails, atRoot = false): GrafanaApiError {
  const status = details.status ?? 0;
  if (status === 401) return new UnauthorizedError(details);
  if (status === 403) return new ForbiddenError(details);
  if (status === 404) return new NotFoundError(details, atRoot);
  if (status === 409) return new ConflictError(details);
  if (status === 412) return new VersionMismatchError(details);
  if (status >= 400 && status < 500 && status !== 429) return new GrafanaValidationError(details);
  return new ServerError(details);
}
