// Provisioning against the strict emulator (grafana-http-api.md 14; issue 14 part 1): each item of the issue.
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { ProjectDefinition } from '../../src/model/index.js';
import type { EmulatorOptions } from '../emulator/emulator.js';
import { emulator, testClient, writeLines } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

async function withEmulator(options: EmulatorOptions, body: (emu: Awaited<ReturnType<typeof emulator>>) => Promise<void>): Promise<void> {
  const emu = await emulator(options);
  try {
    await body(emu);
  } finally {
    await emu.close();
  }
}

/** The synthetic project with `n` more webhook contact points, each routed by the policy. */
function withContactPoints(n: number): ProjectDefinition {
  const base = syntheticProject({ dashboards: 1, rules: 2 });
  const extra = Array.from({ length: n }, (_, i) => ({
    source: 'test/provision/strict-grafana.test.ts',
    contactPoint: { uid: `synth-cp-${i}`, name: `Synthetic ${i}`, type: 'webhook', settings: { url: `https://hooks.example.test/${i}` }, disableResolveMessage: false },
    secretSettings: [],
  }));
  const routes = extra.map((c, i) => ({ source: c.source, route: { receiver: c.contactPoint.name, object_matchers: [['team', '=', `t${i}`]] } }));
  return { ...base, contactPoints: [...(base.contactPoints ?? []), ...extra], policies: [...(base.policies ?? []), ...routes] };
}

