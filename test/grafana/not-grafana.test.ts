/**
 * Issue 15 §1: a URL that answers 200 but is not Grafana (an SSO proxy's sign-in page, a catch-all `"ok"`, JSON of
 * another shape, a redirect to a login page) is refused before it is trusted: exit 3 "this is not Grafana's API"
 * with a hint about the URL / proxy / sub-path; provision writes nothing and does not crash; annotate emit journals
 * instead of saying "sent". A 404 at a fixed API path says to check the URL or sub-path. `--output json` answers
 * every error with a JSON object. A 403 on an annotation is "forbidden", naming the permission.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { createGrafanaClient, NotFoundError, NotGrafanaError } from '../../src/grafana/index.js';
import { startEmulator } from '../emulator/emulator.js';
import { testEnv } from '../provision/helpers.js';

interface Impostor {
  readonly url: string;
  readonly writes: string[];
  close(): Promise<void>;
}

const SIGN_IN = '<!DOCTYPE html><html><head><title>Sign in - Corp SSO</title></head><body><form>csrf=Zm9vYmFyc2VjcmV0</form></body></html>';

/** A server that answers every request the same way, as a misconfigured URL or an SSO proxy would. */
async function impostor(reply: { status: number; type?: string; body?: string; headers?: Record<string, string> }): Promise<Impostor> {
  const writes: string[] = [];
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') writes.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(reply.status, { ...(reply.type ? { 'Content-Type': reply.type } : {}), ...reply.headers });
    res.end(reply.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    writes,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const impostors = {
  'an SSO sign-in page (HTML, 200)': { status: 200, type: 'text/html; charset=utf-8', body: SIGN_IN },
  'a catch-all JSON "ok"': { status: 200, type: 'application/json', body: '"ok"' },
  'JSON of another shape': { status: 200, type: 'application/json', body: '{"status":"ok","service":"gateway"}' },
  'a redirect to a login page': { status: 302, headers: { Location: 'https://sso.example.test/login?state=s3cr3t-state' } },
} as const;

let dir: string;
let out: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'k2-not-grafana-'));
  out = join(dir, 'provisioning');
  const gen = await cli(['generate', '--out', out], {});
  expect(gen.code, gen.stderr).toBe(0);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const cli = (argv: string[], env: Record<string, string>) => runCliCaptured(argv, { env: { ...testEnv, ...env } });

