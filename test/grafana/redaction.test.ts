// Every client error path, with a token, a password and a webhook URL in play: none of them may appear in error
// messages, hints, JSON, logs (--verbose), or what the CLI prints (reportError) to stdout/stderr.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../src/cli/report-error.js';
import type { CliIO } from '../../src/cli/io.js';
import { createGrafanaClient, GrafanaApiError, redact, type GrafanaClient } from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { fakeTime } from './fake-time.js';

const token = 'glsa_S3cretT0ken_9f8e7d6c5b4a';
const user = 'provisioner';
const password = 'hunter2-Pa55word!';
const webhook = 'https://alerts.example.org/k2/incoming/abc123SECRETpath';
const forbidden = [token, password, webhook, Buffer.from(`${user}:${password}`).toString('base64'), 'abc123SECRETpath', 'S3cretT0ken'];

describe('redaction on every error path', () => {
  let emu: Emulator;
  const logs: string[] = [];
  const printed: string[] = [];
  let tokenClient: GrafanaClient;
  let basicClient: GrafanaClient;
  let wrongPassword: GrafanaClient;
  const io: CliIO = { stdout: (t) => printed.push(t), stderr: (t) => printed.push(t), env: {}, cwd: '/', isTTY: false };

  beforeAll(async () => {
    emu = await startEmulator({ tokens: { [token]: { role: 'Admin' }, glsa_viewer_only: { role: 'Viewer' } }, basicAuth: { [user]: password } });
    const common = { url: emu.url, proxy: false as const, log: (l: string) => logs.push(l), ...fakeTime(), random: () => 0.5, retry: { maxAttempts: 2 } };
    tokenClient = createGrafanaClient({ ...common, token });
    basicClient = createGrafanaClient({ ...common, user, password });
    wrongPassword = createGrafanaClient({ ...common, user, password: `${password}x` });
  });
  afterAll(async () => {
    await emu.close();
  });

  const contactPoint = { uid: 'cp-webhook', name: 'K2 webhook', type: 'webhook', settings: { url: webhook, password } };

  const paths: Array<[string, () => Promise<unknown>]> = [
    ['400 echoing the webhook URL', async () => {
      emu.queueFaults({ kind: 'status', status: 400, body: { message: `invalid object specification: bad url ${webhook}`, traceID: '' } });
      return tokenClient.post('/api/v1/provisioning/contact-points', contactPoint);
    }],
    ['400 real validation of a contact point', () => basicClient.post('/api/v1/provisioning/contact-points', { ...contactPoint, type: 'nope' })],
    ['401 wrong password', () => wrongPassword.get('/api/folders')],
    ['401 wrong token', () => createGrafanaClient({ url: emu.url, proxy: false, token: `${token}x`, log: (l) => logs.push(l) }).get('/api/folders')],
    ['403 RBAC', () => createGrafanaClient({ url: emu.url, proxy: false, token: 'glsa_viewer_only', headers: { 'X-Api-Key': token }, log: (l) => logs.push(l) }).post('/api/folders', { title: 'x' })],
    ['404', () => tokenClient.get('/api/dashboards/uid/missing')],
    ['409', async () => {
      await basicClient.post('/api/datasources', { name: 'prom', type: 'prometheus', url: 'http://prom:9090', basicAuth: true, basicAuthUser: user, secureJsonData: { basicAuthPassword: password } });
      return basicClient.post('/api/datasources', { name: 'prom', type: 'prometheus', url: `http://${user}:${password}@prom:9090`, secureJsonData: { basicAuthPassword: password } });
    }],
    ['412', async () => {
      await tokenClient.post('/api/dashboards/db', { dashboard: { uid: 'red', title: 'Red' } });
      return tokenClient.post('/api/dashboards/db', { dashboard: { uid: 'red', title: 'Red', version: 7 } });
    }],
    ['429 exhausted', async () => {
      emu.queueFaults({ kind: 'status', status: 429, headers: { 'Retry-After': '1' } }, { kind: 'status', status: 429, headers: { 'Retry-After': '1' } });
      return basicClient.get('/api/folders');
    }],
    ['500 echoing the Authorization header and password', async () => {
      emu.queueFaults({ kind: 'status', status: 500, body: { message: `upstream said: Authorization: Bearer ${token} / password=${password}` } });
      return tokenClient.put('/api/v1/provisioning/contact-points/cp-webhook', contactPoint);
    }],
    ['502 with a text body', async () => {
      emu.queueFaults({ kind: 'status', status: 502, body: `proxy error for ${webhook} with ${token}` }, { kind: 'status', status: 502, body: `again ${token}` });
      return tokenClient.get('/api/search');
    }],
    ['connection reset', async () => {
      emu.queueFaults({ kind: 'reset' }, { kind: 'reset' });
      return basicClient.get('/api/folders');
    }],
    ['timeout', async () => {
      emu.setFaults({ latencyMs: 200 });
      try {
        return await createGrafanaClient({ url: emu.url, proxy: false, token, timeoutMs: 20, retry: { maxAttempts: 1 }, log: (l) => logs.push(l) })
          .post('/api/v1/provisioning/contact-points', contactPoint);
      } finally {
        emu.clearFaults();
      }
    }],
    ['unreachable (server stopped, credentials in the URL)', async () => {
      await emu.stop();
      try {
        return await createGrafanaClient({ url: `http://${user}:${password}@127.0.0.1:${emu.port}`, proxy: false, token, retry: { maxAttempts: 1 }, log: (l) => logs.push(l) }).get('/api/health');
      } finally {
        await emu.start();
      }
    }],
  ];

  it.each(paths)('%s: no secret in message, hint, JSON, body, logs or printed output', async (_name, run) => {
    logs.length = 0;
    printed.length = 0;
    const out = vi.spyOn(process.stdout, 'write');
    const errOut = vi.spyOn(process.stderr, 'write');
    let err: unknown;
    try {
      await run();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GrafanaApiError);
    const e = err as GrafanaApiError;
    reportError(e, io);
    const processOutput = [...out.mock.calls, ...errOut.mock.calls].map((c) => String(c[0])).join('');
    out.mockRestore();
    errOut.mockRestore();
    const everything = [e.message, e.hint, JSON.stringify(e), e.body ?? '', e.grafanaMessage ?? '', String(e), e.stack ?? '', ...logs, ...printed, processOutput].join('\n');
    for (const secret of forbidden) expect(everything, `secret leaked on path "${_name}"`).not.toContain(secret);
    expect(logs.length, 'the log callback saw the request').toBeGreaterThan(0);
  });

  it('redact() covers structures, Bearer values, glsa tokens, URL credentials and webhook-like URLs', () => {
    const text = redact({ dashboard: 'ok', settings: { url: webhook, recipient: '#alerts' }, secureJsonData: { token: 'x-secret-y' }, password });
    expect(text).not.toContain(webhook);
    expect(text).not.toContain('x-secret-y');
    expect(text).not.toContain(password);
    expect(text).toContain('"dashboard":"ok"');
    expect(redact('Authorization: Bearer abc.def-ghi')).toBe('Authorization: Bearer [REDACTED]');
    expect(redact('token glsa_abcdEF_123 here')).toBe('token [REDACTED] here');
    expect(redact('http://bob:pw@grafana:3000/api')).toBe('http://[REDACTED]@grafana:3000/api');
    expect(redact('see https://hooks.slack.com/services/T/B/C now')).toBe('see [REDACTED] now');
    expect(redact('value s3cr3t-value in text', ['s3cr3t-value'])).toBe('value [REDACTED] in text');
  });
});

describe('redaction gaps (issue 14 part 2)', () => {
  it('a webhook URL matching no pattern, sent in one request, is redacted when Grafana echoes it in a later one', async () => {
    const emu = await startEmulator();
    try {
      const logs: string[] = [];
      const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, log: (l) => logs.push(l), ...fakeTime(), retry: { maxAttempts: 1 } });
      const plainUrl = 'https://alerts.example.org/team-a/incoming/q7x9';
      await client.post('/api/v1/provisioning/contact-points', { uid: 'a', name: 'a', type: 'webhook', settings: { url: plainUrl, httpMethod: 'POST' } });
      emu.queueFaults({ kind: 'status', status: 500, body: { message: `failed to build receiver: ${plainUrl} unreachable` } });
      const error = await client.get('/api/v1/provisioning/contact-points').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrafanaApiError);
      expect((error as Error).message).not.toContain(plainUrl);
      expect((error as Error).message).toContain('[REDACTED]');
      // --verbose: the request line keeps its method; "POST" is not a secret.
      expect(logs).toContain('-> POST /api/v1/provisioning/contact-points');
      expect(logs.join('\n')).not.toContain(plainUrl);
    } finally {
      await emu.close();
    }
  });
});
