// Seeded fault injection: the same seed replays the same faults, so a failing run can be reproduced from its seed.
import { describe, expect, it } from 'vitest';
import { createGrafanaClient } from '../../src/grafana/index.js';
import { startEmulator } from '../emulator/emulator.js';

async function faultSequence(seed: number): Promise<string[]> {
  const emu = await startEmulator({ seed });
  try {
    emu.setFaults({ errorRate: 0.2, resetRate: 0.1, tooManyRequests: { rate: 0.1, retryAfterSeconds: 0 }, seed });
    const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false, retry: { maxAttempts: 1 } });
    for (let i = 0; i < 40; i++) await client.get('/api/folders').catch(() => undefined);
    return emu.requests.map((r) => r.fault ?? String(r.status));
  } finally {
    await emu.close();
  }
}

describe('seeded faults', () => {
  it('the same seed gives the same fault sequence; another seed a different one', async () => {
    const seed = Number(process.env.EMULATOR_SEED ?? 20261127);
    const a = await faultSequence(seed);
    const b = await faultSequence(seed);
    const c = await faultSequence(seed + 1);
    expect(a, `seed ${seed}`).toEqual(b);
    expect(a).not.toEqual(c);
    expect(new Set(a)).toEqual(new Set(['200', '5xx', 'reset', '429']));
  });

  it('generated uids are deterministic per seed', async () => {
    const uids = async (seed: number) => {
      const emu = await startEmulator({ seed });
      try {
        const client = createGrafanaClient({ ...emu.clientOptions(), proxy: false });
        const out: string[] = [];
        for (let i = 0; i < 3; i++) out.push((await client.post<{ uid: string }>('/api/folders', { title: `F${i}` })).uid);
        return out;
      } finally {
        await emu.close();
      }
    };
    const first = await uids(7);
    expect(await uids(7)).toEqual(first);
    for (const uid of first) expect(uid).toMatch(/^[a-f][0-9a-z]+[a-f]$/);
  });
});
