// Client configuration: env variables, auth headers, org header, TLS (CA file / insecure), proxy (explicit and env).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { clientOptionsFromEnv, createGrafanaClient, GrafanaUnreachableError } from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

describe('clientOptionsFromEnv', () => {
  it('reads GRAFANA_URL, GRAFANA_TOKEN, GRAFANA_USER/PASSWORD, GRAFANA_ORG_ID, GRAFANA_CA_FILE, GRAFANA_INSECURE', () => {
    expect(clientOptionsFromEnv({})).toMatchObject({ url: 'http://localhost:3000', token: undefined, insecure: false });
    expect(
      clientOptionsFromEnv({
        GRAFANA_URL: 'https://g.example:3000/sub', GRAFANA_TOKEN: 'glsa_x', GRAFANA_USER: 'u', GRAFANA_PASSWORD: 'p',
        GRAFANA_ORG_ID: '3', GRAFANA_CA_FILE: '/ca.pem', GRAFANA_INSECURE: 'true',
      }),
    ).toEqual({ url: 'https://g.example:3000/sub', token: 'glsa_x', user: 'u', password: 'p', orgId: 3, caFile: '/ca.pem', insecure: true });
  });

  it('rejects a non-numeric GRAFANA_ORG_ID with a usage error that says what to set', () => {
    expect(() => clientOptionsFromEnv({ GRAFANA_ORG_ID: 'main' })).toThrow(UsageError);
  });
});

describe('auth and org headers (against the emulator)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ orgs: [1, 2], basicAuth: { ops: 'pw' } });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('a token is sent as Bearer, user/password as Basic, GRAFANA_ORG_ID as X-Grafana-Org-Id', async () => {
    emu.clearLog();
    await createGrafanaClient({ url: emu.url, proxy: false, token: emu.adminToken }).get('/api/folders');
    await createGrafanaClient({ url: emu.url, proxy: false, user: 'ops', password: 'pw', orgId: 2 }).post('/api/folders', { uid: 'org2f', title: 'In org 2' });
    expect(emu.requests.map((r) => [r.headers.authorization, r.headers['x-grafana-org-id'], r.orgId, r.status])).toEqual([
      ['Bearer', undefined, 1, 200],
      ['Basic', '2', 2, 200],
    ]);
    expect(emu.org(2).folders.has('org2f')).toBe(true);
    expect(emu.state.folders.has('org2f')).toBe(false);
  });

  it('a custom timeout per request overrides the client default', async () => {
    emu.setFaults({ latencyMs: 300, paths: ['/api/search'] });
    try {
      const c = createGrafanaClient({ url: emu.url, proxy: false, token: emu.adminToken, timeoutMs: 30_000, retry: { maxAttempts: 1 } });
      const err = await c.get('/api/search', { timeoutMs: 30 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrafanaUnreachableError);
      expect((err as GrafanaUnreachableError).errorCode).toBe('ETIMEDOUT');
      await expect(c.get('/api/folders')).resolves.toBeInstanceOf(Array);
    } finally {
      emu.clearFaults();
    }
  });

  it('an explicit proxy and the environment proxy (HTTP_PROXY) both route through the proxy', async () => {
    const seen: string[] = [];
    const proxy = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const target = new URL(req.url ?? '');
      const up = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as AddressInfo).port;
    const saved = { HTTP_PROXY: process.env.HTTP_PROXY, http_proxy: process.env.http_proxy, NO_PROXY: process.env.NO_PROXY, no_proxy: process.env.no_proxy };
    try {
      await createGrafanaClient({ url: emu.url, token: emu.adminToken, proxy: { protocol: 'http', host: '127.0.0.1', port } }).get('/api/folders');
      expect(seen).toEqual([`GET ${emu.url}/api/folders`]);
      process.env.HTTP_PROXY = `http://127.0.0.1:${port}`;
      process.env.http_proxy = `http://127.0.0.1:${port}`;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      await createGrafanaClient({ url: emu.url, token: emu.adminToken }).get('/api/search');
      expect(seen).toEqual([`GET ${emu.url}/api/folders`, `GET ${emu.url}/api/search`]);
      await createGrafanaClient({ url: emu.url, token: emu.adminToken, proxy: false }).get('/api/search');
      expect(seen).toHaveLength(2);
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});

describe('TLS: CA file and the explicit insecure option', () => {
  let dir: string;
  let server: https.Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'k2-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'ca.pem'), '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
    server = https.createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'ca.pem')) }, (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"database":"ok","version":"12.3.1"}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('an unknown CA is refused (not retried) and reported as unreachable with the TLS error code', async () => {
    const err = await createGrafanaClient({ url, proxy: false }).get('/api/health').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrafanaUnreachableError);
    expect((err as GrafanaUnreachableError).errorCode).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    expect((err as GrafanaUnreachableError).attempts).toBe(1);
  });

  it('caFile trusts the CA; insecure: true skips verification', async () => {
    await expect(createGrafanaClient({ url, proxy: false, caFile: join(dir, 'ca.pem') }).get('/api/health')).resolves.toMatchObject({ database: 'ok' });
    await expect(createGrafanaClient({ url, proxy: false, insecure: true }).get('/api/health')).resolves.toMatchObject({ database: 'ok' });
  });
});
