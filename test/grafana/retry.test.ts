// The retry policy through the real client against the emulator, with an injected sleeper and clock (no real waits).
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFailed } from 'vitest';
import {
  createGrafanaClient, GrafanaUnreachableError, ServerError, UnauthorizedError, type GrafanaClientOptions,
} from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { fakeTime } from './fake-time.js';

describe('retry policy (client + emulator, injected time)', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });
  beforeEach(() => {
    emu.clearFaults();
    emu.clearLog();
    onTestFailed(() => console.error(`emulator seed: ${emu.seed} (replay with EMULATOR_SEED=${emu.seed})`));
  });
  const client = (time: ReturnType<typeof fakeTime>, extra: Partial<GrafanaClientOptions> = {}) =>
    createGrafanaClient({ ...emu.clientOptions(), proxy: false, now: time.now, sleep: time.sleep, random: () => 0.5, ...extra });

  it('a 401 makes exactly one request', async () => {
    const time = fakeTime();
    const c = client(time, { token: 'glsa_not_a_valid_token' });
    const err = await c.get('/api/folders').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as UnauthorizedError).messageId).toBe('api-key.invalid');
    expect(emu.requests.filter((r) => r.path === '/api/folders')).toHaveLength(1);
    expect(time.slept).toEqual([]);
  });

  it('503, 503, 200 makes three requests and succeeds', async () => {
    const time = fakeTime();
    emu.queueFaults({ kind: 'status', status: 503, body: { message: 'Service Unavailable' } }, { kind: 'status', status: 503 });
    const folders = await client(time).get('/api/folders');
    expect(folders).toEqual([]);
    expect(emu.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    // Full jitter with random() = 0.5: half of base 200 ms, then half of 400 ms.
    expect(time.slept).toEqual([100, 200]);
  });

  it('Retry-After: 2 waits 2 s of injected time', async () => {
    const time = fakeTime();
    emu.queueFaults({ kind: 'status', status: 429, headers: { 'Retry-After': '2' }, body: { message: 'Too Many Requests' } });
    await client(time).get('/api/folders');
    expect(time.slept).toEqual([2000]);
    expect(emu.requests).toHaveLength(2);
  });

  it('Retry-After as an HTTP date is honoured, and capped', async () => {
    const time = fakeTime(Date.parse('2026-01-01T00:00:00Z'));
    emu.queueFaults(
      { kind: 'status', status: 503, headers: { 'Retry-After': 'Thu, 01 Jan 2026 00:00:03 GMT' } },
      { kind: 'status', status: 503, headers: { 'Retry-After': '3600' } },
    );
    await client(time, { retry: { retryAfterCapMs: 10_000, budgetMs: 3_600_000 } }).get('/api/folders');
    expect(time.slept).toEqual([3000, 10_000]);
  });

  it('the time budget stops retrying and throws the last error', async () => {
    const time = fakeTime();
    emu.setFaults({ errorRate: 1, errorStatus: 503 });
    const c = client(time, { random: () => 1, retry: { baseDelayMs: 400, budgetMs: 1000, maxAttempts: 10 } });
    const err = await c.get('/api/folders').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect((err as ServerError).status).toBe(503);
    // waits 400 (elapsed 400), next would be 800 -> 1200 > 1000: stop after 2 requests.
    expect(time.slept).toEqual([400]);
    expect((err as ServerError).attempts).toBe(2);
    expect(emu.requests).toHaveLength(2);
  });

  it('maxAttempts bounds the requests', async () => {
    const time = fakeTime();
    emu.setFaults({ errorRate: 1, errorStatus: 502 });
    const err = await client(time, { retry: { maxAttempts: 3 } }).get('/api/folders').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerError);
    expect(emu.requests).toHaveLength(3);
  });

  it('a 500 on a read is retried (grafana-http-api.md 14: transient storage failures), on a write it is not', async () => {
    const time = fakeTime();
    emu.queueFaults({ kind: 'status', status: 500, body: { message: 'Internal Server Error' } });
    await expect(client(time).get('/api/folders')).resolves.toEqual([]);
    expect(emu.requests.map((r) => r.status)).toEqual([500, 200]);
    emu.clearLog();
    emu.queueFaults({ kind: 'status', status: 500, body: { message: 'Internal Server Error' } });
    await expect(client(time).put('/api/folders/x', { title: 'x' })).rejects.toBeInstanceOf(ServerError);
    expect(emu.requests).toHaveLength(1);
  });

  it('connection resets are retried for reads', async () => {
    const time = fakeTime();
    emu.queueFaults({ kind: 'reset' }, { kind: 'reset' });
    await expect(client(time).get('/api/folders')).resolves.toEqual([]);
    expect(emu.requests.map((r) => r.fault ?? r.status)).toEqual(['reset', 'reset', 200]);
  });

  it('connection refused is retried, then reported as unreachable with the attempts', async () => {
    const time = fakeTime();
    await emu.stop();
    try {
      const err = await client(time, { retry: { maxAttempts: 3 } }).get('/api/folders').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrafanaUnreachableError);
      expect((err as GrafanaUnreachableError).errorCode).toBe('ECONNREFUSED');
      expect((err as GrafanaUnreachableError).attempts).toBe(3);
    } finally {
      await emu.start();
    }
  });

  it('a per-request timeout is retried as ETIMEDOUT', async () => {
    const time = fakeTime();
    emu.setFaults({ latencyMs: 300 });
    const err = await client(time, { timeoutMs: 50, retry: { maxAttempts: 2 } }).get('/api/folders').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrafanaUnreachableError);
    expect((err as GrafanaUnreachableError).errorCode).toBe('ETIMEDOUT');
    expect((err as GrafanaUnreachableError).attempts).toBe(2);
  });

  it('POST /api/annotations is never retried, even on 503', async () => {
    const time = fakeTime();
    emu.queueFaults({ kind: 'status', status: 503 });
    await expect(client(time).post('/api/annotations', { text: 'lag injected', tags: ['k2'] })).rejects.toBeInstanceOf(ServerError);
    expect(emu.writes()).toHaveLength(1);
    expect(emu.state.annotations.size).toBe(0);
  });

  it('a POST without a fixed uid is not retried after a reset (it could duplicate), but is after 429', async () => {
    const time = fakeTime();
    emu.queueFaults({ kind: 'reset', path: '/api/folders' });
    await expect(client(time).post('/api/folders', { title: 'No uid' })).rejects.toBeInstanceOf(GrafanaUnreachableError);
    expect(emu.writes()).toHaveLength(1);
    emu.queueFaults({ kind: 'status', status: 429, headers: { 'Retry-After': '1' }, path: '/api/folders' });
    await client(time).post('/api/folders', { title: 'No uid' });
    expect(emu.writes().map((r) => r.status)).toEqual([0, 429, 200]);
  });
});
