// Issue 14 part 2: two projects provisioning one Grafana at once, from two processes, lose no policy sub-route.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/model/index.js';
import { emulator } from './helpers.js';

const lockDir = mkdtempSync(join(tmpdir(), 'k2-locks-'));
afterAll(() => rmSync(lockDir, { recursive: true, force: true }));

function provisionProcess(url: string, token: string, name: string, locks: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/provision/provision-child.ts', url, token, name, locks], { env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const owners = (tree: JsonObject): string[] =>
  ((tree.routes as JsonObject[] | undefined) ?? []).flatMap((r) => ((r.object_matchers as string[][] | undefined) ?? []).filter((m) => m[0] === 'managed_by').map((m) => m[2])).sort();

describe('two provision processes, two projects, one Grafana (150 ms on the policy endpoint)', () => {
  it.each([1, 2, 3, 4, 5])('trial %i: both sub-routes are present, both runs exit 0', async (trial) => {
    const emu = await emulator({ version: trial % 2 === 0 ? '13.1' : '12.3', seed: trial });
    try {
      emu.setFaults({ latencyMs: 150, paths: ['/api/v1/provisioning/policies'] });
      const [a, b] = await Promise.all([
        provisionProcess(emu.url, emu.adminToken, 'alpha', lockDir),
        provisionProcess(emu.url, emu.adminToken, 'beta', lockDir),
      ]);
      expect([a.code, b.code], `${a.err}\n${b.err}`).toEqual([0, 0]);
      expect(owners(emu.state.policy as unknown as JsonObject)).toEqual(['k2-grafana/alpha', 'k2-grafana/beta']);
    } finally {
      await emu.close();
    }
  }, 60_000);
});
