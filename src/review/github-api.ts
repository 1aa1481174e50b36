import { K2GrafanaError } from '../errors.js';

/**
 * The few GitHub REST calls the PR workflow needs, over the platform's fetch. Base URL, token and fetch are
 * injected (GitHub Enterprise serves the API under `https://host/api/v3`; tests use a loopback stub).
 * The token only ever goes to the base URL's origin and never into messages.
 */

export interface GitHubApiOptions {
  /** `https://api.github.com`, or `$GITHUB_API_URL` in Actions (GitHub Enterprise: `https://host/api/v3`). */
  readonly apiUrl: string;
  readonly token: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** Per-request timeout. @default 30000 */
  readonly timeoutMs?: number;
  /** @default 'k2-grafana' (GitHub rejects requests without a User-Agent) */
  readonly userAgent?: string;
  /** Attempts per request, counting the first (see retryDelay for which failures are retried). @default 3 */
  readonly attempts?: number;
  /** Waits between attempts; injected so tests do not wait. @default setTimeout-based */
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Longest wait a Retry-After header may ask for; a longer one fails the request instead of stalling the job. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long to wait before retrying a failed response, or undefined to give up. Retried:
 * - 429, and 403 with Retry-After (GitHub's secondary rate limit): the request was refused, not processed, so
 *   even a POST is safe to repeat.
 * - 502/503/504 for GET and PATCH only: a POST may have created the comment before the gateway failed, and
 *   repeating it would post a second comment; PATCH writes the same body again, which is harmless.
 */
export function retryDelay(method: string, status: number, retryAfter: string | null, attempt: number): number | undefined {
  const rateLimited = status === 429 || (status === 403 && retryAfter !== null);
  const gateway = (status === 502 || status === 503 || status === 504) && method !== 'POST';
  if (!rateLimited && !gateway) return undefined;
  const seconds = retryAfter !== null ? Number(retryAfter) : Number.NaN;
  const delay = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000 * 2 ** (attempt - 1);
  return delay <= MAX_RETRY_AFTER_MS ? delay : undefined;
}

/** A GitHub API call that failed; names the call and says what to do, never carries the token. */
export class GitHubApiError extends K2GrafanaError {
  readonly method: string;
  readonly path: string;
  /** HTTP status, or 0 when no response arrived. */
  readonly status: number;

  constructor(method: string, path: string, status: number, detail: string, hint: string) {
    super('unreachable', `GitHub API ${method} ${path} failed${status ? ` with ${status}` : ''}: ${detail}`, hint);
    this.method = method;
    this.path = path;
    this.status = status;
  }
}

export interface GitHubResponse<T> {
  readonly data: T;
  /** The absolute URL of the next page (from the `Link` header), if any. */
  readonly next?: string;
}

export interface GitHubApi {
  /** `target` is a path under the base URL (`/repos/o/r/...`) or an absolute URL the API itself handed out. */
  request<T>(method: 'GET' | 'POST' | 'PATCH', target: string, body?: unknown): Promise<GitHubResponse<T>>;
}

export function createGitHubApi(options: GitHubApiOptions): GitHubApi {
  const base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
  const doFetch = options.fetch ?? globalThis.fetch;
  const redact = (text: string): string => (options.token ? text.split(options.token).join('***') : text);

  return {
    async request<T>(method: 'GET' | 'POST' | 'PATCH', target: string, body?: unknown): Promise<GitHubResponse<T>> {
      const url = resolve(base, target);
      const path = url.pathname + url.search;
      if (url.origin !== base.origin) {
        // Pagination links come from the server; following one elsewhere would hand the token to that host.
        throw new GitHubApiError(method, path, 0, `refusing to send the token to ${url.origin} (the API is at ${base.origin})`, 'Check GITHUB_API_URL.');
      }
      const attempts = Math.max(1, options.attempts ?? 3);
      const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
      let response: Response;
      for (let attempt = 1; ; attempt++) {
        response = await send(url, method, path, body);
        if (response.ok || attempt >= attempts) break;
        const delay = retryDelay(method, response.status, response.headers.get('retry-after'), attempt);
        if (delay === undefined) break;
        await response.arrayBuffer().catch(() => undefined); // drain, so the connection can be reused
        await sleep(delay);
      }
      const text = await response.text();
      if (!response.ok) {
        throw new GitHubApiError(method, path, response.status, redact(githubMessage(text) ?? response.statusText), hintFor(response.status));
      }
      let data: T;
      try {
        data = (text === '' ? undefined : JSON.parse(text)) as T;
      } catch {
        throw new GitHubApiError(method, path, response.status, 'the response is not JSON', `Check that ${base.href} is a GitHub REST API base URL.`);
      }
      const next = nextLink(response.headers.get('link'));
      return next === undefined ? { data } : { data, next };
    },
  };

  async function send(url: URL, method: string, path: string, body: unknown): Promise<Response> {
    try {
      return await doFetch(url, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${options.token}`,
          'x-github-api-version': '2022-11-28',
          'user-agent': options.userAgent ?? 'k2-grafana',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new GitHubApiError(method, path, 0, redact(detail), `Check that ${base.origin} is reachable from this machine.`);
    }
  }
}

function resolve(base: URL, target: string): URL {
  if (/^https?:\/\//i.test(target)) return new URL(target);
  return new URL(target.replace(/^\//, ''), base);
}

/** GitHub's error bodies are `{ "message": "...", "documentation_url": "..." }`. */
function githubMessage(text: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string') {
      return (parsed as { message: string }).message;
    }
  } catch {
    // not JSON: fall through to the status text
  }
  return undefined;
}

function hintFor(status: number): string {
  switch (status) {
    case 401:
      return 'The token was rejected: check that GITHUB_TOKEN is set to a valid token.';
    case 403:
      return 'The token may not write comments: give the job `permissions: pull-requests: write` (pull requests from forks get a read-only token), or wait if this is a rate limit.';
    case 404:
      return 'Check the repository (owner/name) and the pull request number, and that the token can see the repository.';
    case 429:
      return 'GitHub rate-limited the token; re-run the job later.';
    case 422:
      return 'GitHub rejected the comment body; it may be too long.';
    default:
      return status >= 500 ? 'GitHub had an internal error; re-run the job.' : 'See the message from GitHub above.';
  }
}

/** `<https://...?page=2>; rel="next", <https://...?page=5>; rel="last"` -> the next URL. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m && m[2]!.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
}
