import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { Emulator } from '../emulator/emulator.js';
import { emulator, testClient, transportMatrix, writeLines } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

/** issue 4 "Done when" 2: seeded faults converge within two runs, no duplicates; a stopped server gives a partial result. */
describe('provision under faults', () => {
  const project = syntheticProject({ dashboards: 200, rules: 50 });
  let emu: Emulator;

  beforeAll(async () => {
    emu = await emulator({ seed: 20260 });
  });
  afterAll(async () => {
    await emu.close();
  });

  const rulesStored = (): number => emu.state.rules.size;

  it('20% 5xx, 5% resets and post-commit losses: converges within two runs to the definitions, no duplicate', async () => {
    emu.setFaults({ errorRate: 0.2, resetRate: 0.05, postCommitLossRate: 0.05, seed: 20260 });
    const runs = [];
    for (let i = 0; i < 2; i++) {
      try {
        runs.push(await provision({ project, client: testClient(emu), env: syntheticEnv }));
      } catch (error) {
        runs.push(error);
      }
    }
    emu.clearFaults();
    const injected = emu.requests.filter((r) => r.fault !== undefined);
    expect(injected.filter((r) => r.fault === '5xx').length).toBeGreaterThan(20);
    expect(injected.filter((r) => r.fault === 'post-commit-loss').length).toBeGreaterThan(0);
    console.log(`faults injected: ${injected.length}; run results: ${runs.map((r) => ('summary' in (r as object) ? JSON.stringify((r as { summary: { counts: unknown } }).summary.counts) : String(r))).join(' | ')}`);
    emu.clearLog();
    const check = await provision({ project, client: testClient(emu), env: syntheticEnv, dryRun: true });
    const left = check.plan.changes.filter((c) => c.action !== 'unchanged').map((c) => `${c.action} ${c.kind} ${c.key} ${c.note ?? ''}`);
    expect(left, `seed ${emu.seed}`).toEqual([]);
    expect(emu.state.dashboards.size).toBe(200);
    expect(rulesStored()).toBe(50);
    expect(emu.state.folders.size).toBe(2);
    expect(emu.state.contactPoints.size).toBe(2); // the default receiver and ours
    expect(emu.state.datasources.size).toBe(1);
  });

  it('server stopped mid-run: the run names what was not applied; the next run converges', async () => {
    const changed = {
      ...project,
      dashboards: (project.dashboards ?? []).map((d) => ({ ...d, dashboard: { ...d.dashboard, refresh: '1m' } })),
    };
    let stopped = false;
    const result = await provision({
      project: changed,
      client: testClient(emu, { retry: { maxAttempts: 2 } }),
      env: syntheticEnv,
      concurrency: 4,
      onEvent: (event) => {
        if (!stopped && event.type === 'object' && event.result.outcome === 'updated') {
          stopped = true;
          void emu.stop();
        }
      },
    });
    const summary = result.summary!;
    expect(summary.aborted?.code).toBe('unreachable');
    expect(summary.counts.updated).toBeGreaterThan(0);
    const notApplied = summary.results.filter((r) => r.outcome === 'failed' || r.outcome === 'not-applied');
    expect(notApplied.length).toBeGreaterThan(100);
    expect(summary.counts.updated + notApplied.length).toBe(200);
    expect(notApplied[0].error?.message).toMatch(/unreachable|not applied/);

    await emu.start();
    emu.clearLog();
    const next = await provision({ project: changed, client: testClient(emu), env: syntheticEnv });
    expect(next.summary?.counts.failed).toBe(0);
    // A save in flight when the server stopped may have been committed with its response lost (12.x saves
    // validate, then write, grafana-http-api.md 14.7): at most `concurrency` of them are already done.
    expect(next.summary?.counts.updated).toBeLessThanOrEqual(notApplied.length);
    expect(next.summary?.counts.updated).toBeGreaterThanOrEqual(notApplied.length - 4);
    emu.clearLog();
    const after = await provision({ project: changed, client: testClient(emu), env: syntheticEnv });
    expect(after.plan.pending).toBe(false);
    expect(writeLines(emu)).toEqual([]);
  });
});

describe.each(transportMatrix)('a lost response after a committed create (Grafana %s, %s API)', (version, api) => {
  it('is reconciled by reading the object back: counted created, one object, and the next run writes nothing', async () => {
    const emu = await emulator({ version });
    try {
      const project = syntheticProject({ dashboards: 2, rules: 2 });
      const classic = api === 'classic';
      emu.queueFaults(
        { kind: 'post-commit-loss', method: 'POST', path: classic ? '/api/folders' : '/apis/folder.grafana.app/' },
        { kind: 'post-commit-loss', method: 'POST', path: classic ? '/api/dashboards/db' : '/apis/dashboard.grafana.app/' },
        { kind: 'post-commit-loss', method: 'POST', path: '/api/v1/provisioning/contact-points' },
        { kind: 'post-commit-loss', method: 'PUT', path: '/api/v1/provisioning/folder/' },
      );
      const result = await provision({ project, client: testClient(emu), env: syntheticEnv, api });
      expect(emu.requests.filter((r) => r.fault === 'post-commit-loss')).toHaveLength(4);
      expect(result.summary?.counts.failed).toBe(0);
      expect(emu.state.folders.size).toBe(2);
      expect(emu.state.dashboards.size).toBe(2);
      expect(emu.state.contactPoints.size).toBe(2);
      expect(emu.state.rules.size).toBe(2);
      emu.clearLog();
      expect((await provision({ project, client: testClient(emu), env: syntheticEnv, api })).plan.pending).toBe(false);
      expect(writeLines(emu)).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
