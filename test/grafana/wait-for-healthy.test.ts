// waitForHealthy polls /api/health until Grafana is up (docker compose starts it slowly); time is injected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGrafanaClient, GrafanaUnreachableError, ServerError, UnauthorizedError, waitForHealthy } from '../../src/grafana/index.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { fakeTime } from './fake-time.js';

describe('waitForHealthy', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await emu.close();
  });
  const client = () => createGrafanaClient({ url: emu.url, proxy: false, token: emu.adminToken });

  it('waits through "connection refused" and "database failing", then returns the health body', async () => {
    await emu.stop();
    emu.setDatabaseHealthy(false);
    const time = fakeTime();
    const waits: string[] = [];
    let polls = 0;
    const health = await waitForHealthy(client(), {
      intervalMs: 1000, timeoutMs: 60_000, now: time.now,
      sleep: async (ms) => {
        await time.sleep(ms);
        polls += 1;
        if (polls === 2) await emu.start(); // Grafana's port opens, database still migrating
        if (polls === 3) emu.setDatabaseHealthy(true);
      },
      onWait: (reason) => waits.push(reason),
    });
    expect(health).toMatchObject({ database: 'ok', version: '12.3.1' });
    expect(waits).toHaveLength(3);
    expect(waits[0]).toMatch(/ECONNREFUSED/);
    expect(waits[2]).toMatch(/503/);
    expect(time.slept).toEqual([1000, 1000, 1000]);
  });

  it('gives up after timeoutMs with the last error', async () => {
    await emu.stop();
    try {
      const time = fakeTime();
      const err = await waitForHealthy(client(), { intervalMs: 1000, timeoutMs: 5000, now: time.now, sleep: time.sleep }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GrafanaUnreachableError);
      expect(time.slept.reduce((a, b) => a + b, 0)).toBe(5000);
    } finally {
      await emu.start();
    }
    emu.setDatabaseHealthy(false);
    try {
      const time = fakeTime();
      const err = await waitForHealthy(client(), { intervalMs: 1000, timeoutMs: 2000, now: time.now, sleep: time.sleep }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ServerError);
    } finally {
      emu.setDatabaseHealthy(true);
    }
  });

  it('an auth problem is not waited out (health needs no auth, but a proxy in front might)', async () => {
    emu.queueFaults({ kind: 'status', status: 401, path: '/api/health', body: { message: 'Unauthorized' } });
    const time = fakeTime();
    await expect(waitForHealthy(client(), { now: time.now, sleep: time.sleep })).rejects.toBeInstanceOf(UnauthorizedError);
    expect(time.slept).toEqual([]);
  });
});
