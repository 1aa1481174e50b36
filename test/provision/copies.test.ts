// Issue 14 part 2: a marker is bound to the uid it was written for, so users' copies are not ours (never pruned),
// and a rule group mixing our rules with someone else's says so.
import { describe, expect, it } from 'vitest';
import { provision } from '../../src/apply/index.js';
import type { JsonObject } from '../../src/model/index.js';
import { emulator, testClient } from './helpers.js';
import { syntheticEnv, syntheticProject } from './synthetic-project.js';

describe.each(['classic', 'app-platform'] as const)('copies of our objects are someone else\'s (%s API)', (api) => {
  it('--prune keeps a "Save as" copy of a dashboard (marker field copied, or dropped by the UI) and a duplicated alert rule', async () => {
    const emu = await emulator();
    try {
      const project = syntheticProject({ dashboards: 2, rules: 2 });
      await provision({ project, client: testClient(emu), env: syntheticEnv, api });
      const client = testClient(emu);
      const original = (await client.get<{ dashboard: JsonObject }>('/api/dashboards/uid/synth-0000')).dashboard;
      expect(JSON.stringify(original.k2Grafana)).toContain('@synth-0000');
      // A copy of the JSON (the marker field copied) and a UI "Save as" (the field dropped, the tag kept).
      const { id: _id, version: _v, ...json } = original;
      await client.post('/api/dashboards/db', { dashboard: { ...json, uid: 'users-copy', title: 'My copy' }, folderUid: 'synth' });
      const { k2Grafana: _m, ...uiSaved } = json;
      await client.post('/api/dashboards/db', { dashboard: { ...uiSaved, uid: 'users-save-as', title: 'My save as' }, folderUid: 'synth' });
      // A user duplicates one of our rules into a group of their own: labels and annotations come along.
      const rule = emu.state.rules.get('synth-rule-0000')!;
      emu.state.rules.set('users-rule', { ...structuredClone(rule), uid: 'users-rule', id: 999, title: 'My rule', ruleGroup: 'mine' });
      emu.state.groupIntervals.set('synth/mine', 60);

      const result = await provision({ project, client: testClient(emu), env: syntheticEnv, api, prune: true });
      expect(result.summary?.counts.deleted).toBe(0);
      expect(emu.state.dashboards.has('users-copy')).toBe(true);
      expect(emu.state.dashboards.has('users-save-as')).toBe(true);
      expect(emu.state.rules.has('users-rule')).toBe(true);
      const saveAs = result.plan.changes.find((c) => c.key === 'users-save-as');
      expect(saveAs).toMatchObject({ action: 'kept' });
      expect(saveAs?.note).toMatch(/without the uid it was written for/);
      // Our own objects are still ours: nothing to do.
      expect(result.plan.changes.filter((c) => c.kind === 'dashboard' && c.key.startsWith('synth-0')).map((c) => c.action)).toEqual(['unchanged', 'unchanged']);
    } finally {
      await emu.close();
    }
  });

  it('a rule group mixing our rules with a duplicated one is drift naming the rule that is not ours', async () => {
    const emu = await emulator();
    try {
      const project = syntheticProject({ dashboards: 0, rules: 2 });
      await provision({ project, client: testClient(emu), env: syntheticEnv, api });
      const rule = emu.state.rules.get('synth-rule-0000')!;
      emu.state.rules.set('users-rule', { ...structuredClone(rule), uid: 'users-rule', id: 999, title: 'My duplicated rule', groupIndex: 5 });
      const result = await provision({ project, client: testClient(emu), env: syntheticEnv, api });
      const group = result.plan.changes.find((c) => c.kind === 'rule-group')!;
      expect(group.action).toBe('drift');
      expect(group.note).toMatch(/2 of our objects and 1 not ours \("My duplicated rule"\), which --force would replace or delete/);
      expect(group.note).not.toMatch(/not managed by k2-grafana/);
    } finally {
      await emu.close();
    }
  });
});

describe.each(['classic', 'app-platform'] as const)('silent collisions are refused, never merged or duplicated (%s API)', (api) => {
  it('a foreign contact point with our name: our create is refused naming it (one name is one contact point in Grafana)', async () => {
    const emu = await emulator();
    try {
      await testClient(emu).post('/api/v1/provisioning/contact-points', { uid: 'theirs', name: 'Synthetic webhook', type: 'email', settings: { addresses: 'them@example.test' } });
      const result = await provision({ project: syntheticProject({ dashboards: 0, rules: 0 }), client: testClient(emu), env: syntheticEnv, api });
      const ours = result.summary!.results.find((r) => r.kind === 'contact-point')!;
      expect(ours.outcome).toBe('failed');
      expect(ours.error?.message).toMatch(/already has a contact point named "Synthetic webhook" \(uid theirs\) that k2-grafana does not manage/);
      expect(emu.state.contactPoints.has('synth-webhook')).toBe(false);
    } finally {
      await emu.close();
    }
  });

  it('a foreign dashboard with our title in our folder: our create is refused naming it, no look-alike', async () => {
    const emu = await emulator();
    try {
      const project = syntheticProject({ dashboards: 1, rules: 0 });
      await provision({ project: { ...project, dashboards: [] }, client: testClient(emu), env: syntheticEnv, api });
      const title = String(project.dashboards![0].dashboard.title);
      await testClient(emu).post('/api/dashboards/db', { dashboard: { uid: 'theirs', title }, folderUid: 'synth' });
      const result = await provision({ project, client: testClient(emu), env: syntheticEnv, api });
      const ours = result.summary!.results.find((r) => r.kind === 'dashboard')!;
      expect(ours.outcome).toBe('failed');
      expect(ours.error?.message).toMatch(/already holds a dashboard titled .* \(uid theirs\) that this project does not manage/);
      expect([...emu.state.dashboards.keys()]).toEqual(['theirs']);
    } finally {
      await emu.close();
    }
  });
});
