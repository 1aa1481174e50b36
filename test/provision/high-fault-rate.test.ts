// Issue 14 part 2 "no progress at high fault rates": a failed read fails only the objects that depend on it, a 500
// on a read is retried, and with seeded 50% 5xx repeated runs converge.
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import { emulator, testClient } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

describe('provision at high fault rates', () => {
  it('a read that runs out of retries fails only the objects that depend on it; the rest is applied', async () => {
    const emu = await emulator();
    try {
      const project = syntheticProject({ dashboards: 2, rules: 2 });
      // The datasource listing fails on every attempt the client makes (2 here).
      emu.queueFaults({ kind: 'status', status: 500, method: 'GET', path: '/api/datasources' }, { kind: 'status', status: 500, method: 'GET', path: '/api/datasources' });
      const result = await provision({ project, client: testClient(emu, { retry: { maxAttempts: 2 } }), env: syntheticEnv });
      const failed = result.summary!.results.filter((r) => r.outcome === 'failed');
      expect(failed.map((r) => `${r.kind} ${r.key}`)).toEqual(['datasource synth-prom']);
      expect(failed[0].error?.message).toMatch(/^not read: .*GET \/api\/datasources -> 500/);
      expect(result.plan.unread?.map((u) => u.key)).toEqual(['synth-prom']);
      // Nothing was planned for it (no blind create), everything else went in.
      expect(emu.state.datasources.size).toBe(0);
      expect(emu.state.dashboards.size).toBe(2);
      expect(emu.state.rules.size).toBe(2);
      const again = await provision({ project, client: testClient(emu), env: syntheticEnv });
      expect(again.summary!.counts.failed).toBe(0);
      expect(emu.state.datasources.size).toBe(1);
    } finally {
      await emu.close();
    }
  });

  it('with seeded 50% 5xx (the emulator\'s 503), repeated runs converge within 5 runs: no duplicate, nothing missing', async () => {
    const emu = await emulator({ seed: 11 });
    try {
      const project = syntheticProject({ dashboards: 4, rules: 4 });
      emu.setFaults({ errorRate: 0.5, seed: 11 });
      let runs = 0;
      let converged = false;
      while (!converged && runs < 5) {
        runs += 1;
        const result = await provision({ project, client: testClient(emu), env: syntheticEnv }).catch(() => undefined);
        converged = result !== undefined && !result.plan.pending && (result.plan.unread ?? []).length === 0 && result.summary?.counts.failed === 0;
      }
      expect(converged, `not converged after ${runs} runs`).toBe(true);
      emu.clearFaults();
      expect(emu.state.dashboards.size).toBe(4);
      expect(emu.state.folders.size).toBe(2);
      expect(emu.state.rules.size).toBe(4);
      expect(emu.state.contactPoints.size).toBe(2);
      const final = await provision({ project, client: testClient(emu), env: syntheticEnv });
      expect(final.plan.pending).toBe(false);
    } finally {
      await emu.close();
    }
  });
});
