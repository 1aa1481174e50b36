/**
 * Where the contract suite runs: a real Grafana when GRAFANA_URL is set (credentials from GRAFANA_TOKEN or
 * GRAFANA_USER/GRAFANA_PASSWORD, org from GRAFANA_ORG_ID), else the emulator. Tests call `target()` once per file.
 * Against a real Grafana every object gets a unique name/uid and is deleted again; tests that change global state
 * (the policy tree) or need setup only the emulator can do are skipped with the reason.
 */
import { expect } from 'vitest';
import { clientOptionsFromEnv } from '../../src/grafana/index.js';
import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorVersion } from '../emulator/emulator.js';

export interface RawResponse {
  readonly status: number;
  readonly text: string;
  /** Parsed JSON, or undefined for an empty / non-JSON body. */
  readonly json: any;
  readonly headers: Headers;
}

export interface CallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** `false` sends no credentials; a string is sent as the whole Authorization header. @default the target's */
  readonly auth?: false | string;
  readonly query?: Record<string, string | string[]>;
}

export interface ContractTarget {
  readonly kind: 'emulator' | 'grafana';
  readonly url: string;
  /** Grafana's minor version as the emulator spells it, from /api/health (e.g. '12.3'). */
  readonly version: string;
  readonly emulator?: Emulator;
  /** A prefix unique to this run, for uids and titles. */
  readonly run: string;
  call(method: string, path: string, options?: CallOptions): Promise<RawResponse>;
  /** Registers a cleanup call run (best effort, in reverse order) by `close()`. */
  cleanup(method: string, path: string): void;
  close(): Promise<void>;
}

export const realGrafana = Boolean(process.env.GRAFANA_URL);
/** Set when the real Grafana may have its global state (policy tree) changed and restored. */
export const freshGrafana = process.env.GRAFANA_CONTRACT_FRESH === '1';

let announced = false;
function announce(): void {
  if (announced) return;
  announced = true;
  console.info(
    realGrafana
      ? `contract suite: targeting the real Grafana at GRAFANA_URL=${process.env.GRAFANA_URL} (the emulator is not started)`
      : `contract suite: targeting the Grafana emulator (test/emulator, Grafana ${process.env.EMULATOR_VERSION ?? '12.3'} behaviour) because GRAFANA_URL is not set; ` +
          'set GRAFANA_URL (+ GRAFANA_TOKEN or GRAFANA_USER/GRAFANA_PASSWORD) to run the same tests against a real Grafana',
  );
}

export async function target(options: EmulatorOptions = {}): Promise<ContractTarget> {
  announce();
  const run = `k2c${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  let url: string;
  let authHeader: string | undefined;
  let orgHeader: Record<string, string> = {};
  let emulator: Emulator | undefined;
  if (realGrafana) {
    const o = clientOptionsFromEnv(process.env);
    url = (o.url ?? '').replace(/\/+$/, '');
    authHeader = o.token ? `Bearer ${o.token}` : o.user ? `Basic ${Buffer.from(`${o.user}:${o.password ?? ''}`).toString('base64')}` : undefined;
    if (o.orgId !== undefined) orgHeader = { 'X-Grafana-Org-Id': String(o.orgId) };
  } else {
    const version = process.env.EMULATOR_VERSION as EmulatorVersion | undefined;
    emulator = await startEmulator({ ...(version ? { version } : {}), ...options });
    url = emulator.url;
    authHeader = `Bearer ${emulator.adminToken}`;
  }
  const call = async (method: string, path: string, opts: CallOptions = {}): Promise<RawResponse> => {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query ?? {})) for (const x of Array.isArray(v) ? v : [v]) qs.append(k, x);
    const auth = opts.auth === undefined ? authHeader : opts.auth === false ? undefined : opts.auth;
    const res = await fetch(`${url}${path}${qs.size ? `?${qs}` : ''}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...orgHeader,
        ...(auth ? { Authorization: auth } : {}),
        ...(opts.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, headers: res.headers };
  };
  const health = await call('GET', '/api/health');
  const version = /^(\d+\.\d+)/.exec(String(health.json?.version ?? ''))?.[1] ?? 'unknown';
  const cleanups: Array<[string, string]> = [];
  return {
    kind: realGrafana ? 'grafana' : 'emulator',
    url,
    version,
    emulator,
    run,
    call,
    cleanup: (method, path) => cleanups.push([method, path]),
    async close() {
      for (const [method, path] of cleanups.reverse()) await call(method, path).catch(() => undefined);
      await emulator?.close();
    },
  };
}

/** Compares Grafana minor versions ('12.3' >= '12.3'); unknown versions count as the newest. */
export function atLeast(version: string, min: EmulatorVersion): boolean {
  const m = /^(\d+)\.(\d+)$/.exec(version);
  if (!m) return true;
  const [a, b] = [Number(m[1]), Number(m[2])];
  const [c, d] = min.split('.').map(Number);
  return a > c || (a === c && b >= d);
}

/** traceID is "" without tracing; a real Grafana with tracing on sends an id. */
export const traceID: unknown = realGrafana ? expect.any(String) : '';
