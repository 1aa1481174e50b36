/**
 * A Grafana emulator for tests: an HTTP server on 127.0.0.1 reproducing what ../../../shared/reference
 * grafana-http-api.md (read from Grafana's source) says for the endpoints k2-grafana uses, with an in-memory store,
 * a request log and seeded fault injection. Not shipped. Usage: README.md in this folder.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { authenticate, authorize, type AuthConfig, type TokenSpec } from './auth.js';
import { strictDefaults, type AppPlatformOptions, type EmulatorVersion, type HandlerContext, type Ids, type Route, type StrictBehaviour } from './context.js';
import { createPrng, seedFromEnv } from './prng.js';
import { message, type Reply } from './reply.js';
import { createOrgState, type OrgState } from './state.js';
import { alertRuleRoutes } from './routes/alert-rules.js';
import { appPlatformRoutes } from './routes/app-platform.js';
import { alertmanagerObjectRoutes } from './routes/alertmanager-objects.js';
import { annotationRoutes } from './routes/annotations.js';
import { dashboardRoutes } from './routes/dashboards.js';
import { datasourceRoutes } from './routes/datasources.js';
import { folderRoutes } from './routes/folders.js';
import { frontendSettingsRoutes } from './routes/frontend-settings.js';
import { libraryElementRoutes } from './routes/library-elements.js';
import { notificationRoutes } from './routes/notifications.js';
import { searchRoutes } from './routes/search.js';

export type { AppPlatformOptions, EmulatorVersion, StrictBehaviour } from './context.js';
export { strictDefaults } from './context.js';

export interface EmulatorOptions {
  /** Grafana behaviour to reproduce where versions differ. @default '12.3' */
  readonly version?: EmulatorVersion;
  /** Accepted service-account tokens. @default { [adminToken]: { role: 'Admin' } } */
  readonly tokens?: Readonly<Record<string, TokenSpec>>;
  /** Accepted basic-auth users (Admins of every org). @default { admin: 'admin' } */
  readonly basicAuth?: Readonly<Record<string, string>>;
  /** Organisations that exist. @default [1] */
  readonly orgs?: readonly number[];
  /** Seed of the fault PRNG and the uid generator. @default EMULATOR_SEED or random */
  readonly seed?: number;
  /** Clock for created/updated times and annotation defaults. @default Date.now */
  readonly now?: () => number;
  /** Overrides of the strict behaviours of grafana-http-api.md 14 (defaults by version: `strictDefaults`). */
  readonly strict?: Partial<StrictBehaviour>;
  /** More routes, after Grafana's own (a test's toy kind); each keeps its own state. */
  readonly routes?: readonly Route[];
  /** The app-platform API (`/apis`, README "App-platform"): page size, byte cap, on/off. Defaults: Grafana's. */
  readonly appPlatform?: Partial<AppPlatformOptions>;
}

export interface FaultOptions {
  /** Delay before every response. */
  readonly latencyMs?: number;
  /** Share of requests answered 503 instead of being handled (0..1). */
  readonly errorRate?: number;
  /** Status used for `errorRate`. @default 503 */
  readonly errorStatus?: number;
  /** Share of requests whose connection is destroyed before handling (0..1). */
  readonly resetRate?: number;
  /** Share of requests answered 429 with Retry-After. */
  readonly tooManyRequests?: { readonly rate: number; readonly retryAfterSeconds: number };
  /** Share of successful writes that are applied and then lose their response (socket destroyed). */
  readonly postCommitLossRate?: number;
  /** Only requests whose path starts with one of these are faulted. @default all but /api/health */
  readonly paths?: readonly string[];
  /** Reseeds the fault PRNG. */
  readonly seed?: number;
}

/** A one-shot fault for the next matching request, applied before the random ones. */
export type ScriptedFault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>>; readonly method?: string; readonly path?: string }
  | { readonly kind: 'reset'; readonly method?: string; readonly path?: string }
  | { readonly kind: 'post-commit-loss'; readonly method?: string; readonly path?: string };

export interface LoggedRequest {
  readonly method: string;
  /** Path without the query string. */
  readonly path: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  /** Status sent; 0 when the connection was destroyed before a response. */
  status: number;
  /** Parsed JSON body of the request, if any. */
  readonly body?: unknown;
  /** Request headers, Authorization replaced by its scheme (`Bearer` / `Basic`). */
  readonly headers: Readonly<Record<string, string>>;
  readonly orgId?: number;
  /** Injected fault, if any. */
  fault?: 'reset' | 'post-commit-loss' | '429' | '5xx' | 'scripted';
  readonly at: number;
}

