import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type Method } from 'axios';
import { NoInputError, UsageError } from '../errors.js';
import { defaultGrafanaUrl, type GrafanaClientOptions, type RequestWait } from './client-options.js';
import { errorForStatus, GrafanaApiError, GrafanaUnreachableError, NotGrafanaError, type GrafanaErrorDetails } from './grafana-errors.js';
import { isRootEndpoint, notGrafanaReason } from './response-shape.js';
import { redact, secretsIn } from './redact.js';
import { decideRetry, defaultRetryPolicy, retrySafetyOf, type RetryPolicy, type RetrySafety } from './retry-policy.js';

export type QueryValue = string | number | boolean | undefined | readonly (string | number | boolean)[];

export interface GrafanaRequest {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/api/folders`. */
  readonly path: string;
  /** Query parameters; arrays repeat the key (`tag=a&tag=b`). */
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  readonly body?: unknown;
  /** Extra headers for this request, e.g. `{ 'X-Disable-Provenance': 'true' }`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Overrides the client's per-request timeout. */
  readonly timeoutMs?: number;
  /** Overrides the retry safety from retry-policy.ts (e.g. 'never'). */
  readonly retrySafety?: RetrySafety;
  /** Named in error messages, e.g. `dashboard "Checkout" (checkout-overview)`. */
  readonly subject?: string;
  readonly signal?: AbortSignal;
  /** Accept header; JSON by default. */
  readonly accept?: string;
}

export interface GrafanaResponse<T> {
  readonly status: number;
  /** Parsed JSON, the text for non-JSON responses, undefined for an empty body. */
  readonly data: T;
  readonly headers: Readonly<Record<string, string>>;
  readonly attempts: number;
}

export type RequestOptions = Omit<GrafanaRequest, 'method' | 'path' | 'body'>;

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A body with settings that may hold secrets (a contact point's `settings`, a datasource's `secureJsonData`). */
function carriesSettings(body: unknown): boolean {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return false;
  return 'settings' in body || 'secureJsonData' in body || 'secureSettings' in body;
}

function parseBody(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (/json/i.test(contentType) || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * The Grafana HTTP client: auth, org header, TLS, proxy, per-request timeout, the retry policy and typed errors.
 * One instance per Grafana; safe to share between concurrent requests.
 */
export class GrafanaClient {
  readonly baseUrl: string;
  /** The org the requests act in (X-Grafana-Org-Id); undefined: the credentials' default org. */
  readonly orgId?: number;
  readonly policy: RetryPolicy;
  private readonly http: AxiosInstance;
  private readonly secrets: readonly string[];
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly logLine?: (line: string) => void;
  private readonly timeoutMs: number;
  private readonly onWait?: (wait: RequestWait) => void;
  private readonly progressAfterMs: number;
  /** Secret settings sent by earlier requests of this client (contact points, datasources), redacted everywhere. */
  private readonly sentSecrets = new Set<string>();

  constructor(options: GrafanaClientOptions = {}) {
    this.baseUrl = (options.url ?? defaultGrafanaUrl).replace(/\/+$/, '');
    this.orgId = options.orgId;
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.logLine = options.log;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.onWait = options.onWait;
    this.progressAfterMs = options.progressAfterMs ?? 5_000;
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': options.userAgent ?? 'k2-grafana', ...options.headers };
    const secrets: string[] = [];
    assertHeaderSafe(options);
    if (options.token) {
      headers.Authorization = `Bearer ${options.token}`;
      secrets.push(options.token);
    } else if (options.user !== undefined && options.password !== undefined) {
      headers.Authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
      secrets.push(`${options.user}:${options.password}`, options.password);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) if (/auth|token|key|cookie/i.test(name)) secrets.push(value);
    if (options.orgId !== undefined) headers['X-Grafana-Org-Id'] = String(options.orgId);
    this.secrets = secrets;
    const ca = options.ca ?? (options.caFile ? readCaFile(options.caFile) : undefined);
    const proxy = options.proxy === undefined || options.proxy === 'env' ? undefined : options.proxy;
    // One pair of keep-alive agents per client, so consecutive requests reuse their connections (Grafana, Go's
    // net/http, keeps idle ones open) instead of paying a TCP (and TLS) handshake each. The options are Node's
    // global agents' (lifo, 5 s idle) plus keep-alive; no socket limit: the caller's concurrency bounds them.
    const agentOptions = { keepAlive: true, scheduling: 'lifo', timeout: 5_000 } as const;
    this.http = axios.create({
      baseURL: this.baseUrl,
      headers,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent({ ...agentOptions, ...(ca !== undefined ? { ca } : {}), ...(options.insecure ? { rejectUnauthorized: false } : {}) }),
      proxy,
      timeout: this.timeoutMs,
      adapter: 'http',
      // Statuses are mapped to typed errors here, not by axios; bodies are parsed here so empty 404s stay empty.
      validateStatus: () => true,
      // Bodies arrive already serialised (request() below); axios' default would JSON.parse each one again to check.
      transformRequest: [(data: unknown) => data],
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      transitional: { clarifyTimeoutError: true, silentJSONParsing: true, forcedJSONParsing: false },
      maxRedirects: 0,
    });
  }

  /** Redacts with this client's credentials (and any extra secrets). */
  redact(input: unknown, extra: readonly string[] = []): string {
    return redact(input, [...this.secrets, ...extra]);
  }

  private log(line: string, extra: () => readonly string[]): void {
    if (this.logLine) this.logLine(this.redact(line, extra()));
  }

  /** Sends one request with the retry policy; resolves for 2xx/3xx, throws a GrafanaApiError otherwise. */
  async request<T = unknown>(req: GrafanaRequest): Promise<GrafanaResponse<T>> {
    const path = `${req.path}${queryString(req.query)}`;
    // The body's secrets matter only for log lines and errors: walked the first time one is written, not per request.
    let found: readonly string[] | undefined;
    // Secrets this client sent earlier count too: Grafana may echo them in any later answer (a list, an error).
    if (carriesSettings(req.body)) for (const secret of secretsIn(req.body)) this.sentSecrets.add(secret);
    const bodySecrets = (): readonly string[] => (found ??= [...secretsIn(req.body), ...this.sentSecrets]);
    const safety = req.retrySafety ?? retrySafetyOf(req.method, req.path);
    // Serialised once, not per attempt.
    const data = req.body === undefined ? undefined : JSON.stringify(req.body);
    const extraHeaders = data === undefined && req.accept === undefined && req.headers === undefined ? undefined : {
      ...(req.accept === undefined ? {} : { Accept: req.accept }),
      ...(data === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...req.headers,
    };
    const started = this.now();
    let attempts = 0;
    for (;;) {
      attempts += 1;
      // Only what differs from the instance's defaults (Accept JSON, the client's timeout): axios merges every key given.
      const config: AxiosRequestConfig = { method: req.method as Method, url: path };
      if (data !== undefined) config.data = data;
      if (extraHeaders) config.headers = extraHeaders;
      if (req.timeoutMs !== undefined) config.timeout = req.timeoutMs;
      if (req.signal) config.signal = req.signal;
      this.log(`-> ${req.method} ${path}${attempts > 1 ? ` (attempt ${attempts})` : ''}`, bodySecrets);
      const sentAt = this.now();
      let status: number | undefined;
      let errorCode: string | undefined;
      let failure: GrafanaApiError;
      let retryAfter: string | undefined;
      try {
        const res = await this.withProgress(this.http.request<string>(config), req.method, path, started, attempts, bodySecrets);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && v !== null) headers[k.toLowerCase()] = String(v);
        const text = typeof res.data === 'string' ? res.data : res.data === undefined ? '' : String(res.data);
        const parsed = parseBody(text, headers['content-type'] ?? '');
        status = res.status;
        this.log(`<- ${res.status} ${req.method} ${path} (${this.now() - sentAt} ms)`, bodySecrets);
        if (res.status < 400) {
          // Checked before it is trusted: a proxy's sign-in page or a catch-all "ok" must not pass for Grafana's answer.
          const notGrafana = notGrafanaReason(req, res.status, text, parsed, headers);
          if (notGrafana === undefined) return { status: res.status, data: parsed as T, headers, attempts };
          throw new NotGrafanaError({ ...this.details(req, path, attempts, bodySecrets(), res.status, undefined, ''), body: undefined }, this.redact(this.baseUrl), notGrafana);
        }
        retryAfter = headers['retry-after'];
        // A 404 that is not Grafana's JSON, or at one of the API's fixed paths, says the base URL is wrong.
        const atRoot = isRootEndpoint(req.method, req.path) || (res.status === 404 && text !== '' && typeof parsed === 'string');
        failure = errorForStatus(this.details(req, path, attempts, bodySecrets(), res.status, parsed, text), atRoot);
      } catch (err) {
        if (req.signal?.aborted) throw err;
        if (err instanceof GrafanaApiError) throw err;
        const ax = err as AxiosError;
        errorCode = ax.code ?? (err as NodeJS.ErrnoException).code ?? 'ERR_UNKNOWN';
        if (/socket hang up/i.test(ax.message ?? '')) errorCode = 'ECONNRESET';
        this.log(`<- ${errorCode} ${req.method} ${path} (${this.now() - sentAt} ms)`, bodySecrets);
        failure = new GrafanaUnreachableError(
          { method: req.method, path: this.redact(path), attempts, subject: req.subject, errorCode, grafanaMessage: this.redact(ax.message ?? '', bodySecrets()) },
          this.redact(this.baseUrl),
        );
      }
      const decision = decideRetry(
        { attempts, status, errorCode, retryAfter, safety, read: req.method === 'GET' || req.method === 'HEAD', elapsedMs: this.now() - started, nowMs: this.now() },
        this.policy,
        this.random,
      );
      if (!decision.retry) {
        if (attempts > 1 || status === undefined || this.policy.retryStatuses.includes(status) || this.policy.readRetryStatuses.includes(status)) this.log(`   ${decision.reason}`, bodySecrets);
        throw failure;
      }
      this.log(`   ${decision.reason}`, bodySecrets);
      if (this.onWait && decision.delayMs >= this.progressAfterMs) {
        this.onWait({ ...this.waitOf(req.method, path, started, attempts, bodySecrets), retrying: { reason: decision.reason, delayMs: decision.delayMs } });
      }
      await this.sleep(decision.delayMs, req.signal);
    }
  }

  private waitOf(method: string, path: string, started: number, attempt: number, extra: () => readonly string[]): RequestWait {
    return { method, path: this.redact(path, extra()), elapsedMs: this.now() - started, attempt, timeoutMs: this.timeoutMs, budgetMs: this.policy.budgetMs };
  }

  /** Reports a request still unanswered after progressAfterMs, and every progressAfterMs after that (real time). */
  private async withProgress<R>(pending: Promise<R>, method: string, path: string, started: number, attempt: number, extra: () => readonly string[]): Promise<R> {
    const onWait = this.onWait;
    if (!onWait) return pending;
    const timer = setInterval(() => onWait(this.waitOf(method, path, started, attempt, extra)), this.progressAfterMs);
    timer.unref();
    try {
      return await pending;
    } finally {
      clearInterval(timer);
    }
  }

  private details(req: GrafanaRequest, path: string, attempts: number, extra: readonly string[], status: number, data: unknown, text: string): GrafanaErrorDetails {
    const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
    const message = typeof obj?.message === 'string' ? obj.message : obj ? undefined : text.trim().slice(0, 500) || undefined;
    return {
      method: req.method,
      path: this.redact(path, extra),
      status,
      grafanaMessage: message === undefined ? undefined : this.redact(message, extra),
      grafanaStatus: typeof obj?.status === 'string' ? obj.status : undefined,
      messageId: typeof obj?.messageId === 'string' ? obj.messageId : undefined,
      body: text === '' ? undefined : this.redact(data ?? text, extra),
      attempts,
      subject: req.subject === undefined ? undefined : this.redact(req.subject, extra),
    };
  }

  async get<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>({ ...options, method: 'GET', path })).data;
  }

  /** GET that resolves `undefined` for 404 (for "does it exist?" reads). */
  async getIfExists<T = unknown>(path: string, options: RequestOptions = {}): Promise<T | undefined> {
    try {
      return await this.get<T>(path, options);
    } catch (err) {
      if (err instanceof GrafanaApiError && err.status === 404) return undefined;
      throw err;
    }
  }

  async post<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>({ ...options, method: 'POST', path, body })).data;
  }

  async put<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>({ ...options, method: 'PUT', path, body })).data;
  }

  async patch<T = unknown>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>({ ...options, method: 'PATCH', path, body })).data;
  }

  async delete<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>({ ...options, method: 'DELETE', path })).data;
  }
}

/** A credential with a newline or control character (a copy-paste slip) cannot go into a header: say so, never echo it. */
function assertHeaderSafe(options: GrafanaClientOptions): void {
  const unsafe = /[^\t\x20-\x7e\x80-\xff]/;
  const named: ReadonlyArray<readonly [string, string | undefined]> = [
    ['the token (GRAFANA_TOKEN, or the context\'s tokenEnv)', options.token],
    ['the user (GRAFANA_USER, or the context\'s userEnv)', options.user],
    ['the password (GRAFANA_PASSWORD, or the context\'s passwordEnv)', options.password],
    ...Object.entries(options.headers ?? {}).map(([name, value]) => [`header ${name}`, value] as const),
  ];
  for (const [what, value] of named) {
    if (value !== undefined && unsafe.test(value)) {
      throw new UsageError(`${what} holds a newline or control character, which an HTTP header cannot carry; nothing was sent`, 'Set it again without the trailing newline (e.g. `export GRAFANA_TOKEN="$(tr -d \'\\n\' < token.txt)"`).');
    }
  }
}

/** The CA file, or a no-input error naming it (a missing file is the user's to fix, not a crash). */
function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new NoInputError(
      `the CA file ${path} (GRAFANA_CA_FILE) cannot be read: ${code}`,
      'Set GRAFANA_CA_FILE to the PEM file of the CA that signed Grafana\'s certificate, or unset it to use the system CAs.',
      { cause: error },
    );
  }
}

export function createGrafanaClient(options: GrafanaClientOptions = {}): GrafanaClient {
  return new GrafanaClient(options);
}
