// scripts/provision-round-trip.ts (the workflow's round trip) run against the emulator: it passes when the second
// provision writes nothing, and fails, saying which run, when a provision cannot complete.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/emulator.js';

const script = fileURLToPath(new URL('../../scripts/provision-round-trip.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

function run(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(tsx, [script], { env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ version: '12.3', seed: 11 });
});
afterAll(async () => {
  await emu.close();
});

describe('scripts/provision-round-trip.ts', () => {
  it('provisions K2 into an empty Grafana, then again with nothing to write: exit 0, the second run counted', async () => {
    const res = await run({ GRAFANA_URL: emu.url, GRAFANA_TOKEN: emu.adminToken, K2_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook' });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/first run created [1-9]\d*, updated 0/);
    expect(res.stdout).toContain('second run created 0, updated 0, deleted 0');
    const writes = emu.writes();
    expect(writes.length).toBeGreaterThan(0);
    // Everything the round trip wrote was written by the first run: the last write precedes the second run's reads.
    expect(emu.requests.at(-1)?.method).toBe('GET');
  }, 120_000);

  it('a Grafana that cannot be reached: exit 1 naming the first provision', async () => {
    const res = await run({ GRAFANA_URL: 'http://127.0.0.1:9', GRAFANA_TOKEN: 'glsa_x', K2_ALERT_WEBHOOK_URL: 'http://127.0.0.1:9/hook', GRAFANA_RETRY_BUDGET: '1' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('the first provision failed');
  }, 120_000);
});