export interface Emulator {
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  readonly version: EmulatorVersion;
  readonly strict: StrictBehaviour;
  /** The token accepted by default (role Admin). */
  readonly adminToken: string;
  /** Every request received, in arrival order. */
  readonly requests: LoggedRequest[];
  /** The non-GET/HEAD entries of the log. */
  writes(): LoggedRequest[];
  /** TCP connections accepted so far (a client that keeps connections alive opens few). */
  readonly connections: number;
  /** Org 1's store. */
  readonly state: OrgState;
  /** Any org's store (created on first use). */
  org(orgId: number): OrgState;
  setFaults(faults: FaultOptions): void;
  clearFaults(): void;
  /** Queues one-shot faults, consumed in order by the next matching requests. */
  queueFaults(...faults: ScriptedFault[]): void;
  /** /api/health answers 503 `database: failing` while false. */
  setDatabaseHealthy(healthy: boolean): void;
  /** Client options for the default admin token. */
  clientOptions(): { url: string; token: string };
  clearLog(): void;
  /** Stops listening (connections refused); state is kept. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export const defaultAdminToken = 'glsa_emulator_admin_0123456789abcdef';
const versionStrings: Record<EmulatorVersion, string> = { '11.6': '11.6.4', '12.3': '12.3.1', '13.1': '13.1.0' };

const routes: Route[] = [
  ...folderRoutes, ...dashboardRoutes, ...searchRoutes, ...alertRuleRoutes, ...notificationRoutes, ...datasourceRoutes, ...annotationRoutes,
  ...alertmanagerObjectRoutes, ...libraryElementRoutes, ...appPlatformRoutes, ...frontendSettingsRoutes,
];

function match(pattern: string, path: string): Record<string, string> | undefined {
  const a = pattern.split('/');
  const b = path.replace(/\/+$/, '').split('/');
  if (a.length !== b.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) params[a[i].slice(1)] = decodeURIComponent(b[i]);
    else if (a[i] !== b[i]) return undefined;
  }
  return params;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const version = options.version ?? '12.3';
  const strict: StrictBehaviour = { ...strictDefaults(version), ...options.strict };
  const seed = options.seed ?? seedFromEnv();
  const now = options.now ?? Date.now;
  const auth: AuthConfig = {
    tokens: options.tokens ?? { [defaultAdminToken]: { role: 'Admin' } },
    basicAuth: options.basicAuth ?? { admin: 'admin' },
    orgs: options.orgs ?? [1],
  };
  const uidRandom = createPrng(seed ^ 0x5bd1e995);
  let faultRandom = createPrng(seed);
  const counters = new Map<string, number>();
  let snowflake = 1_700_000_000_000;
  let resourceVersion = 1_700_000_000_000_000; // unified storage RVs are microsecond snowflakes
  const appPlatform: AppPlatformOptions = {
    enabled: true, defaultPageSize: 50, maxPageBytes: 2 * 1024 * 1024, classicSaveDropsMetadata: true, ...options.appPlatform,
  };
  const ids: Ids = {
    next(kind) {
      const n = (counters.get(kind) ?? 0) + 1;
      counters.set(kind, n);
      return n;
    },
    uid() {
      const letter = (): string => 'abcdef'[Math.floor(uidRandom() * 6)];
      snowflake += 1 + Math.floor(uidRandom() * 1000);
      return `${letter()}${(snowflake * 4096 + Math.floor(uidRandom() * 4096)).toString(36)}${letter()}`;
    },
    rv() {
      // Not from the seeded PRNG: that would shift the uid sequence tests rely on.
      resourceVersion = Math.max(resourceVersion + 1, Math.floor(now() * 1000));
      return resourceVersion;
    },
  };
  const orgs = new Map<number, OrgState>();
  const org = (id: number): OrgState => {
    let s = orgs.get(id);
    if (!s) {
      s = createOrgState(id, ids.uid());
      orgs.set(id, s);
    }
    return s;
  };
  for (const id of auth.orgs) org(id);
  let faults: FaultOptions = {};
  let scripted: ScriptedFault[] = [];
  let databaseHealthy = true;
  const requests: LoggedRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  let accessErrors = 0;

  const faultApplies = (path: string): boolean =>
    faults.paths ? faults.paths.some((p) => path.startsWith(p)) : path !== '/api/health';
  const takeScripted = (method: string, path: string): ScriptedFault | undefined => {
    const i = scripted.findIndex((f) => (f.method === undefined || f.method === method) && (f.path === undefined || path.startsWith(f.path)));
    return i < 0 ? undefined : scripted.splice(i, 1)[0];
  };

  function send(res: ServerResponse, reply: Reply, entry: LoggedRequest): void {
    entry.status = reply.status;
    const text = reply.text ?? (reply.json === undefined ? '' : JSON.stringify(reply.json));
    const headers: Record<string, string> = { ...reply.headers };
    if (text !== '' && reply.text === undefined) headers['Content-Type'] = 'application/json';
    res.writeHead(reply.status, headers);
    res.end(text);
  }

  function destroy(req: IncomingMessage, entry: LoggedRequest, fault: LoggedRequest['fault']): void {
    entry.fault = fault;
    req.socket.destroy();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const raw = await readBody(req);
    let body: unknown;
    let badJson = false;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        badJson = true;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    if (headers.authorization) headers.authorization = headers.authorization.split(/\s+/)[0];
    const query: Record<string, string | string[]> = {};
    for (const key of new Set(url.searchParams.keys())) {
      const all = url.searchParams.getAll(key);
      query[key] = all.length === 1 ? all[0] : all;
    }
    const entry: LoggedRequest = { method, path, query, status: 0, headers, at: now(), ...(raw !== '' ? { body: badJson ? raw : body } : {}) };
    requests.push(entry);

    // Faults, in order: scripted, reset, latency, 429, 5xx (post-commit loss after handling).
    const faulted = faultApplies(path);
    const script = faulted || scripted.length > 0 ? takeScripted(method, path) : undefined;
    if (script?.kind === 'reset') return destroy(req, entry, 'reset');
    if (script?.kind === 'status') {
      entry.fault = 'scripted';
      return send(res, { status: script.status, json: script.body, headers: script.headers }, entry);
    }
    if (faulted && faults.resetRate && faultRandom() < faults.resetRate) return destroy(req, entry, 'reset');
    if (faulted && faults.latencyMs) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faulted && faults.tooManyRequests && faultRandom() < faults.tooManyRequests.rate) {
      entry.fault = '429';
      return send(res, { status: 429, json: { message: 'Too Many Requests' }, headers: { 'Retry-After': String(faults.tooManyRequests.retryAfterSeconds) } }, entry);
    }
    if (faulted && faults.errorRate && faultRandom() < faults.errorRate) {
      entry.fault = '5xx';
      const status = faults.errorStatus ?? 503;
      return send(res, { status, json: { message: status === 503 ? 'Service Unavailable' : 'Internal Server Error' } }, entry);
    }

    // §2: /api/health is registered before auth, GET/HEAD only, pretty-printed with 2-space indent.
    if (path === '/api/health' && (method === 'GET' || method === 'HEAD')) {
      const payload = JSON.stringify({ database: databaseHealthy ? 'ok' : 'failing', version: versionStrings[version], commit: 'emulator' }, null, 2);
      return send(res, { status: databaseHealthy ? 200 : 503, text: method === 'HEAD' ? '' : payload, headers: { 'Content-Type': 'application/json; charset=UTF-8' } }, entry);
    }
    const identity = authenticate(req.headers, url.searchParams, auth);
    if ('status' in identity) return send(res, identity, entry);
    Object.assign(entry, { orgId: identity.orgId });
    let params: Record<string, string> | undefined;
    const route = [...routes, ...(options.routes ?? [])].find((r) => r.method === method && (params = match(r.pattern, path)) !== undefined);
    if (!route || !params) return send(res, message(404, 'Not found'), entry);
    const denied = authorize(identity, route.permission, `ACE${String(1_000_000_000 + ++accessErrors)}`);
    if (denied) return send(res, denied, entry);
    const ctx: HandlerContext = {
      method, path, params, query: url.searchParams, body, badJson, headers: req.headers, org: org(identity.orgId), orgId: identity.orgId,
      login: identity.login, userId: identity.userId, role: identity.role, permissions: identity.permissions, version, strict, now, ids,
      appPlatform, orgState: (id) => (auth.orgs.includes(id) || orgs.has(id) ? org(id) : undefined),
      grafanaAdmin: /^Basic\s/i.test(req.headers.authorization ?? ''),
    };
    const reply = await route.handle(ctx);
    const write = method !== 'GET' && method !== 'HEAD';
    if (write && reply.status < 400) {
      if (script?.kind === 'post-commit-loss') return destroy(req, entry, 'post-commit-loss');
      if (faulted && faults.postCommitLossRate && faultRandom() < faults.postCommitLossRate) return destroy(req, entry, 'post-commit-loss');
    } else if (script?.kind === 'post-commit-loss') {
      scripted.unshift(script); // not consumed by a read or a failed write
    }
    send(res, reply, entry);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `emulator bug: ${String(err)}` }));
      }
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    connections += 1;
    s.on('close', () => sockets.delete(s));
  });
  // Keep idle connections open as Grafana does: Go's net/http server sends no `Keep-Alive: timeout` hint and, with
  // Grafana's default read_timeout of 0, closes an idle connection only when the client does. (A 1 s timeout made
  // Node's agent, which keeps a 1 s safety margin, open a new connection for every request.) close()/stop() destroy
  // open sockets themselves.
  server.keepAliveTimeout = 0;

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  const port = await listen(0);
  const emu: Emulator = {
    url: `http://127.0.0.1:${port}`,
    port,
    seed,
    version,
    strict,
    adminToken: defaultAdminToken,
    requests,
    writes: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    get connections() {
      return connections;
    },
    get state() {
      return org(1);
    },
    org,
    setFaults(f) {
      faults = { ...f };
      if (f.seed !== undefined) faultRandom = createPrng(f.seed);
    },
    clearFaults() {
      faults = {};
      scripted = [];
    },
    queueFaults(...f) {
      scripted.push(...f);
    },
    setDatabaseHealthy(healthy) {
      databaseHealthy = healthy;
    },
    clientOptions: () => ({ url: `http://127.0.0.1:${port}`, token: defaultAdminToken }),
    clearLog() {
      requests.length = 0;
    },
    stop: stopListening,
    async start() {
      if (!server.listening) await listen(port);
    },
    close: stopListening,
  };
  return emu;
}
