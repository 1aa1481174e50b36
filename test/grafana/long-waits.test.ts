/**
 * Issue 15 §1 "Long waits": while a Grafana request waits long, the user sees which request, how long, and the
 * limits in force (a progress line on stderr, on a terminal only); the per-request timeout and the retry budget are
 * configurable (GRAFANA_TIMEOUT / GRAFANA_RETRY_BUDGET, seconds; --timeout / --retry-budget on plan, provision,
 * diff). No assertion on wall-clock time: only on what is reported and which limit applied.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../support/cli.js';
import { waitLine } from '../../src/cli/grafana-target.js';
import { clientOptionsFromEnv, createGrafanaClient, GrafanaUnreachableError, type RequestWait } from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { testEnv } from '../provision/helpers.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ seed: 9 });
});
afterAll(() => emu.close());

/** Runs `fn` while every /api/search answer is delayed by `ms` (plans here pin the classic API, which searches). */
async function withSearchLatency(ms: number, fn: () => Promise<void>): Promise<void> {
  emu.setFaults({ latencyMs: ms, paths: ['/api/search'] });
  try {
    await fn();
  } finally {
    emu.clearFaults();
  }
}

const cli = (argv: string[], env: Record<string, string>, isTTY: boolean) => runCliCaptured(argv, { env: { ...testEnv, ...env }, isTTY });

describe('progress while a request waits', () => {
  it('the client reports a slow request by name with its limits, until it answers', async () => {
    await withSearchLatency(700, async () => {
      const waits: RequestWait[] = [];
      const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, progressAfterMs: 200, onWait: (w) => waits.push(w) });
      await client.get('/api/search', { query: { type: 'dash-db' } });
      expect(waits.length).toBeGreaterThan(0);
      expect(waits[0]).toMatchObject({ method: 'GET', path: '/api/search?type=dash-db', attempt: 1, timeoutMs: 30_000, budgetMs: 60_000 });
      expect(waitLine(waits[0]!)).toMatch(/^waiting for Grafana: GET \/api\/search\?type=dash-db \(\d+ s, attempt 1; each attempt times out after 30 s, retries stop after 60 s\)$/);
    });
  });

  it('a long wait before a retry is reported with its reason', async () => {
    emu.queueFaults({ kind: 'status', status: 503, headers: { 'Retry-After': '1' }, path: '/api/folders' });
    const waits: RequestWait[] = [];
    const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, progressAfterMs: 500, onWait: (w) => waits.push(w), sleep: async () => {} });
    await client.get('/api/folders');
    expect(waits.map((w) => w.retrying?.reason)).toEqual(['503: retrying in 1000 ms']);
    expect(waitLine(waits[0]!)).toMatch(/waiting for Grafana: GET \/api\/folders: 503: retrying in 1000 ms/);
  });

  it('plan on a terminal prints the progress line on stderr; without a terminal it does not', async () => {
    await withSearchLatency(5_300, async () => {
      const env = { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken };
      const tty = await cli(['plan', '--api', 'classic'], env, true);
      expect(tty.code, tty.stderr).toBe(0);
      expect(tty.stderr).toMatch(/waiting for Grafana: GET \/api\/search\?[^\n]* \(\d+ s, attempt 1; each attempt times out after 30 s/);
      const piped = await cli(['plan', '--api', 'classic'], env, false);
      expect(piped.stderr).not.toMatch(/waiting for Grafana/);
    });
  }, 60_000);
});

describe('the per-request timeout and retry budget are configurable', () => {
  it('GRAFANA_TIMEOUT and GRAFANA_RETRY_BUDGET (seconds) set the client\'s limits; flags win', () => {
    const options = clientOptionsFromEnv({ GRAFANA_TIMEOUT: '90', GRAFANA_RETRY_BUDGET: '300' });
    expect(options).toMatchObject({ timeoutMs: 90_000, retry: { budgetMs: 300_000 } });
    const client = createGrafanaClient(options);
    expect(client.policy.budgetMs).toBe(300_000);
  });

  it('a request slower than GRAFANA_TIMEOUT times out, and the hint says which settings allow longer', async () => {
    await withSearchLatency(1_500, async () => {
      const r = await cli(['plan', '--api', 'classic'], { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, GRAFANA_TIMEOUT: '0.3', GRAFANA_RETRY_BUDGET: '0.5' }, false);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/Grafana unreachable \(ETIMEDOUT/);
      expect(r.stderr).toMatch(/hint: .*GRAFANA_TIMEOUT .*GRAFANA_RETRY_BUDGET.* --timeout <seconds> .* --retry-budget <seconds>/);
    });
  }, 30_000);

  it('--timeout wins over GRAFANA_TIMEOUT', async () => {
    await withSearchLatency(600, async () => {
      const env = { GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, GRAFANA_TIMEOUT: '0.2', GRAFANA_RETRY_BUDGET: '0.3' };
      expect((await cli(['plan', '--api', 'classic'], env, false)).code).toBe(3);
      const r = await cli(['plan', '--api', 'classic', '--timeout', '20'], env, false);
      expect(r.code, r.stderr).toBe(0);
    });
  }, 30_000);

  it('the client error for a timeout is the unreachable kind', async () => {
    await withSearchLatency(800, async () => {
      const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, timeoutMs: 200, retry: { maxAttempts: 1 } });
      const error = await client.get('/api/search').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GrafanaUnreachableError);
      expect((error as GrafanaUnreachableError).hint).toMatch(/GRAFANA_TIMEOUT/);
    });
  });
});