describe.each(['12.3', '13.1'] as const)('Grafana %s', (version) => {
  it('§14.2: several contact points and the policy (one alertmanager configuration) provision with no failure; a second run writes nothing', async () => {
    await withEmulator({ version }, async (emu) => {
      const project = withContactPoints(6);
      const first = await provision({ project, client: testClient(emu), env: syntheticEnv, concurrency: 8 });
      expect(first.summary?.counts.failed).toBe(0);
      expect(emu.state.contactPoints.size).toBe(8);
      emu.clearLog();
      const second = await provision({ project, client: testClient(emu), env: syntheticEnv });
      expect(second.plan.pending).toBe(false);
      expect(writeLines(emu)).toEqual([]);
    });
  });

  it('§14.1: a provenance-only change (--editable-rules) takes effect once and is never planned again', async () => {
    await withEmulator({ version }, async (emu) => {
      const project = syntheticProject({ dashboards: 0, rules: 3 });
      await provision({ project, client: testClient(emu), env: syntheticEnv });
      expect([...emu.state.rules.values()].map((r) => r.provenance)).toEqual(['api', 'api', 'api']);
      const editable = await provision({ project, client: testClient(emu), env: syntheticEnv, editableRules: true });
      expect(editable.plan.changes.find((c) => c.kind === 'rule-group')?.action).toBe('update');
      expect([...emu.state.rules.values()].map((r) => r.provenance)).toEqual(['', '', '']);
      emu.clearLog();
      const again = await provision({ project, client: testClient(emu), env: syntheticEnv, editableRules: true });
      expect(again.plan.pending).toBe(false);
      expect(writeLines(emu)).toEqual([]);
    });
  });

  it('§14.1: the group body carries what PreSave writes, so the same PUT again (a retry after a lost response) touches no rule', async () => {
    await withEmulator({ version }, async (emu) => {
      await provision({ project: syntheticProject({ dashboards: 0, rules: 3 }), client: testClient(emu), env: syntheticEnv });
      const put = emu.writes().find((r) => r.method === 'PUT' && r.path.includes('/rule-groups/'))!;
      const stored = new Map(emu.state.rules);
      await testClient(emu).put(put.path, put.body);
      for (const [uid, rule] of stored) expect(emu.state.rules.get(uid)).toBe(rule);
    });
  });

  it('§14.12: a server migrating schemaVersion on read is not drift (plan unchanged, no write)', async () => {
    await withEmulator({ version, strict: { migrateSchemaOnRead: 99 } }, async (emu) => {
      const project = syntheticProject({ dashboards: 2, rules: 0 });
      await provision({ project, client: testClient(emu), env: syntheticEnv });
      emu.clearLog();
      const again = await provision({ project, client: testClient(emu), env: syntheticEnv });
      expect(again.plan.changes.filter((c) => c.kind === 'dashboard').map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
      expect(writeLines(emu)).toEqual([]);
    });
  });

  it('§14.6: a listing that misses what was just written causes no duplicate and no false "created"', async () => {
    await withEmulator({ version, strict: { searchLagMs: 60_000 } }, async (emu) => {
      const project = syntheticProject({ dashboards: 2, rules: 0 });
      await provision({ project, client: testClient(emu), env: syntheticEnv });
      const again = await provision({ project, client: testClient(emu), env: syntheticEnv });
      expect(emu.state.dashboards.size).toBe(2);
      expect(emu.state.folders.size).toBe(2);
      expect(again.summary?.counts.created).toBe(0);
      expect(again.summary?.counts.failed).toBe(0);
    });
  });

  it('§14.10: a folder move and a rename in one run', async () => {
    await withEmulator({ version }, async (emu) => {
      const project = syntheticProject({ dashboards: 0, rules: 0 });
      await provision({ project, client: testClient(emu), env: syntheticEnv });
      const moved: ProjectDefinition = { ...project, folders: [project.folders![0], { uid: 'synth-nested', title: 'Renamed and moved' }] };
      // --force: a classic folder's marker cannot be read, and one titled otherwise is not known to be ours.
      const result = await provision({ project: moved, client: testClient(emu), env: syntheticEnv, force: true });
      expect(result.plan.changes.find((c) => c.key === 'synth-nested')?.action).toBe('update');
      expect(result.summary?.counts.failed).toBe(0);
      expect(emu.state.folders.get('synth-nested')).toMatchObject({ title: 'Renamed and moved' });
      expect(emu.state.folders.get('synth-nested')?.parentUid).toBeUndefined();
    });
  });

  it('§14.5: a datasource update reads the datasource by uid first, so the PUT carries its version', async () => {
    await withEmulator({ version }, async (emu) => {
      const project = syntheticProject({ dashboards: 0, rules: 0 });
      await provision({ project, client: testClient(emu), env: syntheticEnv });
      const changed: ProjectDefinition = { ...project, datasources: [{ ...project.datasources![0], url: 'http://prometheus-2:9090' }] };
      emu.clearLog();
      await provision({ project: changed, client: testClient(emu), env: syntheticEnv });
      const put = emu.writes().find((r) => r.method === 'PUT' && r.path.startsWith('/api/datasources/uid/'));
      expect(put?.body).toMatchObject({ version: 1, url: 'http://prometheus-2:9090' });
    });
  });
});

describe('§14.3 Grafana 12.3: a contact-point create whose response was lost', () => {
  it('gets 500 on the retry (duplicate uid) and is confirmed by reading it back: reported created', async () => {
    await withEmulator({ version: '12.3' }, async (emu) => {
      emu.queueFaults({ kind: 'post-commit-loss', method: 'POST', path: '/api/v1/provisioning/contact-points' });
      const result = await provision({ project: syntheticProject({ dashboards: 0, rules: 0 }), client: testClient(emu), env: syntheticEnv });
      const posts = emu.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/provisioning/contact-points').map((r) => r.fault ?? r.status);
      expect(posts).toEqual(['post-commit-loss', 500]);
      expect(result.summary?.results.find((r) => r.kind === 'contact-point')?.outcome).toBe('created');
    });
  });
});

describe('§14.4 Grafana 13.1: a dashboard save conflict (409) is a version conflict', () => {
  it('has the version-mismatch code and its hint', async () => {
    await withEmulator({ version: '13.1' }, async (emu) => {
      const client = testClient(emu);
      await client.post('/api/dashboards/db', { dashboard: { uid: 'd', title: 'D' } });
      const error = await client.post('/api/dashboards/db', { dashboard: { uid: 'd', title: 'D' } }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'version-mismatch', status: 409 });
      expect((error as Error & { hint: string }).hint).toMatch(/changed it in Grafana/);
    });
  });
});

describe('§6.4 a transition Grafana forbids', () => {
  it('a rule group with provenance "file" is drift with the way out, never written', async () => {
    const emu = await emulator();
    try {
      const project = syntheticProject({ dashboards: 0, rules: 2 });
      await provision({ project, client: testClient(emu), env: syntheticEnv });
      for (const rule of emu.state.rules.values()) rule.provenance = 'file';
      emu.clearLog();
      const result = await provision({ project, client: testClient(emu), env: syntheticEnv, editableRules: true });
      const group = result.plan.changes.find((c) => c.kind === 'rule-group')!;
      expect(group.action).toBe('drift');
      expect(group.note).toMatch(/provenance "file".*change it in the provisioning file/);
      expect(writeLines(emu).filter((w) => w.includes('rule-groups'))).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