describe('a URL that answers but is not Grafana', () => {
  it.each(Object.entries(impostors))('%s: the client refuses it before trusting it', async (_name, reply) => {
    const server = await impostor(reply);
    try {
      const client = createGrafanaClient({ url: server.url, proxy: false, retry: { maxAttempts: 1 } });
      const error = await client.get('/api/search').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotGrafanaError);
      const e = error as NotGrafanaError;
      expect(e.code).toBe('unreachable');
      expect(e.message).toMatch(/this is not Grafana's API \(it answered /);
      expect(e.hint).toMatch(/base URL.*sub-path.*proxy/);
      // What it answered is described, never echoed (a sign-in page or a redirect may carry tokens).
      expect(`${e.message} ${e.hint} ${JSON.stringify(e)}`).not.toMatch(/Zm9vYmFyc2VjcmV0|s3cr3t-state|csrf/);
    } finally {
      await server.close();
    }
  });

  it.each(Object.entries(impostors))('%s: provision exits 3 saying so, writes nothing, no crash', async (_name, reply) => {
    const server = await impostor(reply);
    try {
      const r = await cli(['provision', '--out', out], { GRAFANA_URL: server.url, GRAFANA_TOKEN: 'glsa_test' });
      expect(r.code, r.stderr).toBe(3);
      expect(r.stderr).toMatch(/this is not Grafana's API/);
      expect(r.stderr).toMatch(/nothing was written to Grafana/);
      expect(r.stderr).not.toMatch(/internal error/);
      expect(server.writes).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it.each(Object.entries(impostors))('%s: annotate emit journals the event, never "sent"', async (_name, reply) => {
    const server = await impostor(reply);
    const journal = join(dir, `journal-${Math.random().toString(36).slice(2)}`);
    try {
      const env = { GRAFANA_URL: server.url, GRAFANA_TOKEN: 'glsa_test', K2_ANNOTATION_JOURNAL: journal };
      const r = await cli(['annotate', 'emit', '--text', 'Lag injected', '--event-id', 'ng-1'], env);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('event ng-1: journaled\n');
      expect(r.stderr).toMatch(/not Grafana's API/);
      const status = await cli(['annotate', 'status'], env);
      expect(status.stdout).toMatch(/^1 event\(s\) pending/);
    } finally {
      await server.close();
    }
  });

  it('a 404 at a fixed API path (a wrong sub-path) says to check the URL or sub-path, not the uid', async () => {
    const server = await impostor({ status: 404, type: 'text/plain', body: '404 page not found' });
    try {
      const client = createGrafanaClient({ url: server.url, proxy: false });
      const error = (await client.get('/api/search').catch((e: unknown) => e)) as NotFoundError;
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.hint).toMatch(/sub-path/);
      expect(error.hint).not.toMatch(/uid/);
      const r = await cli(['plan', '--out', out], { GRAFANA_URL: `${server.url}/wrong`, GRAFANA_TOKEN: 'glsa_test' });
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/hint: Grafana's API is not at this URL: check GRAFANA_URL .* sub-path/);
    } finally {
      await server.close();
    }
  });

  it('a 404 for an object still says the object is missing', async () => {
    const emu = await startEmulator({ seed: 3 });
    try {
      const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false });
      const error = (await client.get('/api/dashboards/uid/nope').catch((e: unknown) => e)) as NotFoundError;
      expect(error.hint).toMatch(/check the uid/);
    } finally {
      await emu.close();
    }
  });
});

describe('--output json: every error is a JSON object on stdout', () => {
  it('diff --live when Grafana is unreachable', async () => {
    const closed = await impostor({ status: 200 });
    await closed.close();
    const r = await cli(['diff', '--live', '--output', 'json', '--retry-budget', '1'], { GRAFANA_URL: closed.url, GRAFANA_TOKEN: 'glsa_test' });
    expect(r.code).toBe(3);
    const body = JSON.parse(r.stdout) as { ok: boolean; error: { code: string; message: string; hint: string; exitCode: number } };
    expect(body).toMatchObject({ ok: false, error: { code: 'unreachable', exitCode: 3 } });
    expect(body.error.message).toMatch(/Grafana unreachable \(ECONNREFUSED/);
    expect(body.error.hint).toMatch(/Check that Grafana is running/);
  }, 30_000);

  it.each([
    ['provision against a non-Grafana', ['provision', '--output', 'json'], 3],
    ['a usage error (bad flag value)', ['plan', '--output', 'json', '--concurrency', 'abc'], 64],
    ['an unknown flag', ['check', '--output', 'json', '--no-such-flag'], 64],
    ['a stale provisioning folder', ['provision', '--output', 'json', '--out', '/nonexistent-k2-dir'], 1],
  ] as const)('%s', async (_name, argv, exit) => {
    const server = await impostor(impostors['an SSO sign-in page (HTML, 200)']);
    try {
      const args: string[] = (argv as readonly string[]).includes('--out') ? [...argv] : [...argv, '--out', out];
      const r = await cli(args, { GRAFANA_URL: server.url, GRAFANA_TOKEN: 'glsa_test' });
      expect(r.code).toBe(exit);
      const body = JSON.parse(r.stdout) as { ok: boolean; error: { exitCode: number; message: string } };
      expect(body.ok).toBe(false);
      expect(body.error.exitCode).toBe(exit);
      expect(body.error.message.length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});

describe('a 403 on an annotation', () => {
  it('is reported as forbidden naming the permission, kept in the journal, and delivered once the permission is there', async () => {
    const emu = await startEmulator({ seed: 5, tokens: { glsa_reader: { role: 'Viewer' }, glsa_admin: { role: 'Admin' } } });
    const journal = join(dir, 'journal-403');
    try {
      const env = (token: string) => ({ GRAFANA_URL: emu.url, GRAFANA_TOKEN: token, K2_ANNOTATION_JOURNAL: journal });
      const r = await cli(['annotate', 'emit', '--text', 'Lag injected', '--event-id', 'f-1'], env('glsa_reader'));
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('event f-1: journaled\n');
      expect(r.stderr).toMatch(/Grafana refused it: the token lacks a permission \(.*Permissions needed: annotations:create/);
      expect(r.stderr).not.toMatch(/unreachable/i);
      expect(r.stderr).toMatch(/Grant the service account the permission named above/);
      const flushed = await cli(['annotate', 'flush'], env('glsa_admin'));
      expect(flushed.code, flushed.stderr).toBe(0);
      expect(flushed.stdout).toMatch(/create f-1: sent/);
      expect([...emu.state.annotations.values()].filter((a) => a.tags.includes('event:f-1'))).toHaveLength(1);
    } finally {
      await emu.close();
    }
  });
});
